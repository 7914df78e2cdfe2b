"""The one view state of the Verkenner, the embeds and the downloads, with its rules.

A view is an indicator, a year, a level with the year's division (indeling), an area, a
colouring (weergave) and, for a breakdown, a group dimension. This module holds their
defaults and rules once: the latest year with figures, an area valid in the year's division,
what a change of theme, indicator, year or level does to the other choices. It parses a view
from a URL's parameters, writes it back (`url_params`, `search`, `link`) and keeps it in the
Verkenner's state store (`naar_store`, and `uit_store`, which refuses a store it did not write).

Two ways to read a URL: `bepaal` (the Verkenner) corrects what does not fit and says so in
Dutch; `voor_weergave` (an embed, a download) refuses it with `GeenGeldigeKeuze`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from app import catalogus, gebieden, urlstate
from app.cache import afgeleid
from app.queries import KAART_NIVEAUS, Warehouse

# The Verkenner's URL parameters, in the order a link writes them (docs/app.md).
VERKENNER_PARAMS = ("thema", "doel", "indicator", "jaar", "niveau", "gebied", "weergave")
# How the map is coloured: by the value, or by the difference with the gemeente.
WEERGAVEN = (("waarde", "Waarde"), ("verschil", "Verschil met de gemeente"))
# Old links: the Verkenner lived at '/' before the start page took that address; a link there
# with any of its parameters is still the Verkenner's (app/params.py sends it on, 308).
OUDE_PADEN = ("/",)
STANDAARD_NIVEAU = "wijk"
STANDAARD_WEERGAVE = "waarde"
# The controls a user changes in the Verkenner; None is a URL (a link, back or forward).
TRIGGERS = ("keuze", "indicator", "jaar", "niveau", "gebied", "weergave")


class OngeldigeStaat(ValueError):
    """A state store the Wijkmonitor did not write (a tampered or stale request)."""


class GeenGeldigeKeuze(ValueError):
    """A view an embed or download cannot show; the message says why, in Dutch."""


@dataclass(frozen=True)
class ViewState:
    """One view: what is chosen, after the rules have been applied."""

    indicator: str
    jaar: int | None = None
    niveau: str = STANDAARD_NIVEAU
    indeling: str | None = None  # the division of the year's figures at this level
    gebied: str | None = None  # an area of that division, or None (the map alone)
    weergave: str = STANDAARD_WEERGAVE
    keuze: str | None = None  # 'thema:X' or 'doel:Y': what the indicator list is narrowed to
    groep: str | None = None  # the breakdown dimension (the group embed)
    versie: str = ""  # the warehouse version the state was made in (cache keys, stale pages)

    @property
    def gebied_tuple(self) -> tuple[str, str, str] | None:
        """(area, indeling, level) of the chosen area, or None without one."""
        if self.gebied and self.indeling:
            return (self.gebied, self.indeling, self.niveau)
        return None

    def url_params(self) -> dict[str, Any]:
        """The Verkenner's URL parameters of this view (the default colouring left out)."""
        soort, _, waarde = (self.keuze or "").partition(":")
        return {
            "thema": waarde if soort == "thema" else None,
            "doel": waarde if soort == "doel" else None,
            "indicator": self.indicator,
            "jaar": self.jaar,
            "niveau": self.niveau,
            "gebied": self.gebied,
            "weergave": self.weergave if self.weergave != STANDAARD_WEERGAVE else None,
        }

    def search(self) -> str:
        """The Verkenner's query string of this view ('?indicator=…&jaar=…')."""
        return urlstate.search(self.url_params(), VERKENNER_PARAMS)

    def link(self, **extra: Any) -> str:
        """The Verkenner opened on this view's indicator, year, level and area (an embed's
        'open in de Wijkmonitor' link), with `extra` parameters appended."""
        items = [("indicator", self.indicator), ("jaar", self.jaar), ("niveau", self.niveau),
                 ("gebied", self.gebied), *extra.items()]
        return "/verkenner?" + urlencode([(k, v) for k, v in items if v not in (None, "")])

    def naar_store(self) -> dict[str, Any]:
        """The state as the Verkenner keeps it in its store (JSON: plain values)."""
        return {k: getattr(self, k) for k in SLEUTELS}

    def vervang(self, **wijzigingen: Any) -> ViewState:
        return dataclasses.replace(self, **wijzigingen)


def is_oude_link(pad: str, namen: Iterable[str]) -> bool:
    """Whether a request for `pad` with these parameter names is an old link to the Verkenner."""
    return pad in OUDE_PADEN and any(naam in VERKENNER_PARAMS for naam in namen)


# -- the store ---------------------------------------------------------------------------------
# The Verkenner keeps its state in a dcc.Store that every callback request sends back; a request
# can carry anything there, so the store is checked key by key before a callback reads it
# (app/verzoekcontrole.py answers a wrong one with a Dutch 400).

# Longest text a state holds: a code, or 'thema:'/'doel:' with a theme's name (the longest real
# one has about 40 characters); the store is written by the server, so anything longer is forged.
MAX_TEKST = 200
# A year as the links have it (app/params.py: four digits).
JAAR_MIN, JAAR_MAX = 1000, 9999
_TOON = 40  # a forged key is echoed up to this length


@dataclass(frozen=True)
class Veld:
    """One key of the state: what its value must be (Dutch, for the message) and the test."""

    moet: str
    past: Callable[[Any], bool]


def _tekst(waarde: Any) -> bool:
    return isinstance(waarde, str) and 0 < len(waarde) <= MAX_TEKST


def _tekst_of_niets(waarde: Any) -> bool:
    return waarde is None or (isinstance(waarde, str) and len(waarde) <= MAX_TEKST)


def _jaar_of_niets(waarde: Any) -> bool:
    # bool is an int in Python, and 2024.0 or '2024' is not what the server wrote
    return waarde is None or (type(waarde) is int and JAAR_MIN <= waarde <= JAAR_MAX)


def _een_van(keuzes: tuple[str, ...]) -> Callable[[Any], bool]:
    return lambda waarde: isinstance(waarde, str) and waarde in keuzes


# The state `bepaal` writes to the store (ViewState.naar_store): exactly these keys, in this order.
VELDEN: dict[str, Veld] = {
    "keuze": Veld("een thema, een doel of leeg", _tekst_of_niets),
    "indicator": Veld("een indicatorcode", _tekst),
    "jaar": Veld(f"een jaartal als getal ({JAAR_MIN}-{JAAR_MAX}) of leeg", _jaar_of_niets),
    "niveau": Veld(" of ".join(KAART_NIVEAUS), _een_van(KAART_NIVEAUS)),
    "indeling": Veld("een indeling of leeg", _tekst_of_niets),
    "gebied": Veld("een gebiedscode of leeg", _tekst_of_niets),
    "weergave": Veld(" of ".join(dict(WEERGAVEN)), _een_van(tuple(dict(WEERGAVEN)))),
    "versie": Veld("de versie van de gegevens", _tekst),
}
SLEUTELS = tuple(VELDEN)


def _toon(naam: str) -> str:
    naam = "".join(ch if ch.isprintable() else "\ufffd" for ch in naam)
    return naam if len(naam) <= _TOON else naam[:_TOON] + "…"


def staat_uit_store(data: Any) -> dict[str, Any]:
    """The state in the Verkenner's store, checked: exactly SLEUTELS, each of its declared kind.

    Raises OngeldigeStaat naming the first key that is missing, unknown or of the wrong kind. The
    page always sends the store with the state it wrote (the layout fills it), so no store (None)
    is as wrong as a broken one. Whether the codes exist is `bepaal`'s business.
    """
    if not isinstance(data, dict):
        raise OngeldigeStaat("De opgeslagen weergave van de verkenner ontbreekt of is geen "
                             "verzameling keuzes.")
    for sleutel in SLEUTELS:
        if sleutel not in data:
            raise OngeldigeStaat(f"De opgeslagen weergave mist '{sleutel}'.")
    onbekend = sorted(str(k) for k in data if k not in VELDEN)
    if onbekend:
        raise OngeldigeStaat(f"De opgeslagen weergave bevat het onbekende onderdeel "
                             f"'{_toon(onbekend[0])}'.")
    for sleutel, veld in VELDEN.items():
        if not veld.past(data[sleutel]):
            raise OngeldigeStaat(f"In de opgeslagen weergave moet '{sleutel}' {veld.moet} zijn.")
    return {sleutel: data[sleutel] for sleutel in SLEUTELS}


def onbekend_in_store(db: Warehouse, state: ViewState) -> str | None:
    """What a well-formed store names that this warehouse does not hold (an indicator, a theme or
    goal, an area of its division), in Dutch; None when everything exists. A store is written by
    the page from this warehouse, so an unknown code is a forged or outdated request."""
    if state.indicator not in catalogus.indicator_codes(db):
        return f"De opgeslagen weergave noemt een indicator die niet bestaat: '{_toon(state.indicator)}'."
    if state.keuze and not catalogus.keuze_bestaat(db, state.keuze):
        return f"De opgeslagen weergave noemt een thema of doel dat niet bestaat: '{_toon(state.keuze)}'."
    if state.gebied and not (state.indeling and gebieden.gebied_bestaat(
            db, state.gebied, state.indeling, state.niveau)):
        return f"De opgeslagen weergave noemt een gebied dat niet bestaat: '{_toon(state.gebied)}'."
    return None


def uit_store(store: Any) -> ViewState:
    """The state the Verkenner stored, checked by staat_uit_store (OngeldigeStaat otherwise)."""
    return ViewState(**staat_uit_store(store))


# -- the Verkenner: correct and explain ---------------------------------------------------------


def keuze_uit(params: Mapping[str, Any]) -> str | None:
    """The theme or goal a URL narrows the indicators to ('doel' before 'thema')."""
    if params.get("doel"):
        return f"doel:{params['doel']}"
    if params.get("thema"):
        return f"thema:{params['thema']}"
    return params.get("keuze") or None


def standaard_indicator(db: Warehouse, keuze: str | None) -> str:
    """The indicator a theme or goal (or the whole catalogue) opens on."""
    def bepaal() -> str:
        cat = catalogus.indicatoren_in(db, keuze)
        if cat.empty:
            cat = db.indicatoren()
        if cat.empty:
            raise catalogus.OnbekendeWaarde("Het warehouse bevat nog geen indicatoren.")
        return catalogus.standaard_indicator(cat)

    return afgeleid(db, ("standaard_indicator", keuze), bepaal)


# Whether the gemeente has a value (not a status) of an indicator in a year: one rule, in
# app/gebieden.py (a lookup per warehouse version), for this module and the map.
gemeente_heeft_waarde = gebieden.gemeente_heeft_waarde


def verschil_reden(db: Warehouse, code: str, jaar: int | None, gemeente: str) -> str:
    """Why 'Verschil met de gemeente' cannot colour the map for this indicator and year
    ('' when it can): a count, or a year without a gemeente figure."""
    if not catalogus.is_vergelijkbaar(catalogus.indicator(db, code)):
        return "Deze indicator is een aantal: een verschil met de gemeente zegt niets."
    if jaar is not None and not gemeente_heeft_waarde(db, code, jaar, gemeente):
        return (f"{gebieden.gebied_naam(db, gemeente)} heeft voor {jaar} geen cijfer: een verschil "
                "met de gemeente is niet te berekenen.")
    return ""


def bepaal(db: Warehouse, params: Mapping[str, Any], gemeente: str,
           vorige: ViewState | None = None, trigger: str | None = None
           ) -> tuple[ViewState, list[str]]:
    """The Verkenner's view for `params`: checked against the warehouse, defaults filled in, and
    in Dutch what was corrected.

    `trigger` names the control the user changed (TRIGGERS) or None for a URL; it decides which
    dependent choices reset: a new theme or indicator keeps the year only where the map has
    figures for it; a new division keeps the area only where it is the same area.
    """
    meldingen: list[str] = []
    keuze = keuze_uit(params)
    if keuze and not catalogus.keuze_bestaat(db, keuze):
        meldingen.append(f"Het thema of doel '{keuze.partition(':')[2]}' bestaat niet; "
                         "alle indicatoren worden getoond.")
        keuze = None

    code = params.get("indicator")
    in_keuze = afgeleid(db, ("codes_in", keuze),
                             lambda: frozenset(catalogus.indicatoren_in(db, keuze)["code"]))
    if code and code not in catalogus.indicator_codes(db):
        meldingen.append(f"De indicator '{code}' bestaat niet; een andere is gekozen.")
        code = None
    if trigger == "keuze" and code not in in_keuze:
        code = None
    if not code:
        code = standaard_indicator(db, keuze)

    niveau = params.get("niveau") or STANDAARD_NIVEAU
    if niveau not in KAART_NIVEAUS:
        meldingen.append(f"Het gebiedsniveau '{niveau}' bestaat niet; wijken worden getoond.")
        niveau = STANDAARD_NIVEAU

    jaren = gebieden.jaren(db, code)
    jaar = urlstate.as_int(params.get("jaar"))
    if trigger in ("keuze", "indicator"):
        jaar = jaar if (jaar in gebieden.kaart_jaren(db, code, niveau)) else None
    if params.get("jaar") not in (None, "") and jaar not in jaren and trigger is None:
        meldingen.append(f"Voor {params.get('jaar')} zijn er geen cijfers van deze indicator; "
                         "het laatste jaar wordt getoond.")
        jaar = None
    if jaar is None or jaar not in jaren:
        jaar = gebieden.standaard_jaar(db, code, niveau)

    indeling = gebieden.indeling_voor(db, code, jaar, niveau) if jaar is not None else None
    gebied = params.get("gebied") or None
    if gebied and indeling:
        vorige_indeling = vorige.indeling if vorige else None
        if trigger is not None and vorige_indeling and vorige_indeling != indeling:
            gebied = zelfde_gebied(db, gebied, vorige_indeling, indeling, niveau, meldingen)
        if gebied and not gebieden.gebied_bestaat(db, gebied, indeling, niveau):
            meldingen.append(f"Het gebied '{gebied}' bestaat niet in de "
                             f"{gebieden.indeling_label(indeling)}; kies een gebied.")
            gebied = None
    elif gebied and not indeling:
        gebied = None

    weergave = params.get("weergave") or STANDAARD_WEERGAVE
    if weergave not in dict(WEERGAVEN):
        weergave = STANDAARD_WEERGAVE
    if weergave == "verschil":
        reden = verschil_reden(db, code, jaar, gemeente)
        if reden:
            if trigger in (None, "weergave"):
                meldingen.append(f"{reden} De kaart toont de waarden.")
            weergave = STANDAARD_WEERGAVE
    state = ViewState(indicator=code, jaar=jaar, niveau=niveau, indeling=indeling, gebied=gebied,
                      weergave=weergave, keuze=keuze, versie=db.version())
    return state, meldingen


def na_wijziging(vorige: ViewState, trigger: str, waarde: Any) -> dict[str, Any]:
    """The parameters for `bepaal` after the user set one control (`trigger`) to `waarde`:
    the previous view with that one choice changed (the theme or goal kept as 'keuze')."""
    if trigger not in TRIGGERS:
        raise ValueError(f"unknown control {trigger!r}")
    params = vorige.url_params()
    params.pop("thema", None)
    params.pop("doel", None)
    params["keuze"] = vorige.keuze
    params[trigger] = (waarde or None) if trigger == "keuze" else waarde
    return params


def zelfde_gebied(db: Warehouse, code: str, van: str, naar: str, niveau: str,
                  meldingen: list[str]) -> str | None:
    """The area of division `naar` that is the same as `code` in `van` (geo.compare's rule), or
    None with a note saying why no area is chosen."""
    verg = db.vergelijkbaarheid(code, van)
    match = verg[(verg["indeling"] == naar) & verg["vergelijkbaar"].astype(bool)]
    if not match.empty:
        return str(match.iloc[0]["gebied_code"])
    naam = gebieden.gebied_naam(db, code, niveau, van)
    meldingen.append(f"{naam} heeft in de {gebieden.indeling_label(naar)} andere grenzen; "
                     "er is daarom geen gebied gekozen. Kies een gebied op de kaart of in de lijst.")
    return None


# -- embeds and downloads: refuse ---------------------------------------------------------------


def voor_weergave(db: Warehouse, params: Mapping[str, str]) -> ViewState:
    """The view of an embed or download link, whose parameters app/params.py has checked one
    by one: the level defaults to the area's own, the year to the latest with figures, and an
    area outside the year's division is refused (GeenGeldigeKeuze), not dropped."""
    code = params["indicator"]
    gebied = params.get("gebied") or None
    niveau = (params.get("niveau")
              or (gebieden.niveau_van(db, gebied, KAART_NIVEAUS) if gebied else None)
              or STANDAARD_NIVEAU)
    jaar = int(params["jaar"]) if params.get("jaar") else gebieden.standaard_jaar(db, code, niveau)
    indeling = gebieden.indeling_voor(db, code, jaar, niveau) if jaar is not None else None
    if gebied and (indeling is None or gebieden.niveau_van(db, gebied, (niveau,), indeling) is None):
        waar = f"de {gebieden.indeling_label(indeling)}" if indeling else "deze indeling"
        raise GeenGeldigeKeuze(f"Het gebied '{gebied}' hoort niet bij {waar}, de indeling van "
                               f"de cijfers van {jaar}. Kies een ander jaar of gebied.")
    weergave = params.get("weergave") or STANDAARD_WEERGAVE
    return ViewState(indicator=code, jaar=jaar, niveau=niveau, indeling=indeling, gebied=gebied,
                     weergave=weergave, groep=params.get("groep") or None, versie=db.version())

