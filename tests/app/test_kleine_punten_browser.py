"""The smaller points of issue 22 (point 6) in real Chromium: the dropdowns' focus ring, the map
before the programme block on a phone, wijkprofiel headers and card labels without a word broken.

Against `python -m app` on the small fixture warehouse (conftest `server`); the area names are the
real CBS names of Amersfoort's wijken.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser
expect.set_options(timeout=15_000)

V = "verkenner"

# Every word of the elements' text nodes drawn on one line: a word whose Range has client
# rectangles on two lines was broken inside ('Vergelijkbaa/r'). A hyphen or slash may end a line.
GEBROKEN_WOORDEN = """(sel) => {
    const uit = [];
    for (const el of document.querySelectorAll(sel)) {
        const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        let n;
        while ((n = w.nextNode())) {
            for (const m of n.data.matchAll(/[^\\s\\-\\/]+/g)) {
                const r = document.createRange();
                r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
                const regels = new Set([...r.getClientRects()].filter(x => x.width > 0)
                                       .map(x => Math.round(x.top)));
                if (regels.size > 1) { uit.push(m[0]); }
            }
        }
    }
    return uit;
}"""

# A card's label is the cell's ::before (content: attr(data-kop)): its longest word, measured in
# the label's font, fits the label's grid column.
TE_SMALLE_LABELS = """(sel) => {
    const ctx = document.createElement("canvas").getContext("2d");
    const uit = [];
    for (const td of document.querySelectorAll(sel)) {
        const voor = getComputedStyle(td, "::before");
        ctx.font = `${voor.fontStyle} ${voor.fontWeight} ${voor.fontSize} ${voor.fontFamily}`;
        const kolom = parseFloat(getComputedStyle(td).gridTemplateColumns.split(" ")[0]);
        for (const woord of (td.dataset.kop || "").split(/[\\s\\-\\/]+/)) {
            const breed = ctx.measureText(woord).width;
            if (breed > kolom + 0.5) { uit.push([woord, Math.round(breed), Math.round(kolom)]); }
        }
    }
    return uit;
}"""


def _nieuw(browser: Browser, breedte: int) -> Page:
    context = browser.new_context(viewport={"width": breedte, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def _verkenner_klaar(page: Page) -> None:
    expect(page.locator(f"#{V}-titel")).not_to_be_empty()
    expect(page.locator(f"#{V}-kaart .main-svg").first).to_be_attached()


def test_dropdowns_have_the_same_3px_focus_ring_as_the_other_controls(browser: Browser,
                                                                      server: str) -> None:
    page = _nieuw(browser, 1366)
    try:
        page.goto(server + "/verkenner?indicator=test_weerbaar")
        _verkenner_klaar(page)
        ringen = {}
        for _ in range(40):
            page.keyboard.press("Tab")
            el = page.evaluate("""() => { const e = document.activeElement,
                                          s = getComputedStyle(e);
                const soort = e.classList.contains('dash-dropdown') ? 'dropdown'
                    : e.classList.contains('modebar-btn') ? 'modebar' : e.tagName;
                return [e.id || e.className, soort, s.outlineStyle, s.outlineWidth]; }""")
            ringen.setdefault(el[1], set()).add((el[2], el[3]))
        assert ringen["dropdown"] == {("solid", "3px")}, ringen  # Dash's own ring was 1 px
        assert ringen["modebar"] == {("solid", "3px")}, ringen  # plotly's too
        assert ringen["BUTTON"] == {("solid", "3px")} and ringen["A"] == {("solid", "3px")}
    finally:
        page.context.close()


@pytest.mark.parametrize("breedte", [390, 320])
def test_on_a_phone_the_map_comes_before_the_programme_block(browser: Browser, server: str,
                                                             breedte: int) -> None:
    page = _nieuw(browser, breedte)
    try:
        page.goto(server + "/verkenner?doel=RD-05")
        _verkenner_klaar(page)
        acties = page.locator(f"#{V}-acties .acties-titel")
        expect(acties).to_have_text("Wat doen we eraan")

        def boven(locator) -> float:
            return locator.evaluate("e => e.getBoundingClientRect().top + scrollY")

        kaart, trend = page.locator(f"#{V}-kaart-kop"), page.locator(f"#{V}-trend-kop")
        assert boven(kaart) < boven(acties) < boven(trend)
        # the same order for screen readers and the keyboard: the map section first in the DOM
        assert page.evaluate(f"""() => document.getElementById('{V}-kaart-kop')
            .compareDocumentPosition(document.querySelector('#{V}-acties .acties-titel'))
            & Node.DOCUMENT_POSITION_FOLLOWING""")
        assert page.evaluate("document.documentElement.scrollWidth") <= breedte
    finally:
        page.context.close()


@pytest.mark.parametrize("vergelijk", ["G100PLUS", "WK030732"])
def test_wijkprofiel_headers_with_a_comparison_keep_their_words_at_1366(
        browser: Browser, server: str, vergelijk: str) -> None:
    # 'Bedrijventerrein Vathorst' (WK030733): the longest word of a wijk's name
    page = _nieuw(browser, 1366)
    try:
        page.goto(server + f"/wijkprofiel?gebied=WK030733&indeling=wijk2024&vergelijk={vergelijk}&volledig=1")
        koppen = page.locator("table.profiel-tabel thead th")
        expect(koppen.first).to_be_visible()
        assert "Bedrijventerrein Vathorst" in koppen.all_inner_texts()
        assert page.evaluate(GEBROKEN_WOORDEN, "table.profiel-tabel thead th") == []
        # no header runs into the next one
        over = page.evaluate("""() => [...document.querySelectorAll('table.profiel-tabel thead th')]
            .filter(th => th.scrollWidth > th.clientWidth).map(th => th.textContent)""")
        assert over == []
    finally:
        page.context.close()


@pytest.mark.parametrize("breedte", [390, 320])
def test_wijkprofiel_card_labels_are_not_broken_inside_a_word(browser: Browser, server: str,
                                                              breedte: int) -> None:
    page = _nieuw(browser, breedte)
    labels = ".telling td[data-kop], table.profiel-tabel td[data-kop]"
    try:
        # Stadskern has judged rows (the summary's counts); Bedrijventerrein Vathorst the longest
        # column label ('Bedrijventerrein')
        for gebied in ("WK030701", "WK030733"):
            page.goto(server + f"/wijkprofiel?gebied={gebied}&indeling=wijk2024&vergelijk=G100PLUS&volledig=1")
            expect(page.locator("table.profiel-tabel").first).to_be_visible()
            assert page.evaluate(TE_SMALLE_LABELS, labels) == [], gebied
            assert page.evaluate(GEBROKEN_WOORDEN, ".telling tbody th, table.profiel-tabel tbody th") == []
            assert page.evaluate("document.documentElement.scrollWidth") <= breedte
            if gebied == "WK030701":
                assert page.locator(".telling td[data-kop='Vergelijkbaar']").count() >= 1
    finally:
        page.context.close()


def test_a_no_area_option_replaces_the_clear_link_inside_the_button(browser: Browser,
                                                                    server: str) -> None:
    page = _nieuw(browser, 1366)
    try:
        page.goto(server + "/verkenner?indicator=test_weerbaar&gebied=WK030701")
        _verkenner_klaar(page)
        expect(page.locator(f"#{V}-gebied")).to_contain_text("Stadskern")
        assert page.locator(f"#{V}-gebied a, #{V}-gebied .dash-dropdown-clear").count() == 0
        page.click(f"#{V}-gebied")
        page.get_by_text("Geen gebied (alleen de kaart)").click()
        expect(page).to_have_url(re.compile(r"indicator=test_weerbaar(?!.*gebied=)"))
        expect(page.locator(f"#{V}-gebied")).not_to_contain_text("Stadskern")
    finally:
        page.context.close()
