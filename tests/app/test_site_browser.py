"""Real Chromium on the server-rendered pages: the start page '/' and the monitor '/monitor'.

Both must be drawn and accept input quickly (a loose bound here; bench/ holds exact figures),
fit a 320 and 390 px phone without sideways scrolling, print on A4, and pass axe.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Browser, Page, expect

expect.set_options(timeout=15_000)

pytestmark = pytest.mark.browser

SITE_PAGES = ["/", "/monitor?thema=Preventie", "/monitor?doel=ME-A", "/monitor?thema=Bevolking",
              "/ontbrekend", "/oordelen"]
# Loose: the pages are plain HTML (tens of ms); the shared 2-core CI machine may be slow.
KLAAR_BINNEN_S = 5.0


def _klaar(page: Page, url: str) -> float:
    """Seconds from navigation until the page is loaded and a script run returns (accepts input)."""
    begin = time.perf_counter()
    page.goto(url)
    page.wait_for_load_state("load")
    assert page.evaluate("1 + 1") == 2
    return time.perf_counter() - begin


def test_start_page_is_ready_fast_and_links_into_the_verkenner(page: Page, warehouse_path) -> None:
    from tests.app.test_start import KAARTEN

    assert _klaar(page, page.base_url + "/") < KLAAR_BINNEN_S  # type: ignore[attr-defined]
    expect(page.locator("main h1")).to_have_text("Amersfoort in één oogopslag")
    # the verdicts worked out by hand (tests/app/test_start.py KAARTEN), shown in the browser
    for code, (waarde, trend, nl, _nl_waarden) in KAARTEN.items():
        k = page.locator(f"#kaart-{code}")
        expect(k.locator(".kaart-waarde")).to_contain_text(waarde.split(" in ")[0])
        expect(k.locator("dd").nth(0)).to_have_text(trend)
        expect(k.locator("dd").nth(1)).to_contain_text(nl)
    kaart = page.locator("#kaart-test_weerbaar")
    expect(kaart.get_by_role("link")).to_have_attribute("href", "/verkenner?indicator=test_weerbaar")
    # the table of contents moves to an effect; the keyboard reaches the first card's link
    page.get_by_role("link", name="Omzien naar elkaar").click()
    expect(page).to_have_url(re.compile(r"#effect-ME-C$"))
    page.keyboard.press("Tab")
    active = page.evaluate("document.activeElement.closest('li.kaart')?.id || document.activeElement.textContent")
    assert active  # focus moved on from the heading's link into the content


def test_monitor_page_is_ready_fast_and_the_form_changes_the_view(page: Page) -> None:
    assert _klaar(page, page.base_url + "/monitor?thema=Preventie") < KLAAR_BINNEN_S  # type: ignore[attr-defined]
    expect(page.locator("#monitor-titel")).to_have_text("Preventie")
    page.select_option("#monitor-thema", "Cliëntervaring")
    page.get_by_role("button", name="Toon thema").click()
    expect(page).to_have_url(re.compile(r"/monitor\?thema=Cli%C3%ABntervaring$"))
    expect(page.locator("#monitor-ontbrekend li")).to_have_count(1)
    # keyboard: the doel list, Tab to its button, Enter
    page.focus("#monitor-doel")
    page.select_option("#monitor-doel", "RD-01")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Toon doel"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"doel=RD-01$"))
    expect(page.locator("#monitor-tabel tbody tr")).to_have_count(2)


def test_monitor_download_is_the_csv(page: Page) -> None:
    page.goto(page.base_url + "/monitor?thema=Preventie")  # type: ignore[attr-defined]
    with page.expect_download() as info:
        page.locator("#monitor-csv").click()
    assert info.value.suggested_filename.startswith("wijkmonitor_monitor_preventie_")
    with open(info.value.path(), encoding="utf-8-sig") as f:
        assert "test_weerbaar" in f.read()


@pytest.mark.parametrize("breedte", [320, 390])
def test_no_sideways_scrolling_on_a_phone(browser: Browser, server: str, breedte: int) -> None:
    context = browser.new_context(viewport={"width": breedte, "height": 800})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    try:
        for pad in SITE_PAGES:
            pg.goto(server + pad)
            breed = pg.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert breed[0] <= breed[1], (pad, breed)
            # nothing sticks out of the page, not even inside a scrolling region
            uit = pg.evaluate("""() => [...document.querySelectorAll('main *')].filter(e => {
                const r = e.getBoundingClientRect(); return r.width > 0 && r.right > window.innerWidth + 1;
            }).map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5)""")
            assert not uit, (pad, breedte, uit)
    finally:
        context.close()


def test_pages_fit_a4_when_printed(browser: Browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 703, "height": 1000})  # A4 minus margins
    pg = context.new_page()
    try:
        for pad in SITE_PAGES:
            pg.goto(server + pad)
            pg.emulate_media(media="print")
            breed = pg.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert breed[0] <= breed[1], (pad, breed)
            expect(pg.locator(".kop nav")).to_be_hidden()
            pg.emulate_media(media="screen")
        pdf = pg.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
    finally:
        context.close()


@pytest.mark.parametrize("breedte", [1300, 390])
def test_site_pages_pass_axe(browser: Browser, server: str, breedte: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": breedte, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    axe = Axe()
    problems = {}
    try:
        for pad in SITE_PAGES:
            pg.goto(server + pad)
            result = axe.run(pg, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                      "best-practice"]})
            bad = [v for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
            if bad:
                problems[pad] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
    finally:
        context.close()
    assert not problems, problems
