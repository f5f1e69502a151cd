"""Every page in real headless Chromium: it renders, without console errors."""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from dashboard.i18n import fmt_number
from etl.sample.reference import Reference
from tests.conftest import REFERENCE

pytestmark = pytest.mark.browser


def load(browser, url: str) -> None:
    browser.get_log("browser")  # drop what earlier pages left
    browser.get(url)
    WebDriverWait(browser, 20).until(ec.presence_of_element_located((By.ID, "overzicht")))
    time.sleep(0.5)


def severe(browser) -> list[dict]:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.parametrize("path, expect", [
    ("/", "Arbeidsmarktregio Amersfoort"),
    ("/regio/AM10?lang=en", "Labour-market region Rivierenland"),
])
def test_region_page(browser, live_server, path, expect, tmp_path):
    load(browser, live_server + path)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert expect in body
    assert severe(browser) == []
    assert browser.find_element(By.ID, "rij-GM0307" if "AM10" not in path else "rij-GM0281")
    browser.save_screenshot(str(tmp_path / "page.png"))


def test_region_gauge_text_for_amersfoort(browser, live_server):
    ref = Reference(REFERENCE)
    banen = fmt_number(ref.figure("AM14", "banenafspraak_banen", "2025"))
    doel = fmt_number(ref.figure("AM14", "banenafspraak_doelstelling_banen", "2025"))
    load(browser, live_server + "/")
    cell = browser.find_element(
        By.CSS_SELECTOR, "#rij-AM14 td[data-indicator='banenafspraak_banen']")
    assert f"{banen} / {doel}" in cell.text
