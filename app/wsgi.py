"""WSGI entry point for a production server: `gunicorn app.wsgi:server`.

The app is built once per worker from the environment (app/config.py).
"""

from __future__ import annotations

from app import create_app
from app.startup import prepare_to_serve

app = create_app()
prepare_to_serve(app)  # unusable warehouse: one Dutch line, exit 3 (app/startup.py)
server = app.server
