"""HTTP hardening of every response: security headers, Content-Security-Policy, caching, compression.

Installed by app.create_app on the app's own Flask server; docs/deploy.md explains each choice.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import dash
from dash.fingerprint import check_fingerprint
from flask import Flask, Request, Response, g, request

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


def flask_server() -> Flask:
    """The Flask server Dash runs on: no static folder of its own, compression configured."""
    server = Flask("app", static_folder=None)
    server.config.update(COMPRESSIE)
    return server


# -- fingerprinted assets ------------------------------------------------------------------------


def asset_url(dash_app: dash.Dash, naam: str) -> str:
    """'/assets/<naam>?m=<mtime>', the form Dash itself uses for the files in app/assets."""
    pad = Path(dash_app.config.assets_folder) / naam
    return f"{dash_app.get_asset_url(naam)}?m={os.stat(pad).st_mtime}"


def _asset_actueel(dash_app: dash.Dash, req: Request) -> bool:
    """Whether an /assets/ URL carries the file's current fingerprint (?m=<mtime>)."""
    naam = req.path[len(ASSETS_PREFIX):]
    pad = (Path(dash_app.config.assets_folder) / naam).resolve()
    try:
        return req.args.get("m") == str(os.stat(pad).st_mtime)
    except OSError:
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
    """Register the hook; it runs before flask-compress (Flask runs after_request in reverse)."""

    def _na_verzoek(response: Response) -> Response:
        return beveilig(dash_app, cfg, request, response)

    dash_app.server.after_request(_na_verzoek)

