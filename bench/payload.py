"""Payload benchmark: compressed bytes of a first page load and of every callback response.

A real Chromium loads each page (list of requests); each request is then repeated with gzip and with
brotli to count the bytes the server sends. Without Chromium, the Python Dash client lists them.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections import defaultdict
from typing import Any

import requests

from bench.app_bench import DEFAULT_THREADS, DEFAULT_WORKERS, gunicorn, warehouse_for
from bench.common import write_result
from bench.dash_client import Session

TARGET_EMBED_BYTES = 1_500_000  # embed view, first load, compressed
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
# The full dashboard; the public embed views (app/embed) are found in the page's embed snippet.
PAGES = {"dashboard": "/verkenner"}
EMBED_URL = re.compile(r"""/embed/([a-z]+)\?[^\\"'\s<>]*""")


def chromium() -> str | None:
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def browser_requests(url: str) -> list[dict[str, Any]]:
    """Every same-origin request Chromium makes to load `url` until the network is idle."""
    from playwright.sync_api import sync_playwright

    seen: list[dict[str, Any]] = []
    origin = url.split("/", 3)[:3]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        try:
            page = browser.new_page()

            def record(req: Any) -> None:
                if req.url.split("/", 3)[:3] == origin:
                    seen.append({"method": req.method, "url": req.url, "body": req.post_data})

            page.on("request", record)
            page.goto(url, wait_until="networkidle", timeout=120_000)
            page.wait_for_timeout(500)
        finally:
            browser.close()
    return seen


def client_requests(base: str, path: str) -> list[dict[str, Any]]:
    """The same list from the Python Dash client: HTML, its scripts and styles, callbacks."""
    html = requests.get(base + path, timeout=60).text
    refs = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    seen = [{"method": "GET", "url": base + path, "body": None}]
    seen += [{"method": "GET", "url": base + r, "body": None} for r in refs if r.startswith("/")]
    session = Session(base, keep_bodies=True)
    session.open(path)
    session.close()
    for call in session.calls:
        if call.kind == "callback":
            seen.append({"method": "POST", "url": base + "/_dash-update-component",
                         "body": json.dumps(call.body)})
        elif call.kind in ("layout", "dependencies"):
            seen.append({"method": "GET", "url": base + call.name.split(" ", 1)[1], "body": None})
    return seen


def wire_bytes(req: dict[str, Any], encoding: str) -> tuple[int, int, str]:
    """(bytes on the wire, bytes uncompressed, Content-Encoding) for one request."""
    headers = {"Accept-Encoding": encoding}
    if req["method"] == "POST":
        headers["Content-Type"] = "application/json"
        resp = requests.post(req["url"], data=req["body"], headers=headers, stream=True, timeout=120)
    else:
        resp = requests.get(req["url"], headers=headers, stream=True, timeout=120)
    raw = resp.raw.read(decode_content=False)
    resp.raw.decode_content = True
    enc = resp.headers.get("Content-Encoding", "identity")
    if enc == "identity":
        plain = len(raw)
    else:
        again = requests.request(req["method"], req["url"], data=req["body"],
                                 headers={**headers, "Accept-Encoding": "identity"}, timeout=120)
        plain = len(again.content)
    return len(raw), plain, enc


def kind_of(req: dict[str, Any]) -> str:
    url = req["url"]
    if "_dash-update-component" in url:
        return "callback"
    if url.endswith((".js",)) or ".js?" in url:
        return "js"
    if url.endswith(".css") or ".css?" in url:
        return "css"
    if "_dash-layout" in url or "_dash-dependencies" in url:
        return "layout"
    if "favicon" in url:
        return "other"
    return "html"


def measure_page(base: str, path: str, use_browser: bool) -> dict[str, Any]:
    reqs = browser_requests(base + path) if use_browser else client_requests(base, path)
    rows = []
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for req in reqs:
        gz, plain, enc_gz = wire_bytes(req, "gzip")
        br, _, enc_br = wire_bytes(req, "br")
        name = req["url"].split("/", 3)[3].split("?")[0]
        if req["method"] == "POST":
            name = json.loads(req["body"])["output"].removeprefix("..").split("...")[0]
        kind = kind_of(req)
        rows.append({"kind": kind, "name": name, "raw": plain, "gzip": gz, "br": br,
                     "served_gzip_as": enc_gz, "served_br_as": enc_br})
        for key in ("all", kind):
            totals[key]["raw"] += plain
            totals[key]["gzip"] += gz
            totals[key]["br"] += br
    return {"path": path, "source": "chromium" if use_browser else "python client",
            "requests": rows, "totals": {k: dict(v) for k, v in totals.items()}}


def callback_sizes(base: str, visits: int) -> dict[str, Any]:
    """Size of every callback response during realistic visits, as sent to a browser (br or gzip)."""
    import random

    from bench.app_bench import visit

    per: dict[str, list[tuple[int, int]]] = defaultdict(list)
    rng = random.Random(7)
    for _ in range(visits):
        session = Session(base)
        visit(session, rng)
        session.close()
        for c in session.calls:
            if c.kind == "callback":
                per[c.name].append((c.bytes_body, c.bytes_wire or c.bytes_body))
    out = {}
    for name, sizes in sorted(per.items()):
        raw = sorted(s[0] for s in sizes)
        wire = sorted(s[1] for s in sizes)
        out[name] = {"count": len(sizes), "raw_median": raw[len(raw) // 2], "raw_max": raw[-1],
                     "wire_median": wire[len(wire) // 2], "wire_max": wire[-1]}
    return out


def embed_pages(base: str) -> dict[str, str]:
    """'embed <view>' -> URL, as the dashboard's 'insluiten' snippet offers them after a visit."""
    import random

    from bench.app_bench import visit

    session = Session(base)
    visit(session, random.Random(11))
    session.open("/")
    text = json.dumps([c.props for c in session.components.values()], ensure_ascii=False)
    session.close()
    text = text.replace("\\u0026", "&").replace("&amp;", "&")
    found: dict[str, str] = {}
    for match in EMBED_URL.finditer(text):
        found.setdefault(f"embed {match.group(1)}", match.group(0))
    return found


def available(base: str, path: str) -> str | None:
    """None when the page answers 200, else why it cannot be measured."""
    try:
        status = requests.get(base + path, timeout=60).status_code
    except requests.RequestException as exc:
        return f"not reachable: {exc}"
    return None if status == 200 else f"HTTP {status}: the app has no such page (or it needs parameters)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.payload", description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="shipped", help="warehouses (default: %(default)s)")
    parser.add_argument("--visits", type=int, default=5, help="visits for callback sizes")
    parser.add_argument("--no-browser", action="store_true", help="list requests with the Python client")
    parser.add_argument("--name", default="payload")
    args = parser.parse_args(argv)
    use_browser = not args.no_browser and chromium() is not None
    results = []
    for name in [s.strip() for s in args.sets.split(",") if s.strip()]:
        print(f"payload {name}", file=sys.stderr, flush=True)
        with gunicorn(warehouse_for(name), DEFAULT_WORKERS, DEFAULT_THREADS,
                      log_name=f"gunicorn-payload-{name}") as server:
            pages = {}
            for label, path in {**PAGES, **embed_pages(server.url)}.items():
                missing = available(server.url, path)
                if missing:
                    pages[label] = {"path": path, "missing": missing}
                    continue
                pages[label] = measure_page(server.url, path, use_browser)
            results.append({"set": name, "pages": pages,
                            "callbacks": callback_sizes(server.url, args.visits)})
    target: dict[str, Any] = {"embed_first_load_bytes": TARGET_EMBED_BYTES}
    for label, page in (results[0]["pages"].items() if results else []):
        if label.startswith("embed") and "totals" in page:
            target[label] = {"ratio_gzip": round(page["totals"]["all"]["gzip"] / TARGET_EMBED_BYTES, 2),
                             "ratio_br": round(page["totals"]["all"]["br"] / TARGET_EMBED_BYTES, 2)}
    path = write_result(args.name, {"sets": results, "target": target})
    for r in results:
        for label, page in r["pages"].items():
            if "totals" not in page:
                print(f"{r['set']:>9} {label:<17} {page['missing']}")
                continue
            t = page["totals"]
            parts = "  ".join(f"{k} {v['gzip'] / 1000:,.0f} kB" for k, v in sorted(t.items()) if k != "all")
            print(f"{r['set']:>9} {label:<17} first load: {t['all']['raw'] / 1e6:.2f} MB raw, "
                  f"{t['all']['gzip'] / 1e6:.2f} MB gzip, {t['all']['br'] / 1e6:.2f} MB brotli ({parts})")
        for cb, v in r["callbacks"].items():
            print(f"{r['set']:>9} {cb:<32} median {v['wire_median'] / 1000:7.1f} kB on the wire "
                  f"({v['raw_median'] / 1000:.1f} kB raw), max {v['wire_max'] / 1000:.1f} kB")
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
