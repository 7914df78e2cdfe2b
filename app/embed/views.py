"""What each embed view shows: checked URL parameters in, title, figure, tables and links out.

Pure functions on the Warehouse through app/data.py and app/figures.py: no Flask, no Dash, no SQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from app import data, figures, fmt, profiel
from app.config import Config
from app.profiel import Profiel
from app.queries import KAART_NIVEAUS, Warehouse

# The embedded chart has no title of its own (the page's h1 says it) and little top margin.
EMBED_MARGE_BOVEN = 16
BRON_GRENZEN = "grenzen: CBS/PDOK, Wijk- en buurtkaart"


class GeenWeergave(ValueError):
    """The parameters are valid, but this combination has nothing to show (Dutch message)."""


@dataclass
class Tabel:
    """A table alternative: caption, columns (key, header, numeric), rows of display text."""

    caption: str
    kolommen: list[tuple[str, str, bool]]
    rijen: list[dict[str, str]]
    rij_kop: str
    samenvatting: str = "Tabel bij de grafiek"
    kop: str = ""  # a section heading when the table stands on its own (wijkprofiel)


@dataclass
class Weergave:
    """Everything embed.html renders for one view."""

    soort: str  # kaart | trend | groepen | wijkprofiel
    titel: str
    ondertitel: str
    eenheid: str
    bron: str
    link: str  # the same view in the full dashboard (relative: resolves to the app's origin)
    figuur: dict[str, Any] | None
    grafiek_label: str
    tabellen: list[Tabel]
    notities: list[str] = field(default_factory=list)
    profiel: Profiel | None = None  # the wijkprofiel: rendered by the page's own macros


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
    ind = data.indicator(db, code)
    gebied = p.get("gebied")
    niveau = p.get("niveau") or (data.niveau_van(db, gebied, KAART_NIVEAUS) if gebied else None) or "wijk"
    jaar = int(p["jaar"]) if p.get("jaar") else data.standaard_jaar(db, code, niveau)
    indeling = data.indeling_voor(db, code, jaar, niveau) if jaar is not None else None
    if gebied and (indeling is None or data.niveau_van(db, gebied, (niveau,), indeling) is None):
        waar = f"de {data.indeling_label(indeling)}" if indeling else "deze indeling"
        raise GeenWeergave(f"Het gebied '{gebied}' hoort niet bij {waar}, de indeling van de "
                           f"cijfers van {jaar}. Kies een ander jaar of gebied.")
    return Keuze(ind, jaar, niveau, indeling, gebied)


_AS = re.compile(r"[xy]axis\d*")  # layout keys of the cartesian axes


def _voor_embed(fig: figures.Figuur) -> dict[str, Any]:
    """The figure without its own title and source note (the page has both), no zoom or pan."""
    layout = {k: v for k, v in fig.get("layout", {}).items() if k != "title"}
    layout["dragmode"] = False
    layout["margin"] = {**layout.get("margin", {}), "t": EMBED_MARGE_BOVEN}
    layout["annotations"] = [a for a in layout.get("annotations", [])
                             if not str(a.get("text") or "").startswith("Bron:")]
    for naam in [k for k in layout if _AS.fullmatch(k)]:  # every axis: the trend has yaxis2
        layout[naam] = {**layout[naam], "fixedrange": True}
    return {"data": fig.get("data", []), "layout": layout}


def _bron(ind: pd.Series, *extra: str) -> str:
    return "; ".join([str(ind.get("bron") or "onbekend"), *extra])


# -- the views -----------------------------------------------------------------------------------


def kaart(db: Warehouse, p: dict[str, str], cfg: Config) -> Weergave:
    """The choropleth of one year and level, the chosen area outlined."""
    k = keuze(db, p)
    ind = k.indicator
    if k.jaar is None:
        raise GeenWeergave("Deze indicator heeft nog geen cijfers.")
    kd = data.kaart(db, ind["code"], k.jaar, k.niveau, cfg.gemeente)
    enkel = data.NIVEAU_ENKELVOUD[k.niveau]
    if not kd.heeft_cijfers:
        wel = (f"; wel voor {', '.join(map(str, kd.andere_jaren))}" if kd.andere_jaren else "")
        raise GeenWeergave(f"Voor {k.jaar} zijn er geen cijfers van deze indicator per {enkel}{wel}.")
    if kd.zonder_grenzen:  # figures of an indeling without boundaries (buurten 2020)
        raise GeenWeergave(kd.zonder_grenzen)
    weergave = p.get("weergave") or "waarde"
    if weergave == "verschil" and not kd.vergelijkbaar_met_gemeente:
        raise GeenWeergave("Deze indicator is een aantal: een verschil met de gemeente zegt niets. "
                           "Laat 'weergave=verschil' weg.")
    fig = figures.kaart_figuur(kd, weergave, k.gebied, cfg.basemap_url, cfg.basemap_attribution)
    eenheid = ind["eenheid"]
    gemeente = (f"{kd.gemeente_naam}: "
                f"{fmt.waarde(kd.gemeente_waarde, eenheid, kd.gemeente_status, soort=kd.gemeente_soort)}")
    g = kd.gebieden.sort_values("naam")
    rijen = [{"gebied": str(r.naam), "code": str(r.gebied_code),
              "waarde": fmt.waarde(r.waarde, eenheid, r.status, soort=r.soort),
              "verschil": fmt.verschil(r.verschil, eenheid) if r.status == fmt.STATUS_WAARDE else ""}
             for r in g.itertuples()]
    tabel = Tabel(
        caption=f"{ind['naam']}, {kd.periode_label}, per {enkel}; {gemeente}",
        kolommen=[("gebied", "Gebied", False), ("code", "Code", False), ("waarde", "Waarde", True),
                  ("verschil", f"Verschil met {kd.gemeente_naam}", True)],
        rijen=rijen, rij_kop="gebied", samenvatting="Tabel bij de kaart")
    gekozen = ""
    if k.gebied:
        gekozen = f" Omlijnd: {data.gebied_naam(db, k.gebied, k.niveau, k.indeling)}."
    return Weergave(
        soort="kaart", titel=str(ind["naam"]),
        ondertitel=f"{kd.periode_label}, per {enkel} ({data.indeling_label(kd.indeling)}). {gemeente}.",
        eenheid=fmt.eenheid_label(eenheid), bron=_bron(ind, BRON_GRENZEN),
        link=k.link(weergave=weergave if weergave != "waarde" else None),
        figuur=_voor_embed(fig),
        grafiek_label=(f"Kaart van {ind['naam']} per {enkel}, {kd.periode_label}.{gekozen} "
                       "De tabel hieronder geeft de waarde van elk gebied."),
        tabellen=[tabel])


def trend(db: Warehouse, p: dict[str, str], cfg: Config) -> Weergave:
    """The development of the area (if chosen), the gemeente and the comparison areas."""
    k = keuze(db, p)
    ind = k.indicator
    td = data.trend(db, ind["code"], cfg.gemeente, cfg.referenties, k.gebied_tuple)
    if td.reeksen.empty:
        raise GeenWeergave("Deze indicator heeft geen totaalcijfers, alleen een uitsplitsing "
                           "naar groepen: gebruik /embed/groepen.")
    eenheid = ind["eenheid"]
    rijen = data.trend_tabel_rijen(td)
    tabel = Tabel(
        caption=(f"{ind['naam']} ({fmt.eenheid_label(eenheid)}); * = significant verschil met de "
                 "vorige meting; tussen haakjes het 95%-betrouwbaarheidsinterval; – = geen cijfer"),
        kolommen=[("jaar", "Jaar", False)] + [(n, n, True) for n in td.volgorde],
        rijen=rijen, rij_kop="jaar", samenvatting="Tabel bij de ontwikkeling")
    notities = []
    eerste = td.volgorde[0] if td.volgorde else None
    if eerste and td.oordelen[eerste].jaar is not None:
        t = td.oordelen[eerste]
        notities.append(f"{eerste}, {t.vorig_jaar} → {t.jaar}: {t.oordeel}.")
    notities += list(td.notities)
    notities += [f"Breuk in de reeks vóór {b}: {reden}." for b, reden in td.breuken]
    wie = ", ".join(td.volgorde)
    return Weergave(
        soort="trend", titel=str(ind["naam"]), ondertitel=f"Ontwikkeling door de jaren: {wie}.",
        eenheid=fmt.eenheid_label(eenheid), bron=_bron(ind), link=k.link(),
        figuur=_voor_embed(figures.trend_figuur(td)),
        grafiek_label=(f"Lijngrafiek van {ind['naam']} door de jaren voor {wie}. "
                       "De tabel hieronder geeft alle cijfers."),
        tabellen=[tabel], notities=notities)


def groepen(db: Warehouse, p: dict[str, str], cfg: Config) -> Weergave:
    """The breakdown by group (opleiding, geslacht, leeftijd, ...), optionally one dimension."""
    k = keuze(db, p)
    ind = k.indicator
    if k.jaar is None:
        raise GeenWeergave("Deze indicator heeft nog geen cijfers.")
    ud = data.uitsplitsing(db, ind["code"], k.jaar, cfg.gemeente, k.gebied_tuple)
    if ud.groepen.empty:
        raise GeenWeergave(ud.notitie)
    groep = p.get("groep")
    if groep:
        sel = ud.groepen[ud.groepen["dimensie"] == groep].reset_index(drop=True)
        if sel.empty:
            raise GeenWeergave(f"Voor {ud.gebied_naam} in {ud.periode_label} is er geen "
                               f"uitsplitsing naar '{groep}'.")
        ud = replace(ud, groepen=sel)
    eenheid = ind["eenheid"]
    g = ud.groepen
    rijen = [{"dimensie": str(r.dimensie), "groep": str(r.groep),
              "waarde": fmt.waarde(r.waarde, eenheid, r.status, soort=getattr(r, "soort", None))
              + (" *" if r.significant is True else "")}
             for r in g.itertuples()]
    tabel = Tabel(
        caption=f"{ind['naam']}, {ud.gebied_naam}, {ud.periode_label}",
        kolommen=[("dimensie", "Uitsplitsing", False), ("groep", "Groep", False),
                  ("waarde", "Waarde", True)],
        rijen=rijen, rij_kop="groep", samenvatting="Tabel bij de uitsplitsing")
    dimensies = ", ".join(dict.fromkeys(str(d) for d in g["dimensie"]))
    fig = figures.uitsplitsing_figuur(ud)
    if g["dimensie"].nunique() == 1:  # the subtitle names the one dimension: narrow labels
        for trace in fig["data"]:
            if trace.get("y") is not None and len(trace["y"]) == 2:
                trace["y"] = list(trace["y"][1])
    return Weergave(
        soort="groepen", titel=str(ind["naam"]),
        ondertitel=f"{ud.gebied_naam}, {ud.periode_label}, naar {dimensies}.",
        eenheid=fmt.eenheid_label(eenheid), bron=_bron(ind), link=k.link(),
        figuur=_voor_embed(fig),
        grafiek_label=(f"Staafdiagram van {ind['naam']} naar {dimensies} voor {ud.gebied_naam}, "
                       f"{ud.periode_label}. De tabel hieronder geeft alle cijfers."),
        tabellen=[tabel], notities=[ud.notitie] if ud.notitie else [])


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
        ondertitel=(f"{data.indeling_label(hoofd.indeling)}: wat opvalt in de laatste cijfers, "
                    f"vergeleken met {prof.gemeente.naam}."),
        eenheid="", bron="per indicator in het volledige wijkprofiel",
        link=pagina.link(prof, volledig="1"), figuur=None, grafiek_label="", tabellen=[],
        profiel=prof)


WEERGAVEN: dict[str, Callable[[Warehouse, dict[str, str], Config], Weergave]] = {
    "kaart": kaart, "trend": trend, "groepen": groepen, "wijkprofiel": wijkprofiel,
}
