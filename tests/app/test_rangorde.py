"""The ranking beside the map as HTML (app/rangorde.py): order, bar lengths, the gemeente's line,
links that choose an area, escaping and negative values."""

from __future__ import annotations

import dataclasses
import re

import pytest

from app import data, rangorde

GM = "GM0307"


def _html(kd: data.KaartData, gekozen: str | None = None) -> str:
    rij, uitleg = data.rangorde(kd)
    return rangorde.rangorde_html(kd, rij, uitleg, lambda code: f"?gebied={code}&x=<1>",
                                  gekozen).children


def _balken(html: str) -> list[tuple[float, float]]:
    """(left %, width %) of every bar, in row order."""
    return [(float(a), float(b)) for a, b in
            re.findall(r'class="rang-balk" style="left:([-\d.]+)%;width:([\d.]+)%', html)]


def test_rows_in_ranking_order_with_bars_as_long_as_their_values(db) -> None:
    kd = data.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    rij, _ = data.rangorde(kd)
    html = _html(kd)
    assert re.findall(r'<span class="rang-naam">([^<]*)</span>', html) == list(rij["naam"])
    balken = _balken(html)
    waarden = list(rij["waarde"])
    hoogste = max(waarden + [kd.gemeente_waarde])
    for (links, breedte), w in zip(balken, waarden, strict=True):
        assert links == 0 and breedte == pytest.approx(w / hoogste * 100, abs=0.01)
    ref = float(re.search(r'class="rang-ref" style="left:([\d.]+)%', html).group(1))
    assert ref == pytest.approx(kd.gemeente_waarde / hoogste * 100, abs=0.01)
    assert f"{kd.gemeente_naam}: " in html and "(de streeplijn)" in html


def test_each_row_links_to_its_area_and_the_chosen_one_is_marked(db) -> None:
    kd = data.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    html = _html(kd, gekozen="WK030702")
    assert 'href="?gebied=WK030701&amp;x=&lt;1&gt;" data-gebied="WK030701">' in html
    gekozen = re.findall(r'data-gebied="(\w+)" aria-current="true" class="gekozen"', html)
    assert gekozen == ["WK030702"]


def test_names_are_escaped_and_negative_values_grow_left_from_zero(db) -> None:
    kd = data.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    rij, _ = data.rangorde(kd)
    g = kd.gebieden.copy()
    eerste = rij["gebied_code"].iloc[0]
    g.loc[g["gebied_code"] == eerste, "naam"] = "<script>x</script> & co"
    g.loc[g["gebied_code"] == eerste, "waarde"] = -10.0
    kd2 = dataclasses.replace(kd, gebieden=g, gemeente_waarde=None)
    html = _html(kd2)
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt; &amp; co" in html
    assert "rang-ref" not in html and "streeplijn" not in html  # no gemeente figure: no line
    rij2, _ = data.rangorde(kd2)
    balken = dict(zip(rij2["gebied_code"], _balken(html), strict=True))
    laag, hoog = -10.0, max(rij2["waarde"])
    nul = 10.0 / (hoog - laag) * 100
    links, breedte = balken[eerste]
    assert links == pytest.approx(0) and breedte == pytest.approx(nul, abs=0.01)
    anders = [v for k, v in balken.items() if k != eerste]
    assert all(x == pytest.approx(nul, abs=0.01) for x, _ in anders)  # they start at zero


def test_a_single_value_and_all_zero_values_draw_without_dividing_by_zero(db) -> None:
    kd = data.kaart(db, "test_weerbaar", 2023, "wijk", GM)
    g = kd.gebieden.assign(waarde=[0.0] * len(kd.gebieden))
    html = _html(dataclasses.replace(kd, gebieden=g, gemeente_waarde=0.0))
    balken = _balken(html)
    assert balken and all(breedte == 0 for _, breedte in balken)
    assert html.count("<li>") == (kd.gebieden["status"] == "waarde").sum()
