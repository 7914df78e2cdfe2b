"""The breakdown by group (opleiding, geslacht, leeftijd, ...): its figures (data), bar chart, texts
and table, its part of the Verkenner, its embed and its export.

One name in code, `uitsplitsing`; users know the embed as /embed/groepen and the page's ids as
'verkenner-uits-…' (links and browser tests): both stay, named once in ONDERDEEL below.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
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


Rij = dict[str, Any]  # one row of app/queries.py uitsplitsing_rijen


@dataclass
class UitsplitsingData:
    """Figures by group for one area and year.

    `rijen` are plain rows, read by everything drawn on an interaction (figure, table, texts);
    `groepen` is the same as a DataFrame, built on first use for the export and tests.
    """

    indicator: pd.Series
    gebied_naam: str
    jaar: int | None
    periode_label: str
    rijen: list[Rij]  # dimensie, groep, volgorde, waarde, status, ... in the query's order
    notitie: str

    @cached_property
    def groepen(self) -> pd.DataFrame:
        """The rows as a frame (export, tests): built once, on first use."""
        if not self.rijen:
            return pd.DataFrame(columns=["dimensie", "groep", "volgorde", "waarde", "status"])
        return pd.DataFrame.from_records(self.rijen)


def uitsplitsing(db: Warehouse, code: str, jaar: int, gemeente: str,
                 gebied: tuple[str, str, str] | None = None) -> UitsplitsingData:
    """The breakdown of the selected area if it has one, else of the gemeente.

    Uses the chosen year; when that year has no breakdown, the latest earlier year that has one
    (said in the note). An area without breakdown rows has none (one range read of the area's
    facts, no aggregation over the indicator's).
    """
    ind = catalogus.indicator(db, code)
    kandidaten: list[tuple[str, str, str | None, str | None]] = []
    if gebied is not None:
        kandidaten.append((gebied[0], gebied[1], gebied[2], gebied[1]))
    kandidaten.append((gemeente, "vast", None, None))
    notitie = ""
    for g_code, g_indeling, niveau, indeling in kandidaten:
        rows = db.uitsplitsing_rijen(code, g_code, g_indeling)
        if not rows:
            continue
        naam = gebieden.gebied_naam(db, g_code, niveau, indeling)
        if gebied is not None and g_code != gebied[0]:
            notitie = (f"Voor {gebieden.gebied_naam(db, gebied[0], gebied[2], gebied[1])} is geen "
                       f"uitsplitsing beschikbaar; hieronder die van {naam}.")
        gekozen = [r for r in rows if r["jaar"] == jaar]
        if not gekozen:
            eerder = [r for r in rows if r["jaar"] <= jaar]
            laatste = int(max(r["jaar"] for r in (eerder or rows)))
            gekozen = [r for r in rows if r["jaar"] == laatste]
            notitie = (notitie + " " if notitie else "") + (
                f"Voor {jaar} is er geen uitsplitsing; getoond wordt {laatste}.")
        j = int(gekozen[0]["jaar"])
        return UitsplitsingData(ind, naam, j, str(gekozen[0]["periode_label"]), gekozen, notitie)
    return UitsplitsingData(
        ind, gebieden.gebied_naam(db, gemeente), None, "", [],
        "Voor deze indicator is geen uitsplitsing naar opleiding, geslacht of leeftijd beschikbaar.")


# -- figure ------------------------------------------------------------------------------------


def uitsplitsing_figuur(ud: UitsplitsingData) -> Figuur:
    """Horizontal bars per group, grouped by dimension; groups without value are hatched."""
    ind = ud.indicator
    eenheid = ind["eenheid"]
    g = sorted(ud.rijen, key=lambda r: (r["dimensie"], r["volgorde"]))  # stable, as pandas'
    dimensies = [str(r["dimensie"]) for r in g]
    groepen = [str(r["groep"]) for r in g]
    statussen = [r["status"] for r in g]
    waarden = [float(r["waarde"]) if r["status"] == fmt.STATUS_WAARDE else None for r in g]
    traces: list[dict[str, Any]] = [dict(
        type="bar", y=[dimensies, groepen], x=waarden, orientation="h", name=ud.gebied_naam,
        marker=dict(color=BALK_KLEUR),
        text=[fmt.waarde(w, eenheid, soort=r.get("soort")) if w is not None else ""
              for w, r in zip(waarden, g, strict=True)],
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
    if not ud.rijen:
        return {"data": [], "layout": {"height": 10}}, True, ud.notitie, ""
    eenheid = ud.indicator["eenheid"]
    g = ud.rijen
    rows = [{"dimensie": r["dimensie"], "groep": r["groep"],
             "waarde": fmt.waarde(r["waarde"], eenheid, r["status"])
             + (" *" if r["significant"] is True else "")} for r in g]
    tabel = c.tabel_alternatief(c.html_tabel(
        rows, [("dimensie", "Uitsplitsing"), ("groep", "Groep"), ("waarde", "Waarde")],
        f"{ud.indicator['naam']}, {ud.gebied_naam}, {ud.periode_label}",
        tabel_id=f"{pagina.prefix}-uits-data", rij_kop="groep", numeriek=("waarde",)),
        "Tabel bij de uitsplitsing")
    return uitsplitsing_figuur(ud), False, " ".join(
        d for d in (ud.notitie, significantie_notitie(g)) if d), tabel


def significantie_notitie(groepen: list[Rij] | pd.DataFrame) -> str:
    """What is known about the significance of the differences between groups, in words."""
    if isinstance(groepen, pd.DataFrame):
        groepen = groepen.to_dict("records")
    met_waarde = [r for r in groepen if r["status"] == fmt.STATUS_WAARDE]
    if not met_waarde:
        return ""
    bekend = [isinstance(r["significant"], (bool, np.bool_))
              or (not _leeg(r["ondergrens"]) and not _leeg(r["bovengrens"])) for r in met_waarde]
    if not any(bekend):
        return ("Of de verschillen tussen de groepen significant zijn, is niet bekend: de bron "
                "geeft geen significantie en geen betrouwbaarheidsinterval. Kleine verschillen "
                "kunnen toeval zijn.")
    if not all(bekend):
        return ("Niet voor elke groep is bekend of het verschil significant is; * = significant "
                "volgens de bron.")
    return "* = significant verschil volgens de bron."


def _leeg(x: Any) -> bool:
    """None or NaN: a missing value, as pandas' notna reads it."""
    return x is None or (isinstance(x, float) and x != x)


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
    if not ud.rijen:
        raise GeenWeergave(ud.notitie)
    groep = k.groep
    if groep:
        sel = [r for r in ud.rijen if r["dimensie"] == groep]
        if not sel:
            raise GeenWeergave(f"Voor {ud.gebied_naam} in {ud.periode_label} is er geen "
                               f"uitsplitsing naar '{groep}'.")
        ud = replace(ud, rijen=sel)
    eenheid = ind["eenheid"]
    g = ud.rijen
    rijen = [{"dimensie": str(r["dimensie"]), "groep": str(r["groep"]),
              "waarde": fmt.waarde(r["waarde"], eenheid, r["status"], soort=r.get("soort"))
              + (" *" if r["significant"] is True else "")}
             for r in g]
    tabel = Tabel(
        caption=f"{ind['naam']}, {ud.gebied_naam}, {ud.periode_label}",
        kolommen=[("dimensie", "Uitsplitsing", False), ("groep", "Groep", False),
                  ("waarde", "Waarde", True)],
        rijen=rijen, rij_kop="groep", samenvatting="Tabel bij de uitsplitsing")
    dimensies = ", ".join(dict.fromkeys(str(r["dimensie"]) for r in g))
    fig = uitsplitsing_figuur(ud)
    if len({r["dimensie"] for r in g}) == 1:  # the subtitle names the one dimension: narrow labels
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
    # the catalogue's heeft_uitsplitsing (indicator_dekking, written by the ETL): the same as
    # db.uitsplitsing_dimensies(indicator) being non-empty, without aggregating the facts
    rij = catalogus.indicator_rijen(db).get(state.indicator)
    return state.jaar is not None and rij is not None and bool(rij["heeft_uitsplitsing"])


def export(db: Warehouse, state: ViewState) -> dict[str, pd.DataFrame]:
    """The groups drawn in the breakdown."""
    if state.jaar is None:
        return {}
    ud = uitsplitsing(db, state.indicator, state.jaar, settings().gemeente,
                      state.gebied_tuple)
    if not ud.rijen:
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
