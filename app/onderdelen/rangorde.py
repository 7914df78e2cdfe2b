"""The ranking beside the Verkenner's map: the areas in ranking order (data) and as HTML.

A row holds the area's name, a bar as long as its value in the colour of its map class, and the
value in a column of its own; a dashed line marks the gemeente's value. Each row is a link to the
view with that area chosen (a plain click chooses it in place: app/assets/wijkmonitor.js). It is
one server-escaped HTML block in one component: a plotly bar chart of 31 wijken or 134 buurten cost the
browser 100–300 ms per draw, most of it laying out its tick labels (docs/performance.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape
from typing import TYPE_CHECKING

from dash import html

from app import components, fmt, rules
from app.onderdelen import kaart_figures
from app.onderdelen.stijl import BALK_KLEUR

if TYPE_CHECKING:
    from app.onderdelen.kaart import Gebiedswaarde, KaartData


def rangorde(kd: KaartData) -> tuple[tuple[Gebiedswaarde, ...], str]:
    """The areas with a value, worst first by the gewenste richting, and how they are ordered.

    'hoger' desired: lowest value first; 'lager' desired: highest first; neutral indicators from
    high to low (no 'worst'). Ties by name; an area whose value is not a number comes last (by
    name). Areas without a value are not ranked.
    """
    met = [r for r in kd.rijen if r.status == fmt.STATUS_WAARDE]
    richting = kd.indicator.get("gewenste_richting")
    teken = 1.0 if richting == rules.HOGER else -1.0
    getallen = sorted((r for r in met if not math.isnan(r.waarde)),
                      key=lambda r: (teken * r.waarde, r.naam))
    zonder = sorted((r for r in met if math.isnan(r.waarde)), key=lambda r: r.naam)
    if richting == rules.HOGER:
        uitleg = "slechtste eerst: laagste waarde bovenaan (hoger is beter)"
    elif richting == rules.LAGER:
        uitleg = "slechtste eerst: hoogste waarde bovenaan (lager is beter)"
    else:
        uitleg = "van hoog naar laag (geen gewenste richting: hoger is niet beter of slechter)"
    return (*getallen, *zonder), uitleg


def _schaal(waarden: list[float]) -> tuple[float, float]:
    """(low, high) of the bar scale: zero included (a bar's length is its value)."""
    laag, hoog = min([0.0, *waarden]), max([0.0, *waarden])
    return (laag, laag + 1.0) if hoog == laag else (laag, hoog)


def _pct(x: float) -> str:
    return f"{x:.2f}%"


def rangorde_html(kd: KaartData, rij: Sequence[Gebiedswaarde], uitleg: str, link: Callable[[str], str],
                  gekozen: str | None = None, element_id: str | None = None,
                  weergave: str = "waarde") -> html.Div:
    """The ranking of `rij` (rangorde.rangorde's order); `link(code)` is the address that chooses an
    area, `gekozen` the chosen area (marked, and named to screen readers as the current one).
    A bar has the colour of its area on the map drawn with `weergave` (the value, or the
    difference with the gemeente); its length is always the value."""
    eenheid = kd.indicator["eenheid"]
    waarden = [float(r.waarde) for r in rij]
    d = fmt.decimalen(waarden + [kd.gemeente_waarde])
    klassen, op_verschil = kaart_figures.kaart_klassen(kd, weergave)
    laag, hoog = _schaal(waarden + ([kd.gemeente_waarde] if kd.gemeente_waarde is not None else []))
    breedte = hoog - laag
    ref = ((kd.gemeente_waarde - laag) / breedte * 100 if kd.gemeente_waarde is not None
           else None)
    lijn = f'<span class="rang-ref" style="left:{_pct(ref)}"></span>' if ref is not None else ""
    rijen = []
    for r, w in zip(rij, waarden, strict=True):
        naam, code, s = r.naam, r.gebied_code, r.soort
        kleur = (klassen[kaart_figures.klasse_index_van(w, r.verschil, klassen, op_verschil)].kleur
                 if klassen else BALK_KLEUR)
        links = (min(w, 0.0) - laag) / breedte * 100
        lengte = abs(w) / breedte * 100
        tekst = fmt.waarde(w, eenheid, decimalen=d, soort=s)
        huidig = ' aria-current="true" class="gekozen"' if str(code) == gekozen else ""
        rijen.append(
            f'<li><a href="{escape(link(str(code)))}" data-gebied="{escape(str(code))}"{huidig}>'
            f'<span class="rang-naam">{escape(str(naam))}</span>'
            f'<span class="rang-spoor"><span class="rang-balk" style="left:{_pct(links)};'
            f'width:{_pct(lengte)};background:{escape(kleur)}"></span>{lijn}</span>'
            f'<span class="rang-waarde">{escape(tekst)}</span></a></li>')
    referentie = ""
    if ref is not None:
        referentie = (f'<p class="rang-ref-uitleg"><span class="rang-ref-teken" aria-hidden="true">'
                      f'</span>{escape(kd.gemeente_naam)}: '
                      f'{escape(fmt.waarde(kd.gemeente_waarde, eenheid, decimalen=d))} '
                      f'(de streeplijn)</p>')
    kop = (f'<p class="rang-titel"><strong>Rangorde, {escape(kd.periode_label)}</strong> '
           f'({escape(uitleg)}). Kies een gebied door erop te klikken.</p>')
    lijst = '<ol class="rang-lijst">' + "".join(rijen) + "</ol>"
    return components.ruwe_html(kop + referentie + lijst, "rangorde", element_id)
