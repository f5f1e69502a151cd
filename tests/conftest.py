"""Shared fixtures: warehouses built by the real ETL, the app, a live server, a browser."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import socket
import subprocess
import threading
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from etl.build import build

# The cell key method's seed for every build the tests make (a production seed is a secret;
# see etl/ckm.py). Set before any build, server or oracle reads it; subprocesses inherit it.
TEST_SEED = "tests-only-seed-not-a-secret"
os.environ["CKM_SEED"] = TEST_SEED

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "raw"
REFERENCE = ROOT.parent / "shared" / "reference"
BOUNDARIES = REFERENCE / "geo" / "gemeenten_nl.geojson"
AXE_VERSION = "4.14.1"
TODAY = dt.date(2025, 4, 30)  # the sample's data date is 31 March 2025


def require_reference(path: Path = REFERENCE) -> Path:
    """The published figures' folder; when it is missing, a skip locally and a failure under
    CI, where a missing folder must not pass as checked figures."""
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI needs ../shared beside the checkout")
        pytest.skip(f"{path} missing")
    return path


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """`require_reference` for tests that read the published figures."""
    return require_reference()


@pytest.fixture(scope="session")
def fixture_warehouse(tmp_path_factory) -> Path:
    """A warehouse built from the small fixture files."""
    path = tmp_path_factory.mktemp("fx") / "warehouse.duckdb"
    build(FIXTURES, path, today=TODAY)
    return path


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    """A warehouse built from the committed sample data in data/raw."""
    path = tmp_path_factory.mktemp("sample") / "warehouse.duckdb"
    build(ROOT / "data" / "raw", path)
    return path


NATIONAL_ROWS = 5_000


@pytest.fixture(scope="session")
def national_warehouse(tmp_path_factory):
    """All 342 municipalities with NATIONAL_ROWS deployments: (warehouse, raw, result)."""
    from etl.sample import national
    from etl.sample.reference import Reference

    raw = tmp_path_factory.mktemp("national_raw")
    national.generate(raw, Reference(REFERENCE), NATIONAL_ROWS, seed=11)
    warehouse = tmp_path_factory.mktemp("national") / "warehouse.duckdb"
    result = build(raw, warehouse, today=TODAY)
    return warehouse, raw, result


@contextlib.contextmanager
def reading(warehouse: Path):
    """The data layer reading `warehouse` inside the block, and what it read before after it."""
    from dashboard.data import core as core_data

    before = dict(core_data._state)
    core_data.configure(warehouse)
    try:
        yield
    finally:
        if before["path"] is not None:
            core_data.configure(before["path"], before["memory"])


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a read-only query on a built warehouse."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


class _Cells(HTMLParser):
    """The rows of the tables in a block of HTML: table id to [[cell text, ...], ...]."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str | None, list[list[str]]] = {}
        self.table: list[list[str]] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.table = self.tables.setdefault(dict(attrs).get("id"), [])
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag in ("td", "th") and self.table is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.table[-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def _tables(markup: str) -> dict[str | None, list[list[str]]]:
    parser = _Cells()
    parser.feed(markup)
    return parser.tables


def _is_block(component) -> bool:
    return getattr(component, "dangerously_allow_html", False) is True


def texts(component) -> list[str]:
    """All strings in a Dash component tree; a table given as a block of HTML gives the
    texts of its cells."""
    if isinstance(component, str | int | float):
        return [str(component)]
    if _is_block(component):
        return [cell for rows in _tables(component.children).values() for row in rows
                for cell in row]
    children = component if isinstance(component, list | tuple) else getattr(
        component, "children", None)
    out = []
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None:
            out += texts(child)
    return out


def find(component, component_id: str) -> list:
    """Every component in a tree with the given id."""
    found = [component] if getattr(component, "id", None) == component_id else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found += find(child, component_id)
    return found


def table_rows(component, table_id: str) -> list[list[str]]:
    """The body rows (cell texts, row header first) of the table with the given id, from
    the table blocks in a component tree; fails when there is not exactly one."""
    return table_cells(component, table_id)[1:]  # the first row is the header


def table_cells(component, table_id: str) -> list[list[str]]:
    """Every row of that table, the header row first."""
    found = []

    def walk(node):
        if _is_block(node):
            found.extend(rows for key, rows in _tables(node.children).items()
                         if key == table_id)
        elif isinstance(node, list | tuple):
            for child in node:
                walk(child)
        elif not isinstance(node, str | int | float) and node is not None:
            walk(getattr(node, "children", None))

    walk(component)
    [rows] = found
    return rows


@pytest.fixture
def raw_dir(tmp_path) -> Path:
    """A fresh raw folder holding only the fixture municipalities."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(FIXTURES / "gemeenten.csv", raw)
    return raw


@pytest.fixture
def app(sample_warehouse):
    """The app on the sample warehouse with the reference boundaries (pages importable)."""
    from dashboard import create_app
    from dashboard.settings import Settings

    return create_app(Settings(warehouse=sample_warehouse, boundaries=BOUNDARIES))


@contextlib.contextmanager
def serving(app):
    """The app on a free port of 127.0.0.1 for the block (real HTTP, threaded)."""
    from werkzeug.serving import make_server

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = make_server("127.0.0.1", port, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def live_server(sample_warehouse):
    """The real app on a free port of 127.0.0.1, serving the sample warehouse."""
    from dashboard import create_app
    from dashboard.settings import Settings

    with serving(create_app(Settings(warehouse=sample_warehouse, boundaries=BOUNDARIES))) as url:
        yield url


@pytest.fixture
def sample_again(sample_warehouse):
    """The data layer is one per process and the last app made points it at its warehouse:
    tests whose servers read the sample say so again before they run (an earlier test may
    have made an app on another warehouse)."""
    from dashboard.data import core as core_data

    core_data.configure(sample_warehouse)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium through chromedriver; skipped locally when missing."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        if os.environ.get("CI"):
            pytest.fail("chromium and chromium-driver must be installed in CI")
        pytest.skip("chromium/chromedriver not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1600,1000"):
        opts.add_argument(arg)
    opts.binary_location = chromium
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(driver), options=opts)
    yield drv
    drv.quit()


@pytest.fixture(scope="session")
def axe_js() -> str:
    """The axe-core script: $AXE_JS, or installed once with npm into .cache/ (not committed)."""
    path = Path(os.environ.get("AXE_JS") or ROOT / ".cache" / "axe" / "node_modules"
                / "axe-core" / "axe.min.js")
    if not path.exists() and shutil.which("npm"):
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                        str(ROOT / ".cache" / "axe"), f"axe-core@{AXE_VERSION}"], check=True)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core is needed in CI (npm install axe-core or set AXE_JS)")
        pytest.skip("axe-core not available (no npm)")
    return path.read_text(encoding="utf-8")


STEWARD = ("anna", "beheer-geheim")  # role beheerder
READER = ("bert", "lees-geheim")  # role werkcentrum only


@contextlib.contextmanager
def steward_server(folder: Path, warehouse: Path, **settings):
    """The app on copies of `warehouse` and data/raw in `folder`, with a users file holding
    STEWARD and READER, served on a free port of 127.0.0.1: yields (url, settings). The data
    layer reads what it read before afterwards."""
    from werkzeug.security import generate_password_hash

    from dashboard import create_app
    from dashboard.data import core as core_data
    from dashboard.settings import Settings

    shutil.copytree(ROOT / "data" / "raw", folder / "raw")
    shutil.copyfile(warehouse, folder / "warehouse.duckdb")
    users = folder / "users.txt"
    users.write_text(f"{STEWARD[0]}:beheerder:{generate_password_hash(STEWARD[1])}\n"
                     f"{READER[0]}:werkcentrum:{generate_password_hash(READER[1])}\n",
                     encoding="utf-8")
    chosen = Settings(warehouse=folder / "warehouse.duckdb", raw_dir=folder / "raw",
                      users_file=users, boundaries=BOUNDARIES, **settings)
    before = dict(core_data._state)
    try:
        with serving(create_app(chosen)) as url:
            yield url, chosen
    finally:
        if before["path"] is not None:
            core_data.configure(before["path"], before["memory"])
