"""The server-rendered pages: the blueprints of the pages (their frame is app/frame.py).

Pages that only display figures (the start page, the wijkprofiel, the monitor per thema) are plain
HTML from Jinja templates: drawn at once in the browser, printable and readable without JavaScript.
Only the Verkenner, whose map and charts change with every choice, is a Dash page. Each
server-rendered page is a module of this package with a Flask blueprint, listed in PAGINA_MODULES.
"""

from __future__ import annotations

import importlib
import logging

from flask import Flask

log = logging.getLogger(__name__)

# Modules of app/site/ that each define `bp`, a Flask blueprint with their routes.
PAGINA_MODULES: tuple[str, ...] = ("start", "wijkprofiel", "monitor", "oordelen", "ontbrekend")


def install(server: Flask) -> None:
    """Register the blueprint of every server-rendered page (and its own `install`, if any)."""
    for naam in PAGINA_MODULES:
        module = importlib.import_module(f"{__name__}.{naam}")
        server.register_blueprint(module.bp)
        if hasattr(module, "install"):
            module.install(server)
