"""Minimal reproduction: time until Chromium accepts input after Dash mounts N simple components.

Self-contained (only `dash` for the server, `playwright` and a Chromium for the client), so that it
can go with an upstream bug report (docs/upstream/dash-reset-component-state.md). A click on a
button makes a callback return N `html.Div`s at once (`--mode callback`, like a page whose content
comes from one callback), or the N components are in the initial layout (`--mode layout`); the time
runs from the click (or navigation) until all N are in the DOM and a trivial script queued after
that has run (the main thread is free again). Run the server with another Python (a venv with
another Dash) through --python:

    python bench/repro_dash_mount.py --n 200,400,800
    python bench/repro_dash_mount.py --n 200,400,800 --python /tmp/dash41/bin/python
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]


def serve(port: int, n: int, mode: str) -> None:
    """The Dash app (run in the server process)."""
    from dash import Dash, Input, Output, html

    app = Dash(__name__)
    rows = [html.Div(f"rij {i}", className="rij") for i in range(n)]
    app.layout = html.Div([
        html.Button("Toon", id="toon"),
        html.Div(rows if mode == "layout" else [], id="doel"),
    ])

    @app.callback(Output("doel", "children"), Input("toon", "n_clicks"), prevent_initial_call=True)
    def toon(_clicks: int) -> list:
        return [html.Div(f"rij {i}", className="rij") for i in range(n)]

    app.run(host="127.0.0.1", port=port, debug=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _server(python: str, n: int, mode: str):
    port = _free_port()
    proc = subprocess.Popen([python, __file__, "serve", "--port", str(port), "--n", str(n),
                             "--mode", mode], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/_dash-layout", timeout=2):  # noqa: S310
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the Dash server did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


# Polled by wait_for_function: all N rows are in the DOM.
_ALL_ROWS = "n => document.querySelectorAll('#doel .rij').length === n"


def measure(page, url: str, n: int, mode: str, timeout_s: float) -> dict[str, float]:
    """One measurement, seconds: until the N rows are in the DOM, and until a script ran after it."""
    if mode == "layout":
        page.goto(url, wait_until="commit")
        start = 0.0  # navigation start of the new document
    else:
        page.goto(url)
        page.wait_for_selector("#toon")
        page.wait_for_timeout(300)
        start = page.evaluate("() => performance.now()")
        page.click("#toon")
    page.wait_for_function(_ALL_ROWS, arg=n, timeout=timeout_s * 1000, polling=50)
    # Queued behind whatever the renderer still does on the main thread:
    done = page.evaluate("() => new Promise(r => setTimeout(() => r(performance.now()), 0))")
    return {"interactive_s": (done - start) / 1000}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd")
    srv = sub.add_parser("serve")
    srv.add_argument("--port", type=int, required=True)
    srv.add_argument("--n", type=int, required=True)
    srv.add_argument("--mode", choices=("callback", "layout"), default="callback")
    parser.add_argument("--n", default="200,400,800", help="components per run (%(default)s)")
    parser.add_argument("--mode", choices=("callback", "layout"), default="callback")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--python", default=sys.executable, help="Python that runs the Dash server")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per measurement")
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args(argv)
    if args.cmd == "serve":
        serve(args.port, args.n, args.mode)
        return 0
    from playwright.sync_api import sync_playwright

    version = subprocess.run([args.python, "-c", "import dash; print(dash.__version__)"],
                             capture_output=True, text=True, check=True).stdout.strip()
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in [int(x) for x in args.n.split(",")]:
            with _server(args.python, n, args.mode) as url:
                times = []
                for _ in range(args.reps):
                    context = browser.new_context()
                    page = context.new_page()
                    try:
                        times.append(measure(page, url, n, args.mode, args.timeout)["interactive_s"])
                    finally:
                        context.close()
                row = {"dash": version, "mode": args.mode, "n": n, "reps": len(times),
                       "median_s": round(statistics.median(times), 3),
                       "min_s": round(min(times), 3), "max_s": round(max(times), 3)}
                results.append(row)
                print(json.dumps(row), flush=True)
        browser.close()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
