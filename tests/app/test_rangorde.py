"""The ranking beside the map as HTML (app/onderdelen/rangorde.py): order, bar lengths, the gemeente's line,
links that choose an area, escaping and negative values."""

from __future__ import annotations

import dataclasses
import re

import pytest

from app.components import html_van
from app.onderdelen import kaart, rangorde
from app.onderdelen import kaart_figures as figures

GM = "GM0307"


def _html(kd: kaart.KaartData, gekozen: str | None = None, weergave: str = "waarde") -> str:
    rij, uitleg = rangorde.rangorde(kd)
    return html_van(rangorde.rangorde_html(kd, rij, uitleg, lambda code: f"?gebied={code}&x=<1>",
                                           gekozen, weergave=weergave))


def _kleuren(html: str) -> dict[str, str]:
    """The bar colour of every row, by gebied code."""
    return dict(re.findall(r'data-gebied="(\w+)"[^>]*>.*?class="rang-balk" style="[^"]*'
                           r'background:(#[0-9a-f]{6})"', html))


def _balken(html: str) -> list[tuple[float, float]]:
    """(left %, width %) of every bar, in row order."""
    return [(float(a), float(b)) for a, b in
            re.findall(r'class="rang-balk" style="left:([-\d.]+)%;width:([\d.]+)%', html)]


def test_rows_in_ranking_order_with_bars_as_long_as_their_values(db) -> None:
    kd = kaart.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    rij, _ = rangorde.rangorde(kd)
    html = _html(kd)
    assert re.findall(r'<span class="rang-naam">([^<]*)</span>', html) == [r.naam for r in rij]
    balken = _balken(html)
    waarden = [r.waarde for r in rij]
    hoogste = max(waarden + [kd.gemeente_waarde])
    for (links, breedte), w in zip(balken, waarden, strict=True):
        assert links == 0 and breedte == pytest.approx(w / hoogste * 100, abs=0.01)
    ref = float(re.search(r'class="rang-ref" style="left:([\d.]+)%', html).group(1))
    assert ref == pytest.approx(kd.gemeente_waarde / hoogste * 100, abs=0.01)
    assert f"{kd.gemeente_naam}: " in html and "(de streeplijn)" in html


def test_each_row_links_to_its_area_and_the_chosen_one_is_marked(db) -> None:
    kd = kaart.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    html = _html(kd, gekozen="WK030702")
    assert 'href="?gebied=WK030701&amp;x=&lt;1&gt;" data-gebied="WK030701">' in html
    gekozen = re.findall(r'data-gebied="(\w+)" aria-current="true" class="gekozen"', html)
    assert gekozen == ["WK030702"]


def test_names_are_escaped_and_negative_values_grow_left_from_zero(db) -> None:
    kd = kaart.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    rij, _ = rangorde.rangorde(kd)
    eerste = rij[0].gebied_code
    g = tuple(dataclasses.replace(r, naam="<script>x</script> & co", waarde=-10.0)
              if r.gebied_code == eerste else r for r in kd.rijen)
    kd2 = dataclasses.replace(kd, rijen=g, gemeente_waarde=None)
    html = _html(kd2)
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt; &amp; co" in html
    assert "rang-ref" not in html and "streeplijn" not in html  # no gemeente figure: no line
    rij2, _ = rangorde.rangorde(kd2)
    balken = dict(zip([r.gebied_code for r in rij2], _balken(html), strict=True))
    laag, hoog = -10.0, max(r.waarde for r in rij2)
    nul = 10.0 / (hoog - laag) * 100
    links, breedte = balken[eerste]
    assert links == pytest.approx(0) and breedte == pytest.approx(nul, abs=0.01)
    anders = [v for k, v in balken.items() if k != eerste]
    assert all(x == pytest.approx(nul, abs=0.01) for x, _ in anders)  # they start at zero


def test_a_single_value_and_all_zero_values_draw_without_dividing_by_zero(db) -> None:
    kd = kaart.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    g = tuple(dataclasses.replace(r, waarde=0.0) for r in kd.rijen)
    html = _html(dataclasses.replace(kd, rijen=g, gemeente_waarde=0.0))
    balken = _balken(html)
    assert balken and all(breedte == 0 for _, breedte in balken)
    assert html.count("<li>") == (kd.gebieden["status"] == "waarde").sum()


def test_bars_take_the_colour_of_their_area_on_the_map_in_either_view(db) -> None:
    """Fixture 2023, Amersfoort 75%; the colours fixed by hand from the palettes of
    app/onderdelen/kaart_figures.py. Values: quantile classes 60|66|70|72|76|80 (YlGnBu). Differences: the
    'gelijk' margin is 2 procentpunt and the outer bound 6 (PuOr); +2 and -6 sit exactly on
    a bound and fall in the outer class, -1 just inside the margin."""
    kd = kaart.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    assert _kleuren(_html(kd)) == {
        "WK030702": "#ffffcc",  # Nederberg 60
        "WK030707": "#a1dab4",  # Kruiskamp 66
        "WK030709": "#a1dab4",  # Schothorst-Noord 69
        "WK030706": "#41b6c4",  # De Koppel 71
        "WK030708": "#2c7fb8",  # Schothorst-Zuid 74
        "WK030710": "#253494",  # Liendert 77
        "WK030701": "#253494",  # Stadskern 80
    }
    assert _kleuren(_html(kd, weergave="verschil")) == {
        "WK030702": "#e66101",  # Nederberg -15
        "WK030707": "#e66101",  # Kruiskamp -9
        "WK030709": "#e66101",  # Schothorst-Noord -6: on the outer bound
        "WK030706": "#fdb863",  # De Koppel -4
        "WK030708": "#f7f7f7",  # Schothorst-Zuid -1: within the margin
        "WK030710": "#b2abd2",  # Liendert +2: on the margin's bound, 'hoger'
        "WK030701": "#b2abd2",  # Stadskern +5
    }
    # and the map draws each area in the same colour
    kleur_op_kaart = {t["meta"]: t["fillcolor"] for t in figures.kaart_figuur(kd, "verschil")["data"]
             if t.get("meta")}
    assert all(kleur_op_kaart[code] == kleur for code, kleur in _kleuren(_html(kd, weergave="verschil")).items())
