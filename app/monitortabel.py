"""The monitor's indicator table for a theme or goal: the gemeente's figures per year, with
the trend and the comparison with Nederland. Frames, no SQL and no Dash (page: app/site/monitor.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from app import fmt, rules
from app.catalogus import doel_namen, indicatoren_in
from app.gebieden import gebied_naam
from app.queries import Warehouse
from app.vocab import GEEN_NIEUWE_CIJFERS, NIET_IN_MONITOR


@dataclass
class MonitorTabel:
    """The monitor's indicator table for a theme or goal."""

    titel: str
    rijen: pd.DataFrame  # one row per indicator (code, naam, eenheid, jaren..., trend, nl...)
    # Year columns. Of a theme: the years of the monitor's own indicators, so indicators outside
    # the monitor (monitor_status 'niet in monitor', e.g. the RIVM/CBS estimates of 2012 and
    # 2016) add no empty columns to the chapter's table; every year of the theme is in
    # jaren_overig (for the table of its other indicators). Of a goal: every year in both.
    jaren: list[int]
    waarden: pd.DataFrame  # long: indicator_code, jaar, waarde, status, significant, periode_label
    ontbrekend: pd.DataFrame  # indicators listed under 'Ontbrekende cijfers'
    gemeente_naam: str
    nl_naam: str
    jaren_overig: list[int] = field(default_factory=list)  # year columns of the other rows


MONITOR_KOLOMMEN = [
    "indicator_code", "naam", "thema", "eenheid", "gewenste_richting", "bron", "definitie",
    "toelichting", "doelen", "trend", "trend_jaar", "trend_vorig_jaar", "trend_methode",
    "nl_vergelijking", "nl_jaar", "nl_waarde", "nl_methode", "monitor_status", "in_tabel", "decimalen",
]


def oordelen(ind: dict[str, Any], reeks: list[dict[str, Any]],
              nl_rij: dict[tuple[str, Any], dict[str, Any]],
              ) -> tuple[rules.Trend, dict[str, Any] | None, tuple[rules.Oordeel, int | None, float | None]]:
    """The monitor's judgements of one indicator from the gemeente's series (docs/app.md).

    (trend, the latest measured figure or None, (comparison with Nederland in that year, the
    year, Nederland's value)). `nl_rij`: (code, jaar) -> Nederland's measured figure.
    """
    breuken = rules.breuk_jaren(ind["breuk_jaren"]) + rules.periode_breuken_rijen(reeks)
    t = rules.trend_rijen(reeks, ind["gewenste_richting"], ind["eenheid"], breuken)
    gemeten = sorted((r for r in reeks if r["status"] == fmt.STATUS_WAARDE), key=lambda r: r["jaar"])
    nl_oordeel, nl_jaar, nl_waarde = rules.Oordeel(rules.ONBEKEND, None, ""), None, None
    laatste = gemeten[-1] if gemeten else None
    if laatste is not None:
        nl_r = nl_rij.get((ind["code"], laatste["jaar"]))
        if nl_r is not None:
            nl_jaar, nl_waarde = int(laatste["jaar"]), float(nl_r["waarde"])
            nl_oordeel = rules.vergelijk(rules.meting(laatste), rules.meting(nl_r), ind["eenheid"])
    return t, laatste, (nl_oordeel, nl_jaar, nl_waarde)


def monitor_tabel(db: Warehouse, keuze: str, gemeente: str, nederland: str = "NL01") -> MonitorTabel:
    """Indicators of a theme (in tabel_volgorde) or goal with the gemeente's figures per year."""
    cat = indicatoren_in(db, keuze)
    soort, _, waarde = keuze.partition(":")
    cat = cat.assign(in_tabel=cat["tabel_volgorde"].notna())
    if soort == "thema":
        titel = waarde
        # The chapter's table first (in its order), then the theme's other indicators by name.
        cat = cat.sort_values(["in_tabel", "tabel_volgorde", "naam"],
                              ascending=[False, True, True], na_position="last")
    else:
        titel = f"{waarde} {doel_namen(db).get(waarde, '')}".strip()
        cat = cat.sort_values(["thema", "tabel_volgorde", "naam"], na_position="last")
    ontbrekend = cat[cat["monitor_status"] == GEEN_NIEUWE_CIJFERS]
    codes = tuple(cat["code"])
    facts = db.reeksen(codes, (gemeente, nederland))
    facts = facts[facts["indeling"] == "vast"]
    gem = facts[facts["gebied_code"] == gemeente]
    nl = facts[facts["gebied_code"] == nederland]
    gem_per_code: dict[str, list[dict[str, Any]]] = {}
    for r in gem.to_dict("records"):
        gem_per_code.setdefault(r["indicator_code"], []).append(r)
    nl_rij: dict[tuple[str, Any], dict[str, Any]] = {}
    for r in nl.to_dict("records"):
        if r["status"] == fmt.STATUS_WAARDE:
            nl_rij.setdefault((r["indicator_code"], r["jaar"]), r)
    rows = []
    for ind in cat.to_dict("records"):
        reeks = gem_per_code.get(ind["code"], [])
        t, _laatste, (nl_oordeel, nl_jaar, nl_waarde) = oordelen(ind, reeks, nl_rij)
        rows.append({
            "indicator_code": ind["code"], "naam": ind["naam"], "thema": ind["thema"],
            "eenheid": ind["eenheid"], "gewenste_richting": ind["gewenste_richting"],
            "bron": ind["bron"], "definitie": ind["definitie"], "toelichting": ind["toelichting"],
            "doelen": ind["doelen"], "trend": t.oordeel, "trend_jaar": t.jaar,
            "trend_vorig_jaar": t.vorig_jaar, "trend_methode": t.methode,
            "nl_vergelijking": nl_oordeel.richting, "nl_jaar": nl_jaar, "nl_waarde": nl_waarde,
            "nl_methode": nl_oordeel.methode, "monitor_status": ind["monitor_status"],
            "in_tabel": bool(ind["in_tabel"]),
            "decimalen": ind.get("decimalen"),
        })
    alle_jaren = sorted({int(j) for j in gem["jaar"]})
    in_monitor = set(cat.loc[cat["monitor_status"] != NIET_IN_MONITOR, "code"])
    monitor_jaren = sorted({int(j) for c, j in zip(gem["indicator_code"], gem["jaar"], strict=True)
                            if c in in_monitor})
    jaren_lijst = monitor_jaren if soort == "thema" and monitor_jaren else alle_jaren
    overig_jaren = alle_jaren
    return MonitorTabel(
        titel=titel, rijen=pd.DataFrame(rows, columns=MONITOR_KOLOMMEN), jaren=jaren_lijst,
        waarden=gem.reset_index(drop=True), ontbrekend=ontbrekend.reset_index(drop=True),
        gemeente_naam=gebied_naam(db, gemeente), nl_naam=gebied_naam(db, nederland),
        jaren_overig=overig_jaren,
    )
