"""The wijkprofiel's figures: per indicator the area's latest figure against the gemeente, and
every year of it; the notes on figures of other indelingen. Plain rows (frames only for callers
that ask), no SQL and no Dash.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from app import fmt, rules
from app.cache import afgeleid, per_query_cache
from app.catalogus import indicator_effecten, indicator_rijen, is_vergelijkbaar, themas
from app.gebieden import (
    een_per_jaar_rijen,
    gebied_naam,
    gebied_paren,
    indeling_label,
    label_ander_gebied,
    zelfde_gebied_tekst,
)
from app.queries import Warehouse

PROFIEL_KOLOMMEN = [
    "thema", "indicator_code", "indicator_naam", "eenheid", "gewenste_richting", "jaar",
    "periode_label", "wijk_waarde", "wijk_status", "wijk_significant", "gemeente_waarde",
    "gemeente_status", "verschil", "vergelijking", "gunstig", "trend", "vorig_jaar",
    "vorige_waarde", "bron", "definitie", "toelichting", "gemeente_afgeleid", "cijfer_gebied",
    # for the summary, the order and the inline trend (app/profiel.py)
    "methode", "afwijking", "wijk_soort", "gemeente_soort", "soort_uitleg", "decimalen", "effect",
    "monitor_status",
    "doelen", "wijk_reeks", "gemeente_reeks",
]

# A series as the inline trend needs it: (jaar, waarde) of the measured years, ascending.
Reeks = tuple[tuple[int, float], ...]


def _reeks(rijen: list[dict[str, Any]]) -> Reeks:
    return tuple((int(r["jaar"]), float(r["waarde"])) for r in sorted(rijen, key=lambda r: r["jaar"])
                 if r["status"] == fmt.STATUS_WAARDE and fmt.is_getal(r["waarde"]))


@dataclass(frozen=True)
class Profielcijfers:
    """An area's figures as the wijkprofiel shows them, read once: plain rows, shared between
    requests (not to be changed in place).

    `rijen`: per indicator its latest figure against the gemeente (PROFIEL_KOLOMMEN), in the
    profile's order (thema as in the monitor, then indicator name). `reeksen`: every year of every
    indicator beside the gemeente's figure of that year (REEKS_KOLOMMEN; see wijkprofiel_reeksen).
    """

    rijen: tuple[dict[str, Any], ...]
    reeksen: tuple[dict[str, Any], ...]


def profielcijfers(db: Warehouse, g_code: str, g_indeling: str, gemeente: str) -> Profielcijfers:
    """The profile's rows and series of an area from one read of its facts.

    Kept like a query result (per warehouse version; not when the query cache is off). Plain
    Python over the driver's rows: a frame per step cost most of a cold profile's 150-330 ms of
    CPU, which holds up the worker's other threads (docs/performance.md, issue 24).
    """
    return per_query_cache(db, ("wijkprofiel", g_code, g_indeling, gemeente),
                           lambda: _profielcijfers(db, g_code, g_indeling, gemeente))


def wijkprofiel(db: Warehouse, g_code: str, g_indeling: str, niveau: str,
                gemeente: str) -> pd.DataFrame:
    """Every indicator with a figure for this area: its latest figure against the gemeente.

    A frame of `profielcijfers(...).rijen` (the profile itself reads the rows).
    """
    return pd.DataFrame(list(profielcijfers(db, g_code, g_indeling, gemeente).rijen),
                        columns=PROFIEL_KOLOMMEN)


def _profielcijfers(db: Warehouse, g_code: str, g_indeling: str, gemeente: str) -> Profielcijfers:
    zelfde, ander = _profiel_feiten(db, g_code, g_indeling)
    if not zelfde and not ander:
        return Profielcijfers((), ())
    gem_rij, gem_reeks = _gemeente_cijfers(db, gemeente)
    return Profielcijfers(_profiel_rijen(db, zelfde, gem_rij, gem_reeks),
                          _reeks_rijen(zelfde, ander, gem_rij))


def _profiel_rijen(db: Warehouse, zelfde: list[dict[str, Any]],
                   gem_rij: dict[tuple[str, int], dict[str, Any]],
                   gem_reeks: dict[str, Reeks]) -> tuple[dict[str, Any], ...]:
    """Per indicator of the area's series (one row per year, by indicator_code, jaar) its latest
    figure against the gemeente's of that year, the trend and both series."""
    cat = indicator_rijen(db)
    per_effect = indicator_effecten(db)
    per_code: dict[str, list[dict[str, Any]]] = {}
    for r in zelfde:
        per_code.setdefault(r["indicator_code"], []).append(r)
    rows = []
    for code, reeks in per_code.items():
        ind = cat[code]
        laatste = reeks[-1]
        jaar = int(laatste["jaar"])
        g_row = gem_rij.get((code, jaar))
        wijk_m = rules.meting(laatste) if laatste["status"] == fmt.STATUS_WAARDE else rules.Meting(None)
        gem_m = (rules.meting(g_row) if g_row is not None and g_row["status"] == fmt.STATUS_WAARDE
                 else rules.Meting(None))
        decimalen = fmt.decimalen_indicator(ind.get("decimalen"), [wijk_m.waarde, gem_m.waarde])
        # a wijk's count against the city's total: no verdict (rules.METHODE_AANTAL)
        oordeel = rules.vergelijk(wijk_m, gem_m, ind["eenheid"],
                                  aantal_tegen_totaal=not is_vergelijkbaar(ind), decimalen=decimalen)
        breuken = rules.breuk_jaren(ind["breuk_jaren"]) + rules.periode_breuken_rijen(reeks)
        t = rules.trend_rijen(reeks, ind["gewenste_richting"], ind["eenheid"], breuken)
        vorige = [r for r in reeks if r["jaar"] == t.vorig_jaar] if t.vorig_jaar else []
        rows.append({
            "thema": ind["thema"], "indicator_code": code, "indicator_naam": ind["naam"],
            "eenheid": ind["eenheid"], "gewenste_richting": ind["gewenste_richting"],
            "jaar": jaar, "periode_label": laatste["periode_label"],
            "wijk_waarde": wijk_m.waarde, "wijk_status": laatste["status"],
            "wijk_significant": laatste["significant"],
            "gemeente_waarde": gem_m.waarde,
            "gemeente_status": g_row["status"] if g_row is not None else fmt.STATUS_GEEN,
            "verschil": oordeel.verschil, "vergelijking": oordeel.richting,
            "gunstig": rules.gunstigheid(oordeel.richting, ind["gewenste_richting"]),
            "trend": t.oordeel, "vorig_jaar": t.vorig_jaar,
            "vorige_waarde": vorige[0]["waarde"] if vorige else None,
            "bron": ind["bron"], "definitie": ind["definitie"], "toelichting": ind["toelichting"],
            "gemeente_afgeleid": g_row is not None and _vlag(g_row["afgeleid"]),
            "cijfer_gebied": laatste["cijfer_gebied"],
            "methode": oordeel.methode,
            "afwijking": rules.afwijking(oordeel, gem_m.waarde, ind["eenheid"]),
            "wijk_soort": wijk_m.soort, "gemeente_soort": gem_m.soort,
            "decimalen": decimalen,
            "soort_uitleg": laatste.get("soort_uitleg"),
            "effect": (per_effect.get(code) or ("",))[0], "monitor_status": ind["monitor_status"],
            "doelen": ind["doelen"] if isinstance(ind["doelen"], str) else "",
            # a wijk's count and the city's total share no scale: no city line for counts
            "wijk_reeks": _reeks(reeks),
            "gemeente_reeks": gem_reeks.get(code, ()) if is_vergelijkbaar(ind) else (),
        })
    # the monitor's thema order (a thema it does not know last), then the indicator's name
    volgorde = {t: i for i, t in enumerate(themas(db))}
    rows.sort(key=lambda r: (volgorde.get(r["thema"], len(volgorde)), r["indicator_naam"]))
    return tuple(rows)


def _gemeente_cijfers(db: Warehouse, gemeente: str
                      ) -> tuple[dict[tuple[str, int], dict[str, Any]], dict[str, Reeks]]:
    """The gemeente's figures (its fixed indeling), the wijkprofiel's reference: per indicator
    and year the first row, and per indicator its series. Once per warehouse version, from the
    rows the map reads too (db.vaste_kaartrijen)."""
    def compute() -> tuple[dict[tuple[str, int], dict[str, Any]], dict[str, Reeks]]:
        per_jaar: dict[tuple[str, int], dict[str, Any]] = {}
        per_code: dict[str, list[dict[str, Any]]] = {}
        for code, r in db.vaste_kaartrijen(gemeente):
            if (code, r.jaar) not in per_jaar:
                per_jaar[(code, r.jaar)] = rij = r._asdict()
                per_code.setdefault(code, []).append(rij)
        return per_jaar, {code: _reeks(rijen) for code, rijen in per_code.items()}

    return afgeleid(db, ("profiel_gemeente", gemeente), compute)


def _vlag(x: Any) -> bool:
    """A stored flag as bool: NULL (None, NaN) is False."""
    return bool(pd.notna(x) and x)


def _profiel_feiten(db: Warehouse, g_code: str, g_indeling: str
                    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every total figure of the area: (its series: the area and its same areas of other
    indelingen, one figure per indicator and year (gebieden.een_per_jaar_rijen); the figures of
    the changed areas that share most of it, in query order). Each row with zelfde_gebied and
    cijfer_gebied (None for the area itself, else the area named with its indeling)."""
    paren, andere = gebied_paren(db, g_code, g_indeling)
    alle = paren + andere
    facts = db.gebied_cijfer_rijen(tuple(sorted({c for c, _ in alle})),
                                   tuple(sorted({i for _, i in alle})))
    eigen, gezocht = set(paren), set(alle)
    labels: dict[tuple[str, str], str | None] = {}
    zelfde: list[dict[str, Any]] = []
    ander: list[dict[str, Any]] = []
    for r in facts:
        paar = (r["gebied_code"], r["indeling"])
        if paar not in gezocht:
            continue
        if paar not in labels:
            labels[paar] = (None if paar == (g_code, g_indeling)
                            else label_ander_gebied(str(r["gebied_naam"]), paar[1]))
        # a new dict: the driver's rows are cached and shared
        rij = {**r, "zelfde_gebied": paar in eigen, "cijfer_gebied": labels[paar]}
        (zelfde if paar in eigen else ander).append(rij)
    return een_per_jaar_rijen(zelfde, g_indeling), ander


REEKS_KOLOMMEN = [
    "indicator_code", "jaar", "periode_label", "waarde", "status", "significant", "gebied_code",
    "indeling", "cijfer_gebied", "zelfde_gebied", "gemeente_waarde", "gemeente_status",
    "gemeente_afgeleid",
]


def _reeks_rijen(zelfde: list[dict[str, Any]], ander: list[dict[str, Any]],
                 gem_rij: dict[tuple[str, int], dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    """The rows of wijkprofiel_reeksen: by indicator, the area's series first, then indeling, jaar."""
    uit = []
    for r in zelfde + ander:
        g = gem_rij.get((r["indicator_code"], r["jaar"]))
        uit.append({
            "indicator_code": r["indicator_code"], "jaar": r["jaar"],
            "periode_label": r["periode_label"], "waarde": r["waarde"], "status": r["status"],
            "significant": r["significant"], "gebied_code": r["gebied_code"],
            "indeling": r["indeling"], "cijfer_gebied": r["cijfer_gebied"],
            "zelfde_gebied": r["zelfde_gebied"],
            "gemeente_waarde": g["waarde"] if g is not None else None,
            "gemeente_status": g["status"] if g is not None else fmt.STATUS_GEEN,
            "gemeente_afgeleid": g is not None and _vlag(g["afgeleid"]),
        })
    uit.sort(key=lambda r: (r["indicator_code"], not r["zelfde_gebied"], r["indeling"], r["jaar"]))
    return tuple(uit)


def wijkprofiel_reeksen(db: Warehouse, g_code: str, g_indeling: str, gemeente: str) -> pd.DataFrame:
    """Every year of every indicator of the profile, each beside the gemeente's figure of that year.

    `zelfde_gebied` rows are the area's series (its own indeling, plus the same area in another
    indeling: one figure per year, its own indeling first). Rows with zelfde_gebied False are a
    changed area of another indeling that shares most of it: they belong to that area, named in
    `cijfer_gebied` ('Soesterkwartier (wijkindeling 2019)'), and never join the series.
    `gemeente_afgeleid`: the gemeente figure is BEREKEND_UIT_WIJKEN. A frame of
    `profielcijfers(...).reeksen`.
    """
    return pd.DataFrame(list(profielcijfers(db, g_code, g_indeling, gemeente).reeksen),
                        columns=REEKS_KOLOMMEN)


def vergelijk_waarden(db: Warehouse, codes: tuple[str, ...], v_code: str, v_indeling: str,
                      niveau: str | None, gemeente: str) -> dict[str, dict[int, float]]:
    """The measured figures of a comparison area per indicator and year: code -> {jaar: waarde}.

    A fixed area (Nederland, 100.000+ gemeenten; indeling 'vast') from its series; a wijk,
    cluster or buurt from its own profile, comparable predecessor areas included.
    """
    if not codes:
        return {}
    gevraagd = set(codes)
    if v_indeling == "vast":
        alle = _vaste_waarden(db, v_code)
        return {code: dict(alle[code]) for code in sorted(gevraagd) if code in alle}
    ander = profielcijfers(db, v_code, v_indeling, gemeente).rijen
    return {r["indicator_code"]: dict(r["wijk_reeks"]) for r in ander
            if r["indicator_code"] in gevraagd}


def _vaste_waarden(db: Warehouse, v_code: str) -> dict[str, dict[int, float]]:
    """Every measured figure of a fixed area (its fixed indeling): code -> {jaar: waarde}, the
    first per year. Once per warehouse version (db.vaste_kaartrijen)."""
    def compute() -> dict[str, dict[int, float]]:
        uit: dict[str, dict[int, float]] = {}
        for code, r in db.vaste_kaartrijen(v_code):
            if r.status == fmt.STATUS_WAARDE and fmt.is_getal(r.waarde):
                uit.setdefault(code, {}).setdefault(int(r.jaar), float(r.waarde))
        return uit

    return afgeleid(db, ("vaste_waarden", v_code), compute)


def profiel_indeling_notities(db: Warehouse, g_code: str, g_indeling: str, gemeente: str,
                              naam: str) -> list[str]:
    """What the wijkprofiel says about figures of other indelingen, from what it shows.

    Per other indeling: its figures of the same area are in the profile's series (named, with the
    reason), or those of a changed area that shares most of it are not (named, with the reason).
    Read from the profile's series (wijkprofiel_reeksen), so a note never claims figures the
    profile does not have.
    """
    jaren_per: dict[tuple[str, str, bool], set[int]] = {}
    for r in profielcijfers(db, g_code, g_indeling, gemeente).reeksen:
        if r["indeling"] != g_indeling:
            jaren_per.setdefault((r["gebied_code"], r["indeling"], r["zelfde_gebied"]),
                                 set()).add(int(r["jaar"]))
    if not jaren_per:
        return []
    reden: dict[tuple[str, str], str] = {}
    for v in db.vergelijkbaarheid_rijen(g_code, g_indeling):
        reden.setdefault((v["gebied_code"], v["indeling"]), str(v["reden"]))
    notities = []
    for (c, i, zelfde), jaar_set in sorted(jaren_per.items()):
        jaren = ", ".join(str(j) for j in sorted(jaar_set))
        ander = gebied_naam(db, str(c), "wijk", str(i))
        if zelfde:
            tekst = zelfde_gebied_tekst(ander, naam, str(i), reden[(c, i)])
            notities.append(f"Cijfers van {jaren} komen uit de {tekst}; ze tellen mee in de "
                            f"ontwikkeling en de laatste cijfers van {naam}.")
        else:
            notities.append(
                f"Cijfers van {jaren} over {label_ander_gebied(ander, str(i))} tellen niet mee: "
                f"dat gebied heeft andere grenzen dan {naam} in de {indeling_label(g_indeling)} "
                f"({reden[(c, i)]}).")
    return notities


def vast_met_wijkcijfers(db: Warehouse, code: str) -> bool:
    """Whether a fixed area (Nederland) has a figure of any indicator that has wijk figures."""
    def compute() -> bool:
        cat = db.indicatoren()
        codes = tuple(sorted(cat.loc[cat["heeft_wijk"].astype(bool), "code"]))
        facts = db.reeksen(codes, (code,)) if codes else pd.DataFrame()
        return bool(len(facts)) and bool((facts["status"] == fmt.STATUS_WAARDE).any())

    return bool(afgeleid(db, ("vast_met_wijkcijfers", code), compute))


def profiel_elders(db: Warehouse, g_code: str, g_indeling: str) -> list[tuple[str, str, str]]:
    """The changed areas of other indelingen that share most of this one (label, code, indeling):
    a profile of the same place with its own figures, to point to from this one."""
    _, andere = gebied_paren(db, g_code, g_indeling)
    return [(label_ander_gebied(gebied_naam(db, c, "wijk", i), i), c, i) for c, i in andere]
