"""The Beheer page in headless Chromium: a steward uploads a new quarter through the page,
sees the region's changed figures, publishes, and the region page shows the new quarter."""

from __future__ import annotations

import base64
import time

import pytest
from selenium.webdriver.common.by import By

from dashboard.i18n import fmt_number
from tests.browser.test_pages import SHOTS, axe_violations, load, severe, wait
from tests.conftest import STEWARD, steward_server
from tests.dashboard.test_stewards import new_quarter

pytestmark = pytest.mark.browser
WIDTHS = (1440, 390)


@pytest.fixture
def served(sample_warehouse, tmp_path):
    with steward_server(tmp_path / "site", sample_warehouse) as s:
        yield s


@pytest.fixture
def logged_in(browser):
    """Every request of the browser carries the steward's login (as after the login prompt)."""
    token = base64.b64encode(":".join(STEWARD).encode()).decode()
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setExtraHTTPHeaders",
                            {"headers": {"Authorization": f"Basic {token}"}})
    yield browser
    browser.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {}})


def shoot(browser, name: str) -> None:
    """The page at each width, for a person to look at: the wide one whole, the narrow one
    in screens of its own height (a whole narrow page is too long to read)."""
    SHOTS.mkdir(exist_ok=True)
    browser.set_window_size(WIDTHS[0], 1000)
    time.sleep(1)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(WIDTHS[0], min(height + 200, 6000))
    time.sleep(0.5)
    browser.save_screenshot(str(SHOTS / f"{name}_{WIDTHS[0]}.png"))
    browser.set_window_size(WIDTHS[1], 1400)
    time.sleep(0.5)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    for part, top in enumerate(range(0, height, 1200), start=1):
        browser.execute_script("window.scrollTo(0, arguments[0])", top)
        time.sleep(0.2)
        browser.save_screenshot(str(SHOTS / f"{name}_{WIDTHS[1]}_{part}.png"))
    browser.set_window_size(1600, 1000)


def test_steward_publishes_a_new_quarter_through_the_page(logged_in, served, axe_js,
                                                           tmp_path):
    browser, (url, _settings) = logged_in, served
    body, region_jobs = new_quarter()
    delivered = tmp_path / "uwv_banenafspraak_2025K2.csv"
    delivered.write_bytes(body)

    load(browser, url + "/beheer", "beheer-laadlog-tabel")
    browser.find_element(By.CSS_SELECTOR, "#beheer-upload input[type=file]").send_keys(
        str(delivered))
    wait(browser, 180).until(lambda b: "klaar om te publiceren" in b.find_element(
        By.ID, "beheer-aanleveringen").text)
    wait(browser, 20).until(lambda b: b.find_elements(By.ID, "beheer-wijzigingen-tabel"))
    region = [row.text for row in browser.find_elements(
        By.CSS_SELECTOR, "#beheer-wijzigingen-tabel tbody tr")
        if row.text.startswith("Banenafspraak: banen\nAmersfoort (regio totaal)")]
    assert len(region) == 1 and fmt_number(region_jobs) in region[0]
    assert "2e kwartaal 2025" in region[0] and "nieuw" in region[0]
    assert severe(browser) == []
    assert axe_violations(browser, axe_js) == []
    shoot(browser, "beheer")
    load(browser, url + "/beheer?lang=en", "beheer-laadlog-tabel")
    wait(browser, 20).until(lambda b: b.find_elements(By.ID, "beheer-wijzigingen-tabel"))
    assert "ready to publish" in browser.find_element(By.ID, "beheer-aanleveringen").text
    shoot(browser, "beheer_en")

    load(browser, url + "/beheer", "beheer-laadlog-tabel")
    wait(browser, 20).until(lambda b: b.find_elements(
        By.CSS_SELECTOR, "#beheer-aanleveringen button.btn-primary"))
    browser.find_element(By.CSS_SELECTOR, "#beheer-aanleveringen button.btn-primary").click()
    wait(browser, 60).until(lambda b: "Gepubliceerd" in b.find_element(
        By.ID, "beheer-melding").text)
    assert "gepubliceerd" in browser.find_element(By.ID, "beheer-aanleveringen").text
    assert "uwv_banenafspraak_2025K2.csv" in browser.find_element(
        By.ID, "beheer-laadlog-tabel").text
    assert severe(browser) == []

    load(browser, url + "/regio/AM14", "kaart-banenafspraak_banen")
    card = browser.find_element(By.ID, "kaart-banenafspraak_banen").text
    assert "2e kwartaal 2025" in card and fmt_number(region_jobs) in card

