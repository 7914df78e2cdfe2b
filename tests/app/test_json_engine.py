"""Dash's responses are encoded by orjson (a declared dependency), with the same content.

plotly.io's "auto" JSON engine, which Dash uses for layouts and callback responses, picks orjson
when it can import it; the stdlib engine was ~10x slower on the large wijkprofiel and map bodies.
"""

from __future__ import annotations

import json

import orjson
import plotly.io.json as plotly_json


def test_layout_is_encoded_by_orjson_with_the_same_content(client, monkeypatch) -> None:
    calls = []
    original = orjson.dumps

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(orjson, "dumps", spy)
    assert plotly_json.config.default_engine == "auto"
    fast = client.get("/_dash-layout")
    assert fast.status_code == 200 and calls, "orjson was not used"

    monkeypatch.setattr(plotly_json.config, "default_engine", "json")
    calls.clear()
    slow = client.get("/_dash-layout")
    assert slow.status_code == 200 and not calls
    assert json.loads(fast.get_data()) == json.loads(slow.get_data())
