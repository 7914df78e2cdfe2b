"""The wijkprofiel's figures: per indicator the area's latest figure against the gemeente, and
every year of it; the notes on figures of other indelingen. Frames, no SQL and no Dash.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from app import fmt, rules
from app.cache import afgeleid, per_query_cache
from app.catalogus import indicator_effecten, indicator_rijen, is_vergelijkbaar, themas
from app.gebieden import (
    een_per_jaar,
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


def wijkprofiel(db: Warehouse, g_code: str, g_indeling: str, niveau: str,
                gemeente: str) -> pd.DataFrame:
    """Every indicator with a figure for this area: its latest figure against the gemeente.

    Kept like a query result (per warehouse version; not when the query cache is off).
    """
    return per_query_cache(
        db, ("wijkprofiel", g_code, g_indeling, gemeente),
        lambda: _wijkprofiel(db, g_code, g_indeling, gemeente)).copy(deep=False)


def _wijkprofiel(db: Warehouse, g_code: str, g_indeling: str, gemeente: str) -> pd.DataFrame:
    facts = _profiel_cijfers(db, g_code, g_indeling)
    if facts.empty:
        return pd.DataFrame(columns=PROFIEL_KOLOMMEN)
    facts = een_per_jaar(facts[facts["zelfde_gebied"]], g_indeling)
    gem_rij: dict[tuple[str, int], dict[str, Any]] = {}
    gem_reeks: dict[str, list[dict[str, Any]]] = {}
    for r in _gemeente_per_jaar(db, facts, gemeente).to_dict("records"):
        gem_rij[(r["indicator_code"], r["jaar"])] = r
        gem_reeks.setdefault(r["indicator_code"], []).append(r)
    cat = indicator_rijen(db)
    per_effect = indicator_effecten(db)
    per_code: dict[str, list[dict[str, Any]]] = {}
    for r in facts.to_dict("records"):  # sorted by indicator_code, jaar; one row per year
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
        # a wijk's count against the city's total: no verdict (rules.METHODE_AANTAL)
        oordeel = rules.vergelijk(wijk_m, gem_m, ind["eenheid"],
                                  aantal_tegen_totaal=not is_vergelijkbaar(ind),
                                  decimalen=fmt.decimalen_indicator(ind.get("decimalen"),
                                                                    [wijk_m.waarde, gem_m.waarde]))
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
            "decimalen": fmt.decimalen_indicator(ind.get("decimalen"), [wijk_m.waarde, gem_m.waarde]),
            "soort_uitleg": laatste.get("soort_uitleg"),
            "effect": (per_effect.get(code) or ("",))[0], "monitor_status": ind["monitor_status"],
            "doelen": ind["doelen"] if isinstance(ind["doelen"], str) else "",
            # a wijk's count and the city's total share no scale: no city line for counts
            "wijk_reeks": _reeks(reeks),
            "gemeente_reeks": _reeks(gem_reeks.get(code, [])) if is_vergelijkbaar(ind) else (),
        })
    volgorde = {t: i for i, t in enumerate(themas(db))}
    out = pd.DataFrame(rows, columns=PROFIEL_KOLOMMEN)
    out["_t"] = out["thema"].map(volgorde)
    out = out.sort_values(["_t", "indicator_naam"]).drop(columns="_t").reset_index(drop=True)
    return out


def _gemeente_per_jaar(db: Warehouse, facts: pd.DataFrame, gemeente: str) -> pd.DataFrame:
    """The gemeente's figure of every year of the indicators in `facts` (the wijkprofiel's
    reference): its fixed indeling, one row per indicator and year (the first)."""
    gem = db.reeksen(tuple(sorted(facts["indicator_code"].unique())), (gemeente,))
    return gem[gem["indeling"] == "vast"].drop_duplicates(["indicator_code", "jaar"])


def _vlag(x: Any) -> bool:
    """A stored flag as bool: NULL (None, NaN) is False."""
    return bool(pd.notna(x) and x)


def _profiel_cijfers(db: Warehouse, g_code: str, g_indeling: str) -> pd.DataFrame:
    """Every total figure of the area, its same areas of other indelingen and the changed areas
    that share most of it, with zelfde_gebied and cijfer_gebied (None for the area itself)."""
    paren, andere = gebied_paren(db, g_code, g_indeling)
    alle = paren + andere
    facts = db.gebied_cijfers(tuple(sorted({c for c, _ in alle})), tuple(sorted({i for _, i in alle})))
    paar = list(zip(facts["gebied_code"], facts["indeling"], strict=True))
    gezocht = set(alle)
    # a boolean Series (a plain empty list would select columns, not rows)
    facts = facts[pd.Series([p in gezocht for p in paar], index=facts.index, dtype=bool)]
    paar = list(zip(facts["gebied_code"], facts["indeling"], strict=True))
    return facts.assign(
        zelfde_gebied=[p in set(paren) for p in paar],
        cijfer_gebied=[None if p == (g_code, g_indeling) else label_ander_gebied(str(n), p[1])
                       for p, n in zip(paar, facts["gebied_naam"], strict=True)],
    )


REEKS_KOLOMMEN = [
    "indicator_code", "jaar", "periode_label", "waarde", "status", "significant", "gebied_code",
    "indeling", "cijfer_gebied", "zelfde_gebied", "gemeente_waarde", "gemeente_status",
    "gemeente_afgeleid",
]


def wijkprofiel_reeksen(db: Warehouse, g_code: str, g_indeling: str, gemeente: str) -> pd.DataFrame:
    """Every year of every indicator of the profile, each beside the gemeente's figure of that year.

    `zelfde_gebied` rows are the area's series (its own indeling, plus the same area in another
    indeling: one figure per year, its own indeling first). Rows with zelfde_gebied False are a
    changed area of another indeling that shares most of it: they belong to that area, named in
    `cijfer_gebied` ('Soesterkwartier (wijkindeling 2019)'), and never join the series.
    `gemeente_afgeleid`: the gemeente figure is BEREKEND_UIT_WIJKEN.
    """
    return per_query_cache(
        db, ("wijkprofiel_reeksen", g_code, g_indeling, gemeente),
        lambda: _wijkprofiel_reeksen(db, g_code, g_indeling, gemeente)).copy(deep=False)


def _wijkprofiel_reeksen(db: Warehouse, g_code: str, g_indeling: str, gemeente: str) -> pd.DataFrame:
    facts = _profiel_cijfers(db, g_code, g_indeling)
    if facts.empty:
        return pd.DataFrame(columns=REEKS_KOLOMMEN)
    zelfde = een_per_jaar(facts[facts["zelfde_gebied"]], g_indeling)
    facts = pd.concat([zelfde, facts[~facts["zelfde_gebied"]]])
    gem = _gemeente_per_jaar(db, facts, gemeente).rename(columns={
        "waarde": "gemeente_waarde", "status": "gemeente_status", "afgeleid": "gemeente_afgeleid"})
    out = facts.merge(gem[["indicator_code", "jaar", "gemeente_waarde", "gemeente_status",
                           "gemeente_afgeleid"]], on=["indicator_code", "jaar"], how="left")
    out["gemeente_status"] = out["gemeente_status"].fillna(fmt.STATUS_GEEN)
    out["gemeente_afgeleid"] = [_vlag(x) for x in out["gemeente_afgeleid"]]
    out = out.sort_values(["indicator_code", "zelfde_gebied", "indeling", "jaar"],
                          ascending=[True, False, True, True])
    return out[REEKS_KOLOMMEN].reset_index(drop=True)


def vergelijk_waarden(db: Warehouse, codes: tuple[str, ...], v_code: str, v_indeling: str,
                      niveau: str | None, gemeente: str) -> dict[str, dict[int, float]]:
    """The measured figures of a comparison area per indicator and year: code -> {jaar: waarde}.

    A fixed area (Nederland, 100.000+ gemeenten; indeling 'vast') from its series; a wijk,
    cluster or buurt from its own profile, comparable predecessor areas included.
    """
    if not codes:
        return {}
    if v_indeling == "vast":
        facts = db.reeksen(tuple(sorted(codes)), (v_code,))
        facts = facts[facts["indeling"] == "vast"]
        uit: dict[str, dict[int, float]] = {}
        for r in facts.to_dict("records"):
            if r["status"] == fmt.STATUS_WAARDE and fmt.is_getal(r["waarde"]):
                uit.setdefault(r["indicator_code"], {}).setdefault(int(r["jaar"]), float(r["waarde"]))
        return uit
    ander = wijkprofiel(db, v_code, v_indeling, niveau or "wijk", gemeente)
    gevraagd = set(codes)
    return {code: dict(reeks) for code, reeks in zip(ander["indicator_code"], ander["wijk_reeks"],
                                                     strict=True) if code in gevraagd}


def profiel_indeling_notities(db: Warehouse, g_code: str, g_indeling: str, gemeente: str,
                              naam: str) -> list[str]:
    """What the wijkprofiel says about figures of other indelingen, from what it shows.

    Per other indeling: its figures of the same area are in the profile's series (named, with the
    reason), or those of a changed area that shares most of it are not (named, with the reason).
    Read from wijkprofiel_reeksen, so a note never claims figures the profile does not have.
    """
    reeksen = wijkprofiel_reeksen(db, g_code, g_indeling, gemeente)
    reeksen = reeksen[reeksen["indeling"] != g_indeling]
    if reeksen.empty:
        return []
    verg = db.vergelijkbaarheid(g_code, g_indeling).set_index(["gebied_code", "indeling"])
    notities = []
    for (c, i, zelfde), rows in reeksen.groupby(["gebied_code", "indeling", "zelfde_gebied"],
                                                 sort=True):
        r = verg.loc[(c, i)]
        jaren = ", ".join(str(j) for j in sorted({int(j) for j in rows["jaar"]}))
        ander = gebied_naam(db, str(c), "wijk", str(i))
        if zelfde:
            tekst = zelfde_gebied_tekst(ander, naam, str(i), str(r["reden"]))
            notities.append(f"Cijfers van {jaren} komen uit de {tekst}; ze tellen mee in de "
                            f"ontwikkeling en de laatste cijfers van {naam}.")
        else:
            notities.append(
                f"Cijfers van {jaren} over {label_ander_gebied(ander, str(i))} tellen niet mee: "
                f"dat gebied heeft andere grenzen dan {naam} in de {indeling_label(g_indeling)} "
                f"({r['reden']}).")
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
