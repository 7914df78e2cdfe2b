"""The choropleth's figure: class breaks, palettes, area outlines and the map as a Plotly dict.

Pure functions of KaartData (app/onderdelen/kaart.py): no Dash, no SQL. Shared looks: stijl.py.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING, Any

import numpy as np
import orjson

from app import fmt, gebieden, rules
from app.onderdelen.stijl import (
    BASIS_LAYOUT,
    FONT,
    GEEN_WAARDE_KLEUR,
    PATROON_KLEUR,
    STATUS_PATROON,
    Figuur,
    titel_en_marge,
)

if TYPE_CHECKING:
    from app.onderdelen.kaart import Gebiedswaarde, KaartData

# Sequential palette for values: ColorBrewer YlGnBu, 5 classes. Colour-blind safe and still
# ordered when printed in grey; light = low, dark = high, as readers expect of a choropleth.
SEQUENTIEEL = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
# Diverging palette for differences with the gemeente: ColorBrewer PuOr, 5 classes, colour-blind
# safe; orange = lower, purple = higher, neutral middle = within the 'gelijk' margin.
DIVERGEREND = ("#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99")
# Number of value classes: five classes are still told apart reliably on a map (Brewer).
KLASSEN = 5
# Class-break method: quantiles (each class holds about as many areas), bounds rounded to a
# readable step. Robust to one extreme area (a business park) that would flatten equal intervals.
KLASSEMETHODE = "kwantielen, afgerond"

def klassemethode(waarden: Sequence[float]) -> str:
    """How the map's value classes were made, in words (the map's explanation says it)."""
    n = len({float(x) for x in waarden if fmt.is_getal(x)})
    if n == 1:
        return "één waarde, één klasse"
    if 0 < n <= KLASSEN:
        return "één klasse per waarde (weinig verschillende waarden)"
    return KLASSEMETHODE



RAND_KLEUR = "#4d4d4d"
RAND_BREEDTE = 0.6
SELECTIE_KLEUR = "#000000"
SELECTIE_BREEDTE = 3.5

# ("Leusderkwart...") should a trace name ever be shown.
KAART_HOVERLABEL: dict[str, Any] = dict(
    bgcolor="#ffffff", bordercolor=RAND_KLEUR, namelength=-1, align="left",
    font=dict(color=FONT["color"], family=FONT["family"], size=14))
# Map coordinates are rounded to 5 decimals (about 1 m), more than the simplified boundaries hold.
COORDINAAT_DECIMALEN = 5
# A degree of latitude is 1/cos(lat) times longer than a degree of longitude.
_AMERSFOORT_LAT = 52.16


@dataclass(frozen=True)
class Klasse:
    """One legend class: bounds, colour and label."""

    ondergrens: float
    bovengrens: float
    kleur: str
    label: str


# -- class breaks ------------------------------------------------------------------------------


def _stap(spreiding: float) -> float:
    """A readable rounding step for bounds: 1, 2 or 5 times a power of ten."""
    if spreiding <= 0 or not math.isfinite(spreiding):
        return 1.0
    ruw = spreiding / (KLASSEN * 2)
    macht = 10 ** math.floor(math.log10(ruw))
    for factor in (1, 2, 5, 10):
        if ruw <= factor * macht:
            return factor * macht
    return 10 * macht


def klassegrenzen(waarden: Sequence[float], klassen: int = KLASSEN) -> list[float]:
    """Rounded quantile bounds [min, b1, ..., max]; fewer classes when values are few or tied."""
    v = np.asarray([float(x) for x in waarden if fmt.is_getal(x)])
    if v.size == 0:
        return []
    lo, hi = float(v.min()), float(v.max())
    if lo == hi:
        return [lo, hi]
    stap = _stap(hi - lo)
    binnen = [round(float(np.quantile(v, q / klassen)) / stap) * stap for q in range(1, klassen)]
    grenzen = [math.floor(lo / stap) * stap]
    for b in binnen:
        if grenzen[-1] < b < hi:
            grenzen.append(b)
    grenzen.append(math.ceil(hi / stap) * stap)
    return [round(g, 10) for g in grenzen]


def klasse_index(waarde: float, grenzen: list[float]) -> int:
    """Index of the class a value falls in: lower bound included, the last class closed."""
    for i in range(len(grenzen) - 2, -1, -1):
        if waarde >= grenzen[i]:
            return i
    return 0


def _kleuren(n: int, palet: tuple[str, ...]) -> list[str]:
    if n >= len(palet):
        return list(palet)
    idx = np.round(np.linspace(0, len(palet) - 1, n)).astype(int)
    return [palet[i] for i in idx]


# A single value on the map gets this colour of the sequential palette: clearly a colour, not the
# near-white of the lowest class (which would read as 'low' or 'no value').
ENKELE_WAARDE_KLEUR = SEQUENTIEEL[3]


def waarde_klassen(waarden: Sequence[float], eenheid: str) -> list[Klasse]:
    """Sequential classes for the values of the map.

    At most KLASSEN distinct values: one class per value (categorical: '4,0%', '5,0%'), so a map
    of few values is not stretched over quantile bounds; a single value gets ENKELE_WAARDE_KLEUR.
    """
    getallen = sorted({float(x) for x in waarden if fmt.is_getal(x)})
    if 0 < len(getallen) <= KLASSEN:
        d = fmt.decimalen(getallen)
        kleuren = ([ENKELE_WAARDE_KLEUR] if len(getallen) == 1
                   else _kleuren(len(getallen), SEQUENTIEEL))
        return [Klasse(v, v, k, fmt.waarde(v, eenheid, decimalen=d))
                for v, k in zip(getallen, kleuren, strict=True)]
    grenzen = klassegrenzen(waarden)
    if not grenzen:
        return []
    n = max(len(grenzen) - 1, 1)
    kleuren = _kleuren(n, SEQUENTIEEL)
    out = []
    for i in range(n):
        lo, hi = grenzen[i], grenzen[min(i + 1, len(grenzen) - 1)]
        laatste = i == n - 1
        if lo == hi:
            label = fmt.waarde(lo, eenheid)
        elif laatste:
            label = f"{fmt.getal(lo)} t/m {fmt.waarde(hi, eenheid)}"
        else:
            label = f"{fmt.getal(lo)} tot {fmt.waarde(hi, eenheid)}"
        out.append(Klasse(lo, hi, kleuren[i], label))
    return out


def verschil_klassen(verschillen: Sequence[float], eenheid: str, referentie: float) -> list[Klasse]:
    """Diverging classes around 0: the middle class is the 'gelijk' margin of app.rules."""
    d = rules.drempel(referentie, eenheid)
    v = np.asarray([abs(float(x)) for x in verschillen if fmt.is_getal(x)])
    groot = v[v >= d]
    m = float(np.median(groot)) if groot.size else 2 * d
    stap = _stap(m * 2) if m > 0 else 1.0
    m = max(round(m / stap) * stap, d + stap)
    unit = fmt.verschil_eenheid(eenheid)
    dt, mt = fmt.verschil(d, eenheid), fmt.verschil(m, eenheid)
    return [
        Klasse(-math.inf, -m, DIVERGEREND[0], f"{fmt.getal(-m)} {unit} of lager".strip()),
        Klasse(-m, -d, DIVERGEREND[1], f"lager (tot {fmt.getal(-d)} {unit})".strip()),
        Klasse(-d, d, DIVERGEREND[2], f"vergelijkbaar (minder dan {dt.lstrip('+')} verschil)"),
        Klasse(d, m, DIVERGEREND[3], f"hoger (vanaf {dt})"),
        Klasse(m, math.inf, DIVERGEREND[4], f"{mt} of hoger"),
    ]


def klasse_van(waarde: float, klassen: list[Klasse]) -> int:
    """The index of the class `waarde` falls in (the map's and the ranking's colour)."""
    for i in range(len(klassen) - 1, -1, -1):
        if waarde >= klassen[i].ondergrens:
            return i
    return 0


def _verschil_klasse(diff: float, klassen: list[Klasse]) -> int:
    d = klassen[3].ondergrens
    m = klassen[4].ondergrens
    if abs(diff) < d:
        return 2
    if diff > 0:
        return 4 if diff >= m else 3
    return 0 if diff <= -m else 1


# -- geometry ----------------------------------------------------------------------------------


def _ring_area(ring: list[list[float]]) -> float:
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))


@lru_cache(maxsize=4096)
def ringen(geometry: str) -> tuple[tuple[float | None, ...], tuple[float | None, ...]]:
    """x (lon) and y (lat) of a GeoJSON (Multi)Polygon as one path with None between rings.

    Exteriors counter-clockwise, holes clockwise: the browser's non-zero fill rule then leaves
    holes (an enclosed wijk) unpainted. Coordinates are rounded to COORDINAAT_DECIMALEN. Cached
    by the geometry text (bounded), so a rebuilt warehouse with other boundaries gets new rings.
    """
    geo = json.loads(geometry)
    polys = geo["coordinates"] if geo["type"] == "MultiPolygon" else [geo["coordinates"]]
    xs: list[float | None] = []
    ys: list[float | None] = []
    for poly in polys:
        for i, ring in enumerate(poly):
            ccw = _ring_area(ring) > 0
            if (i == 0) != ccw:
                ring = ring[::-1]
            if xs:
                xs.append(None)
                ys.append(None)
            xs.extend(round(p[0], COORDINAAT_DECIMALEN) for p in ring)
            ys.extend(round(p[1], COORDINAAT_DECIMALEN) for p in ring)
    return tuple(xs), tuple(ys)


def _tegels(lon0: float, lat0: float, lon1: float, lat1: float, url: str) -> list[dict]:
    """Layout images for XYZ tiles covering the extent (only when a basemap is configured)."""
    span = max(lon1 - lon0, 1e-6)
    z = int(min(max(math.floor(math.log2(360 / span)) + 1, 0), 16))
    n = 2**z

    def tx(lon: float) -> int:
        return int((lon + 180) / 360 * n)

    def ty(lat: float) -> int:
        r = math.radians(lat)
        return int((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * n)

    def lat_of(y: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))

    images = []
    for x in range(tx(lon0), tx(lon1) + 1):
        for y in range(ty(lat1), ty(lat0) + 1):
            images.append(dict(
                source=url.replace("{z}", str(z)).replace("{x}", str(x)).replace("{y}", str(y)),
                xref="x", yref="y", x=x / n * 360 - 180, y=lat_of(y),
                sizex=360 / n, sizey=lat_of(y) - lat_of(y + 1),
                xanchor="left", yanchor="top", sizing="stretch", layer="below", opacity=0.6,
            ))
    return images


@lru_cache(maxsize=4096)
def _omvang(geometry: str) -> tuple[float, float, float, float] | None:
    """(min lon, min lat, max lon, max lat) of a geometry, None when it has no points."""
    xs, ys = ringen(geometry)
    lons = [x for x in xs if x is not None]
    lats = [y for y in ys if y is not None]
    if not lons:
        return None
    return min(lons), min(lats), max(lons), max(lats)


# -- map ---------------------------------------------------------------------------------------

def kaart_titel(kd: KaartData) -> str:
    """Title of the map: indicator, period and indeling."""
    indeling = f", {gebieden.indeling_label(kd.indeling)}" if kd.indeling else ""
    return f"{kd.indicator['naam']} — {kd.periode_label}{indeling}"


def hover_tekst(row: Gebiedswaarde, kd: KaartData, eenheid: str | None = None,
                vergelijkbaar: bool | None = None) -> str:
    """'<b>Stadskern</b> · 80% · Amersfoort 75% · verschil +5 procentpunt' (lines joined by
    <br>; the status in words when there is no value). The name is escaped: plotly draws a
    subset of HTML in hover text, and a fill's hover shows only the trace's text. `eenheid` and
    `vergelijkbaar` are the indicator's (looked up when not given: a figure passes them once)."""
    if eenheid is None:
        eenheid = kd.indicator["eenheid"]
    tekst = f"<b>{escape(str(row.naam))}</b><br>" + fmt.waarde(
        row.waarde, eenheid, row.status, soort=row.soort)
    if row.status == fmt.STATUS_WAARDE and row.significant is True:
        tekst += " (significant)"
    if row.status == fmt.STATUS_WAARDE and kd.gemeente_waarde is not None:
        tekst += (f"<br>{kd.gemeente_naam}: "
                  f"{fmt.waarde(kd.gemeente_waarde, eenheid, soort=kd.gemeente_soort)}")
        if vergelijkbaar is None:
            vergelijkbaar = kd.vergelijkbaar_met_gemeente
        if vergelijkbaar:
            tekst += f"<br>verschil: {fmt.verschil(row.verschil, eenheid)}"
        else:  # a count: a wijk's share of the gemeente says more than a difference
            tekst += f"<br>aandeel: {fmt.getal(100 * row.waarde / kd.gemeente_waarde, 1)}%"
    return tekst



def selectie_vormen(kd: KaartData, geselecteerd: str | None) -> list[dict[str, Any]]:
    """The chosen area's outline: a layout shape (a path in the map's coordinates, in the legend
    as 'gekozen: <naam>'), or none. A shape, not a trace: choosing another area changes only
    `layout.shapes`, which the Verkenner sends as a patch and plotly redraws alone."""
    rij = next((r for r in kd.rijen if r.gebied_code == geselecteerd), None) if geselecteerd else None
    if rij is None:
        return []
    xs, ys = ringen(rij.geometry)
    stukken, nieuw = [], True
    for x, y in zip(xs, ys, strict=True):
        if x is None:
            stukken.append("Z")
            nieuw = True
        else:
            stukken.append(f"{'M' if nieuw else 'L'}{x},{y}")
            nieuw = False
    stukken.append("Z")
    return [dict(type="path", path=" ".join(stukken), xref="x", yref="y", layer="above",
                 line=dict(color=SELECTIE_KLEUR, width=SELECTIE_BREEDTE),
                 fillcolor="rgba(0,0,0,0)", name=f"gekozen: {rij.naam}",
                 showlegend=True)]


def kaart_klassen(kd: KaartData, weergave: str = "waarde") -> tuple[list[Klasse], bool]:
    """The map's colour classes and whether they classify the difference with the gemeente
    (weergave 'verschil', for a comparable indicator with a gemeente value) or the value. The
    ranking beside the map (app/onderdelen/rangorde.py) colours its bars by the same classes."""
    met_waarde = [r for r in kd.rijen if r.status == fmt.STATUS_WAARDE]
    if (weergave == "verschil" and kd.gemeente_waarde is not None
            and kd.vergelijkbaar_met_gemeente):
        return verschil_klassen([r.verschil for r in met_waarde], kd.indicator["eenheid"],
                                kd.gemeente_waarde), True
    return waarde_klassen([r.waarde for r in met_waarde], kd.indicator["eenheid"]), False


def gebied_klasse(row: Mapping[str, Any], klassen: list[Klasse], verschil: bool) -> int:
    """The class of an area with a value (`row` has 'waarde' and 'verschil'), as kaart_klassen
    made them: by its difference with the gemeente when `verschil`, else by its value."""
    return klasse_index_van(row["waarde"], row["verschil"], klassen, verschil)


def klasse_index_van(waarde: float, verschil_: float | None, klassen: list[Klasse],
                     verschil: bool) -> int:
    """gebied_klasse of an area's value and difference (no row needed)."""
    if verschil:
        return _verschil_klasse(verschil_, klassen)  # type: ignore[arg-type]
    return klasse_van(waarde, klassen)


def kaart_figuur(kd: KaartData, weergave: str = "waarde", geselecteerd: str | None = None,
                 basemap_url: str | None = None, attributie: str = "") -> Figuur:
    """The choropleth: one filled path per area, coloured by class, patterned when no value.

    One trace per area, not per class: plotly.js reports a click on a fill without a point
    number, and dcc.Graph then passes the trace's whole customdata as the click's customdata,
    so `customdata=[gebied_code]` identifies the clicked area (app/pages/verkenner.py).
    """
    eenheid = kd.indicator["eenheid"]
    vergelijkbaar = kd.vergelijkbaar_met_gemeente
    klassen, verschil = kaart_klassen(kd, weergave)
    if verschil:
        legenda_titel = f"Verschil met {kd.gemeente_naam} ({fmt.verschil_eenheid(eenheid)})"
    else:
        legenda_titel = f"{fmt.eenheid_label(eenheid).capitalize()}"
    groepen: dict[str, dict[str, Any]] = {}
    for i, k in enumerate(klassen):
        groepen[f"k{i}"] = dict(name=k.label, kleur=k.kleur, patroon=None, rank=i)
    for j, status in enumerate((fmt.STATUS_NIET_GEMETEN, fmt.STATUS_ONDERDRUKT, fmt.STATUS_GEEN)):
        groepen[status] = dict(name=fmt.STATUS_TEKST[status], kleur=GEEN_WAARDE_KLEUR,
                               patroon=STATUS_PATROON[status], rank=100 + j)
    rand = dict(color=RAND_KLEUR, width=RAND_BREEDTE)
    traces: list[dict[str, Any]] = []
    gebruikt: set[str] = set()
    for row in kd.rijen:
        if row.status == fmt.STATUS_WAARDE and klassen:
            groep = f"k{klasse_index_van(row.waarde, row.verschil, klassen, verschil)}"
        else:
            groep = row.status if row.status in STATUS_PATROON else fmt.STATUS_GEEN
        gebruikt.add(groep)
        g = groepen[groep]
        xs, ys = ringen(row.geometry)  # type: ignore[arg-type]  # rijen have a boundary
        code = str(row.gebied_code)
        trace: dict[str, Any] = dict(
            type="scatter", x=xs, y=ys, mode="lines", fill="toself", fillcolor=g["kleur"],
            line=rand, name=str(row.naam), text=hover_tekst(row, kd, eenheid, vergelijkbaar),
            hoveron="fills",
            hoverinfo="text",  # the name is in the text, inside the box (KAART_HOVERLABEL)
            customdata=[code], legendgroup=groep, showlegend=False, meta=code,
        )
        if g["patroon"]:
            trace["fillpattern"] = dict(shape=g["patroon"], fgcolor=PATROON_KLEUR,
                                        bgcolor=GEEN_WAARDE_KLEUR, size=8, solidity=0.25)
        traces.append(trace)
    # Legend: every value class (also an empty one: the bounds are the message), and a status
    # entry only when some area has that status.
    for key, g in sorted(groepen.items(), key=lambda kv: kv[1]["rank"]):
        if g["patroon"] and key not in gebruikt:
            continue
        # A bar without data draws a filled (and patterned) square in the legend.
        marker: dict[str, Any] = dict(color=g["kleur"], line=rand)
        if g["patroon"]:
            marker["pattern"] = dict(shape=g["patroon"], fgcolor=PATROON_KLEUR,
                                     bgcolor=GEEN_WAARDE_KLEUR, size=6, solidity=0.25)
        traces.append(dict(type="bar", x=[None], y=[None], marker=marker, name=g["name"],
                           legendgroup=key, showlegend=True, hoverinfo="skip"))
    layout = dict(BASIS_LAYOUT)
    layout["shapes"] = selectie_vormen(kd, geselecteerd)
    # Which data the traces hold: Plotly.react then compares this, not the arrays' identity, so
    # the copy of the figure Dash makes when it applies a patch of the outline (another area
    # chosen) does not make plotly recompute and redraw every area.
    layout["datarevision"] = hashlib.sha1(orjson.dumps(traces)).hexdigest()[:16]
    titel, boven = titel_en_marge(kaart_titel(kd), onder=f"Bron: {kd.indicator['bron']}" + (
        f" · Achtergrond: {attributie}" if basemap_url and attributie else ""))
    layout.update(
        title=titel,
        margin=dict(l=8, r=8, t=boven, b=36),
        height=560 + boven - 48,
        xaxis=dict(visible=False, fixedrange=False),
        yaxis=dict(visible=False, scaleanchor="x",
                   scaleratio=1 / math.cos(math.radians(_AMERSFOORT_LAT))),
        # The legend under the map: over the map it covered the northern wijken on a phone.
        legend=dict(title=dict(text=legenda_titel, side="top"), traceorder="normal",
                    itemclick="toggle", orientation="h", x=0, xanchor="left", y=0,
                    yanchor="top"),
        dragmode="pan",
        showlegend=True,
        hoverlabel=KAART_HOVERLABEL,
    )
    if basemap_url:
        omvang = [o for o in (_omvang(r.geometry) for r in kd.rijen) if o is not None]
        if omvang:
            layout["images"] = _tegels(min(o[0] for o in omvang), min(o[1] for o in omvang),
                                       max(o[2] for o in omvang), max(o[3] for o in omvang),
                                       basemap_url)
    return {"data": traces, "layout": layout}
