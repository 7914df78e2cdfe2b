"""Before the app serves: the configured warehouse must be readable, and Dash must be set up.

A missing, empty, damaged or foreign file stops `python -m app` and `gunicorn app.wsgi:server`
with one Dutch line naming the file and the command that fixes it (exit code EXIT_WAREHOUSE).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import dash

from app import config as config_module
from app import queries

# 3 is gunicorn's WORKER_BOOT_ERROR: its master then stops with "Worker failed to boot" instead
# of restarting the worker forever; `python -m app` exits with the same code.
EXIT_WAREHOUSE = 3


class WarehouseProblem(RuntimeError):
    """The warehouse cannot be served; the message is the one line the operator reads."""


def fix_command(path: Path) -> str:
    """The commands that (re)build the warehouse at `path`."""
    return f"'make rebuild' of 'python -m etl build --out {path}'"


def _reason(exc: queries.WarehouseUnreadable) -> str:
    """Why the file cannot be read, in Dutch (with the database's own line for schema gaps)."""
    if exc.soort == queries.WarehouseUnreadable.GEEN_DUCKDB:
        return "is geen leesbaar DuckDB-bestand (leeg, afgebroken of een ander soort bestand)"
    if exc.soort == queries.WarehouseUnreadable.SCHEMA:
        return f"mist tabellen of kolommen die de app nodig heeft ({exc.detail})"
    return f"is beschadigd of onleesbaar ({exc.detail})"


def check_warehouse(path: Path) -> dict[str, str]:
    """The warehouse_info of `path` when every query of the app runs on it; else WarehouseProblem."""
    path = Path(path).absolute()
    fix = fix_command(path)
    if not path.exists():
        raise WarehouseProblem(f"fout: het warehouse {path} bestaat niet. Bouw het met {fix}.")
    if path.is_dir():
        raise WarehouseProblem(f"fout: het warehouse {path} is een map, geen bestand. "
                               f"Bouw het met {fix}.")
    if path.stat().st_size == 0:
        raise WarehouseProblem(f"fout: het warehouse {path} is leeg (0 bytes). "
                               f"Bouw het opnieuw met {fix}.")
    warehouse = queries.Warehouse(path, cache_size=64)
    try:
        return warehouse.self_check()
    except queries.WarehouseMissing as exc:  # removed between the checks above and the query
        raise WarehouseProblem(f"fout: het warehouse {path} bestaat niet. "
                               f"Bouw het met {fix}.") from exc
    except queries.WarehouseUnreadable as exc:
        raise WarehouseProblem(f"fout: het warehouse {path} {_reason(exc)}. "
                               f"Bouw het opnieuw met {fix}.") from exc
    except OSError as exc:  # e.g. no permission to read it
        raise WarehouseProblem(f"fout: het warehouse {path} kan niet worden geopend "
                               f"({exc.strerror or exc}). Bouw het opnieuw met {fix}.") from exc
    finally:
        warehouse.close()  # the app opens its own; DuckDB must not keep this instance around


def exit_with(problem: WarehouseProblem) -> NoReturn:
    """Print the one line to stderr and exit with EXIT_WAREHOUSE."""
    print(str(problem), file=sys.stderr, flush=True)
    raise SystemExit(EXIT_WAREHOUSE)


def require_warehouse(config: config_module.Config | None = None) -> dict[str, str]:
    """Check the configured warehouse before serving; exit with one line when it is unusable."""
    cfg = config or config_module.settings()
    try:
        return check_warehouse(cfg.warehouse)
    except WarehouseProblem as problem:
        exit_with(problem)


# Pages whose default view is drawn before the first visitor asks for it (see warm_up).
WARM_PAGES = ("/", "/wijkprofiel")
WARM_DASH_PAGES = ("/verkenner",)


def warm_up(app: dash.Dash) -> None:
    """Run Dash's first-request set-up now, in one thread, and draw the default views.

    Dash fills its callback map on the first request without a lock: in a threaded worker
    (gunicorn gthread, the development server) a request that arrives while another one is
    still setting up finds no callbacks and fails with a 500. One request here avoids that.

    Then the default view of each page in WARM_PAGES and WARM_DASH_PAGES is drawn once, so
    that its caches (the catalogue's option lists, the Verkenner's first view: about 1.3 s of
    CPU on the shipped warehouse) are filled before a visitor comes, not by the first visitor
    of each worker (docs/performance.md, *Warm workers*).
    """
    client = app.server.test_client()
    for path in WARM_PAGES:
        client.get(path).close()
    for page in dash.page_registry.values():
        if page.get("path") in WARM_DASH_PAGES:
            with app.server.test_request_context(page["path"]):
                page["layout"]()  # pages' layouts are wrapped by errors.safe_layout
    # No database handles may survive a fork (gunicorn --preload loads the app in the master).
    queries.current().close()


def prepare_to_serve(app: dash.Dash, config: config_module.Config | None = None, *,
                     warm: bool = True) -> dict[str, str]:
    """The warehouse checked (else one line and exit code 3) and Dash set up; warehouse_info.

    warm=False skips the warm-up request: Dash's dev tools (`python -m app` with
    WIJKMONITOR_DEBUG=1) register Flask error handlers inside app.run(), which Flask refuses
    once the app has handled a request.
    """
    info = require_warehouse(config)
    if warm:
        warm_up(app)
    return info


def gunicorn_on_starting(_server: object) -> None:
    """Gunicorn's on_starting hook: check once in the master, before any worker is forked.

    Without it every worker checks on its own (app/wsgi.py); with several workers failing at
    once gunicorn 27 may trip over its own shutdown and print a traceback. In a config file:
    `from app.startup import gunicorn_on_starting as on_starting`.
    """
    require_warehouse()
