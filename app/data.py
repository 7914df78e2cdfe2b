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

from app import fmt, rules
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
_afgeleid: weakref.WeakKeyDictionary[Warehouse, OrderedDict[Hashable, tuple[tuple, Any]]] = (
    weakref.WeakKeyDictionary())
_afgeleid_lock = threading.Lock()


def afgeleid(db: Warehouse, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` once per warehouse version (file identity) and key; kept while that file is.

    Like the query cache: the value is stored only when the file was not replaced while it
    was computed, and a replaced file (a new signature) recomputes on first use.
    """
    signature = db.signature()
    with _afgeleid_lock:
        per_db = _afgeleid.setdefault(db, OrderedDict())
        hit = per_db.get(key)
        if hit is not None and hit[0] == signature:
            per_db.move_to_end(key)
            return hit[1]
    value = compute()
    if db.signature() == signature:
        with _afgeleid_lock:
            per_db = _afgeleid.setdefault(db, OrderedDict())
            per_db[key] = (signature, value)
            per_db.move_to_end(key)
            while len(per_db) > AFGELEID_MAX:
                per_db.popitem(last=False)
    return value


def _per_query_cache(db: Warehouse, key: Hashable, compute: Callable[[], T]) -> T:
    """Like `afgeleid` for values derived from one indicator's facts: off with the query cache."""
    if db.cache_size <= 0:
        return compute()
    return afgeleid(db, key, compute)


# The levels a wijkprofiel exists for, in the order a code is looked up.
PROFIEL_NIVEAUS = ("wijk", "gebiedscluster", "buurt")


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


def _doel_filter(cat: pd.DataFrame, doelen: pd.DataFrame, doel: str) -> pd.DataFrame:
    """The indicators serving a goal or one of its child goals."""
    codes = {doel} | set(doelen.loc[doelen["parent_code"] == doel, "doel_code"])
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


def _dekking(db: Warehouse, code: str) -> _Dekking:
    return _per_query_cache(db, ("dekking", code), lambda: _maak_dekking(db.dekking(code)))


def _maak_dekking(dekking: pd.DataFrame) -> _Dekking:
    alle: set[int] = set()
    kaart: dict[str, set[int]] = {}
    beste: dict[tuple[int, str], tuple[Any, str]] = {}
    for jaar, niveau, indeling, totaal, aantal in zip(
            dekking["jaar"], dekking["niveau"], dekking["indeling"], dekking["totaal"],
            dekking["aantal"], strict=True):
        alle.add(int(jaar))
        if not bool(totaal):
            continue
        kaart.setdefault(niveau, set()).add(int(jaar))
        key = (int(jaar), niveau)
        # Most figures wins; on a tie the first row (ORDER BY indeling), as a stable sort gives.
        if key not in beste or aantal > beste[key][0]:
            beste[key] = (aantal, str(indeling))
    return _Dekking(sorted(alle), {n: sorted(j) for n, j in kaart.items()},
                    {k: v[1] for k, v in beste.items()}, bool(kaart))


def jaren(db: Warehouse, code: str) -> list[int]:
    """Years with any figure of the indicator (any level, total or breakdown), ascending."""
    return list(_dekking(db, code).jaren)


def heeft_totaal(db: Warehouse, code: str) -> bool:
    """Whether the indicator has any total figure (not only a breakdown)."""
    return _dekking(db, code).heeft_totaal


def kaart_jaren(db: Warehouse, code: str, niveau: str) -> list[int]:
    """Years in which the indicator has total figures at this map level."""
    return list(_dekking(db, code).kaart_jaren.get(niveau, []))


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


# -- map ---------------------------------------------------------------------------------------


@dataclass
class KaartData:
    """Areas of one indeling with their value (or status) in one year, and the gemeente value."""

    indicator: pd.Series
    jaar: int
    niveau: str
    indeling: str | None
    gebieden: pd.DataFrame  # gebied_code, naam, geometry, label_lon/lat, waarde, status, verschil...
    gemeente_naam: str
    gemeente_waarde: float | None
    gemeente_status: str
    periode_label: str
    heeft_cijfers: bool  # any figure (value or status) at this level in this year
    andere_jaren: list[int] = field(default_factory=list)  # years that do have figures here

    @property
    def vergelijkbaar_met_gemeente(self) -> bool:
        """A rate can be compared with the gemeente; a count (aggregatie 'som') cannot."""
        return is_vergelijkbaar(self.indicator)


def is_vergelijkbaar(ind: pd.Series) -> bool:
    """Whether an area's value may be compared with the gemeente's (not for counts)."""
    return ind.get("aggregatie") != "som"


def gemeente_heeft_waarde(db: Warehouse, code: str, jaar: int, gemeente: str) -> bool:
    """Whether the gemeente has a value (not a status) of this indicator in this year."""
    gem = db.kaartwaarden(code, jaar, "vast")
    gem = gem[(gem["gebied_code"] == gemeente) & (gem["status"] == fmt.STATUS_WAARDE)]
    return not gem.empty and fmt.is_getal(gem.iloc[0]["waarde"])


def kaart(db: Warehouse, code: str, jaar: int, niveau: str, gemeente: str) -> KaartData:
    """Everything the choropleth and its table need."""
    ind = indicator(db, code)
    indeling = indeling_voor(db, code, jaar, niveau)
    gem = db.kaartwaarden(code, jaar, "vast")
    gem = gem[gem["gebied_code"] == gemeente]
    gem_waarde = float(gem.iloc[0]["waarde"]) if not gem.empty and fmt.is_getal(
        gem.iloc[0]["waarde"]) else None
    gem_status = str(gem.iloc[0]["status"]) if not gem.empty else fmt.STATUS_GEEN
    columns = ["gebied_code", "naam", "geometry", "label_lon", "label_lat", "waarde", "ondergrens",
               "bovengrens", "significant", "status", "afgeleid", "periode_label", "verschil"]
    if indeling is None:
        gebieden = pd.DataFrame(columns=columns)
        waarden = db.kaartwaarden(code, jaar, "")
    else:
        geo = db.geometrie(indeling)
        waarden = db.kaartwaarden(code, jaar, indeling)
        gebieden = geo.merge(
            waarden[["gebied_code", "waarde", "ondergrens", "bovengrens", "significant",
                     "status", "afgeleid", "periode_label"]],
            on="gebied_code", how="left",
        )
        gebieden["status"] = gebieden["status"].fillna(fmt.STATUS_GEEN)
        gebieden["waarde"] = pd.to_numeric(gebieden["waarde"], errors="coerce")
        gebieden["verschil"] = (gebieden["waarde"] - gem_waarde) if gem_waarde is not None else None
        gebieden = gebieden[columns]
    periode = (str(waarden.iloc[0]["periode_label"]) if not waarden.empty
               else str(gem.iloc[0]["periode_label"]) if not gem.empty else str(jaar))
    return KaartData(
        indicator=ind, jaar=jaar, niveau=niveau, indeling=indeling, gebieden=gebieden,
        gemeente_naam=gebied_naam(db, gemeente), gemeente_waarde=gem_waarde,
        gemeente_status=gem_status, periode_label=periode, heeft_cijfers=not waarden.empty,
        andere_jaren=kaart_jaren(db, code, niveau),
    )


def rangorde(kd: KaartData) -> tuple[pd.DataFrame, str]:
    """The areas with a value, worst first by the gewenste richting, and how they are ordered.

    'hoger' desired: lowest value first; 'lager' desired: highest first; neutral indicators from
    high to low (no 'worst'). Ties by name. Areas without a value are not ranked.
    """
    g = kd.gebieden[kd.gebieden["status"] == fmt.STATUS_WAARDE]
    richting = kd.indicator.get("gewenste_richting")
    oplopend = richting == rules.HOGER
    g = g.sort_values(["waarde", "naam"], ascending=[oplopend, True], kind="stable")
    if richting == rules.HOGER:
        uitleg = "slechtste eerst: laagste waarde bovenaan (hoger is beter)"
    elif richting == rules.LAGER:
        uitleg = "slechtste eerst: hoogste waarde bovenaan (lager is beter)"
    else:
        uitleg = "van hoog naar laag (geen gewenste richting: hoger is niet beter of slechter)"
    return g.reset_index(drop=True), uitleg


# -- trend -------------------------------------------------------------------------------------


@dataclass
class TrendData:
    """The series of a trend chart and what the chart must say about breaks."""

    indicator: pd.Series
    reeksen: pd.DataFrame  # reeks, gebied_code, indeling, jaar, periode_label, waarde, status, ...
    volgorde: list[str]  # series names, the selected area first
    breuken: list[tuple[int, str]]  # (first year after the break, reason)
    notities: list[str]
    oordelen: dict[str, rules.Trend]  # series name -> trend judgement
    rollen: dict[str, int] = field(default_factory=dict)  # series name -> 0 area, 1 gemeente, 2+


def trend(db: Warehouse, code: str, gemeente: str, referenties: tuple[str, ...],
          gebied: tuple[str, str, str] | None = None) -> TrendData:
    """Series of the selected area (code, indeling, niveau), the gemeente and the references.

    A wijk's series only crosses indelingen where gebied_vergelijkbaarheid says the areas are
    the same (vergelijkbaar); figures of a changed area are left out, with a note and a break.
    """
    ind = indicator(db, code)
    vast = (gemeente, *referenties)
    parts = []
    facts = db.reeksen((code,), vast)
    volgorde: list[str] = []
    notities: list[str] = []
    breuken: list[tuple[int, str]] = [
        (j, "definitie gewijzigd") for j in rules.breuk_jaren(ind["breuk_jaren"])
    ]
    if gebied is not None:
        g_code, g_indeling, g_niveau = gebied
        naam = gebied_naam(db, g_code, g_niveau, g_indeling)
        eigen, extra_notes, wijk_breuken = _gebied_reeks(db, code, g_code, g_indeling, naam)
        parts.append(eigen.assign(reeks=naam))  # also when empty: the chart says so
        volgorde.append(naam)
        notities += extra_notes
        breuken += wijk_breuken
    rollen = {volgorde[0]: 0} if volgorde else {}
    for rol, vcode in enumerate(vast, start=1):
        rows = facts[(facts["gebied_code"] == vcode) & (facts["indeling"] == "vast")]
        naam = gebied_naam(db, vcode)
        if rows.empty:
            continue
        parts.append(rows.assign(reeks=naam))
        volgorde.append(naam)
        rollen[naam] = rol
    reeksen = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["reeks", "gebied_code", "indeling", "jaar", "periode_label", "waarde", "status"])
    for j in rules.periode_breuken(facts[facts["gebied_code"] == gemeente]):
        breuken.append((j, "andere soort periode (bijv. schooljaar in plaats van kalenderjaar)"))
    breuken = sorted(set(breuken))
    oordelen = {}
    for naam in volgorde:
        r = reeksen[reeksen["reeks"] == naam]
        oordelen[naam] = rules.trend(r, ind["gewenste_richting"], ind["eenheid"],
                                     [b for b, _ in breuken])
    return TrendData(ind, reeksen, volgorde, breuken, notities, oordelen, rollen)


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
    for r in td.reeksen.to_dict("records"):
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
        oordeel = rules.vergelijk(rules.meting(ra), rules.meting(rb), ind["eenheid"])
        uit.append(Vergelijking(a, b, jaar, periode, float(ra["waarde"]), float(rb["waarde"]),
                                oordeel, rules.gunstigheid(oordeel.richting,
                                                           ind["gewenste_richting"])))
    return uit


def _gebied_reeks(db: Warehouse, code: str, g_code: str, g_indeling: str,
                  naam: str) -> tuple[pd.DataFrame, list[str], list[tuple[int, str]]]:
    """The series of one area: its own indeling plus comparable areas of other indelingen."""
    verg = db.vergelijkbaarheid(g_code, g_indeling)
    same = verg[verg["vergelijkbaar"].astype(bool)]
    changed = verg[~verg["vergelijkbaar"].astype(bool)]
    paren = [(g_code, g_indeling)] + list(zip(same["gebied_code"], same["indeling"], strict=True))
    codes = tuple(sorted({c for c, _ in paren} | set(changed["gebied_code"])))
    facts = db.reeksen((code,), codes)
    keep = pd.Series(False, index=facts.index)
    for c, i in paren:
        keep |= (facts["gebied_code"] == c) & (facts["indeling"] == i)
    eigen = facts[keep].copy()
    # One figure per year: the area's own indeling wins over a comparable predecessor.
    eigen["_eigen"] = eigen["indeling"] == g_indeling
    eigen = eigen.sort_values(["jaar", "_eigen"]).drop_duplicates("jaar", keep="last")
    eigen = eigen.drop(columns="_eigen")
    notities: list[str] = []
    breuken: list[tuple[int, str]] = []
    uitgesloten = facts[~keep & (facts["indeling"] != g_indeling)]
    uitgesloten = uitgesloten[uitgesloten["indeling"].isin(set(changed["indeling"]))]
    if not uitgesloten.empty:
        jaren_weg = sorted({int(j) for j in uitgesloten["jaar"]})
        indel = sorted(set(uitgesloten["indeling"]))
        eerste_eigen = eigen.loc[eigen["indeling"] == g_indeling, "jaar"]
        if not eerste_eigen.empty:
            breuken.append((int(eerste_eigen.min()), "wijkindeling gewijzigd"))
        notities.append(
            f"Cijfers van {', '.join(map(str, jaren_weg))} ({', '.join(map(indeling_label, indel))})"
            f" gaan over een gebied met andere grenzen dan {naam} in de "
            f"{indeling_label(g_indeling)}; ze staan daarom niet in de lijn."
        )
    return eigen, notities, breuken


# -- breakdown -------------------------------------------------------------------------------


@dataclass
class UitsplitsingData:
    """Figures by group for one area and year."""

    indicator: pd.Series
    gebied_naam: str
    jaar: int | None
    periode_label: str
    groepen: pd.DataFrame  # dimensie, groep, volgorde, waarde, status, ...
    notitie: str


def uitsplitsing(db: Warehouse, code: str, jaar: int, gemeente: str,
                 gebied: tuple[str, str, str] | None = None) -> UitsplitsingData:
    """The breakdown of the selected area if it has one, else of the gemeente.

    Uses the chosen year; when that year has no breakdown, the latest earlier year that has one
    (said in the note).
    """
    ind = indicator(db, code)
    kandidaten: list[tuple[str, str, str | None, str | None]] = []
    if gebied is not None:
        kandidaten.append((gebied[0], gebied[1], gebied[2], gebied[1]))
    kandidaten.append((gemeente, "vast", None, None))
    beschikbaar = db.uitsplitsing_gebieden(code)
    notitie = ""
    for g_code, g_indeling, niveau, indeling in kandidaten:
        if beschikbaar[(beschikbaar["gebied_code"] == g_code)
                       & (beschikbaar["indeling"] == g_indeling)].empty:
            continue
        rows = db.uitsplitsing(code, g_code, g_indeling)
        naam = gebied_naam(db, g_code, niveau, indeling)
        if gebied is not None and g_code != gebied[0]:
            notitie = (f"Voor {gebied_naam(db, gebied[0], gebied[2], gebied[1])} is geen "
                       f"uitsplitsing beschikbaar; hieronder die van {naam}.")
        gekozen = rows[rows["jaar"] == jaar]
        if gekozen.empty:
            eerder = rows[rows["jaar"] <= jaar]
            bron = eerder if not eerder.empty else rows
            laatste = int(bron["jaar"].max())
            gekozen = rows[rows["jaar"] == laatste]
            notitie = (notitie + " " if notitie else "") + (
                f"Voor {jaar} is er geen uitsplitsing; getoond wordt {laatste}.")
        j = int(gekozen["jaar"].iloc[0])
        return UitsplitsingData(ind, naam, j, str(gekozen["periode_label"].iloc[0]),
                                gekozen.reset_index(drop=True), notitie)
    return UitsplitsingData(ind, gebied_naam(db, gemeente), None, "", pd.DataFrame(
        columns=["dimensie", "groep", "volgorde", "waarde", "status"]),
        "Voor deze indicator is geen uitsplitsing naar opleiding, geslacht of leeftijd beschikbaar.")


# -- wijkprofiel -------------------------------------------------------------------------------


PROFIEL_KOLOMMEN = [
    "thema", "indicator_code", "indicator_naam", "eenheid", "gewenste_richting", "jaar",
    "periode_label", "wijk_waarde", "wijk_status", "wijk_significant", "gemeente_waarde",
    "gemeente_status", "verschil", "vergelijking", "gunstig", "trend", "vorig_jaar",
    "vorige_waarde", "bron", "definitie", "toelichting",
]


def wijkprofiel(db: Warehouse, g_code: str, g_indeling: str, niveau: str,
                gemeente: str) -> pd.DataFrame:
    """Every indicator with a figure for this area: its latest figure against the gemeente.

    Kept like a query result (per warehouse version; not when the query cache is off).
    """
    return _per_query_cache(
        db, ("wijkprofiel", g_code, g_indeling, gemeente),
        lambda: _wijkprofiel(db, g_code, g_indeling, gemeente)).copy(deep=False)


def _wijkprofiel(db: Warehouse, g_code: str, g_indeling: str, gemeente: str) -> pd.DataFrame:
    verg = db.vergelijkbaarheid(g_code, g_indeling)
    same = verg[verg["vergelijkbaar"].astype(bool)]
    paren = [(g_code, g_indeling)] + list(zip(same["gebied_code"], same["indeling"], strict=True))
    facts = db.gebied_cijfers(tuple(sorted({c for c, _ in paren})),
                              tuple(sorted({i for _, i in paren})))
    paar_set = set(paren)
    facts = facts[[p in paar_set for p in zip(facts["gebied_code"], facts["indeling"],
                                              strict=True)]]
    if facts.empty:
        return pd.DataFrame(columns=PROFIEL_KOLOMMEN)
    facts = facts.assign(_eigen=facts["indeling"] == g_indeling)
    facts = facts.sort_values(["indicator_code", "jaar", "_eigen"]).drop_duplicates(
        ["indicator_code", "jaar"], keep="last")
    codes = tuple(sorted(facts["indicator_code"].unique()))
    gem = db.reeksen(codes, (gemeente,))
    gem_rij: dict[tuple[str, int], dict[str, Any]] = {}
    for r in gem[gem["indeling"] == "vast"].to_dict("records"):
        gem_rij.setdefault((r["indicator_code"], r["jaar"]), r)
    cat = _catalogus(db).rij_dict
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
        oordeel = rules.vergelijk(wijk_m, gem_m, ind["eenheid"])
        if not is_vergelijkbaar(ind):  # a wijk's count against the city's total: no verdict
            oordeel = rules.Oordeel(rules.ONBEKEND, None, "")
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
        })
    volgorde = {t: i for i, t in enumerate(_catalogus(db).themas)}
    out = pd.DataFrame(rows, columns=PROFIEL_KOLOMMEN)
    out["_t"] = out["thema"].map(volgorde)
    out = out.sort_values(["_t", "indicator_naam"]).drop(columns="_t").reset_index(drop=True)
    return out


# -- monitor table -----------------------------------------------------------------------------


@dataclass
class MonitorTabel:
    """The monitor's indicator table for a theme or goal."""

    titel: str
    rijen: pd.DataFrame  # one row per indicator (code, naam, eenheid, jaren..., trend, nl...)
    jaren: list[int]
    waarden: pd.DataFrame  # long: indicator_code, jaar, waarde, status, significant, periode_label
    ontbrekend: pd.DataFrame  # indicators listed under 'Ontbrekende cijfers'
    gemeente_naam: str
    nl_naam: str


MONITOR_KOLOMMEN = [
    "indicator_code", "naam", "thema", "eenheid", "gewenste_richting", "bron", "definitie",
    "toelichting", "doelen", "trend", "trend_jaar", "trend_vorig_jaar", "trend_methode",
    "nl_vergelijking", "nl_jaar", "nl_waarde", "nl_methode", "monitor_status", "in_tabel",
]


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
        breuken = rules.breuk_jaren(ind["breuk_jaren"]) + rules.periode_breuken_rijen(reeks)
        t = rules.trend_rijen(reeks, ind["gewenste_richting"], ind["eenheid"], breuken)
        gemeten = sorted((r for r in reeks if r["status"] == fmt.STATUS_WAARDE),
                         key=lambda r: r["jaar"])
        nl_oordeel, nl_jaar, nl_waarde = rules.Oordeel(rules.ONBEKEND, None, ""), None, None
        if gemeten:
            laatste = gemeten[-1]
            nl_r = nl_rij.get((ind["code"], laatste["jaar"]))
            if nl_r is not None:
                nl_jaar, nl_waarde = int(laatste["jaar"]), float(nl_r["waarde"])
                nl_oordeel = rules.vergelijk(rules.meting(laatste), rules.meting(nl_r),
                                             ind["eenheid"])
        rows.append({
            "indicator_code": ind["code"], "naam": ind["naam"], "thema": ind["thema"],
            "eenheid": ind["eenheid"], "gewenste_richting": ind["gewenste_richting"],
            "bron": ind["bron"], "definitie": ind["definitie"], "toelichting": ind["toelichting"],
            "doelen": ind["doelen"], "trend": t.oordeel, "trend_jaar": t.jaar,
            "trend_vorig_jaar": t.vorig_jaar, "trend_methode": t.methode,
            "nl_vergelijking": nl_oordeel.richting, "nl_jaar": nl_jaar, "nl_waarde": nl_waarde,
            "nl_methode": nl_oordeel.methode, "monitor_status": ind["monitor_status"],
            "in_tabel": bool(ind["in_tabel"]),
        })
    jaren_lijst = sorted({int(j) for j in gem["jaar"]})
    return MonitorTabel(
        titel=titel, rijen=pd.DataFrame(rows, columns=MONITOR_KOLOMMEN), jaren=jaren_lijst,
        waarden=gem.reset_index(drop=True), ontbrekend=ontbrekend.reset_index(drop=True),
        gemeente_naam=gebied_naam(db, gemeente), nl_naam=gebied_naam(db, nederland),
    )


def trend_tabel_rijen(td: TrendData) -> list[dict[str, str]]:
    """The trend as table rows: one per year, a column per series, values in Dutch notation.

    A significant value gets ' *', an interval '(lo–hi)'; a year printed as a school year or
    peildatum takes that label. Shared by the verkenner and the /embed/trend view.
    """
    eenheid = td.indicator["eenheid"]
    eerste: dict[tuple[str, int], dict[str, Any]] = {}  # (series, year) -> its first row
    for rec in td.reeksen.to_dict("records"):
        eerste.setdefault((rec["reeks"], int(rec["jaar"])), rec)
    rijen = []
    for jaar in sorted({j for _, j in eerste}):
        rij = {"jaar": str(jaar)}
        for naam in td.volgorde:
            h = eerste.get((naam, jaar))
            if h is None:
                rij[naam] = "–"
                continue
            tekst = fmt.waarde(h["waarde"], eenheid, h["status"])
            if h.get("significant") is True:
                tekst += " *"
            if fmt.is_getal(h.get("ondergrens")) and fmt.is_getal(h.get("bovengrens")):
                tekst += f" ({fmt.getal(h['ondergrens'])}–{fmt.getal(h['bovengrens'])})"
            rij[naam] = tekst
            if h["periode_label"] and str(h["periode_label"]) != str(jaar):
                rij["jaar"] = str(h["periode_label"])
        rijen.append(rij)
    return rijen
