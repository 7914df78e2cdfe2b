"""Discovery of extracts: every data/extracts/**/<naam>.toml describes one extract file.

The description says format, source, wijk division and defaults (docs/extracts.md).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from etl.errors import ExtractError
from etl.soorten import GEDECLAREERD, GEMETEN, MET_UITLEG
from etl.values import excerpt

INDELINGEN = ("wijk2019", "wijk2024")
# Column defaults every extract gets unless its .toml [standaard] table says otherwise.
# No area: a file without an area column must say so ([standaard] gebied = "GM0307").
BASE_DEFAULTS: dict[str, str] = {
    "dimensie": "totaal",
    "groep": "totaal",
    "periode_soort": "jaar",
    "schaal": "1",
}
_KNOWN_KEYS = {
    "bestand", "formaat", "bron", "indeling", "decimaal", "jaar", "kolommen", "standaard", "negeer_kolommen",
    "statline",  # the [statline] table of a CBS StatLine export (etl/adapters/statline.py)
    "soort", "uitleg", "soort_per_indicator",  # the kind of its figures (etl/soorten.py)
}  # fmt: skip
# Columns a [standaard] table may give a file-wide value (etl.adapters.FILE_COLUMNS and schaal).
_DEFAULTABLE = {
    "indicator", "gebied", "dimensie", "groep", "periode_soort", "peildag", "jaar", "waarde",
    "ondergrens", "bovengrens", "significant", "schaal",
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
    negeer_kolommen: tuple[str, ...] = ()  # columns of the file that are deliberately not read
    soort: str = GEMETEN  # the kind of every figure unless soort_per_indicator or the cell says otherwise
    uitleg: str | None = None  # how the figures of that kind were made
    soort_per_indicator: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    def soort_van(self, indicator: str) -> tuple[str, str | None]:
        """(kind, how) declared for an indicator's figures in this extract."""
        return self.soort_per_indicator.get(indicator, (self.soort, self.uitleg))


def discover(data_dir: Path) -> list[ExtractSpec]:
    """All extract descriptions under data_dir/extracts, sorted by path (a stable load order)."""
    root = data_dir / "extracts"
    if not root.is_dir():
        return []
    return [load_spec(p, data_dir) for p in sorted(root.rglob("*.toml"))]


def inside(path: Path, root: Path) -> bool:
    """True when path, with every symlink resolved, lies inside root."""
    return path.resolve().is_relative_to(root.resolve())


def load_spec(toml_path: Path, data_dir: Path) -> ExtractSpec:
    """Read and check one extract description.

    The file it names (and its CBS column mapping) must resolve, symlinks followed, inside the
    data directory: nothing outside it is read, so no message can echo such a file's content.
    """
    if not inside(toml_path, data_dir):
        raise ExtractError(toml_path, "beschrijving verwijst (als symlink) naar een plek buiten de datamap")
    if not toml_path.is_file():
        raise ExtractError(toml_path, "is een map of geen gewoon bestand, geen beschrijving")
    try:
        raw = tomllib.loads(toml_path.read_text(encoding="utf-8-sig"))  # a BOM is harmless
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ExtractError(toml_path, f"beschrijving is geen geldige TOML: {exc}") from exc
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        raise ExtractError(toml_path, f"onbekende sleutel(s): {', '.join(sorted(unknown))}")
    for key in ("bestand", "formaat", "bron"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ExtractError(toml_path, f"sleutel {key!r} ontbreekt of is leeg")
    path = _data_file(toml_path, data_dir, "bestand", raw["bestand"])
    indeling = raw.get("indeling", "wijk2024")
    if indeling not in INDELINGEN:
        raise ExtractError(toml_path, f"indeling {_shown(indeling)} onbekend; kies uit {INDELINGEN}")
    decimaal = raw.get("decimaal", ",")
    if decimaal not in (",", "."):
        raise ExtractError(toml_path, f"decimaal moet ',' of '.' zijn, niet {_shown(decimaal)}")
    standaard = dict(BASE_DEFAULTS)
    given = raw.get("standaard", {})
    if not isinstance(given, dict):
        raise ExtractError(toml_path, f"standaard moet een tabel zijn ([standaard]), niet {_shown(given)}")
    for key, value in given.items():
        if key not in _DEFAULTABLE:
            raise ExtractError(
                toml_path,
                f"[standaard] {_shown(key)} is geen kolom; bekend: {', '.join(sorted(_DEFAULTABLE))}",
            )
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ExtractError(
                toml_path, f"[standaard] {key} moet tekst of een getal zijn, niet {_shown(value)}"
            )
        standaard[key] = str(value)
    jaar = raw.get("jaar")
    if jaar is not None:
        if isinstance(jaar, bool) or not isinstance(jaar, int):
            raise ExtractError(toml_path, f"jaar moet een jaartal zijn (jaar = 2024), niet {_shown(jaar)}")
        standaard["jaar"] = str(jaar)
    kolommen = raw.get("kolommen")
    if kolommen is not None and (not isinstance(kolommen, str) or not kolommen.strip()):
        raise ExtractError(toml_path, f"kolommen moet een bestandsnaam zijn, niet {_shown(kolommen)}")
    negeer = raw.get("negeer_kolommen", [])
    if not isinstance(negeer, list) or not all(isinstance(n, str) for n in negeer):
        raise ExtractError(
            toml_path, f'negeer_kolommen moet een lijst van namen zijn (["opmerking"]), niet {_shown(negeer)}'
        )
    soort, uitleg = _soort(toml_path, raw, "")
    per_indicator = {}
    for code, entry in _table(toml_path, raw, "soort_per_indicator").items():
        if not isinstance(entry, dict):
            raise ExtractError(
                toml_path,
                f"[soort_per_indicator] {_shown(code)} moet een tabel zijn (soort = ..., uitleg = ...)",
            )
        per_indicator[code] = _soort(toml_path, entry, f"[soort_per_indicator.{code}] ")
    rel_path = str(path.relative_to(data_dir.resolve()))
    return ExtractSpec(
        toml_path=toml_path,
        path=path,
        rel_path=rel_path,
        formaat=raw["formaat"],
        bron=raw["bron"].strip(),
        indeling=indeling,
        decimaal=decimaal,
        jaar=jaar,
        kolommen=_data_file(toml_path, data_dir, "kolommen", kolommen) if kolommen else None,
        standaard=standaard,
        statline=_table(toml_path, raw, "statline"),
        negeer_kolommen=tuple(negeer),
        soort=soort,
        uitleg=uitleg,
        soort_per_indicator=per_indicator,
    )


def _soort(toml_path: Path, raw: dict[str, Any], where: str) -> tuple[str, str | None]:
    """The declared kind of figures and how they were made (`soort`, `uitleg`)."""
    soort = raw.get("soort", GEMETEN)
    if soort not in GEDECLAREERD:
        kies = ", ".join(GEDECLAREERD)
        raise ExtractError(toml_path, f"{where}soort {_shown(soort)} onbekend; kies uit {kies}")
    uitleg = raw.get("uitleg")
    if uitleg is not None and (not isinstance(uitleg, str) or not uitleg.strip()):
        raise ExtractError(toml_path, f"{where}uitleg moet tekst zijn, niet {_shown(uitleg)}")
    if soort in MET_UITLEG and uitleg is None:
        raise ExtractError(toml_path, f"{where}soort {soort!r} vraagt een uitleg: hoe is het cijfer gemaakt?")
    unknown = set(raw) - {"soort", "uitleg"} if where else set()
    if unknown:
        raise ExtractError(toml_path, f"{where}onbekende sleutel(s): {', '.join(sorted(unknown))}")
    return soort, uitleg.strip() if uitleg else None


def _table(toml_path: Path, raw: dict[str, Any], key: str) -> dict[str, Any]:
    """An optional TOML table of the description ({} when absent)."""
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise ExtractError(toml_path, f"{key!r} moet een tabel zijn ([{key}])")
    return value


def _shown(value: object) -> str:
    return excerpt(value) if isinstance(value, str) else excerpt(repr(value))[1:-1]


def _data_file(toml_path: Path, data_dir: Path, key: str, name: str) -> Path:
    """The file a description names, resolved; must be a regular file inside the data directory."""
    path = toml_path.parent / name
    if not inside(path, data_dir):
        raise ExtractError(
            toml_path,
            f"{key} {_shown(name)} ligt buiten de datamap; alleen bestanden in de datamap worden gelezen",
        )
    path = path.resolve()
    if path.is_dir():
        raise ExtractError(toml_path, f"{key} {_shown(name)} is een map, geen bestand")
    if not path.is_file():
        raise ExtractError(
            toml_path,
            f"{key} {_shown(name)} bestaat niet"
            if not path.exists()
            else f"{key} {_shown(name)} is geen gewoon bestand",
        )
    return path
