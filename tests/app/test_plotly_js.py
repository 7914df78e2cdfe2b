"""plotly.js as the app serves it: the basic partial bundle from node_modules/ (package.json), for the
embed views and the dashboard alike, its fingerprint and compression, and the fallback to plotly's
full bundle when the basic one is missing (app/embed/__init__.py, app/security.py).

The real app through Flask's test client; the fallback in a subprocess (the file is chosen when
app.embed is imported). The browser checks (what Chromium requests, charts drawn) are in
test_embed_browser.py.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import brotli
import pytest
from flask_compress import Compress

from app import embed, security
from tests.app.conftest import REPO_ROOT

EMBED = "/embed/kaart?indicator=test_weerbaar&jaar=2023&gebied=WK030701"
VERSIE = re.compile(rb"^/\*\*\n\* plotly\.js (\(basic - minified\) )?v(\d+\.\d+\.\d+)\n")

needs_basic = pytest.mark.usefixtures("plotly_js_basis")  # tests/app/conftest.py



def _script_srcs(body: str) -> list[str]:
    return re.findall(r'<script[^>]*\ssrc="([^"]+)"', body)


def _version(path: Path) -> tuple[bool, str]:
    """(is the basic bundle, plotly.js version) from the file's licence header."""
    m = VERSIE.match(path.read_bytes()[:200])
    assert m, path
    return bool(m.group(1)), m.group(2).decode()


def test_package_json_pins_the_basic_bundle_at_plotlys_own_version() -> None:
    full = _version(embed.PLOTLY_JS_VOLLEDIG)
    assert full[0] is False
    package = json.loads((REPO_ROOT / "package.json").read_text())
    lock = json.loads((REPO_ROOT / "package-lock.json").read_text())
    assert package["dependencies"]["plotly.js-basic-dist-min"] == full[1]  # exact, no range
    # the Dutch locale: the newest plotly.js-locales (its locale format is unchanged in plotly 4)
    assert re.fullmatch(r"\d+\.\d+\.\d+", package["dependencies"]["plotly.js-locales"])
    assert set(package["dependencies"]) == {"plotly.js-basic-dist-min", "plotly.js-locales"}
    locked = lock["packages"]["node_modules/plotly.js-basic-dist-min"]
    assert locked["version"] == full[1] and locked["integrity"].startswith("sha512-")


@needs_basic
def test_the_installed_basic_bundle_is_the_locked_one() -> None:
    assert embed.PLOTLY_JS == embed.PLOTLY_JS_BASIS
    assert _version(embed.PLOTLY_JS) == (True, _version(embed.PLOTLY_JS_VOLLEDIG)[1])
    # A quarter of the full bundle: scatter and bar only.
    assert embed.PLOTLY_JS.stat().st_size < embed.PLOTLY_JS_VOLLEDIG.stat().st_size / 3


def test_the_configured_file_is_used_and_a_missing_one_falls_back(tmp_path: Path) -> None:
    eigen = tmp_path / "plotly-eigen.min.js"
    eigen.write_text("/* eigen */")
    assert embed.kies_plotly_js(str(eigen)) == eigen
    assert embed.kies_plotly_js(str(tmp_path / "weg.js")) == embed.PLOTLY_JS_VOLLEDIG
    verwacht = (embed.PLOTLY_JS_BASIS if embed.PLOTLY_JS_BASIS.is_file()
                else embed.PLOTLY_JS_VOLLEDIG)
    assert embed.kies_plotly_js(None) == embed.kies_plotly_js("") == verwacht


@needs_basic
def test_embed_view_loads_the_basic_bundle_under_its_content_fingerprint(client, dash_app) -> None:
    body = client.get(EMBED).get_data(as_text=True)
    url = next(s for s in _script_srcs(body) if "plotly" in s)
    inhoud = embed.PLOTLY_JS_BASIS.read_bytes()
    assert url == f"/embed/js/plotly-{hashlib.sha256(inhoud).hexdigest()[:16]}.min.js"
    assert url == embed.plotly_pad()
    r = client.get(url)
    assert r.status_code == 200 and r.data == inhoud
    assert r.mimetype == "text/javascript"
    assert r.headers["Cache-Control"] == security.ONVERANDERLIJK
    with dash_app.server.test_request_context("/"):
        from flask import url_for

        assert url_for("embed.plotly_js", sleutel=embed.plotly_sleutel()) == url


@needs_basic
def test_dashboard_loads_the_same_bundle_before_dash_and_its_graphs(client) -> None:
    r = client.get("/verkenner?indicator=test_weerbaar")
    scripts = _script_srcs(r.get_data(as_text=True))
    plotly = [s for s in scripts if "plotly" in s]
    assert plotly == [embed.plotly_pad()]  # not Dash's plotly.min.js
    renderer = next(i for i, s in enumerate(scripts) if "dash_renderer" in s)
    graph = next(i for i, s in enumerate(scripts) if "dash_core_components." in s)
    assert scripts.index(plotly[0]) < min(renderer, graph)
    # Same origin, so the dashboard's Content-Security-Policy allows it as is.
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]


# -- compression: brotli 11 for the cached immutable files, the fast level for the rest ---------


def _cache(dash_app) -> security.CompressieCache:
    compress = next(f.__self__ for f in dash_app.server.after_request_funcs[None]
                    if isinstance(getattr(f, "__self__", None), Compress))
    assert isinstance(compress.cache, security.CompressieCache)
    return compress.cache


def test_the_cache_recompresses_brotli_bodies_once_at_quality_11() -> None:
    data = embed.PLOTLY_JS.read_bytes()[:300_000]
    snel = brotli.compress(data, quality=4)
    cache = security.CompressieCache()
    cache.set("br;/embed/js/plotly-x.min.js", snel)
    cache.set("br;/embed/js/plotly-x.min.js", b"een tweede keer")  # the first body stays
    cache.wacht()
    beter = cache.get("br;/embed/js/plotly-x.min.js")
    assert brotli.decompress(beter) == data and len(beter) < len(snel)
    assert beter == brotli.compress(data, quality=security.BROTLI_MAX)
    cache.set("br;/embed/js/plotly-x.min.js", snel)  # flask-compress sets again after each hit
    assert cache.get("br;/embed/js/plotly-x.min.js") == beter
    gzip_body = b"\x1f\x8b gzip"
    cache.set("gzip;/x", gzip_body)
    cache.set(f"br;{security.GEEN_SLEUTEL}", snel)
    cache.wacht()
    assert cache.get("gzip;/x") == gzip_body and cache.get(f"br;{security.GEEN_SLEUTEL}") is None


def test_plotly_is_sent_at_brotli_11_once_cached_and_pages_at_the_fast_level(client,
                                                                           dash_app) -> None:
    url = embed.plotly_pad()
    raw = client.get(url).data
    eerste = client.get(url, headers={"Accept-Encoding": "br"})
    assert eerste.headers["Content-Encoding"] == "br" and brotli.decompress(eerste.data) == raw
    _cache(dash_app).wacht()
    later = client.get(url, headers={"Accept-Encoding": "br"})
    assert later.data == brotli.compress(raw, quality=security.BROTLI_MAX)
    assert len(later.data) <= len(eerste.data)
    # An embed page is compressed per response, at flask-compress's fast level.
    pagina = client.get(EMBED).data
    r = client.get(EMBED, headers={"Accept-Encoding": "br"})
    level = dash_app.server.config["COMPRESS_BR_LEVEL"]
    assert level < security.BROTLI_MAX
    assert r.data == brotli.compress(pagina, quality=level, lgwin=22)


# -- without the basic bundle (no npm) the app still works, with the full one ------------------

FALLBACK = """
import logging, re, sys
from pathlib import Path
logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
from app import config, create_app, embed
app = create_app(config.Config(warehouse=Path(sys.argv[1])))
client = app.server.test_client()
page = client.get("/embed/kaart?indicator=test_weerbaar").get_data(as_text=True)
url = re.search(r'src="(/embed/js/plotly-[0-9a-f]+[.]min[.]js)"', page).group(1)
full = embed.PLOTLY_JS_VOLLEDIG.read_bytes()
assert client.get(url).data == full
dashboard = client.get("/verkenner").get_data(as_text=True)  # a Dash page
assert "/embed/js/plotly-" not in dashboard, "Dash loads its own plotly.min.js lazily"
print("OK", len(full))
"""


def test_without_the_basic_bundle_the_full_one_is_served_with_one_warning(
        warehouse_path: Path, tmp_path: Path) -> None:
    weg = tmp_path / "node_modules" / "plotly-basic.min.js"
    env = {"WIJKMONITOR_PLOTLY_JS": str(weg), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", FALLBACK, str(warehouse_path)], cwd=REPO_ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("OK ")
    warnings = [line for line in done.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, done.stderr
    assert "app.embed" in warnings[0] and str(weg) in warnings[0] and "make install" in warnings[0]


def test_dutch_locale_is_served_from_the_installed_package_for_dashboard_and_embeds(client) -> None:
    if not embed.PLOTLY_LOCALE.is_file():
        pytest.fail("plotly.js-locales is not installed: run `make install` (npm ci)")
    pad = embed.locale_pad()
    assert pad in embed.dashboard_scripts()
    assert pad in _script_srcs(client.get(EMBED).get_data(as_text=True))
    r = client.get(pad)
    assert r.status_code == 200 and r.mimetype == "text/javascript"
    assert embed.PLOTLY_LOCALE.read_bytes() in r.data and b"Plotly.register" in r.data
    assert "immutable" in r.headers["Cache-Control"]
    assert client.get("/embed/js/taal-nl-0000.js").status_code == 404
