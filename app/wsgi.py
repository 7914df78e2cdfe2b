"""WSGI entry point for a production server: `gunicorn app.wsgi:server`.

The app is built once per worker from the environment (app/config.py).
"""

from __future__ import annotations

from app import create_app

app = create_app()
server = app.server
