"""Exports through the real HTTP API against an oracle that shares no code with the slice:
the rows are read from the warehouse tables with plain SQL, filtered and cut to the period
range in Python, and every cell of every format is compared with them exactly.

A CSV cell is read as text and parsed strictly for its column's type (a Dutch number must
have a decimal comma and no point, a standard one the reverse), so a cell that only happens
to convert back to the right number still fails. Rows are compared as multisets: the API
does not promise an order.

The datasets here are checked exactly because nothing in them is protected. The protected
person counts are checked apart, in `test_protected_person_counts_*`, through the rule they
are published under (the one place to adapt when that rule changes).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

import duckdb
import pyarrow.parquet as pq
import pytest

from tests.ckm_oracle import perturbed

KEY = "_sleutel"
# Written out here rather than taken from dashboard.datasets: a dataset served from the
# wrong table must fail.
TABLES = {"gaps": "gaps", "banenafspraak": "fct_banenafspraak", "jeugd_ww": "fct_jeugd_ww",
          "sob_omzet": "fct_sob_omzet", "financiering": "fct_financiering",
          "doelstellingen": "doelstellingen", "instrument_inzet": "fct_instrument_kwartaal"}
FORMULA = ("=", "+", "-", "@", "\t", "\r")

# (dataset, request arguments): repeated filters, period ranges with both ends, one end and
# none, ranges over monthly and quarterly rows together (gaps), zeros in DOUBLE and DECIMAL
# columns, both values of the BOOLEAN column, and filters on INTEGER and BOOLEAN columns.
CASES = [
    ("gaps", {"gebied_code": ["GM0307", "AM14"],
              "indicator": ["jeugd_ww", "banenafspraak_banen", "beschut_werk_benutting"],
              "periode_van": ["2024-K2"], "periode_tot": ["2024-K4"]}),
    ("gaps", {"gebied_code": ["GM0214"], "indicator": ["beschut_werk_benutting",
                                                       "banenafspraak_banen"],
              "periode_van": ["2016-K1"], "periode_tot": ["2024-K3"]}),
    ("gaps", {"gebied_code": ["AM10"], "periode_tot": ["2016-K2"]}),
    ("gaps", {"indicator": ["jeugd_ww"], "gebied_code": ["GM0342"],
              "periode_van": ["2024-11"], "periode_tot": ["2025-02"]}),
    ("banenafspraak", {"arbeidsmarktregio_code": ["AM14", "AM10"], "periode_van": ["2024-K3"]}),
    ("jeugd_ww", {"gemeente_code": ["GM0307", "GM0281"], "periode_van": ["2023-01"],
                  "periode_tot": ["2023-12"]}),
    ("sob_omzet", {"organisatie": ["Amfors", "Werkzaak Rivierenland"],
                   "periode_van": ["2024-02"], "periode_tot": ["2024-06"]}),
    ("financiering", {}),
    ("financiering", {"organisatie": ["Werkzaak Rivierenland", "Gemeente Leusden"],
                      "structureel": ["false"], "jaar": ["2025", "2034"]}),
    ("doelstellingen", {"indicator": ["beschut_werk_benutting", "jeugd_ww"],
                        "jaar": ["2024", "2025"]}),
]


def label_span(label: str) -> tuple[dt.date, dt.date]:
    """First and last day of a period label: 2024, 2024-K3 or 2024-09."""
    if m := re.fullmatch(r"(\d{4})", label):
        year = int(m[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if m := re.fullmatch(r"(\d{4})-K([1-4])", label):
        year, q = int(m[1]), int(m[2])
        last = 3 * q
        return (dt.date(year, last - 2, 1),
                dt.date(year, last, calendar.monthrange(year, last)[1]))
    m = re.fullmatch(r"(\d{4})-(\d{2})", label)
    year, month = int(m[1]), int(m[2])
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def as_text(value) -> str | None:
    """How a filter value names a cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def table_of(warehouse, name: str) -> tuple[list[tuple[str, str]], list[dict]]:
    """(column, type) in table order and every row of a dataset's table, by plain SQL."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cols = con.execute("SELECT column_name, data_type FROM information_schema.columns "
                           "WHERE table_name = ? ORDER BY ordinal_position",
                           [TABLES[name]]).fetchall()
        rows = con.execute(f'SELECT * FROM "{TABLES[name]}"').fetchall()
    names = [c for c, _ in cols]
    # a count's record key sum (`<count>_sleutel`) never leaves the warehouse: with the
    # public ptable it gives the exact count back
    shown = [(c, t) for c, t in cols if not c.endswith(KEY)]
    return shown, [dict(zip(names, r, strict=True)) for r in rows]


def oracle(warehouse, name: str, args: dict[str, list[str]],
           keys: bool = False) -> tuple[list, list[dict]]:
    """The slice the arguments ask for: (columns, rows), the rows with their record key sums
    when `keys`."""
    cols, rows = table_of(warehouse, name)
    for col, values in args.items():
        if col not in ("periode_van", "periode_tot"):
            rows = [r for r in rows if as_text(r[col]) in values]
    if "periode_van" in args:
        start = label_span(args["periode_van"][0])[0]
        rows = [r for r in rows if label_span(r["periode"])[0] >= start]
    if "periode_tot" in args:
        end = label_span(args["periode_tot"][0])[1]
        rows = [r for r in rows if label_span(r["periode"])[1] <= end]
    if not keys:
        rows = [{c: v for c, v in r.items() if not c.endswith(KEY)} for r in rows]
    return cols, rows


def multiset(rows: list[dict]) -> Counter:
    """Rows as a multiset, each value with its type: 7 and 7.0, or 1 and True, differ."""
    return Counter(tuple(sorted((k, type(v).__name__, v) for k, v in r.items())) for r in rows)


NUMBER = {"standaard": (r"-?\d+(\.\d+)?(e[-+]?\d+)?", "."),
          "nl": (r"-?\d+(,\d+)?(e[-+]?\d+)?", ",")}


def parse_cell(text: str, kind: str, dialect: str):
    """A CSV cell back to a value, refusing any spelling the dialect does not allow."""
    if text == "":
        return None
    pattern, point = NUMBER[dialect]
    if kind in ("BIGINT", "INTEGER"):
        assert re.fullmatch(r"-?\d+", text), (kind, text)
        return int(text)
    if kind == "DOUBLE":
        assert re.fullmatch(pattern, text), (dialect, kind, text)
        return float(text.replace(point, "."))
    if kind.startswith("DECIMAL"):
        scale = int(re.fullmatch(r"DECIMAL\(\d+,(\d+)\)", kind)[1])
        assert re.fullmatch(rf"-?\d+{re.escape(point)}\d{{{scale}}}", text), (dialect, kind, text)
        return Decimal(text.replace(point, "."))
    if kind == "BOOLEAN":
        assert text in ("true", "false"), text
        return text == "true"
    assert kind == "VARCHAR", kind
    # a text cell that would start a spreadsheet formula carries a leading quote
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA else text


def check_csv(body: bytes, dialect: str, cols, expected: list[dict]) -> None:
    bom = "\ufeff".encode()
    if dialect == "nl":
        assert body.startswith(bom)
        body = body[len(bom):]
    else:
        assert not body.startswith(bom)
    lines = list(csv.reader(io.StringIO(body.decode("utf-8"), newline=""),
                            delimiter=";" if dialect == "nl" else ","))
    assert lines[0] == [c for c, _ in cols]
    for line in lines[1:]:
        assert len(line) == len(cols), line
    got = [{col: parse_cell(text, kind, dialect)
            for (col, kind), text in zip(cols, line, strict=True)} for line in lines[1:]]
    assert multiset(got) == multiset(expected)


def check_parquet(body: bytes, cols, expected: list[dict]) -> None:
    table = pq.read_table(io.BytesIO(body))
    assert table.column_names == [c for c, _ in cols]
    assert multiset(table.to_pylist()) == multiset(expected)


def check_json(rows: list[dict], cols, expected: list[dict]) -> None:
    """The JSON rows are the oracle's, columns in table order, a DECIMAL as a JSON number."""
    for row in rows:
        assert list(row) == [c for c, _ in cols]
    as_json = [{k: float(v) if isinstance(v, Decimal) else v for k, v in r.items()}
               for r in expected]
    assert multiset(rows) == multiset(as_json)


@pytest.fixture(scope="module")
def client(sample_warehouse):
    from dashboard import create_app
    from dashboard.settings import Settings

    # the per-minute export budget is not what these tests are about
    app = create_app(Settings(warehouse=sample_warehouse, export_rows_per_minute=10 ** 9))
    return app.server.test_client()


def url(name: str, ext: str, args: dict[str, list[str]], **extra: str) -> str:
    pairs = [(k, v) for k, vs in args.items() for v in vs] + list(extra.items())
    return f"/api/v1/datasets/{name}.{ext}" + ("?" + urlencode(pairs) if pairs else "")


@pytest.mark.parametrize("name, args", CASES)
def test_csv_parquet_and_json_equal_the_oracle(client, sample_warehouse, name, args):
    cols, expected = oracle(sample_warehouse, name, args)
    assert expected  # an empty slice would prove nothing
    for dialect in ("standaard", "nl"):
        resp = client.get(url(name, "csv", args, dialect=dialect))
        assert resp.status_code == 200 and resp.mimetype == "text/csv"
        check_csv(resp.data, dialect, cols, expected)
    resp = client.get(url(name, "parquet", args))
    assert resp.status_code == 200
    check_parquet(resp.data, cols, expected)
    answer = json.loads(client.get(url(name, "json", args)).data)
    assert answer["count"] == len(expected) == len(answer["rows"])
    check_json(answer["rows"], cols, expected)


@pytest.mark.parametrize("name, args", [c for c in CASES if "periode_van" in c[1]
                                        or "periode_tot" in c[1]])
def test_the_period_range_cuts_rows_on_both_sides(sample_warehouse, name, args):
    """The cases above mean something: the range leaves rows out at the ends it names."""
    unbounded = {k: v for k, v in args.items() if k not in ("periode_van", "periode_tot")}
    _, within = oracle(sample_warehouse, name, args)
    _, all_periods = oracle(sample_warehouse, name, unbounded)
    for end in ("periode_van", "periode_tot"):
        if end in args:
            _, one_sided = oracle(sample_warehouse, name, {**unbounded, end: args[end]})
            assert len(one_sided) < len(all_periods), end
    assert 0 < len(within) < len(all_periods)


def test_the_cases_hold_zeros_and_both_booleans(sample_warehouse):
    """The decimal comma is checked on a zero too, and the BOOLEAN column in both values."""
    seen = Counter()
    for name, args in CASES:
        cols, rows = oracle(sample_warehouse, name, args)
        for col, kind in cols:
            for r in rows:
                if kind == "DOUBLE" and r[col] == 0:
                    seen["double zero"] += 1
                elif kind.startswith("DECIMAL") and r[col] == 0:
                    seen["decimal zero"] += 1
                elif kind == "BOOLEAN" and r[col] is not None:
                    seen[f"boolean {r[col]}"] += 1
    assert {"double zero", "decimal zero", "boolean True", "boolean False"} <= set(seen)


def test_json_pages_add_up_to_the_slice(client, sample_warehouse):
    name, args = CASES[0]
    cols, expected = oracle(sample_warehouse, name, args)
    pages, offset = [], 0
    while True:
        answer = json.loads(client.get(url(name, "json", args, limit="7",
                                           offset=str(offset))).data)
        assert answer["count"] == len(expected)
        if not answer["rows"]:
            break
        assert len(answer["rows"]) <= 7
        pages += answer["rows"]
        offset += 7
    check_json(pages, cols, expected)


@pytest.mark.parametrize("fmt, dialect", [("csv", "nl"), ("csv", "standaard"),
                                          ("parquet", None)])
def test_zip_download_holds_the_oracle_slice(client, sample_warehouse, fmt, dialect):
    name, args = CASES[1]
    cols, expected = oracle(sample_warehouse, name, args)
    extra = {"format": fmt, **({"dialect": dialect} if dialect else {})}
    pairs = [(k, v) for k, vs in args.items() for v in vs] + list(extra.items())
    resp = client.get(f"/export/{name}.zip?{urlencode(pairs)}")
    assert resp.status_code == 200
    zf = zipfile.ZipFile(io.BytesIO(resp.data))
    body = zf.read(f"{name}.{fmt}")
    if fmt == "csv":
        check_csv(body, dialect, cols, expected)
    else:
        check_parquet(body, cols, expected)
    assert json.loads(zf.read("metadata.json"))["rows"] == len(expected)


# --- Protected person counts: compared through the publication rule -----------------------
# Counts of persons are published perturbed by the cell key method (the row's count plus the
# ptable's noise for its record key sum); the money of a row is scaled by the same factor as
# its deployments (to whole euros, rounded half away from zero), 0 where they show 0; a row whose
# deployments show 0 is left out (a row exists only for at least one deployment).

PERSON_COUNTS = ("inzetten", "personen", "naar_werk", "uitval")
PERSON_CASES = [
    ("instrument_inzet", {"gemeente_code": ["GM0307", "GM0342"], "doelgroep": ["Jongeren",
                                                                               "Statushouders"],
                          "periode_van": ["2023-K3"], "periode_tot": ["2024-K4"]}),
    ("instrument_inzet", {"arbeidsmarktregio_code": ["AM10"], "periode_tot": ["2022-K1"]}),
]


def protected(r: dict) -> dict | None:
    """A row as the rule publishes it, None when it is left out."""
    shown = {c: (v if c not in PERSON_COUNTS else perturbed(v, r[c + KEY]))
             for c, v in r.items() if not c.endswith(KEY)}
    n, deployments = r["inzetten"], shown["inzetten"]
    if deployments == 0:
        return None
    if r["kosten"] is not None:
        shown["kosten"] = (r["kosten"] * deployments / n).quantize(Decimal("1"),
                                                                   ROUND_HALF_UP)
    return shown


@pytest.mark.parametrize("name, args", PERSON_CASES)
def test_protected_person_counts_equal_the_oracle_under_the_publication_rule(
        client, sample_warehouse, name, args):
    cols, rows = oracle(sample_warehouse, name, args, keys=True)
    kept = [(r, e) for r in rows if (e := protected(r)) is not None]
    expected = [e for _, e in kept]
    # something is left out, something perturbed, something scaled, and enough shown
    assert 10 < len(kept) < len(rows)
    assert any(r[c] != e[c] for r, e in kept for c in PERSON_COUNTS)
    assert any(r["kosten"] != e["kosten"] for r, e in kept)
    for dialect in ("standaard", "nl"):
        check_csv(client.get(url(name, "csv", args, dialect=dialect)).data, dialect, cols,
                  expected)
    check_parquet(client.get(url(name, "parquet", args)).data, cols, expected)
    answer = json.loads(client.get(url(name, "json", args)).data)
    assert answer["count"] == len(expected)
    check_json(answer["rows"], cols, expected)
