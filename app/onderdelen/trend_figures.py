"""The trend's figure: a line per area over the years, with intervals, gaps, breaks and a status lane.

A pure function of TrendData (app/onderdelen/trend.py): no Dash, no SQL. Shared looks: stijl.py.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from app import fmt
from app.onderdelen.stijl import BASIS_LAYOUT, Figuur, titel_en_marge

if TYPE_CHECKING:
    from app.onderdelen.trend import TrendData

# Trend series: Okabe-Ito colours (colour-blind safe, >= 3:1 against white) plus a dash style
# per series, so lines differ without colour too. Order: selected area, gemeente, references.
REEKS_KLEUREN = ("#0072B2", "#D55E00", "#009E73", "#000000", "#CC79A7")
REEKS_STREEP = ("solid", "solid", "dash", "dot", "dashdot")
SIGNIFICANT_SYMBOOL = "star"
STATUS_SYMBOOL = {fmt.STATUS_ONDERDRUKT: "x-thin-open", fmt.STATUS_NIET_GEMETEN: "circle-open"}

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
    breuken = sorted({int(b) for b, _ in td.breuken})
    alle_jaren = sorted({int(r["jaar"]) for r in td.rijen})
    per_reeks: dict[Any, list[dict[str, Any]]] = {}
    for row in sorted(td.rijen, key=lambda r: r["jaar"]):  # stable: a year's rows keep their order
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
    layout = dict(BASIS_LAYOUT)
    # The source under the title: a note under the chart would collide with a legend that wraps
    # to more rows on a phone.
    titel, boven = titel_en_marge(f"{ind['naam']} — ontwikkeling", onder=f"Bron: {ind['bron']}")
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
