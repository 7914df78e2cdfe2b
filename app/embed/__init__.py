"""Public embed views for other websites: /embed/<kind> of each kind of view (app/onderdelen:
/embed/kaart, /embed/trend, /embed/groepen) and /embed/wijkprofiel.

Server-rendered HTML (templates/embed.html) drawn by plotly.js served from the app itself: no Dash
callbacks, no cookies, cacheable; app/params.py has checked the query string before a view runs.
The same plotly.js file, plotly's *basic* partial bundle from node_modules/ (package.json), is a
script of the dashboard's page too, so dcc.Graph never fetches the full bundle (docs/deploy.md).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import plotly
from flask import Blueprint, Flask, Response, abort, render_template, request, url_for
from markupsafe import Markup, escape
from plotly.utils import PlotlyJSONEncoder

from app import errors, params
from app.catalogus import OnbekendeWaarde
from app.config import PROJECT_ROOT, settings
from app.embed import views
from app.onderdelen import register
from app.queries import current

bp = Blueprint("embed", __name__)
log = logging.getLogger(__name__)

# plotly.js for the embed views and the dashboard. The app draws only scatter (the map is filled
# scatter paths) and bar traces, which plotly's basic partial bundle holds: npm package
# plotly.js-basic-dist-min at the plotly.js version of the plotly package, installed by
# `make install` (`npm ci`). WIJKMONITOR_PLOTLY_JS names another file. When the file is missing
# (no npm), plotly's full bundle (4 times larger) is served and a warning logged at start-up.
PLOTLY_JS_BASIS = (PROJECT_ROOT / "node_modules" / "plotly.js-basic-dist-min"
                   / "plotly-basic.min.js")
PLOTLY_JS_VOLLEDIG = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def kies_plotly_js(gewenst: str | None) -> Path:
    """The plotly.js file to serve: `gewenst` (else the basic bundle), or the full one if missing."""
    pad = Path(gewenst) if gewenst else PLOTLY_JS_BASIS
    return pad if pad.is_file() else PLOTLY_JS_VOLLEDIG


# plotly.js's Dutch locale (modebar tooltips, date and number words), from the npm package
# plotly.js-locales (package.json): a CommonJS module, served wrapped so that it registers itself
# with the plotly.js loaded before it. Graphs select it with config {"locale": "nl"}.
PLOTLY_LOCALE = PROJECT_ROOT / "node_modules" / "plotly.js-locales" / "nl.js"
PLOTLY_JS_GEWENST = Path(os.environ.get("WIJKMONITOR_PLOTLY_JS") or PLOTLY_JS_BASIS)
PLOTLY_JS = kies_plotly_js(str(PLOTLY_JS_GEWENST))

# The embed views that are no kind of view of app/onderdelen (those carry their own height and
# title in the registry): a suggested iframe height (px; the page scrolls inside the frame when it
# is taller) and the title of the snippet.
EIGEN_HOOGTE = {"wijkprofiel": 800}
EIGEN_TITEL = {"wijkprofiel": "wijkprofiel"}


class _PerEmbed(Mapping[str, Any]):
    """A table by embed name read from the registry each time (a registered kind is in it at
    once), then from the views of this package's own."""

    def __init__(self, veld: str, eigen: Mapping[str, Any]) -> None:
        self._veld, self._eigen = veld, eigen

    def _alles(self) -> dict[str, Any]:
        return {**{naam: getattr(e, self._veld) for naam, (_, e) in register.embeds().items()},
                **self._eigen}

    def __getitem__(self, naam: str) -> Any:
        return self._alles()[naam]

    def __iter__(self) -> Iterator[str]:
        return iter(self._alles())

    def __len__(self) -> int:
        return len(self._alles())


HOOGTE: Mapping[str, int] = _PerEmbed("hoogte", EIGEN_HOOGTE)
TITEL: Mapping[str, str] = _PerEmbed("titel", EIGEN_TITEL)
_CODE = Path(__file__).parent
_TEMPLATES = _CODE.parent / "templates"


@lru_cache(maxsize=1)
def plotly_sleutel() -> str:
    """Fingerprint of the served plotly.js (its content): the file's URL changes when it does."""
    return hashlib.sha256(PLOTLY_JS.read_bytes()).hexdigest()[:16]


def plotly_pad() -> str:
    """The fingerprinted URL path of plotly.js (route plotly_js below; no request needed)."""
    return f"{params.EMBED_PREFIX}js/plotly-{plotly_sleutel()}.min.js"


@lru_cache(maxsize=1)
def locale_js() -> bytes:
    """The Dutch locale as a browser script that calls Plotly.register; b'' when not installed."""
    if not PLOTLY_LOCALE.is_file():
        return b""
    return (b"(function () {\nvar module = { exports: {} };\n" + PLOTLY_LOCALE.read_bytes()
            + b"\nif (window.Plotly) { window.Plotly.register(module.exports); }\n})();\n")


@lru_cache(maxsize=1)
def locale_sleutel() -> str:
    """Fingerprint of the served locale script."""
    return hashlib.sha256(locale_js()).hexdigest()[:16]


def locale_pad() -> str | None:
    """The fingerprinted URL path of the Dutch locale script, None when it is not installed."""
    return f"{params.EMBED_PREFIX}js/taal-nl-{locale_sleutel()}.js" if locale_js() else None


def dashboard_scripts() -> list[str]:
    """Scripts the dashboard's page loads before Dash's: plotly.js, so window.Plotly exists
    before any dcc.Graph renders and Dash never fetches its own full plotly.min.js.

    Empty when falling back to the full bundle: Dash then loads it lazily, as it always did.
    """
    if PLOTLY_JS == PLOTLY_JS_VOLLEDIG:
        return []
    taal = locale_pad()
    return [plotly_pad()] + ([taal] if taal else [])


@lru_cache(maxsize=1)
def code_sleutel() -> str:
    """Fingerprint of the embed code and templates: a new release changes every ETag."""
    h = hashlib.sha256()
    onderdelen_code = Path(register.__file__).parent.glob("*.py")  # the kinds draw the views
    for path in sorted([*_CODE.glob("*.py"), *onderdelen_code, *_TEMPLATES.glob("*.html")]):
        h.update(path.read_bytes())
    h.update(plotly_sleutel().encode())
    return h.hexdigest()[:16]


def figuur_json(figuur: dict[str, Any]) -> Markup:
    """The figure as JSON that is safe inside <script type="application/json">."""
    text = json.dumps(figuur, cls=PlotlyJSONEncoder, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return Markup(text)  # escaped above; HTML-escaping would break the JSON


def embed_pad(soort: str, waarden: Mapping[str, Any]) -> str:
    """'/embed/kaart?indicator=...' with the view's parameters in their documented order."""
    volgorde = params.PAGINAS[f"{params.EMBED_PREFIX}{soort}"].params
    items = [(k, str(waarden[k])) for k in volgorde if waarden.get(k) not in (None, "")]
    return f"{params.EMBED_PREFIX}{soort}" + ("?" + urlencode(items) if items else "")


def snippet(basis_url: str, soort: str, waarden: Mapping[str, Any], titel: str) -> str:
    """The <iframe> code a webmaster pastes to show this view on another site."""
    src = basis_url.rstrip("/") + embed_pad(soort, waarden)
    return (f'<iframe src="{escape(src)}" title="{escape(titel)}" width="100%" '
            f'height="{HOOGTE[soort]}" style="border:0;max-width:1200px" loading="lazy"></iframe>')


def basis_url() -> str:
    """The app's public address: WIJKMONITOR_PUBLIC_URL, else the current request's host."""
    return settings().public_url or request.host_url.rstrip("/")


def _etag() -> str:
    tekst = "|".join((code_sleutel(), current().version(), request.full_path))
    return hashlib.sha256(tekst.encode()).hexdigest()[:24]


@bp.get("/embed/<naam>")
def view(naam: str) -> Response:
    """One embed view; an unknown view or an empty combination gives a short Dutch 404."""
    maker = views.maker(naam)
    if maker is None:
        abort(404)
    cfg = settings()
    etag = _etag()
    # A browser or proxy that holds this exact view of this warehouse gets 304, unrendered
    # (flask-compress adds ':br'/':gzip' to the ETag of a compressed response).
    bekend = [etag + s for s in ("", ":br", ":gzip") if request.if_none_match.contains(etag + s)]
    if bekend:
        response = Response(status=304)
        etag = bekend[0]  # the variant the client holds
    else:
        try:
            weergave = maker(current(), dict(request.args), cfg)
        except (views.GeenWeergave, OnbekendeWaarde) as exc:
            return errors.melding_pagina("Deze weergave kan niet worden getoond", [str(exc)], 404,
                                         compact=True)
        body = render_template(
            "embed.html", w=weergave,
            figuur_json=figuur_json(weergave.figuur) if weergave.figuur is not None else "",
            plotly_url=url_for("embed.plotly_js", sleutel=plotly_sleutel()),
            taal_url=locale_pad())
        response = Response(body, mimetype="text/html")
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = cfg.embed_max_age
    return response


@lru_cache(maxsize=1)
def _plotly_bytes() -> bytes:
    return PLOTLY_JS.read_bytes()


@bp.get("/embed/js/plotly-<sleutel>.min.js")
def plotly_js(sleutel: str) -> Response:
    """plotly.js under its content fingerprint (cached for a year by app/security.py)."""
    if sleutel != plotly_sleutel():
        abort(404)
    response = Response(_plotly_bytes(), mimetype="text/javascript")
    response.set_etag(sleutel)
    return response


@bp.get("/embed/js/taal-nl-<sleutel>.js")
def locale_script(sleutel: str) -> Response:
    """The Dutch plotly.js locale under its content fingerprint (cached for a year)."""
    if not locale_js() or sleutel != locale_sleutel():
        abort(404)
    response = Response(locale_js(), mimetype="text/javascript")
    response.set_etag(sleutel)
    response.cache_control.public = True
    response.cache_control.max_age = 365 * 24 * 3600
    response.cache_control.immutable = True
    return response


def install(server: Flask) -> None:
    """Register the embed routes on the app's Flask server; warn when plotly.js is the full one."""
    server.register_blueprint(bp)
    if not PLOTLY_LOCALE.is_file():
        log.warning("plotly.js: %s is missing (run `make install`); charts keep plotly's English "
                    "tooltips", PLOTLY_LOCALE)
    if PLOTLY_JS != PLOTLY_JS_GEWENST:
        log.warning("plotly.js: %s is missing (run `make install`, which needs npm); serving the "
                    "full bundle %s instead (%.1f MB)", PLOTLY_JS_GEWENST, PLOTLY_JS,
                    PLOTLY_JS.stat().st_size / 1e6)
