"""Every page in real headless Chromium: it renders without console errors, axe-core finds no
serious or critical violation, and a choice made in the UI lands in the URL."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from dashboard.figures import STATUS_ORDER
from dashboard.i18n import fmt_number
from etl.sample.reference import Reference
from tests.conftest import REFERENCE

pytestmark = pytest.mark.browser

PAGES = [
    ("/", "overzicht", "Arbeidsmarktregio Amersfoort"),
    ("/regio/AM10?lang=en", "overzicht", "Labour-market region Rivierenland"),
    ("/gemeente/GM0307", "meters", "Gemeente Amersfoort"),
    ("/gemeente/GM0281?lang=en&indicator=jeugd_ww", "meters", "Municipality Tiel"),
    ("/werkcentrum", "wc-heatmap", "Werkcentrum: instrumenten en resultaten"),
    ("/werkcentrum?regio=AM10&lang=en&doelgroep=Jongeren&van=2024-K1", "wc-heatmap",
     "Work centre: instruments and outcomes"),
    ("/sob?organisatie=Amfors", "sob-kpi", "Sociaal ontwikkelbedrijven: van smal naar breed"),
    ("/sob?lang=en&regeling=Wsw", "sob-kpi", "Social development companies: from narrow to broad"),
    ("/data", "data-grid", "Data voor onderzoekers"),
    ("/data?dataset=instrument_inzet&gemeente_code=GM0307&periode_van=2024-K1&lang=en",
     "data-grid", "Data for researchers"),
]
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[2] / "screenshots"))


def wait(browser, seconds: int) -> WebDriverWait:
    """A wait that retries while Dash replaces the element being read (pages re-render)."""
    return WebDriverWait(browser, seconds, ignored_exceptions=(StaleElementReferenceException,))


def load(browser, url: str, ready: str) -> None:
    browser.get_log("browser")  # drop what earlier pages left
    browser.get(url)
    wait(browser, 20).until(ec.presence_of_element_located((By.ID, ready)))
    # a chart is drawn when it comes near the screen (assets/plotly/one-chart-per-task.js):
    # bring each one that is not drawn yet into view, then go back to the top
    wait(browser, 20).until(lambda b: b.execute_script(
        "const waiting = [...document.querySelectorAll('.dash-graph')].filter("
        "g => !g.querySelector('.js-plotly-plot')).concat("
        "window.Plotly && Plotly.chartsWaiting ? Plotly.chartsWaiting() : []);"
        "if (waiting.length) waiting[0].scrollIntoView({block: 'center'});"
        "return !waiting.length && "
        "!document.querySelector('[data-dash-is-loading=\"true\"]')"))
    browser.execute_script("window.scrollTo(0, 0)")
    time.sleep(0.5)


def severe(browser) -> list[dict]:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def axe_violations(browser, axe_js: str) -> list[dict]:
    browser.execute_script(axe_js)
    found = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map("
        "v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.html.slice(0, 120))}))));")
    return [v for v in found if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path, ready, expect", PAGES)
def test_page_renders_clean_and_accessible(browser, live_server, axe_js, path, ready, expect):
    load(browser, live_server + path, ready)
    assert expect in browser.find_element(By.TAG_NAME, "body").text
    assert severe(browser) == []
    assert axe_violations(browser, axe_js) == []
    SHOTS.mkdir(exist_ok=True)
    height = browser.execute_script("return document.body.scrollHeight")
    browser.set_window_size(1600, min(height + 40, 4000))
    time.sleep(0.5)
    name = (path.strip("/").split("?")[0].replace("/", "_") or "index") + (
        "_en" if "lang=en" in path else "")
    browser.save_screenshot(str(SHOTS / f"{name}.png"))
    browser.set_window_size(1600, 1000)


def test_region_gauge_shows_the_published_gap(browser, live_server):
    ref = Reference(REFERENCE)
    banen = ref.figure("AM14", "banenafspraak_banen", "2025")
    doel = ref.figure("AM14", "banenafspraak_doelstelling_banen", "2025")
    load(browser, live_server + "/", "regio-meters")
    card = browser.find_element(By.ID, "kaart-banenafspraak_banen")
    assert f"{fmt_number(banen)} / {fmt_number(doel)}" in card.text
    assert f"nog {fmt_number(doel - banen)} banen tot het doel" in card.text
    svg = card.find_element(By.CSS_SELECTOR, ".js-plotly-plot").text
    assert fmt_number(banen) in svg
    cell = browser.find_element(
        By.CSS_SELECTOR, "#rij-AM14 td[data-indicator='banenafspraak_banen']")
    assert f"{fmt_number(banen)} / {fmt_number(doel)}" in cell.text


def test_map_choice_recolours_and_lands_in_the_url(browser, live_server):
    load(browser, live_server + "/regio/AM14", "kaart")
    Select(browser.find_element(By.ID, "kaart-indicator")).select_by_value("jeugd_ww")
    wait(browser, 10).until(lambda b: "indicator=jeugd_ww" in b.current_url)
    # recoloured by each municipality's status on the new indicator (the table's badges)
    statuses = {c.get_attribute("data-gebied"): c.find_element(
        By.CSS_SELECTOR, ".badge").get_attribute("data-status") for c in
        browser.find_elements(By.CSS_SELECTOR, "td[data-indicator='jeugd_ww']")}
    wait(browser, 10).until(lambda b: b.execute_script(
        "const d = document.querySelector('#kaart .js-plotly-plot').data[0];"
        "return d.locations.map((c, i) => [c, d.z[i]]);") == [
        [c, STATUS_ORDER.index(statuses[c])] for c in sorted(statuses) if c.startswith("GM")])
    assert "indicator=jeugd_ww" in browser.find_element(By.ID, "regio-taal").get_attribute("href")
    browser.get(browser.current_url)  # the link reproduces the view
    wait(browser, 20).until(ec.presence_of_element_located((By.ID, "kaart")))
    assert Select(browser.find_element(By.ID, "kaart-indicator")
                  ).first_selected_option.get_attribute("value") == "jeugd_ww"
    assert severe(browser) == []


def test_keyboard_choice_on_municipality_page(browser, live_server):
    load(browser, live_server + "/gemeente/GM0313", "meters")
    select = browser.find_element(By.ID, "gemeente-indicator")
    select.send_keys("Jongeren in de WW")  # a native select answers to typing
    wait(browser, 10).until(lambda b: "indicator=jeugd_ww" in b.current_url)
    wait(browser, 10).until(
        lambda b: "Bunschoten" in b.find_element(By.ID, "trend").text)
    assert severe(browser) == []


def tick(browser, group: str, value: str, in_url: str) -> None:
    """Click the checkbox `value` of a filter group and wait for `in_url` in the address."""
    box = browser.find_element(By.CSS_SELECTOR, f"#{group} input[value='{value}']")
    browser.execute_script("arguments[0].scrollIntoView()", box)
    box.click()
    wait(browser, 10).until(lambda b: in_url in b.current_url)


def test_werkcentrum_filter_through_the_ui_lands_in_the_url(browser, live_server):
    load(browser, live_server + "/werkcentrum", "wc-heatmap")
    wait(browser, 10).until(lambda b: len(b.find_elements(
        By.CSS_SELECTOR, "#wc-bereik-tabel tbody tr")) == 2)  # banenafspraak, beschut werk
    tick(browser, "wc-doelgroep", "Statushouders", "doelgroep=Statushouders")
    wait(browser, 10).until(lambda b: b.execute_script(
        "const d = document.querySelector('#wc-heatmap .js-plotly-plot').data[0];"
        "return d.x.length === 1 && d.x[0] === 'Statushouders';"))
    # the reach block has its own callback: a group of unknown size leaves it without rows
    wait(browser, 10).until(lambda b: b.find_element(By.ID, "wc-bereik-tabel").tag_name == "p")
    Select(browser.find_element(By.ID, "wc-van")).select_by_value("2024-K1")
    wait(browser, 10).until(lambda b: "van=2024-K1" in b.current_url)
    assert "1e kwartaal 2024" in browser.find_element(By.ID, "wc-periode").text
    assert severe(browser) == []


def test_data_grid_filter_updates_url_count_and_download_links(browser, live_server):
    load(browser, live_server + "/data?dataset=gaps", "data-grid")
    wait(browser, 20).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "#data-grid .ag-row"))
    before = browser.find_element(By.ID, "data-aantal").text
    box = browser.find_element(
        By.CSS_SELECTOR, ".ag-floating-filter[col-id='gebied_code'] input")
    box.send_keys("GM0307")
    wait(browser, 15).until(lambda b: "gebied_code=GM0307" in b.current_url)
    wait(browser, 15).until(
        lambda b: b.find_element(By.ID, "data-aantal").text != before)
    href = browser.find_element(By.ID, "export-csv-nl").get_attribute("href")
    assert "gebied_code=GM0307" in href and "dialect=nl" in href
    # the DOM text of every rendered cell, also of rows scrolled out of the grid's view
    # (Selenium's .text is empty for those); a row still loading has empty cells, so wait
    # until none is empty: a grid whose cells are all empty fails here
    codes_js = ("return [...document.querySelectorAll(\"#data-grid .ag-cell[col-id="
                "'gebied_code']\")].map(c => c.textContent.trim())")
    wait(browser, 15).until(lambda b: (codes := b.execute_script(codes_js)) and all(codes),
                            "no gebied_code cell, or an empty one")
    assert set(browser.execute_script(codes_js)) == {"GM0307"}
    assert severe(browser) == []


def test_sob_filter_through_the_ui_lands_in_the_url(browser, live_server):
    # the page opens on one company, not the sum of both regions' companies
    load(browser, live_server + "/sob", "sob-kpi")
    wait(browser, 10).until(
        lambda b: "Amfors · Cleanfors" in b.find_element(By.ID, "sob-units-tabel").text
        and "Werkzaak" not in b.find_element(By.ID, "sob-units-tabel").text)
    wait(browser, 10).until(
        lambda b: "Amfors · " in b.find_element(By.ID, "sob-omzet-tabel").text
        and "Werkzaak" not in b.find_element(By.ID, "sob-omzet-tabel").text)
    tick(browser, "sob-organisatie", "Werkzaak Rivierenland", "organisatie=Werkzaak")
    wait(browser, 10).until(
        lambda b: "Werkzaak" in b.find_element(By.ID, "sob-omzet-tabel").text)
    assert severe(browser) == []


def test_region_select_opens_the_regions_with_figures(browser, live_server):
    load(browser, live_server + "/regio/AM14", "overzicht")
    select = Select(browser.find_element(By.ID, "regio-keuze"))
    # a region the data do not cover cannot be chosen, and says why
    groningen = browser.find_element(By.CSS_SELECTOR, "#regio-keuze option[value='AM01']")
    assert not groningen.is_enabled() and "geen gegevens" in groningen.text
    select.select_by_value("AM10")
    wait(browser, 15).until(lambda b: "/regio/AM10" in b.current_url)
    wait(browser, 15).until(
        lambda b: "Rivierenland" in b.find_element(By.TAG_NAME, "h1").text)
    assert severe(browser) == []
    # its address still answers, with the regions the data do cover
    load(browser, live_server + "/regio/AM01", "geen-gegevens")
    assert "Rivierenland" in browser.find_element(By.ID, "geen-gegevens").text
    assert severe(browser) == []


def test_a_wide_table_scrolls_in_its_own_box_that_the_keyboard_reaches(browser, live_server,
                                                                         axe_js):
    browser.set_window_size(700, 1000)
    try:
        load(browser, live_server + "/sob?organisatie=Werkzaak+Rivierenland",
             "sob-financiering-tabel")
        box = browser.find_element(By.CSS_SELECTOR, "[role=region]:has(#sob-financiering-tabel)")
        sizes = browser.execute_script(
            "const b = arguments[0]; return [b.scrollWidth, b.clientWidth, b.offsetWidth, "
            "document.documentElement.scrollWidth, window.innerWidth];", box)
        box_wide, box_shown, box_outer, page_wide, window_wide = sizes
        assert box_wide > box_shown  # the table is wider than its box: the box scrolls
        assert box_outer == box_shown  # sideways only: no vertical scroll bar takes room
        assert page_wide <= window_wide  # the page itself does not
        assert box.get_attribute("tabindex") == "0"
        assert box.get_attribute("aria-label")
        assert axe_violations(browser, axe_js) == []
    finally:
        browser.set_window_size(1600, 1000)


@pytest.mark.parametrize("path, expect", [("/bestaat-niet", "Pagina niet gevonden"),
                                          ("/regio/XX?lang=en", "Page not found")])
def test_an_unknown_address_shows_the_not_found_page(browser, live_server, axe_js, path,
                                                     expect):
    """The 404 answer is the app's own page: rendered, accessible, with the way on."""
    load(browser, live_server + path, "niet-gevonden")
    assert expect in browser.find_element(By.TAG_NAME, "body").text
    links = {a.get_attribute("pathname") for a in browser.find_elements(By.TAG_NAME, "a")}
    assert {"/", "/werkcentrum", "/sob", "/data"} <= links
    # the only error is the document's own status, which is the point
    assert [e for e in severe(browser) if "404" not in e["message"]] == []
    assert axe_violations(browser, axe_js) == []
