"""The partial plotly bundles in real headless Chromium: each page loads only the one it needs
(never Dash's full plotly.min.js), and every trace type the figures draw still renders; the
charts are drawn one per task, when they come near the screen."""

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
        # tables are set as the HTML they are (components.HtmlBlock): no Markdown parser or
        # code highlighter on a first visit, and no DataTable loader
        assert not any(c in u for u in loaded for c in (
            "async-markdown", "async-highlight", "/dash_table/")), path
        drawn |= set(browser.execute_script(DRAWN))
    # the region page draws the choropleth because the live server has boundaries
    assert {"scatter", "bar", "heatmap", "indicator", "choroplethmap"} <= drawn


# charts asked for in one task: none drawn in it, each in a task of its own (the second not yet
# when the first's promise settles), a chart asked again before its turn drawn once with the
# newest figure, a chart taken off the page before its turn not drawn, and a chart far below
# the screen not drawn until it is scrolled near
ONE_PER_TASK = """
const done = arguments[arguments.length - 1];
const div = top => {
    const d = document.createElement('div');
    d.style.cssText = `position: absolute; left: 0; top: ${top}px; width: 300px; height: 200px`;
    return document.body.appendChild(d);
};
window.scrollTo(0, 0);
const [a, b, c, gone, far] = [div(0), div(0), div(0), div(0), div(20000)];
const out = {scheduler: window.Plotly.oneChartPerTask === true};
const pa = Plotly.react(a, [{type: 'bar', y: [1]}]);
const pb = Plotly.react(b, [{type: 'bar', y: [2]}]);
const pc1 = Plotly.react(c, [{type: 'bar', y: [3]}]);
const pc2 = Plotly.react(c, [{type: 'scatter', y: [4, 5]}]);
const pgone = Plotly.react(gone, [{type: 'bar', y: [6]}]);
const pfar = Plotly.react(far, [{type: 'bar', y: [7]}]);
gone.remove();
out.drawnInCallersTask = [a, b, c].filter(d => d._fullLayout).length;
pa.then(() => { out.aDrawn = !!a._fullLayout; out.bDrawnWithA = !!b._fullLayout; })
  .then(() => Promise.all([pb, pc1, pc2, pgone]))
  .then(() => new Promise(r => setTimeout(r, 300)))
  .then(() => {
    out.bDrawn = !!b._fullLayout;
    out.c = c.data.map(t => t.type);
    out.goneDrawn = !!gone._fullLayout;
    out.farDrawnUnseen = !!far._fullLayout;
    far.scrollIntoView();
    return pfar;
  })
  .then(() => {
    out.farDrawnSeen = !!far._fullLayout;
    [a, b, c, far].forEach(d => { Plotly.purge(d); d.remove(); });
    window.scrollTo(0, 0);
    done(out);
  }, err => done({error: String(err)}));
"""


def test_charts_are_drawn_one_per_task_when_near_the_screen(browser, live_server):
    load(browser, live_server + "/sob", "sob-kpi")
    assert browser.execute_async_script(ONE_PER_TASK) == {
        "scheduler": True, "drawnInCallersTask": 0, "aDrawn": True, "bDrawnWithA": False,
        "bDrawn": True, "c": ["scatter"], "goneDrawn": False, "farDrawnUnseen": False,
        "farDrawnSeen": True}
