"""HTTP hardening: headers, CSP, caching and compression of every response; checks of requests.

Installed by app.create_app on the app's own Flask server; docs/deploy.md explains each choice,
docs/app.md (*Faults and bad input*) the request checks.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dash
import orjson
from dash.fingerprint import check_fingerprint
from flask import Flask, Request, Response, g, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import HTTPException, NotFound, RequestEntityTooLarge

from app import errors, verzoekcontrole
from app.config import Config
from app.params import G_STATUS

try:  # the brotli module flask-compress itself uses (brotlicffi on PyPy)
    import brotlicffi as brotli
except ImportError:
    import brotli

log = logging.getLogger(__name__)

EEN_JAAR = 31_536_000  # seconds: the longest lifetime browsers honour, for fingerprinted files
ONVERANDERLIJK = f"public, max-age={EEN_JAAR}, immutable"
HERVALIDEREN = "no-cache"  # may be stored, but asked again (ETag/Last-Modified) before each use
NIET_BEWAREN = "no-store"
EMBED_PREFIX = "/embed/"
SUITES_PREFIX = "/_dash-component-suites/"
ASSETS_PREFIX = "/assets/"

# Headers on every response.
VASTE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # Links between the app's own pages keep their referrer; nothing leaves for other sites.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


# -- compression -------------------------------------------------------------------------------

GEEN_SLEUTEL = "-"  # flask-compress cache key of a response that must not be cached


def compressie_sleutel(req: Request) -> str:
    """Cache key for the compressed body of immutable files; GEEN_SLEUTEL for everything else.

    Dash's bundles and plotly.js are compressed once per worker (plotly.js takes 0.45 s with
    brotli). The key is the file without its fingerprint, so a made-up fingerprint cannot grow
    the cache: Dash serves only registered package files, whose content is fixed while the
    process runs.
    """
    if req.path.startswith(SUITES_PREFIX):
        return check_fingerprint(req.path)[0]
    if req.endpoint == "embed.plotly_js":
        return req.path
    return GEEN_SLEUTEL


BROTLI_MAX = 11  # brotli's best (and slowest) quality: for bodies compressed once per worker


class CompressieCache:
    """flask-compress's cache backend: keeps only keyed (immutable) bodies, in memory.

    flask-compress compresses at its fast brotli level (COMPRESS_BR_LEVEL, for the dynamic
    responses); a brotli body kept here is then recompressed once at quality 11 in a background
    thread (plotly.js's basic bundle: 401 kB -> 329 kB, about 3 s of one core) and replaces the
    first one: the request that filled the cache does not wait, later ones get the smaller body.
    """

    def __init__(self) -> None:
        self._data: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self._werk: list[threading.Thread] = []

    def get(self, key: str) -> bytes | None:
        if key.endswith(";" + GEEN_SLEUTEL):
            return None
        with self._lock:
            return self._data.get(key)

    def set(self, key: str, value: bytes) -> None:
        # flask-compress calls set after every cache hit too: the first body (or its better
        # replacement) stays; every body of one key has the same content.
        if key.endswith(";" + GEEN_SLEUTEL):
            return
        with self._lock:
            if key in self._data:
                return
            self._data[key] = value
            if key.startswith("br;"):
                werk = threading.Thread(target=self._verbeter, args=(key, value), daemon=True,
                                        name=f"brotli-{BROTLI_MAX}")
                self._werk.append(werk)
                werk.start()

    def _verbeter(self, key: str, value: bytes) -> None:
        try:
            beter = brotli.compress(brotli.decompress(value), quality=BROTLI_MAX)
        except brotli.error:
            log.exception("brotli: %s not recompressed", key)
            return
        with self._lock:
            self._data[key] = beter

    def wacht(self, timeout: float | None = None) -> None:
        """Wait until the background recompressions started so far are done (for tests)."""
        for werk in list(self._werk):
            werk.join(timeout)


COMPRESSIE = {
    # Brotli where the browser accepts it (every current one), gzip otherwise.
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_CACHE_BACKEND": CompressieCache,
    "COMPRESS_CACHE_KEY": compressie_sleutel,
}


class StrikteJSON(DefaultJSONProvider):
    """Request bodies are read by orjson: strict RFC 8259 JSON, and several times faster.

    NaN and Infinity literals, numbers that overflow to infinity, lone surrogates, invalid UTF-8
    and nesting deeper than 1024 are a ValueError, which Flask's request.get_json turns into 400;
    none of them can reach a callback. Responses are still written by Flask's own encoder.
    """

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        if kwargs:  # a caller asking for the stdlib's options (object_hook, ...) gets the stdlib
            return super().loads(s, **kwargs)
        return orjson.loads(s)


def flask_server() -> Flask:
    """The Flask server Dash runs on: no static folder of its own, compression configured."""
    server = Flask("app", static_folder=None)
    server.config.update(COMPRESSIE)
    server.json = StrikteJSON(server)
    return server


# -- fingerprinted assets ------------------------------------------------------------------------


def asset_url(dash_app: dash.Dash, naam: str) -> str:
    """'/assets/<naam>?m=<mtime>', the form Dash itself uses for the files in app/assets."""
    pad = Path(dash_app.config.assets_folder) / naam
    return f"{dash_app.get_asset_url(naam)}?m={os.stat(pad).st_mtime}"


def _asset_actueel(dash_app: dash.Dash, req: Request) -> bool:
    """Whether an /assets/ URL carries the file's current fingerprint (?m=<mtime>)."""
    naam = req.path[len(ASSETS_PREFIX):]
    try:
        pad = (Path(dash_app.config.assets_folder) / naam).resolve()
        return req.args.get("m") == str(os.stat(pad).st_mtime)
    except (OSError, ValueError):  # ValueError: a NUL byte in the path ('/assets/a%00.css')
        return False


def cache_control(dash_app: dash.Dash, req: Request, response: Response) -> str | None:
    """The Cache-Control a response gets; None keeps what the view set itself."""
    if req.method not in ("GET", "HEAD"):
        return NIET_BEWAREN  # callbacks: answers to one request, never reused
    if req.endpoint == "embed.plotly_js" and response.status_code == 200:
        return ONVERANDERLIJK
    if req.path.startswith(SUITES_PREFIX):
        return ONVERANDERLIJK if check_fingerprint(req.path)[1] else HERVALIDEREN
    if req.path.startswith(ASSETS_PREFIX):
        return ONVERANDERLIJK if _asset_actueel(dash_app, req) else HERVALIDEREN
    if "Cache-Control" in response.headers:
        return None  # embed views, /healthz and message pages set their own
    return HERVALIDEREN  # Dash's index, layout and dependencies: small, and per warehouse


# -- Content-Security-Policy ---------------------------------------------------------------------


def _herkomst(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def csp(dash_app: dash.Dash, cfg: Config, embed: bool) -> str:
    """The policy: only the app's own scripts (Dash's inline ones by hash), styles, images, data.

    Styles need 'unsafe-inline': plotly.js writes <style> rules and style attributes while it
    draws, and offers no nonce. Scripts never do: Dash's renderer start and its clientside
    callbacks are allowed by their SHA-256 (Dash.csp_hashes); the embed pages have no inline
    script at all.
    """
    img = ["'self'", "data:", "blob:"]  # plotly's PNG export and pattern fills use data/blob URLs
    tegels = _herkomst(cfg.basemap_url)
    if tegels:
        img.append(tegels)  # only when the operator configured background tiles
    scripts = ["'self'"] if embed else ["'self'", *dash_app.csp_hashes()]
    # Embed views: the app itself and the allow-list; the dashboard: nobody unless configured.
    voorouders = (["'self'", *cfg.embed_origins] if embed
                  else list(cfg.frame_origins) or ["'none'"])
    richtlijnen = {
        "default-src": ["'self'"],
        "script-src": scripts,
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": img,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": voorouders,
    }
    return "; ".join(f"{k} {' '.join(v)}" for k, v in richtlijnen.items())


# -- requests: the callback request (app/verzoekcontrole.py), component-suite files ---------------

_FINGERPRINT = re.compile(r"^v([\w-]+)m[0-9a-fA-F]+$")  # dash.fingerprint's 'v4_4_1m1796200133'


def suite_bestaat(dash_app: dash.Dash, pakket: str, pad: str) -> bool:
    """Whether Dash serves this component-suite file: registered, with its package's version.

    Dash itself ignores the version in a fingerprinted name ('bundle.v7_4_1m1796200133.js') and
    fails with an exception (HTTP 500) for an unregistered file; both are a 404 here.
    """
    bestand, met_fingerprint = check_fingerprint(pad)
    if bestand not in dash_app.registered_paths.get(pakket, ()):
        return False
    if not met_fingerprint:
        return True
    versie = _FINGERPRINT.match(pad.rsplit("/", 1)[-1].split(".")[1])
    # Dash names dcc/, html/ and dash_table/ files after their own module's version.
    module = sys.modules.get(f"{pakket}.{bestand.split('/')[0]}") or sys.modules.get(pakket)
    verwacht = getattr(module, "__version__", None)
    return (versie is not None and verwacht is not None
            and versie.group(1) == re.sub(r"[^\w-]", "_", str(verwacht)))


def _weiger(status: int, reden: str, detail: object) -> Response:
    """A refused callback request: logged with `detail` (for the operator), a Dutch page."""
    log.warning("callback request refused (%d): %s", status, str(detail)[:160])
    return errors.melding_pagina(errors.VERZOEK_TITEL, [reden], status)


def _controleer_callback(dash_app: dash.Dash) -> Response | None:
    if request.content_encoding not in (None, "", "identity"):  # werkzeug does not decompress
        return _weiger(415, errors.HTTP_TEKSTEN[415],
                       f"Content-Encoding {request.content_encoding!r}")
    try:  # parsed once (by StrikteJSON) and cached: Dash reads the same object after this
        data = request.get_data(cache=True)
        limiet = request.max_content_length
        if request.content_length is None and limiet is not None and len(data) >= limiet:
            # A chunked body is read up to the limit and cut off there (werkzeug, when the
            # server sets wsgi.input_terminated as gunicorn does): too large, not malformed.
            raise RequestEntityTooLarge(f"chunked body reached {limiet} bytes")
        body = request.get_json()
    except HTTPException as exc:  # 400 not strict JSON, 413 too large, 415 not declared JSON
        return _weiger(exc.code or 400, errors.HTTP_TEKSTEN.get(exc.code or 400,
                                                                errors.ALGEMENE_TEKST),
                       exc.__cause__ or exc.description)  # the cause: orjson's reason
    reden = verzoekcontrole.verzoek_fout(body, dash_app.callback_map)
    if reden:
        sleutel = body.get("output") if isinstance(body, dict) else type(body).__name__
        return _weiger(400, f"{reden} Laad de pagina opnieuw.", f"{reden} (output {sleutel!r})")
    return None


def controleer_verzoek(dash_app: dash.Dash) -> Response | None:
    """before_request: refuse a malformed callback request (400, 413, 415; logged; its content
    is checked by app/verzoekcontrole.py) or a component-suite path that names no file Dash
    serves (404).

    The body's size is bounded by MAX_CONTENT_LENGTH: werkzeug refuses a longer body (413)
    before reading it, and stops reading a chunked one at the limit.
    """
    if (request.method == "POST" and request.endpoint
            == dash_app.config.routes_pathname_prefix + errors.CALLBACK_ENDPOINT):
        return _controleer_callback(dash_app)
    if request.path.startswith(SUITES_PREFIX) and request.view_args is not None:
        pakket = request.view_args.get("package_name")
        pad = request.view_args.get("fingerprinted_path")
        if isinstance(pakket, str) and isinstance(pad, str) and not suite_bestaat(
                dash_app, pakket, pad):
            raise NotFound()
    return None


# -- the after_request hook ----------------------------------------------------------------------


def beveilig(dash_app: dash.Dash, cfg: Config, req: Request, response: Response) -> Response:
    """Add the headers, the policy and the cache lifetime; drop cookies; set a page's status."""
    status = g.get(G_STATUS)
    if status and response.status_code == 200:
        response.status_code = status
    embed = req.path.startswith(EMBED_PREFIX)
    for naam, waarde in VASTE_HEADERS.items():
        response.headers[naam] = waarde
    response.headers["Content-Security-Policy"] = csp(dash_app, cfg, embed)
    # An embed document may be framed by other sites; everything else stays with the app.
    response.headers["Cross-Origin-Resource-Policy"] = (
        "cross-origin" if embed and response.mimetype == "text/html" else "same-origin")
    if not embed and not cfg.frame_origins:
        response.headers["X-Frame-Options"] = "DENY"  # for browsers without frame-ancestors
    regel = cache_control(dash_app, req, response)
    if regel is not None:
        response.headers["Cache-Control"] = regel
        if regel == ONVERANDERLIJK:
            response.headers.pop("Expires", None)
    if "Set-Cookie" in response.headers:  # the app promises no cookies, whatever a library does
        log.warning("cookie removed from %s", req.path)
        del response.headers["Set-Cookie"]
    return response


def install(dash_app: dash.Dash, cfg: Config) -> None:
    """Register the hooks; the response hook runs before flask-compress (Flask runs after_request
    in reverse), the request check after Dash's own set-up (which fills the callback map)."""

    def _na_verzoek(response: Response) -> Response:
        return beveilig(dash_app, cfg, request, response)

    dash_app.server.config["MAX_CONTENT_LENGTH"] = cfg.max_body
    dash_app.server.before_request(lambda: controleer_verzoek(dash_app))
    dash_app.server.after_request(_na_verzoek)

