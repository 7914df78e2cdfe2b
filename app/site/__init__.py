"""The frame of the server-rendered pages: navigation, footer, and the blueprints of the pages.

Pages that only display figures (the start page, the wijkprofiel, the monitor per thema) are plain
HTML from Jinja templates: drawn at once in the browser, printable and readable without JavaScript.
Only the Verkenner, whose map and charts change with every choice, is a Dash page. Each
server-rendered page is a module of this package with a Flask blueprint, listed in PAGINA_MODULES.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, render_template

from app import fmt, queries

log = logging.getLogger(__name__)

# The main menu, in order: (path, label). Every page links with plain <a>: a click on a
# server-rendered page is a normal page load, and the Verkenner is a page of its own.
NAVIGATIE: tuple[tuple[str, str], ...] = (
    ("/", "Overzicht"),
    ("/verkenner", "Verkenner"),
    ("/wijkprofiel", "Wijkprofiel"),
    ("/monitor", "Monitor per thema"),
)

# Modules of app/site/ that each define `bp`, a Flask blueprint with their routes.
PAGINA_MODULES: tuple[str, ...] = ("start", "wijkprofiel", "monitor", "oordelen", "ontbrekend")


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


def install(server: Flask) -> None:
    """Register the blueprint of every server-rendered page (and its own `install`, if any)."""
    for naam in PAGINA_MODULES:
        module = importlib.import_module(f"{__name__}.{naam}")
        server.register_blueprint(module.bp)
        if hasattr(module, "install"):
            module.install(server)
