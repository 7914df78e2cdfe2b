"""Gunicorn settings for `gunicorn --config deploy/gunicorn.conf.py app.wsgi:server`.

Everything comes from the environment (defaults in docs/deploy.md); the app's own settings are
read by app/config.py.
"""

from __future__ import annotations

import os


def _getal(naam: str, standaard: int) -> int:
    waarde = os.environ.get(naam, "").strip()
    return int(waarde) if waarde else standaard


# Where to listen: HOST/PORT as for `python -m app` (the Docker image sets HOST=0.0.0.0).
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{_getal('PORT', 8050)}"

# Processes x threads. A worker holds its own app, query cache and read-only DuckDB connections
# (about 250 MB); threads share them, and DuckDB releases the GIL while it queries. Default: one
# worker per core, at least 2 so one slow request never blocks the service.
workers = _getal("WIJKMONITOR_WORKERS", max(2, os.cpu_count() or 1))
threads = _getal("WIJKMONITOR_THREADS", 4)
worker_class = "gthread"
timeout = _getal("WIJKMONITOR_TIMEOUT", 60)  # seconds a request may take before a restart
graceful_timeout = 30
keepalive = 5
# Restart a worker now and then (jittered) so memory fragmentation never accumulates.
max_requests = _getal("WIJKMONITOR_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10

# Each worker builds the app itself: no DuckDB connection is ever shared across a fork.
preload_app = False

# A long (bad) link should reach the app, which answers in Dutch, not gunicorn's 400 page.
limit_request_line = 8190

# X-Forwarded-Proto/For are trusted only from these proxy addresses.
forwarded_allow_ips = os.environ.get("WIJKMONITOR_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# No runtime control socket: it would be written to $HOME/.gunicorn, which a service user lacks.
control_socket_disable = True

# Heartbeat files in memory where available (Docker's /tmp may be slow or read-only).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("WIJKMONITOR_LOG_LEVEL", "info")


def on_starting(server: object) -> None:
    """Check the warehouse once in the master, before any worker starts (app/startup.py).

    An unusable warehouse stops gunicorn with one Dutch line and exit code 3.
    """
    from app.startup import gunicorn_on_starting

    gunicorn_on_starting(server)
