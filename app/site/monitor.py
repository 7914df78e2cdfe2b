"""Page '/monitor': the monitor's own table per thema or doel, server-rendered HTML.

Years as columns, the trend and the comparison with Nederland by app/rules.py (via
app/monitortabel.py), the goals per indicator, the missing figures; CSV and Excel of the same table
at /monitor.csv and /monitor.xlsx. Plain GET forms choose the thema or doel: no script, one page
load per choice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from flask import Blueprint, Response, request
from markupsafe import Markup

from app import (
    cache,
    catalogus,
    errors,
    export,
    fmt,
    monitortabel,
    programma,
    rules,
    urlstate,
    verwant,
    vocab,
)
from app.config import settings
from app.frame import render_pagina
from app.queries import Warehouse, WarehouseMissing, WarehouseUnreadable, current

bp = Blueprint("monitor", __name__)

PAD = "/monitor"
PARAMS = ("thema", "doel")
NEDERLAND = "NL01"
VERKENNER = "/verkenner"

TREND_UITLEG = (
    "Trend: de laatste meting van de gemeente vergeleken met de vorige meting. Met "
    "betrouwbaarheidsintervallen telt een verschil als de intervallen elkaar niet overlappen; met "
    "een significantie-aanduiding van de bron (*) volgt het oordeel die aanduiding; anders telt "
    f"een verschil vanaf {fmt.getal(rules.DREMPEL_PROCENTPUNT)} procentpunt (percentages) of "
    f"{fmt.getal(rules.DREMPEL_RELATIEF * 100)}% van de vorige waarde (andere eenheden), en voor "
    f"een schatting pas vanaf {fmt.getal(rules.DREMPEL_MODEL_PROCENTPUNT)} procentpunt; een "
    "verschil moet ook gelden als de cijfers een decimaal anders waren. "
    "'Gewenste richting' als de verandering de kant op gaat die de indicator wil, 'ongewenste "
    "richting' als het omgekeerde, anders 'stabiel'. Een breuk in de reeks (gewijzigde "
    "definitie, periode of soort cijfer) tussen beide metingen geeft geen oordeel."
)
NL_UITLEG = (
    "Vergelijking met Nederland: de laatste meting van de gemeente tegen Nederland in hetzelfde "
    "jaar, met dezelfde regels (intervallen, anders de drempel): lager, hoger of gelijk."
)


# -- state -------------------------------------------------------------------------------------


def keuze_uit(params: Mapping[str, str]) -> str | None:
    """'doel:<code>' or 'thema:<naam>' from the URL (doel wins), or None."""
    if params.get("doel"):
        return f"doel:{params['doel']}"
    if params.get("thema"):
        return f"thema:{params['thema']}"
    return None


def bepaal_keuze(db: Warehouse, params: Mapping[str, str]) -> tuple[str | None, list[str]]:
    """The chosen theme or goal (default: the first chapter) and notices for the page."""
    meldingen = []
    keuze = keuze_uit(params)
    if keuze and not catalogus.keuze_bestaat(db, keuze):
        # app/params.py answers such a link with a 404 first; this keeps the page valid anyway.
        meldingen.append(f"'{keuze.partition(':')[2]}' is geen thema of doel van de monitor; "
                         "het eerste thema wordt getoond.")
        keuze = None
    if not keuze:
        themas = catalogus.themas(db)
        keuze = f"thema:{themas[0]}" if themas else None
    return keuze, meldingen


def url_params(keuze: str | None) -> dict[str, str | None]:
    """thema=... or doel=..."""
    soort, _, waarde = (keuze or "").partition(":")
    return {"thema": waarde if soort == "thema" else None,
            "doel": waarde if soort == "doel" else None}


def link(pad: str, keuze: str | None) -> str:
    """`pad` with the query string of a choice."""
    return pad + urlstate.search(url_params(keuze), PARAMS)


# -- view model --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cel:
    tekst: str
    status: bool  # words ('niet gemeten') that may wrap, not a number


@dataclass(frozen=True)
class Rij:
    code: str
    naam: str
    href: str
    eenheid: str
    definitie: str
    bron: str
    richting: str
    toelichting: str
    cellen: tuple[Cel, ...]
    trend: str
    trend_klasse: str
    trend_methode: str
    nl: str
    nl_methode: str
    doelen: tuple[str, ...]
    # without wijk figures: related indicators that have them (data/meta/verwant.csv)
    verwant: tuple[verwant.Verwijzing, ...] = ()


@dataclass(frozen=True)
class Tabel:
    id: str
    caption: str
    jaren: tuple[int, ...]
    rijen: tuple[Rij, ...]


@dataclass(frozen=True)
class Doel:
    code: str
    naam: str
    acties: Markup  # "Wat doen we eraan": the programmes' results and actions (app/programma.py)
    aantal_acties: int


@dataclass(frozen=True)
class Inhoud:
    titel: str
    gemeente_naam: str
    nl_naam: str
    tabellen: tuple[Tabel, ...]  # the chapter's table, then the theme's other indicators
    ontbrekend: tuple[str, ...]
    doelen: tuple[Doel, ...]  # the goals this view is about: a place for the programmes' actions


def _cel(cellen: dict[tuple[str, int], dict[str, Any]], code: str, jaar: int, eenheid: str,
         decimalen: int | None = None) -> Cel:
    h = cellen.get((code, jaar))
    if h is None:
        return Cel("", False)
    tekst = fmt.waarde(h["waarde"], eenheid, h["status"], decimalen=decimalen, soort=h.get("soort"))
    if h["status"] != fmt.STATUS_WAARDE:
        return Cel(tekst, True)
    return Cel(tekst + (" *" if h["significant"] is True else ""), False)


def _decimalen(r: Mapping[str, Any], cellen: dict[tuple[str, int], dict[str, Any]],
               jaren: tuple[int, ...]) -> int:
    """One precision for an indicator's row (issue 21: no '5%' next to '5,6%')."""
    return fmt.decimalen_indicator(r.get("decimalen"), [
        cellen[(r["indicator_code"], j)]["waarde"] for j in jaren if (r["indicator_code"], j) in cellen])


def nl_tekst(r: Mapping[str, Any], nl_naam: str) -> str:
    """'hoger (Nederland 2023: 70%)' or 'geen vergelijking'."""
    if r["nl_vergelijking"] == rules.ONBEKEND:
        return "geen vergelijking"
    waarde = fmt.waarde(r["nl_waarde"], r["eenheid"])
    return f"{r['nl_vergelijking']} ({nl_naam} {int(r['nl_jaar'])}: {waarde})"


def trend_tekst(r: Mapping[str, Any]) -> str:
    """'gewenste richting (2021 → 2023)' or the verdict alone when there is no pair of years."""
    if r["trend_jaar"] is None or pd.isna(r["trend_jaar"]):
        return r["trend"]
    return f"{r['trend']} ({int(r['trend_vorig_jaar'])} → {int(r['trend_jaar'])})"


def _tabel(mt: monitortabel.MonitorTabel, rijen: pd.DataFrame, caption: str, doel_namen: dict[str, str],
           tabel_id: str, db: Warehouse) -> Tabel:
    """One table; its year columns are the years with a figure for one of its own rows, so the
    RIVM/CBS estimates of 2012 and 2016 add no empty columns to the monitor's table."""
    cellen: dict[tuple[str, int], dict[str, Any]] = {}
    for r in mt.waarden.to_dict("records"):
        cellen.setdefault((r["indicator_code"], r["jaar"]), r)
    eigen = set(rijen["indicator_code"])
    met_cijfer = {j for c, j in cellen if c in eigen}
    jaren = tuple(j for j in mt.jaren_overig if j in met_cijfer)
    out = []
    for r in rijen.to_dict("records"):
        codes = [d for d in str(r["doelen"]).split("|") if d]
        out.append(Rij(
            code=r["indicator_code"], naam=r["naam"],
            href=f"{VERKENNER}?{urlencode({'indicator': r['indicator_code']})}",
            eenheid=fmt.eenheid_label(r["eenheid"]), definitie=r["definitie"] or "–",
            bron=r["bron"], richting=r["gewenste_richting"], toelichting=r["toelichting"] or "–",
            cellen=tuple(_cel(cellen, r["indicator_code"], j, r["eenheid"],
                              _decimalen(r, cellen, jaren)) for j in jaren),
            trend=trend_tekst(r), trend_klasse=vocab.oordeel_klasse(vocab.TREND_KLASSE, r["trend"]),
            trend_methode=rules.methode_tekst(r["trend_methode"], r["eenheid"]),
            nl=nl_tekst(r, mt.nl_naam), nl_methode=rules.methode_tekst(r["nl_methode"], r["eenheid"]),
            doelen=tuple(f"{d} {doel_namen.get(d, '')}".strip() for d in codes),
            verwant=verwant.voor(db, r["indicator_code"]),
        ))
    return Tabel(tabel_id, caption, jaren, tuple(out))


# Heading level of "Wat doen we eraan" under a goal's h3 (section "Doelen" is an h2).
ACTIES_KOPNIVEAU = 4


def _doelen_van(db: Warehouse, keuze: str, mt: monitortabel.MonitorTabel) -> tuple[Doel, ...]:
    """The chosen goal (its actions include those of its child goals); for a theme, the goals its
    indicators serve, in tree order. Each with what the programmes do for it."""
    boom = db.doelen()
    namen = dict(zip(boom["doel_code"], boom["naam"], strict=True))
    soort, _, waarde = keuze.partition(":")
    if soort == "doel":
        codes = [waarde]
    else:
        gebruikt = {d for s in mt.rijen["doelen"] for d in str(s).split("|") if d}
        codes = [c for c in boom["doel_code"] if c in gebruikt]
    out = []
    for c in codes:
        view = programma.programma_voor_doel(db, c)
        blok = programma.blok_voor_doel(view)
        out.append(Doel(c, namen.get(c, ""), programma.acties_html(blok, ACTIES_KOPNIVEAU),
                        len(view.acties)))
    return tuple(out)


def inhoud(db: Warehouse, keuze: str) -> Inhoud:
    """Everything the page shows for a choice (kept per warehouse version: a page is one lookup)."""
    return cache.afgeleid(db, ("monitor_pagina", keuze, settings().gemeente),
                         lambda: _inhoud(db, keuze))


def _inhoud(db: Warehouse, keuze: str) -> Inhoud:
    mt = monitortabel.monitor_tabel(db, keuze, settings().gemeente, NEDERLAND)
    doel_namen = catalogus.doel_namen(db)
    is_thema = keuze.startswith("thema:")
    # A theme: the chapter's own table, then its other indicators. A goal: the monitor's
    # indicators, then those from outside the monitor (RIVM/CBS estimates, CBS Kerncijfers).
    hoofd = (mt.rijen["in_tabel"] if is_thema
             else mt.rijen["monitor_status"] != vocab.NIET_IN_MONITOR)
    in_tabel, overig = mt.rijen[hoofd], mt.rijen[~hoofd]
    tabellen = []
    if not in_tabel.empty:
        tabellen.append(_tabel(mt, in_tabel, f"Indicatoren {mt.titel}", doel_namen, "monitor-tabel",
                               db))
    if not overig.empty:
        tabellen.append(_tabel(mt, overig, f"Overige indicatoren {mt.titel}", doel_namen,
                               "monitor-overig", db))
    return Inhoud(mt.titel, mt.gemeente_naam, mt.nl_naam, tuple(tabellen),
                  tuple(mt.ontbrekend["naam"]), _doelen_van(db, keuze, mt))


@dataclass(frozen=True)
class Optie:
    waarde: str
    label: str


def keuze_opties(db: Warehouse) -> tuple[tuple[Optie, ...], tuple[Optie, ...]]:
    """(themes in chapter order, goals of the beleidskader) for the two selects."""
    def compute() -> tuple[tuple[Optie, ...], tuple[Optie, ...]]:
        themas = tuple(Optie(t, t) for t in catalogus.themas(db))
        doelen = tuple(Optie(r.doel_code, f"{r.doel_code} {r.naam}")
                       for r in db.doelen().itertuples())
        return themas, doelen

    return cache.afgeleid(db, "monitor_keuze_opties", compute)


# -- export ------------------------------------------------------------------------------------


def acties_frame(db: Warehouse, keuze: str) -> pd.DataFrame:
    """The programmes' actions for the goals of the view (as on the page), for the export."""
    mt = monitortabel.monitor_tabel(db, keuze, settings().gemeente, NEDERLAND)
    delen = [programma.programma_voor_doel(db, d.code).acties for d in _doelen_van(db, keuze, mt)]
    acties = [a for a in delen if not a.empty]
    if not acties:
        return programma.acties_tabel(pd.DataFrame())
    return programma.acties_tabel(pd.concat(acties).drop_duplicates("actie_code"))


def export_frame(db: Warehouse, keuze: str) -> tuple[pd.DataFrame, dict[str, str], str]:
    """The table in long form: one row per indicator x year, with the judgements."""
    mt = monitortabel.monitor_tabel(db, keuze, settings().gemeente, NEDERLAND)
    w = mt.waarden[["indicator_code", "jaar", "periode_label", "waarde", "status", "soort",
                    "significant", "ondergrens", "bovengrens"]]
    out = mt.rijen.merge(w, on="indicator_code", how="left")[[
        "indicator_code", "naam", "thema", "eenheid", "jaar", "periode_label", "waarde", "status",
        "soort", "significant", "ondergrens", "bovengrens", "trend", "trend_vorig_jaar", "trend_jaar",
        "nl_vergelijking", "nl_jaar", "nl_waarde", "doelen", "gewenste_richting", "bron",
        "definitie",
    ]]
    meta = {
        "Monitor": mt.titel,
        "Gebied": mt.gemeente_naam,
        "Weergave": link("monitor", keuze),
        "Bron en definitie": "per indicator in de kolommen 'bron' en 'definitie'",
        "Trend": TREND_UITLEG,
        "Vergelijking": NL_UITLEG,
        "Cijfers bijgewerkt op": fmt.datum(str(db.info().get("built_at") or "")),
        "Soort cijfer": "; ".join(f"{s.code} = {s.uitleg}" for s in vocab.SOORTEN.values()),
    }
    return out, meta, mt.titel


# -- routes ------------------------------------------------------------------------------------


def _params() -> dict[str, str]:
    return {k: v for k, v in request.args.items() if v}


def _geen_warehouse(exc: Exception) -> Response:
    return errors.melding_pagina("De Wijkmonitor kan nu geen cijfers tonen",
                                 [errors.friendly_message(exc)], 503)


@bp.get(PAD)
def pagina() -> Response:
    """The page for ?thema=… or ?doel=… (app/params.py has checked both)."""
    params = _params()
    try:
        db = current()
        keuze, meldingen = bepaal_keuze(db, params)
        meldingen.insert(0, urlstate.onbekend_melding(urlstate.onbekend(params, PARAMS)))
        themas, doelen = keuze_opties(db)
        body = inhoud(db, keuze) if keuze else None
    except (WarehouseMissing, WarehouseUnreadable) as exc:
        return _geen_warehouse(exc)
    soort, _, waarde = (keuze or "").partition(":")
    titel = body.titel if body else "Monitor per thema"
    return render_pagina("monitor.html", titel=f"Monitor: {titel}", actief=PAD, context={
        "inhoud": body, "themas": themas, "doelen": doelen,
        "gekozen_thema": waarde if soort == "thema" else "",
        "gekozen_doel": waarde if soort == "doel" else "",
        "meldingen": [m for m in meldingen if m],
        "trend_uitleg": TREND_UITLEG, "nl_uitleg": NL_UITLEG,
        "csv_url": link(f"{PAD}.csv", keuze), "xlsx_url": link(f"{PAD}.xlsx", keuze),
    })


def _download(extensie: str) -> Response:
    try:
        db = current()
        keuze, _ = bepaal_keuze(db, _params())
        if keuze is None:
            return errors.melding_pagina("Er is niets te downloaden",
                                         ["Het warehouse bevat nog geen indicatoren."], 404)
        df, meta, titel = export_frame(db, keuze)
        acties = acties_frame(db, keuze)
    except (WarehouseMissing, WarehouseUnreadable) as exc:
        return _geen_warehouse(exc)
    naam = export.bestandsnaam("monitor", titel, extensie=extensie)
    if extensie == "xlsx":
        inhoud_bytes = export.naar_excel({"Monitor": df, "Wat doen we eraan": acties}, meta)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        inhoud_bytes = export.naar_csv({"monitor": df, "acties": acties}, meta)
        mimetype = "text/csv"  # Flask adds the charset
    response = Response(inhoud_bytes, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{naam}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get(f"{PAD}.csv")
def download_csv() -> Response:
    """The table as CSV (';' and decimal comma, for Dutch spreadsheets)."""
    return _download("csv")


@bp.get(f"{PAD}.xlsx")
def download_xlsx() -> Response:
    """The table as an Excel workbook."""
    return _download("xlsx")
