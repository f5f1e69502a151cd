"""Issue 24 in real headless Chromium: colours mean status, gauges show their target and pace,
the outlook is a sentence, every page has its own title, English translates category values,
no page scrolls sideways on a phone and phone filters fold away."""

from __future__ import annotations

import math

import numpy as np
import pytest
from selenium.webdriver.common.by import By

from tests.browser.test_pages import load, severe, wait
from tests.conftest import query

pytestmark = pytest.mark.browser

PAGES = [("/", "overzicht"), ("/regio/AM10?lang=en", "overzicht"),
         ("/gemeente/GM0327", "meters"), ("/gemeente/GM0327?lang=en", "meters"),
         ("/werkcentrum", "wc-heatmap"), ("/werkcentrum?lang=en", "wc-heatmap"),
         ("/sob", "sob-kpi"), ("/sob?lang=en", "sob-kpi"),
         ("/data", "catalogus"), ("/data?lang=en", "catalogus")]


@pytest.fixture
def phone(browser):
    browser.set_window_size(390, 844)
    yield browser
    browser.set_window_size(1600, 1000)


def rgba(hex_colour: str) -> str:
    """A '#rrggbb' colour as the browser reports a background colour."""
    r, g, b = (int(hex_colour[k:k + 2], 16) for k in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, 1)"


def test_map_and_badges_share_one_palette_and_the_legend_says_it_in_words(browser,
                                                                          live_server):
    load(browser, live_server + "/regio/AM14?indicator=jeugd_ww", "overzicht")
    legend = browser.find_element(By.ID, "kaart-legenda")
    assert legend.text.split("\n")[0].startswith("Kleur = status tegen het doel:")
    assert [b.text for b in legend.find_elements(By.CSS_SELECTOR, ".badge")] == [
        "✖ achter", "⚠ risico", "↗ op koers", "✔ behaald", "– geen doel"]
    colour_of = {b.get_attribute("data-status"): b.value_of_css_property("background-color")
                 for b in legend.find_elements(By.CSS_SELECTOR, ".badge")}
    # each municipality's fill on the map is the colour of its status badge in the table
    fills = browser.execute_script("""
        const d = document.querySelector('#kaart .js-plotly-plot').data[0];
        const scale = d.colorscale || d.marker.colorscale, z = d.z || d.marker.color;
        const codes = d.locations || d.customdata;
        const n = scale.length / 2 - 1;
        return codes.map((c, i) => [c, scale.filter(s => s[0] <= z[i] / n).pop()[1]]);""")
    assert len(fills) == 7
    for code, fill in fills:
        badge = browser.find_element(
            By.CSS_SELECTOR, f"td[data-indicator='jeugd_ww'][data-gebied='{code}'] .badge")
        status = badge.get_attribute("data-status")
        assert rgba(fill) == colour_of[status] == badge.value_of_css_property("background-color")
    assert severe(browser) == []


def test_gauge_labels_its_target_and_marks_the_pace(browser, live_server, sample_warehouse):
    load(browser, live_server + "/gemeente/GM0327", "meters")
    card = browser.find_element(By.ID, "kaart-banenafspraak_banen")
    rows = query(sample_warehouse, """
        SELECT p.einddatum, g.realisatie, g.doel FROM gaps g JOIN dim_periode p USING (periode)
        WHERE g.gebied_code = 'GM0327' AND g.indicator = 'banenafspraak_banen'
        ORDER BY p.einddatum""")
    day, value, target = rows[-1]
    closing = [v for d, v, _ in rows if d.year < day.year][-1]
    # the straight line from last year's closing value to the target on 31 December
    expected = closing + (target - closing) * day.timetuple().tm_yday / 365
    assert f"verwacht nu: {round(expected)}" in card.text
    gauge = browser.execute_script(
        "return arguments[0].querySelector('.js-plotly-plot').data[0].gauge;", card)
    assert gauge["threshold"]["value"] == target
    assert f"doel {round(target)}" in gauge["axis"]["ticktext"]
    low, high = gauge["steps"][0]["range"]
    assert low < expected < high
    [(young, maximum)] = query(sample_warehouse, """
        SELECT realisatie, doel FROM gaps WHERE gebied_code = 'GM0327' AND indicator = 'jeugd_ww'
        QUALIFY periode = max(periode) OVER ()""")
    side = "boven" if young > maximum else "onder"
    youth = browser.find_element(By.ID, "kaart-jeugd_ww").text
    assert f"≤ {maximum:.0f}" in youth
    assert (f"{abs(young - maximum):.0f} jongeren {side} het maximum van {maximum:.0f} — "
            "lager is beter") in youth


def test_the_outlook_says_when_the_target_is_reached(browser, live_server, sample_warehouse):
    load(browser, live_server + "/gemeente/GM0327?indicator=banenafspraak_banen", "meters")
    rows = query(sample_warehouse, """
        SELECT realisatie, doel FROM gaps WHERE gebied_code = 'GM0327'
        AND indicator = 'banenafspraak_banen' ORDER BY periode DESC LIMIT 4""")
    values = [v for v, _ in rows][::-1]
    slope = np.polyfit(range(4), values, 1)[0]
    target = rows[0][1]
    # 2025 K1 plus the quarters the trend needs to close the gap
    at = 2025 * 4 + math.ceil((target - values[-1]) / slope)
    sentence = f"In het huidige tempo: doel bereikt in {at // 4} K{at % 4 + 1}"
    wait(browser, 10).until(lambda b: sentence in b.find_element(By.ID, "vooruitblik").text)
    assert sentence in browser.find_element(By.ID, "kaart-banenafspraak_banen").text
    needed = math.ceil((target - values[-1]) / 3)  # three quarters left in 2025
    assert f"nodig: +{needed} per kwartaal tot 2025 K4" in browser.find_element(
        By.ID, "vooruitblik").text
    check = browser.find_element(By.ID, "vooruitblik-toets").text
    assert check.startswith("Toets op de geschiedenis van Leusden") and "%" in check
    trend = browser.execute_script(
        "return document.querySelector('#trend .js-plotly-plot').layout;")
    assert trend["xaxis"]["title"]["text"] == "Periode"
    assert trend["yaxis"]["title"]["text"] == "Aantal banen"
    names = browser.execute_script(
        "return document.querySelector('#vergelijking .js-plotly-plot').data.map(d => d.name);")
    assert "Regio Amersfoort (totaal): 74,5" in names
    assert any(n and n.startswith("Gemeenten met 20.000–50.000 inwoners") for n in names)


@pytest.mark.parametrize("path, ready", PAGES)
def test_every_page_has_its_own_title_and_no_sideways_scroll_on_a_phone(phone, live_server,
                                                                        path, ready):
    load(phone, live_server + path, ready)
    title = {"/": "Regio Amersfoort", "/regio/AM10": "Regio Rivierenland",
             "/gemeente/GM0327": "Leusden", "/werkcentrum": "Werkcentrum",
             "/sob": "Sociaal ontwikkelbedrijf", "/data": "Data"}[path.split("?")[0]]
    assert phone.title == f"{title} — Participatiemonitor"
    wide, shown = phone.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];")
    assert wide <= shown


@pytest.mark.parametrize("path, ready", [("/werkcentrum", "wc-heatmap"), ("/sob", "sob-kpi")])
def test_phone_filters_fold_away_so_results_come_first(phone, live_server, path, ready):
    load(phone, live_server + path, ready)
    wait(phone, 10).until(lambda b: b.find_element(
        By.CSS_SELECTOR, "details.filter-panel").get_attribute("open") is None)
    result = phone.find_element(By.ID, ready)
    assert result.location["y"] < 2 * 844  # within two phone screens, filters folded
    phone.set_window_size(1600, 1000)
    load(phone, live_server + path, ready)
    # beside the results on a wide screen the filters open (a callback in the browser)
    wait(phone, 10).until(lambda b: b.find_element(
        By.CSS_SELECTOR, "details.filter-panel").get_attribute("open"))


def test_english_translates_category_values(browser, live_server):
    load(browser, live_server + "/werkcentrum?lang=en", "wc-heatmap")
    ticks = browser.execute_script(
        "const l = document.querySelector('#wc-heatmap .js-plotly-plot').layout;"
        "return [...l.xaxis.ticktext, ...l.yaxis.ticktext];")
    assert "Young people" in ticks and "Jongeren" not in ticks
    body = browser.find_element(By.TAG_NAME, "body").text
    for dutch in ("Jongeren", "Uitval", "Regulier werk"):
        assert dutch not in body
    assert "Regular work" in body or "Dropped out" in body
    load(browser, live_server + "/sob?lang=en", "sob-kpi")
    names = browser.execute_script(
        "return [...document.querySelectorAll('.js-plotly-plot')][0].data.map(d => d.name);")
    assert "Participation Act programme" in names and "Participatiewet-traject" not in names
    assert severe(browser) == []
