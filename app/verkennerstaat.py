"""The Verkenner's view state as its store ('verkenner-state') holds it: one check of its shape.

`staat_uit_store` reads the store's JSON from a callback request, or raises OngeldigeStaat with a
Dutch reason; it is meant to move into app/viewstate.py (the typed view state) when that lands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.params import WEERGAVEN
from app.queries import KAART_NIVEAUS

# Longest text a state holds: a code, or 'thema:'/'doel:' with a theme's name (the longest real
# one has about 40 characters); the store is written by the server, so anything longer is forged.
MAX_TEKST = 200
# A year as the links have it (app/params.py: four digits).
JAAR_MIN, JAAR_MAX = 1000, 9999
_TOON = 40  # a forged key is echoed up to this length


class OngeldigeStaat(ValueError):
    """A store value that is not a state the Verkenner wrote; the message is Dutch, for users."""


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


# The state bepaal_state (app/pages/verkenner.py) writes: exactly these keys, in this order.
VELDEN: dict[str, Veld] = {
    "keuze": Veld("een thema, een doel of leeg", _tekst_of_niets),
    "indicator": Veld("een indicatorcode", _tekst),
    "jaar": Veld(f"een jaartal als getal ({JAAR_MIN}-{JAAR_MAX}) of leeg", _jaar_of_niets),
    "niveau": Veld(" of ".join(KAART_NIVEAUS), _een_van(KAART_NIVEAUS)),
    "indeling": Veld("een indeling of leeg", _tekst_of_niets),
    "gebied": Veld("een gebiedscode of leeg", _tekst_of_niets),
    "weergave": Veld(" of ".join(WEERGAVEN), _een_van(WEERGAVEN)),
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
    is as wrong as a broken one. Whether the codes exist is the page's business (bepaal_state).
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
