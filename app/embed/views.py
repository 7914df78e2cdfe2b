"""What each embed view shows: checked URL parameters in, title, figure, tables and links out.

The kinds of view draw their own (app/onderdelen REGISTER: map, trend, breakdown); this module
reads the view a link names (app/viewstate.py) and keeps the wijkprofiel's. No Flask, no Dash, no SQL.
"""

from __future__ import annotations

from collections.abc import Callable

from app import gebieden, profiel
from app import viewstate as vs
from app.config import Config
from app.onderdelen import register
from app.onderdelen.basis import EMBED_MARGE_BOVEN, Embed, GeenWeergave, Tabel, Weergave, voor_embed
from app.queries import Warehouse

Maker = Callable[[Warehouse, dict[str, str], Config], Weergave]
# Moved to app/onderdelen/basis.py; named here for callers of this module.
__all__ = ["EMBED_MARGE_BOVEN", "GeenWeergave", "Tabel", "Weergave", "voor_embed"]


# -- the views -----------------------------------------------------------------------------------


def _van_onderdeel(embed: Embed) -> Maker:
    """The embed view of a registered kind: the view its link names (app/viewstate.py), drawn."""
    def maak(db: Warehouse, p: dict[str, str], cfg: Config) -> Weergave:
        try:
            state = vs.voor_weergave(db, p)
        except vs.GeenGeldigeKeuze as exc:
            raise GeenWeergave(str(exc)) from exc
        return embed.maak(db, state, cfg)

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
