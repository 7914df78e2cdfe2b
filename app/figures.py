"""Pure figure builders: view data (frames from app/data.py) in, Plotly figure out.

No Dash, no SQL. Palettes, class breaks and patterns are named constants (see docs/app.md).

Figures are plain dicts `{"data": [...], "layout": {...}}`, the JSON form dcc.Graph and the
embed views (plotly.js) take as they are. Building plotly.graph_objects validated every property
and cost most of a callback's time (issue #7); the tests check the dicts are valid Plotly figures.
Figures share read-only parts (cached ring tuples, TEMPLATE, line styles): replace a nested value
rather than changing it in place.
"""

from __future__ import annotations

import hashlib
import json
import math
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any

import numpy as np
import orjson
import pandas as pd

from app import fmt, rules
from app.data import KaartData, TrendData, UitsplitsingData, indeling_label

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

def klassemethode(waarden: pd.Series | list[float]) -> str:
    """How the map's value classes were made, in words (the map's explanation says it)."""
    n = len({float(x) for x in waarden if fmt.is_getal(x)})
    if n == 1:
        return "één waarde, één klasse"
    if 0 < n <= KLASSEN:
        return "één klasse per waarde (weinig verschillende waarden)"
    return KLASSEMETHODE


# Areas without a value: a grey fill with a pattern per reason, never a colour of the scale.
GEEN_WAARDE_KLEUR = "#d9d9d9"
PATROON_KLEUR = "#525252"
STATUS_PATROON = {
    fmt.STATUS_ONDERDRUKT: "x",  # suppressed/secret
    fmt.STATUS_NIET_GEMETEN: "/",  # not measured that year
    fmt.STATUS_GEEN: ".",  # nothing in the warehouse for this area and year
}
RAND_KLEUR = "#4d4d4d"
RAND_BREEDTE = 0.6
SELECTIE_KLEUR = "#000000"
SELECTIE_BREEDTE = 3.5

# Trend series: Okabe-Ito colours (colour-blind safe, >= 3:1 against white) plus a dash style
# per series, so lines differ without colour too. Order: selected area, gemeente, references.
REEKS_KLEUREN = ("#0072B2", "#D55E00", "#009E73", "#000000", "#CC79A7")
REEKS_STREEP = ("solid", "solid", "dash", "dot", "dashdot")
SIGNIFICANT_SYMBOOL = "star"
STATUS_SYMBOOL = {fmt.STATUS_ONDERDRUKT: "x-thin-open", fmt.STATUS_NIET_GEMETEN: "circle-open"}
BALK_KLEUR = "#2c7fb8"

FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", size=14,
            color="#1a1a1a")
# Plotly's own modebar and hover use these; white background keeps contrast for print and PNG.
_BASIS_LAYOUT = dict(font=FONT, paper_bgcolor="#ffffff", plot_bgcolor="#ffffff",
                     hoverlabel=dict(font=dict(size=14)), separators=",.")
# The look of Plotly's default template "plotly" (which go.Figure applied implicitly), reduced to
# what 2D scatter and bar charts use: plotly.js applies no template to a plain dict by itself.
# Axes keep white grid and zero lines (invisible on the white plot) unless a figure sets colours.
_ACHTERGROND_AS = dict(gridcolor="white", linecolor="white", ticks="", title=dict(standoff=15),
                       zerolinecolor="white", automargin=True, zerolinewidth=2)
_PATROON_STANDAARD = dict(fillmode="overlay", size=10, solidity=0.2)
TEMPLATE: dict[str, Any] = dict(
    data=dict(
        bar=[dict(type="bar", error_x=dict(color="#2a3f5f"), error_y=dict(color="#2a3f5f"),
                  marker=dict(line=dict(color="#E5ECF6", width=0.5), pattern=_PATROON_STANDAARD))],
        scatter=[dict(type="scatter", fillpattern=_PATROON_STANDAARD)],
    ),
    layout=dict(
        autotypenumbers="strict",
        colorway=["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692",
                  "#B6E880", "#FF97FF", "#FECB52"],
        font=dict(color="#2a3f5f"), hovermode="closest", hoverlabel=dict(align="left"),
        paper_bgcolor="white", plot_bgcolor="#E5ECF6", xaxis=_ACHTERGROND_AS,
        yaxis=_ACHTERGROND_AS, shapedefaults=dict(line=dict(color="#2a3f5f")),
        annotationdefaults=dict(arrowcolor="#2a3f5f", arrowhead=0, arrowwidth=1),
        title=dict(x=0.05),
    ),
)
_BASIS_LAYOUT["template"] = TEMPLATE
# The map's hover label: dark text on a white box with a dark border, readable over every class
# colour (plotly's default box takes the area's fill and picks the text colour from it; its name
# part sat outside the box in the fill colour: pale yellow on white). The area's name is part of
# the text (hover_tekst), so namelength=-1 only guards against plotly's 15-character cut-off
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


def klassegrenzen(waarden: pd.Series | list[float], klassen: int = KLASSEN) -> list[float]:
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


def waarde_klassen(waarden: pd.Series, eenheid: str) -> list[Klasse]:
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


def verschil_klassen(verschillen: pd.Series, eenheid: str, referentie: float) -> list[Klasse]:
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

Figuur = dict[str, Any]  # {"data": [trace, ...], "layout": {...}}: Plotly's JSON figure


def kaart_titel(kd: KaartData) -> str:
    """Title of the map: indicator, period and indeling."""
    indeling = f", {indeling_label(kd.indeling)}" if kd.indeling else ""
    return f"{kd.indicator['naam']} — {kd.periode_label}{indeling}"


def hover_tekst(row: Mapping[str, Any], kd: KaartData) -> str:
    """'<b>Stadskern</b> · 80% · Amersfoort 75% · verschil +5 procentpunt' (lines joined by
    <br>; the status in words when there is no value). The name is escaped: plotly draws a
    subset of HTML in hover text, and a fill's hover shows only the trace's text."""
    eenheid = kd.indicator["eenheid"]
    tekst = f"<b>{escape(str(row['naam']))}</b><br>" + fmt.waarde(
        row["waarde"], eenheid, row["status"], soort=row.get("soort"))
    if row["status"] == fmt.STATUS_WAARDE and row.get("significant") is True:
        tekst += " (significant)"
    if row["status"] == fmt.STATUS_WAARDE and kd.gemeente_waarde is not None:
        tekst += (f"<br>{kd.gemeente_naam}: "
                  f"{fmt.waarde(kd.gemeente_waarde, eenheid, soort=kd.gemeente_soort)}")
        if kd.vergelijkbaar_met_gemeente:
            tekst += f"<br>verschil: {fmt.verschil(row['verschil'], eenheid)}"
        else:  # a count: a wijk's share of the gemeente says more than a difference
            tekst += f"<br>aandeel: {fmt.getal(100 * row['waarde'] / kd.gemeente_waarde, 1)}%"
    return tekst


def _bron_noot(tekst: str, y: float, x: float = 0, xanchor: str = "left",
               **extra: Any) -> dict[str, Any]:
    """The grey source note under a chart (the embed views drop it: their page names the source)."""
    return dict(text=tekst, x=x, y=y, xref="paper", yref="paper", xanchor=xanchor,
                yanchor="top", showarrow=False, font=dict(size=12, color="#4d4d4d"), **extra)


# Titles: wrapped at TITEL_BREEDTE characters (plotly does not wrap; a 320 px phone holds ~32 of
# 15 px type) and placed under the modebar's strip (MODEBAR_HOOGTE px), which would cover them.
TITEL_BREEDTE = 30
ONDER_BREEDTE = 42  # the small grey line under a title (12 px type; 320 px phone)
MODEBAR_HOOGTE = 30
_REGEL_HOOGTE = 21


def titel_regels(tekst: str, breedte: int = TITEL_BREEDTE) -> list[str]:
    """The title's lines: ' — ' starts a new line, long parts wrap at word boundaries."""
    regels: list[str] = []
    for deel in tekst.split(" — "):
        regels += textwrap.wrap(deel, breedte) or [""]
    return regels


def _titel(tekst: str, onder: str = "") -> tuple[dict[str, Any], int]:
    """The title dict and the top margin it needs; `onder` is a small grey line under it."""
    regels = titel_regels(tekst)
    html_tekst = "<br>".join(regels)
    hoogte = _REGEL_HOOGTE * len(regels)
    for regel in textwrap.wrap(onder, ONDER_BREEDTE):
        html_tekst += f"<br><span style='font-size:12px;color:#4d4d4d'>{regel}</span>"
        hoogte += 17
    titel = dict(text=html_tekst, x=0, xanchor="left", xref="container", y=1, yref="container",
                 yanchor="top", pad=dict(t=MODEBAR_HOOGTE, l=8), font=dict(size=15))
    return titel, MODEBAR_HOOGTE + hoogte + 14


def selectie_vormen(kd: KaartData, geselecteerd: str | None) -> list[dict[str, Any]]:
    """The chosen area's outline: a layout shape (a path in the map's coordinates, in the legend
    as 'gekozen: <naam>'), or none. A shape, not a trace: choosing another area changes only
    `layout.shapes`, which the Verkenner sends as a patch and plotly redraws alone."""
    rij = kd.gebieden[kd.gebieden["gebied_code"] == geselecteerd] if geselecteerd else None
    if rij is None or rij.empty:
        return []
    xs, ys = ringen(rij["geometry"].iloc[0])
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
                 fillcolor="rgba(0,0,0,0)", name=f"gekozen: {rij['naam'].iloc[0]}",
                 showlegend=True)]


def kaart_klassen(kd: KaartData, weergave: str = "waarde") -> tuple[list[Klasse], bool]:
    """The map's colour classes and whether they classify the difference with the gemeente
    (weergave 'verschil', for a comparable indicator with a gemeente value) or the value. The
    ranking beside the map (app/rangorde.py) colours its bars by the same classes."""
    met_waarde = kd.gebieden[kd.gebieden["status"] == fmt.STATUS_WAARDE]
    if (weergave == "verschil" and kd.gemeente_waarde is not None
            and kd.vergelijkbaar_met_gemeente):
        return verschil_klassen(met_waarde["verschil"], kd.indicator["eenheid"],
                                kd.gemeente_waarde), True
    return waarde_klassen(met_waarde["waarde"], kd.indicator["eenheid"]), False


def gebied_klasse(row: Mapping[str, Any], klassen: list[Klasse], verschil: bool) -> int:
    """The class of an area with a value (`row` has 'waarde' and 'verschil'), as kaart_klassen
    made them: by its difference with the gemeente when `verschil`, else by its value."""
    if verschil:
        return _verschil_klasse(row["verschil"], klassen)
    return klasse_van(row["waarde"], klassen)


def kaart_figuur(kd: KaartData, weergave: str = "waarde", geselecteerd: str | None = None,
                 basemap_url: str | None = None, attributie: str = "") -> Figuur:
    """The choropleth: one filled path per area, coloured by class, patterned when no value.

    One trace per area, not per class: plotly.js reports a click on a fill without a point
    number, and dcc.Graph then passes the trace's whole customdata as the click's customdata,
    so `customdata=[gebied_code]` identifies the clicked area (app/pages/verkenner.py).
    """
    eenheid = kd.indicator["eenheid"]
    gebieden = kd.gebieden
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
    for row in gebieden.to_dict("records"):
        if row["status"] == fmt.STATUS_WAARDE and klassen:
            groep = f"k{gebied_klasse(row, klassen, verschil)}"
        else:
            groep = row["status"] if row["status"] in STATUS_PATROON else fmt.STATUS_GEEN
        gebruikt.add(groep)
        g = groepen[groep]
        xs, ys = ringen(row["geometry"])
        code = str(row["gebied_code"])
        trace: dict[str, Any] = dict(
            type="scatter", x=xs, y=ys, mode="lines", fill="toself", fillcolor=g["kleur"],
            line=rand, name=str(row["naam"]), text=hover_tekst(row, kd), hoveron="fills",
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
    layout = dict(_BASIS_LAYOUT)
    layout["shapes"] = selectie_vormen(kd, geselecteerd)
    # Which data the traces hold: Plotly.react then compares this, not the arrays' identity, so
    # the copy of the figure Dash makes when it applies a patch of the outline (another area
    # chosen) does not make plotly recompute and redraw every area.
    layout["datarevision"] = hashlib.sha1(orjson.dumps(traces)).hexdigest()[:16]
    titel, boven = _titel(kaart_titel(kd), onder=f"Bron: {kd.indicator['bron']}" + (
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
        omvang = [o for o in map(_omvang, gebieden["geometry"]) if o is not None]
        if omvang:
            layout["images"] = _tegels(min(o[0] for o in omvang), min(o[1] for o in omvang),
                                       max(o[2] for o in omvang), max(o[3] for o in omvang),
                                       basemap_url)
    return {"data": traces, "layout": layout}


# -- trend -------------------------------------------------------------------------------------


def _is_waar(x: Any) -> bool:
    """True for a true flag (Python or numpy bool), False for False, None and NaN."""
    return x is True or (isinstance(x, np.bool_) and bool(x))


# Trend: a thin dashed line joins two measurements with unmeasured years between them (a survey
# every two or four years): the reader sees the line is an interpolation, not a measured course.
VERBINDING_BREEDTE = 1.2
VERBINDING_STREEP = "dash"
# Figures without a value ('niet gemeten', 'geheim') sit in a lane of their own under the value
# axis, labelled in words: never on the value axis, where a marker would read as 0.
STATUS_BAAN = (0.0, 0.09)  # paper fraction of the lane (yaxis2)
WAARDE_DOMEIN_MET_BAAN = (0.17, 1.0)  # the value axis when the lane is shown
STATUS_BAAN_LABEL = "zonder cijfer"
# Padding of the value axis beyond the outermost point or interval, as a share of the span.
Y_MARGE = 0.08


def _nette_stap(spreiding: float, doel: int = 5) -> float:
    """A tick step of 1, 2, 2.5 or 5 times a power of ten giving about `doel` intervals."""
    if spreiding <= 0 or not math.isfinite(spreiding):
        return 1.0
    ruw = spreiding / doel
    macht = 10 ** math.floor(math.log10(ruw))
    for factor in (1, 2, 2.5, 5, 10):
        if ruw <= factor * macht:
            return factor * macht
    return 10 * macht


def y_bereik(laag: float, hoog: float, vanaf_nul: bool) -> tuple[list[float], float]:
    """The value axis range [lo, hi] (on tick steps) holding every point and interval, and the step.

    The range ends on a gridline above the highest point and below the lowest (or at 0 for counts
    and percentages), with Y_MARGE of room so markers and stars are never cut.
    """
    if vanaf_nul:
        laag = min(laag, 0.0)
    spreiding = hoog - laag
    if spreiding <= 0:
        spreiding = abs(hoog) * 0.2 or 1.0
        laag, hoog = (laag if vanaf_nul else laag - spreiding / 2), hoog + spreiding / 2
    stap = _nette_stap(spreiding)
    marge = spreiding * Y_MARGE
    onder = 0.0 if vanaf_nul and laag >= 0 else math.floor((laag - marge) / stap) * stap
    boven = math.ceil((hoog + marge) / stap) * stap
    return [round(onder, 10), round(boven, 10)], stap


def _segmenten(punten: list[tuple[int, float]], breuken: list[int]) -> tuple[list, list, list, list]:
    """Solid path (x, y) joining measurements in adjacent years, and dashed joins across gaps.

    Measured points of one series in year order; a break between two points joins nothing.
    """
    xs: list = []
    ys: list = []
    gx: list = []
    gy: list = []
    for i, (jaar, waarde) in enumerate(punten):
        if i:
            vorig_jaar, vorige = punten[i - 1]
            breuk = any(vorig_jaar < b <= jaar for b in breuken)
            if breuk or jaar - vorig_jaar > 1:
                xs.append(None)
                ys.append(None)
            if not breuk and jaar - vorig_jaar > 1:
                gx += [vorig_jaar, jaar, None]
                gy += [vorige, waarde, None]
        xs.append(jaar)
        ys.append(waarde)
    return xs, ys, gx, gy


def trend_figuur(td: TrendData) -> Figuur:
    """Lines per area over the years, with intervals, significance, gaps, breaks and a status lane.

    Measurements in adjacent years are joined by the series' line; across unmeasured years by a
    thin dashed line. 'niet gemeten' and 'geheim' are markers in a lane under the value axis,
    never a value. The value axis holds every point and interval. A series with one figure is a
    labelled point: the figure and its period are written next to it.
    """
    ind = td.indicator
    eenheid = ind["eenheid"]
    traces: list[dict[str, Any]] = []
    reeksen = td.reeksen
    breuken = sorted({int(b) for b, _ in td.breuken})
    alle_jaren = sorted({int(j) for j in reeksen["jaar"]}) if not reeksen.empty else []
    per_reeks: dict[Any, list[dict[str, Any]]] = {}
    if not reeksen.empty:
        for row in reeksen.sort_values("jaar", kind="stable").to_dict("records"):
            per_reeks.setdefault(row["reeks"], []).append(row)
    status_punten: dict[str, list] = {s: [] for s in STATUS_SYMBOOL}
    significant_getoond = False
    verbindingen: list[dict[str, Any]] = []  # after the series: their names lead the legend
    uitersten: list[float] = []
    gemeten_jaren: set[int] = set()
    for n, naam in enumerate(td.volgorde):
        rol = td.rollen.get(naam, n)  # the same colour for the same role in every chart
        kleur = REEKS_KLEUREN[rol % len(REEKS_KLEUREN)]
        streep = REEKS_STREEP[rol % len(REEKS_STREEP)]
        punten: list[tuple[int, float]] = []
        lo: dict[int, float | None] = {}
        hi: dict[int, float | None] = {}
        teksten: dict[int, str] = {}
        symbolen: dict[int, str] = {}
        for row in per_reeks.get(naam, []):
            jaar = int(row["jaar"])
            if row["status"] != fmt.STATUS_WAARDE:
                status_punten.setdefault(row["status"], []).append(
                    (jaar, f"{naam}, {fmt.jaar_label(jaar, row.get('periode_label'))}: "
                           f"{fmt.STATUS_TEKST.get(row['status'], row['status'])}"))
                continue
            sig = _is_waar(row.get("significant"))
            significant_getoond |= sig
            waarde = float(row["waarde"])
            punten.append((jaar, waarde))
            gemeten_jaren.add(jaar)
            uitersten.append(waarde)
            heeft_interval = fmt.is_getal(row.get("ondergrens")) and fmt.is_getal(row.get("bovengrens"))
            lo[jaar] = waarde - float(row["ondergrens"]) if heeft_interval else None
            hi[jaar] = float(row["bovengrens"]) - waarde if heeft_interval else None
            extra = ""
            if heeft_interval:
                uitersten += [float(row["ondergrens"]), float(row["bovengrens"])]
                extra = (f"<br>95%-interval {fmt.getal(row['ondergrens'])}"
                         f" – {fmt.waarde(row['bovengrens'], eenheid)}")
            if sig:
                extra += "<br>significant verschil met vorige meting"
            teksten[jaar] = (f"{naam}<br>{fmt.jaar_label(jaar, row.get('periode_label'))}: "
                             f"{fmt.waarde(row['waarde'], eenheid, soort=row.get('soort'))}{extra}")
            symbolen[jaar] = SIGNIFICANT_SYMBOOL if sig else "circle"
        if not punten:
            continue
        xs, ys, gx, gy = _segmenten(punten, breuken)
        trace: dict[str, Any] = dict(
            type="scatter", x=xs, y=ys, mode="lines+markers", name=naam,
            line=dict(color=kleur, width=3 if rol == 0 else 2, dash=streep),
            marker=dict(symbol=[symbolen.get(x, "circle") for x in xs],
                        size=[13 if symbolen.get(x) == SIGNIFICANT_SYMBOOL else 8 for x in xs],
                        color=kleur),
            text=[teksten.get(x, "") for x in xs], hovertemplate="%{text}<extra></extra>",
            connectgaps=False, legendgroup=naam, cliponaxis=False,
        )
        if len(punten) == 1:  # one figure: say it, with its period, next to the point
            trace["mode"] = "markers+text"
            trace["texttemplate"] = [fmt.waarde(punten[0][1], eenheid) if x is not None else ""
                                     for x in xs]
            trace["textposition"] = "middle right"
            trace["textfont"] = dict(color=kleur)
        if any(v is not None for v in lo.values()):
            trace["error_y"] = dict(
                type="data", symmetric=False,
                array=[hi.get(x) or 0 if x is not None else 0 for x in xs],
                arrayminus=[lo.get(x) or 0 if x is not None else 0 for x in xs], color=kleur,
                thickness=1.2, width=4)
        traces.append(trace)
        if gx:
            verbindingen.append(dict(
                type="scatter", x=gx, y=gy, mode="lines", name=f"{naam} (geen meting ertussen)",
                line=dict(color=kleur, width=VERBINDING_BREEDTE, dash=VERBINDING_STREEP),
                legendgroup=naam, showlegend=False, hoverinfo="skip", connectgaps=False,
            ))
    traces += verbindingen
    baan = any(status_punten.values())
    for status, punten_s in status_punten.items():
        if not punten_s:
            continue
        traces.append(dict(
            type="scatter", x=[p[0] for p in punten_s], y=[STATUS_BAAN_LABEL] * len(punten_s),
            yaxis="y2", mode="markers",
            marker=dict(symbol=STATUS_SYMBOOL.get(status, "x-thin-open"), size=12,
                        color="#4d4d4d", line=dict(width=2, color="#4d4d4d")),
            name=fmt.STATUS_TEKST.get(status, status), text=[p[1] for p in punten_s],
            hovertemplate="%{text}<extra></extra>", cliponaxis=False,
        ))
    if significant_getoond:
        traces.append(dict(
            type="scatter", x=[None], y=[None], mode="markers",
            name="significant verschil met vorige meting",
            marker=dict(symbol=SIGNIFICANT_SYMBOOL, size=13, color="#4d4d4d"),
        ))
    if verbindingen:
        traces.append(dict(
            type="scatter", x=[None], y=[None], mode="lines", name="geen meting in de jaren ertussen",
            line=dict(color="#4d4d4d", width=VERBINDING_BREEDTE, dash=VERBINDING_STREEP),
        ))
    shapes, annotations = [], []
    for b, reden in sorted({(int(b), str(reden)) for b, reden in td.breuken}):
        shapes.append(dict(type="line", x0=b - 0.5, x1=b - 0.5, y0=0, y1=1, yref="paper",
                           line=dict(color="#4d4d4d", width=1.5, dash="dash")))
        annotations.append(dict(x=b - 0.5, y=1, yref="paper", yanchor="bottom",
                                text=f"breuk: {reden}", showarrow=False,
                                font=dict(size=12, color="#4d4d4d")))
    xaxis: dict[str, Any] = dict(title=dict(text="jaar"), tickmode="array", tickvals=alle_jaren,
                                 ticktext=[str(j) for j in alle_jaren], showgrid=False,
                                 linecolor="#4d4d4d", anchor="y2" if baan else "y")
    if alle_jaren:
        xaxis["range"] = [min(alle_jaren) - 0.6, max(alle_jaren) + (1.4 if len(gemeten_jaren) == 1
                                                                     else 0.6)]
    yaxis: dict[str, Any] = dict(title=dict(text=fmt.eenheid_label(eenheid)), gridcolor="#d9d9d9",
                                 zerolinecolor="#4d4d4d", tickformat=fmt.plotly_getalformaat(),
                                 domain=list(WAARDE_DOMEIN_MET_BAAN) if baan else [0, 1])
    if uitersten:
        bereik, stap = y_bereik(min(uitersten), max(uitersten),
                                vanaf_nul=eenheid in ("percentage", "aantal"))
        yaxis.update(range=bereik, dtick=stap, tick0=0, autorange=False)
    layout = dict(_BASIS_LAYOUT)
    # The source under the title: a note under the chart would collide with a legend that wraps
    # to more rows on a phone.
    titel, boven = _titel(f"{ind['naam']} — ontwikkeling", onder=f"Bron: {ind['bron']}")
    layout.update(
        title=titel,
        # one measured year: a labelled point needs no tall value axis
        height=(260 if len(gemeten_jaren) == 1 else 420) + boven,
        margin=dict(l=64, r=16, t=boven, b=48),
        xaxis=xaxis, yaxis=yaxis,
        legend=dict(orientation="h", y=-0.2, x=0, yanchor="top"),
        shapes=shapes, annotations=annotations, hovermode="closest",
    )
    if baan:
        layout["yaxis2"] = dict(domain=list(STATUS_BAAN), type="category",
                                categoryarray=[STATUS_BAAN_LABEL], fixedrange=True,
                                showgrid=False, zeroline=False, showline=False, ticks="",
                                tickfont=dict(size=12, color="#4d4d4d"))
    return {"data": traces, "layout": layout}


# -- breakdown ---------------------------------------------------------------------------------


def uitsplitsing_figuur(ud: UitsplitsingData) -> Figuur:
    """Horizontal bars per group, grouped by dimension; groups without value are hatched."""
    ind = ud.indicator
    eenheid = ind["eenheid"]
    g = ud.groepen.sort_values(["dimensie", "volgorde"])
    dimensies = [str(d) for d in g["dimensie"]]
    groepen = [str(x) for x in g["groep"]]
    statussen = list(g["status"])
    waarden = [float(w) if s == fmt.STATUS_WAARDE else None
               for w, s in zip(g["waarde"], statussen, strict=True)]
    traces: list[dict[str, Any]] = [dict(
        type="bar", y=[dimensies, groepen], x=waarden, orientation="h", name=ud.gebied_naam,
        marker=dict(color=BALK_KLEUR),
        text=[fmt.waarde(w, eenheid, soort=k) if w is not None else ""
              for w, k in zip(waarden, g["soort"] if "soort" in g else [None] * len(g), strict=True)],
        textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{text}<extra></extra>",
    )]
    maximum = max([w for w in waarden if w is not None], default=1.0)
    for status in (fmt.STATUS_NIET_GEMETEN, fmt.STATUS_ONDERDRUKT):
        rijen = [i for i, s in enumerate(statussen) if s == status]
        if not rijen:
            continue
        traces.append(dict(
            type="bar", y=[[dimensies[i] for i in rijen], [groepen[i] for i in rijen]],
            x=[maximum] * len(rijen), orientation="h",
            name=f"{fmt.STATUS_TEKST[status]} (geen waarde)",
            marker=dict(color=GEEN_WAARDE_KLEUR, pattern=dict(
                shape=STATUS_PATROON[status], fgcolor=PATROON_KLEUR, bgcolor=GEEN_WAARDE_KLEUR,
                solidity=0.25)),
            text=[fmt.STATUS_TEKST[status]] * len(rijen), textposition="inside",
            insidetextanchor="start", hovertemplate="%{y}: " + fmt.STATUS_TEKST[status]
            + "<extra></extra>",
        ))
    layout = dict(_BASIS_LAYOUT)
    titel, boven = _titel(f"{ind['naam']} — {ud.gebied_naam}, {ud.periode_label}")
    layout.update(
        title=titel,
        barmode="overlay", height=max(280, 130 + 40 * len(g)) + boven - 56,
        margin=dict(l=16, r=72, t=boven, b=100),
        xaxis=dict(title=dict(text=fmt.eenheid_label(eenheid)), gridcolor="#d9d9d9",
                   rangemode="tozero", tickformat=fmt.plotly_getalformaat()),
        yaxis=dict(autorange="reversed"),
        legend=dict(orientation="h", y=0, yref="container", x=0, yanchor="bottom"),
        annotations=[_bron_noot(f"Bron: {ind['bron']}", y=0, x=1, xanchor="right", yshift=-36)],
    )
    return {"data": traces, "layout": layout}
