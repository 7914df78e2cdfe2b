"""The map's hover label in real Chromium, in the Verkenner and in the embed (/embed/kaart).

A wijk with a name longer than plotly's default cut-off of 15 characters (Park Schothorst,
Leusderkwartier) is hovered; the label must hold its whole name and value, as dark text on a
solid light box with a border, at a WCAG contrast of at least 4.5:1 (issue 22, point 4).
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
expect.set_options(timeout=15_000)

INDICATOR = "cbs_pct_65_jaar_en_ouder"  # the real CBS Kerncijfers, copied into the fixture data
# WCAG 2.1 SC 1.4.3: normal text needs 4.5:1 against its background.
MIN_CONTRAST = 4.5


def _kanaal(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def contrast(rgb1: str, rgb2: str) -> float:
    """WCAG contrast ratio of two CSS colours written as 'rgb(r, g, b)'."""
    def luminantie(rgb: str) -> float:
        r, g, b = (float(x) for x in re.findall(r"[\d.]+", rgb)[:3])
        return 0.2126 * _kanaal(r) + 0.7152 * _kanaal(g) + 0.0722 * _kanaal(b)
    hoog, laag = sorted((luminantie(rgb1), luminantie(rgb2)), reverse=True)
    return (hoog + 0.05) / (laag + 0.05)


def test_contrast_formula_matches_known_pairs() -> None:
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21.0)
    assert contrast("rgb(118, 118, 118)", "rgb(255, 255, 255)") == pytest.approx(4.54, abs=0.01)
    assert contrast("rgb(119, 119, 119)", "rgb(255, 255, 255)") < MIN_CONTRAST  # just below


def _label_punt(warehouse: Path, code: str, indeling: str) -> tuple[float, float]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("SELECT label_lon, label_lat FROM gebied_geometrie "
                           "WHERE gebied_code = ? AND indeling = ?", [code, indeling]).fetchone()


def _hover(page: Page, grafiek: str, lon: float, lat: float) -> dict:
    """Move the mouse onto (lon, lat) of the map `grafiek` (a .js-plotly-plot selector); the
    hover label's text, its box's fill and border, its text colour and any name outside it."""
    expect(page.locator(f"{grafiek} .nsewdrag")).to_have_count(1)
    x, y = page.evaluate(
        """([sel, lon, lat]) => {
            const gd = document.querySelector(sel);
            gd.scrollIntoView({block: 'center'});
            const r = gd.querySelector('.nsewdrag').getBoundingClientRect();
            return [r.left + gd._fullLayout.xaxis.l2p(lon), r.top + gd._fullLayout.yaxis.l2p(lat)];
        }""", [grafiek, lon, lat])
    page.mouse.move(x, y)
    label = page.locator(f"{grafiek} .hoverlayer g.hovertext")
    expect(label).to_have_count(1)
    return label.evaluate(
        """g => {
            const box = getComputedStyle(g.querySelector('path'));
            const naam = g.querySelector('text.name');
            return {tekst: g.querySelector('text.nums').textContent,
                    kleur: getComputedStyle(g.querySelector('text.nums')).fill,
                    vulling: box.fill, rand: box.stroke,
                    naam_buiten: naam ? naam.textContent : ''};
        }""")


def _leesbaar(label: dict, naam: str, waarde: str) -> None:
    assert naam in label["tekst"] and waarde in label["tekst"], label
    assert "..." not in label["tekst"] and label["naam_buiten"] == "", label
    assert label["vulling"] == "rgb(255, 255, 255)", label  # a solid white box
    assert label["rand"] not in ("", "none", label["vulling"]), label  # with a visible border
    assert contrast(label["kleur"], label["vulling"]) >= MIN_CONTRAST, label


@pytest.mark.parametrize(("jaar", "code", "indeling", "naam", "waarde"), [
    (2024, "WK030716", "wijk2024", "Leusderkwartier", "18%"),
    (2019, "WK030723", "wijk2019", "Park Schothorst", "32%"),
])
def test_hover_label_shows_the_whole_name_dark_on_a_white_box(
        page: Page, warehouse_path: Path, jaar: int, code: str, indeling: str, naam: str,
        waarde: str) -> None:
    lon, lat = _label_punt(warehouse_path, code, indeling)
    base = page.base_url  # type: ignore[attr-defined]
    page.goto(f"{base}/verkenner?indicator={INDICATOR}&jaar={jaar}")
    _leesbaar(_hover(page, "#verkenner-kaart .js-plotly-plot", lon, lat), naam, waarde)
    page.goto(f"{base}/embed/kaart?indicator={INDICATOR}&jaar={jaar}")
    _leesbaar(_hover(page, ".js-plotly-plot", lon, lat), naam, waarde)
