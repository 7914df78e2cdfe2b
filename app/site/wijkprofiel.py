"""Page '/wijkprofiel' and its downloads: every indicator of one area against the gemeente.

Server-rendered HTML (templates/wijkprofiel.html, tables from _profiel.html): ready at once, printable
on A4 and readable without JavaScript. Choices are a plain GET form; app/params.py has checked the
query string before a view here runs. The data is one app.profiel.Profiel, also behind the exports.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from flask import Blueprint, Response, redirect, request
from markupsafe import Markup

from app import (
    cache,
    catalogus,
    embed,
    errors,
    export,
    fmt,
    frame,
    gebieden,
    profiel,
    programma,
    urlstate,
    vocab,
)
from app.config import settings
from app.profiel import cijfers, keuze
from app.profiel.keuze import PAD, PARAMS, gebied, gemeente_gebied, link, vergelijk_gebied
from app.queries import Warehouse, current

bp = Blueprint("wijkprofiel", __name__)

# The page's cache of rendered pages: a wijkteam's profile is the same HTML for every visitor
# until the warehouse changes; one thread draws it, others asking for it meanwhile wait. Keyed by
# the whole query string (unknown parameters add a message) and the address asked at (the embed
# code names it). Off with the query cache, like the Verkenner's GETEKENDE_DELEN.
GETEKENDE_PAGINAS = cache.VersionCache(256, follows_query_cache=True)

# The form sends the area as 'code|indeling' in one <select> (a code exists in several
# indelingen); /wijkprofiel/kies turns that into the page's own parameters.
KIES_PAD = "/wijkprofiel/kies"


# -- choices ---------------------------------------------------------------------------------------


def gebied_opties(db: Warehouse) -> list[dict[str, str]]:
    """Wijken (newest indeling first), clusters, buurten of the gemeente; value 'code|indeling'."""
    gemeente = settings().gemeente

    def compute() -> list[dict[str, str]]:
        opties = []
        for niveau in keuze.PROFIEL_NIVEAUS:
            for indeling in reversed(gebieden.indelingen(db, niveau)):
                sub = gebieden.gebieden_van_gemeente(db, niveau, indeling, gemeente)
                groep = f"{gebieden.NIVEAU_LABEL[niveau]} ({gebieden.indeling_label(indeling)})"
                opties += [{"label": str(naam), "value": f"{code}|{indeling}", "groep": groep}
                           for naam, code in zip(sub["naam"], sub["gebied_code"], strict=True)]
        return opties

    return list(cache.afgeleid(db, ("profiel_gebied_opties", gemeente), compute))


def vergelijk_opties(db: Warehouse, indeling: str | None) -> list[dict[str, str]]:
    """Areas to compare with: Nederland and the reference groups, clusters, wijken of `indeling`."""
    cfg = settings()

    def compute() -> list[dict[str, str]]:
        opties = []
        # only comparators with figures for indicators that wijken have: a column of 'geen
        # gegevens' on every row compares nothing
        vast = [c for c in dict.fromkeys(("NL01", *cfg.referenties))
                if gebieden.is_vast_gebied(db, c) and cijfers.vast_met_wijkcijfers(db, c)]
        opties += [{"label": gebieden.gebied_naam(db, c), "value": c, "groep": "Nederland en referenties"}
                   for c in vast]
        wijk_indeling = indeling if indeling in gebieden.indelingen(db, "wijk") else (
            (gebieden.indelingen(db, "wijk") or [None])[-1])
        for niveau, ind in (("gebiedscluster", "cluster"), ("wijk", wijk_indeling)):
            if ind is None or ind not in gebieden.indelingen(db, niveau):
                continue
            sub = gebieden.gebieden_van_gemeente(db, niveau, ind, cfg.gemeente)
            groep = f"{gebieden.NIVEAU_LABEL[niveau]} ({gebieden.indeling_label(ind)})"
            opties += [{"label": str(n), "value": str(c), "groep": groep}
                       for n, c in zip(sub["naam"], sub["gebied_code"], strict=True)]
        return opties

    return list(cache.afgeleid(db, ("profiel_vergelijk_opties", cfg.gemeente, indeling), compute))


def per_groep(opties: list[dict[str, str]]) -> list[tuple[str, list[dict[str, str]]]]:
    """Options as (group, options) in their order: one <optgroup> each."""
    groepen: dict[str, list[dict[str, str]]] = {}
    for o in opties:
        groepen.setdefault(o["groep"], []).append(o)
    return list(groepen.items())


def bouw(db: Warehouse, args: dict[str, str]) -> profiel.Profiel | None:
    """The profile of checked URL parameters, or None when no area is chosen."""
    if not args.get("gebied"):
        return None
    hoofd = gebied(db, args["gebied"], args.get("indeling"))
    if hoofd is None:
        return None
    vergelijk = vergelijk_gebied(db, args["vergelijk"], hoofd) if args.get("vergelijk") else None
    gemeente = gemeente_gebied(db)
    if vergelijk is not None and (vergelijk.code, vergelijk.indeling) in (
            (hoofd.code, hoofd.indeling), (gemeente.code, gemeente.indeling)):
        vergelijk = None  # the area itself, or the gemeente again, adds no column
    volledig = args.get("volledig") == "1"
    p = profiel.maak(db, hoofd, gemeente, vergelijk, args.get("thema") or None, volledig=volledig,
                     peiljaar=settings().peiljaar)
    return dataclasses.replace(p, params={**p.params, "volledig": "1"}) if volledig else p


def _args() -> dict[str, str]:
    """The page's parameters from the request (already checked by app/params.py)."""
    return {k: request.args[k] for k in PARAMS if request.args.get(k)}


# -- routes ----------------------------------------------------------------------------------------


@bp.get(PAD, strict_slashes=False)
def pagina() -> Response:
    """The wijkprofiel of the chosen area (or the choice alone), drawn once per warehouse version
    and address (GETEKENDE_PAGINAS)."""
    # The settings (gemeente, peiljaar, ...) and, without a configured peiljaar, today's year
    # (figures' ages are counted from it) are part of what the page says.
    sleutel = (tuple(request.args.items(multi=True)), embed.basis_url(), settings(),
               datetime.date.today().year)
    body, status = GETEKENDE_PAGINAS(current(), sleutel, _teken_pagina)
    return Response(body, status=status, mimetype="text/html")


def _teken_pagina() -> tuple[str, int]:
    """The page's HTML and status for the current request."""
    db = current()
    args = _args()
    meldingen = [urlstate.onbekend_melding(urlstate.onbekend(request.args, PARAMS))]
    p = bouw(db, args)
    if args.get("gebied") and p is None:
        meldingen.append(f"Het gebied '{args['gebied']}' heeft geen wijkprofiel; kies een gebied.")
    titel = p.titel if p else "Wijkprofiel"
    insluit = ""
    if p is not None:
        insluit = embed.snippet(embed.basis_url(), vocab.WIJKPROFIEL,
                                {k: p.params.get(k) for k in ("gebied", "indeling", "thema")},
                                f"Wijkmonitor Amersfoort: wijkprofiel {p.gebied.naam}")
    gekozen = f"{p.gebied.code}|{p.gebied.indeling}" if p else ""
    lopend = None  # 'Lopend in deze wijk': the programme actions that name this area
    if p is not None:
        lopend = programma.blok_voor_wijk(_acties(db, p), p.gebied.naam, p.gebied.code)
    pagina = frame.render_pagina("wijkprofiel.html", titel=titel, actief=PAD, context={
        "p": p, "meldingen": [m for m in meldingen if m], "lopend": lopend,
        "gebied_opties": per_groep(gebied_opties(db)), "gekozen": gekozen,
        "vergelijk_opties": per_groep(vergelijk_opties(db, p.gebied.indeling if p else None)),
        "themas": catalogus.themas(db), "kies_pad": KIES_PAD, "insluitcode": insluit,
        "csv_link": link(p, PAD + ".csv") if p else "", "xlsx_link": link(p, PAD + ".xlsx") if p else "",
        "link": link, "print_voet": css_tekst(print_voet(p)) if p else "",
    })
    return pagina.get_data(as_text=True), pagina.status_code


def print_voet(p: profiel.Profiel) -> str:
    """The left footer of every printed page: the area and the date of the data, in words."""
    voet = frame.voet()
    datum = f", cijfers bijgewerkt op {voet.bijgewerkt}" if voet.bijgewerkt else ""
    return f"Wijkprofiel {p.gebied.naam}{datum} (Wijkmonitor Amersfoort)"


def css_tekst(tekst: str) -> Markup:
    """Text safe inside a double-quoted CSS string in a <style> element (hex escapes)."""
    return Markup("".join(c if c.isalnum() or c in " ,.()-" else f"\\{ord(c):x} " for c in tekst))


@bp.get(KIES_PAD)
def kies() -> Response:
    """The choice form's answer: 'gebied=code|indeling' becomes /wijkprofiel?gebied=…&indeling=…

    Nothing is checked here: the page the redirect opens is checked like any link.
    """
    code, _, indeling = request.args.get("gebied", "").partition("|")
    waarden = {"gebied": code, "indeling": indeling, "thema": request.args.get("thema", ""),
               "vergelijk": request.args.get("vergelijk", ""),
               "volledig": request.args.get("volledig", "")}
    return redirect(PAD + urlstate.search(waarden, PARAMS), code=303)


def _acties(db: Warehouse, p: profiel.Profiel) -> pd.DataFrame:
    """The programme actions that name the area: the page's 'Lopend in deze wijk'."""
    return programma.acties_in_wijk(db, p.gebied.code, p.gebied.indeling)


# The downloads' part with the programme actions, as the page calls it.
LOPEND = "Lopend in deze wijk"


def _download(extensie: str, mimetype: str, maak: Callable[[ExportFrames], bytes]) -> Response:
    """The profile of the checked link as a file; a link without a profile gets a Dutch 404."""
    db = current()
    p = bouw(db, _args())
    if p is None:
        return errors.melding_pagina("Dit wijkprofiel bestaat niet",
                                     ["Kies een gebied met een wijkprofiel."], 404)
    response = Response(maak(export_frames(p, _acties(db, p))), mimetype=mimetype)
    naam = export.bestandsnaam("wijkprofiel", p.gebied.naam, extensie=extensie)
    response.headers["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


@bp.get(PAD + ".csv")
def csv() -> Response:
    """The profile as CSV for Dutch spreadsheets: the table, then the programme actions that name
    the area (when any), the definitions and sources, about this file."""
    return _download("csv", "text/csv", lambda f: export.naar_csv_secties(
        {"Wijkprofiel": f.tabel} | ({LOPEND: f.acties} if not f.acties.empty else {})
        | {"Definities en bronnen": f.definities, "Over dit bestand": f.meta}))


@bp.get(PAD + ".xlsx")
def xlsx() -> Response:
    """The profile as an Excel workbook: the table, the programme actions that name the area
    (when any), definitions and sources, about this file."""
    return _download(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda f: export.naar_excel_bladen([
            export.Blad("Wijkprofiel", f.tabel, breed=("Indicator",), jaar_kolommen=("Periode",)),
            *([export.Blad(LOPEND, f.acties, breed=("Onderdeel", "Beoogd resultaat", "Actie"))]
              if not f.acties.empty else []),
            export.Blad("Definities en bronnen", f.definities,
                        breed=("Indicator", "Definitie", "Toelichting", "Doelen")),
            export.Blad("Over dit bestand", f.meta, breed=("Waarde",)),
        ]))


@dataclass(frozen=True)
class ExportFrames:
    """The profile as tables with Dutch headers: rows, programme actions (programma.acties_tabel, as
    in the monitor's downloads), definitions and sources, metadata."""

    tabel: pd.DataFrame
    acties: pd.DataFrame
    definities: pd.DataFrame
    meta: pd.DataFrame


def export_frames(p: profiel.Profiel, acties: pd.DataFrame) -> ExportFrames:
    """The profile and the actions that name its area (programma.acties_in_wijk) as export tables.

    Numbers are rounded as on screen; a period that is a plain year is an integer; a figure
    the warehouse does not have is said in words ('geen gegevens'), never left as 0.
    """
    g, gm, v = p.gebied.naam, p.gemeente.naam, p.vergelijk.naam if p.vergelijk else None
    if v in (g, gm):
        v = f"{v} (vergelijking)"
    secties = {r.code: s.kop for s in p.secties for t in s.tabellen for r in t.rijen}
    rijen: list[dict[str, Any]] = []
    for r in p.rijen:
        rij: dict[str, Any] = {
            "Maatschappelijk effect": secties.get(r.code, ""), "Thema": r.thema,
            "Indicator": r.naam,
            "Periode": r.jaar if r.periode == str(r.jaar) else r.periode,
            g: r.wijk_getal if r.wijk_getal is not None else r.wijk,
            gm: r.gemeente_getal if r.gemeente_getal is not None else r.gemeente,
            "Verschil": r.verschil_getal,
            "Oordeel": r.oordeel or "niet beoordeeld",
        }
        if v is not None:
            rij[v] = r.vergelijk_getal if r.vergelijk_getal is not None else r.vergelijk
        rij.update({"Ontwikkeling": r.trend, "Eenheid": fmt.eenheid_label(r.eenheid),
                    "Soort cijfer": vocab.soort(r.wijk_soort).naam, "Bron": r.bron})
        rijen.append(rij)
    tabel = pd.DataFrame(rijen)
    definities = pd.DataFrame([{
        "Indicator": r.naam, "Definitie": r.definitie, "Bron": r.bron, "Eenheid": r.eenheid,
        "Gewenste richting": r.gewenste_richting, "Oordeel volgens": r.methode,
        "Doelen": r.doelen, "Toelichting": r.toelichting,
    } for r in p.rijen], columns=["Indicator", "Definitie", "Bron", "Eenheid", "Gewenste richting",
                                  "Oordeel volgens", "Doelen", "Toelichting"])
    voet = frame.voet()
    blok = programma.blok_voor_wijk(acties, g, p.gebied.code)  # the page's words for the list
    meta = pd.DataFrame([
        ("Wijkprofiel", f"{g} ({p.gebied.code}, {p.indeling_label})"),
        ("Vergeleken met", gm + (f" en {p.vergelijk.naam}" if p.vergelijk else "")),
        ("Thema", p.thema or "alle thema's"),
        ("Cijfers bijgewerkt op", voet.bijgewerkt or "onbekend"),
        ("Weergave", link(p)),
        ("Oordeel", "gunstig/ongunstig ten opzichte van " + gm + " volgens de gewenste richting; "
                    "regels: zie 'Oordeel volgens' bij de definities"),
        ("Getallen", "afgerond zoals op het scherm; 'ca.' = afgerond cijfer van de bron"),
        (LOPEND, f"{blok.inleiding} Zie '{LOPEND}'." if len(acties) else blok.leeg),
    ], columns=["Onderdeel", "Waarde"])
    return ExportFrames(tabel, programma.acties_tabel(acties), definities, meta)

