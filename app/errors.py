"""The one place where exceptions become friendly Dutch messages (never a stack trace).

Used as Dash's app-wide `on_error` for callbacks and as a wrapper around page layouts.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from dash import html, set_props

from app.data import OnbekendeWaarde
from app.queries import WarehouseMissing, WarehouseUnreadable

log = logging.getLogger(__name__)

FOUTMELDING_ID = "foutmelding"  # the text of the alert region in the app shell
FOUTMELDING_BLOK_ID = "foutmelding-blok"  # the region itself (hidden until an error)


def friendly_message(exc: BaseException) -> str:
    """What the user reads for an exception: what happened and what to do, in Dutch."""
    if isinstance(exc, WarehouseMissing):
        return ("Er zijn nog geen gegevens: het warehouse-bestand is niet gevonden. "
                "Bouw het met 'python -m etl build' en laad de pagina opnieuw.")
    if isinstance(exc, WarehouseUnreadable):
        return ("Het warehouse-bestand kan niet worden gelezen (onvolledig of van een andere "
                "versie). Bouw het opnieuw met 'python -m etl build'.")
    if isinstance(exc, OnbekendeWaarde):
        return str(exc)
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
