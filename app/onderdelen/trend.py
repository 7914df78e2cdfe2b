"""The development over the years: the series of the area, the gemeente and the comparison areas
(data), the judgements and table under it, its part of the Verkenner, its embed and its export.
The figure is trend_figures.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd
from dash import dcc, html

from app import catalogus, fmt, gebieden, rules
from app import components as c
from app.cache import afgeleid
from app.config import Config, settings
from app.onderdelen import trend_figures
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
from app.queries import Warehouse, current
from app.viewstate import ViewState

# -- data --------------------------------------------------------------------------------------


Rij = dict[str, Any]  # one fact row (app/queries.py reeks_rijen) plus its series name, 'reeks'

# The columns of TrendData.reeksen: the fact row's (queries._REEKSEN_SQL) and the series name.
REEKS_KOLOMMEN = [
    "indicator_code", "indicator_naam", "eenheid", "thema", "gewenste_richting", "jaar",
    "periode_label", "gebied_code", "gebied_naam", "niveau", "indeling", "waarde", "ondergrens",
    "bovengrens", "significant", "status", "afgeleid", "soort", "soort_uitleg", "reeks",
]  # fmt: skip


@dataclass
class TrendData:
    """The series of a trend chart and what the chart must say about breaks.

    `rijen` are plain rows, read by everything drawn on an interaction (figure, table, texts,
    verdicts); `reeksen` is the same as a DataFrame, built on first use for the export and tests.
    """

    indicator: pd.Series
    rijen: list[Rij]  # reeks, gebied_code, indeling, jaar, periode_label, waarde, status, ...
    volgorde: list[str]  # series names, the selected area first
    breuken: list[tuple[int, str]]  # (first year after the break, reason)
    notities: list[str]
    oordelen: dict[str, rules.Trend]  # series name -> trend judgement
    rollen: dict[str, int] = field(default_factory=dict)  # series name -> 0 area, 1 gemeente, 2+

    @cached_property
    def reeksen(self) -> pd.DataFrame:
        """The rows as a frame (export, embeds' callers, tests): built once, on first use."""
        if not self.rijen:
            return pd.DataFrame(columns=REEKS_KOLOMMEN)
        return pd.DataFrame.from_records(self.rijen)

    def reeks(self, naam: str) -> list[Rij]:
        """The rows of one series, in drawing order."""
        return [r for r in self.rijen if r["reeks"] == naam]


def trend(db: Warehouse, code: str, gemeente: str, referenties: tuple[str, ...],
          gebied: tuple[str, str, str] | None = None) -> TrendData:
    """Series of the selected area (code, indeling, niveau), the gemeente and the references.

    A wijk's series only crosses indelingen where gebied_vergelijkbaarheid says the areas are
    the same (vergelijkbaar); figures of a changed area are left out of it, with a note and a
    break. A changed area that shares most of the wijk (gebieden.MIN_IOU_EIGEN_REEKS) gets a series of
    its own, named with its indeling ('Soesterkwartier (wijkindeling 2019)'), after the others.
    """
    ind = catalogus.indicator(db, code)
    vast = (gemeente, *referenties)
    rijen: list[Rij] = []
    facts = db.reeks_rijen(code, vast)
    volgorde: list[str] = []
    notities: list[str] = []
    breuken: list[tuple[int, str]] = [
        (j, "definitie gewijzigd") for j in rules.breuk_jaren(ind["breuk_jaren"])
    ]
    if gebied is not None:
        g_code, g_indeling, g_niveau = gebied
        naam = gebieden.gebied_naam(db, g_code, g_niveau, g_indeling)
        eigen, extra_notes, wijk_breuken, andere = _gebied_reeks(db, code, g_code, g_indeling, naam)
        rijen += _met_reeks(eigen, naam)  # also when empty: the chart says so
        volgorde.append(naam)
        notities += extra_notes
        breuken += wijk_breuken
    else:
        andere = []
    rollen = {volgorde[0]: 0} if volgorde else {}
    for rol, vcode in enumerate(vast, start=1):
        rows = [r for r in facts if r["gebied_code"] == vcode and r["indeling"] == "vast"]
        naam = gebieden.gebied_naam(db, vcode)
        if not rows:
            continue
        rijen += _met_reeks(rows, naam)
        volgorde.append(naam)
        rollen[naam] = rol
    for rol, (label, rows) in enumerate(andere, start=len(vast) + 1):
        rijen += _met_reeks(rows, label)
        volgorde.append(label)
        rollen[label] = rol
    for j in rules.periode_breuken_rijen([r for r in facts if r["gebied_code"] == gemeente]):
        breuken.append((j, "andere soort periode (bijv. schooljaar in plaats van kalenderjaar)"))
    per_reeks: dict[str, list[Rij]] = {}
    for r in rijen:
        per_reeks.setdefault(r["reeks"], []).append(r)
    for naam in volgorde[:2]:  # the chosen area and the gemeente: a change of basis is a break
        breuken += [(j, SOORT_BREUK) for j in _soort_breuken(per_reeks.get(naam, []))]
    breuken = binnen_getekend(sorted(set(breuken)), (r["jaar"] for r in rijen))
    oordelen = {}
    for naam in volgorde:
        oordelen[naam] = rules.trend_rijen(per_reeks.get(naam, []), ind["gewenste_richting"],
                                           ind["eenheid"], [b for b, _ in breuken])
    return TrendData(ind, rijen, volgorde, breuken, notities, oordelen, rollen)


def _met_reeks(rows: Iterable[Rij], naam: str) -> list[Rij]:
    """Copies of fact rows with their series name (the query's rows are shared: not changed)."""
    return [{**r, "reeks": naam} for r in rows]


def _leeg(x: Any) -> bool:
    """None or NaN: a missing value, as pandas' notna reads it."""
    return x is None or (isinstance(x, float) and x != x)


def binnen_getekend(breuken: list[tuple[int, str]], jaren: Iterable[Any]) -> list[tuple[int, str]]:
    """The breaks inside the drawn years: a break before year b lies between two drawn years when
    the first drawn year is before b and the last is b or later. One before the first drawn year
    (a chart from 2022, a break before 2021) is not the chart's, and is not mentioned."""
    getekend = [int(j) for j in jaren]
    if not getekend:
        return []
    eerste, laatste = min(getekend), max(getekend)
    return [(b, reden) for b, reden in breuken if eerste < b <= laatste]


# A series whose figures change kind between delivered and made by this warehouse (converted from
# an older division, computed from the wijken): not one basis (rules.soort_breuk).
SOORT_BREUK = "ander soort cijfer (omgerekend of berekend tegenover geleverd)"


def _soort_breuken(rows: list[Rij]) -> list[int]:
    """Years whose figure is of another basis than the year's before it (a suppressed figure too:
    its row says how it came about). The first row of a year counts."""
    per_jaar: dict[int, Any] = {}
    for r in sorted((r for r in rows if not _leeg(r.get("soort"))), key=lambda r: r["jaar"]):
        per_jaar.setdefault(int(r["jaar"]), r["soort"])
    jaren, soorten = list(per_jaar), list(per_jaar.values())
    return [jaren[i] for i in range(1, len(jaren)) if rules.soort_breuk(soorten[i - 1], soorten[i])]


@dataclass(frozen=True)
class Vergelijking:
    """One stated comparison under the trend: `gebied` against `referentie` in one year."""

    gebied: str
    referentie: str
    jaar: int | None  # the latest year of `gebied` with a value; None: no figure at all
    periode: str
    waarde: float | None
    referentie_waarde: float | None
    oordeel: rules.Oordeel
    gunstigheid: str  # rules.GUNSTIG/ONGUNSTIG/VERGELIJKBAAR/NEUTRAAL, '' when unknown


def vergelijkingen(td: TrendData) -> list[Vergelijking]:
    """The chosen area against the gemeente, the gemeente against each reference (docs/app.md).

    Each comparison takes the latest year in which the first series has a value and the
    reference's figure of that same year (app/rules.py vergelijk); no figure that year, no verdict.
    """
    ind = td.indicator
    rij_per: dict[tuple[str, int], dict[str, Any]] = {}
    for r in td.rijen:
        if r["status"] == fmt.STATUS_WAARDE:
            rij_per[(r["reeks"], int(r["jaar"]))] = r
    per_rol = {rol: naam for naam, rol in td.rollen.items()}
    paren = []
    if 0 in per_rol and 1 in per_rol:
        paren.append((per_rol[0], per_rol[1]))
    if 1 in per_rol:
        paren += [(per_rol[1], per_rol[r]) for r in sorted(per_rol) if r >= 2]
    uit = []
    for a, b in paren:
        jaren_a = sorted(j for n, j in rij_per if n == a)
        if not jaren_a:
            uit.append(Vergelijking(a, b, None, "", None, None,
                                    rules.Oordeel(rules.ONBEKEND, None, ""), ""))
            continue
        jaar = jaren_a[-1]
        ra, rb = rij_per[(a, jaar)], rij_per.get((b, jaar))
        periode = fmt.jaar_label(jaar, ra.get("periode_label"))
        if rb is None:
            uit.append(Vergelijking(a, b, jaar, periode, float(ra["waarde"]), None,
                                    rules.Oordeel(rules.ONBEKEND, None, ""), ""))
            continue
        # a wijk's count is part of the gemeente's total: no verdict (the gemeente against a
        # reference area is a count against a count of the same kind of area)
        oordeel = rules.vergelijk(rules.meting(ra), rules.meting(rb), ind["eenheid"],
                                  aantal_tegen_totaal=(td.rollen.get(a) == 0
                                                       and not catalogus.is_vergelijkbaar(ind)))
        uit.append(Vergelijking(a, b, jaar, periode, float(ra["waarde"]), float(rb["waarde"]),
                                oordeel, rules.gunstigheid(oordeel.richting,
                                                           ind["gewenste_richting"])))
    return uit


@dataclass(frozen=True)
class _Vergelijkbaar:
    """An area's comparable and changed areas in other indelingen (db.vergelijkbaarheid), as
    plain lists: derived once per warehouse version, read on every interaction."""

    paren: frozenset[tuple[str, str]]  # the area and its same areas (gebieden.gebied_paren)
    eigen_reeksen: list[tuple[str, str]]  # changed areas with a series of their own
    same: list[tuple[str, str, str]]  # (gebied_code, indeling, reden), by IoU
    changed: list[tuple[str, str, float, str]]  # (gebied_code, indeling, iou, reden), by IoU


def _vergelijkbaar(db: Warehouse, g_code: str, g_indeling: str) -> _Vergelijkbaar:
    def compute() -> _Vergelijkbaar:
        verg = db.vergelijkbaarheid(g_code, g_indeling)
        paren, eigen_reeksen = gebieden.gebied_paren(db, g_code, g_indeling)
        same = verg[verg["vergelijkbaar"].astype(bool)]
        changed = verg[~verg["vergelijkbaar"].astype(bool)
                       & ~verg["indeling"].isin(set(same["indeling"]))]
        return _Vergelijkbaar(
            frozenset(paren), list(eigen_reeksen),
            list(zip(same["gebied_code"], same["indeling"], same["reden"], strict=True)),
            list(zip(changed["gebied_code"], changed["indeling"], changed["iou"], changed["reden"],
                     strict=True)))

    return afgeleid(db, ("trend_vergelijkbaar", g_code, g_indeling), compute)


def _gebied_reeks(db: Warehouse, code: str, g_code: str, g_indeling: str, naam: str
                  ) -> tuple[list[Rij], list[str], list[tuple[int, str]], list[tuple[str, list[Rij]]]]:
    """The series of one area: its own indeling plus comparable areas of other indelingen.

    Also (label, rows) of the changed areas that get a series of their own (andere_gebieden).
    The notes follow what is drawn: figures of a same area that are in the line are named as in
    it, with the reason (gebied_vergelijkbaarheid.reden); figures of an indeling in which the area
    has no same area are named as left out, with the reason per area. An indeling in which the
    area does have a same area says nothing about the other old areas it touches: they are
    neighbours there, not predecessors, and no break is drawn.
    """
    vb = _vergelijkbaar(db, g_code, g_indeling)
    changed_paren = {(c, i) for c, i, _, _ in vb.changed}
    codes = tuple(sorted({c for c, _ in vb.paren} | {c for c, _ in changed_paren}))
    facts = db.reeks_rijen(code, codes)
    eigen = gebieden.een_per_jaar_rijen(
        [r for r in facts if (r["gebied_code"], r["indeling"]) in vb.paren], g_indeling)
    notities: list[str] = []
    breuken: list[tuple[int, str]] = []
    andere: list[tuple[str, list[Rij]]] = []
    for s_code, s_indeling, reden in vb.same:
        drawn = [r for r in eigen if r["gebied_code"] == s_code and r["indeling"] == s_indeling]
        if not drawn:
            continue
        jaren = ", ".join(str(j) for j in sorted({int(r["jaar"]) for r in drawn}))
        waar = gebieden.zelfde_gebied_tekst(str(drawn[0]["gebied_naam"]), naam, s_indeling, reden)
        notities.append(f"Cijfers van {jaren} komen uit de {waar}; ze staan daarom in de lijn van {naam}.")
    uitgesloten = [r for r in facts if (r["gebied_code"], r["indeling"]) in changed_paren]
    if uitgesloten:
        jaren_weg = sorted({int(r["jaar"]) for r in uitgesloten})
        indel = sorted({r["indeling"] for r in uitgesloten})
        eerste_eigen = [r["jaar"] for r in eigen if r["indeling"] == g_indeling]
        if eerste_eigen:
            breuken.append((int(min(eerste_eigen)), "wijkindeling gewijzigd"))
        for c, i in vb.eigen_reeksen:
            rows = [r for r in uitgesloten if r["gebied_code"] == c and r["indeling"] == i]
            if rows:
                andere.append((gebieden.label_ander_gebied(str(rows[0]["gebied_naam"]), i), rows))
        redenen, klein = [], []
        for c_code, c_indeling, iou, reden in vb.changed:  # by IoU, the largest first
            rows = [r for r in uitgesloten
                    if r["gebied_code"] == c_code and r["indeling"] == c_indeling]
            if not rows:
                continue
            ander = str(rows[0]["gebied_naam"])
            if iou >= gebieden.MIN_IOU_EIGEN_REEKS:  # a predecessor: why it is not the same area
                redenen.append(f" {gebieden.label_ander_gebied(ander, c_indeling)}: {reden}.")
            else:  # an area that overlaps only part of it: named, its figures are left out too
                iou_tekst = f"{iou:.2f}".replace(".", ",")
                klein.append(f"{ander} ({gebieden.indeling_label(c_indeling)}, overlap {iou_tekst})")
        if klein:
            kop = ("Ook andere gebieden overlappen voor een deel" if redenen
                   else "Het gaat om gebieden die er maar voor een deel mee overlappen")
            redenen.append(f" {kop}: {'; '.join(klein)}.")
        eigen_lijn = (f" {'; '.join(label for label, _ in andere)} staat als eigen lijn in de grafiek."
                      if andere else "")
        notities.append(
            f"Cijfers van {', '.join(map(str, jaren_weg))} ({', '.join(map(gebieden.indeling_label, indel))})"
            f" gaan over een gebied met andere grenzen dan {naam} in de "
            f"{gebieden.indeling_label(g_indeling)}; ze staan daarom niet in de lijn van {naam}."
            f"{''.join(redenen)}{eigen_lijn}"
        )
    return eigen, notities, breuken, andere


def trend_tabel_rijen(td: TrendData) -> list[dict[str, str]]:
    """The trend as table rows: one per year, a column per series, values in Dutch notation.

    A significant value gets ' *', an interval '(lo–hi)'; a year printed as a school year or
    peildatum takes that label. Shared by the verkenner and the /embed/trend view.
    """
    eenheid = td.indicator["eenheid"]
    eerste: dict[tuple[str, int], dict[str, Any]] = {}  # (series, year) -> its first row
    for rec in td.rijen:
        eerste.setdefault((rec["reeks"], int(rec["jaar"])), rec)
    rijen = []
    for jaar in sorted({j for _, j in eerste}):
        rij = {"jaar": str(jaar)}
        for naam in td.volgorde:
            h = eerste.get((naam, jaar))
            if h is None:
                rij[naam] = "–"
                continue
            tekst = fmt.waarde(h["waarde"], eenheid, h["status"], soort=h.get("soort"))
            if h.get("significant") is True:
                tekst += " *"
            if fmt.is_getal(h.get("ondergrens")) and fmt.is_getal(h.get("bovengrens")):
                tekst += f" ({fmt.getal(h['ondergrens'])}–{fmt.getal(h['bovengrens'])})"
            rij[naam] = tekst
            if h["periode_label"] and str(h["periode_label"]) != str(jaar):
                rij["jaar"] = str(h["periode_label"])
        rijen.append(rij)
    return rijen


# -- texts and table ---------------------------------------------------------------------------


def trend_tabel(td: TrendData, prefix: str = "verkenner") -> Any:
    """Years as rows, series as columns (the trend's table alternative)."""
    eenheid = td.indicator["eenheid"]
    if not td.rijen:
        return html.P("Geen cijfers.")
    rows = trend_tabel_rijen(td)
    kol = [("jaar", "Jaar")] + [(n, n) for n in td.volgorde]
    caption = (f"{td.indicator['naam']} ({fmt.eenheid_label(eenheid)}); * = significant verschil "
               "met de vorige meting; tussen haakjes het 95%-betrouwbaarheidsinterval; – = geen "
               "cijfer")
    return c.tabel_alternatief(c.html_tabel(rows, kol, caption, tabel_id=f"{prefix}-trend-data",
                                            rij_kop="jaar", numeriek=tuple(td.volgorde)),
                               "Tabel bij de ontwikkeling")


def vergelijking_tekst(v: Vergelijking, eenheid: str) -> tuple[str, str, str]:
    """(lead, verdict, rule) of one comparison, e.g. ('Amersfoort tegen Nederland, 2023: …',
    'hoger (gunstig)', 'op basis van de 95%-betrouwbaarheidsintervallen'). docs/app.md."""
    if v.jaar is None:
        return f"{v.gebied} tegen {v.referentie}: ", "geen vergelijking", \
            f"{v.gebied} heeft geen cijfers"
    if v.referentie_waarde is None:
        return (f"{v.gebied} tegen {v.referentie}, {v.periode}: ", "geen vergelijking",
                f"{v.referentie} heeft geen cijfer over {v.periode}")
    lead = (f"{v.gebied} tegen {v.referentie}, {v.periode} ({fmt.waarde(v.waarde, eenheid)} "
            f"tegen {fmt.waarde(v.referentie_waarde, eenheid)}): ")
    oordeel = v.oordeel.richting
    if v.gunstigheid and v.gunstigheid != rules.NEUTRAAL:
        oordeel += f" ({v.gunstigheid})"
    return lead, oordeel, rules.methode_tekst(v.oordeel.methode, eenheid)


def _vergelijking_li(v: Vergelijking, eenheid: str) -> html.Li:
    lead, oordeel, regel = vergelijking_tekst(v, eenheid)
    return html.Li([lead, html.Strong(oordeel), f" ({regel})" if regel else ""])


# -- the Verkenner -----------------------------------------------------------------------------


def render(state: ViewState, pagina: Pagina) -> tuple:
    """Trend of the chosen area against the gemeente, 100.000+ gemeenten and Nederland."""
    db = current()
    cfg = settings()
    td = trend(db, state.indicator, cfg.gemeente, cfg.referenties, state.gebied_tuple)
    eenheid = td.indicator["eenheid"]
    d = fmt.decimalen(r["waarde"] for r in td.rijen) if td.rijen else None
    oordelen = []
    for naam in td.volgorde:
        t = td.oordelen[naam]
        if t.jaar is None:
            oordelen.append(html.Li(f"{naam}: {t.oordeel}"))
            continue
        methode = rules.methode_tekst(t.methode, eenheid)
        verschil = f", {fmt.verschil(t.verschil, eenheid, d)}" if t.verschil is not None else ""
        oordelen.append(html.Li([
            f"{naam}, {t.vorig_jaar} → {t.jaar}: ",
            html.Strong(t.oordeel), f"{verschil}" + (f" ({methode})" if methode else ""),
        ]))
    gemeten = [r for r in td.rijen if r["status"] == fmt.STATUS_WAARDE]
    if gemeten and len({r["jaar"] for r in gemeten}) == 1:
        r0 = gemeten[0]
        periode = fmt.jaar_label(int(r0["jaar"]), r0.get("periode_label"))
        cijfers = "; ".join(f"{r['reeks']} {fmt.waarde(r['waarde'], eenheid)}" for r in gemeten)
        oordelen.insert(0, html.Li([f"Er is alleen een cijfer over {periode}: ",
                                    html.Strong(cijfers),
                                    ". Een ontwikkeling volgt bij een volgende meting."]))
    oordelen += [_vergelijking_li(v, eenheid) for v in vergelijkingen(td)]
    notities = [html.Li(n) for n in td.notities]
    notities += [html.Li(f"Breuk in de reeks vóór {b}: {reden}.") for b, reden in td.breuken]
    if not td.rijen:
        notities.insert(0, html.Li("Deze indicator heeft geen totaalcijfers, alleen een "
                                   "uitsplitsing naar groepen (zie hieronder)."))
    elif td.volgorde and not td.reeks(td.volgorde[0]) and state.gebied_tuple:
        notities.insert(0, html.Li(f"Voor {td.volgorde[0]} zijn er geen cijfers van deze "
                                   "indicator; de lijnen tonen de gemeente en de vergelijking."))
    return (trend_figures.trend_figuur(td), html.Ul(oordelen, className="oordelen"), notities,
            trend_tabel(td, pagina.prefix))


def sleutels(s: ViewState) -> tuple:
    """What of the state the trend is drawn from (every year: not the year)."""
    return (s.indicator, s.gebied_tuple)


def blok(P: str, eerst: Any) -> html.Section:  # noqa: N803 - the page's id prefix, as it calls it
    """The trend's section of the Verkenner: judgements, chart, notes and table."""
    return html.Section([
        html.H2("Ontwikkeling door de jaren", id=f"{P}-trend-kop"),
        html.Div(eerst["trend-oordeel", "children"], id=f"{P}-trend-oordeel",
                 className="uitleg"),
        dcc.Graph(id=f"{P}-trend", config=c.GRAPH_CONFIG, className="grafiek",
                  figure=eerst["trend", "figure"]),
        html.Ul(eerst["trend-notities", "children"], id=f"{P}-trend-notities",
                className="notities"),
        html.Div(eerst["trend-tabel", "children"], id=f"{P}-trend-tabel"),
    ], className="paneel", **{"aria-labelledby": f"{P}-trend-kop"})


# -- embed and export --------------------------------------------------------------------------


def embed(db: Warehouse, k: ViewState, cfg: Config) -> Weergave:
    """The development of the area (if chosen), the gemeente and the comparison areas."""
    ind = catalogus.indicator(db, k.indicator)
    td = trend(db, ind["code"], cfg.gemeente, cfg.referenties, k.gebied_tuple)
    if not td.rijen:
        raise GeenWeergave("Deze indicator heeft geen totaalcijfers, alleen een uitsplitsing "
                           "naar groepen: gebruik /embed/groepen.")
    eenheid = ind["eenheid"]
    rijen = trend_tabel_rijen(td)
    tabel = Tabel(
        caption=(f"{ind['naam']} ({fmt.eenheid_label(eenheid)}); * = significant verschil met de "
                 "vorige meting; tussen haakjes het 95%-betrouwbaarheidsinterval; – = geen cijfer"),
        kolommen=[("jaar", "Jaar", False)] + [(n, n, True) for n in td.volgorde],
        rijen=rijen, rij_kop="jaar", samenvatting="Tabel bij de ontwikkeling")
    notities = []
    eerste = td.volgorde[0] if td.volgorde else None
    if eerste and td.oordelen[eerste].jaar is not None:
        t = td.oordelen[eerste]
        notities.append(f"{eerste}, {t.vorig_jaar} → {t.jaar}: {t.oordeel}.")
    notities += list(td.notities)
    notities += [f"Breuk in de reeks vóór {b}: {reden}." for b, reden in td.breuken]
    wie = ", ".join(td.volgorde)
    return Weergave(
        soort="trend", titel=str(ind["naam"]), ondertitel=f"Ontwikkeling door de jaren: {wie}.",
        eenheid=fmt.eenheid_label(eenheid), bron=bron(ind), link=k.link(),
        figuur=voor_embed(trend_figures.trend_figuur(td)),
        grafiek_label=(f"Lijngrafiek van {ind['naam']} door de jaren voor {wie}. "
                       "De tabel hieronder geeft alle cijfers."),
        tabellen=[tabel], notities=notities)


def beschikbaar(db: Warehouse, state: ViewState) -> bool:
    """Whether the indicator has total figures (a trend to embed)."""
    return gebieden.heeft_totaal(db, state.indicator)


def export(db: Warehouse, state: ViewState) -> dict[str, pd.DataFrame]:
    """The series drawn in the trend."""
    cfg = settings()
    td = trend(db, state.indicator, cfg.gemeente, cfg.referenties, state.gebied_tuple)
    if not td.rijen:
        return {}
    return {"ontwikkeling": td.reeksen[
        ["gebied_code", "gebied_naam", "indeling", "jaar", "periode_label", "waarde",
         "status", "soort", "significant", "ondergrens", "bovengrens"]]}


ONDERDEEL = Onderdeel(
    naam="trend",
    outputs=(("trend", "figure"), ("trend-oordeel", "children"), ("trend-notities", "children"),
             ("trend-tabel", "children")),
    sleutels=sleutels, render=render, blok=blok,
    embed=Embed("trend", ("indicator", "jaar", "niveau", "gebied"), hoogte=640,
                titel="ontwikkeling", maak=embed, beschikbaar=beschikbaar),
    # after the map and the breakdown in a download, as before the registry
    export=export, export_volgorde=2,
)
