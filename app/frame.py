"""The page frame: the main menu and the footer around every server-rendered page and error page.

Below the error handling (app/errors.py) and the pages (app/site, app/__init__.py's Dash layout),
which all draw their frame from here; it reads only the warehouse's build date (app/queries.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Response, render_template

from app import fmt, queries

# The main menu, in order: (path, label). Every page links with plain <a>: a click on a
# server-rendered page is a normal page load, and the Verkenner is a page of its own.
NAVIGATIE: tuple[tuple[str, str], ...] = (
    ("/", "Overzicht"),
    ("/verkenner", "Verkenner"),
    ("/wijkprofiel", "Wijkprofiel"),
    ("/monitor", "Monitor per thema"),
)

@dataclass(frozen=True)
class Voet:
    """What the footer says about the figures: the date of the data, in plain words."""

    bijgewerkt: str  # '2 december 2026', or '' when the warehouse cannot say
    bijgewerkt_iso: str


def voet() -> Voet:
    """The footer facts of the current warehouse (never raises: the footer must not break a page)."""
    try:
        gebouwd = str(queries.current().info().get("built_at") or "")
    except Exception:  # noqa: BLE001 - a page without a footer date beats no page
        return Voet("", "")
    return Voet(fmt.datum(gebouwd), gebouwd[:10])


def render_pagina(template: str, *, titel: str, actief: str, status: int = 200,
                  context: Mapping[str, Any] | None = None) -> Response:
    """A whole page: `template` (extending _pagina.html) with the menu, `actief` marked current."""
    body = render_template(template, titel=titel, actief=actief, navigatie=NAVIGATIE,
                           voet=voet(), **dict(context or {}))
    return Response(body, status=status, mimetype="text/html")
