"""Researchers' data: the API, downloads and the data page's grid return the same slice."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile

import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard.data import core as core_data
from dashboard.data import datasets as datasets_data
from dashboard.data import gaps as gaps_data
from dashboard.datasets import DATASETS
from etl.build import build
from tests.ckm_oracle import PARAMETERS
from tests.conftest import FIXTURES, TODAY, query

SLICES = [
    ("gaps", {"gebied_code": ["GM0307"], "indicator": ["jeugd_ww", "banenafspraak_banen"],
              "periode_van": ["2024-K1"], "periode_tot": ["2024-K4"]}),
    ("instrument_inzet", {"gemeente_code": ["GM0307", "GM0342"]}),
    ("banenafspraak", {"arbeidsmarktregio_code": ["AM14"], "periode_van": ["2025-K1"]}),
    ("gemeenten", {"arbeidsmarktregio_code": ["AM10"]}),
    ("financiering", {}),
]


def url(name: str, ext: str, args: dict[str, list[str]], **extra: str) -> str:
    from urllib.parse import urlencode

    pairs = [(k, v) for k, vs in args.items() for v in vs] + list(extra.items())
    return f"/api/v1/datasets/{name}.{ext}" + ("?" + urlencode(pairs) if pairs else "")


@pytest.fixture
def client(app):
    return app.server.test_client()


def grid_frame(name, args):
    from dashboard.pages import data as page

    return page.frame_for(name, args)


def test_dataset_list_describes_every_column(client):
    listed = client.get("/api/v1/datasets").json
    # without a users file the stewards' datasets are shut, everything else is listed
    assert {d["name"] for d in listed} == set(DATASETS) - {"load_log"}
    gaps = next(d for d in listed if d["name"] == "gaps")
    assert all(c["description"] for c in gaps["columns"])
    assert gaps["rows"] == query_count("gaps")
    assert gaps["provenance"].keys() <= {"published", "sample"}


def query_count(name):
    return int(core_data.query(f'SELECT count(*) AS n FROM "{DATASETS[name].table}"')["n"].iloc[0])


@pytest.mark.parametrize("name, args", SLICES)
def test_csv_both_dialects_and_parquet_equal_the_grid(client, name, args):
    grid = grid_frame(name, args)
    assert len(grid) > 0
    std = client.get(url(name, "csv", args))
    assert std.status_code == 200
    df_std = pd.read_csv(io.BytesIO(std.data), keep_default_na=True)
    nl = client.get(url(name, "csv", args, dialect="nl"))
    assert nl.data.startswith("\ufeff".encode())
    df_nl = pd.read_csv(io.BytesIO(nl.data), sep=";", decimal=",", encoding="utf-8-sig")
    par = pq.read_table(io.BytesIO(client.get(url(name, "parquet", args)).data)).to_pandas()
    assert len(df_std) == len(df_nl) == len(par) == len(grid)
    assert list(df_std.columns) == list(df_nl.columns) == list(par.columns) == list(grid.columns)
    for col, (_, kind) in zip(grid.columns, datasets_data.dataset_columns(name), strict=True):
        if kind in ("DOUBLE", "BIGINT", "INTEGER") or kind.startswith("DECIMAL"):
            expected = pd.to_numeric(grid[col]).astype(float).to_numpy()
            for got in (df_std[col], df_nl[col], par[col]):
                assert got.astype(float).to_numpy() == pytest.approx(expected, nan_ok=True)
        elif kind == "VARCHAR":
            expected = grid[col].fillna("").astype(str).tolist()
            # a column empty throughout the slice reads back from CSV as float NaN
            for got in (df_std[col], df_nl[col], par[col]):
                assert got.astype(object).fillna("").astype(str).tolist() == expected


def test_parquet_keeps_the_warehouse_types(client):
    table = pq.read_table(io.BytesIO(client.get("/api/v1/datasets/gaps.parquet").data))
    types = dict(datasets_data.dataset_columns("gaps"))
    arrow = {f.name: str(f.type) for f in table.schema}
    assert arrow["realisatie"] == "double" and types["realisatie"] == "DOUBLE"
    assert arrow["indicator"] == "string"
    inzet = pq.read_table(io.BytesIO(client.get("/api/v1/datasets/instrument_inzet.parquet")
                                     .data)).schema
    assert str(inzet.field("inzetten").type) == "int64"


def test_exports_never_hold_a_small_person_count(client):
    for name in ("instrument_inzet", "sob_bezetting"):
        ds = DATASETS[name]
        par = pq.read_table(io.BytesIO(client.get(f"/api/v1/datasets/{name}.parquet").data))
        df = par.to_pandas()
        assert not [c for c in df.columns if c.endswith("_sleutel")]
        for col in ds.person_counts:
            values = df[col]
            assert values.notna().all(), col
            assert not ((values >= 1) & (values < PARAMETERS.threshold)).any(), col
        small = " OR ".join(f"{c} BETWEEN 1 AND {PARAMETERS.threshold - 1}"
                            for c in ds.person_counts)
        raw = core_data.query(f"SELECT count(*) AS n FROM {ds.table} WHERE {small}")["n"].iloc[0]
        assert raw > 0  # the sample has small cells, so the checks above mean something
        # a row exists only for at least one deployment or employee: none shows 0 there (so
        # none shows every count 0), and the money beside it is there
        assert (df[ds.person_counts[0]] > 0).all()
        assert not (df[list(ds.person_counts)] == 0).all(axis=1).any()
        for col in ds.linked:
            assert df[col].notna().all(), col


def test_zip_export_carries_metadata_and_readme(client):
    args = {"gemeente_code": ["GM0307"], "periode_van": ["2024-K1"]}
    resp = client.get("/export/instrument_inzet.zip?format=csv&dialect=nl&gemeente_code=GM0307"
                      "&periode_van=2024-K1")
    assert resp.status_code == 200
    zf = zipfile.ZipFile(io.BytesIO(resp.data))
    assert sorted(zf.namelist()) == ["LEESMIJ.txt", "instrument_inzet.csv", "metadata.json"]
    meta = json.loads(zf.read("metadata.json"))
    assert meta["filters"] == args and meta["dataset"] == "instrument_inzet"
    assert meta["rows"] == len(grid_frame("instrument_inzet", args))
    assert meta["data_date"] == gaps_data.data_date() and meta["product_version"]
    assert "inzetten" in meta["protection"]["kolommen"]
    assert {c["name"] for c in meta["columns"]} == set(grid_frame("instrument_inzet", args))
    body = zf.read("instrument_inzet.csv")
    assert body.startswith("\ufeff".encode())
    assert len(pd.read_csv(io.BytesIO(body), sep=";", encoding="utf-8-sig")) == meta["rows"]
    assert "Totalen kunnen iets afwijken" in zf.read("LEESMIJ.txt").decode()


@pytest.mark.parametrize("path, status, key", [
    ("/api/v1/datasets/nope.csv", 404, "datasets"),
    ("/api/v1/datasets/gaps.csv?bestaat_niet=1", 400, "allowed"),
    ("/api/v1/datasets/gaps.csv?periode_van=2099-K1", 400, "allowed"),
    ("/api/v1/datasets/gemeenten.csv?periode_van=2024-K1", 400, "allowed"),
    ("/api/v1/datasets/gaps.xlsx", 400, "allowed"),
    ("/api/v1/datasets/gaps.json?limit=abc", 400, "allowed"),
    ("/export/nope.zip", 404, "datasets"),
])
def test_errors_are_clear_json(client, path, status, key):
    resp = client.get(path)
    assert resp.status_code == status and resp.mimetype == "application/json"
    body = resp.json
    assert body["error"] and body[key]


PAYLOADS = ["' OR '1'='1", "1; DROP TABLE gaps; --", "\" OR 1=1 --", "../../etc/passwd",
            "GM0307' UNION SELECT * FROM load_log --", "x" * 5000, "ＧＭ０３０７", "\u0000",
            "$1", "?", "%s", "') TO '/tmp/pwned.csv' (FORMAT csv); --"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_injection_through_every_parameter_is_refused_or_empty(client, payload, tmp_path):
    before = query_count("gaps")
    from urllib.parse import quote

    p = quote(payload, safe="")
    # As a value, a payload is just a value nobody has: an empty slice.
    values = client.get(f"/api/v1/datasets/gaps.csv?gebied_code={p}&indicator={p}")
    assert values.status_code == 200 and len(pd.read_csv(io.BytesIO(values.data))) == 0
    as_json = client.get(f"/api/v1/datasets/gaps.json?gebied_code={p}")
    assert as_json.status_code == 200 and as_json.json["count"] == 0
    # Anywhere else it is refused with a clear message.
    for path in (f"/api/v1/datasets/gaps.csv?periode_van={p}",
                 f"/api/v1/datasets/gaps.csv?{p}=1",
                 f"/api/v1/datasets/{p}.csv",
                 f"/api/v1/datasets/gaps.{p}",
                 f"/api/v1/datasets/gaps.json?limit={p}",
                 f"/export/{p}.zip"):
        resp = client.get(path)
        # A payload with '/' does not match the route at all and gets the page shell.
        shell = resp.status_code == 200 and resp.mimetype == "text/html" and "%2F" in path
        assert resp.status_code in (400, 404) or shell, path
        assert b"Traceback" not in resp.data and b"Error:" not in resp.data
    # Options that only choose between fixed alternatives fall back to the default.
    assert client.get(f"/api/v1/datasets/gaps.csv?dialect={p}&gebied_code=GM0307"
                      ).status_code == 200
    assert query_count("gaps") == before
    assert not (tmp_path.parent / "pwned.csv").exists()


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    """A warehouse whose target sources start with spreadsheet formulas."""
    from dashboard import create_app
    from dashboard.settings import Settings

    raw = tmp_path_factory.mktemp("hostile_raw")
    for f in FIXTURES.iterdir():
        shutil.copy(f, raw)
    with open(raw / "doelstellingen.csv", "a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\n")
        for k, bron in enumerate(['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)",
                                  "\tTAB", "gewone bron"]):
            w.writerow(["jeugd_ww", "AM14", str(2016 + k), "100", bron, "sample"])
        # formulas in coded columns: the load must refuse them
        w.writerow(['=HYPERLINK("http://evil")', "AM14", "2024", "100", "bron", "sample"])
        w.writerow(["jeugd_ww", "+GM0307", "2024", "100", "bron", "sample"])
        w.writerow(["jeugd_ww", "AM14", "-2024", "100", "bron", "sample"])
        w.writerow(["jeugd_ww", "AM14", "2023", "100", "bron", "@sample"])
    warehouse = tmp_path_factory.mktemp("hostile") / "warehouse.duckdb"
    build(raw, warehouse, today=TODAY)
    return create_app(Settings(warehouse=warehouse)), warehouse


@pytest.mark.parametrize("dialect, sep", [("standaard", ","), ("nl", ";")])
def test_formula_cells_are_neutralised_in_csv_only(hostile_app, dialect, sep):
    app, warehouse = hostile_app
    bronnen = [b for (b,) in query(warehouse, "SELECT bron FROM doelstellingen")]
    assert any(b.startswith("=") for b in bronnen)  # the hostile rows were loaded
    resp = app.server.test_client().get(f"/api/v1/datasets/doelstellingen.csv?dialect={dialect}")
    df = pd.read_csv(io.BytesIO(resp.data), sep=sep, encoding="utf-8-sig", dtype=str)
    for cell in df["bron"].dropna():
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'=HYPERLINK(\"http://evil\")" in set(df["bron"])
    assert "gewone bron" in set(df["bron"])
    par = pq.read_table(io.BytesIO(app.server.test_client().get(
        "/api/v1/datasets/doelstellingen.parquet").data)).to_pandas()
    assert '=HYPERLINK("http://evil")' in set(par["bron"])


def test_coded_columns_never_start_a_formula_even_from_hostile_sources(hostile_app):
    from dashboard.datasets import CODED, DATASETS

    _app, warehouse = hostile_app
    checked = 0
    for ds in DATASETS.values():
        columns = {c for (c,) in query(warehouse, "SELECT column_name FROM "
                                       "information_schema.columns WHERE table_name = ?",
                                       [ds.table])}
        for col in CODED & columns:
            [(bad,)] = query(warehouse, f'SELECT count(*) FROM "{ds.table}" WHERE '
                             f'left("{col}", 1) IN (\'=\', \'+\', \'-\', \'@\', chr(9), '
                             'chr(13))')
            assert bad == 0, (ds.name, col)
            checked += 1
    assert checked >= 20
    [(refused,)] = query(warehouse, "SELECT count(DISTINCT row) FROM quarantine "
                         "WHERE file = 'doelstellingen.csv'")
    assert refused >= 4


def test_export_limits_are_configurable(sample_warehouse, tmp_path):
    from dashboard import create_app
    from dashboard.settings import Settings

    app = create_app(Settings(warehouse=sample_warehouse, export_max_rows=200,
                              export_rows_per_minute=500,
                              export_budget_file=tmp_path / "budget.json"))
    client = app.server.test_client()
    big = client.get("/api/v1/datasets/gaps.csv")
    assert big.status_code == 413 and "filter" in big.json["error"]
    small = "/api/v1/datasets/gaps.csv?gebied_code=GM0307&indicator=jeugd_ww"
    n = len(grid_frame("gaps", {"gebied_code": ["GM0307"], "indicator": ["jeugd_ww"]}))
    assert 0 < n <= 200
    statuses = [client.get(small).status_code for _ in range(500 // n + 1)]
    assert statuses[:500 // n] == [200] * (500 // n) and statuses[-1] == 429
    # JSON pages draw on the same budget
    assert client.get("/api/v1/datasets/gaps.json?gebied_code=GM0307").status_code == 429


def test_row_budget_window(tmp_path):
    b = datasets_data.RowBudget(tmp_path / "budget.json", 100)
    assert b.take("a", 60, now=0) and not b.take("a", 60, now=30) and b.take("b", 60, now=30)
    assert b.take("a", 60, now=61)
    # another process's view of the same file: the same spending
    assert not datasets_data.RowBudget(tmp_path / "budget.json", 100).take("a", 60, now=62)
