"""The start page's data, Amersfoort in één oogopslag: per goal its headline indicators with the
gemeente's latest figure and verdicts. Computed once per warehouse version; no SQL and no Dash.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from app import fmt, rules
from app.cache import afgeleid
from app.catalogus import indicator_rijen, indicatoren_in
from app.gebieden import gebied_naam, gebieden_van_gemeente
from app.monitortabel import oordelen
from app.queries import Warehouse
from app.vocab import NIET_IN_MONITOR

# A goal none of whose indicators the samenvatting discusses shows this many of its own (in the
# monitor's chapter order); the rest is one click away on the monitor page of that goal.
MAX_PER_DOEL = 3


@dataclass(frozen=True)
class Kerncijfer:
    """One indicator as the start page shows it: the gemeente's latest figure and its verdicts."""

    code: str
    naam: str
    thema: str
    eenheid: str
    bron: str
    monitor_status: str
    waarde: float | None  # the latest measured figure of the gemeente (None: none)
    soort: str | None  # its kind (app/vocab.py)
    jaar: int | None
    periode: str
    laatste_jaar: int | None  # the latest year with any figure or status of the gemeente
    trend: rules.Trend
    nl: rules.Oordeel
    nl_waarde: float | None
    reeks: tuple[tuple[int, float | None], ...]  # (jaar, waarde; None = not measured)
    wijken: int  # wijken of the gemeente with a figure in wijk_jaar
    wijk_jaar: int | None
    wijken_totaal: int  # wijken of the gemeente in that year's indeling


@dataclass(frozen=True)
class DoelBlok:
    """A goal with the codes of its headline indicators."""

    code: str
    naam: str
    codes: tuple[str, ...]  # shown here
    elders: tuple[tuple[str, str], ...]  # (code, goal) shown under an earlier goal
    meer: int  # further indicators of the goal (on the monitor page of the goal)
    uit_samenvatting: bool  # chosen because the samenvatting discusses them (else: the rule)


@dataclass(frozen=True)
class EffectBlok:
    code: str
    naam: str
    doelen: tuple[DoelBlok, ...]


@dataclass(frozen=True)
class Overzicht:
    effecten: tuple[EffectBlok, ...]  # maatschappelijke effecten, then one block of TD goals
    overig: tuple[tuple[str, tuple[str, ...]], ...]  # (thema, codes): samenvatting, no goal
    cijfers: dict[str, Kerncijfer]
    gemeente_naam: str
    nl_naam: str


def overzicht(db: Warehouse, gemeente: str, nederland: str = "NL01") -> Overzicht:
    """The start page's data, computed once per warehouse version (docs/app.md, Start page)."""
    return afgeleid(db, ("overzicht", gemeente, nederland),
                    lambda: _overzicht(db, gemeente, nederland))


def _kandidaten(code: str, cat: pd.DataFrame, kern: dict[str, int]) -> tuple[list[str], int, bool]:
    """A goal's headline indicators, how many more it has, and whether the samenvatting chose."""
    eigen = cat[[code in str(d).split("|") for d in cat["doelen"]]]
    eigen = eigen[eigen["monitor_status"] != NIET_IN_MONITOR]
    uit_kern = [c for c in sorted(eigen["code"], key=lambda c: kern.get(c, 0)) if c in kern]
    kandidaten = uit_kern or list(eigen["code"].iloc[:MAX_PER_DOEL])  # chapter order
    return kandidaten, len(eigen) - len(kandidaten), bool(uit_kern)


def _overzicht(db: Warehouse, gemeente: str, nederland: str) -> Overzicht:
    cat = indicatoren_in(db, None)
    kern = {r.code: int(r.volgorde) for r in db.kern_indicatoren().itertuples()}
    boom = db.doelen().sort_values(["volgorde", "doel_code"])
    groepen = [(me.doel_code, me.naam, boom[(boom["parent_code"] == me.doel_code)
                                            & (boom["soort"] == "richtinggevend doel")])
               for me in boom[boom["soort"] == "maatschappelijk effect"].itertuples()]
    td = boom[boom["soort"] == "transformatiedoel"]
    if not td.empty:
        groepen.append(("TD", "Transformatie van hulp en ondersteuning", td))
    per_doel = {d: _kandidaten(d, cat, kern) for _, _, g in groepen for d in g["doel_code"]}
    # An indicator of several goals is shown under the first of them (lowest code) and
    # referred to under the others.
    thuis: dict[str, str] = {}
    for doel in sorted(per_doel):
        for c in per_doel[doel][0]:
            thuis.setdefault(c, doel)
    effecten = []
    for code, naam, doelen in groepen:
        blokken = []
        for d in doelen.itertuples():
            kandidaten, meer, uit_kern = per_doel[d.doel_code]
            blokken.append(DoelBlok(
                d.doel_code, d.naam, tuple(c for c in kandidaten if thuis[c] == d.doel_code),
                tuple((c, thuis[c]) for c in kandidaten if thuis[c] != d.doel_code), meer,
                uit_kern))
        effecten.append(EffectBlok(code, naam, tuple(blokken)))
    getoond = {c: d for c, d in thuis.items()}
    rest = [c for c in sorted(kern, key=kern.__getitem__) if c not in getoond]
    per_thema: dict[str, list[str]] = {}
    for thema, code in zip(cat["thema"], cat["code"], strict=True):  # chapter order
        if code in rest:
            per_thema.setdefault(thema, []).append(code)
    overig = tuple((t, tuple(sorted(c, key=kern.__getitem__))) for t, c in per_thema.items())
    codes = tuple(getoond) + tuple(c for _, cs in overig for c in cs)
    return Overzicht(tuple(effecten), overig, _kerncijfers(db, codes, gemeente, nederland),
                     gebied_naam(db, gemeente), gebied_naam(db, nederland))


def _wijk_dekking(db: Warehouse, code: str, gemeente: str) -> tuple[int, int | None, int]:
    """(wijken with a figure, in which year, wijken of the gemeente then): the latest year."""
    d = db.dekking(code)
    d = d[(d["niveau"] == "wijk") & d["totaal"].astype(bool) & (d["aantal_waarde"] > 0)]
    if d.empty:
        return 0, None, 0
    jaar = int(d["jaar"].max())
    rij = d[d["jaar"] == jaar].sort_values("aantal_waarde").iloc[-1]
    totaal = len(gebieden_van_gemeente(db, "wijk", str(rij["indeling"]), gemeente))
    return int(rij["aantal_waarde"]), jaar, totaal


def _kerncijfers(db: Warehouse, codes: tuple[str, ...], gemeente: str,
                 nederland: str) -> dict[str, Kerncijfer]:
    facts = db.reeksen(codes, (gemeente, nederland))
    facts = facts[facts["indeling"] == "vast"]
    per_code: dict[str, list[dict[str, Any]]] = {}
    nl_rij: dict[tuple[str, Any], dict[str, Any]] = {}
    for r in facts.to_dict("records"):
        if r["gebied_code"] == gemeente:
            per_code.setdefault(r["indicator_code"], []).append(r)
        elif r["status"] == fmt.STATUS_WAARDE:
            nl_rij.setdefault((r["indicator_code"], r["jaar"]), r)
    cat = indicator_rijen(db)
    out = {}
    for code in codes:
        ind = cat[code]
        reeks = sorted(per_code.get(code, []), key=lambda r: r["jaar"])
        t, laatste, (nl, _nl_jaar, nl_waarde) = oordelen(ind, reeks, nl_rij)
        wijken, wijk_jaar, totaal = _wijk_dekking(db, code, gemeente)
        out[code] = Kerncijfer(
            code=code, naam=ind["naam"], thema=ind["thema"], eenheid=ind["eenheid"],
            bron=ind["bron"], monitor_status=ind["monitor_status"],
            waarde=float(laatste["waarde"]) if laatste else None,
            soort=laatste.get("soort") if laatste else None,
            jaar=int(laatste["jaar"]) if laatste else None,
            periode=fmt.jaar_label(int(laatste["jaar"]), laatste["periode_label"]) if laatste else "",
            laatste_jaar=int(reeks[-1]["jaar"]) if reeks else None,
            trend=t, nl=nl, nl_waarde=nl_waarde,
            reeks=tuple((int(r["jaar"]), float(r["waarde"]) if r["status"] == fmt.STATUS_WAARDE
                         else None) for r in reeks),
            wijken=wijken, wijk_jaar=wijk_jaar, wijken_totaal=totaal,
        )
    return out
