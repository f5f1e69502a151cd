"""Data stewards over real HTTP: upload a new quarter, see what it changes, publish, restore;
a malformed file is refused with file, row and column; only `beheerder` gets in, and only
from this site."""

from __future__ import annotations

import hashlib
import json
import threading
import time

import pytest
import requests

from tests.conftest import READER, ROOT, STEWARD, steward_server

HEADER = "Periode;Arbeidsmarktregio;Gemeente;Personen in doelgroep;Werkzame personen;Banen;" \
         "Extra banen;Herkomst"
MAX_BYTES = 200_000


def dutch(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def new_quarter(extra_jobs: int = 20) -> tuple[bytes, int]:
    """Amersfoort's banenafspraak for 2025 K2: each municipality's 2025 K1 with `extra_jobs`
    more jobs, and the region row their sum; also that region total (the oracle)."""
    rows, totals = [], [0, 0, 0]
    text = (ROOT / "data" / "raw" / "uwv_banenafspraak_2015-2025.csv").read_text("utf-8-sig")
    for line in text.splitlines():
        f = line.split(";")
        if f[0] == "2025 K1" and f[1] == "AM14" and f[2]:
            counts = [int(v.replace(".", "")) for v in f[3:6]]
            counts[2] += extra_jobs
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
            rows.append(";".join(["2025 K2", "AM14", f[2], *map(dutch, counts), "", "sample"]))
    region = ";".join(["2025 K2", "AM14", "", *map(dutch, totals), "", "sample"])
    return ("\n".join([HEADER, region, *rows]) + "\n").encode(), totals[2]


# row 3 holds a negative count: the ETL quarantines it (column WW-uitkeringen)
MALFORMED = (b"Periode;Arbeidsmarktregio;Gemeente;Leeftijdsklasse;WW-uitkeringen;"
             b"Zonder startkwalificatie;Herkomst\n"
             b"2025-04;AM14;Nijkerk;15-27 jaar;40;4;sample\n"
             b"2025-04;AM14;Baarn;15-27 jaar;-5;1;sample\n")


@pytest.fixture(scope="module")
def server(sample_warehouse, tmp_path_factory):
    with steward_server(tmp_path_factory.mktemp("stewards"), sample_warehouse,
                        upload_max_bytes=MAX_BYTES) as served:
        yield served


def upload(url: str, name: str, body: bytes, auth=STEWARD, **headers) -> requests.Response:
    return requests.post(f"{url}/api/v1/uploads", files={"file": (name, body)}, auth=auth,
                         headers=headers, timeout=60)


def settled(url: str, upload_id: int) -> dict:
    """The upload once its check has finished (a deadline only guards against a hang)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        status = requests.get(f"{url}/api/v1/uploads/{upload_id}", auth=STEWARD,
                              params={"limit": 1000}, timeout=60).json()
        if status["status"] != "checking":
            return status
        time.sleep(0.3)
    raise AssertionError(f"upload {upload_id} still checking")


def region_figures(url: str) -> bytes:
    """Every gaps row of region Amersfoort and its municipalities, as the public API gives."""
    codes = ["AM14", "GM0267", "GM0307", "GM0308", "GM0313", "GM0327", "GM0340", "GM0351"]
    return requests.get(f"{url}/api/v1/datasets/gaps.csv",
                        params=[("gebied_code", c) for c in codes], timeout=60).content


def raw_listing(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_upload_check_publish_restore(server):
    url, settings = server
    before_figures, before_raw = region_figures(url), raw_listing(settings.raw_dir)
    before_warehouse = hashlib.sha256(settings.warehouse.read_bytes()).hexdigest()
    body, region_jobs = new_quarter()

    started = time.perf_counter()
    made = upload(url, "uwv_banenafspraak_2025K2.csv", body)
    assert made.status_code == 201 and made.json()["status"] == "checking"
    bad = upload(url, "uwv_jeugd_ww_2025-04.csv", MALFORMED)
    assert bad.status_code == 201
    ready = settled(url, made.json()["id"])
    checked = time.perf_counter()

    assert ready["status"] == "ready", ready
    changes = ready["changes"]
    region = [r for r in changes["rows"] if r["gebied_code"] == "AM14"
              and r["indicator"] == "banenafspraak_banen"]
    assert [(r["periode"], r["change"], r["realisatie_old"], r["realisatie_new"])
            for r in region] == [("2025-K2", "added", None, region_jobs)]
    assert region[0]["status_new"] in ("behaald", "op_koers", "risico", "achter")
    assert changes["added_periods"] == ["2025-K2"]
    assert {r["periode"] for r in changes["rows"]} == {"2025-K2"}
    assert changes["counts"]["total"] == len(changes["rows"]) > 0
    paged = requests.get(f"{url}/api/v1/uploads/{made.json()['id']}", auth=STEWARD,
                         params={"offset": 1, "limit": 2}, timeout=60).json()["changes"]
    assert paged["rows"] == changes["rows"][1:3]

    refused = settled(url, bad.json()["id"])
    assert refused["status"] == "failed"
    assert [(e["file"], e["row"], e["column"]) for e in refused["errors"]] == [
        ("uwv_jeugd_ww_2025-04.csv", 3, "WW-uitkeringen")]
    assert refused["quarantined"] == 1
    assert region_figures(url) == before_figures  # nothing published meanwhile

    # two publishes of the same candidate at once: exactly one wins
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(requests.post(
        f"{url}/api/v1/uploads/{made.json()['id']}/publish", auth=STEWARD, timeout=120)))
        for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(a.status_code for a in answers) == [200, 409]
    published = time.perf_counter()
    print(f"\nregional file: upload + check {checked - started:.1f} s, "
          f"to published {published - started:.1f} s")

    after = requests.get(f"{url}/api/v1/datasets/gaps.json", timeout=60, params={
        "gebied_code": "AM14", "indicator": "banenafspraak_banen",
        "periode_van": "2025-K2"}).json()["rows"]
    assert [(r["periode"], r["realisatie"]) for r in after] == [("2025-K2", region_jobs)]
    assert (settings.raw_dir / "uwv_banenafspraak_2025K2.csv").read_bytes() == body
    assert "uwv_jeugd_ww_2025-04.csv" not in raw_listing(settings.raw_dir)

    generations = requests.get(f"{url}/api/v1/generations", auth=STEWARD, timeout=60).json()
    newest, previous = generations[0], generations[1]
    assert newest["current"] and newest["published_by"] == STEWARD[0]
    assert "uwv_banenafspraak_2025K2.csv" in {f["name"] for f in newest["files"]}
    restored = requests.post(f"{url}/api/v1/generations/{previous['id']}/restore",
                             auth=STEWARD, timeout=60)
    assert restored.status_code == 200
    assert region_figures(url) == before_figures
    assert raw_listing(settings.raw_dir) == before_raw
    assert hashlib.sha256(settings.warehouse.read_bytes()).hexdigest() == before_warehouse

    trail = requests.get(f"{url}/api/v1/audit", auth=STEWARD, timeout=60).json()
    done = [(e["action"], e["outcome"].split(":")[-1].strip()) for e in reversed(trail)]
    assert ("upload", "queued") in done and ("check", "ready") in done
    assert any(a == "check" and "rejected" in o for a, o in done)
    assert [a for a, _ in done].count("publish") == 2 and done[-1][0] == "restore"
    assert {e["who"] for e in trail if e["action"] != "check"} == {STEWARD[0]}


STEWARD_ONLY = [("get", "/beheer"), ("get", "/api/v1/uploads"), ("get", "/api/v1/uploads/1"),
                ("post", "/api/v1/uploads"), ("post", "/api/v1/uploads/1/publish"),
                ("delete", "/api/v1/uploads/1"), ("get", "/api/v1/generations"),
                ("post", "/api/v1/generations/1/restore"), ("get", "/api/v1/audit"),
                ("get", "/beheer/quarantaine.csv")]


@pytest.mark.parametrize("method, path", STEWARD_ONLY)
def test_only_stewards_get_in(server, method, path):
    url, _settings = server
    anonymous = requests.request(method, url + path, timeout=60)
    assert anonymous.status_code == 401 and "Basic" in anonymous.headers["WWW-Authenticate"]
    assert requests.request(method, url + path, auth=(STEWARD[0], "fout"),
                            timeout=60).status_code == 401
    assert requests.request(method, url + path, auth=READER, timeout=60).status_code == 403


def test_without_a_users_file_the_steward_functions_are_closed(live_server):
    for path in ("/beheer", "/api/v1/generations", "/api/v1/uploads"):
        assert requests.get(live_server + path, timeout=60).status_code == 401
    assert upload(live_server, "uwv_jeugd_ww_x.csv", b"x", auth=None).status_code == 401


def page_callback(url: str, **headers) -> requests.Response:
    """The Beheer page's quarantine callback, as Dash's renderer posts it."""
    body = {"output": "beheer-quarantaine.children",
            "outputs": {"id": "beheer-quarantaine", "property": "children"},
            "inputs": [{"id": "beheer-q-bestand", "property": "value", "value": ""},
                       {"id": "beheer-q-kolom", "property": "value", "value": ""},
                       {"id": "beheer-q-reden", "property": "value", "value": ""},
                       {"id": "beheer-gedaan", "property": "data", "value": None}],
            "state": [{"id": "beheer-context", "property": "data", "value": {"lang": "nl"}}],
            "changedPropIds": ["beheer-q-bestand.value"]}
    return requests.post(f"{url}/_dash-update-component", data=json.dumps(body),
                         headers={"Content-Type": "application/json", **headers}, timeout=60)


def test_cross_site_requests_are_refused(server):
    url, _settings = server
    listed = len(requests.get(f"{url}/api/v1/uploads", auth=STEWARD, timeout=60).json())
    for header in ({"Origin": "https://elders.example"},
                   {"Referer": "https://elders.example/form.html"}, {"Origin": "null"}):
        answer = upload(url, "uwv_jeugd_ww_x.csv", b"x", **header)
        assert answer.status_code == 403, header
        assert requests.post(f"{url}/api/v1/generations/1/restore", auth=STEWARD,
                             headers=header, timeout=60).status_code == 403
        assert requests.delete(f"{url}/api/v1/uploads/1", auth=STEWARD, headers=header,
                               timeout=60).status_code == 403
    assert len(requests.get(f"{url}/api/v1/uploads", auth=STEWARD, timeout=60).json()) == listed
    assert page_callback(url, Origin="https://elders.example").status_code == 403
    assert page_callback(url).status_code == 401
    ok = page_callback(url, Origin=url, Authorization=requests.Request(
        auth=STEWARD, url=url).prepare().headers["Authorization"])
    assert ok.status_code == 200 and ok.json()["response"]["beheer-quarantaine"]["children"]


@pytest.mark.parametrize("name", ["../uwv_jeugd_ww_x.csv", "sub/../werkzaak_bezetting.csv",
                                  "RAW/uwv_jeugd_ww_binnen.csv", "..", "sub/uwv_jeugd_ww_x.csv",
                                  "..\\uwv_jeugd_ww_x.csv", ".uwv_jeugd_ww_x.csv",
                                  "rapport.pdf", "uwv_jeugd_ww_x.exe"])
def test_names_outside_the_contract_are_refused(server, name):
    url, settings = server
    before = raw_listing(settings.raw_dir)
    listed = requests.get(f"{url}/api/v1/uploads", auth=STEWARD, timeout=60).json()
    answer = upload(url, name.replace("RAW", str(settings.raw_dir)), b"Periode\n")
    assert answer.status_code == 400
    assert "uwv_jeugd_ww*.csv" in answer.json()["accepted"]
    assert raw_listing(settings.raw_dir) == before
    assert requests.get(f"{url}/api/v1/uploads", auth=STEWARD, timeout=60).json() == listed
    assert not list(settings.raw_dir.parent.glob("*.beheer/uploads/*.csv"))


def test_files_over_the_limit_are_refused(server):
    url, settings = server
    answer = upload(url, "uwv_jeugd_ww_groot.csv", b"x" * (MAX_BYTES + 1))
    assert answer.status_code == 413
    exact = upload(url, "uwv_jeugd_ww_precies.csv", b"x" * MAX_BYTES)
    assert exact.status_code == 201
    assert settled(url, exact.json()["id"])["status"] == "failed"  # not a CSV of the source
    assert requests.delete(f"{url}/api/v1/uploads/{exact.json()['id']}", auth=STEWARD,
                           timeout=60).json()["status"] == "discarded"
    assert "uwv_jeugd_ww_groot.csv" not in raw_listing(settings.raw_dir)


def test_limits_come_from_the_environment(monkeypatch):
    from dashboard.settings import Settings

    monkeypatch.setenv("UPLOAD_MAX_BYTES", "12345")
    monkeypatch.setenv("KEEP_GENERATIONS", "2")
    settings = Settings.from_env()
    assert (settings.upload_max_bytes, settings.keep_generations) == (12345, 2)
    assert (Settings().upload_max_bytes, Settings().keep_generations) == (200_000_000, 5)
