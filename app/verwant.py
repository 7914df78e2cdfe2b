"""Related indicators with wijk figures, for an indicator that has none (indicator_verwant,
data/meta/verwant.csv): the links the Verkenner, the monitor page and /ontbrekend show alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from app import cache, catalogus
from app.queries import Warehouse

VERKENNER = "/verkenner"


@dataclass(frozen=True)
class Verwijzing:
    """A related indicator that has wijk figures: where to look instead, and why."""

    code: str
    naam: str
    reden: str
    href: str  # the Verkenner with that indicator


def verkenner_link(code: str) -> str:
    """The Verkenner opened on one indicator."""
    return f"{VERKENNER}?{urlencode({'indicator': code})}"


def alle(db: Warehouse) -> dict[str, tuple[Verwijzing, ...]]:
    """indicator code -> its related indicators that have wijk figures, in catalogue order."""
    def compute() -> dict[str, tuple[Verwijzing, ...]]:
        out: dict[str, list[Verwijzing]] = {}
        for r in db.verwant().itertuples():
            if bool(r.verwant_heeft_wijk):
                out.setdefault(str(r.indicator), []).append(
                    Verwijzing(str(r.verwant), str(r.verwant_naam), str(r.reden),
                               verkenner_link(str(r.verwant))))
        return {code: tuple(v) for code, v in out.items()}

    return cache.afgeleid(db, "verwant", compute)


def voor(db: Warehouse, code: str) -> tuple[Verwijzing, ...]:
    """Where to find wijk figures instead, for an indicator without them; () when it has them."""
    try:
        if bool(catalogus.indicator(db, code).get("heeft_wijk")):
            return ()
    except catalogus.OnbekendeWaarde:
        return ()
    return alle(db).get(code, ())
