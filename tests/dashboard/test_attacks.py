"""The attacker's view (issue 20, points 3 to 5): every attack played over real HTTP against a
running server, and none may recover a hidden value, a restricted row or the machinery."""

from __future__ import annotations

import base64
import csv
import io
import json
import shutil
import sys
import urllib.error
import urllib.request
import zipfile
from urllib.parse import urlencode

import pandas as pd
import pyarrow.parquet as pq
import pytest
from werkzeug.security import generate_password_hash

from dashboard import auth, create_app
from dashboard.data import core as core_data
from dashboard.datasets import DATASETS
from dashboard.settings import Settings
from etl.build import build
from tests.conftest import FIXTURES, TODAY, query, serving

PROTECTED = [(name, col) for name, ds in DATASETS.items() for col in sorted(ds.protected)]
ROUTER = {"output": ".._pages_content.children..._pages_store.data..",
          "outputs": [{"id": "_pages_content", "property": "children"},
                      {"id": "_pages_store", "property": "data"}],
          "changedPropIds": ["_pages_location.pathname"], "state": []}


def http(url: str, body: dict | None = None, headers: dict | None = None):
    """(status, headers, bytes) of a GET, or of a JSON POST when `body` is given."""
    req = urllib.request.Request(url, headers=headers or {},
                                 data=None if body is None else json.dumps(body).encode())
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def basic(name: str, password: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()}


def router(path: str, search: str = "") -> dict:
    """The callback body with which Dash's page router asks for a page's layout."""
    return {**ROUTER, "inputs": [
        {"id": "_pages_location", "property": "pathname", "value": path},
        {"id": "_pages_location", "property": "search", "value": search}]}


def grid(dataset: str, filter_model: dict | None = None, sort: list | None = None,
         start: int = 0, end: int = 100) -> dict:
    """The callback body with which the /data grid asks for a block of rows."""
    return {"output": "data-grid.getRowsResponse",
            "outputs": {"id": "data-grid", "property": "getRowsResponse"},
            "inputs": [{"id": "data-grid", "property": "getRowsRequest",
                        "value": {"startRow": start, "endRow": end,
                                  "filterModel": filter_model or {}, "sortModel": sort or []}}],
            "state": [{"id": "data-dataset", "property": "value", "value": dataset},
                      {"id": "data-van", "property": "value", "value": ""},
                      {"id": "data-tot", "property": "value", "value": ""}],
            "changedPropIds": ["data-grid.getRowsRequest"]}


def grid_rows(base: str, body: dict, headers: dict | None = None) -> dict:
    status, _, raw = http(base + "/_dash-update-component", body, headers)
    assert status == 200, raw[:300]
    return json.loads(raw)["response"]["data-grid"]["getRowsResponse"]


pytestmark = pytest.mark.usefixtures("sample_again")  # the servers here read the sample


def hrefs(node) -> list[str]:
    """Every href in a callback answer."""
    if isinstance(node, dict):
        own = [node["href"]] if isinstance(node.get("href"), str) else []
        return own + [h for v in node.values() for h in hrefs(v)]
    if isinstance(node, list):
        return [h for v in node for h in hrefs(v)]
    return []


@pytest.fixture(scope="module")
def open_server(sample_warehouse, tmp_path_factory):
    """The app without a users file (nothing locked): the protection of values alone."""
    budget = tmp_path_factory.mktemp("budget") / "budget.json"
    app = create_app(Settings(warehouse=sample_warehouse, export_budget_file=budget))
    with serving(app) as base:
        yield base


@pytest.fixture(scope="module")
def locked_server(sample_warehouse, tmp_path_factory):
    """The app with a users file: anna may read Werkcentrum data, bert may not."""
    folder = tmp_path_factory.mktemp("users")
    users = folder / "users.txt"
    users.write_text(f"anna:werkcentrum:{generate_password_hash('geheim-1')}\n"
                     f"bert:lezer:{generate_password_hash('geheim-2')}\n"
                     f"carla:werkcentrum,lezer:{generate_password_hash('geheim-3')}\n",
                     encoding="utf-8")
    app = create_app(Settings(warehouse=sample_warehouse, users_file=users,
                              export_budget_file=folder / "budget.json"))
    with serving(app) as base:
        yield base


# --- point 3: no filter on a protected value ---

def slice_urls(name: str, args: str) -> list[str]:
    return [f"/api/v1/datasets/{name}.{fmt}?{args}" for fmt in ("csv", "parquet", "json")] + [
        f"/api/v1/datasets/{name}.csv?{args}&dialect=nl",
        f"/api/v1/datasets/{name}/metadata.json?{args}",
        f"/export/{name}.zip?{args}&format=csv", f"/export/{name}.zip?{args}&format=parquet"]


@pytest.mark.parametrize("name, column", PROTECTED)
@pytest.mark.parametrize("value", ["1", "3", "0", ""])
def test_a_filter_on_a_hidden_value_is_refused_in_every_format(open_server, name, column,
                                                              value):
    ds = DATASETS[name]
    for url in slice_urls(name, f"{column}={value}"):
        status, headers, raw = http(open_server + url)
        assert status == 400, url
        body = json.loads(raw)
        assert column in body["error"]
        # the answer lists what may be filtered on: dimensions, never a protected column
        assert "gemeente_code" in body["allowed"] or "organisatie" in body["allowed"]
        assert not ds.protected & set(body["allowed"]), url


@pytest.mark.parametrize("name, column", PROTECTED)
def test_the_grid_filters_on_no_hidden_value(open_server, name, column):
    total = grid_rows(open_server, grid(name))["rowCount"]
    assert total > 0
    for kind, value in (("equals", "3"), ("greaterThan", "2"), ("inRange", "1")):
        block = grid_rows(open_server, grid(name, {column: {"filterType": "number",
                                                             "type": kind, "filter": value}}))
        # refused: no row is selected by what it hides
        assert block["rowData"] == [] and block["rowCount"] == 0, kind
    from dashboard.pages.data import column_defs

    defs = {d["field"]: d for d in column_defs(name)}  # the grid offers no such filter
    assert defs[column]["filter"] is False
    assert defs["gemeente_code" if "gemeente_code" in defs else "organisatie"]["filter"]


def test_sorting_by_a_hidden_column_sorts_what_is_shown(open_server, sample_warehouse):
    ds = DATASETS["instrument_inzet"]
    dims = ["periode", "arbeidsmarktregio_code", "gemeente_code", "doelgroep", "instrument",
            "provenance"]
    [(hidden,)] = query(sample_warehouse, f"SELECT count(*) FROM {ds.table} WHERE "
                        "gemeente_code = 'GM0307' AND uitval BETWEEN 1 AND 4")
    assert hidden > 50  # the attack has something to find
    truth = {tuple(r[:-1]): r[-1] for r in query(
        sample_warehouse, f"SELECT {', '.join(dims)}, uitval FROM {ds.table} "
                          "WHERE gemeente_code = 'GM0307'")}
    for direction in ("asc", "desc"):
        blocks, start, count = [], 0, None
        while count is None or start < count:  # the grid serves at most 1,000 rows a block
            block = grid_rows(open_server, grid(
                "instrument_inzet", {"gemeente_code": {"type": "equals", "filter": "GM0307"}},
                [{"colId": "uitval", "sort": direction}], start, start + 1000))
            blocks += block["rowData"]
            start, count = start + 1000, block["rowCount"]
        rows = pd.DataFrame(blocks)
        assert len(rows) == count > 100
        shown = rows["uitval"]
        values = shown.tolist()
        assert values == sorted(values, reverse=direction == "desc")
        # the true counts, in the order the grid gave the rows, are not sorted: the sort
        # read the perturbed values, not the true ones
        truths = [truth[k] for k in rows[dims].itertuples(index=False, name=None)]
        assert truths != sorted(truths, reverse=direction == "desc")
        # rows that show the same value come in the order of their dimensions: the hidden
        # values do not decide their place
        for _, tied in rows.groupby(shown.fillna(-1), sort=False):
            keys = list(tied[dims].itertuples(index=False, name=None))
            assert keys == sorted(keys), direction


# --- point 4: one door ---

GETS_OF_THE_PAGE = ["/werkcentrum", "/werkcentrum/", "//werkcentrum", "/werkcentrum?regio=AM10",
                    "/%77erkcentrum", "/WERKCENTRUM", "/Werkcentrum/", "/werkcentrum//",
                    "/./werkcentrum"]
ROUTER_PATHS = ["/werkcentrum", "//werkcentrum", "/werkcentrum/", "///werkcentrum///",
                "/WERKCENTRUM", "/%77erkcentrum", "werkcentrum", "/werkcentrum?x=1",
                "/werkcentrum#a"]


@pytest.mark.parametrize("path", GETS_OF_THE_PAGE)
def test_no_spelling_of_the_page_opens_it_without_login(locked_server, path):
    status, _, raw = http(locked_server + path)
    assert status in (401, 404), (path, status)
    assert b"wc-" not in raw


@pytest.mark.parametrize("path", ROUTER_PATHS)
def test_the_page_router_shows_the_page_only_with_the_role(locked_server, path):
    status, _, raw = http(locked_server + "/_dash-update-component", router(path))
    assert status in (200, 400, 401) and b"wc-context" not in raw, (path, status)
    status, _, raw = http(locked_server + "/_dash-update-component", router(path),
                          basic("bert", "geheim-2"))
    assert b"wc-context" not in raw
    if path.startswith("/") and path.strip("/") == "werkcentrum":
        status, headers, raw = http(locked_server + "/_dash-update-component", router(path),
                                    basic("anna", "geheim-1"))
        assert status == 200 and b"wc-context" in raw
        assert headers["Cache-Control"] == "private, no-store"


def test_the_grid_serves_no_restricted_row_without_the_role(locked_server):
    body = grid("instrument_inzet")
    status, _, raw = http(locked_server + "/_dash-update-component", body)
    assert status == 401 and b"GM0" not in raw
    status, _, raw = http(locked_server + "/_dash-update-component", body,
                          basic("bert", "geheim-2"))
    assert status == 403 and b"GM0" not in raw
    rows = grid_rows(locked_server, body, basic("anna", "geheim-1"))
    assert rows["rowCount"] > 0 and rows["rowData"][0]["instrument"]
    # a public dataset stays public
    assert grid_rows(locked_server, grid("gaps"))["rowCount"] > 0


def test_werkcentrum_callbacks_are_behind_the_door(locked_server):
    body = {"output": "..wc-doelgroep.value...wc-instrument.value..",
            "outputs": [{"id": "wc-doelgroep", "property": "value"},
                        {"id": "wc-instrument", "property": "value"}],
            "inputs": [{"id": "wc-heatmap", "property": "clickData",
                        "value": {"points": [{"x": "Jongeren", "y": "Training"}]}}],
            "changedPropIds": ["wc-heatmap.clickData"]}
    assert http(locked_server + "/_dash-update-component", body)[0] == 401
    assert http(locked_server + "/_dash-update-component", body,
                basic("anna", "geheim-1"))[0] == 200


@pytest.mark.parametrize("url", slice_urls("instrument_inzet", "gemeente_code=GM0307"))
def test_restricted_exports_need_the_role(locked_server, url):
    assert http(locked_server + url)[0] == 401
    assert http(locked_server + url, headers=basic("bert", "geheim-2"))[0] == 403
    assert http(locked_server + url, headers=basic("anna", "geheim-1"))[0] == 200


def test_anonymous_users_are_not_told_restricted_datasets_exist(locked_server):
    names = {d["name"] for d in json.loads(http(locked_server + "/api/v1/datasets")[2])}
    assert "instrument_inzet" not in names and "gaps" in names
    _, _, raw = http(locked_server + "/api/v1/datasets/nope.csv")
    assert "instrument_inzet" not in json.loads(raw)["datasets"]
    _, _, raw = http(locked_server + "/_dash-update-component", router("/data"))
    assert b"instrument_inzet" not in raw and b"fct_instrument" not in raw
    _, _, raw = http(locked_server + "/api/v1/datasets", headers=basic("anna", "geheim-1"))
    assert "instrument_inzet" in {d["name"] for d in json.loads(raw)}


def test_no_password_is_hashed_for_a_request_without_credentials(locked_server, monkeypatch):
    calls = []
    real = auth.check_password_hash
    monkeypatch.setattr(auth, "check_password_hash",
                        lambda *a: calls.append(a[0]) or real(*a))
    for url in ["/werkcentrum", "/api/v1/datasets/instrument_inzet.csv",
                "/export/instrument_inzet.zip", "/api/v1/datasets", "/healthz"]:
        assert http(locked_server + url)[0] in (200, 401)
    assert http(locked_server + "/_dash-update-component", grid("instrument_inzet"))[0] == 401
    assert calls == []
    # a logged-in user pays the hash once, not on every request
    for _ in range(4):
        assert http(locked_server + "/api/v1/datasets/instrument_inzet.json?limit=1",
                    headers=basic("carla", "geheim-3"))[0] == 200
    assert len(calls) == 1
    # a wrong password is never kept as verified
    for _ in range(2):
        assert http(locked_server + "/werkcentrum", headers=basic("carla", "fout"))[0] == 401
    assert len(calls) == 3


@pytest.mark.parametrize("url", ["/", "/data", "/api/v1/datasets", "/healthz",
                                 "/api/v1/datasets/gaps.json?limit=1", "/werkcentrum"])
def test_logged_in_answers_are_private(locked_server, url):
    status, headers, _ = http(locked_server + url, headers=basic("anna", "geheim-1"))
    assert status == 200 and headers["Cache-Control"] == "private, no-store"


# --- point 5: the rest ---

@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/v1/datasets/foo/bar.csv",
                                  "/api/v1/datasets/gaps/x/metadata.json"])
def test_unknown_api_paths_answer_404_json(open_server, path):
    status, headers, raw = http(open_server + path)
    assert status == 404 and headers["Content-Type"].startswith("application/json")
    assert json.loads(raw)["error"]


@pytest.mark.parametrize("path", ["/export/x", "/rapport/GM0307.txt", "/regio/XX",
                                  "/gemeente/GM9999", "/gemeente/AM14", "/foo", "/404",
                                  "/rapport/GM9999.csv", "/foo?lang=en"])
def test_unknown_pages_answer_404_with_the_apps_not_found_page(open_server, path):
    status, headers, raw = http(open_server + path)
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    assert b"_dash-renderer" in raw or b"react-entry-point" in raw  # the app's own shell
    pathname, _, search = path.partition("?")
    _, _, raw = http(open_server + "/_dash-update-component",
                     router(pathname, "?" + search if search else ""))
    assert ("Page not found" if "lang=en" in path else "Pagina niet gevonden") in raw.decode()
    links = {h.split("?")[0] for h in hrefs(json.loads(raw))}
    assert {"/", "/werkcentrum", "/sob", "/data"} <= links  # the way on


@pytest.mark.parametrize("path", ["/", "/regio/AM14", "/regio/am10", "/gemeente/GM0307",
                                  "/data", "/sob", "/werkcentrum"])
def test_real_pages_still_answer(open_server, path):
    assert http(open_server + path)[0] == 200
    _, _, raw = http(open_server + "/_dash-update-component", router(path))
    assert b"niet-gevonden" not in raw


@pytest.mark.parametrize("args", ["limit=-1", "offset=-1", "offset=99999999999999999999",
                                  "limit=99999999999999999999", "limit=abc", "offset=1.5",
                                  "limit=", "offset=%201", "limit=1e3", "offset=0x10",
                                  "limit=%D9%A3"])
def test_malformed_paging_answers_400(open_server, args):
    status, _, raw = http(open_server + f"/api/v1/datasets/gaps.json?{args}")
    assert status == 400, raw[:200]
    assert set(json.loads(raw)["allowed"]) == {"limit", "offset"}


def test_grid_paging_from_the_browser_cannot_break_the_query(open_server):
    for start, end in ((-5, 10), (10**30, 10**30 + 5), (5, 1)):
        status, _, _ = http(open_server + "/_dash-update-component",
                            grid("gaps", start=start, end=end))
        assert status in (200, 204), (start, end)


def test_good_paging_still_pages(open_server):
    status, _, raw = http(open_server + "/api/v1/datasets/gaps.json?limit=3&offset=2")
    body = json.loads(raw)
    assert status == 200 and len(body["rows"]) == 3 and body["offset"] == 2


def test_the_row_budget_is_one_for_every_worker_and_every_kind_of_page(sample_warehouse,
                                                                       tmp_path):
    """Two app instances (as two gunicorn workers) given the same budget file."""
    settings = Settings(warehouse=sample_warehouse, export_rows_per_minute=300,
                        export_budget_file=tmp_path / "budget.json")
    with serving(create_app(settings)) as one, serving(create_app(settings)) as two:
        page = "/api/v1/datasets/gaps.json?limit=100"
        assert [http(base + page)[0] for base in (one, two, one)] == [200, 200, 200]
        assert http(two + page)[0] == 429
        assert http(one + "/_dash-update-component", grid("gaps"))[0] == 429
        assert http(two + "/export/gaps.zip?gebied_code=GM0307&indicator=jeugd_ww")[0] == 429
    settings = Settings(warehouse=sample_warehouse, export_rows_per_minute=300,
                        export_budget_file=tmp_path / "other.json")
    with serving(create_app(settings)) as one, serving(create_app(settings)) as two:
        for base in (one, two, one):
            assert len(grid_rows(base, grid("gaps"))["rowData"]) == 100
        assert http(two + "/_dash-update-component", grid("gaps"))[0] == 429
        assert http(one + "/api/v1/datasets/gaps.json?limit=5")[0] == 429


def test_the_machinery_is_not_shown_unless_debugging(sample_warehouse, tmp_path):
    for debug, expected in ((False, 404), (True, 200)):
        app = create_app(Settings(warehouse=sample_warehouse, debug=debug,
                                  export_budget_file=tmp_path / "budget.json"))
        with serving(app) as base:
            status, headers, raw = http(base + "/_reload-hash")
            assert status == expected
            build = sys.version.encode()
            assert (build in http(base + "/")[2]) is debug  # the page's embedded config
            if not debug:
                assert b"packages" not in raw
                for path in ("/healthz", "/api/v1/datasets", "/nothing", "/data"):
                    assert build not in http(base + path)[2], path


def test_the_map_callback_keeps_nothing_a_client_made_up(open_server):
    [output] = [d["output"] for d in json.loads(http(open_server + "/_dash-dependencies")[2])
                if d["output"].startswith("..kaart.figure.")]
    body = {"output": output,
            "outputs": [{"id": "kaart", "property": "figure"},
                        {"id": "kaart-tabel", "property": "children"},
                        {"id": "url-search", "property": "data"},
                        {"id": "regio-taal", "property": "href"}],
            "inputs": [{"id": "kaart-indicator", "property": "value", "value": "x"}],
            "state": [{"id": "regio-context", "property": "data", "value": None},
                      {"id": "kaart-soort", "property": "data",
                       "value": {"tiles": True, "codes": []}}],
            "changedPropIds": ["kaart-indicator.value"]}
    body["state"][0]["value"] = {"code": "AM14", "lang": "nl"}
    assert http(open_server + "/_dash-update-component", body)[0] == 200  # the real thing
    before = core_data._memo_bytes[0], len(core_data._memo)
    for k in range(20):
        body["state"][0]["value"] = {"code": f"{k}" + "X" * 300_000, "lang": "nl"}
        assert http(open_server + "/_dash-update-component", body)[0] in (200, 204)
    assert len(core_data._memo) == before[1] and core_data._memo_bytes[0] == before[0]


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    """A warehouse whose region target names its source with a spreadsheet formula."""
    raw = tmp_path_factory.mktemp("hostile_report_raw")
    for f in FIXTURES.iterdir():
        shutil.copy(f, raw)
    targets = (raw / "doelstellingen.csv").read_text(encoding="utf-8")
    (raw / "doelstellingen.csv").write_text(targets.replace(
        "fixture Werkkamer", '=HYPERLINK("http://evil")'), encoding="utf-8")
    warehouse = tmp_path_factory.mktemp("hostile_report") / "warehouse.duckdb"
    build(raw, warehouse, today=TODAY)
    return warehouse


@pytest.mark.parametrize("lang, sep", [("nl", ";"), ("en", ",")])
def test_the_report_csv_writes_no_formula(hostile_report, tmp_path, lang, sep):
    [(bron,)] = query(hostile_report, "SELECT bron FROM doelstellingen WHERE "
                      "indicator = 'banenafspraak_banen' AND gebied_code = 'AM14'")
    assert bron.startswith("=")  # the hostile source was loaded as it was
    app = create_app(Settings(warehouse=hostile_report,
                              export_budget_file=tmp_path / "budget.json"))
    with serving(app) as base:
        status, _, raw = http(base + f"/rapport/AM14.csv?lang={lang}")
    assert status == 200
    cells = [c for row in csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=sep)
             for c in row]
    assert "'" + bron in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
    # negative numbers stay numbers
    assert all(not c.startswith("-") or c[1:2].isdigit() for c in cells)


def test_an_export_zip_of_a_protected_dataset_still_opens(open_server):
    status, _, raw = http(open_server + "/export/instrument_inzet.zip?gemeente_code=GM0307")
    assert status == 200
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        df = pd.read_csv(zf.open("instrument_inzet.csv"))
    assert len(df) > 100 and "inzetten" in df
    status, _, raw = http(open_server + "/api/v1/datasets/instrument_inzet.parquet?"
                          + urlencode({"gemeente_code": "GM0307"}))
    assert len(pq.read_table(io.BytesIO(raw))) == len(df)


@pytest.mark.parametrize("server", ["open_server", "locked_server"])
def test_the_load_log_is_for_data_stewards_only(request, server):
    """Rows loaded per file of person records is an exact count of persons."""
    url = request.getfixturevalue(server)
    status, _, raw = http(url + "/api/v1/datasets")
    assert status == 200 and "load_log" not in {d["name"] for d in json.loads(raw)}
    assert http(url + "/api/v1/datasets/load_log.json")[0] == 401
    assert http(url + "/api/v1/datasets/load_log.json",
                headers=basic("anna", "geheim-1"))[0] in (401, 403)


# --- presence told from true counts (review of issue 20): a shown 0 must look as a true 0 ---

def sob_answer(base: str, values: dict) -> dict:
    """The /sob callback's answer for the filters `values` (input id -> value)."""
    status, _, raw = http(base + "/_dash-dependencies")
    assert status == 200
    [dep] = [d for d in json.loads(raw) if "sob-resultaten.children" in d["output"]]
    outputs = [dict(zip(("id", "property"), o.split(".", 1), strict=True))
               for o in dep["output"].strip(".").split("...")]
    body = {"output": dep["output"], "outputs": outputs,
            "inputs": [{**i, "value": values[i["id"]]} for i in dep["inputs"]],
            "changedPropIds": ["sob-gemeente.value"],
            "state": [{"id": "sob-context", "property": "data", "value": {"lang": "nl"}}]}
    status, _, raw = http(base + "/_dash-update-component", body)
    assert status == 200, raw[:300]
    return json.loads(raw)["response"]["sob-resultaten"]["children"]


def test_sob_answers_a_true_zero_and_a_small_count_shown_zero_alike(open_server,
                                                                     sample_warehouse):
    """A finest cell of 1-4 persons shown as 0 got the full page (a headline 0) where a cell
    without records got "Geen gegevens": the two answers must be the same."""
    from tests.ckm_oracle import perturbed

    rows = query(sample_warehouse, """SELECT periode, organisatie, unit, werkvorm, regeling,
                                             gemeente_code, medewerkers, medewerkers_sleutel
                                      FROM fct_sob_bezetting
                                      WHERE medewerkers BETWEEN 1 AND 4
                                      ORDER BY ALL""")
    small = [r for r in rows if perturbed(r[6], r[7]) == 0]
    assert small  # the sample holds the case that leaked
    month, org, unit, form, scheme, _, _, _ = small[0]
    towns = {g for (g,) in query(sample_warehouse, "SELECT DISTINCT gemeente_code FROM "
                                 "fct_sob_bezetting WHERE gemeente_code IS NOT NULL")}
    used = {g for (g,) in query(sample_warehouse, """SELECT DISTINCT gemeente_code
        FROM fct_sob_bezetting WHERE periode = ? AND organisatie = ? AND unit = ?
        AND werkvorm = ? AND regeling = ?""", [month, org, unit, form, scheme])}
    empty = sorted(towns - used)[0]

    def answer(town):
        return sob_answer(open_server, {
            "sob-organisatie": [org], "sob-unit": [unit], "sob-werkvorm": [form],
            "sob-regeling": [scheme], "sob-gemeente": [town], "sob-van": month,
            "sob-tot": month})

    true_zero = answer(empty)
    assert "sob-kpi" not in json.dumps(true_zero)
    assert answer(small[0][5]) == true_zero


def test_sob_views_draw_what_is_shown_not_what_has_records(sample_warehouse):
    """Over every home municipality and the last months: a unit row, a work form, a month of
    a scheme's trace and a January of the Wsw history are drawn exactly where their shown
    count is not 0, so nothing on the page tells a true 1-4 shown 0 from a true 0."""
    from dashboard.data import sob as sob_data
    from dashboard.filters import SobFilters
    from dashboard.protection import TOTAL
    from tests.ckm_oracle import perturbed, record_key

    domain = sob_data.sob_domain()
    months = domain.maanden[-3:]
    hidden = 0  # drawable parts whose true count is 1-4 and shown count 0

    def shown(where: str, params: list, by: str) -> dict:
        sums: dict = {}
        for group, *ident, n in query(
                sample_warehouse, f"SELECT {by}, periode, organisatie, unit, werkvorm, "
                f"regeling, gemeente_code, medewerkers FROM fct_sob_bezetting WHERE {where}",
                params):
            key = record_key("sob", "|".join(x or "" for x in ident))
            total, keys = sums.get(group, (0, 0))
            sums[group] = (total + n, keys + key)
        return {g: (n, perturbed(n, k)) for g, (n, k) in sums.items()}

    for town in domain.gemeenten:
        f = SobFilters.parse({"gemeente": town, "van": months[0], "tot": months[-1]}, domain)
        per_scheme, per_month = sob_data.sob_monthly(f)
        cells = shown("gemeente_code = ? AND periode BETWEEN ? AND ?",
                      [town, months[0], months[-1]], "periode || '/' || regeling")
        drawn = {f"{p}/{r}" for p, r in zip(per_scheme["periode"], per_scheme["regeling"],
                                            strict=True)}
        assert drawn == {k for k, (_, s) in cells.items() if s}, town
        hidden += sum(1 for n, s in cells.values() if s == 0 and 1 <= n <= 4)
        assert (per_month["personen"] != 0).all()
        table, _ = sob_data.sob_units(f)
        units = shown("gemeente_code = ? AND periode = ?", [town, f.tot],
                      "organisatie || ' · ' || unit")
        assert set(table.index) - {TOTAL} == {u for u, (_, s) in units.items() if s}, town
        hidden += sum(1 for n, s in units.values() if s == 0 and 1 <= n <= 4)
        assert (table.loc[TOTAL].drop(TOTAL) != 0).all()
        for form in domain.werkvormen:
            g = SobFilters.parse({"gemeente": town, "werkvorm": form}, domain)
            januaries = shown("gemeente_code = ? AND werkvorm = ? AND regeling = 'Wsw' AND "
                              "periode LIKE '%-01'", [town, form], "left(periode, 4)::INTEGER")
            assert set(sob_data.wsw_yearly(g).index) == {
                y for y, (_, s) in januaries.items() if s}, (town, form)
            hidden += sum(1 for n, s in januaries.values() if s == 0 and 1 <= n <= 4)
    assert hidden  # the slices hold the case that leaked
