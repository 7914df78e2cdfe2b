"""The Verkenner's search in real Chromium on the shipped data/ (issue 22): what a user sees first
after typing a topic, in the indicator list and in the goal list.

Runs `python -m app` on the warehouse of data/ (tests/conftest.py: real_warehouse).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.app.conftest import free_port, running

expect.set_options(timeout=15_000)

pytestmark = pytest.mark.browser

V = "verkenner"
OPTIES = ".dash-dropdown-content .dash-dropdown-option"


@pytest.fixture(scope="module")
def echte_server(real_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m app` on the warehouse of the shipped data/."""
    port = free_port()
    env = dict(os.environ, WIJKMONITOR_WAREHOUSE=str(real_warehouse), PORT=str(port),
               HOST="127.0.0.1")
    env.pop("WIJKMONITOR_BASEMAP_URL", None)
    log = tmp_path_factory.mktemp("zoeken") / "app.log"
    url = f"http://127.0.0.1:{port}"
    with running([sys.executable, "-m", "app"], env, log, url + "/healthz"):
        yield url


@pytest.fixture()
def echte_pagina(browser: Browser, echte_server: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    context.close()


def _klaar(page: Page) -> None:
    """The page drawn and idle (the first view of a fresh server on the full data is slow)."""
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-dash-is-loading=true]")).to_have_count(0, timeout=60_000)


def _typ(page: Page, dropdown: str, tekst: str) -> None:
    page.click(f"#{V}-{dropdown}")
    expect(page.locator(".dash-dropdown-content")).to_be_visible()
    page.keyboard.type(tekst, delay=40)
    expect(page.locator(".dash-dropdown-content input.dash-dropdown-search")).to_have_value(tekst)


def test_typing_armoede_shows_the_poverty_indicator_first_and_not_the_selected_one(
        echte_pagina: Page, echte_server: str) -> None:
    page = echte_pagina
    # Opened on a sport indicator: before issue 22, 'armoede' listed sport indicators first.
    page.goto(echte_server + f"/{V}?indicator=jeugd_sport_club")
    _klaar(page)
    gekozen = "% 13-17 jr dat wekelijks sport bij club of sportschool (Preventie)"
    expect(page.locator(f"#{V}-indicator")).to_contain_text(gekozen)
    _typ(page, "indicator", "armoede")
    opties = page.locator(OPTIES)
    expect(opties.first).to_have_text(
        "% personen dat in armoede leeft (Bestaanszekerheid en participatie)")
    expect(opties.nth(1)).to_have_text(
        "% huishoudens met risico op armoede (Bestaanszekerheid en participatie)")
    expect(opties.filter(has_text=gekozen)).to_have_count(0)  # the selected one is not listed
    page.keyboard.press("Escape")  # closing keeps the selected indicator
    expect(page.locator(".dash-dropdown-content")).to_have_count(0)
    expect(page.locator(f"#{V}-indicator")).to_contain_text(gekozen)
    assert "indicator=jeugd_sport_club" in page.url
    _typ(page, "indicator", "armoede")
    expect(opties.first).to_contain_text("in armoede leeft")
    page.keyboard.press("Enter")  # the first hit, as the user sees it
    expect(page).to_have_url(re.compile(r"indicator=armoede_personen"))


def test_typing_a_topic_in_the_goal_list_shows_its_goal_first(
        echte_pagina: Page, echte_server: str) -> None:
    page = echte_pagina
    page.goto(echte_server + f"/{V}")
    _klaar(page)
    for tekst, doel in (("schulden", "RD-07"), ("eenzaamheid", "RD-05")):
        _typ(page, "keuze", tekst)
        expect(page.locator(OPTIES).first).to_contain_text(doel)
        page.keyboard.press("Escape")
        expect(page.locator(".dash-dropdown-content")).to_have_count(0)
    _typ(page, "keuze", "armoede")
    expect(page.locator(OPTIES).first).to_contain_text(
        "RD-07 Minder volwassenen en kinderen ervaren financiële belemmeringen")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"doel=RD-07"))


def _lijst_hoogte(page: Page) -> int:
    """The scroll height of the open list: the dropdown draws only the visible options, but
    sizes its scroll area for all of them."""
    expect(page.locator(OPTIES).first).to_be_visible()
    return int(page.evaluate(
        "Math.max(...[...document.querySelectorAll('.dash-dropdown-content *')]"
        ".map(e => e.scrollHeight))"))


def _achter(page: Page) -> int:
    return int(page.evaluate(f"dash_clientside.zoeken.achtergehouden('{V}-indicator')"))


def test_a_choice_keeps_the_matches_until_the_list_opens_again_whole(
        echte_pagina: Page, echte_server: str) -> None:
    """docs/performance.md: after a search the dropdown keeps its matches (re-indexing the whole
    list of 302 took 60-200 ms after the redraw); opening it again, by pointer or key, shows the
    whole list."""
    page = echte_pagina
    page.goto(echte_server + f"/{V}?indicator=jeugd_sport_club")
    _klaar(page)
    page.click(f"#{V}-indicator")
    heel = _lijst_hoogte(page)
    page.keyboard.press("Escape")  # closed without a search: nothing held back
    expect(page.locator(".dash-dropdown-content")).to_have_count(0)
    assert _achter(page) == 0
    for opener in ("pointer", "ArrowDown", "Enter"):
        _typ(page, "indicator", "armoede")
        assert _lijst_hoogte(page) < heel / 3  # the matches only
        page.locator(OPTIES).first.click()
        expect(page).to_have_url(re.compile(r"indicator=armoede_personen"))
        _klaar(page)
        assert _achter(page) > 250  # the whole list, held back
        if opener == "pointer":
            page.click(f"#{V}-indicator")
        else:
            page.locator(f"#{V}-indicator").focus()
            page.keyboard.press(opener)
        # the whole list again (a row more or less: the chosen option is another one)
        assert abs(_lijst_hoogte(page) - heel) < heel * 0.02
        assert _achter(page) == 0
        page.keyboard.press("Escape")
        expect(page.locator(".dash-dropdown-content")).to_have_count(0)
        page.goto(echte_server + f"/{V}?indicator=jeugd_sport_club")
        _klaar(page)
