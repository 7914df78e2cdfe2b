"""Swapping the warehouse under a running app: many requests while the ETL publishes new files.

The real server (`python -m app`, and gunicorn with the production config) on a free loopback
port while the ETL rebuilds into the served path; plus the races of app/queries.py in-process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

from app import queries, verbinding
from tests.app.conftest import build, free_port, make_data_dir, running

V = "verkenner"
# Two views; the map explanation of each names the gemeente's figure ("Amersfoort: 75 %").
VIEWS = ("?indicator=test_weerbaar&jaar=2023&gebied=WK030701", "?indicator=test_weerbaar&jaar=2023")
PATTERNS = {f"{V}-niveau": queries.KAART_NIVEAUS, f"{V}-weergave": ("waarde", "verschil")}
GEMEENTE_WAARDE = re.compile(r"Amersfoort: (\d+)")
ORIGINAL_LINE = "test_weerbaar;GM0307;;;2023;75,0*"
NEW_VALUES = (81, 82)  # one build per value, each published over the served file
THREADS = 8
MAX_REQUESTS_PER_THREAD = 400  # a bound on the load loop, whatever happens
SWAP_TIMEOUT = 60.0  # seconds a build plus the first answer with the new figure may take
# The state store as the page sends it back (a store of another shape is refused with 400); its
# versie matches no warehouse, so every part of the view is drawn in each answer.
STORE = {"keuze": None, "indicator": "test_weerbaar", "jaar": 2023, "niveau": "wijk",
         "indeling": "wijk2024", "gebied": None, "weergave": "waarde", "versie": "0-0-0"}


def _component(id_text: str, prop: str, value: object = None, with_value: bool = False) -> object:
    """A request entry for one dependency item; an ALL pattern id becomes one entry per button."""
    if not id_text.startswith("{"):
        entry = {"id": id_text, "property": prop}
        return dict(entry, value=value) if with_value else entry
    kind = json.loads(id_text)["type"]
    return [dict({"id": {"type": kind, "value": v}, "property": prop},
                 **({"value": None} if with_value else {})) for v in PATTERNS[kind]]


def payload(url: str, search: str) -> dict:
    """A /_dash-update-component body for the verkenner's one callback, as a changed URL sends it
    (built from the server's own /_dash-dependencies)."""
    with urllib.request.urlopen(url + "/_dash-dependencies", timeout=30) as response:  # noqa: S310
        dependencies = json.loads(response.read())
    dep = next(d for d in dependencies if f"{V}-kaart-uitleg.children" in d["output"])
    outputs = [_component(*item.rsplit(".", 1)) for item in dep["output"][2:-2].split("...")]
    inputs = [_component(i["id"] if isinstance(i["id"], str) else json.dumps(i["id"]), i["property"],
                         search if i["property"] == "search" else None, True) for i in dep["inputs"]]
    return {"output": dep["output"], "outputs": outputs, "inputs": inputs,
            "changedPropIds": [f"{V}-url.search"],
            "state": [_component(s["id"], s["property"], STORE if s["property"] == "data" else None,
                                 True) for s in dep["state"]]}


def post(url: str, body: dict) -> tuple[int, str]:
    """POST JSON on loopback; (status, text) also for HTTP errors."""
    request = urllib.request.Request(
        url + "/_dash-update-component", data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def gemeente_waarde(text: str) -> int:
    """The gemeente's figure in the map explanation of a response."""
    uitleg = json.loads(text)["response"][f"{V}-kaart-uitleg"]["children"]
    match = GEMEENTE_WAARDE.search(uitleg)
    assert match, uitleg
    return int(match.group(1))


def check_response(status: int, text: str) -> None:
    """200, valid JSON, the outputs present, no error message and no traceback."""
    assert status == 200, text[:500]
    assert "Traceback" not in text
    body = json.loads(text)
    assert "response" in body, text[:500]
    assert "foutmelding" not in body.get("sideUpdate", {}), body["sideUpdate"]


@pytest.fixture(params=["python -m app", "gunicorn"])
def swap_server(request: pytest.FixtureRequest, warehouse_path: Path,
                tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """A server on its own copy of the warehouse; yields (url, warehouse, data dir to edit)."""
    target = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse_path, target)
    data_dir = make_data_dir(tmp_path / "data")
    port = free_port()
    env = dict(os.environ, WIJKMONITOR_WAREHOUSE=str(target), PORT=str(port), HOST="127.0.0.1")
    env.pop("WIJKMONITOR_BASEMAP_URL", None)
    if request.param == "gunicorn":  # the production settings, with 2 workers of 4 threads
        env.update(WIJKMONITOR_WORKERS="2", WIJKMONITOR_THREADS="4")
        command = [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py",
                   "app.wsgi:server"]
    else:
        command = [sys.executable, "-m", "app"]
    log = tmp_path / "server.log"
    url = f"http://127.0.0.1:{port}"
    with running(command, env, log, url + "/", timeout=60):
        yield url, target, data_dir
    assert "Traceback" not in log.read_text(errors="replace")


def test_requests_during_warehouse_swaps_all_succeed_and_see_the_new_figures(swap_server) -> None:
    url, target, data_dir = swap_server
    kaart, trend = payload(url, VIEWS[0]), payload(url, VIEWS[1])
    status, text = post(url, kaart)
    check_response(status, text)
    assert gemeente_waarde(text) == 75

    stop = threading.Event()
    lock = threading.Lock()
    responses: list[tuple[int, str]] = []

    def hammer(number: int) -> int:
        done = 0
        while not stop.is_set() and done < MAX_REQUESTS_PER_THREAD:
            result = post(url, kaart if number % 2 else trend)
            with lock:
                responses.append(result)
            done += 1
        return done

    csv = data_dir / "extracts" / "test" / "test_monitor.csv"
    original = csv.read_text(encoding="utf-8")
    seen_after_swap = []
    with ThreadPoolExecutor(THREADS) as pool:
        workers = [pool.submit(hammer, n) for n in range(THREADS)]
        try:
            for value in NEW_VALUES:
                csv.write_text(original.replace(ORIGINAL_LINE, f"test_weerbaar;GM0307;;;2023;{value},0*"),
                               encoding="utf-8")
                started = time.monotonic()
                build(data_dir, target)  # the ETL: build next to it, then rename over the served file
                while True:  # every worker process must move over: ask a few times in a row
                    answers = [post(url, kaart) for _ in range(4)]
                    for s, t in answers:
                        check_response(s, t)
                    if all(gemeente_waarde(t) == value for _, t in answers):
                        break
                    assert time.monotonic() - started < SWAP_TIMEOUT, f"still old figures for {value}"
                    time.sleep(0.1)
                seen_after_swap.append(value)
        finally:
            stop.set()
            counts = [w.result() for w in workers]

    assert seen_after_swap == list(NEW_VALUES)
    assert sum(counts) == len(responses) and len(responses) >= THREADS
    for status, text in responses:
        check_response(status, text)
    values = [gemeente_waarde(t) for s, t in responses if f"{V}-kaart-uitleg" in t]
    assert set(values) <= {75, *NEW_VALUES}  # always a whole warehouse, never a mix or an error


# -- the races inside app/queries.py, made deterministic ---------------------------------------

GEMEENTE_SQL = """SELECT waarde FROM v_waarde
                  WHERE indicator_code = 'test_weerbaar' AND gebied_code = 'GM0307' AND jaar = 2023
                    AND groep_dimensie = 'totaal'"""


def publish_with_value(source: Path, target: Path, value: float) -> None:
    """A new warehouse file with the gemeente's 2023 figure changed, renamed over `target`."""
    tmp = target.with_name(f".{target.name}.nieuw")
    shutil.copyfile(source, tmp)
    con = duckdb.connect(str(tmp))
    con.execute("""UPDATE fact_waarde f SET waarde = ?
                   FROM dim_indicator i, dim_gebied g, dim_jaar j, dim_groep gr
                   WHERE i.indicator_id = f.indicator_id AND g.gebied_id = f.gebied_id
                     AND j.jaar_id = f.jaar_id AND gr.groep_id = f.groep_id
                     AND i.code = 'test_weerbaar' AND g.gebied_code = 'GM0307'
                     AND g.indeling = 'vast' AND j.jaar = 2023 AND gr.dimensie = 'totaal'""",
                [value])
    con.close()
    os.replace(tmp, target)


def value_of(wh: queries.Warehouse) -> float:
    return float(wh.frame(GEMEENTE_SQL).iloc[0]["waarde"])


def test_a_query_that_raced_a_swap_never_opens_the_old_engine(
    tmp_path: Path, warehouse_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse_path, target)
    wh = queries.Warehouse(target)
    assert value_of(wh) == 75.0
    stale = wh._current_engine()  # what a query looked up just before the swap below

    publish_with_value(warehouse_path, target, 76.0)
    assert value_of(wh) == 76.0  # another query switched to the new file
    real = wh._current_engine
    first = iter([stale])
    monkeypatch.setattr(wh, "_current_engine", lambda: next(first, None) or real())
    assert value_of(wh) == 76.0  # the late query looked again instead of using the old engine
    assert stale[0].pool.checkedin() == 0  # nothing was opened on the disposed engine

    # Had it opened a connection there, DuckDB would keep handing out this file after the next
    # swap (one database per path and process): the app would be stuck on 76.
    publish_with_value(warehouse_path, target, 77.0)
    assert value_of(wh) == 77.0
    wh.close()


def test_a_waiting_swap_goes_before_new_queries() -> None:
    lock = verbinding._ReadWriteLock()
    order: list[str] = []
    running = lock.read()
    running.__enter__()  # a long query is running

    def write() -> None:
        with lock.write():
            order.append("swap")

    def read() -> None:
        with lock.read():
            order.append("query")

    writer = threading.Thread(target=write)
    writer.start()
    deadline = time.monotonic() + 5
    while lock._writers_waiting == 0:  # the swap waits for the running query
        assert time.monotonic() < deadline
        time.sleep(0.01)
    reader = threading.Thread(target=read)
    reader.start()
    time.sleep(0.2)
    assert order == []  # the new query waits behind the swap, not the other way round
    running.__exit__(None, None, None)
    writer.join(5)
    reader.join(5)
    assert order == ["swap", "query"]
