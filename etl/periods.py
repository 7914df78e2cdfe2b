"""Period kinds of the extracts: how a year column is to be read, and its display label.

See docs/extracts.md, section periode_soort.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from etl.values import excerpt

DEFAULT_PEILDAG = "1 januari"
MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
PEILDAG = re.compile(rf"^(?:[1-9]|[12]\d|3[01]) (?:{'|'.join(MAANDEN)})$")

_LABELS: dict[str, Callable[[int], str]] = {
    "jaar": lambda j: f"{j}",
    "schooljaar": lambda j: f"schooljaar {j}-{j + 1}",
    "gemiddelde_2jaar": lambda j: f"gemiddelde {j - 1} en {j}",
    "gemiddelde_2schooljaren": lambda j: f"gemiddelde schooljaren {j - 1}-{j} en {j}-{j + 1}",
    "peildatum": lambda j: f"peildatum {DEFAULT_PEILDAG} {j}",
    "prognose": lambda j: f"prognose {j}",
}
# Only a prognosis may be attributed to a year that has not happened yet.
FUTURE_ALLOWED = frozenset({"prognose"})

PERIODE_SOORTEN: tuple[str, ...] = tuple(_LABELS)
DEFAULT_PERIODE_SOORT = "jaar"


def periode_label(soort: str, jaar: int, peildag: str = "") -> str:
    """The display label of a figure attributed to `jaar` for a period kind.

    `peildag` ('1 oktober') replaces 1 januari for a peildatum; other kinds take none.
    """
    if peildag:
        if soort != "peildatum":
            raise ValueError(f"peildag {excerpt(peildag)} hoort alleen bij periode_soort 'peildatum'")
        if not PEILDAG.match(peildag):
            raise ValueError(f"peildag {excerpt(peildag)} is geen dag als '1 oktober'")
        return f"peildatum {peildag} {jaar}"
    try:
        return _LABELS[soort](jaar)
    except KeyError:
        raise ValueError(
            f"onbekende periode_soort {excerpt(soort)}; toegestaan: {', '.join(PERIODE_SOORTEN)}"
        ) from None
