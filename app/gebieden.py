"""Areas and the years of figures: levels, indelingen, names, coverage and same-area pairs.

Lookups derived once per warehouse version (app/cache.py) from the area tables and one
indicator's coverage (app/queries.py); no SQL and no Dash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd

from app import fmt
from app.cache import afgeleid
from app.queries import Kaartwaarde, Warehouse

NIVEAU_LABEL = {"wijk": "Wijken", "buurt": "Buurten", "gebiedscluster": "Gebiedsclusters"}
NIVEAU_ENKELVOUD = {"wijk": "wijk", "buurt": "buurt", "gebiedscluster": "gebiedscluster"}
_INDELING_JAAR = re.compile(r"^(wijk|buurt)(\d{4})$")

# An area of another indeling that is not the same area (gebied_vergelijkbaarheid) but shares
# at least this much of it (IoU) is shown as its own series, named with its indeling: the old
# Soesterkwartier next to the new one, never joined to it. Smaller overlaps are only noted.
MIN_IOU_EIGEN_REEKS = 0.5

R = TypeVar("R", bound=Mapping[str, Any])  # a fact row (a dict of the driver's values)


@dataclass(frozen=True)
class _Gebieden:
    """One level's areas (db.gebieden) with lookups."""

    frame: pd.DataFrame
    naam: dict[tuple[str, str], str]  # (code, indeling) -> naam
    eerste_naam: dict[str, str]  # code -> naam of its first row (indeling, naam order)
    indelingen: list[str]  # indelingen with geometry, oldest first


def _gebieden(db: Warehouse, niveau: str) -> _Gebieden:
    """db.gebieden(niveau) with lookups, once per warehouse version (levels are few)."""
    return afgeleid(db, ("gebieden", niveau), lambda: _maak_gebieden(db, niveau))


def _maak_gebieden(db: Warehouse, niveau: str) -> _Gebieden:
    g = db.gebieden(niveau)
    naam: dict[tuple[str, str], str] = {}
    eerste: dict[str, str] = {}
    for code, indeling, n in zip(g["gebied_code"], g["indeling"], g["naam"], strict=True):
        naam.setdefault((code, indeling), str(n))
        eerste.setdefault(code, str(n))
    found = g.loc[g["heeft_geometrie"].astype(bool), "indeling"].unique()
    return _Gebieden(g, naam, eerste, sorted(found, key=lambda i: (_indeling_jaar(i) or 0, i)))


def tabel(db: Warehouse, niveau: str) -> pd.DataFrame:
    """The level's areas (db.gebieden), shared: not to be changed in place."""
    return _gebieden(db, niveau).frame.copy(deep=False)


def gebied_bestaat(db: Warehouse, code: str, indeling: str, niveau: str) -> bool:
    """Whether the level has an area with this code in this indeling."""
    try:
        return (code, indeling) in _gebieden(db, niveau).naam
    except TypeError:  # not a code at all (a tampered request)
        return False


def niveau_van(db: Warehouse, code: str, niveaus: tuple[str, ...],
               indeling: str | None = None) -> str | None:
    """The first of `niveaus` with an area of this code (in this indeling, when one is given)."""
    for niveau in niveaus:
        g = _gebieden(db, niveau)
        try:
            if ((code, indeling) in g.naam) if indeling else (code in g.eerste_naam):
                return niveau
        except TypeError:  # not a code at all (a tampered request)
            return None
    return None


def gebieden_van_gemeente(db: Warehouse, niveau: str, indeling: str,
                          gemeente: str) -> pd.DataFrame:
    """The areas of a level and indeling that lie in the gemeente, by name.

    A wijk or cluster belongs to the gemeente it names as parent; a buurt to a wijk of it.
    Areas of other gemeenten (a national warehouse) are not on the gemeente's map.
    """
    def compute() -> pd.DataFrame:
        g = _gebieden(db, niveau).frame
        w = _gebieden(db, "wijk").frame
        wijken = set(w.loc[w["parent_code"] == gemeente, "gebied_code"])
        binnen = g["parent_code"].isin({gemeente} | wijken)
        return g[(g["indeling"] == indeling) & binnen].sort_values("naam")

    return afgeleid(db, ("gebieden_van_gemeente", niveau, indeling, gemeente),
                    compute).copy(deep=False)


def gebied_naam(db: Warehouse, code: str, niveau: str | None = None,
                indeling: str | None = None) -> str:
    """The name of an area (fixed areas, or a wijk/buurt/cluster of an indeling)."""
    vast = _vaste_naam(db, code)
    if vast is not None:
        return vast
    if niveau:
        gebieden = _gebieden(db, niveau)
        naam = gebieden.naam.get((code, indeling)) if indeling else gebieden.eerste_naam.get(code)
        if naam is not None:
            return naam
    return code


def is_vast_gebied(db: Warehouse, code: str) -> bool:
    """Whether the code is a fixed area (Nederland, a gemeente, a reference group)."""
    return isinstance(code, str) and _vaste_naam(db, code) is not None


def _vaste_naam(db: Warehouse, code: str) -> str | None:
    """The name of a fixed area (Nederland, a gemeente, a reference group), or None."""
    def compute() -> dict[str, str]:
        namen: dict[str, str] = {}
        for c, naam in db.vaste_gebied_namen():
            namen.setdefault(c, str(naam))
        return namen

    # every fixed area at once: a wijk's code is looked up here on each first profile
    return afgeleid(db, "vaste_namen", compute).get(code)


def indeling_label(indeling: str) -> str:
    """'wijk2019' -> 'wijkindeling 2019'."""
    m = _INDELING_JAAR.match(indeling or "")
    if m:
        return f"{m.group(1)}indeling {m.group(2)}"
    return {"cluster": "gebiedsclusters", "vast": "vaste gebieden"}.get(indeling, indeling)


# -- years and indelingen --------------------------------------------------------------------


@dataclass(frozen=True)
class _Dekking:
    """An indicator's coverage (db.dekking) as lookups."""

    jaren: list[int]  # any figure, ascending
    kaart_jaren: dict[str, list[int]]  # niveau -> years with total figures, ascending
    indeling: dict[tuple[int, str], str]  # (jaar, niveau) -> indeling with most total figures
    heeft_totaal: bool
    # Years with at least one number (status 'waarde'), not only "no figure" or secret rows:
    waarde_jaren: list[int]  # any level, total or breakdown, ascending
    kaart_waarde_jaren: dict[str, list[int]]  # niveau -> years with a total number, ascending


def _dekking(db: Warehouse, code: str) -> _Dekking:
    """The coverage of one indicator. With the query cache on, every indicator's coverage comes
    from one query per warehouse version (db.dekking_alle): a first view of an indicator spent
    9-13 ms on its own coverage query (docs/performance.md, *Coverage at once*)."""
    if db.cache_size <= 0:
        return _maak_dekking(_dekking_rijen(db.dekking(code)))
    return afgeleid(db, "dekking_per_indicator", lambda: _dekking_alle(db)).get(
        code, _GEEN_DEKKING)


def _dekking_rijen(dekking: pd.DataFrame) -> list[tuple]:
    return list(zip(dekking["jaar"], dekking["niveau"], dekking["indeling"], dekking["totaal"],
                    dekking["aantal"], dekking["aantal_waarde"], strict=True))


def _dekking_alle(db: Warehouse) -> dict[str, _Dekking]:
    per_code: dict[str, list[tuple]] = {}
    for code, *rij in db.dekking_alle():
        per_code.setdefault(code, []).append(tuple(rij))
    return {code: _maak_dekking(rijen) for code, rijen in per_code.items()}


def _maak_dekking(dekking: list[tuple]) -> _Dekking:
    """(jaar, niveau, indeling, totaal, aantal, aantal_waarde) rows, ordered by jaar, niveau and
    indeling, as lookups."""
    alle: set[int] = set()
    kaart: dict[str, set[int]] = {}
    beste: dict[tuple[int, str], tuple[Any, str]] = {}
    met_waarde: set[int] = set()
    kaart_met_waarde: dict[str, set[int]] = {}
    for jaar, niveau, indeling, totaal, aantal, aantal_waarde in dekking:
        alle.add(int(jaar))
        if aantal_waarde > 0:
            met_waarde.add(int(jaar))
        if not bool(totaal):
            continue
        kaart.setdefault(niveau, set()).add(int(jaar))
        if aantal_waarde > 0:
            kaart_met_waarde.setdefault(niveau, set()).add(int(jaar))
        key = (int(jaar), niveau)
        # Most figures wins; on a tie the first row (ORDER BY indeling), as a stable sort gives.
        if key not in beste or aantal > beste[key][0]:
            beste[key] = (aantal, str(indeling))
    return _Dekking(sorted(alle), {n: sorted(j) for n, j in kaart.items()},
                    {k: v[1] for k, v in beste.items()}, bool(kaart), sorted(met_waarde),
                    {n: sorted(j) for n, j in kaart_met_waarde.items()})


_GEEN_DEKKING = _maak_dekking([])  # an indicator without any figure


def jaren(db: Warehouse, code: str) -> list[int]:
    """Years with any figure of the indicator (any level, total or breakdown), ascending."""
    return list(_dekking(db, code).jaren)


def heeft_totaal(db: Warehouse, code: str) -> bool:
    """Whether the indicator has any total figure (not only a breakdown)."""
    return _dekking(db, code).heeft_totaal


def kaart_jaren(db: Warehouse, code: str, niveau: str) -> list[int]:
    """Years in which the indicator has total figures at this map level."""
    return list(_dekking(db, code).kaart_jaren.get(niveau, []))


def standaard_jaar(db: Warehouse, code: str, niveau: str) -> int | None:
    """The year a view opens on (verkenner and embeds): the latest year with a number for the
    level; else the latest with a number at any level; else the latest with rows at the level
    (secret or missing figures, which the map explains), else any. None without figures.

    A year whose only row says "no figure" (jeugdzorg in 2025) is not opened on."""
    return jaar_om_te_openen(_dekking(db, code), niveau)


def jaar_om_te_openen(d: _Dekking, niveau: str) -> int | None:
    """standaard_jaar on an indicator's coverage."""
    for jaren_ in (d.kaart_waarde_jaren.get(niveau), d.waarde_jaren, d.kaart_jaren.get(niveau),
                   d.jaren):
        if jaren_:
            return jaren_[-1]
    return None


def indelingen(db: Warehouse, niveau: str) -> list[str]:
    """The indelingen of a level that have geometry, oldest first."""
    return list(_gebieden(db, niveau).indelingen)


def _indeling_jaar(indeling: str) -> int | None:
    m = _INDELING_JAAR.match(indeling or "")
    return int(m.group(2)) if m else None


def indeling_voor(db: Warehouse, code: str, jaar: int, niveau: str) -> str | None:
    """The indeling the map uses for a year: the one the figures of that year refer to.

    Without figures at this level in that year: the latest indeling that existed in that year
    (wijk2019 for 2019-2023, wijk2024 from 2024), else the oldest one.
    """
    hier = _dekking(db, code).indeling.get((jaar, niveau))
    if hier is not None:
        return hier
    kandidaten = indelingen(db, niveau)
    if not kandidaten:
        return None
    eerder = [i for i in kandidaten if (_indeling_jaar(i) or 0) <= jaar]
    return eerder[-1] if eerder else kandidaten[0]


# -- the same area in other indelingen (gebied_vergelijkbaarheid; docs/geo.md) ------------------


def zelfde_gebied_tekst(ander: str, naam: str, indeling: str, reden: str) -> str:
    """'wijkindeling 2019, waarin Zonnehof hetzelfde gebied is als Nederberg (overlap 0,93, ...)'."""
    als = "" if ander == naam else f" als {naam}"
    return f"{indeling_label(indeling)}, waarin {ander} hetzelfde gebied is{als} ({reden})"


def gebied_paren(db: Warehouse, g_code: str, g_indeling: str
                 ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(the area and the same areas of other indelingen, changed areas that share most of it).

    A changed area counts only in an indeling where the area has no same area (a predecessor);
    next to a same area it is a neighbour.
    """
    verg = db.vergelijkbaarheid_rijen(g_code, g_indeling)  # rows: read per profile, no frame
    same = [r for r in verg if r["vergelijkbaar"]]
    same_indelingen = {r["indeling"] for r in same}
    paren = [(g_code, g_indeling)] + [(r["gebied_code"], r["indeling"]) for r in same]
    groot = [(r["gebied_code"], r["indeling"]) for r in verg
             if not r["vergelijkbaar"] and r["iou"] is not None and r["iou"] >= MIN_IOU_EIGEN_REEKS
             and r["indeling"] not in same_indelingen]
    return paren, groot


def een_per_jaar_rijen(rijen: Iterable[R], g_indeling: str) -> list[R]:
    """One figure per indicator and year: the last row of the area's own indeling, which wins
    over a comparable predecessor, else the last row (in the given order). Sorted by
    indicator_code, jaar."""
    gekozen: dict[tuple[str, int], R] = {}
    for r in rijen:
        sleutel = (r["indicator_code"], r["jaar"])
        oud = gekozen.get(sleutel)
        if oud is None or r["indeling"] == g_indeling or oud["indeling"] != g_indeling:
            gekozen[sleutel] = r
    return [gekozen[k] for k in sorted(gekozen)]


def label_ander_gebied(naam: str, indeling: str) -> str:
    """'Soesterkwartier (wijkindeling 2019)': an area of another indeling, named as such."""
    return f"{naam} ({indeling_label(indeling)})"


def vaste_kaartwaarde(db: Warehouse, code: str, jaar: int, gebied: str) -> Kaartwaarde | None:
    """The total figure of a fixed area (the gemeente) for an indicator and year, or None: a
    dict lookup in all of that area's figures, read once per warehouse version."""
    def per_indicator_jaar() -> dict[tuple[str, int], Kaartwaarde]:
        return {(indicator, int(r.jaar)): r for indicator, r in db.vaste_kaartrijen(gebied)}

    return afgeleid(db, ("vaste_kaartwaarden", gebied), per_indicator_jaar).get((code, jaar))


def gemeente_heeft_waarde(db: Warehouse, code: str, jaar: int, gemeente: str) -> bool:
    """Whether the gemeente has a value (not a status) of this indicator in this year."""
    r = vaste_kaartwaarde(db, code, jaar, gemeente)
    return r is not None and r.status == fmt.STATUS_WAARDE and fmt.is_getal(r.waarde)
