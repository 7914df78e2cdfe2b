"""The indicator catalogue: indicators, themes in chapter order, goals, effects and search words.

Lookups derived once per warehouse version (app/cache.py) from the catalogue tables the queries
read (app/queries.py); no SQL and no Dash. Raises OnbekendeWaarde for a code it does not hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from app import zoeken
from app.cache import afgeleid
from app.queries import Warehouse
from app.vocab import NIET_IN_MONITOR


class OnbekendeWaarde(ValueError):
    """A URL or control named something the warehouse does not hold."""


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


def doel_met_kinderen(doelen: pd.DataFrame, doel: str) -> set[str]:
    """A goal and its child goals (a maatschappelijk effect and its richtinggevende doelen)."""
    return {doel} | set(doelen.loc[doelen["parent_code"] == doel, "doel_code"])


def _doel_filter(cat: pd.DataFrame, doelen: pd.DataFrame, doel: str) -> pd.DataFrame:
    """The indicators serving a goal or one of its child goals."""
    codes = doel_met_kinderen(doelen, doel)
    return cat[[bool(codes & (set(s.split("|")) - {""})) for s in cat["doelen"]]]


def indicator(db: Warehouse, code: str) -> pd.Series:
    """One row of the catalogue; OnbekendeWaarde for an unknown code."""
    row = _catalogus(db).rij.get(code) if isinstance(code, str) else None
    if row is None:
        raise OnbekendeWaarde(f"De indicator '{code}' bestaat niet in dit warehouse.")
    return row.copy(deep=False)


def indicator_rijen(db: Warehouse) -> dict[str, dict[str, Any]]:
    """code -> its catalogue row as a dict (for loops over many indicators); shared between
    requests, so not to be changed in place."""
    return _catalogus(db).rij_dict


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



def is_vergelijkbaar(ind: pd.Series | dict[str, Any]) -> bool:
    """Whether an area's value may be compared with the gemeente's (not for counts)."""
    return ind.get("aggregatie") != "som"
