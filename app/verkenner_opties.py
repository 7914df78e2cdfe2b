"""The options of the Verkenner's dropdowns: goals and themes, indicators, years, areas, each with
what app/assets/zoeken.js ranks it by. Cached per warehouse version (cache.afgeleid).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from app import cache, catalogus, gebieden, programma, zoeken
from app.config import settings
from app.queries import Warehouse


def keuze_opties(db: Warehouse) -> list[dict[str, Any]]:
    """'Alle indicatoren', the themes, then the goals of the beleidskader; each option with what
    app/assets/zoeken.js ranks it by (zoeken.zoekoptie)."""
    return list(cache.afgeleid(db, "verkenner_keuze_opties", lambda: _keuze_opties(db)))


# Indentation of a goal under its maatschappelijk effect in the goal tree (em spaces: kept by
# the browser, silent for screen readers, which hear the code and the name).
INSPRINGING = "\u2003\u2003"


def _aantal(n: int) -> str:
    return f"({n} indicator{'' if n == 1 else 'en'})"


def _keuze_opties(db: Warehouse) -> list[dict[str, Any]]:
    """The goal tree (maatschappelijk effect -> richtinggevende doelen, then the
    transformatiedoelen), then the themes; each with its number of indicators."""
    def n(keuze: str) -> int:
        return len(catalogus.indicatoren_in(db, keuze))

    def acties(doel: str) -> list[str]:  # titles of the programme actions serving the goal
        return [str(x) for x in programma.programma_voor_doel(db, doel).acties["titel"]]

    zw = catalogus.zoekwoorden(db)
    opties = [zoeken.zoekoptie(f"Alle indicatoren {_aantal(n(''))}", "",
                               ("alle indicatoren", "", ""))]
    doelen = db.doelen().sort_values(["volgorde", "doel_code"], kind="stable")
    kinderen: dict[str, list[tuple[str, str]]] = {}
    for r in doelen.itertuples():
        if isinstance(r.parent_code, str) and r.parent_code:
            kinderen.setdefault(r.parent_code, []).append((r.doel_code, r.naam))
    boven = doelen[doelen["parent_code"].isna() | (doelen["parent_code"] == "")]
    for r in boven.itertuples():  # effects first (ME-*), then goals without a parent (TD-*)
        opties.append(zoeken.zoekoptie(
            f"{r.doel_code} {r.naam} {_aantal(n(f'doel:{r.doel_code}'))}", f"doel:{r.doel_code}",
            zoeken.doel_velden(r.doel_code, r.naam, zw, kinderen.get(r.doel_code, []),
                               acties(r.doel_code))))
        for code, naam in kinderen.get(r.doel_code, []):
            opties.append(zoeken.zoekoptie(
                f"{INSPRINGING}{code} {naam} {_aantal(n(f'doel:{code}'))}", f"doel:{code}",
                zoeken.doel_velden(code, naam, zw, acties=acties(code))))
    opties += [zoeken.zoekoptie(f"Thema: {t} {_aantal(n(f'thema:{t}'))}", f"thema:{t}",
                                (f"thema {t}", " ".join(zoeken.termen_in(t, zw)), ""))
               for t in catalogus.themas(db)]
    return opties


def _indicator_opties(db: Warehouse, cat: pd.DataFrame) -> list[dict[str, Any]]:
    """Options of the indicator dropdown: 'naam (thema)', ranked by zoeken.indicator_velden."""
    doel_namen, zw = catalogus.doel_namen(db), catalogus.zoekwoorden(db)
    gewichten = catalogus.zoek_gewichten(db)
    return [zoeken.zoekoptie(f"{r['naam']} ({r['thema']})", r["code"],
                             zoeken.indicator_velden(r, doel_namen, zw),
                             gewichten.get(r["code"], zoeken.GEWICHT_OVERIG))
            for r in cat.to_dict("records")]


def indicator_opties(db: Warehouse, keuze: str | None, huidige: str | None) -> list[dict[str, Any]]:
    """The indicators of the choice, then the current one when it is not among them (the list
    keeps it: the dropdown clears a value missing from its options); with their search fields."""
    def compute() -> tuple[list[dict], frozenset[str]]:
        cat = catalogus.indicatoren_in(db, keuze)
        return _indicator_opties(db, cat), frozenset(cat["code"])

    if keuze and not catalogus.keuze_bestaat(db, keuze):  # not cached: any text could come here
        opties, codes = compute()
    else:
        opties, codes = cache.afgeleid(db, ("indicator_opties", keuze), compute)
    if huidige and huidige not in codes:
        alle = db.indicatoren()
        return list(opties) + _indicator_opties(db, alle[alle["code"] == huidige])
    return list(opties)


def jaar_opties(db: Warehouse, indicator: str, niveau: str) -> list[dict]:
    """Years with figures; years without map figures say so."""
    kaart = set(gebieden.kaart_jaren(db, indicator, niveau))
    label = gebieden.NIVEAU_LABEL[niveau].lower()
    return [{"label": str(j) if j in kaart else f"{j} (geen cijfers voor {label})", "value": j}
            for j in reversed(gebieden.jaren(db, indicator))]


def gebied_opties(db: Warehouse, niveau: str, indeling: str | None) -> list[dict]:
    """The areas of the map's indeling in the gemeente, by name (the map shows no others)."""
    if not indeling:
        return []
    gemeente = settings().gemeente

    def compute() -> list[dict]:
        g = gebieden.gebieden_van_gemeente(db, niveau, indeling, gemeente)
        return [{"label": f"{naam} ({code})", "value": code}
                for naam, code in zip(g["naam"], g["gebied_code"], strict=True)]

    return list(cache.afgeleid(db, ("verkenner_gebied_opties", niveau, indeling, gemeente),
                              compute))


# Choosing no area is the list's first option, not Dash's clear button: that is a link inside the
# dropdown's <button> (invalid HTML, and out of reach of the keyboard). '' becomes no area.
GEEN_GEBIED = {"label": "Geen gebied (alleen de kaart)", "value": ""}


def gebied_keuzes(db: Warehouse, niveau: str, indeling: str | None) -> list[dict]:
    """The area dropdown's options: 'no area', then the areas (gebied_opties)."""
    opties = gebied_opties(db, niveau, indeling)
    return [GEEN_GEBIED, *opties] if opties else []
