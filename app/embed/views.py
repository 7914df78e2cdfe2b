"""What each embed view shows: checked URL parameters in, title, figure, tables and links out.

The kinds of view draw their own (app/onderdelen REGISTER: map, trend, breakdown); this module
resolves the choice they draw and keeps the wijkprofiel's. No Flask, no Dash, no SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from app import catalogus, gebieden, profiel
from app.config import Config
from app.onderdelen import register
from app.onderdelen.basis import EMBED_MARGE_BOVEN, Embed, GeenWeergave, Tabel, Weergave, voor_embed
from app.queries import KAART_NIVEAUS, Warehouse

Maker = Callable[[Warehouse, dict[str, str], Config], Weergave]
# Moved to app/onderdelen/basis.py; named here for callers of this module.
__all__ = ["EMBED_MARGE_BOVEN", "GeenWeergave", "Tabel", "Weergave", "voor_embed"]


# -- shared choices ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Keuze:
    """Indicator, year, level, the year's indeling and the chosen area (as the verkenner has them)."""

    indicator: pd.Series
    jaar: int | None
    niveau: str
    indeling: str | None
    gebied: str | None

    @property
    def gebied_tuple(self) -> tuple[str, str, str] | None:
        if self.gebied and self.indeling:
            return (self.gebied, self.indeling, self.niveau)
        return None

    def link(self, **extra: Any) -> str:
        """The verkenner with this view: indicator, year, level and area in its own order."""
        items = [("indicator", self.indicator["code"]), ("jaar", self.jaar),
                 ("niveau", self.niveau), ("gebied", self.gebied)]
        items += list(extra.items())
        return "/verkenner?" + urlencode([(k, v) for k, v in items if v not in (None, "")])


def keuze(db: Warehouse, p: dict[str, str]) -> Keuze:
    """Resolve the view like the verkenner: default year and level; the area in the year's indeling."""
    code = p["indicator"]
    ind = catalogus.indicator(db, code)
    gebied = p.get("gebied")
    niveau = p.get("niveau") or (gebieden.niveau_van(db, gebied, KAART_NIVEAUS) if gebied else None) or "wijk"
    jaar = int(p["jaar"]) if p.get("jaar") else gebieden.standaard_jaar(db, code, niveau)
    indeling = gebieden.indeling_voor(db, code, jaar, niveau) if jaar is not None else None
    if gebied and (indeling is None or gebieden.niveau_van(db, gebied, (niveau,), indeling) is None):
        waar = f"de {gebieden.indeling_label(indeling)}" if indeling else "deze indeling"
        raise GeenWeergave(f"Het gebied '{gebied}' hoort niet bij {waar}, de indeling van de "
                           f"cijfers van {jaar}. Kies een ander jaar of gebied.")
    return Keuze(ind, jaar, niveau, indeling, gebied)


# -- the views -----------------------------------------------------------------------------------


def _van_onderdeel(embed: Embed) -> Maker:
    """The embed view of a registered kind: the choice resolved like the verkenner, then drawn."""
    def maak(db: Warehouse, p: dict[str, str], cfg: Config) -> Weergave:
        return embed.maak(db, keuze(db, p), p, cfg)

    maak.__name__ = maak.__qualname__ = embed.naam
    return maak


def wijkprofiel(db: Warehouse, p: dict[str, str], cfg: Config) -> Weergave:
    """A compact wijkprofiel: the page's summary alone ('Opvallend', counts per effect), with a
    link to the full profile (templates/_profiel.html); one screen at 1366 px."""
    from app.profiel import keuze as pagina  # the profile's area rules and link

    hoofd = pagina.gebied(db, p["gebied"], p.get("indeling"))
    if hoofd is None:
        raise GeenWeergave(f"Het gebied '{p['gebied']}' heeft geen wijkprofiel.")
    thema = p.get("thema")
    prof = profiel.maak(db, hoofd, pagina.gemeente_gebied(db), None, thema, volledig=False,
                        peiljaar=cfg.peiljaar)
    if not prof.rijen:
        raise GeenWeergave(f"Er zijn (nog) geen cijfers voor {hoofd.naam}"
                           + (f" in het thema {thema}." if thema else "."))
    return Weergave(
        soort="wijkprofiel", titel=prof.titel,
        ondertitel=(f"{gebieden.indeling_label(hoofd.indeling)}: wat opvalt in de laatste cijfers, "
                    f"vergeleken met {prof.gemeente.naam}."),
        eenheid="", bron="per indicator in het volledige wijkprofiel",
        link=pagina.link(prof, volledig="1"), figuur=None, grafiek_label="", tabellen=[],
        profiel=prof)


# The embed views that are no kind of the Verkenner's registry: the wijkprofiel (its own page).
EIGEN: dict[str, Maker] = {"wijkprofiel": wijkprofiel}


def maker(naam: str) -> Maker | None:
    """The function that draws /embed/<naam>: a registered kind's (app/onderdelen), or EIGEN's."""
    gevonden = register.embeds().get(naam)
    if gevonden is not None:
        return _van_onderdeel(gevonden[1])
    return EIGEN.get(naam)


def weergaven() -> dict[str, Maker]:
    """Every embed view by name: the registered kinds' in the registry's order, then EIGEN's."""
    return {**{naam: _van_onderdeel(e) for naam, (_, e) in register.embeds().items()}, **EIGEN}


# The kinds' views under their former names (tests and callers of this module).
kaart = _van_onderdeel(register.REGISTER["kaart"].embed)  # type: ignore[arg-type]
trend = _van_onderdeel(register.REGISTER["trend"].embed)  # type: ignore[arg-type]
groepen = _van_onderdeel(register.REGISTER["uitsplitsing"].embed)  # type: ignore[arg-type]
