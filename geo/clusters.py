"""Read data/meta/gebiedsclusters.toml: larger areas (GGD clusters, wijkteam werkgebieden).

Each area is a set of 2024 wijken; the file is checked against the wijk codes that exist.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import GeoError

SOORTEN = ("GGD-cluster", "wijkteam-werkgebied")
LID_INDELING = "wijk2024"  # the wijken listed in the file are codes of the 2024 division
_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_SLEUTELS = {"code", "naam", "soort", "wijken"}


@dataclass(frozen=True)
class Cluster:
    """One larger area: own code, its name as the source prints it, and its wijken."""

    code: str
    naam: str
    soort: str
    wijken: tuple[str, ...]


def load_clusters(path: Path, wijk_codes: set[str]) -> list[Cluster]:
    """The areas of the config file; an absent file means no larger areas."""
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise GeoError(path, f"not valid TOML: {exc}") from exc
    onbekend = set(data) - {"gebied"}
    if onbekend:
        raise GeoError(path, f"unknown top-level keys {sorted(onbekend)}; use [[gebied]] tables")
    clusters = [_cluster(path, i, entry, wijk_codes) for i, entry in enumerate(data.get("gebied", []))]
    codes = [c.code for c in clusters]
    dubbel = sorted({c for c in codes if codes.count(c) > 1})
    if dubbel:
        raise GeoError(path, f"area codes occur more than once: {dubbel}")
    return clusters


def _cluster(path: Path, i: int, entry: dict[str, Any], wijk_codes: set[str]) -> Cluster:
    waar = f"[[gebied]] #{i + 1}"
    ontbreekt = _SLEUTELS - set(entry)
    extra = set(entry) - _SLEUTELS
    if ontbreekt or extra:
        raise GeoError(path, f"{waar}: missing keys {sorted(ontbreekt)}, unknown keys {sorted(extra)}")
    code, naam, soort, wijken = entry["code"], entry["naam"], entry["soort"], entry["wijken"]
    if not isinstance(code, str) or not _CODE.match(code):
        raise GeoError(path, f"{waar}: code {code!r} must be upper case letters, digits and _")
    if not isinstance(naam, str) or not naam.strip():
        raise GeoError(path, f"{waar} ({code}): naam is empty")
    if soort not in SOORTEN:
        raise GeoError(path, f"{waar} ({code}): soort {soort!r} is not one of {list(SOORTEN)}")
    if not isinstance(wijken, list) or not wijken:
        raise GeoError(path, f"{waar} ({code}): wijken must be a non-empty list of wijk codes")
    if len(set(wijken)) != len(wijken):
        raise GeoError(path, f"{waar} ({code}): a wijk is listed twice")
    onbekende_wijken = sorted(set(wijken) - wijk_codes)
    if onbekende_wijken:
        raise GeoError(path, f"{waar} ({code}): not {LID_INDELING} wijk codes: {onbekende_wijken}")
    return Cluster(code=code, naam=naam.strip(), soort=soort, wijken=tuple(sorted(wijken)))
