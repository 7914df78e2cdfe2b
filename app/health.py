"""`GET /healthz`: whether the app can read its warehouse, with the build time and row count.

For load balancers, Docker's HEALTHCHECK and monitoring; JSON, never cached.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify

from app.errors import friendly_message
from app.queries import WarehouseMissing, WarehouseUnreadable, current


def healthz() -> tuple[Response, int]:
    """200 with the warehouse's build (time, id, rows) when it answers a query, else 503."""
    try:
        db = current()
        info = db.info()
        rijen = db.aantal_cijfers()
    except (WarehouseMissing, WarehouseUnreadable) as exc:
        response = jsonify(status="fout", melding=friendly_message(exc))
        response.headers["Cache-Control"] = "no-store"
        return response, 503
    response = jsonify(
        status="ok",
        warehouse={
            "gebouwd": info.get("built_at"),
            "build_id": info.get("build_id"),
            "rijen": rijen,
            "versie": db.version(),
        },
    )
    response.headers["Cache-Control"] = "no-store"
    return response, 200


def install(server: Flask) -> None:
    """Register GET /healthz."""
    server.add_url_rule("/healthz", "healthz", healthz, methods=["GET"])
