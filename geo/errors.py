"""The one exception type of the geo layer: a boundary file or the cluster config is unusable.

Carries the file and the reason, so the ETL can print it in one line and stop the build.
"""

from __future__ import annotations

from pathlib import Path


class GeoError(Exception):
    """A boundary file or the cluster configuration cannot be used as it is."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
