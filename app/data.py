"""The data behind each view: combines query results into the frames pages and figures show.

No SQL (that is app/queries.py) and no Dash; every function takes the Warehouse it reads.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pandas as pd

from app import fmt, rules, zoeken
from app.queries import Warehouse

T = TypeVar("T")

NIVEAU_LABEL = {"wijk": "Wijken", "buurt": "Buurten", "gebiedscluster": "Gebiedsclusters"}
NIVEAU_ENKELVOUD = {"wijk": "wijk", "buurt": "buurt", "gebiedscluster": "gebiedscluster"}
_INDELING_JAAR = re.compile(r"^(wijk|buurt)(\d{4})$")


class OnbekendeWaarde(ValueError):
    """A URL or control named something the warehouse does not hold."""


# -- derived per warehouse version ------------------------------------------------------------

# Structures derived from the small catalogue and area tables (chapter order, lookups, option
# lists) are computed once per warehouse version instead of on every request. Values are shared
# between requests: callers must not change them in place (frames are handed out as copies).
AFGELEID_MAX = 256
# Rendered parts of a page (figures, tables) for a view, in a store of their own so that views
# never push the derived catalogue structures out (app/pages/verkenner.py).
WEERGAVE_MAX = 512


class _PerVersie:
    """An LRU store of values per warehouse version (file identity) and key.

    Single flight: while one thread computes a key, the others asking for it wait for that value
    (up to WACHT_S) instead of computing it too: ten visitors opening a view nobody has opened
    since the warehouse changed cost one drawing, not ten.
    """

    WACHT_S = 30.0

    def __init__(self, maximum: int) -> None:
        self.maximum = maximum
        self._per_db: weakref.WeakKeyDictionary[
            Warehouse, OrderedDict[Hashable, tuple[tuple, Any]]] = weakref.WeakKeyDictionary()
        self._bezig: dict[tuple[int, Hashable, tuple], threading.Event] = {}
        self._lock = threading.Lock()

    def _opgeslagen(self, db: Warehouse, key: Hashable, signature: tuple) -> tuple[bool, Any]:
        per_db = self._per_db.setdefault(db, OrderedDict())
        hit = per_db.get(key)
        if hit is not None and hit[0] == signature:
            per_db.move_to_end(key)
            return True, hit[1]
        return False, None

    def __call__(self, db: Warehouse, key: Hashable, compute: Callable[[], T]) -> T:
        signature = db.signature()
        vlucht = (id(db), key, signature)
        with self._lock:
            gevonden, value = self._opgeslagen(db, key, signature)
            if gevonden:
                return value
            bezig = self._bezig.get(vlucht)
            if bezig is None:
                self._bezig[vlucht] = eigen = threading.Event()
        if bezig is not None:  # another thread computes it: wait, then take its value
            bezig.wait(self.WACHT_S)
            with self._lock:
                gevonden, value = self._opgeslagen(db, key, signature)
            return value if gevonden else compute()  # it failed, or the file changed meanwhile
        try:
            value = compute()
            if db.signature() == signature:
                with self._lock:
                    per_db = self._per_db.setdefault(db, OrderedDict())
                    per_db[key] = (signature, value)
                    per_db.move_to_end(key)
                    while len(per_db) > self.maximum:
                        per_db.popitem(last=False)
        finally:
            with self._lock:
                self._bezig.pop(vlucht, None)
            eigen.set()
        return value


_afgeleid = _PerVersie(AFGELEID_MAX)
_weergaven = _PerVersie(WEERGAVE_MAX)


def afgeleid(db: Warehouse, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per warehouse version (file identity) and key; kept while that file is.

    Like the query cache: the value is stored only when the file was not replaced while it
    was computed, and a replaced file (a new signature) recomputes on first use.
    """
    return _afgeleid(db, key, compute)


def _met_querycache(store: _PerVersie, db: Warehouse, key: Hashable,
                    compute: Callable[[], T]) -> T:
    """`store(db, key, compute)`, or just `compute()` when the query cache is off (a benchmark
    without cache measures the work itself)."""
    return compute() if db.cache_size <= 0 else store(db, key, compute)


def weergave(db: Warehouse, key: Hashable, compute: Callable[[], T]) -> T:
    """Like `afgeleid`, for a rendered part of a page (its own store of WEERGAVE_MAX views); off
    with the query cache."""
    return _met_querycache(_weergaven, db, key, compute)


def _per_query_cache(db: Warehouse, key: Hashable, compute: Callable[[], T]) -> T:
    """Like `afgeleid` for values derived from one indicator's facts: off with the query cache."""
    return _met_querycache(_afgeleid, db, key, compute)


# The levels a wijkprofiel exists for, in the order a code is looked up.
PROFIEL_NIVEAUS = ("wijk", "gebiedscluster", "buurt")

# A gemeente figure the ETL computed from all its wijken (fact_waarde.afgeleid; docs/geo.md).
BEREKEND_UIT_WIJKEN = "berekend uit de wijkcijfers"
# An area of another indeling that is not the same area (gebied_vergelijkbaarheid) but shares
# at least this much of it (IoU) is shown as its own series, named with its indeling: the old
# Soesterkwartier next to the new one, never joined to it. Smaller overlaps are only noted.
MIN_IOU_EIGEN_REEKS = 0.5


# -- catalogue -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Catalogus:
    themas: list[str]
    geordend: pd.DataFrame  # the catalogue in chapter order
    per_thema: dict[str, pd.DataFrame]
    per_doel: dict[str, pd.DataFrame]  # a goal's indicators, its child goals included
    rij: dict[str, pd.Series]  # code -> catalogue row
    doel_namen: dict[str, str]
    rij_dict: dict[str, dict[str, Any]]  # code -> catalogue row as a dict (loops)


def _catalogus(db: Warehouse) -> _Catalogus:
    return afgeleid(db, "catalogus", lambda: _maak_catalogus(db))


def _maak_catalogus(db: Warehouse) -> _Catalogus:
    cat = db.indicatoren()
    present = set(cat["thema"])
    ordered = [t for t in THEMA_VOLGORDE if t in present]
    thema_lijst = ordered + sorted(present - set(ordered))
    rank = {t: i for i, t in enumerate(thema_lijst)}
    geordend = (cat.assign(_rank=cat["thema"].map(rank))
                .sort_values(["_rank", "tabel_volgorde", "naam"], na_position="last")
                .drop(columns="_rank"))
    per_thema = {t: geordend[geordend["thema"] == t] for t in thema_lijst}
    doelen = db.doelen()
    per_doel = {doel: _doel_filter(geordend, doelen, doel) for doel in doelen["doel_code"]}
    rij: dict[str, pd.Series] = {}
    rij_dict: dict[str, dict[str, Any]] = {}
    for i, record in enumerate(cat.to_dict("records")):
        # The first row of a code, as cat[cat["code"] == code].iloc[0] gave.
        if record["code"] not in rij:
            rij[record["code"]] = cat.iloc[i]
            rij_dict[record["code"]] = record
    namen = dict(zip(doelen["doel_code"], doelen["naam"], strict=True))
    return _Catalogus(thema_lijst, geordend, per_thema, per_doel, rij, namen, rij_dict)


def _doel_met_kinderen(doelen: pd.DataFrame, doel: str) -> set[str]:
    """A goal and its child goals (a maatschappelijk effect and its richtinggevende doelen)."""
    return {doel} | set(doelen.loc[doelen["parent_code"] == doel, "doel_code"])


def _doel_filter(cat: pd.DataFrame, doelen: pd.DataFrame, doel: str) -> pd.DataFrame:
    """The indicators serving a goal or one of its child goals."""
    codes = _doel_met_kinderen(doelen, doel)
    return cat[[bool(codes & (set(s.split("|")) - {""})) for s in cat["doelen"]]]


def indicator(db: Warehouse, code: str) -> pd.Series:
    """One row of the catalogue; OnbekendeWaarde for an unknown code."""
    row = _catalogus(db).rij.get(code) if isinstance(code, str) else None
    if row is None:
        raise OnbekendeWaarde(f"De indicator '{code}' bestaat niet in dit warehouse.")
    return row.copy(deep=False)


def indicator_codes(db: Warehouse) -> set[str]:
    """Every indicator code of the catalogue."""
    return set(_catalogus(db).rij)


# The monitor's chapters in the order of the printed monitor, then the CBS themes (not in the
# monitor). The warehouse has no chapter order; a theme not listed here comes last, by name.
THEMA_VOLGORDE = (
    "Preventie", "Bestaanszekerheid en participatie", "Ontwikkelen en opgroeien",
    "Psychische kwetsbaarheid", "Ouder worden", "Diversiteit en discriminatie",
    "Ontwikkeling gebruik ondersteuning", "Transformatie", "Cliëntervaring", "Bevolking",
    "Wonen", "Voorzieningen",
)


def themas(db: Warehouse) -> list[str]:
    """Themes present in the warehouse, in the order of the monitor's chapters."""
    return list(_catalogus(db).themas)


def doel_namen(db: Warehouse) -> dict[str, str]:
    """doel_code -> naam."""
    return dict(_catalogus(db).doel_namen)


def zoekwoorden(db: Warehouse) -> zoeken.Zoekwoorden:
    """The search catalogue: words users type and their synonyms, goals' topic words."""
    def compute() -> zoeken.Zoekwoorden:
        termen, doelen = db.zoekwoorden(), db.doel_zoekwoorden()
        return zoeken.zoekwoorden_uit(zip(termen["term"], termen["synoniemen"], strict=True),
                                      zip(doelen["doel_code"], doelen["zoekwoorden"], strict=True))

    return afgeleid(db, "zoekwoorden", compute)


def zoek_gewichten(db: Warehouse) -> dict[str, int]:
    """Indicator code -> weight among equal search matches (zoeken.GEWICHT_*): the headline
    indicators in the samenvatting's order, then the monitor's others, then the rest."""
    def compute() -> dict[str, int]:
        kern = {r.code: int(r.volgorde) for r in db.kern_indicatoren().itertuples()}
        cat = db.indicatoren()
        return {code: kern.get(code, zoeken.GEWICHT_OVERIG if status == NIET_IN_MONITOR
                               else zoeken.GEWICHT_MONITOR)
                for code, status in zip(cat["code"], cat["monitor_status"], strict=True)}

    return dict(afgeleid(db, "zoek_gewichten", compute))


def indicatoren_in(db: Warehouse, keuze: str | None) -> pd.DataFrame:
    """Indicators of a choice 'thema:<naam>' or 'doel:<code>' (all when empty)."""
    cat = _catalogus(db)
    if not keuze:
        return cat.geordend.copy(deep=False)
    soort, _, waarde = keuze.partition(":")
    if soort == "thema":
        deel = cat.per_thema.get(waarde)
        return (deel if deel is not None else cat.geordend.iloc[0:0]).copy(deep=False)
    if soort == "doel":
        deel = cat.per_doel.get(waarde)
        if deel is None:  # not a goal of dim_doel: the same filter, computed now
            deel = _doel_filter(cat.geordend, db.doelen(), waarde)
        return deel.copy(deep=False)
    raise OnbekendeWaarde(f"De keuze '{keuze}' is geen thema of doel.")


# Catalogue statuses of indicators the monitor itself reports on (not the CBS context figures).
NIET_IN_MONITOR = "niet in monitor"


def standaard_indicator(cat: pd.DataFrame) -> str:
    """The indicator a view opens on, chosen from a catalogue frame (docs/app.md).

    Rule: among the monitor's own indicators (monitor_status other than 'niet in monitor') that
    have wijk figures, the one with figures for the most wijken, ties in chapter order; without
    such an indicator, any indicator with the most wijken; else the first with any figure, else the
    first. Data-driven: a new extract with wijk figures (e.g. health per wijk) changes the choice.
    """
    if cat.empty:
        raise OnbekendeWaarde("Het warehouse bevat nog geen indicatoren.")
    kandidaten = [
        cat[(cat["monitor_status"] != NIET_IN_MONITOR) & (cat["wijk_dekking"] > 0)],
        cat[cat["wijk_dekking"] > 0],
        cat[cat["aantal_cijfers"] > 0],
    ]
    for k in kandidaten:
        if not k.empty:
            return str(k.sort_values("wijk_dekking", ascending=False, kind="stable")
                       .iloc[0]["code"])
    return str(cat.iloc[0]["code"])


def keuze_bestaat(db: Warehouse, keuze: str) -> bool:
    """Whether 'thema:X' / 'doel:Y' names an existing theme or goal."""
    soort, _, waarde = keuze.partition(":")
    if soort == "thema":
        return waarde in _catalogus(db).per_thema
    if soort == "doel":
        return waarde in _catalogus(db).doel_namen
    return False


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
    def compute() -> str | None:
        vast = db.vaste_gebieden((code,))
        return None if vast.empty else str(vast.iloc[0]["naam"])

    return afgeleid(db, ("vaste_naam", code), compute)


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
    return _per_query_cache(db, ("dekking", code), lambda: _maak_dekking(db.dekking(code)))


def _maak_dekking(dekking: pd.DataFrame) -> _Dekking:
    alle: set[int] = set()
    kaart: dict[str, set[int]] = {}
    beste: dict[tuple[int, str], tuple[Any, str]] = {}
    met_waarde: set[int] = set()
    kaart_met_waarde: dict[str, set[int]] = {}
    for jaar, niveau, indeling, totaal, aantal, aantal_waarde in zip(
            dekking["jaar"], dekking["niveau"], dekking["indeling"], dekking["totaal"],
            dekking["aantal"], dekking["aantal_waarde"], strict=True):
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


# -- comparability (the map, the trend and the wijkprofiel) ----------------------------------


def is_vergelijkbaar(ind: pd.Series) -> bool:
    """Whether an area's value may be compared with the gemeente's (not for counts)."""
    return ind.get("aggregatie") != "som"


def _zelfde_gebied_tekst(ander: str, naam: str, indeling: str, reden: str) -> str:
    """'wijkindeling 2019, waarin Zonnehof hetzelfde gebied is als Nederberg (overlap 0,93, ...)'."""
    als = "" if ander == naam else f" als {naam}"
    return f"{indeling_label(indeling)}, waarin {ander} hetzelfde gebied is{als} ({reden})"


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
            tekst = _zelfde_gebied_tekst(ander, naam, str(i), str(r["reden"]))
            notities.append(f"Cijfers van {jaren} komen uit de {tekst}; ze tellen mee in de "
                            f"ontwikkeling en de laatste cijfers van {naam}.")
        else:
            notities.append(
                f"Cijfers van {jaren} over {_label_ander_gebied(ander, str(i))} tellen niet mee: "
                f"dat gebied heeft andere grenzen dan {naam} in de {indeling_label(g_indeling)} "
                f"({r['reden']}).")
    return notities


def _gebied_paren(db: Warehouse, g_code: str, g_indeling: str
                  ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(the area and the same areas of other indelingen, changed areas that share most of it).

    A changed area counts only in an indeling where the area has no same area (a predecessor);
    next to a same area it is a neighbour.
    """
    verg = db.vergelijkbaarheid(g_code, g_indeling)
    same = verg[verg["vergelijkbaar"].astype(bool)]
    paren = [(g_code, g_indeling)] + list(zip(same["gebied_code"], same["indeling"], strict=True))
    groot = verg[~verg["vergelijkbaar"].astype(bool) & (verg["iou"] >= MIN_IOU_EIGEN_REEKS)
                 & ~verg["indeling"].isin(set(same["indeling"]))]
    return paren, list(zip(groot["gebied_code"], groot["indeling"], strict=True))


def _een_per_jaar(facts: pd.DataFrame, g_indeling: str) -> pd.DataFrame:
    """One figure per indicator and year: the area's own indeling wins over a comparable
    predecessor. Sorted by indicator_code, jaar."""
    out = facts.assign(_eigen=facts["indeling"] == g_indeling)
    out = out.sort_values(["indicator_code", "jaar", "_eigen"]).drop_duplicates(
        ["indicator_code", "jaar"], keep="last")
    return out.drop(columns="_eigen")


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
    _, andere = _gebied_paren(db, g_code, g_indeling)
    return [(_label_ander_gebied(gebied_naam(db, c, "wijk", i), i), c, i) for c, i in andere]


def _label_ander_gebied(naam: str, indeling: str) -> str:
    """'Soesterkwartier (wijkindeling 2019)': an area of another indeling, named as such."""
    return f"{naam} ({indeling_label(indeling)})"


# -- wijkprofiel -------------------------------------------------------------------------------


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


def effecten(db: Warehouse) -> dict[str, str]:
    """The maatschappelijke effecten (A-E) of the goal tree, in order: code -> naam."""
    def compute() -> dict[str, str]:
        d = db.doelen()
        me = d[d["soort"] == "maatschappelijk effect"].sort_values(["volgorde", "doel_code"])
        return dict(zip(me["doel_code"], me["naam"], strict=True))

    return dict(afgeleid(db, "effecten", compute))


def indicator_effecten(db: Warehouse) -> dict[str, tuple[str, ...]]:
    """Per indicator the maatschappelijke effecten it serves, in the effects' order.

    An indicator linked to an effect itself counts for it; one linked to a richtinggevend doel
    for that goal's effect (parent_code); transformatiedoelen have no effect.
    """
    def compute() -> dict[str, tuple[str, ...]]:
        d = db.doelen()
        orde = {c: i for i, c in enumerate(effecten(db))}
        parent = dict(zip(d["doel_code"], d["parent_code"], strict=True))
        uit: dict[str, tuple[str, ...]] = {}
        for code, rij in _catalogus(db).rij_dict.items():
            gevonden = set()
            for doel in str(rij.get("doelen") or "").split("|"):
                if doel in orde:
                    gevonden.add(doel)
                elif parent.get(doel) in orde:
                    gevonden.add(parent[doel])
            uit[code] = tuple(sorted(gevonden, key=orde.__getitem__))
        return uit

    return afgeleid(db, "indicator_effecten", compute)


def _reeks(rijen: list[dict[str, Any]]) -> Reeks:
    return tuple((int(r["jaar"]), float(r["waarde"])) for r in sorted(rijen, key=lambda r: r["jaar"])
                 if r["status"] == fmt.STATUS_WAARDE and fmt.is_getal(r["waarde"]))


def wijkprofiel(db: Warehouse, g_code: str, g_indeling: str, niveau: str,
                gemeente: str) -> pd.DataFrame:
    """Every indicator with a figure for this area: its latest figure against the gemeente.

    Kept like a query result (per warehouse version; not when the query cache is off).
    """
    return _per_query_cache(
        db, ("wijkprofiel", g_code, g_indeling, gemeente),
        lambda: _wijkprofiel(db, g_code, g_indeling, gemeente)).copy(deep=False)


def _wijkprofiel(db: Warehouse, g_code: str, g_indeling: str, gemeente: str) -> pd.DataFrame:
    facts = _profiel_cijfers(db, g_code, g_indeling)
    if facts.empty:
        return pd.DataFrame(columns=PROFIEL_KOLOMMEN)
    facts = _een_per_jaar(facts[facts["zelfde_gebied"]], g_indeling)
    gem_rij: dict[tuple[str, int], dict[str, Any]] = {}
    gem_reeks: dict[str, list[dict[str, Any]]] = {}
    for r in _gemeente_per_jaar(db, facts, gemeente).to_dict("records"):
        gem_rij[(r["indicator_code"], r["jaar"])] = r
        gem_reeks.setdefault(r["indicator_code"], []).append(r)
    cat = _catalogus(db).rij_dict
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
    volgorde = {t: i for i, t in enumerate(_catalogus(db).themas)}
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
    paren, andere = _gebied_paren(db, g_code, g_indeling)
    alle = paren + andere
    facts = db.gebied_cijfers(tuple(sorted({c for c, _ in alle})), tuple(sorted({i for _, i in alle})))
    paar = list(zip(facts["gebied_code"], facts["indeling"], strict=True))
    gezocht = set(alle)
    # a boolean Series (a plain empty list would select columns, not rows)
    facts = facts[pd.Series([p in gezocht for p in paar], index=facts.index, dtype=bool)]
    paar = list(zip(facts["gebied_code"], facts["indeling"], strict=True))
    return facts.assign(
        zelfde_gebied=[p in set(paren) for p in paar],
        cijfer_gebied=[None if p == (g_code, g_indeling) else _label_ander_gebied(str(n), p[1])
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
    return _per_query_cache(
        db, ("wijkprofiel_reeksen", g_code, g_indeling, gemeente),
        lambda: _wijkprofiel_reeksen(db, g_code, g_indeling, gemeente)).copy(deep=False)


def _wijkprofiel_reeksen(db: Warehouse, g_code: str, g_indeling: str, gemeente: str) -> pd.DataFrame:
    facts = _profiel_cijfers(db, g_code, g_indeling)
    if facts.empty:
        return pd.DataFrame(columns=REEKS_KOLOMMEN)
    zelfde = _een_per_jaar(facts[facts["zelfde_gebied"]], g_indeling)
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


# -- monitor table -----------------------------------------------------------------------------


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


NIET_IN_MONITOR = "niet in monitor"  # dim_indicator.monitor_status of indicators outside the monitor
MONITOR_KOLOMMEN = [
    "indicator_code", "naam", "thema", "eenheid", "gewenste_richting", "bron", "definitie",
    "toelichting", "doelen", "trend", "trend_jaar", "trend_vorig_jaar", "trend_methode",
    "nl_vergelijking", "nl_jaar", "nl_waarde", "nl_methode", "monitor_status", "in_tabel", "decimalen",
]


def _oordelen(ind: dict[str, Any], reeks: list[dict[str, Any]],
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
    ontbrekend = cat[cat["monitor_status"] == "geen nieuwe cijfers"]
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
        t, _laatste, (nl_oordeel, nl_jaar, nl_waarde) = _oordelen(ind, reeks, nl_rij)
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


# -- start page: Amersfoort in één oogopslag ---------------------------------------------------

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
    eigen = eigen[eigen["monitor_status"] != "niet in monitor"]
    uit_kern = [c for c in sorted(eigen["code"], key=lambda c: kern.get(c, 0)) if c in kern]
    kandidaten = uit_kern or list(eigen["code"].iloc[:MAX_PER_DOEL])  # chapter order
    return kandidaten, len(eigen) - len(kandidaten), bool(uit_kern)


def _overzicht(db: Warehouse, gemeente: str, nederland: str) -> Overzicht:
    cat = _catalogus(db).geordend
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
    cat = _catalogus(db).rij_dict
    out = {}
    for code in codes:
        ind = cat[code]
        reeks = sorted(per_code.get(code, []), key=lambda r: r["jaar"])
        t, laatste, (nl, _nl_jaar, nl_waarde) = _oordelen(ind, reeks, nl_rij)
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


# -- uitvoeringsprogramma's: what runs against a goal, in a wijk, by word ---------------------

# A search is a few words: more are ignored (each word is one query on the small action table).
ZOEK_MAX_WOORDEN = 5
ZOEK_MAX_TEKENS = 200
_ZOEKWOORD = re.compile(r"[^\W_]+")  # letters and digits: punctuation separates words
_ACTIE_KOLOMMEN = [
    "actie_code", "titel", "partners", "locatie", "periode", "resultaat_code", "resultaat",
    "resultaat_periode", "onderdeel_code", "onderdeel_nummer", "kop", "pad", "programma_code",
    "programma_naam", "programma_periode", "wijken", "wijk_namen", "doelen",
]  # fmt: skip


@dataclass(frozen=True)
class ProgrammaDoel:
    """What the programmes do about one goal, next to the indicators that measure it."""

    doel_code: str
    doel_naam: str
    doelen: tuple[str, ...]  # the goal and its child goals, as matched
    resultaten: pd.DataFrame  # one row per result: ..., gekoppeld ('|' goals), redenen
    acties: pd.DataFrame  # one row per action: _ACTIE_KOLOMMEN, gekoppeld, redenen
    indicatoren: pd.DataFrame  # indicatoren_in(db, 'doel:<code>')

    @property
    def leeg(self) -> bool:
        return self.resultaten.empty and self.acties.empty


def _per_code(rows: pd.DataFrame, code: str, columns: list[str]) -> pd.DataFrame:
    """One row per result or action from one row per (code, goal): goals and reasons joined."""
    if rows.empty:
        return pd.DataFrame(columns=[*columns, "gekoppeld", "redenen"])
    rows = rows.assign(_reden=rows["doel_code"] + ": " + rows["reden"])
    grouped = rows.groupby(code, sort=False)
    out = grouped[columns].first()
    out["gekoppeld"] = grouped["doel_code"].agg(lambda s: "|".join(dict.fromkeys(s)))
    out["redenen"] = grouped["_reden"].agg(lambda s: "; ".join(dict.fromkeys(s)))
    return out.drop(columns=[code], errors="ignore").reset_index()


def programma_voor_doel(db: Warehouse, doel: str) -> ProgrammaDoel:
    """Results and actions serving a goal or one of its child goals, and its indicators.

    An action serves its own goals and those of its result (v_actie_doel). Raises
    OnbekendeWaarde for a code that is not a goal.
    """
    namen = doel_namen(db)
    if doel not in namen:
        raise OnbekendeWaarde(f"'{doel}' is geen doel.")
    codes = tuple(sorted(_doel_met_kinderen(db.doelen(), doel)))
    resultaat_kolommen = [
        "resultaat_code", "omschrijving", "periode", "onderdeel_code", "onderdeel_nummer", "kop",
        "pad", "programma_code", "programma_naam", "programma_periode",
    ]  # fmt: skip
    return ProgrammaDoel(
        doel_code=doel,
        doel_naam=namen[doel],
        doelen=codes,
        resultaten=_per_code(db.programma_resultaten_voor_doelen(codes), "resultaat_code",
                             resultaat_kolommen),
        acties=_per_code(db.programma_acties_voor_doelen(codes), "actie_code", _ACTIE_KOLOMMEN),
        indicatoren=indicatoren_in(db, f"doel:{doel}"),
    )


def wijk_codes_voor(db: Warehouse, code: str, indeling: str | None = None) -> tuple[str, ...]:
    """The wijk codes an area stands for when looking up actions: the wijk itself, the wijk of
    a buurt, and wijken of other indelingen that are the same area (vergelijkbaar)."""
    codes = {code}
    buurten = _gebieden(db, "buurt").frame
    buurt = buurten[(buurten["gebied_code"] == code)
                    & ((buurten["indeling"] == indeling) if indeling else True)]
    codes |= set(buurt["parent_code"].dropna())
    if indeling:
        for wijk in sorted(codes):
            wijk_indeling = indeling if wijk == code else indeling.replace("buurt", "wijk")
            same = db.vergelijkbaarheid(wijk, wijk_indeling)
            same = same[same["vergelijkbaar"].astype(bool) & same["indeling"].str.startswith("wijk")]
            codes |= set(same["gebied_code"])
    return tuple(sorted(codes))


def acties_in_wijk(db: Warehouse, code: str, indeling: str | None = None) -> pd.DataFrame:
    """The actions that name this wijk (or the wijk of this buurt, or the same area in another
    indeling): 'Lopend in deze wijk'."""
    return db.programma_acties_in_gebieden(wijk_codes_voor(db, code, indeling))[_ACTIE_KOLOMMEN]


def zoek_acties(db: Warehouse, tekst: str) -> pd.DataFrame:
    """Actions matching every word of `tekst` (case-insensitive, at the start of a word) in
    title, partners, place, wijk or section heading. No words: no actions."""
    woorden = list(dict.fromkeys(_ZOEKWOORD.findall((tekst or "")[:ZOEK_MAX_TEKENS].lower())))
    if not woorden:
        return pd.DataFrame(columns=_ACTIE_KOLOMMEN)
    gevonden: pd.DataFrame | None = None
    for woord in woorden[:ZOEK_MAX_WOORDEN]:
        rows = db.programma_acties_zoek(woord)
        gevonden = rows if gevonden is None else gevonden[gevonden["actie_code"].isin(rows["actie_code"])]
    assert gevonden is not None
    return gevonden[_ACTIE_KOLOMMEN].reset_index(drop=True)


def acties_tabel(acties: pd.DataFrame) -> pd.DataFrame:
    """Actions for an export: Dutch headers, lists as text ('; '), the programme's period where
    the action names none."""
    if acties.empty:
        acties = pd.DataFrame(columns=_ACTIE_KOLOMMEN)

    def lijst(kolom: str) -> pd.Series:
        return acties[kolom].fillna("").str.replace("|", "; ", regex=False)

    tabel = pd.DataFrame({
        "Programma": acties["programma_naam"] + " " + acties["programma_periode"],
        "Onderdeel": acties["pad"],
        "Beoogd resultaat": acties["resultaat"],
        "Actie": acties["titel"],
        "Partners": lijst("partners"),
        "Wijken": lijst("wijk_namen"),
        "Wijkcodes": lijst("wijken"),
        "Locatie": lijst("locatie"),
        "Periode": acties["periode"].fillna(acties["resultaat_periode"]).fillna(
            "looptijd programma (" + acties["programma_periode"] + ")"),
        "Doelen": lijst("doelen"),
        "Code": acties["actie_code"],
    })
    if "redenen" in acties.columns:
        tabel.insert(len(tabel.columns) - 1, "Waarom bij dit doel", acties["redenen"])
    return tabel


# -- moved to app/onderdelen (issue 24); re-exported until callers migrate --------------------
# Lazily (PEP 562): app/onderdelen imports this module, so an eager import here would be a cycle.
_VERHUISD = {
    "app.onderdelen.kaart": ("KaartData", "kaart", "_kaart", "gemeente_heeft_waarde"),
    "app.onderdelen.rangorde": ("rangorde",),
    "app.onderdelen.trend": ("TrendData", "trend", "binnen_getekend", "SOORT_BREUK",
                             "_soort_breuken", "Vergelijking", "vergelijkingen", "_gebied_reeks",
                             "trend_tabel_rijen"),
    "app.onderdelen.uitsplitsing": ("UitsplitsingData", "uitsplitsing"),
}
_VERHUISD_NAAR = {naam: module for module, namen in _VERHUISD.items() for naam in namen}


def __getattr__(naam: str) -> Any:
    """`data.kaart` and the other moved names, from their new module (until callers migrate)."""
    if naam in _VERHUISD_NAAR:
        import importlib

        return getattr(importlib.import_module(_VERHUISD_NAAR[naam]), naam)
    raise AttributeError(f"module {__name__!r} has no attribute {naam!r}")
