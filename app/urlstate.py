"""View state <-> URL query string: parse, validate the parameter names, and write back.

Every page keeps its whole state in the query string so that a copied link reopens the view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import parse_qsl, urlencode


def parse(search: str | None) -> dict[str, str]:
    """'?a=1&b=x' -> {'a': '1', 'b': 'x'} (the last value wins, blanks dropped)."""
    text = (search or "").lstrip("?")
    return {k: v for k, v in parse_qsl(text, keep_blank_values=False)}


def onbekend(params: Mapping[str, object], toegestaan: Iterable[str]) -> list[str]:
    """Parameter names a page does not know (a friendly message names them)."""
    allowed = set(toegestaan)
    return sorted(k for k in params if k not in allowed)


def search(state: Mapping[str, object], volgorde: Iterable[str]) -> str:
    """The query string of a state, keys in a fixed order, empty values left out."""
    items = [(k, str(state[k])) for k in volgorde if state.get(k) not in (None, "")]
    return "?" + urlencode(items) if items else ""


def onbekend_melding(namen: list[str]) -> str:
    """The friendly message for unknown URL parameters."""
    if not namen:
        return ""
    lijst = ", ".join(f"'{n}'" for n in namen)
    return (f"De link bevat onbekende onderdelen ({lijst}); die zijn genegeerd. "
            "De rest van de link is gebruikt.")


def as_int(value: object) -> int | None:
    """An int from URL text, or None."""
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None
