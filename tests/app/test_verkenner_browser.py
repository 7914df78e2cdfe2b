"""The Verkenner in real Chromium (issue 14): goal tree, dropdown search, ranking, honest trend,
phone widths, axe with open dropdowns and Dutch plotly.

Runs `python -m app` on the fixture warehouse (tests/app/conftest.py: server, page, browser).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.app.test_browser import _settled, choose, open_page

expect.set_options(timeout=15_000)

pytestmark = pytest.mark.browser

V = "verkenner"
EMBEDS = [
    "/embed/kaart?indicator=test_weerbaar&jaar=2023&gebied=WK030701",
    "/embed/trend?indicator=test_weerbaar&gebied=WK030703",
    "/embed/groepen?indicator=test_weerbaar&jaar=2023",
    "/embed/wijkprofiel?gebied=WK030701",
]


def _figuur(page: Page, graph_id: str) -> dict:
    """plotly's own data and layout of a rendered dcc.Graph (what the browser drew)."""
    page.wait_for_function(
        "id => { const gd = document.querySelector('#' + id + ' .js-plotly-plot');"
        " return gd && gd.data && gd.data.length > 0; }", arg=graph_id)
    return page.evaluate(
        """id => { const gd = document.querySelector('#' + id + ' .js-plotly-plot');
                   return {data: gd.data.map(t => ({name: t.name, x: t.x, y: t.y, yaxis: t.yaxis})),
                           y: gd._fullLayout.yaxis.domain,
                           y2: gd._fullLayout.yaxis2 ? gd._fullLayout.yaxis2.domain : null}; }""",
        graph_id)


def test_goal_tree_leads_from_effect_to_goal_to_its_indicators(page: Page) -> None:
    open_page(page, "/verkenner")
    _settled(page)
    choose(page, f"{V}-keuze", "ME-A Gezonde en vitale inwoners")
    expect(page).to_have_url(re.compile(r"doel=ME-A"))
    page.click(f"#{V}-indicator")
    opties = page.locator(".dash-dropdown-content label")
    expect(opties).to_have_count(3)  # fixture: RD-01 (2 indicators) and RD-05 (1) under ME-A
    page.keyboard.press("Escape")
    choose(page, f"{V}-keuze", "\u2003\u2003RD-05 Minder mensen zijn sociaal geïsoleerd")
    expect(page).to_have_url(re.compile(r"doel=RD-05"))
    expect(page).to_have_url(re.compile(r"indicator=test_eenzaam"))  # the goal's one indicator
    expect(page.locator(f"#{V}-titel")).to_contain_text("eenzaam")


@pytest.mark.parametrize("opener", ["Enter", "ArrowDown"])
def test_typing_in_a_dropdown_that_has_a_value_searches_by_keyboard(page: Page, opener: str) -> None:
    open_page(page, "/verkenner?indicator=test_weerbaar")
    _settled(page)
    page.focus(f"#{V}-indicator")
    page.keyboard.press(opener)  # opens with the focus on the selected option
    expect(page.locator(".dash-dropdown-content")).to_be_visible()
    page.keyboard.type("eenzaamheid", delay=40)  # a synonym: the name says 'eenzaam'
    expect(page.locator(".dash-dropdown-content input.dash-dropdown-search")).to_have_value(
        "eenzaamheid")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"indicator=test_eenzaam"))


def test_search_finds_a_goal_code(page: Page) -> None:
    open_page(page, "/verkenner?indicator=test_weerbaar")
    _settled(page)
    page.click(f"#{V}-indicator")
    page.keyboard.type("RD-05", delay=40)
    opties = page.locator(".dash-dropdown-content label")
    expect(opties).to_have_count(1)
    expect(opties.first).to_contain_text("eenzaam")


def test_ranking_puts_the_worst_wijk_first(page: Page, warehouse_path: Path) -> None:
    # test_weerbaar: 'hoger' is the desired direction, so the lowest value is the worst
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        rows = con.execute(
            """SELECT gebied_naam, waarde FROM v_waarde
               WHERE indicator_code = 'test_weerbaar' AND jaar = 2023 AND indeling = 'wijk2024'
                 AND gebied_niveau = 'wijk' AND groep = 'totaal' AND status = 'waarde'""").fetchall()
        richting = con.execute("SELECT gewenste_richting FROM dim_indicator "
                               "WHERE code = 'test_weerbaar'").fetchone()[0]
    assert richting == "hoger" and len(rows) >= 3
    verwacht = [naam for naam, _ in sorted(rows, key=lambda r: (r[1], r[0]))]
    open_page(page, "/verkenner?indicator=test_weerbaar&jaar=2023")
    _settled(page)
    # the ranking arrives as server-escaped HTML in data-html (components.ruwe_html), which
    # wijkmonitor.js moves into its element: rows drawn, no attribute left behind
    expect(page.locator(f"#{V}-rang .rang-naam")).to_have_count(len(verwacht))
    expect(page.locator("[data-html]")).to_have_count(0)
    tabel = page.locator(f"#{V}-kaart-tabel table.datatabel tbody")  # every wijk, with or without
    for naam in verwacht:
        expect(tabel.locator("th[scope=row]", has_text=re.compile(f"^{re.escape(naam)}$"))
               ).to_have_count(1)
    assert page.locator(f"#{V}-rang .rang-naam").all_inner_texts() == verwacht
    expect(page.locator(f"#{V}-rang")).to_contain_text("Amersfoort:")  # the reference line
    lijnen = page.locator(f"#{V}-rang .rang-ref")
    expect(lijnen).to_have_count(len(verwacht))
    # the dashed line lies where the gemeente's value is on the bars' scale: between the bars
    # of the wijken below and above it
    links = page.evaluate("""() => [...document.querySelectorAll('#verkenner-rang li')].map(li => {
        const balk = li.querySelector('.rang-balk').getBoundingClientRect();
        return [balk.right, li.querySelector('.rang-ref').getBoundingClientRect().left]; })""")
    lijn = links[0][1]
    assert all(abs(x - lijn) < 1 for _, x in links)
    assert links[0][0] < lijn < links[-1][0]  # the worst below the gemeente, the best above


def test_a_row_of_the_ranking_chooses_its_wijk_in_place(page: Page) -> None:
    """A click (or Enter) on a row chooses that wijk with one request, without loading the page
    anew; the row is a real link to that view, and the keyboard focus stays on it."""
    open_page(page, "/verkenner?indicator=test_weerbaar&jaar=2023")
    _settled(page)
    page.evaluate("window.__zelfde_pagina = true")
    verzoeken: list[str] = []
    page.on("request", lambda r: verzoeken.append(r.url) if "_dash-update" in r.url else None)
    rij = page.locator(f"#{V}-rang a[data-gebied='WK030702']")
    expect(rij).to_have_attribute("href", re.compile(r"gebied=WK030702"))
    rij.click()
    expect(page).to_have_url(re.compile(r"gebied=WK030702"))
    expect(page.locator(f"#{V}-rang a[aria-current='true']")).to_have_attribute(
        "data-gebied", "WK030702")
    expect(page.locator(f"#{V}-trend")).to_contain_text(
        page.locator(f"#{V}-rang a[data-gebied='WK030702'] .rang-naam").inner_text())
    _settled(page)
    assert page.evaluate("window.__zelfde_pagina") is True and len(verzoeken) == 1
    page.locator(f"#{V}-rang a[data-gebied='WK030701']").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"gebied=WK030701"))
    expect(page.locator(f"#{V}-rang a[data-gebied='WK030701']")).to_be_focused()


def test_a_breakdown_shown_after_being_hidden_is_drawn_once_at_its_width(page: Page) -> None:
    """A hidden chart block keeps its width (app/assets/wijkmonitor.css): a chart sent to it is
    drawn at the width it is shown at, not at plotly's 700 px default (and then again after
    dcc.Graph's resize)."""
    open_page(page, "/verkenner?indicator=cbs_aantal_inwoners")  # no breakdown: block hidden
    _settled(page)
    expect(page.locator(f"#{V}-uits-blok")).to_be_hidden()
    uits = f"#{V}-uits .js-plotly-plot"
    # the hidden block's (empty) chart is mounted a moment after the page settles
    page.wait_for_selector(uits, state="attached")
    # the width of every drawing of the breakdown from now on
    page.evaluate("""sel => { const gd = document.querySelector(sel); window.__breedtes = [];
        gd.on('plotly_afterplot', () => window.__breedtes.push(gd._fullLayout.width)); }""", uits)
    choose(page, f"{V}-indicator", "% 13-17 jr dat voldoende weerbaar is (testdata)")
    expect(page.locator(f"#{V}-uits-blok")).to_be_visible()
    page.wait_for_function("sel => { const gd = document.querySelector(sel);"
                           " return gd && gd.data && gd.data.length > 0; }", arg=uits)
    _settled(page)
    breedtes = page.evaluate("window.__breedtes")
    vak = page.evaluate("sel => parseFloat(getComputedStyle(document.querySelector(sel)).width)",
                        uits)
    assert breedtes and vak > 700, (breedtes, vak)
    assert all(abs(b - vak) <= 1 for b in breedtes), (breedtes, vak)  # the first drawing too


def test_not_measured_is_never_drawn_at_zero(page: Page) -> None:
    # WK030704 has 'niet gemeten' for 2023 in the fixture warehouse
    open_page(page, "/verkenner?indicator=test_weerbaar&jaar=2023&gebied=WK030704")
    _settled(page)
    fig = _figuur(page, f"{V}-trend")
    baan = [t for t in fig["data"] if t["name"] == "niet gemeten"]
    assert baan and all(t["yaxis"] == "y2" for t in baan)
    assert fig["y2"][1] < fig["y"][0]  # the lane lies under the value axis, not on it
    for t in fig["data"]:
        if t["yaxis"] != "y2":
            assert 0 not in [y for y in (t["y"] or []) if y is not None], t["name"]


def test_modebar_speaks_dutch(page: Page) -> None:
    open_page(page, "/verkenner?indicator=test_weerbaar")
    _settled(page)
    knoppen = page.locator(f"#{V}-trend .modebar-btn")
    expect(knoppen.first).to_be_attached()
    titels = [knoppen.nth(i).get_attribute("data-title") for i in range(knoppen.count())]
    assert "Grafiek opslaan als PNG" in titels and "Inzoomen" in titels, titels
    assert not [t for t in titels if re.search(r"\b(Zoom|Download|Reset|Pan)\b", t or "")], titels
    ticks = page.locator(f"#{V}-trend .ytick text").all_text_contents()
    assert ticks and not [t for t in ticks if re.search(r"\d[kM]$", t)]


def test_every_dropdown_passes_axe_when_open(page: Page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_page(page, "/verkenner?indicator=test_weerbaar&jaar=2023")
    _settled(page)
    problemen = {}
    for dropdown in ("keuze", "indicator", "jaar", "gebied"):
        page.click(f"#{V}-{dropdown}")
        expect(page.locator(".dash-dropdown-content")).to_be_visible()
        page.wait_for_timeout(200)  # the clientside repair runs on the next animation frame
        result = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                      "best-practice"]})
        bad = [(v["id"], v["nodes"][0]["target"]) for v in result.response["violations"]
               if v["impact"] in ("serious", "critical")]
        if bad:
            problemen[dropdown] = bad
        page.keyboard.press("Escape")
        expect(page.locator(".dash-dropdown-content")).to_have_count(0)
    assert not problemen, problemen


@pytest.mark.parametrize("width", [320, 390])
def test_no_horizontal_scroll_on_a_phone(browser: Browser, server: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    try:
        for path in ["/verkenner?indicator=test_weerbaar&jaar=2023&gebied=WK030701", *EMBEDS]:
            pg.goto(server + path)
            pg.wait_for_load_state("networkidle")
            overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (path, width, overflow)
        # the map's legend is under the map, not over it
        pg.goto(server + "/verkenner?indicator=test_weerbaar&jaar=2023")
        pg.wait_for_function("() => { const gd = document.querySelector('#verkenner-kaart "
                             ".js-plotly-plot'); return gd && gd.data && gd.data.length > 0; }")
        kaart = pg.locator(f"#{V}-kaart .nsewdrag").first.bounding_box()
        legenda = pg.locator(f"#{V}-kaart .legend").first.bounding_box()
        assert legenda["y"] >= kaart["y"] + kaart["height"] - 1
    finally:
        context.close()


def test_a_resized_chart_box_redraws_only_when_the_width_changed(page: Page) -> None:
    """dcc.Graph asks plotly to resize a chart whenever its box changes size, also when the box
    only followed the new figure's height; plotly then redraws it 100 ms later. Only a changed
    width needs that (app/assets/wijkmonitor.js, item 5): a wijk with a shorter breakdown is not
    redrawn twice, a narrower window is redrawn to its new width."""
    open_page(page, f"/{V}?indicator=test_weerbaar&jaar=2023")
    _settled(page)
    uits = f"#{V}-uits .js-plotly-plot"
    page.wait_for_function("sel => { const gd = document.querySelector(sel);"
                           " return gd && gd.data && gd.data.length > 0; }", arg=uits)
    # a resize is plotly's relayout({autosize: true}); count it on every chart
    page.evaluate("""() => { window.__autosize = []; window.__pending = [];
        document.querySelectorAll('.js-plotly-plot').forEach(gd => {
            gd.on('plotly_relayout',
                  e => { if (e && e.autosize) window.__autosize.push(gd.parentNode.id); });
            new MutationObserver(list => list.forEach(m => {
                if (gd.classList.contains('dash-graph--pending')
                        && !String(m.oldValue).includes('dash-graph--pending'))
                    window.__pending.push(gd.parentNode.id); }))
                .observe(gd, {attributes: true, attributeFilter: ['class'],
                              attributeOldValue: true}); }); }""")
    hoog = page.evaluate("sel => document.querySelector(sel)._fullLayout.height", uits)
    page.click(f"#{V}-gebied")
    content = page.locator(".dash-dropdown-content")
    content.locator("input.dash-dropdown-search").fill("WK030701")
    content.locator("label").first.click()
    page.wait_for_function("([sel, h]) => document.querySelector(sel)._fullLayout.height !== h",
                           arg=[uits, hoog])  # the fixture's wijk has fewer groups
    _settled(page)
    page.wait_for_timeout(400)  # dcc.Graph waits 50 ms, plotly 100 ms more before it redraws
    assert page.evaluate("window.__autosize") == []
    # drawn once (the new figure), not marked pending again for a resize 50 ms later
    assert page.evaluate("window.__pending").count(f"{V}-uits") == 1
    breed = page.evaluate("sel => document.querySelector(sel)._fullLayout.width", uits)
    page.set_viewport_size({"width": 700, "height": 900})
    page.wait_for_function(
        "([sel, w]) => { const gd = document.querySelector(sel); return gd._fullLayout.width < w"
        " && Math.abs(gd._fullLayout.width - parseFloat(getComputedStyle(gd).width)) <= 1; }",
        arg=[uits, breed])
    assert f"{V}-uits" in page.evaluate("window.__autosize")


def _tel_resizes(page: Page, deel: str) -> str:
    """The Verkenner with a drawn chart `deel`, counting its resizes (plotly's relayout with
    autosize: window.__autosize) and dcc.Graph's pending marks (window.__pending); its selector."""
    open_page(page, f"/{V}?indicator=test_weerbaar&jaar=2023")
    _settled(page)
    sel = f"#{V}-{deel} .js-plotly-plot"
    page.wait_for_function("sel => { const gd = document.querySelector(sel);"
                           " return gd && gd.data && gd.data.length > 0; }", arg=sel)
    page.evaluate("""sel => { window.__autosize = 0; window.__pending = 0;
        const gd = document.querySelector(sel);
        gd.on('plotly_relayout', e => { if (e && e.autosize) window.__autosize += 1; });
        new MutationObserver(() => { if (gd.classList.contains('dash-graph--pending'))
            window.__pending += 1; }).observe(gd, {attributes: true, attributeFilter: ['class']});
        }""", sel)
    return sel


def test_a_chart_out_of_sight_is_not_redrawn_until_it_is_shown(page: Page) -> None:
    """A chart under display: none (the map's cell when the year's areas have no boundaries) is
    not drawn: plotly would wait 100 ms and draw it at its default 700 px out of sight, and
    dcc.Graph would mark it pending 50 ms after the page was drawn (app/assets/wijkmonitor.js,
    item 5). Shown again in a narrower box, it is redrawn to it."""
    kaart = _tel_resizes(page, "kaart")
    breed = page.evaluate("sel => document.querySelector(sel)._fullLayout.width", kaart)
    page.evaluate(f"() => document.getElementById('{V}-kaart-vak').hidden = true")
    page.wait_for_timeout(400)  # dcc.Graph waits 50 ms, plotly 100 ms more before it redraws
    assert page.evaluate("window.__autosize") == 0
    assert page.evaluate("window.__pending") == 0  # dcc.Graph did not even ask for a resize
    # the row narrows while the map is out of sight (not the window: plotly itself watches that)
    page.evaluate(f"() => document.getElementById('{V}-kaart-blok').style.maxWidth = '500px'")
    page.wait_for_timeout(400)
    assert page.evaluate("window.__autosize") == 0
    assert page.evaluate("sel => document.querySelector(sel)._fullLayout.width", kaart) == breed
    page.evaluate(f"() => document.getElementById('{V}-kaart-vak').hidden = false")
    page.wait_for_function(
        "([sel, w]) => { const gd = document.querySelector(sel); return gd._fullLayout.width < w"
        " && Math.abs(gd._fullLayout.width - parseFloat(getComputedStyle(gd).width)) <= 1; }",
        arg=[kaart, breed])
    assert page.evaluate("window.__autosize") == 1


def test_a_chart_block_out_of_sight_keeps_its_chart_as_drawn(page: Page) -> None:
    """A chart block hidden out of sight (visibility hidden, height 0: an indicator without a
    breakdown) is not resized for its lost height (app/assets/wijkmonitor.js, item 5): plotly
    would redraw it 100 ms after the page was drawn. A narrower block still gets its resize."""
    uits = _tel_resizes(page, "uits")
    breed = page.evaluate("sel => document.querySelector(sel)._fullLayout.width", uits)
    page.evaluate(f"() => document.getElementById('{V}-uits-blok').hidden = true")
    assert page.evaluate("sel => document.querySelector(sel).getBoundingClientRect().height",
                         uits) == 0  # the block's height is gone, its width is not
    page.wait_for_timeout(400)  # dcc.Graph waits 50 ms, plotly 100 ms more before it redraws
    assert page.evaluate("window.__autosize") == 0 and page.evaluate("window.__pending") == 0
    page.evaluate(f"() => document.getElementById('{V}-uits-blok').style.maxWidth = '500px'")
    page.wait_for_function("([sel, w]) => document.querySelector(sel)._fullLayout.width < w",
                           arg=[uits, breed])
    assert page.evaluate("window.__autosize") == 1


@pytest.mark.parametrize("pad", ["/verkenner", "/verkenner?indicator=test_weerbaar&jaar=2023"])
def test_opening_the_verkenner_asks_the_server_once(page: Page, pad: str) -> None:
    """The page's first response holds every part drawn; no callback runs after it (not even the
    address bar's Location reporting the address the page was opened with)."""
    bodies: list[str] = []
    page.on("request", lambda r: bodies.append(r.post_data or "") if "_dash-update" in r.url
            else None)
    open_page(page, pad)
    _settled(page)
    page.wait_for_timeout(300)
    assert len(bodies) == 1 and "_pages_content" in bodies[0], [b[:80] for b in bodies]
    expect(page.locator(f"#{V}-kaart .js-plotly-plot .trace").first).to_be_attached()
    expect(page.locator(f"#{V}-trend-oordeel")).not_to_be_empty()


def test_choosing_another_wijk_sends_only_the_outline_of_the_map(page: Page) -> None:
    """A wijk chosen on the same map changes only the map's layout.shapes: the answer carries
    a patch of a few kB, not the map again; the browser draws the outline and names it in the
    legend, and keeps every area."""
    open_page(page, "/verkenner?indicator=test_weerbaar&jaar=2023&gebied=WK030701")
    _settled(page)
    kaart = f"#{V}-kaart .js-plotly-plot"
    page.wait_for_function("sel => { const gd = document.querySelector(sel);"
                           " return gd && gd.data && gd.data.length > 0; }", arg=kaart)
    sporen = page.evaluate("sel => document.querySelector(sel).data.length", kaart)
    with page.expect_response(lambda r: "_dash-update-component" in r.url) as antwoord:
        page.locator(f"#{V}-rang a[data-gebied='WK030702']").click()
    kaart_deel = antwoord.value.json()["response"][f"{V}-kaart"]["figure"]
    assert kaart_deel["__dash_patch_update"] == "__dash_patch_update"
    assert len(json.dumps(kaart_deel)) < 5_000
    page.wait_for_function(
        "sel => (document.querySelector(sel).layout.shapes || []).some("
        "s => s.name && s.name.startsWith('gekozen: ') && !s.name.endsWith('Stadskern'))",
        arg=kaart)
    _settled(page)
    assert page.evaluate("sel => document.querySelector(sel).data.length", kaart) == sporen
    naam = page.locator(f"#{V}-rang a[data-gebied='WK030702'] .rang-naam").inner_text()
    expect(page.locator(f"{kaart} .legend")).to_contain_text(f"gekozen: {naam}")
