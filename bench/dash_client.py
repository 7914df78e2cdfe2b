"""A small Dash renderer in Python: it replays what the browser sends to `/_dash-update-component`.

It keeps the component props of the page, fires callbacks in dependency order as dash-renderer does.
Not a browser: no JavaScript, clientside callbacks are skipped (docs/performance.md says so).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests

# What Chromium sends; flask-compress picks brotli or gzip from it, as for a real visitor.
ACCEPT_ENCODING = "gzip, deflate, br"
BROWSER_PARALLEL = 6  # requests a browser sends at once to one host (HTTP/1.1)
LOCATION = ("Location", "dash_core_components")
PAGES_LOCATION = "_pages_location"
WILDCARDS = ("ALL", "MATCH", "ALLSMALLER")

Key = str  # canonical component id: the string id, or the dict id as sorted compact JSON
Prop = tuple[Key, str]


def canonical(raw_id: str | dict) -> Key:
    """The id as dash-renderer stringifies it (dict ids: sorted keys, compact JSON)."""
    if isinstance(raw_id, dict):
        return json.dumps(raw_id, sort_keys=True, separators=(",", ":"))
    return raw_id


def _parse_id(text: str) -> str | dict:
    return json.loads(text) if text.startswith("{") else text


@dataclass
class Call:
    """One HTTP request of a session: a callback, the page HTML or the layout/dependencies."""

    kind: str  # 'callback' | 'page' | 'layout' | 'dependencies'
    name: str  # callback: its first output 'id.prop'; else the path
    seconds: float
    status: int
    bytes_body: int  # uncompressed response body
    bytes_wire: int | None  # Content-Length as sent (compressed), when the server gave it
    started: float = 0.0
    body: dict | None = None  # the request body (only kept when asked, for the SQL probe)


@dataclass
class Dependency:
    """One server callback of /_dash-dependencies, parsed."""

    output: str
    outputs: list[tuple[str | dict, str]]
    multi: bool
    inputs: list[tuple[str | dict, str]]
    state: list[tuple[str | dict, str]]
    prevent_initial_call: bool
    clientside: bool
    name: str = ""

    @classmethod
    def parse(cls, raw: dict) -> Dependency:
        output = raw["output"]
        multi = output.startswith("..")
        parts = output[2:-2].split("...") if multi else [output]
        outputs = []
        for part in parts:
            ident, prop = part.rsplit(".", 1)
            outputs.append((_parse_id(ident), prop))
        first = outputs[0][0]
        label = first if isinstance(first, str) else first.get("type", "?")
        return cls(
            output=output,
            outputs=outputs,
            multi=multi,
            inputs=[(_parse_id(d["id"]), d["property"]) for d in raw["inputs"]],
            state=[(_parse_id(d["id"]), d["property"]) for d in raw.get("state", [])],
            prevent_initial_call=bool(raw.get("prevent_initial_call")),
            clientside=bool(raw.get("clientside_function")),
            name=f"{label}.{outputs[0][1]}",
        )


def _is_wild(raw_id: str | dict) -> bool:
    return isinstance(raw_id, dict) and any(isinstance(v, list) for v in raw_id.values())


def _matches(pattern: dict, raw_id: str | dict) -> bool:
    if not isinstance(raw_id, dict) or set(raw_id) != set(pattern):
        return False
    for k, v in pattern.items():
        if isinstance(v, list):  # ["ALL"]: any value
            if v and v[0] != "ALL":
                raise NotImplementedError(f"wildcard {v[0]} is not supported by the bench client")
            continue
        if raw_id[k] != v:
            return False
    return True


@dataclass
class Component:
    raw_id: str | dict
    type: str
    namespace: str
    props: dict[str, Any]
    ancestors: tuple[Key, ...]


@dataclass
class Session:
    """One visitor's page: its components, and every request it made (`calls`)."""

    base: str
    keep_bodies: bool = False
    calls: list[Call] = field(default_factory=list)
    components: dict[Key, Component] = field(default_factory=dict)
    path: str = "/"
    search: str = ""
    deps: list[Dependency] = field(default_factory=list)
    _local: threading.local = field(default_factory=threading.local)
    _pool: ThreadPoolExecutor | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- HTTP -----------------------------------------------------------------------------------

    def _http(self) -> requests.Session:
        http = getattr(self._local, "http", None)
        if http is None:
            http = requests.Session()
            http.headers["Accept-Encoding"] = ACCEPT_ENCODING
            self._local.http = http
        return http

    def _request(self, kind: str, name: str, method: str, path: str, body: dict | None = None
                 ) -> tuple[Call, Any]:
        started = time.perf_counter()
        for attempt in (1, 2):
            try:
                if method == "GET":
                    resp = self._http().get(self.base + path, timeout=120)
                else:
                    resp = self._http().post(self.base + path, json=body, timeout=120)
                break
            except requests.ConnectionError:
                # The server closed an idle keep-alive connection just as it was reused: a
                # browser retries on a new connection, and so does this client (once).
                self._local.http = None
                if attempt == 2:
                    raise
        content = resp.content
        seconds = time.perf_counter() - started
        wire = resp.headers.get("Content-Length")
        call = Call(kind, name, seconds, resp.status_code, len(content),
                    int(wire) if wire is not None else None, started,
                    body if self.keep_bodies else None)
        with self._lock:
            self.calls.append(call)
        return call, resp

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    # -- layout ---------------------------------------------------------------------------------

    def _walk(self, node: Any, ancestors: tuple[Key, ...]) -> Iterator[tuple[Key, Component]]:
        if isinstance(node, list):
            for child in node:
                yield from self._walk(child, ancestors)
        elif isinstance(node, dict) and "props" in node and "type" in node:
            props = node.get("props") or {}
            inner = ancestors
            if "id" in props:
                key = canonical(props["id"])
                yield key, Component(props["id"], node["type"], node.get("namespace", ""),
                                     {k: v for k, v in props.items()}, ancestors)
                inner = (*ancestors, key)
            for value in props.values():
                if isinstance(value, dict | list):
                    yield from self._walk(value, inner)

    def _add_tree(self, node: Any, ancestors: tuple[Key, ...]) -> set[Key]:
        added = set()
        for key, comp in self._walk(node, ancestors):
            self.components[key] = comp
            added.add(key)
        return added

    def _remove_descendants(self, key: Key) -> None:
        for other in [k for k, c in self.components.items() if key in c.ancestors]:
            del self.components[other]

    def _value(self, key: Key, prop: str) -> Any:
        comp = self.components.get(key)
        return None if comp is None else comp.props.get(prop)

    def _location_mount(self, keys: set[Key]) -> set[Prop]:
        """What a dcc.Location sets on mount: the URL of the window."""
        changed = set()
        for key in keys:
            comp = self.components[key]
            if (comp.type, comp.namespace) != LOCATION:
                continue
            url = {"pathname": self.path, "search": self.search, "hash": "",
                   "href": self.base + self.path + self.search}
            for prop, value in url.items():
                if comp.props.get(prop) != value:
                    comp.props[prop] = value
                    changed.add((key, prop))
        return changed

    # -- callbacks ------------------------------------------------------------------------------

    def _resolve(self, raw_id: str | dict) -> list[Key]:
        if _is_wild(raw_id):
            return [k for k, c in self.components.items() if _matches(raw_id, c.raw_id)]  # type: ignore[arg-type]
        key = canonical(raw_id)
        return [key] if key in self.components else []

    def _present(self, dep: Dependency) -> bool:
        if not any(self._resolve(i) for i, _ in dep.inputs):
            return False
        return all(self._resolve(o) for o, _ in dep.outputs if not _is_wild(o))

    def _triggered_by(self, changed: set[Prop], exclude: Dependency | None = None
                      ) -> dict[int, set[Prop]]:
        out: dict[int, set[Prop]] = {}
        for n, dep in enumerate(self.deps):
            if dep.clientside or dep is exclude:
                continue
            hits = {(k, p) for i, p in dep.inputs for k in self._resolve(i) if (k, p) in changed}
            if hits and self._present(dep):
                out[n] = hits
        return out

    def _outputs_of(self, n: int) -> set[Prop]:
        return {(k, p) for o, p in self.deps[n].outputs for k in self._resolve(o)}

    def _blocked(self, n: int, pending: dict[int, set[Prop]]) -> bool:
        """A callback waits while another pending one may still change one of its inputs."""
        inputs = {(k, p) for i, p in self.deps[n].inputs for k in self._resolve(i)}
        frontier = [m for m in pending if m != n]
        seen = set(frontier)
        while frontier:
            m = frontier.pop()
            outs = self._outputs_of(m)
            if outs & inputs:
                return True
            for nxt in self._triggered_by(outs):
                if nxt not in seen and nxt != n:
                    seen.add(nxt)
                    frontier.append(nxt)
        return False

    def _body(self, dep: Dependency, changed: set[Prop]) -> dict:
        def item(raw_id: str | dict, prop: str, with_value: bool) -> Any:
            keys = self._resolve(raw_id)
            rows = []
            for key in keys:
                row: dict[str, Any] = {"id": self.components[key].raw_id, "property": prop}
                if with_value:
                    row["value"] = self._value(key, prop)
                rows.append(row)
            if _is_wild(raw_id):
                return rows
            return rows[0] if rows else {"id": raw_id, "property": prop, "value": None}

        outputs = [item(o, p, False) for o, p in dep.outputs]
        return {
            "output": dep.output,
            "outputs": outputs if dep.multi else outputs[0],
            "inputs": [item(i, p, True) for i, p in dep.inputs],
            "changedPropIds": sorted(f"{k}.{p}" for k, p in changed),
            "state": [item(s, p, True) for s, p in dep.state],
        }

    def _fire(self, n: int, changed: set[Prop]) -> tuple[int, Call, dict | None]:
        dep = self.deps[n]
        body = self._body(dep, changed)
        call, resp = self._request("callback", dep.name, "POST", "/_dash-update-component", body)
        if resp.status_code == 204 or not resp.content:
            return n, call, None
        if resp.status_code != 200:
            return n, call, None
        return n, call, resp.json()

    def _apply(self, n: int, data: dict) -> tuple[set[Prop], set[Key]]:
        changed: set[Prop] = set()
        added: set[Key] = set()
        for ident, props in (data.get("response") or {}).items():
            key = canonical(_parse_id(ident))
            comp = self.components.get(key)
            if comp is None:
                continue
            for prop, value in props.items():
                if prop == "children":
                    self._remove_descendants(key)
                    added |= self._add_tree(value, (*comp.ancestors, key))
                comp.props[prop] = value
                changed.add((key, prop))
        return changed, added

    def _initial(self, added: set[Key]) -> dict[int, set[Prop]]:
        out: dict[int, set[Prop]] = {}
        for n, dep in enumerate(self.deps):
            if dep.clientside or dep.prevent_initial_call:
                continue
            ins = {k for i, _ in dep.inputs for k in self._resolve(i)}
            if ins & added and self._present(dep):
                out[n] = set()
        return out

    def _settle(self, pending: dict[int, set[Prop]]) -> None:
        """Fire pending callbacks in waves (parallel within a wave) until nothing is left."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(BROWSER_PARALLEL)
        rounds = 0
        while pending:
            rounds += 1
            if rounds > 50:
                raise RuntimeError("callbacks keep triggering each other (more than 50 waves)")
            ready = [n for n in pending if not self._blocked(n, pending)] or [min(pending)]
            wave = {n: pending.pop(n) for n in ready}
            results = list(self._pool.map(lambda item: self._fire(*item), wave.items()))
            for n, _call, data in results:
                if data is None:
                    continue
                changed, added = self._apply(n, data)
                for m, props in self._triggered_by(changed, exclude=self.deps[n]).items():
                    pending.setdefault(m, set()).update(props)
                for m, props in self._initial(added).items():
                    pending.setdefault(m, set()).update(props)
                for m, props in self._triggered_by(self._location_mount(added)).items():
                    pending.setdefault(m, set()).update(props)

    # -- what a visitor does ---------------------------------------------------------------------

    def open(self, url: str, deps: list[Dependency] | None = None) -> None:
        """Load a page as a browser does: HTML, layout, dependencies, then every initial callback."""
        parts = urlsplit(url)
        self.path, self.search = parts.path or "/", f"?{parts.query}" if parts.query else ""
        self.components.clear()
        self._request("page", "GET " + self.path, "GET", self.path + self.search)
        _, layout = self._request("layout", "GET /_dash-layout", "GET", "/_dash-layout")
        if deps is None:
            _, resp = self._request("dependencies", "GET /_dash-dependencies", "GET",
                                    "/_dash-dependencies")
            deps = [Dependency.parse(d) for d in resp.json()]
        self.deps = deps
        added = self._add_tree(layout.json(), ())
        pending = self._initial(added)
        for n, props in self._triggered_by(self._location_mount(added)).items():
            pending.setdefault(n, set()).update(props)
        self._settle(pending)

    def pagina(self, url: str) -> None:
        """A click on a link to a server-rendered page (app/site, e.g. the wijkprofiel): one GET."""
        parts = urlsplit(url)
        self.path, self.search = parts.path or "/", f"?{parts.query}" if parts.query else ""
        self.components.clear()
        self._request("page", "GET " + self.path, "GET", self.path + self.search)

    def navigate(self, url: str) -> None:
        """A click on a dcc.Link: the pages Location changes, the page content is replaced."""
        parts = urlsplit(url)
        self.path, self.search = parts.path or "/", f"?{parts.query}" if parts.query else ""
        changed = set()
        for key, comp in self.components.items():
            if (comp.type, comp.namespace) == LOCATION and key == PAGES_LOCATION:
                for prop, value in (("pathname", self.path), ("search", self.search),
                                    ("href", self.base + self.path + self.search)):
                    if comp.props.get(prop) != value:
                        comp.props[prop] = value
                        changed.add((key, prop))
        self._settle(self._triggered_by(changed))

    def set_props(self, updates: dict[tuple[str | dict, str], Any]) -> None:
        """The user changed some props (a dropdown value, a click on the map)."""
        changed = set()
        for (raw_id, prop), value in updates.items():
            key = canonical(raw_id)
            self.components[key].props[prop] = value
            changed.add((key, prop))
        self._settle(self._triggered_by(changed))

    def prop(self, raw_id: str | dict, prop: str) -> Any:
        return self._value(canonical(raw_id), prop)

    def has(self, raw_id: str | dict) -> bool:
        return canonical(raw_id) in self.components


def option_values(options: Any) -> list[Any]:
    """Values of a dcc.Dropdown `options` (list of dicts, list of values, or dict)."""
    if isinstance(options, dict):
        return list(options)
    values = []
    for option in options or []:
        if isinstance(option, dict):
            if not option.get("disabled"):
                values.append(option.get("value"))
        else:
            values.append(option)
    return values


Action = Callable[[Session], None]
