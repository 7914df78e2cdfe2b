"""Discovery of extracts: every data/extracts/**/<naam>.toml describes one extract file.

The description says format, source, wijk division and defaults (docs/extracts.md).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from etl.errors import ExtractError

INDELINGEN = ("wijk2019", "wijk2024")
# Column defaults every extract gets unless its .toml [standaard] table says otherwise.
BASE_DEFAULTS: dict[str, str] = {
    "gebied": "GM0307",
    "dimensie": "totaal",
    "groep": "totaal",
    "periode_soort": "jaar",
    "schaal": "1",
}
_KNOWN_KEYS = {
    "bestand", "formaat", "bron", "indeling", "decimaal", "jaar", "kolommen", "standaard",
    "statline",  # the [statline] table of a CBS StatLine export (etl/adapters/statline.py)
}  # fmt: skip


@dataclass(frozen=True)
class ExtractSpec:
    """One extract as its .toml describes it."""

    toml_path: Path
    path: Path
    rel_path: str  # relative to the data directory, for reports and lineage
    formaat: str
    bron: str
    indeling: str = "wijk2024"
    decimaal: str = ","
    jaar: int | None = None
    kolommen: Path | None = None
    standaard: dict[str, str] = field(default_factory=dict)
    statline: dict[str, Any] = field(default_factory=dict)  # formaat statline: its [statline] table


def discover(data_dir: Path) -> list[ExtractSpec]:
    """All extract descriptions under data_dir/extracts, sorted by path (a stable load order)."""
    root = data_dir / "extracts"
    if not root.is_dir():
        return []
    return [load_spec(p, data_dir) for p in sorted(root.rglob("*.toml"))]


def load_spec(toml_path: Path, data_dir: Path) -> ExtractSpec:
    """Read and check one extract description."""
    try:
        raw = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ExtractError(toml_path, f"beschrijving is geen geldige TOML: {exc}") from exc
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        raise ExtractError(toml_path, f"onbekende sleutel(s): {', '.join(sorted(unknown))}")
    for key in ("bestand", "formaat", "bron"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ExtractError(toml_path, f"sleutel {key!r} ontbreekt of is leeg")
    path = (toml_path.parent / raw["bestand"]).resolve()
    if not path.is_file():
        raise ExtractError(toml_path, f"bestand {raw['bestand']!r} bestaat niet")
    indeling = raw.get("indeling", "wijk2024")
    if indeling not in INDELINGEN:
        raise ExtractError(toml_path, f"indeling {indeling!r} onbekend; kies uit {INDELINGEN}")
    decimaal = raw.get("decimaal", ",")
    if decimaal not in (",", "."):
        raise ExtractError(toml_path, f"decimaal moet ',' of '.' zijn, niet {decimaal!r}")
    standaard = dict(BASE_DEFAULTS)
    for key, value in raw.get("standaard", {}).items():
        standaard[key] = str(value)
    jaar = raw.get("jaar")
    if jaar is not None:
        standaard["jaar"] = str(jaar)
    kolommen = raw.get("kolommen")
    try:
        rel_path = str(path.relative_to(data_dir.resolve()))
    except ValueError:
        rel_path = str(path)
    return ExtractSpec(
        toml_path=toml_path,
        path=path,
        rel_path=rel_path,
        formaat=raw["formaat"],
        bron=raw["bron"].strip(),
        indeling=indeling,
        decimaal=decimaal,
        jaar=int(jaar) if jaar is not None else None,
        kolommen=(toml_path.parent / kolommen).resolve() if kolommen else None,
        standaard=standaard,
        statline=_table(toml_path, raw, "statline"),
    )


def _table(toml_path: Path, raw: dict[str, Any], key: str) -> dict[str, Any]:
    """An optional TOML table of the description ({} when absent)."""
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise ExtractError(toml_path, f"{key!r} moet een tabel zijn ([{key}])")
    return value
