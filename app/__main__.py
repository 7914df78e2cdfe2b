"""Development server: `python -m app` serves the dashboard on http://HOST:PORT (default 8050).

Configuration comes from the environment (app/config.py); production uses gunicorn app.wsgi:server.
"""

from __future__ import annotations

import logging

from app import create_app
from app.config import settings


def main() -> None:
    """Run the dashboard with Dash's development server."""
    cfg = settings()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = create_app(cfg)
    print(f"Wijkmonitor: http://{cfg.host}:{cfg.port}/  (warehouse: {cfg.warehouse})", flush=True)
    app.run(host=cfg.host, port=cfg.port, debug=cfg.debug,
            dev_tools_disable_version_check=True, dev_tools_ui=cfg.debug)


if __name__ == "__main__":
    main()
