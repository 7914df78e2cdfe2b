"""Development server: `python -m app` serves the dashboard on http://HOST:PORT (default 8050).

Configuration comes from the environment (app/config.py); production uses gunicorn app.wsgi:server.
An unusable warehouse stops it first with one line and exit code 3 (app/startup.py).
"""

from __future__ import annotations

import logging

from app import create_app
from app.config import settings
from app.startup import prepare_to_serve


def main() -> None:
    """Run the dashboard with Dash's development server."""
    cfg = settings()
    app = create_app(cfg)
    prepare_to_serve(app, cfg, warm=not cfg.debug)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    print(f"Wijkmonitor: http://{cfg.host}:{cfg.port}/  (warehouse: {cfg.warehouse})", flush=True)
    app.run(host=cfg.host, port=cfg.port, debug=cfg.debug,
            dev_tools_disable_version_check=True, dev_tools_ui=cfg.debug)


if __name__ == "__main__":
    main()
