"""The embed views and the production server in a real browser (Debian Chromium via Playwright).

gunicorn serves the app (deploy/gunicorn.conf.py) with WIJKMONITOR_EMBED_ORIGINS naming one of two
tiny host sites on other localhost ports: the allowed site shows the embed in an iframe, the other
is refused. Every page's network log stays on localhost without a CSP violation; the embed views
work with the keyboard, pass axe and fit 300-1200 px; the monitor table fits a 1400 px screen.
"""

from __future__ import annotations

import http.server
import re
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from app import embed
from tests.app.conftest import free_port
from tests.deploy.serve import gunicorn_server

pytestmark = pytest.mark.browser

KAART = "/embed/kaart?indicator=test_weerbaar&jaar=2023&gebied=WK030701"
EMBEDS = [
    KAART,
    "/embed/kaart?indicator=cbs_aantal_inwoners&niveau=gebiedscluster",
    "/embed/trend?indicator=test_weerbaar&gebied=WK030703",
    "/embed/groepen?indicator=test_eenzaam",
    "/embed/wijkprofiel?gebied=WK030701",
]
PAGES = [
    "/", "/verkenner?indicator=test_weerbaar&jaar=2023&gebied=WK030701", "/wijkprofiel?gebied=WK030701",
    "/monitor?thema=Preventie", "/bestaat-niet", "/verkenner?indicator=bestaat_niet",
    "/embed/kaart?indicator=%3Cscript%3E", *EMBEDS,
]
# Records Content-Security-Policy violations of every document the page loads.
CSP_LOGGER = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
              "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")


class HostSites:
    """Two tiny websites on other localhost ports (other origins) that embed the app."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.servers = []
        pages = self.pages

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                body = pages.get(self.path, "<!DOCTYPE html><title>leeg</title>").encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self.ports = [free_port(), free_port()]
        for port in self.ports:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.servers.append(server)

    def origin(self, i: int) -> str:
        return f"http://127.0.0.1:{self.ports[i]}"

    def page(self, path: str, body: str) -> None:
        self.pages[path] = (f'<!DOCTYPE html><html lang="nl"><head><title>Gemeente</title></head>'
                            f"<body><h1>Gemeente Amersfoort</h1>{body}</body></html>")

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


@pytest.fixture(autouse=True)
def _patient_expect() -> Iterator[None]:
    """Wait up to 15 s for the page (busy CI machines), as Playwright's default 5 s again after."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture(scope="module")
def sites() -> Iterator[HostSites]:
    s = HostSites()
    yield s
    s.close()


@pytest.fixture(scope="module")
def prod(warehouse_path: Path, sites: HostSites, tmp_path_factory) -> Iterator[str]:
    """gunicorn on the small warehouse; only the first host site may embed."""
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with gunicorn_server(warehouse_path, log, WIJKMONITOR_EMBED_ORIGINS=sites.origin(0)) as (url, _):
        yield url


@pytest.fixture()
def tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    context.add_init_script(CSP_LOGGER)
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    seen: list[str] = []
    console: list[str] = []
    pg.on("request", lambda r: seen.append(r.url))
    pg.on("console", lambda m: console.append(m.text))
    pg.requests_seen = seen  # type: ignore[attr-defined]
    pg.console_seen = console  # type: ignore[attr-defined]
    yield pg
    context.close()


def _settled(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-dash-is-loading=true]")).to_have_count(0)


# -- framing -----------------------------------------------------------------------------------


def test_allowed_site_shows_the_embed_and_other_sites_are_refused(tab: Page, prod: str,
                                                                   sites: HostSites) -> None:
    iframe = f'<iframe id="wm" title="Wijkmonitor" src="{prod}{KAART}" width="640" height="700"></iframe>'
    sites.page("/kaart", iframe)
    tab.goto(sites.origin(0) + "/kaart")
    frame = tab.frame_locator("#wm")
    expect(frame.locator("h1")).to_have_text("% 13-17 jr dat voldoende weerbaar is (testdata)")
    expect(frame.locator(".embed-grafiek .main-svg").first).to_be_visible()

    tab.goto(sites.origin(1) + "/kaart")
    expect(tab.locator("h1")).to_have_text("Gemeente Amersfoort")
    tab.wait_for_timeout(1000)
    embedded = [f for f in tab.frames if f != tab.main_frame]
    assert embedded and all(not f.url.startswith(prod) for f in embedded)  # blocked: an error page
    assert any("frame-ancestors" in m and sites.origin(0) in m for m in tab.console_seen)

    # The full dashboard may not be framed at all, not even by the allowed site.
    sites.page("/dashboard", f'<iframe id="wm" title="Wijkmonitor" src="{prod}/" width="900" '
                             'height="700"></iframe>')
    tab.console_seen.clear()
    tab.goto(sites.origin(0) + "/dashboard")
    tab.wait_for_timeout(1000)
    assert all(not f.url.startswith(prod) for f in tab.frames if f != tab.main_frame)
    assert any("frame-ancestors 'none'" in m for m in tab.console_seen)


def test_insluiten_gives_a_snippet_that_works_on_the_allowed_site(tab: Page, prod: str,
                                                                  sites: HostSites) -> None:
    tab.goto(prod + "/verkenner?indicator=test_weerbaar&jaar=2023&gebied=WK030701")
    _settled(tab)
    tab.get_by_text("Insluiten", exact=True).click()
    code = tab.locator("#verkenner-insluiten-trend")
    expect(code).to_be_visible()
    snippet = code.input_value()
    assert snippet.startswith(f'<iframe src="{prod}/embed/trend?indicator=test_weerbaar')
    sites.page("/trend", snippet.replace("<iframe ", '<iframe id="wm" '))
    tab.goto(sites.origin(0) + "/trend")
    frame = tab.frame_locator("#wm")
    expect(frame.locator("h1")).to_contain_text("weerbaar")
    expect(frame.locator(".embed-onder")).to_contain_text("Stadskern")


# -- privacy: no third party, no CSP violation, no cookie --------------------------------------


def test_every_page_stays_on_localhost_without_csp_violations(tab: Page, prod: str) -> None:
    violations = {}
    for path in PAGES:
        tab.goto(prod + path)
        _settled(tab)
        found = tab.evaluate("window.__csp")
        if found:
            violations[path] = found
    hosts = {urlparse(u).hostname for u in tab.requests_seen}  # type: ignore[attr-defined]
    assert hosts == {"127.0.0.1"}, hosts
    assert not violations, violations
    assert tab.context.cookies() == []


# -- plotly.js: the basic bundle from the app, for the dashboard and the embed views ------------

# An embed view's first load, compressed (HTML, CSS, plotly.js's basic bundle, embed.js): measured
# 419 kB gzip, 416 kB brotli (before the cache recompresses plotly.js at quality 11); with
# plotly's full bundle it was 1,492 kB gzip.
EMBED_EERSTE_KEER_MAX = 500_000
DASHBOARD = "/verkenner?indicator=test_weerbaar&jaar=2023&gebied=WK030701"


def _errors(page: Page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: found.append(str(e)))
    return found


def _wire_bytes(url: str, encoding: str) -> int:
    """Bytes the server sends for `url` with Accept-Encoding `encoding` (not decompressed)."""
    req = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(req, timeout=30) as r:  # noqa: S310 - the test's own server
        return len(r.read())


@pytest.mark.usefixtures("plotly_js_basis")
def test_dashboard_draws_with_the_basic_bundle_and_never_fetches_the_full_one(tab: Page,
                                                                              prod: str) -> None:
    errors = _errors(tab)
    tab.goto(prod + DASHBOARD)
    _settled(tab)
    # Each graph first renders empty, then with the figure of its callback.
    tab.wait_for_function("""() => ['kaart', 'trend', 'uits'].every(n => {
        const gd = document.querySelector(`#verkenner-${n} .js-plotly-plot`);
        return gd && gd._fullData && gd._fullData.length > 0; })""")
    drawn = tab.evaluate("""() => Object.fromEntries(['kaart', 'trend', 'uits'].map(n => {
        const gd = document.querySelector(`#verkenner-${n} .js-plotly-plot`);
        return [n, gd._fullData.filter(t => t.visible === true).map(t => t.type + (t.fill || ''))];
    }))""")
    assert "scattertoself" in drawn["kaart"], drawn  # wijken: filled scatter paths
    assert drawn["trend"] and set(drawn["trend"]) == {"scatternone"}, drawn
    assert drawn["uits"] and set(drawn["uits"]) == {"bar"}, drawn
    assert tab.locator("#verkenner-kaart path.js-fill").count() > 10
    assert tab.locator("#verkenner-trend .scatterlayer .js-line").count() >= 2
    assert tab.locator("#verkenner-uits .barlayer .point").count() >= 2
    plotly = tab.evaluate("[window.Plotly.version, Object.keys(Plotly.PlotSchema.get().traces)]")
    assert plotly[0] in embed.PLOTLY_JS_VOLLEDIG.read_text()[:100]
    assert set(plotly[1]) == {"scatter", "bar", "pie"}  # the basic bundle
    seen = tab.requests_seen  # type: ignore[attr-defined]
    assert [u for u in seen if "plotly" in u] == [prod + embed.plotly_pad()]
    assert not [u for u in seen if "async-plotlyjs" in u or u.endswith("plotly.min.js")]
    assert {urlparse(u).hostname for u in seen} == {"127.0.0.1"}
    assert tab.evaluate("window.__csp") == []
    assert errors == []


@pytest.mark.usefixtures("plotly_js_basis")
def test_an_embed_views_first_load_stays_far_under_the_full_bundle(tab: Page, prod: str) -> None:
    errors = _errors(tab)
    tab.goto(prod + KAART)
    expect(tab.locator(".embed-grafiek .main-svg").first).to_be_visible()
    tab.wait_for_load_state("networkidle")
    assert tab.locator(".embed-grafiek path.js-fill").count() > 10
    seen = list(dict.fromkeys(tab.requests_seen))  # type: ignore[attr-defined]
    assert [u for u in seen if "plotly" in u] == [prod + embed.plotly_pad()]
    assert all(u.startswith(prod) for u in seen) and errors == []
    for encoding in ("gzip", "br"):
        total = sum(_wire_bytes(u, encoding) for u in seen)
        assert total < EMBED_EERSTE_KEER_MAX, (encoding, total, seen)
    full = embed.PLOTLY_JS_VOLLEDIG.stat().st_size
    assert _wire_bytes(prod + embed.plotly_pad(), "identity") < full / 3


# -- the embed views: keyboard, screen readers, widths ------------------------------------------


def test_embed_table_alternative_is_reachable_with_the_keyboard(tab: Page, prod: str) -> None:
    tab.goto(prod + KAART)
    expect(tab.locator(".embed-grafiek .main-svg").first).to_be_visible()
    reached = []
    for _ in range(6):
        tab.keyboard.press("Tab")
        reached.append(tab.evaluate("document.activeElement.textContent.trim()"))
        if reached[-1] == "Tabel bij de kaart":
            break
    assert reached[-1] == "Tabel bij de kaart", reached
    tab.keyboard.press("Enter")
    expect(tab.locator("details.tabel-alternatief table caption")).to_be_visible()
    tab.keyboard.press("Tab")  # the scrollable table region
    assert tab.evaluate("document.activeElement.getAttribute('role')") == "region"
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent").startswith("Bekijk dit in de Wijkmonitor")
    chart = tab.locator("#embed-grafiek")
    assert chart.get_attribute("role") == "img" and "tabel hieronder" in chart.get_attribute("aria-label")


def test_embed_views_pass_axe(tab: Page, prod: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = {}
    for path in [*EMBEDS, "/embed/kaart?indicator=bestaat_niet"]:
        tab.goto(prod + path)
        tab.wait_for_load_state("networkidle")
        tab.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
        result = axe.run(tab, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                   "best-practice"]})
        bad = [v for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
        if bad:
            problems[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
    assert not problems, problems


@pytest.mark.parametrize("width", [300, 480, 800, 1200])
def test_embed_views_fit_frames_from_300_to_1200_px(browser: Browser, prod: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    try:
        for path in EMBEDS:
            pg.goto(prod + path)
            pg.wait_for_load_state("networkidle")
            expect(pg.locator("h1")).to_be_visible()
            # Nothing sticks out sideways; a wide table scrolls inside its own region.
            overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (path, width, overflow)
            svg = pg.locator(".embed-grafiek .main-svg").first
            if svg.count():
                assert svg.bounding_box()["width"] <= width
            # the wijkprofiel's link names what it opens: the full profile
            expect(pg.get_by_role("link", name=re.compile(
                "Bekijk dit in de Wijkmonitor|Volledig wijkprofiel van"))).to_be_visible()
    finally:
        context.close()


# -- the monitor's table on a 1400 px screen and on A4 (real data) ------------------------------


@pytest.fixture(scope="module")
def real_prod(real_warehouse: Path, tmp_path_factory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("gunicorn-real") / "gunicorn.log"
    with gunicorn_server(real_warehouse, log) as (url, _):
        yield url


def test_monitor_table_fits_a_1400_px_screen_and_a4(browser: Browser, real_prod: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    try:
        keuzes = ["thema=Preventie", "thema=Bestaanszekerheid%20en%20participatie",
                  "thema=Ontwikkelen%20en%20opgroeien", "thema=Ouder%20worden", "doel=ME-A",
                  "doel=RD-14"]
        for keuze in keuzes:
            pg.emulate_media(media="screen")
            pg.set_viewport_size({"width": 1400, "height": 1000})
            pg.goto(f"{real_prod}/monitor?{keuze}")
            _settled(pg)
            tabel = pg.locator("#monitor-tabel")
            expect(tabel).to_be_visible()
            regio = pg.locator(".tabel-scroll").first
            assert regio.get_attribute("tabindex") == "0" and regio.get_attribute("role") == "region"
            breed = pg.evaluate("""() => { const t = document.querySelector('#monitor-tabel');
                return [t.scrollWidth, t.parentElement.clientWidth]; }""")
            assert breed[0] <= breed[1], (keuze, breed)
            doelen = pg.locator("#monitor-tabel thead th").last
            assert doelen.text_content() == "Doelen"
            assert doelen.bounding_box()["x"] + doelen.bounding_box()["width"] <= 1400
            # Printed on A4 (186 mm between the margins = 703 CSS px): no column cut off.
            pg.set_viewport_size({"width": 703, "height": 1000})
            pg.emulate_media(media="print")
            gedrukt = pg.evaluate("""() => { const t = document.querySelector('#monitor-tabel');
                return [t.getBoundingClientRect().right, document.querySelector('main').clientWidth]; }""")
            assert gedrukt[0] <= gedrukt[1] + 1, (keuze, gedrukt)
    finally:
        context.close()
