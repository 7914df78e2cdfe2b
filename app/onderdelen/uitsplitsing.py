"""The breakdown by group (opleiding, geslacht, leeftijd, ...): its figures (data), bar chart, texts
and table, its part of the Verkenner, its embed and its export.

One name in code, `uitsplitsing`; users know the embed as /embed/groepen and the page's ids as
'verkenner-uits-…' (links and browser tests): both stay, named once in ONDERDEEL below.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from dash import dcc, html

from app import catalogus, fmt, gebieden
from app import components as c
from app.config import Config, settings
from app.onderdelen.basis import (
    Embed,
    GeenWeergave,
    Onderdeel,
    Pagina,
    Tabel,
    Weergave,
    bron,
    voor_embed,
)
from app.onderdelen.stijl import (
    BALK_KLEUR,
    BASIS_LAYOUT,
    GEEN_WAARDE_KLEUR,
    PATROON_KLEUR,
    STATUS_PATROON,
    Figuur,
    bron_noot,
    titel_en_marge,
)
from app.queries import Warehouse, current
from app.viewstate import ViewState

EMBED = "groepen"  # the embed's URL name: /embed/groepen

# -- data --------------------------------------------------------------------------------------


@dataclass
class UitsplitsingData:
    """Figures by group for one area and year."""

    indicator: pd.Series
    gebied_naam: str
    jaar: int | None
    periode_label: str
    groepen: pd.DataFrame  # dimensie, groep, volgorde, waarde, status, ...
    notitie: str


def uitsplitsing(db: Warehouse, code: str, jaar: int, gemeente: str,
                 gebied: tuple[str, str, str] | None = None) -> UitsplitsingData:
    """The breakdown of the selected area if it has one, else of the gemeente.

    Uses the chosen year; when that year has no breakdown, the latest earlier year that has one
    (said in the note).
    """
    ind = catalogus.indicator(db, code)
    kandidaten: list[tuple[str, str, str | None, str | None]] = []
    if gebied is not None:
        kandidaten.append((gebied[0], gebied[1], gebied[2], gebied[1]))
    kandidaten.append((gemeente, "vast", None, None))
    beschikbaar = db.uitsplitsing_gebieden(code)
    notitie = ""
    for g_code, g_indeling, niveau, indeling in kandidaten:
        if beschikbaar[(beschikbaar["gebied_code"] == g_code)
                       & (beschikbaar["indeling"] == g_indeling)].empty:
            continue
        rows = db.uitsplitsing(code, g_code, g_indeling)
        naam = gebieden.gebied_naam(db, g_code, niveau, indeling)
        if gebied is not None and g_code != gebied[0]:
            notitie = (f"Voor {gebieden.gebied_naam(db, gebied[0], gebied[2], gebied[1])} is geen "
                       f"uitsplitsing beschikbaar; hieronder die van {naam}.")
        gekozen = rows[rows["jaar"] == jaar]
        if gekozen.empty:
            eerder = rows[rows["jaar"] <= jaar]
            bron = eerder if not eerder.empty else rows
            laatste = int(bron["jaar"].max())
            gekozen = rows[rows["jaar"] == laatste]
            notitie = (notitie + " " if notitie else "") + (
                f"Voor {jaar} is er geen uitsplitsing; getoond wordt {laatste}.")
        j = int(gekozen["jaar"].iloc[0])
        return UitsplitsingData(ind, naam, j, str(gekozen["periode_label"].iloc[0]),
                                gekozen.reset_index(drop=True), notitie)
    return UitsplitsingData(ind, gebieden.gebied_naam(db, gemeente), None, "", pd.DataFrame(
        columns=["dimensie", "groep", "volgorde", "waarde", "status"]),
        "Voor deze indicator is geen uitsplitsing naar opleiding, geslacht of leeftijd beschikbaar.")



# -- figure ------------------------------------------------------------------------------------


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
    layout = dict(BASIS_LAYOUT)
    titel, boven = titel_en_marge(f"{ind['naam']} — {ud.gebied_naam}, {ud.periode_label}")
    layout.update(
        title=titel,
        barmode="overlay", height=max(280, 130 + 40 * len(g)) + boven - 56,
        margin=dict(l=16, r=72, t=boven, b=100),
        xaxis=dict(title=dict(text=fmt.eenheid_label(eenheid)), gridcolor="#d9d9d9",
                   rangemode="tozero", tickformat=fmt.plotly_getalformaat()),
        yaxis=dict(autorange="reversed"),
        legend=dict(orientation="h", y=0, yref="container", x=0, yanchor="bottom"),
        annotations=[bron_noot(f"Bron: {ind['bron']}", y=0, x=1, xanchor="right", yshift=-36)],
    )
    return {"data": traces, "layout": layout}


# -- texts, table and the Verkenner ------------------------------------------------------------


def render(state: ViewState, pagina: Pagina) -> tuple:
    """Breakdown by group for the chosen area (or the gemeente) and year."""
    db = current()
    cfg = settings()
    if state.jaar is None:
        return {"data": []}, True, "", ""
    ud = uitsplitsing(db, state.indicator, state.jaar, cfg.gemeente, state.gebied_tuple)
    if ud.groepen.empty:
        return {"data": [], "layout": {"height": 10}}, True, ud.notitie, ""
    eenheid = ud.indicator["eenheid"]
    g = ud.groepen
    rows = pd.DataFrame({
        "dimensie": g["dimensie"], "groep": g["groep"],
        "waarde": [fmt.waarde(w, eenheid, s) + (" *" if sig is True else "")
                   for w, s, sig in zip(g["waarde"], g["status"], g["significant"], strict=True)],
    })
    tabel = c.tabel_alternatief(c.html_tabel(
        rows, [("dimensie", "Uitsplitsing"), ("groep", "Groep"), ("waarde", "Waarde")],
        f"{ud.indicator['naam']}, {ud.gebied_naam}, {ud.periode_label}",
        tabel_id=f"{pagina.prefix}-uits-data", rij_kop="groep", numeriek=("waarde",)),
        "Tabel bij de uitsplitsing")
    return uitsplitsing_figuur(ud), False, " ".join(
        d for d in (ud.notitie, significantie_notitie(g)) if d), tabel


def significantie_notitie(groepen: pd.DataFrame) -> str:
    """What is known about the significance of the differences between groups, in words."""
    met_waarde = groepen[groepen["status"] == fmt.STATUS_WAARDE]
    sig = met_waarde["significant"]
    bekend = sig.notna() & sig.map(lambda x: isinstance(x, (bool, np.bool_)))
    interval = met_waarde["ondergrens"].notna() & met_waarde["bovengrens"].notna()
    if met_waarde.empty:
        return ""
    if not (bekend | interval).any():
        return ("Of de verschillen tussen de groepen significant zijn, is niet bekend: de bron "
                "geeft geen significantie en geen betrouwbaarheidsinterval. Kleine verschillen "
                "kunnen toeval zijn.")
    if not (bekend | interval).all():
        return ("Niet voor elke groep is bekend of het verschil significant is; * = significant "
                "volgens de bron.")
    return "* = significant verschil volgens de bron."


def sleutels(s: ViewState) -> tuple:
    """What of the state the breakdown is drawn from."""
    return (s.indicator, s.jaar, s.gebied_tuple)


def blok(P: str, eerst: Any) -> html.Section:  # noqa: N803 - the page's id prefix, as it calls it
    """The breakdown's section of the Verkenner: note, bar chart and table."""
    return html.Section([
        html.H2("Uitsplitsing naar groepen (opleiding, geslacht, leeftijd, …)",
                id=f"{P}-uits-kop"),
        html.P(eerst["uits-notitie", "children"], id=f"{P}-uits-notitie", className="uitleg"),
        html.Div(dcc.Graph(id=f"{P}-uits", config=c.GRAPH_CONFIG, className="grafiek",
                           figure=eerst["uits", "figure"]),
                 id=f"{P}-uits-blok", className="grafiek-blok",
                 hidden=eerst["uits-blok", "hidden"]),
        html.Div(eerst["uits-tabel", "children"], id=f"{P}-uits-tabel"),
    ], className="paneel", **{"aria-labelledby": f"{P}-uits-kop"})


# -- embed and export --------------------------------------------------------------------------


def embed(db: Warehouse, k: ViewState, cfg: Config) -> Weergave:
    """The breakdown by group (opleiding, geslacht, leeftijd, ...), optionally one dimension."""
    ind = catalogus.indicator(db, k.indicator)
    if k.jaar is None:
        raise GeenWeergave("Deze indicator heeft nog geen cijfers.")
    ud = uitsplitsing(db, ind["code"], k.jaar, cfg.gemeente, k.gebied_tuple)
    if ud.groepen.empty:
        raise GeenWeergave(ud.notitie)
    groep = k.groep
    if groep:
        sel = ud.groepen[ud.groepen["dimensie"] == groep].reset_index(drop=True)
        if sel.empty:
            raise GeenWeergave(f"Voor {ud.gebied_naam} in {ud.periode_label} is er geen "
                               f"uitsplitsing naar '{groep}'.")
        ud = replace(ud, groepen=sel)
    eenheid = ind["eenheid"]
    g = ud.groepen
    rijen = [{"dimensie": str(r.dimensie), "groep": str(r.groep),
              "waarde": fmt.waarde(r.waarde, eenheid, r.status, soort=getattr(r, "soort", None))
              + (" *" if r.significant is True else "")}
             for r in g.itertuples()]
    tabel = Tabel(
        caption=f"{ind['naam']}, {ud.gebied_naam}, {ud.periode_label}",
        kolommen=[("dimensie", "Uitsplitsing", False), ("groep", "Groep", False),
                  ("waarde", "Waarde", True)],
        rijen=rijen, rij_kop="groep", samenvatting="Tabel bij de uitsplitsing")
    dimensies = ", ".join(dict.fromkeys(str(d) for d in g["dimensie"]))
    fig = uitsplitsing_figuur(ud)
    if g["dimensie"].nunique() == 1:  # the subtitle names the one dimension: narrow labels
        for trace in fig["data"]:
            if trace.get("y") is not None and len(trace["y"]) == 2:
                trace["y"] = list(trace["y"][1])
    return Weergave(
        soort=EMBED, titel=str(ind["naam"]),
        ondertitel=f"{ud.gebied_naam}, {ud.periode_label}, naar {dimensies}.",
        eenheid=fmt.eenheid_label(eenheid), bron=bron(ind), link=k.link(),
        figuur=voor_embed(fig),
        grafiek_label=(f"Staafdiagram van {ind['naam']} naar {dimensies} voor {ud.gebied_naam}, "
                       f"{ud.periode_label}. De tabel hieronder geeft alle cijfers."),
        tabellen=[tabel], notities=[ud.notitie] if ud.notitie else [])


def beschikbaar(db: Warehouse, state: ViewState) -> bool:
    """Whether the indicator has a breakdown and the state a year (something to embed)."""
    return state.jaar is not None and not db.uitsplitsing_dimensies(
        state.indicator).empty


def export(db: Warehouse, state: ViewState) -> dict[str, pd.DataFrame]:
    """The groups drawn in the breakdown."""
    if state.jaar is None:
        return {}
    ud = uitsplitsing(db, state.indicator, state.jaar, settings().gemeente,
                      state.gebied_tuple)
    if ud.groepen.empty:
        return {}
    return {"uitsplitsing": ud.groepen.assign(gebied_naam=ud.gebied_naam)[
        ["gebied_naam", "jaar", "periode_label", "dimensie", "groep", "waarde", "status",
         "significant", "ondergrens", "bovengrens"]]}


ONDERDEEL = Onderdeel(
    naam="uitsplitsing",
    outputs=(("uits", "figure"), ("uits-blok", "hidden"), ("uits-notitie", "children"),
             ("uits-tabel", "children")),
    sleutels=sleutels, render=render, blok=blok,
    embed=Embed(EMBED, ("indicator", "jaar", "niveau", "gebied", "groep"), hoogte=600,
                titel="uitsplitsing naar groepen", maak=embed, beschikbaar=beschikbaar),
    export=export, export_volgorde=1,
)
