"""Browser benchmark: what a visitor waits for in Chromium, page by page and click by click.

The production server (gunicorn with deploy/gunicorn.conf.py, plotly's basic bundle) serves the
warehouse of a set; Playwright drives Debian's Chromium. Per repetition: a cold and a warm first
visit of the Verkenner, four interactions there (choose an indicator, click a wijk on the map,
change the year, change the level), the wijkprofiel of the largest wijk, a small wijk and a
cluster, the monitor page of each thema, the start page and each /embed/* view. Side by side, in
the same run, a static client-side *floor* (bench/floor/): the same figures, exported from the
warehouse by the app's figure builders, drawn by the same plotly.js file, the same interactions in
plain JavaScript. Every figure is measured by bench/browser.py: until the page is drawn, nothing
is pending and the main thread accepts input. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import requests
from plotly.utils import PlotlyJSONEncoder

from app import catalogus, gebieden
from app.onderdelen import kaart, trend, uitsplitsing
from bench import browser as b
from bench.app_bench import free_port, server_process, warehouse_for
from bench.common import OUT_DIR, PYTHON, REPO_ROOT, merge_sets, percentile, write_result

FLOOR_SOURCE = Path(__file__).resolve().parent / "floor"
GEMEENTE = "GM0307"

# Targets of issue #16 (ms, shipped data, warm); the national warehouse may take 1.5 times these.
INTERACTION = {"median": 350.0, "p95": 500.0}
FIRST_VISIT = {"median": 1000.0}
PAGE = {"median": 1000.0}
EMBED = {"median": 500.0}
NATIONAL_FACTOR = 1.5
# Issue 24: every Verkenner interaction within this many times the static floor (median).
FLOOR_TARGET = {"shipped": 2.0, "national": 2.5}


def floor_target(name: str) -> float:
    """The × floor target of a set: national (and its variants, e.g. 'national-before') 2.5."""
    return FLOOR_TARGET["national"] if name.startswith("national") else FLOOR_TARGET["shipped"]

INTERACTIONS = ("indicator", "wijk", "jaar", "niveau")

# What the benchmark must know of the Verkenner to drive it (its controls); nothing else of any
# page is used: readiness is generic (bench/browser.py).
V = {"indicator": "#verkenner-indicator", "jaar": "#verkenner-jaar",
     "kaart": "#verkenner-kaart .js-plotly-plot", "niveau_knop": "Buurten"}


# -- what to visit -----------------------------------------------------------------------------


@dataclass
class Plan:
    """The areas, indicators and URLs one set's run visits (from its warehouse)."""

    verkenner: str
    start: str | None
    default: str  # the indicator the Verkenner opens with
    kies: str  # the indicator chosen
    kies_naam: str
    jaar2: int  # the year chosen after it
    wijk: str  # the wijk clicked on the map
    wijk_punt: tuple[float, float]  # its label point (lon, lat) in the map's indeling
    pages: dict[str, str] = field(default_factory=dict)  # case -> path (wijkprofiel, monitor, ...)
    embeds: dict[str, str] = field(default_factory=dict)


def areas_by_size(con: duckdb.DuckDBPyConnection, niveau: str, gemeente: str) -> list[tuple[str, str, int]]:
    """(code, indeling, figures) of the gemeente's areas of a level, most figures first."""
    return con.execute(
        """SELECT g.gebied_code, g.indeling, count(DISTINCT f.indicator_id) * 1000000 + count(*)
           FROM fact_waarde f JOIN dim_gebied g USING (gebied_id)
           WHERE g.niveau = ? AND g.parent_code = ?
             AND g.indeling = (SELECT max(indeling) FROM dim_gebied WHERE niveau = ?)
           GROUP BY ALL ORDER BY 3 DESC, 1""", [niveau, gemeente, niveau]).fetchall()


def make_plan(warehouse: Path, base_url: str, verkenner: str, start: str | None) -> Plan:
    from app import queries

    db = queries.Warehouse(warehouse)
    try:
        cat = db.indicatoren()
        # The Verkenner's default, by the app's own rule: the floor must start where the app
        # does (it started on the indicator colouring most wijken, the app on the monitor's
        # own indicator with most wijken: another map and a breakdown the app did not show).
        default = catalogus.standaard_indicator(cat)
        best: tuple[Any, ...] | None = None
        for code in cat["code"]:
            wijk_jaren = gebieden.kaart_jaren(db, code, "wijk")
            if code == default or len(wijk_jaren) < 2:
                continue
            buurt = set(gebieden.kaart_jaren(db, code, "buurt"))
            score = (wijk_jaren[-2] in buurt, len(wijk_jaren), code)
            if best is None or score > best[0]:
                best = (score, code, wijk_jaren[-2])
        if best is None:
            raise SystemExit(f"{warehouse}: no indicator with wijk figures in two years")
        _, kies, jaar2 = best
        kies_naam = str(catalogus.indicator(db, kies)["naam"])
        laatste = gebieden.kaart_jaren(db, kies, "wijk")[-1]
        indeling = gebieden.indeling_voor(db, kies, laatste, "wijk")
        themas = catalogus.themas(db)
    finally:
        db.close()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        wijken = areas_by_size(con, "wijk", GEMEENTE)
        clusters = areas_by_size(con, "gebiedscluster", GEMEENTE)
        op_kaart = [r for r in wijken if r[1] == indeling] or wijken
        wijk = op_kaart[0][0]
        punt = con.execute("SELECT label_lon, label_lat FROM gebied_geometrie WHERE gebied_code = ? "
                           "AND indeling = ?", [wijk, indeling]).fetchone()
    if punt is None:
        raise SystemExit(f"{warehouse}: no label point for {wijk} in {indeling}")
    pages = {}
    for label, rows in (("groot", wijken[:1]), ("klein", wijken[-1:]), ("cluster", clusters[:1])):
        for code, ind, _ in rows:
            pages[f"wijkprofiel {label}"] = f"/wijkprofiel?gebied={code}&indeling={ind}"
    for thema in themas:
        pages[f"monitor {thema}"] = "/monitor?" + _query({"thema": thema})
    if start:
        pages["start"] = start
    embeds = {
        "embed kaart": f"/embed/kaart?indicator={kies}&jaar={laatste}&niveau=wijk&gebied={wijk}",
        "embed trend": f"/embed/trend?indicator={kies}&niveau=wijk&gebied={wijk}",
        "embed groepen": f"/embed/groepen?indicator={kies}&jaar={laatste}&niveau=wijk",
        "embed wijkprofiel": f"/embed/wijkprofiel?gebied={wijk}&indeling={indeling}",
    }
    return Plan(verkenner=verkenner, start=start, default=default, kies=kies, kies_naam=kies_naam,
                jaar2=jaar2, wijk=wijk, wijk_punt=(float(punt[0]), float(punt[1])), pages=pages,
                embeds=embeds)


def _query(params: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def _answers(url: str) -> bool:
    with contextlib.suppress(requests.RequestException):
        r = requests.get(url, timeout=30, allow_redirects=False)
        return r.status_code == 200 and "Pagina niet gevonden" not in r.text
    return False


def resolve_paths(base: str, verkenner: str, start: str) -> tuple[str, str | None]:
    """'auto': the Verkenner at /verkenner if the server has it, else at /; the start page at
    /start, else at / when the Verkenner moved away from it, else none."""
    if verkenner == "auto":
        verkenner = "/verkenner" if _answers(base + "/verkenner") else "/"
    if start == "auto":
        start_path: str | None = "/start" if _answers(base + "/start") else (
            "/" if verkenner != "/" else None)
    else:
        start_path = start or None
    return verkenner, start_path


# -- the floor ---------------------------------------------------------------------------------


def floor_tabel(kd: kaart.KaartData) -> list[list[str]]:
    """The floor's table of a map state: (name, value, difference) of the figures the app shows,
    by name. Those of the areas on the map or, when the year's indeling has no boundaries, the
    same figures without a map: the app then lists them in its ranking and table (an empty
    floor table made the shipped set's level change look 5x slower than a page drawing nothing)."""
    from app import fmt

    eenheid = kd.indicator["eenheid"]
    rijen = sorted(kd.rijen or kd.zonder_geometrie_rijen, key=lambda r: r.naam)
    return [[str(r.naam), fmt.waarde(r.waarde, eenheid, r.status),
             fmt.verschil(r.verschil, eenheid) if r.status == fmt.STATUS_WAARDE else ""]
            for r in rijen]


def export_floor(warehouse: Path, plan: Plan, out: Path) -> Path:
    """bench/floor/ plus floor-data.json (the Verkenner's figures for the states the run visits)
    and the app's plotly.js file, in `out`."""
    from app import queries
    from app.components import GRAPH_CONFIG
    from app.config import Config
    from app.embed import PLOTLY_JS
    from app.onderdelen import kaart_figures, trend_figures

    cfg = Config(warehouse=warehouse)
    db = queries.Warehouse(warehouse)
    try:
        def state(code: str, jaar: int, niveau: str, gebied: str | None) -> tuple[str, dict]:
            kd = kaart.kaart(db, code, jaar, niveau, cfg.gemeente)
            if gebied and not gebieden.gebied_bestaat(db, gebied, kd.indeling or "", niveau):
                gebied = None
            sel = (gebied, kd.indeling, niveau) if gebied and kd.indeling else None
            td = trend.trend(db, code, cfg.gemeente, cfg.referenties, sel)
            ud = uitsplitsing.uitsplitsing(db, code, jaar, cfg.gemeente, sel)
            tabel = floor_tabel(kd)
            key = "|".join([code, str(jaar), niveau, gebied or ""])
            return key, {
                "titel": str(kd.indicator["naam"]),
                "kaart": kaart_figures.kaart_figuur(kd, "waarde", gebied, None, ""),
                "trend": trend_figures.trend_figuur(td),
                "uits": None if ud.groepen.empty else uitsplitsing.uitsplitsing_figuur(ud),
                "tabel": tabel,
            }

        d_jaar = gebieden.kaart_jaren(db, plan.default, "wijk")[-1]
        k_jaar = gebieden.kaart_jaren(db, plan.kies, "wijk")[-1]
        states = dict([
            state(plan.default, d_jaar, "wijk", None),
            state(plan.kies, k_jaar, "wijk", None),
            state(plan.kies, k_jaar, "wijk", plan.wijk),
            state(plan.kies, plan.jaar2, "wijk", plan.wijk),
            state(plan.kies, plan.jaar2, "wijk", None),
            state(plan.kies, plan.jaar2, "buurt", None),
        ])
        payload = {
            "config": GRAPH_CONFIG,
            "start": {"indicator": plan.default, "jaar": d_jaar, "niveau": "wijk", "gebied": None},
            "indicatoren": [[c, str(catalogus.indicator(db, c)["naam"])] for c in (plan.default, plan.kies)],
            "jaren": {c: list(reversed(gebieden.jaren(db, c))) for c in (plan.default, plan.kies)},
            "laatste": {plan.default: d_jaar, plan.kies: k_jaar},
            "niveaus": [["wijk", "Wijken"], ["buurt", "Buurten"]],
            "states": states,
        }
    finally:
        db.close()
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(FLOOR_SOURCE, out)
    shutil.copyfile(PLOTLY_JS, out / "plotly.min.js")
    (out / "floor-data.json").write_text(json.dumps(payload, cls=PlotlyJSONEncoder),
                                         encoding="utf-8")
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=3600")  # as the app's static files
        super().end_headers()


@contextlib.contextmanager
def static_server(directory: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


# -- the production server ---------------------------------------------------------------------


@contextlib.contextmanager
def production_server(warehouse: Path, workers: int, threads: int, name: str) -> Iterator[str]:
    """gunicorn --config deploy/gunicorn.conf.py app.wsgi:server on a free loopback port."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKMONITOR_")}
    env.update(WIJKMONITOR_WAREHOUSE=str(warehouse), HOST="127.0.0.1", PORT=str(port),
               WIJKMONITOR_WORKERS=str(workers), WIJKMONITOR_THREADS=str(threads),
               WIJKMONITOR_LOG_LEVEL="warning", PYTHONPATH=str(REPO_ROOT))
    cmd = [PYTHON, "-m", "gunicorn", "--config", str(REPO_ROOT / "deploy" / "gunicorn.conf.py"),
           "app.wsgi:server"]
    url = f"http://127.0.0.1:{port}"
    with server_process(cmd, env, OUT_DIR / f"gunicorn-browser-{name}.log", url, "/healthz"):
        yield url


# -- driving the pages -------------------------------------------------------------------------


def choose_option(page: Any, dropdown: str, option: str, search: str | None = None) -> None:
    """A Dash dropdown like a user: open it (and type), arm the clock, click the option."""
    page.click(dropdown)
    content = page.locator(".dash-dropdown-content")
    content.wait_for(state="visible")
    if search:
        content.locator("input.dash-dropdown-search").fill(search)
    choice = content.locator("label").filter(has_text=re.compile(rf"^{re.escape(option)}")).first
    choice.wait_for(state="visible")
    b.arm(page)
    choice.click()


def click_map(page: Any, graph: str, lon: float, lat: float) -> None:
    """Click a map coordinate (plotly's own axis conversion), with the clock armed."""
    page.locator(graph).scroll_into_view_if_needed()
    x, y = page.evaluate(
        """([sel, lon, lat]) => {
            const gd = document.querySelector(sel);
            const r = gd.querySelector('.nsewdrag').getBoundingClientRect();
            return [r.left + gd._fullLayout.xaxis.l2p(lon), r.top + gd._fullLayout.yaxis.l2p(lat)];
        }""", [graph, lon, lat])
    page.mouse.move(x, y)
    # plotly reports a click on what it hovers: wait until the hover label is drawn
    page.wait_for_function("sel => document.querySelector(sel).querySelector('.hoverlayer *')",
                           arg=graph, timeout=5000)
    b.arm(page)
    page.mouse.click(x, y)


def interact_app(page: Any, plan: Plan, step: str) -> None:
    if step == "indicator":
        choose_option(page, V["indicator"], plan.kies_naam, search=plan.kies_naam[:30])
    elif step == "wijk":
        click_map(page, V["kaart"], *plan.wijk_punt)
    elif step == "jaar":
        choose_option(page, V["jaar"], str(plan.jaar2))
    elif step == "niveau":
        knop = page.get_by_role("button", name=V["niveau_knop"], exact=True)
        b.arm(page)
        knop.click()


def interact_floor(page: Any, plan: Plan, step: str) -> None:
    if step == "indicator":
        b.arm(page)
        page.select_option("#indicator", plan.kies)
    elif step == "wijk":
        click_map(page, "#kaart", *plan.wijk_punt)
    elif step == "jaar":
        b.arm(page)
        page.select_option("#jaar", str(plan.jaar2))
    elif step == "niveau":
        knop = page.get_by_role("button", name="Buurten", exact=True)
        b.arm(page)
        knop.click()


# -- one set -----------------------------------------------------------------------------------


class Samples:
    """Measurements per case, with a time budget per case (a case over it gets fewer reps)."""

    def __init__(self, budget_s: float) -> None:
        self.budget_s = budget_s
        self.cases: dict[str, list[b.Measurement]] = {}
        self.spent: dict[str, float] = {}
        self.errors: dict[str, list[str]] = {}

    def wanted(self, case: str) -> bool:
        return not self.cases.get(case) or self.spent.get(case, 0.0) < self.budget_s

    def measure(self, case: str, action: Callable[[], b.Measurement]) -> b.Measurement | None:
        started = time.perf_counter()
        try:
            m = action()
        except Exception as exc:  # noqa: BLE001 - a failed measurement is reported, not fatal
            self.errors.setdefault(case, []).append(f"{type(exc).__name__}: {str(exc)[:200]}")
            m = None
        else:
            self.cases.setdefault(case, []).append(m)
        self.spent[case] = self.spent.get(case, 0.0) + time.perf_counter() - started
        return m


def _verkenner_rep(browser: Any, base: str, path: str, plan: Plan, samples: Samples, prefix: str,
                   interact: Callable[[Any, Plan, str], None], timeout_s: float,
                   asks_server: bool) -> Any:
    """Cold visit (fresh context), warm visit, the four interactions; returns the warm context."""
    context = b.new_context(browser)
    page = context.new_page()
    rec = b.Recorder(page)
    cond = b.GRAPH_DRAWN
    samples.measure(f"{prefix}first visit, cold", lambda: b.visit(page, rec, base + path, cond,
                                                                  timeout_s))
    warm = samples.measure(f"{prefix}first visit, warm", lambda: b.visit(page, rec, base + path,
                                                                         cond, timeout_s))
    if warm is None:
        return context, page, rec
    for step in INTERACTIONS:
        def act(step: str = step) -> b.Measurement:
            interact(page, plan, step)
            m = b.until_ready(page, rec, cond, since_input=True, timeout_s=timeout_s)
            if asks_server and not m.requests:
                raise RuntimeError(f"{step}: no request after the input (it changed nothing)")
            return m

        if samples.measure(f"{prefix}{step}", act) is None:
            break
    return context, page, rec


def bench_set(name: str, warehouse: Path, reps: int, budget_s: float, timeout_s: float,
              verkenner: str, start: str, cases: set[str] | None, workers: int,
              threads: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with production_server(warehouse, workers, threads, name) as base:
        verkenner_path, start_path = resolve_paths(base, verkenner, start)
        plan = make_plan(warehouse, base, verkenner_path, start_path)
        floor_dir = export_floor(warehouse, plan, OUT_DIR / f"floor-{name}")
        pages = {**plan.pages, **plan.embeds}
        if cases is not None:
            pages = {k: v for k, v in pages.items() if any(k.startswith(c) for c in cases)}
        for path in [verkenner_path, *pages.values()]:  # every worker imports and caches once
            for _ in range(workers):
                requests.get(base + path, timeout=120)
        samples = Samples(budget_s)
        with static_server(floor_dir) as floor, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=b.CHROMIUM, args=b.CHROMIUM_ARGS)
            try:
                for rep in range(reps):
                    print(f"  {name}: repetition {rep + 1}/{reps}", file=sys.stderr, flush=True)
                    context, page, rec = _verkenner_rep(browser, base, verkenner_path, plan,
                                                        samples, "", interact_app, timeout_s, True)
                    try:
                        for case, path in pages.items():
                            if samples.wanted(case):
                                samples.measure(case, lambda page=page, rec=rec, path=path: b.visit(
                                    page, rec, base + path, b.LOADED, timeout_s))
                    finally:
                        context.close()
                    context, _, _ = _verkenner_rep(browser, floor, "/index.html", plan, samples,
                                                   "floor: ", interact_floor, timeout_s, False)
                    context.close()
            finally:
                browser.close()
    return summarise(name, plan, samples, reps)


def _stats(values: list[float]) -> dict[str, float]:
    s = sorted(values)
    return {"median": round(percentile(s, 50), 1), "p95": round(percentile(s, 95), 1)}


def summarise(name: str, plan: Plan, samples: Samples, reps: int) -> dict[str, Any]:
    factor = NATIONAL_FACTOR if name == "national" else 1.0
    out: dict[str, Any] = {}
    for case, ms in samples.cases.items():
        row: dict[str, Any] = {
            "n": len(ms),
            "total_ms": _stats([m.total_ms for m in ms]),
            "server_ms": _stats([m.server_ms for m in ms]),
            "server_sum_ms": _stats([m.server_sum_ms for m in ms]),
            "main_thread_ms": _stats([m.main_thread_ms for m in ms]),
            "requests": _stats([float(m.requests) for m in ms]),
            "errors": samples.errors.get(case, [])[:3],
            "error_count": len(samples.errors.get(case, [])),
        }
        target = (INTERACTION if case in INTERACTIONS else
                  FIRST_VISIT if case == "first visit, warm" else
                  EMBED if case.startswith("embed ") else
                  PAGE if case.startswith(("wijkprofiel", "monitor", "start")) else None)
        if target:
            row["target_ms"] = {k: v * factor for k, v in target.items()}
            row["ratio"] = {k: round(row["total_ms"][k] / v, 2) for k, v in row["target_ms"].items()}
        floor = samples.cases.get(f"floor: {case}")
        if floor and not case.startswith("floor: "):
            f_med = _stats([m.total_ms for m in floor])["median"]
            row["floor_median_ms"] = f_med
            row["vs_floor"] = round(row["total_ms"]["median"] / f_med, 2) if f_med else None
            if case in INTERACTIONS:
                row["vs_floor_target"] = floor_target(name)
        out[case] = row
    for case, errors in samples.errors.items():
        if case not in out:
            out[case] = {"n": 0, "errors": errors[:3], "error_count": len(errors)}
    return {"set": name, "reps": reps, "budget_s": samples.budget_s,
            "plan": {"verkenner": plan.verkenner, "start": plan.start, "default": plan.default,
                     "indicator": plan.kies, "jaar": plan.jaar2, "wijk": plan.wijk,
                     "pages": plan.pages, "embeds": plan.embeds},
            "cases": out}


def table(result: dict[str, Any]) -> list[str]:
    """The browser table of docs/performance.md (also printed by python -m bench.browser_bench)."""
    lines = ["| set | case | n | total ms, median | p95 | server ms, median | main thread ms, "
             "median | floor ms | × floor | target ms (median / p95) | ratio median (p95) |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in result["sets"]:
        for case, row in r["cases"].items():
            if case.startswith("floor: ") and case.removeprefix("floor: ") in r["cases"]:
                continue
            if not row.get("n"):
                why = row["errors"][0] if row["errors"] else ""
                lines.append(f"| {r['set']} | {case} | 0 | failed: {why} | | | | | | | |")
                continue
            t = row.get("target_ms", {})
            target = " / ".join(f"{v:g}" for v in t.values())
            if "vs_floor_target" in row:
                target += f", ≤ {row['vs_floor_target']:g}× floor"
            ratio = ""
            if "ratio" in row:
                ratio = f"{row['ratio']['median']:.2f}" + (
                    f" ({row['ratio']['p95']:.2f})" if "p95" in row["ratio"] else "")
            errors = f" ({row['error_count']} failed)" if row.get("error_count") else ""
            lines.append(
                f"| {r['set']} | {case}{errors} | {row['n']} | {row['total_ms']['median']:,.0f} | "
                f"{row['total_ms']['p95']:,.0f} | {row['server_ms']['median']:,.0f} | "
                f"{row['main_thread_ms']['median']:,.0f} | "
                f"{row.get('floor_median_ms', ''):{',.0f' if 'floor_median_ms' in row else ''}} | "
                f"{row.get('vs_floor') or '':} | {target} | {ratio} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.browser_bench",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="shipped,national", help="warehouses (%(default)s)")
    parser.add_argument("--reps", type=int, default=15, help="repetitions (%(default)s)")
    parser.add_argument("--budget", type=float, default=240.0,
                        help="seconds per case; a slower case stops after the first that exceeds "
                             "it (its n says so) (%(default)s)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per measurement")
    parser.add_argument("--verkenner-path", default="auto",
                        help="path of the Verkenner; auto: /verkenner if it exists, else /")
    parser.add_argument("--start-path", default="auto",
                        help="path of the start page; auto: /start, else / if the Verkenner "
                             "is elsewhere; '' for none")
    parser.add_argument("--cases", default="",
                        help="only the pages whose case name starts with one of these "
                             "(comma-separated, e.g. 'wijkprofiel klein,monitor'); the "
                             "Verkenner and the floor always run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--merge", action="store_true",
                        help="keep the other sets of an earlier result file of the same name")
    parser.add_argument("--name", default="browser", help="result file bench/out/<name>.json")
    args = parser.parse_args(argv)
    cases = {c.strip() for c in args.cases.split(",") if c.strip()} or None
    results = []
    for name in [s.strip() for s in args.sets.split(",") if s.strip()]:
        print(f"Browser {name}", file=sys.stderr, flush=True)
        results.append(bench_set(name, warehouse_for(name), args.reps, args.budget, args.timeout,
                                 args.verkenner_path, args.start_path, cases, args.workers,
                                 args.threads))
    sets = merge_sets(args.name, results) if args.merge else results
    path = write_result(args.name, {"sets": sets})
    print("\n".join(table({"sets": results})))
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
