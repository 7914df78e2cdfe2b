"""Fixtures of the app tests: small warehouses built by the real ETL from tests/app/fixtures.

The fixture extracts hold generated TESTDATA (see fixtures/data/README.md); the CBS boundaries
and Kerncijfers are copied from data/cbs. Browser fixtures start the real app in a subprocess.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import config as app_config
from app import embed, queries
from tests.conftest import require

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURE_DATA = Path(__file__).resolve().parent / "fixtures" / "data"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def make_data_dir(target: Path) -> Path:
    """A data directory: the fixture catalogues and extracts plus the real CBS files."""
    shutil.copytree(FIXTURE_DATA, target)
    shutil.copytree(REPO_ROOT / "data" / "cbs", target / "cbs")
    return target


def build(data_dir: Path, out: Path) -> Path:
    """Build a warehouse with the real ETL."""
    from etl.build import build_warehouse

    build_warehouse(data_dir, out, quiet=True)
    return out


@pytest.fixture(scope="session")
def test_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture data directory (copied once per session)."""
    return make_data_dir(tmp_path_factory.mktemp("app-data") / "data")


@pytest.fixture(scope="session")
def warehouse_path(test_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small warehouse built from the fixture extracts (once per session)."""
    return build(test_data_dir, tmp_path_factory.mktemp("app-wh") / "warehouse.duckdb")


@pytest.fixture()
def db(warehouse_path: Path) -> Iterator[queries.Warehouse]:
    """A fresh query object on the small warehouse (empty cache)."""
    wh = queries.Warehouse(warehouse_path)
    yield wh
    wh.close()


@pytest.fixture()
def app_env(warehouse_path: Path) -> Iterator[app_config.Config]:
    """The app's module-level warehouse and configuration pointed at the small warehouse."""
    cfg = app_config.Config(warehouse=warehouse_path)
    app_config.activate(cfg)
    queries.configure(warehouse_path)
    yield cfg


def free_port() -> int:
    """A free TCP port on localhost."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 30.0) -> None:
    """Wait until the URL answers 200."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - localhost
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not come up")
        time.sleep(0.2)


@contextlib.contextmanager
def running(command: list[str], env: dict[str, str], log: Path, ready_url: str,
            timeout: float = 30.0) -> Iterator[subprocess.Popen]:
    """A server process (output to log) from the repo root, once ready_url answers 200; stopped after."""
    with log.open("w") as handle:
        proc = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=handle,
                                stderr=subprocess.STDOUT)
    try:
        wait_for(ready_url, timeout=timeout)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def server(warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`python -m app` on a free localhost port, serving the small warehouse; yields its URL."""
    port = free_port()
    env = dict(os.environ, WIJKMONITOR_WAREHOUSE=str(warehouse_path), PORT=str(port),
               HOST="127.0.0.1")
    env.pop("WIJKMONITOR_BASEMAP_URL", None)
    log = tmp_path_factory.mktemp("server") / "app.log"
    url = f"http://127.0.0.1:{port}"
    with running([sys.executable, "-m", "app"], env, log, url + "/"):
        yield url


@pytest.fixture(scope="session")
def plotly_js_basis() -> Path:
    """The basic plotly.js bundle from node_modules (package.json): skipped, or failed on CI."""
    require(embed.PLOTLY_JS_BASIS.is_file(),
            "node_modules/plotly.js-basic-dist-min missing: run `make install-test` (needs npm)")
    return embed.PLOTLY_JS_BASIS


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (the Debian package) for the session."""
    require(Path(CHROMIUM).exists(), f"Debian chromium is not installed ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server: str):
    """A fresh page; every request it makes is recorded in page.requests_seen."""
    context = browser.new_context(viewport={"width": 1300, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(20_000)  # headroom for a loaded 2-core CI machine
    seen: list[str] = []
    pg.on("request", lambda r: seen.append(r.url))
    pg.requests_seen = seen  # type: ignore[attr-defined]
    pg.base_url = server  # type: ignore[attr-defined]
    yield pg
    context.close()


@pytest.fixture(scope="session")
def dash_app(warehouse_path: Path):
    """The real Dash app on the small warehouse (its page modules are loaded by Dash)."""
    from app import create_app

    return create_app(app_config.Config(warehouse=warehouse_path))


@pytest.fixture()
def client(dash_app, app_env):
    """Flask's test client of the real app (Dash pages, server-rendered pages, embeds)."""
    return dash_app.server.test_client()


@pytest.fixture()
def pages(dash_app, app_env):
    """The Dash page modules as Dash loaded them: pages.verkenner (the wijkprofiel, the monitor
    and the start page are server-rendered: app/site). Called inside a callback request's context,
    as Dash calls them (the embed code needs the request's host)."""
    from types import SimpleNamespace

    with dash_app.server.test_request_context("/_dash-update-component", method="POST"):
        yield SimpleNamespace(**{
            name: sys.modules[f"app.pages.{name}"] for name in ("verkenner",)
        })
