"""The wijkprofiel's choice: which area a code and indeling name, what it is compared with, and
the link back to the page. Shared by the page (app/site/wijkprofiel.py) and the embed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from app import gebieden, urlstate
from app.config import settings
from app.queries import Warehouse

PAD = "/wijkprofiel"
PARAMS = ("gebied", "indeling", "thema", "vergelijk", "volledig")
# The levels a wijkprofiel exists for, in the order a code is looked up.
PROFIEL_NIVEAUS = ("wijk", "gebiedscluster", "buurt")


@dataclass(frozen=True)
class Gebied:
    """A chosen area: code, indeling ('vast' for Nederland and the like), level and name."""

    code: str
    indeling: str
    niveau: str | None
    naam: str


class _MetParams(Protocol):
    @property
    def params(self) -> Mapping[str, str]: ...


def standaard_indeling(db: Warehouse, code: str) -> str | None:
    """The profile's indeling for a code without one: the newest wijk indeling, else cluster, buurt."""
    for indeling in reversed(gebieden.indelingen(db, "wijk")):
        if gebieden.niveau_van(db, code, ("wijk",), indeling):
            return indeling
    for niveau in ("gebiedscluster", "buurt"):
        for indeling in reversed(gebieden.indelingen(db, niveau)):
            if gebieden.niveau_van(db, code, (niveau,), indeling):
                return indeling
    return None


def gebied(db: Warehouse, code: str, indeling: str | None) -> Gebied | None:
    """The area of the profile (indeling defaulted), or None when it has none."""
    indeling = indeling or standaard_indeling(db, code)
    niveau = gebieden.niveau_van(db, code, PROFIEL_NIVEAUS, indeling) if indeling else None
    if niveau is None or indeling is None:
        return None
    return Gebied(code, indeling, niveau, gebieden.gebied_naam(db, code, niveau, indeling))


def vergelijk_gebied(db: Warehouse, code: str, hoofd: Gebied) -> Gebied | None:
    """The comparison area: a fixed area (Nederland), else the code in the profile's own indeling,
    a cluster, or the newest indeling that has it."""
    if gebieden.is_vast_gebied(db, code):
        return Gebied(code, "vast", None, gebieden.gebied_naam(db, code))
    if gebieden.niveau_van(db, code, PROFIEL_NIVEAUS, hoofd.indeling):
        return gebied(db, code, hoofd.indeling)
    return gebied(db, code, None)


def gemeente_gebied(db: Warehouse) -> Gebied:
    """The gemeente the profile compares with (settings().gemeente)."""
    code = settings().gemeente
    return Gebied(code, "vast", None, gebieden.gebied_naam(db, code))


def link(p: _MetParams, pad: str = PAD, **extra: str | None) -> str:
    """This view (or its download) with the parameters in their documented order."""
    waarden = {**p.params, **extra}
    return pad + urlstate.search(waarden, PARAMS)
