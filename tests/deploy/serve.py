"""Start the production entry point for tests: gunicorn with deploy/gunicorn.conf.py on a port.

Used by tests/deploy and the embed browser tests; the process is always stopped afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.app.conftest import REPO_ROOT, free_port, wait_for

GUNICORN = Path(sys.executable).with_name("gunicorn")
CONFIG = REPO_ROOT / "deploy" / "gunicorn.conf.py"


@contextmanager
def gunicorn_server(warehouse: Path, log: Path, **env: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """`gunicorn --config deploy/gunicorn.conf.py app.wsgi:server` on a free localhost port.

    Yields (base URL, process). Extra keyword arguments are environment variables (strings).
    """
    port = free_port()
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("WIJKMONITOR_")}
    full_env.update(WIJKMONITOR_WAREHOUSE=str(warehouse), HOST="127.0.0.1", PORT=str(port),
                    WIJKMONITOR_WORKERS="1", WIJKMONITOR_THREADS="4")
    full_env.update(env)
    with log.open("w") as handle:
        proc = subprocess.Popen([str(GUNICORN), "--config", str(CONFIG), "app.wsgi:server"],
                                cwd=REPO_ROOT, env=full_env, stdout=handle,
                                stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/healthz", timeout=60)
        yield url, proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
