"""Security headers, CSP, caching, compression, no cookies, read-only warehouse, /healthz.

The real app through Flask's test client on the small fixture warehouse (app/security.py,
app/health.py, app/errors.py); the browser checks of the same promises are in test_embed_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import brotli
import duckdb
import pytest
from flask import Response, request

from app import config as app_config
from app import queries, security

EMBED = "/embed/kaart?indicator=test_weerbaar&jaar=2023&gebied=WK030701"



def _csp(response) -> dict[str, list[str]]:
    out = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def _index_urls(client) -> list[str]:
    body = client.get("/verkenner").get_data(as_text=True)  # a Dash page ('/' is server-rendered)
    return re.findall(r'(?:src|href)="(/[^"]+)"', body)


# -- headers -----------------------------------------------------------------------------------


def _routes(client) -> list[str]:
    urls = _index_urls(client)
    bundle = next(u for u in urls if "/_dash-component-suites/" in u)
    asset = next(u for u in urls if u.startswith("/assets/"))
    return ["/", "/wijkprofiel", "/monitor?thema=Preventie", "/_dash-layout", "/_dash-dependencies",
            bundle, asset, "/healthz", EMBED, "/embed/trend?indicator=test_weerbaar",
            "/embed/kaart?indicator=bestaat_niet", "/verkenner?indicator=bestaat_niet", "/bestaat-niet",
            "/assets/bestaat-niet.css"]


def test_every_response_has_the_security_headers_and_no_cookie(client) -> None:
    for url in _routes(client):
        r = client.get(url)
        assert r.headers["X-Content-Type-Options"] == "nosniff", url
        assert r.headers["Referrer-Policy"] == "same-origin", url
        assert "default-src 'self'" in r.headers["Content-Security-Policy"], url
        assert "Set-Cookie" not in r.headers, url
    assert client.get_cookie("session") is None


def test_dashboard_scripts_run_only_from_the_app_or_by_hash_and_it_cannot_be_framed(client) -> None:
    r = client.get("/verkenner?indicator=test_weerbaar")
    csp = _csp(r)
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    body = r.get_data(as_text=True)
    inline = [m.group(2) for m in re.finditer(r"<script([^>]*)>(.*?)</script>", body, re.S)
              if "src=" not in m.group(1) and "application/json" not in m.group(1)]
    assert inline, "Dash renders its renderer start inline"
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp["script-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert r.headers["X-Frame-Options"] == "DENY"
    for directive in ("connect-src", "font-src", "default-src"):
        assert csp[directive] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]


def test_embed_views_have_no_inline_script_and_may_be_framed_by_the_allow_list(client, dash_app) -> None:
    r = client.get(EMBED)
    assert r.status_code == 200
    csp = _csp(r)
    assert csp["script-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'self'"]  # nothing configured: only the app itself
    assert "X-Frame-Options" not in r.headers
    body = r.get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>", body)
    assert scripts and all("src=" in s or "application/json" in s for s in scripts)
    cfg = app_config.Config(warehouse=Path("x"), embed_origins=("https://www.amersfoort.nl",
                                                                "https://*.amersfoort.nl"))
    policy = security.csp(dash_app, cfg, embed=True)
    assert "frame-ancestors 'self' https://www.amersfoort.nl https://*.amersfoort.nl" in policy
    assert "frame-ancestors 'none'" in security.csp(dash_app, cfg, embed=False)
    framed = app_config.Config(warehouse=Path("x"), frame_origins=("https://intranet.example",))
    assert "frame-ancestors https://intranet.example" in security.csp(dash_app, framed, False)


def test_background_tiles_are_allowed_only_when_configured(dash_app) -> None:
    plain = security.csp(dash_app, app_config.Config(warehouse=Path("x")), embed=False)
    assert "img-src 'self' data: blob:;" in plain
    tiles = app_config.Config(warehouse=Path("x"),
                              basemap_url="https://tiles.example.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: blob: https://tiles.example.org;" in security.csp(
        dash_app, tiles, embed=True)


@pytest.mark.parametrize("waarde", ["'self'", "https://a.nl; script-src *", "https://a.nl/pad",
                                    "javascript:alert(1)", "https://a.nl 'unsafe-inline'"])
def test_an_origin_that_is_not_an_origin_is_refused_at_start(waarde: str) -> None:
    with pytest.raises(ValueError, match="WIJKMONITOR_EMBED_ORIGINS"):
        app_config.from_environment({"WIJKMONITOR_EMBED_ORIGINS": waarde})


def test_origins_come_from_the_environment() -> None:
    cfg = app_config.from_environment({
        "WIJKMONITOR_EMBED_ORIGINS": "https://www.amersfoort.nl, http://localhost:8080",
        "WIJKMONITOR_PUBLIC_URL": "https://wijkmonitor.amersfoort.nl/",
    })
    assert cfg.embed_origins == ("https://www.amersfoort.nl", "http://localhost:8080")
    assert cfg.frame_origins == () and cfg.embed_max_age == 300
    assert cfg.public_url == "https://wijkmonitor.amersfoort.nl"


def test_cookies_never_leave_the_app(dash_app) -> None:
    cfg = app_config.Config(warehouse=Path("x"))
    with dash_app.server.test_request_context("/"):
        response = Response("x")
        response.set_cookie("spoor", "1")
        assert "Set-Cookie" not in security.beveilig(dash_app, cfg, request, response).headers


# -- compression and caching -------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_pages_bundles_and_embed_views_are_compressed(client, encoding: str) -> None:
    bundle = next(u for u in _index_urls(client) if u.endswith(".js") and "component-suites" in u)
    for url in ("/", bundle, EMBED, "/_dash-layout"):
        r = client.get(url, headers={"Accept-Encoding": encoding})
        assert r.headers.get("Content-Encoding") == encoding, url
        assert "Accept-Encoding" in r.headers["Vary"]
    r = client.get(EMBED, headers={"Accept-Encoding": "br"})
    assert brotli.decompress(r.data) == client.get(EMBED).data


def test_only_fingerprinted_files_are_cached_for_a_year(client) -> None:
    urls = _index_urls(client)
    bundle = next(u for u in urls if re.search(r"\.v[\w-]+m\d+\.", u))
    asset = next(u for u in urls if u.startswith("/assets/") and "?m=" in u)
    assert client.get(bundle).headers["Cache-Control"] == security.ONVERANDERLIJK
    assert client.get(asset).headers["Cache-Control"] == security.ONVERANDERLIJK
    unfingerprinted = re.sub(r"\.v[\w-]+m\d+\.", ".", bundle)
    assert client.get(unfingerprinted).headers["Cache-Control"] == "no-cache"
    assert client.get(asset.split("?")[0]).headers["Cache-Control"] == "no-cache"
    assert client.get(asset.split("?")[0] + "?m=1").headers["Cache-Control"] == "no-cache"
    for url in ("/", "/_dash-layout", "/_dash-dependencies"):
        assert client.get(url).headers["Cache-Control"] == "no-cache", url
    assert client.get("/healthz").headers["Cache-Control"] == "no-store"


def test_callback_answers_are_never_stored(dash_app) -> None:
    with dash_app.server.test_request_context("/_dash-update-component", method="POST"):
        assert security.cache_control(dash_app, request, Response("{}")) == "no-store"


def test_embed_views_are_cacheable_and_revalidate_cheaply(client) -> None:
    first = client.get(EMBED, headers={"Accept-Encoding": "br"})
    assert first.headers["Cache-Control"] == "public, max-age=300"
    etag = first.headers["ETag"]
    again = client.get(EMBED, headers={"Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    other = client.get(EMBED.replace("2023", "2021"), headers={"If-None-Match": etag})
    assert other.status_code == 200


def test_plotly_for_embed_views_is_served_under_its_fingerprint(client) -> None:
    body = client.get(EMBED).get_data(as_text=True)
    url = re.search(r'src="(/embed/js/plotly-[0-9a-f]+\.min\.js)"', body).group(1)
    r = client.get(url, headers={"Accept-Encoding": "br"})
    assert r.status_code == 200 and r.headers["Content-Encoding"] == "br"
    assert r.headers["Cache-Control"] == security.ONVERANDERLIJK
    assert client.get("/embed/js/plotly-0000.min.js").status_code == 404


# -- errors, read-only warehouse, health -------------------------------------------------------


@pytest.mark.parametrize(("method", "url", "status", "titel"), [
    ("post", "/", 405, "Dit soort verzoek kan hier niet"),
    ("get", "/assets/bestaat-niet.css", 404, "Deze pagina bestaat niet"),
    ("get", "/embed/bestaat-niet", 404, "Deze weergave kan niet worden getoond"),
])
def test_http_errors_are_dutch_pages_without_a_trace(client, method, url, status, titel) -> None:
    r = getattr(client, method)(url)
    body = r.get_data(as_text=True)
    assert r.status_code == status and titel in body
    assert "Traceback" not in body and "werkzeug" not in body.lower()


def test_the_app_opens_the_warehouse_read_only(client, warehouse_path: Path) -> None:
    wh = queries.Warehouse(warehouse_path)
    con = wh._connect()
    with pytest.raises(duckdb.Error, match="read-only"):
        con.execute("CREATE TABLE poging (i INTEGER)")
    con.close()
    wh.close()
    assert client.get("/healthz").status_code == 200  # the app now holds its connections
    # Another process may open the file read-only only when no one holds it for writing.
    probe = ("import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
             "print(con.execute('SELECT count(*) FROM fact_waarde').fetchone()[0])")
    done = subprocess.run([sys.executable, "-c", probe, str(warehouse_path)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_healthz_reports_build_time_and_row_count(client, warehouse_path: Path) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200 and r.mimetype == "application/json"
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        built_at = con.execute("SELECT waarde FROM warehouse_info WHERE sleutel = 'built_at'"
                               ).fetchone()[0]
        rows = con.execute("SELECT count(*) FROM fact_waarde").fetchone()[0]
    assert r.json["status"] == "ok"
    assert r.json["warehouse"]["gebouwd"] == built_at
    assert r.json["warehouse"]["rijen"] == rows > 0


def test_healthz_says_503_when_the_warehouse_is_gone(client, warehouse_path: Path,
                                                     tmp_path: Path) -> None:
    queries.configure(tmp_path / "weg.duckdb")
    try:
        r = client.get("/healthz")
        assert r.status_code == 503
        assert r.json["status"] == "fout" and "warehouse" in r.json["melding"]
        page = client.get("/monitor?thema=Preventie")
        assert page.status_code == 503 and "python -m etl build" in page.get_data(as_text=True)
    finally:
        queries.configure(warehouse_path)
