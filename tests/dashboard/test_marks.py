"""Sample is marked wherever it shows, every page says what on it is published, and the pace
rule is on the page."""

from __future__ import annotations

from dashboard.data import sob as sob_data
from dashboard.data import werkcentrum as werkcentrum_data
from dashboard.filters import Filters, SobFilters
from tests.conftest import find, query, texts

MARK = "◇ voorbeelddata"


def headings(component) -> list:
    """Every H2 in a component tree."""
    found = []

    def walk(node):
        if type(node).__name__ == "H2":
            found.append(node)
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list) else [children]:
            if child is not None and not isinstance(child, str | int | float):
                walk(child)

    for node in component if isinstance(component, list) else [component]:
        walk(node)
    return found


def test_werkcentrum_is_marked_as_sample_throughout(app):
    from dashboard.pages import werkcentrum

    with app.server.test_request_context("/werkcentrum"):
        page = werkcentrum.layout(lang="nl")
    [note] = find(page, "sample-uitleg")
    assert note.children.startswith("◇ Alle cijfers op deze pagina zijn voorbeelddata")
    f = Filters.parse({}, werkcentrum_data.instrument_domain("AM14"))
    titles = headings(werkcentrum.results(f, "nl")) + headings(werkcentrum.reach_section(f, "nl"))
    assert len(titles) >= 7
    for title in titles:
        assert MARK in " ".join(texts(title)), texts(title)


def test_sob_marks_the_sample_and_names_the_published_funding(app):
    from dashboard.pages import sob

    with app.server.test_request_context("/sob"):
        page = sob.layout(lang="nl")
    [note] = find(page, "sample-uitleg")
    assert note.children.startswith("Gepubliceerd op deze pagina: financiering")
    assert "Al het andere is voorbeelddata (◇)" in note.children
    titles = {" ".join(texts(h)).split(" ◇")[0]: " ".join(texts(h))
              for h in headings(sob.results(SobFilters.parse({}, sob_data.sob_domain()), "nl"))}
    funding = [k for k in titles if k.startswith("Financiering")]
    assert funding and MARK not in titles[funding[0]]  # published amounts: no mark
    others = [v for k, v in titles.items() if k not in funding]
    assert len(others) >= 4 and all(MARK in v for v in others)


def test_region_footer_lists_what_is_published_and_states_the_rule(app, sample_warehouse):
    from dashboard.pages import region

    with app.server.test_request_context("/"):
        page = region.layout(code="AM14", lang="nl")
    text = " ".join(texts(page))
    assert "Regionale totalen komen uit UWV" not in text
    [note] = find(page, "sample-uitleg")
    published = query(sample_warehouse, """SELECT count(*) FROM gaps g JOIN dim_gemeente d
        ON g.gebied_code IN (d.gemeente_code, d.arbeidsmarktregio_code)
        WHERE d.arbeidsmarktregio_code = 'AM14' AND g.provenance = 'published'""")
    assert published[0][0] > 0
    assert "Banenafspraak: banen (Amersfoort, 1e kwartaal 2025)" in note.children
    [rule] = find(page, "tempo-regel")
    assert "minder dan 10% slechter dan de lijn" in rule.children
    assert "beoordeeld op niveau" in rule.children


def test_an_invented_target_is_called_an_example_on_the_card(app):
    from dashboard.pages import gemeente

    with app.server.test_request_context("/gemeente/GM0307"):
        page = gemeente.layout(code="GM0307", lang="nl")
    [card] = find(page, "kaart-beschut_werk_plekken")
    assert "◇ Voorbeelddoel" in texts(card)
    [cards] = find(page, "meters")
    assert not any("Soort doel: wettelijk" in s for s in texts(cards))
    # the national take-up is shown beside the share, as a benchmark and not as its target
    [share] = find(page, "kaart-beschut_werk_benutting")
    assert "landelijk 2024: 65,0%" in texts(share) and "– geen doel" in texts(share)
