"""The production entry point: gunicorn with deploy/gunicorn.conf.py serving app.wsgi:server.

A real gunicorn on the warehouse built from data/: workers from the environment, /healthz,
compressed pages with the security headers, embed views, a clean stop on SIGTERM.
"""

from __future__ import annotations

import json
import os
import runpy
import signal
import subprocess
import urllib.request
from pathlib import Path

import brotli
import duckdb

from tests.app.conftest import REPO_ROOT
from tests.deploy.serve import CONFIG, GUNICORN, gunicorn_server


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as r:  # noqa: S310 - localhost
        return r.status, dict(r.headers), r.read()


def test_gunicorn_serves_the_app_with_workers_from_the_environment(real_warehouse: Path,
                                                                   tmp_path: Path) -> None:
    log = tmp_path / "gunicorn.log"
    with gunicorn_server(real_warehouse, log, WIJKMONITOR_WORKERS="2",
                         WIJKMONITOR_THREADS="2") as (url, proc):
        status, headers, body = get(url + "/healthz")
        assert status == 200 and headers["Cache-Control"] == "no-store"
        health = json.loads(body)
        with duckdb.connect(str(real_warehouse), read_only=True) as con:
            built_at = con.execute("SELECT waarde FROM warehouse_info WHERE sleutel = 'built_at'"
                                   ).fetchone()[0]
            rows = con.execute("SELECT count(*) FROM fact_waarde").fetchone()[0]
        assert health["status"] == "ok"
        assert health["warehouse"]["gebouwd"] == built_at and health["warehouse"]["rijen"] == rows

        status, headers, body = get(url + "/monitor?thema=Preventie", **{"Accept-Encoding": "br"})
        assert status == 200 and headers["Content-Encoding"] == "br"
        assert b'<html lang="nl">' in brotli.decompress(body)
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff" and "Set-Cookie" not in headers

        status, headers, _ = get(url + "/embed/trend?indicator=cbs_aantal_inwoners&gebied=WK030701")
        assert status == 200 and headers["Cache-Control"] == "public, max-age=300"

        booted = log.read_text().count("Booting worker")
        assert booted == 2, log.read_text()
        os.killpg(proc.pid, signal.SIGTERM)
        assert proc.wait(timeout=90) == 0  # graceful_timeout is 30 s; CI machines may be busy
    assert "Shutting down: Master" in log.read_text()


def test_gunicorn_settings_come_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "9000")
    monkeypatch.setenv("WIJKMONITOR_WORKERS", "3")
    monkeypatch.setenv("WIJKMONITOR_THREADS", "8")
    monkeypatch.setenv("WIJKMONITOR_TIMEOUT", "90")
    settings = runpy.run_path(str(CONFIG))
    assert settings["bind"] == "0.0.0.0:9000"
    assert (settings["workers"], settings["threads"], settings["timeout"]) == (3, 8, 90)
    assert settings["worker_class"] == "gthread" and settings["preload_app"] is False
    assert settings["control_socket_disable"] is True
    for name in ("WIJKMONITOR_WORKERS", "HOST", "PORT"):
        monkeypatch.delenv(name)
    defaults = runpy.run_path(str(CONFIG))
    assert defaults["bind"] == "127.0.0.1:8050" and defaults["workers"] >= 2


def test_gunicorn_stops_at_once_without_a_warehouse(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKMONITOR_")}
    env.update(WIJKMONITOR_WAREHOUSE=str(tmp_path / "weg.duckdb"), PORT="0")
    done = subprocess.run([str(GUNICORN), "--config", str(CONFIG), "app.wsgi:server"],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 3
    assert "weg.duckdb bestaat niet" in done.stderr and "Traceback" not in done.stderr
