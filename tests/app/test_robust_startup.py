"""Start-up with a missing or unusable warehouse: one Dutch line with the fix, exit code 3.

In-process for every kind of bad file, and as real subprocesses for `python -m app` and
`gunicorn app.wsgi:server`; no traceback anywhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from pathlib import Path

import dash
import duckdb
import pytest

from app import queries, startup
from tests.app.conftest import REPO_ROOT, free_port, running


def _missing(path: Path, _good: Path) -> None:
    return None


def _empty(path: Path, _good: Path) -> None:
    path.write_bytes(b"")


def _text(path: Path, _good: Path) -> None:
    path.write_text("Dit is geen database.\n", encoding="utf-8")


def _random_bytes(path: Path, _good: Path) -> None:
    path.write_bytes(bytes(range(256)) * 64)


def _cut_off(path: Path, good: Path) -> None:
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])  # a copy that stopped halfway


def _damaged(path: Path, good: Path) -> None:
    data = bytearray(good.read_bytes())
    for offset in range(12_288, len(data), 4_096):  # flip bytes in every block after the header
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def _no_schema(path: Path, _good: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE iets_anders (x INTEGER)")
    con.close()


def _old_schema(path: Path, good: Path) -> None:
    shutil.copyfile(good, path)  # a warehouse of another schema version: a column is missing
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE gebied_geometrie DROP COLUMN label_lat")
    con.close()


def _directory(path: Path, _good: Path) -> None:
    path.mkdir()


# (how to make the bad file, words the one line must contain)
CASES: dict[str, tuple[Callable[[Path, Path], None], str]] = {
    "ontbreekt": (_missing, "bestaat niet"),
    "leeg": (_empty, "is leeg"),
    "tekstbestand": (_text, "geen leesbaar DuckDB-bestand"),
    "willekeurige-bytes": (_random_bytes, "geen leesbaar DuckDB-bestand"),
    "afgebroken-kopie": (_cut_off, "geen leesbaar DuckDB-bestand"),
    "beschadigd": (_damaged, "beschadigd of onleesbaar"),
    "ander-schema": (_no_schema, "mist tabellen of kolommen"),
    "oud-schema": (_old_schema, "label_lat"),
    "map": (_directory, "is een map"),
}
SUBPROCESS_CASES = ("ontbreekt", "leeg", "willekeurige-bytes", "ander-schema")


def _bad_file(tmp_path: Path, good: Path, case: str) -> Path:
    path = tmp_path / case / "warehouse.duckdb"
    path.parent.mkdir(parents=True)
    CASES[case][0](path, good)
    return path


def _check_line(line: str, path: Path, words: str) -> None:
    assert line.startswith("fout: het warehouse "), line
    assert str(path) in line and words in line, line
    assert "'make rebuild'" in line and f"'python -m etl build --out {path}'" in line, line


@pytest.mark.parametrize("case", sorted(CASES))
def test_unusable_warehouse_is_named_with_its_fix(case: str, tmp_path: Path,
                                                  warehouse_path: Path) -> None:
    path = _bad_file(tmp_path, warehouse_path, case)
    with pytest.raises(startup.WarehouseProblem) as caught:
        startup.check_warehouse(path)
    message = str(caught.value)
    assert "\n" not in message
    _check_line(message, path, CASES[case][1])


def test_a_good_warehouse_passes_with_its_info_and_leaves_nothing_open(warehouse_path: Path,
                                                                       tmp_path: Path) -> None:
    copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse_path, copy)
    info = startup.check_warehouse(copy)
    assert info["schema_version"] and info["build_id"]
    # The check closed its connections: the file can be replaced and opened for writing at once.
    con = duckdb.connect(str(copy))
    con.close()


def test_every_query_is_part_of_the_check(warehouse_path: Path, monkeypatch) -> None:
    names = queries.query_methods()
    assert {"info", "indicatoren", "kaartwaarden", "reeksen", "uitsplitsing"} <= set(names)
    ran: list[str] = []
    for name in names:
        original = getattr(queries.Warehouse, name)

        def spy(self, *args, _name=name, _original=original):  # noqa: ANN001, ANN202
            ran.append(_name)
            return _original(self, *args)

        spy.is_query = True  # type: ignore[attr-defined]
        spy.__wrapped__ = original.__wrapped__  # type: ignore[attr-defined]  # its signature
        monkeypatch.setattr(queries.Warehouse, name, spy)
    queries.Warehouse(warehouse_path).self_check()
    assert set(ran) == set(names)


def _run(command: list[str], path: Path) -> subprocess.Popen:
    env = dict(os.environ, WIJKMONITOR_WAREHOUSE=str(path), PORT="1", HOST="127.0.0.1")
    return subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_python_m_app_stops_with_one_line_and_exit_code_3(tmp_path: Path,
                                                          warehouse_path: Path) -> None:
    paths = {case: _bad_file(tmp_path, warehouse_path, case) for case in SUBPROCESS_CASES}
    procs = {case: _run([sys.executable, "-m", "app"], path) for case, path in paths.items()}
    for case, proc in procs.items():  # started together: the imports overlap
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == startup.EXIT_WAREHOUSE == 3, (case, out, err)
        assert out == "" and "Traceback" not in err, (case, out, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1, (case, err)
        _check_line(lines[0], paths[case], CASES[case][1])


def test_gunicorn_worker_stops_the_server_instead_of_restarting(tmp_path: Path,
                                                                warehouse_path: Path) -> None:
    path = _bad_file(tmp_path, warehouse_path, "willekeurige-bytes")
    proc = _run([sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", "127.0.0.1:0",
                 "--no-control-socket", "app.wsgi:server"], path)
    out, err = proc.communicate(timeout=120)
    # 3 = gunicorn's WORKER_BOOT_ERROR: the master halts ("Worker failed to boot").
    assert proc.returncode == 3, (out, err)
    assert "Traceback" not in out + err, err
    ours = [line for line in err.splitlines() if line.startswith("fout:")]
    assert len(ours) == 1, err
    _check_line(ours[0], path, "geen leesbaar DuckDB-bestand")


def test_gunicorn_master_checks_once_before_forking(tmp_path: Path, warehouse_path: Path) -> None:
    path = _bad_file(tmp_path, warehouse_path, "ander-schema")
    conf = tmp_path / "gunicorn.conf.py"
    conf.write_text("from app.startup import gunicorn_on_starting as on_starting  # noqa: F401\n"
                    "workers = 4\ncontrol_socket_disable = True\n", encoding="utf-8")
    proc = _run([sys.executable, "-m", "gunicorn", "--config", str(conf), "--bind", "127.0.0.1:0",
                 "app.wsgi:server"], path)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 3, (out, err)
    assert "Traceback" not in out + err and "Booting worker" not in err, err
    ours = [line for line in err.splitlines() if line.startswith("fout:")]
    assert len(ours) == 1, err
    _check_line(ours[0], path, "mist tabellen of kolommen")


@pytest.mark.parametrize("debug", ["0", "1"], ids=["productie", "debug"])
def test_python_m_app_serves_with_and_without_debug(warehouse_path: Path, tmp_path: Path,
                                                    debug: str) -> None:
    # WIJKMONITOR_DEBUG=1 once crashed: Dash's dev tools add Flask handlers inside app.run(),
    # which Flask refuses after the warm-up request had been handled.
    port = free_port()
    env = dict(os.environ, WIJKMONITOR_WAREHOUSE=str(warehouse_path), PORT=str(port),
               HOST="127.0.0.1", WIJKMONITOR_DEBUG=debug)
    url = f"http://127.0.0.1:{port}/"
    log = tmp_path / "app.log"
    with (running([sys.executable, "-m", "app"], env, log, url, timeout=90),
          urllib.request.urlopen(url, timeout=10) as response):  # noqa: S310 - localhost
        body = response.read().decode("utf-8")
    assert "<title>" in body
    assert "Traceback" not in log.read_text(errors="replace")


def test_warm_up_draws_the_default_verkenner_before_the_first_visitor(
        dash_app, app_env, warehouse_path: Path, tmp_path: Path, monkeypatch) -> None:
    """startup.warm_up fills the caches of the Verkenner's default view (its option lists and
    parts) in each worker, so the first visitor of a worker does not wait for them (about 1.3 s
    of CPU on the shipped warehouse, docs/performance.md)."""
    from app import verkenner_opties

    kopie = tmp_path / "warm.duckdb"  # a file of its own: caches empty, whatever ran before
    shutil.copyfile(warehouse_path, kopie)
    getekend: list[int] = []
    echte = verkenner_opties._keuze_opties
    monkeypatch.setattr(verkenner_opties, "_keuze_opties",
                        lambda db: getekend.append(1) or echte(db))
    queries.configure(kopie)
    try:
        startup.warm_up(dash_app)
        assert getekend == [1]
        with dash_app.server.test_request_context("/verkenner"):
            verkenner = next(p for p in dash.page_registry.values() if p["path"] == "/verkenner")
            verkenner["layout"]()
        assert getekend == [1]  # the visitor's view came from the warm cache
    finally:
        queries.configure(warehouse_path)
