"""The one place where exceptions become friendly Dutch messages (never a stack trace).

Used as Dash's app-wide `on_error` for callbacks, as a wrapper around page layouts, and for the
server-rendered message pages (bad links, HTTP errors) of app/params.py and the embed views.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from dash import html, set_props
from dash.exceptions import DependencyException
from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

from app import frame
from app.catalogus import OnbekendeWaarde
from app.queries import WarehouseMissing, WarehouseUnreadable

log = logging.getLogger(__name__)

FOUTMELDING_ID = "foutmelding"  # the text of the alert region in the app shell
FOUTMELDING_BLOK_ID = "foutmelding-blok"  # the region itself (hidden until an error)


# A value from a link or control is echoed in a message up to this length (a 100 kB value
# must not become a 100 kB message); longer quoted values are cut with an ellipsis.
MAX_GECITEERD = 40
_GECITEERD = re.compile(f"'([^']{{{MAX_GECITEERD + 1},}})'")


def kort(tekst: str) -> str:
    """`tekst` with every quoted value longer than MAX_GECITEERD cut, control characters removed."""
    tekst = "".join(ch if ch.isprintable() else "\ufffd" for ch in tekst)
    return _GECITEERD.sub(lambda m: f"'{m.group(1)[:MAX_GECITEERD]}…'", tekst)


def friendly_message(exc: BaseException) -> str:
    """What the user reads for an exception: what happened and what to do, in Dutch."""
    if isinstance(exc, WarehouseMissing):
        log.warning("warehouse ontbreekt: %s", exc)
        return ("Er zijn nog geen gegevens: het warehouse-bestand is niet gevonden. "
                "Bouw het met 'make rebuild' (of 'python -m etl build') en laad de pagina "
                "opnieuw.")
    if isinstance(exc, WarehouseUnreadable):
        log.warning("warehouse onleesbaar: %s", str(exc).splitlines()[0] if str(exc) else exc)
        return ("Het warehouse-bestand kan niet worden gelezen (onvolledig of van een andere "
                "versie). Bouw het opnieuw met 'make rebuild' (of 'python -m etl build').")
    if isinstance(exc, OnbekendeWaarde):
        return kort(str(exc))
    code = uuid.uuid4().hex[:8]
    log.error("onverwachte fout %s", code, exc_info=exc)
    return ("Er ging iets mis bij het tonen van deze gegevens. Probeer het opnieuw of maak een "
            f"andere keuze. Meldt u het probleem, noem dan foutcode {code}.")


def on_error(exc: Exception) -> None:
    """Dash on_error handler: show the message in the page's alert region, keep the outputs."""
    if not isinstance(exc, (WarehouseMissing, WarehouseUnreadable, OnbekendeWaarde)):
        log.debug("callback error", exc_info=exc)
    set_props(FOUTMELDING_ID, {"children": friendly_message(exc)})
    set_props(FOUTMELDING_BLOK_ID, {"hidden": False})
    return None


def foutblok(exc: BaseException) -> html.Div:
    """A page body that only says what went wrong."""
    return html.Div(
        [html.H1("Deze pagina kan niet worden getoond"), html.P(friendly_message(exc))],
        className="foutpagina",
    )


def safe_layout(layout: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a page layout function: an exception gives a friendly page instead of nothing."""

    @wraps(layout)
    def wrapper(**kwargs: Any) -> Any:
        try:
            return layout(**kwargs)
        except Exception as exc:  # noqa: BLE001 - every failure must reach the user as text
            return foutblok(exc)

    return wrapper


# -- server-rendered message pages (no Dash: bad links, HTTP errors, embed views) ----------------

VERZOEK_TITEL = "Dit verzoek kan niet worden verwerkt"  # every 4xx without a title of its own
HTTP_TITELS = {
    404: "Deze pagina bestaat niet",
    405: "Dit soort verzoek kan hier niet",
}
# Werkzeug's own descriptions are English: every status the app can answer has a Dutch text.
HTTP_TEKSTEN = {
    400: "Het verzoek is onvolledig of beschadigd. Laad de pagina opnieuw.",
    404: "Het adres is onbekend. Misschien is de link onvolledig overgenomen.",
    405: "De Wijkmonitor beantwoordt op dit adres alleen gewone paginaverzoeken.",
    413: "Het verzoek is groter dan de Wijkmonitor aanneemt. Laad de pagina opnieuw.",
    415: "De Wijkmonitor leest alleen ongecomprimeerde JSON. Laad de pagina opnieuw.",
}
ALGEMENE_TEKST = "De Wijkmonitor kan dit verzoek niet verwerken. Laad de pagina opnieuw."
CALLBACK_ENDPOINT = "_dash-update-component"  # Dash's callback route, after its path prefix


def melding_pagina(titel: str, meldingen: Sequence[str], status: int, *, compact: bool = False,
                   links: Sequence[tuple[str, str]] = ()) -> Response:
    """A short Dutch HTML page with `status`; `compact` for inside an iframe (embed views).

    Messages are plain text: the template escapes them, so a link's content is never HTML.
    """
    body = render_template("melding.html", titel=titel, meldingen=list(meldingen),
                           compact=compact, links=list(links), navigatie=frame.NAVIGATIE,
                           actief="", voet=frame.voet())
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def is_callback_verzoek() -> bool:
    """Whether the current request is one to Dash's callback endpoint."""
    return (request.endpoint or "").endswith(CALLBACK_ENDPOINT)


def install_http_handlers(server: Flask, debug: bool = False) -> None:
    """HTTP errors and unexpected exceptions outside callbacks become Dutch pages, not traces."""

    @server.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Any:
        if exc.code is None or exc.code < 400:
            return exc
        compact = request.path.startswith("/embed/")
        return melding_pagina(HTTP_TITELS.get(exc.code, VERZOEK_TITEL),
                              [HTTP_TEKSTEN.get(exc.code, ALGEMENE_TEKST)], exc.code,
                              compact=compact)

    @server.errorhandler(DependencyException)
    def _geen_bestand(_exc: DependencyException) -> Response:
        # Dash's answer to a component-suite file it does not serve (an HTTP 500 by default).
        return melding_pagina(HTTP_TITELS[404], [HTTP_TEKSTEN[404]], 404)

    if debug:  # Dash's debug mode shows its own tracebacks on purpose
        return

    @server.errorhandler(Exception)
    def _onverwacht(exc: Exception) -> Response:
        if isinstance(exc, (WarehouseMissing, WarehouseUnreadable)):
            status = 503
        elif is_callback_verzoek():
            # The callbacks' own exceptions go to on_error; what reaches this handler failed in
            # Dash's handling of the request's content, which app/security.py checks first.
            code = uuid.uuid4().hex[:8]
            log.warning("callback request %s failed in Dash: treated as malformed", code,
                        exc_info=exc)
            return melding_pagina(VERZOEK_TITEL, [f"{HTTP_TEKSTEN[400]} Blijft dit gebeuren, "
                                                  f"noem dan foutcode {code}."], 400)
        else:
            status = 500
        return melding_pagina("Er ging iets mis", [friendly_message(exc)], status,
                              compact=request.path.startswith("/embed/"))
