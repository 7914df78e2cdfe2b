"""How long a user waits in Chromium: one measuring helper for the browser benchmark and its tests.

A script installed in every page before the page's own scripts records, in the page's clock: long
tasks (PerformanceObserver), the last DOM mutation, fetch/XHR requests in flight, and the first
user input after the page was *armed*. `until_ready` then polls in the page (a trivial script every
10 ms) until the page's own readiness condition holds, no request is pending, and nothing happened
(no mutation, long task or response) for a quiet window; the end of the wait is the first poll that
ran after the last activity: the moment a script queued then could run, i.e. the page accepted
input. Nothing here knows a page's internals: a case passes its condition as a JavaScript
expression. Server time comes from Playwright's request timing of the document and fetch/XHR
requests made in the measured span; main-thread time is the long tasks in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
]
VIEWPORT = {"width": 1366, "height": 900}
QUIET_MS = 300  # nothing may happen this long after the end (it is not part of the time)

# Installed with context.add_init_script: runs in every document before its scripts.
INSTRUMENT = r"""
(() => {
  if (window.__wm) return;
  const w = window.__wm = {long: [], lastMutation: 0, lastResponse: 0, pending: 0,
                           armed: false, t0: null};
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) w.long.push([e.startTime, e.duration]);
    }).observe({type: 'longtask', buffered: true});
  } catch (e) { w.noLongTasks = true; }
  new MutationObserver(() => { w.lastMutation = performance.now(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  const done = () => { w.pending -= 1; w.lastResponse = performance.now(); };
  const fetch0 = window.fetch;
  window.fetch = function (...args) {
    w.pending += 1;
    return fetch0.apply(this, args).then(
      r => { const c = r.clone(); c.arrayBuffer().then(done, done); return r; },
      e => { done(); throw e; });
  };
  const send0 = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    w.pending += 1;
    this.addEventListener('loadend', done, {once: true});
    return send0.apply(this, args);
  };
  for (const type of ['pointerdown', 'mousedown', 'keydown', 'click', 'input', 'change']) {
    addEventListener(type, e => { if (w.armed && w.t0 === null) w.t0 = e.timeStamp; }, true);
  }
  w.arm = () => { w.armed = true; w.t0 = null; };
  w.lastLongEnd = () => w.long.reduce((m, [s, d]) => Math.max(m, s + d), 0);
  w.waitReady = (cond, quiet, timeout) => new Promise((resolve, reject) => {
    const started = performance.now();
    let seen = -1, idleSince = null;
    const ready = new Function('return (' + cond + ');');
    const poll = () => {
      const now = performance.now();
      let ok = false;
      try { ok = w.pending === 0 && !!ready(); } catch (e) { ok = false; }
      const last = Math.max(w.lastMutation, w.lastResponse, w.lastLongEnd());
      if (!ok) { idleSince = null; } else if (last !== seen || idleSince === null) { idleSince = now; }
      seen = last;
      if (idleSince !== null && now - Math.max(idleSince, last) >= quiet) {
        resolve({end: idleSince, timeOrigin: performance.timeOrigin, t0: w.t0,
                 long: w.long.slice(), noLongTasks: !!w.noLongTasks});
        return;
      }
      if (now - started > timeout) {
        reject(new Error('not ready after ' + Math.round(timeout) + ' ms: pending ' + w.pending +
                         ', condition ' + ok));
        return;
      }
      setTimeout(poll, 10);
    };
    poll();
  });
})();
"""

# Readiness conditions (JavaScript expressions evaluated in the page).
LOADED = "document.readyState === 'complete'"
# A plotly graph has drawn traces (for Dash pages: the map; plotly's own class names).
GRAPH_DRAWN = (LOADED + " && [...document.querySelectorAll('.js-plotly-plot')].some("
               "g => g.data && g.data.length > 0 && g.querySelector('.trace'))")
DYNAMIC = ("document", "fetch", "xhr")  # resource types that ask the server, not the cache


@dataclass
class Measurement:
    """One wait: total, server and main-thread time, ms."""

    total_ms: float
    server_ms: float  # wall time during which a page/callback request was in flight
    server_sum_ms: float  # the sum of those requests' durations
    main_thread_ms: float  # long tasks (> 50 ms) in the span
    requests: int
    detail: dict[str, Any] = field(default_factory=dict)


class Recorder:
    """Records Playwright's timing of every finished request of a page."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.finished: list[tuple[str, str, float, float]] = []  # type, url, start, end (epoch ms)
        page.on("requestfinished", self._finished)

    def _finished(self, request: Any) -> None:
        t = request.timing
        if t.get("responseEnd", -1) < 0:
            return
        begin = t["startTime"] + max(t.get("requestStart", 0), 0)
        self.finished.append((request.resource_type, request.url, begin, t["startTime"] + t["responseEnd"]))

    def server(self, t0: float, t1: float) -> tuple[float, float, int]:
        """(union, sum, count) of the dynamic requests that started in [t0, t1] (epoch ms)."""
        spans = sorted((s, e) for kind, _, s, e in self.finished
                       if kind in DYNAMIC and t0 - 1 <= s <= t1)
        total = sum(e - s for s, e in spans)
        union, cur_s, cur_e = 0.0, None, None
        for s, e in spans:
            if cur_e is None or s > cur_e:
                if cur_e is not None:
                    union += cur_e - cur_s
                cur_s, cur_e = s, e
            else:
                cur_e = max(cur_e, e)
        if cur_e is not None:
            union += cur_e - cur_s
        return union, total, len(spans)


def new_context(browser: Any) -> Any:
    """A fresh context (empty HTTP cache) with the instrumentation installed."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(INSTRUMENT)
    return context


def arm(page: Any) -> None:
    """From now on, the first input event starts the clock of until_ready(..., since_input=True)."""
    page.evaluate("() => window.__wm.arm()")


def until_ready(page: Any, recorder: Recorder, condition: str = LOADED, since_input: bool = False,
                quiet_ms: float = QUIET_MS, timeout_s: float = 60.0) -> Measurement:
    """Wait until the page is ready and idle; time from navigation start or from the armed input."""
    r = page.evaluate("([c, q, t]) => window.__wm.waitReady(c, q, t)",
                      [condition, quiet_ms, timeout_s * 1000])
    page.evaluate("() => 0")  # a round trip: Playwright has delivered every request event
    if since_input:
        if r["t0"] is None:
            raise RuntimeError("no input event after arm(): the interaction did not happen")
        t0 = r["t0"]
    else:
        t0 = 0.0  # the document's navigation start
    end = max(r["end"], t0)
    origin = r["timeOrigin"]
    union, total, count = recorder.server(origin + t0, origin + end)
    main = sum(max(0.0, min(s + d, end) - max(s, t0)) for s, d in r["long"])
    return Measurement(total_ms=end - t0, server_ms=union, server_sum_ms=total,
                       main_thread_ms=main, requests=count,
                       detail={"long_tasks": len([1 for s, d in r["long"] if s + d > t0 and s < end]),
                               "no_long_task_api": r["noLongTasks"]})


def visit(page: Any, recorder: Recorder, url: str, condition: str = LOADED,
          timeout_s: float = 60.0) -> Measurement:
    """Navigate to url; time from navigation start until ready and idle."""
    page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
    return until_ready(page, recorder, condition, timeout_s=timeout_s)
