"""Configuration of the dashboard, read once from the environment.

Every setting has a default that works for development on a checkout (docs/app.md lists them).
"""

from __future__ import annotations

import os
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


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "ja", "yes", "on"}


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
