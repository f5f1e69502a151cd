"""The partial plotly bundles in real headless Chromium: each page loads only the one it needs
(never Dash's full plotly.min.js), and every trace type the figures draw still renders."""

from __future__ import annotations

import pytest

from tests.browser.test_pages import load, severe

pytestmark = pytest.mark.browser

# page, element that says it is ready, the bundle it loads (None: no plotly), AG Grid or not
PAGES = [("/", "overzicht", "map", False), ("/gemeente/GM0307", "meters", "light", False),
         ("/werkcentrum", "wc-heatmap", "light", False), ("/sob", "sob-kpi", "light", False),
         ("/data", "data-grid", None, True)]
DRAWN = ("return [...document.querySelectorAll('.js-plotly-plot')]"
         ".flatMap(g => (g._fullData || []).filter(t => t.visible !== false).map(t => t.type))")
LOADED = "return performance.getEntriesByType('resource').map(r => r.name)"


def test_each_page_loads_its_bundle_and_every_trace_type_renders(browser, live_server):
    drawn = set()
    for path, ready, bundle, grid in PAGES:
        load(browser, live_server + path, ready)
        assert severe(browser) == [], path
        loaded = browser.execute_script(LOADED)
        plotly = [u for u in loaded if "plotly" in u.split("?")[0].rsplit("/", 1)[-1]]
        assert not any(u.split("?")[0].endswith("/plotly.min.js") for u in loaded), path
        if bundle is None:
            assert plotly == [] and browser.execute_script("return window.Plotly") is None
        else:
            assert [u for u in plotly if u.split("?")[0].endswith(".js")] == [
                u for u in plotly if f"-{bundle}.min.js" in u], path
            assert len(plotly) >= 1, path
        assert any("dash_ag_grid" in u for u in loaded) == grid, path
        drawn |= set(browser.execute_script(DRAWN))
    # the region page draws the choropleth because the live server has boundaries
    assert {"scatter", "bar", "heatmap", "indicator", "choroplethmap"} <= drawn
