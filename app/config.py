"""Configuration of the dashboard, read once from the environment.

Every setting has a default that works for development on a checkout (docs/app.md lists them).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Config:
    """Settings of one running dashboard."""

    warehouse: Path  # the DuckDB file written by `python -m etl build`, opened read-only
    host: str = "127.0.0.1"
    port: int = 8050
    debug: bool = False
    basemap_url: str | None = None  # XYZ tile template ({z}/{x}/{y}); None = no background map
    basemap_attribution: str = ""
    gemeente: str = "GM0307"  # the municipality the wijken belong to (Amersfoort)
    referenties: tuple[str, ...] = ("G100PLUS", "NL01")  # comparison areas in trend charts
    cache_size: int = 512  # query results kept per warehouse version
    # Sites that may show the /embed/* views in an iframe (CSP frame-ancestors); the app itself
    # always may. Empty: no other site. docs/deploy.md explains the syntax.
    embed_origins: tuple[str, ...] = ()
    frame_origins: tuple[str, ...] = ()  # sites that may frame the full dashboard (default none)
    public_url: str | None = None  # base URL in the embed snippets; None = the request's host
    embed_max_age: int = 300  # seconds browsers and proxies may reuse an embed view
    # Largest request body the app reads (bytes): a larger one gets 413 before it is read. The
    # largest the pages send is under 3 kB (the verkenner's callback after a map click, measured
    # in Chromium): the default leaves room for pages with far more state.
    max_body: int = 1024 * 1024
    # The year a figure's age is counted from in the wijkprofiel ('2019, 7 jaar oud'); None =
    # the current year. Set for tests and for reproducing a printed profile of an earlier year.
    peiljaar: int | None = None


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "ja", "yes", "on"}


# A CSP host-source: [scheme://]host[:port], host may start with '*.'; or '*' for any site.
# Anything else (quotes, ';', paths) is refused: the value goes into a response header.
_ORIGIN = re.compile(r"^(?:https?://)?(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::(?:[0-9]{1,5}|\*))?$")


def origins(name: str, value: str | None) -> tuple[str, ...]:
    """The origins of a comma- or space-separated list; ValueError naming `name` for a bad one."""
    items = [v.strip().rstrip("/").lower() for v in re.split(r"[,\s]+", value or "") if v.strip()]
    for item in items:
        if item != "*" and not _ORIGIN.match(item):
            raise ValueError(f"{name}: '{item}' is geen geldige herkomst; gebruik bijvoorbeeld "
                             "https://www.amersfoort.nl (schema, host en eventueel poort)")
    return tuple(dict.fromkeys(items))


def positive_int(name: str, value: str | None, default: int) -> int:
    """A whole number > 0 from the environment, `default` when unset; ValueError naming `name`."""
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        number = 0
    if number <= 0:
        raise ValueError(f"{name}: '{value[:40]}' is geen geheel getal groter dan 0")
    return number


def from_environment(env: os._Environ[str] | dict[str, str] | None = None) -> Config:
    """The configuration described by the environment (WIJKMONITOR_*, HOST, PORT)."""
    env = os.environ if env is None else env
    basemap = (env.get("WIJKMONITOR_BASEMAP_URL") or "").strip() or None
    referenties = env.get("WIJKMONITOR_REFERENTIES", "G100PLUS,NL01")
    return Config(
        warehouse=Path(env.get("WIJKMONITOR_WAREHOUSE", PROJECT_ROOT / "warehouse.duckdb")),
        host=env.get("HOST", "127.0.0.1"),
        port=int(env.get("PORT", "8050")),
        debug=_flag(env.get("WIJKMONITOR_DEBUG")),
        basemap_url=basemap,
        basemap_attribution=env.get("WIJKMONITOR_BASEMAP_ATTRIBUTION", ""),
        gemeente=env.get("WIJKMONITOR_GEMEENTE", "GM0307"),
        referenties=tuple(c.strip() for c in referenties.split(",") if c.strip()),
        cache_size=int(env.get("WIJKMONITOR_CACHE_SIZE", "512")),
        embed_origins=origins("WIJKMONITOR_EMBED_ORIGINS", env.get("WIJKMONITOR_EMBED_ORIGINS")),
        frame_origins=origins("WIJKMONITOR_FRAME_ORIGINS", env.get("WIJKMONITOR_FRAME_ORIGINS")),
        public_url=(env.get("WIJKMONITOR_PUBLIC_URL") or "").strip().rstrip("/") or None,
        embed_max_age=int(env.get("WIJKMONITOR_EMBED_MAX_AGE", "300")),
        max_body=1024 * positive_int("WIJKMONITOR_MAX_BODY_KB", env.get("WIJKMONITOR_MAX_BODY_KB"),
                                     Config.max_body // 1024),
        peiljaar=(positive_int("WIJKMONITOR_PEILJAAR", env.get("WIJKMONITOR_PEILJAAR"), 1)
                  if (env.get("WIJKMONITOR_PEILJAAR") or "").strip() else None),
    )


_active: Config | None = None


def activate(config: Config) -> Config:
    """Make `config` the one the running app uses (called by app.create_app)."""
    global _active
    _active = config
    return config


def settings() -> Config:
    """The active configuration; read from the environment once when none was activated."""
    global _active
    if _active is None:
        _active = from_environment()
    return _active
