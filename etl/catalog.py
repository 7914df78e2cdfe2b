"""The catalogues under data/meta: indicators, goals, groups and fixed areas, checked on load.

Each catalogue is a directory of CSV files that are concatenated (one file per thema or source).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.errors import CatalogError

THEMAS = (
    "Preventie",
    "Bestaanszekerheid en participatie",
    "Ontwikkelen en opgroeien",
    "Psychische kwetsbaarheid",
    "Ouder worden",
    "Diversiteit en discriminatie",
    "Ontwikkeling gebruik ondersteuning",
    "Transformatie",
    "Cliëntervaring",
    "Bevolking",
    "Wonen",
    "Voorzieningen",
)
RICHTINGEN = ("hoger", "lager", "neutraal")
MONITOR_STATUSSEN = ("actueel", "geen nieuwe cijfers", "niet in monitor")
AGGREGATIES = ("som", "gewogen", "geen")
DOEL_SOORTEN = ("maatschappelijk effect", "richtinggevend doel", "transformatiedoel")
NIVEAUS = ("land", "referentiegroep", "gemeente", "wijk", "buurt", "gebiedscluster")
CODE = re.compile(r"^[a-z0-9_]+$")

INDICATOR_COLUMNS = (
    "code", "naam", "thema", "eenheid", "gewenste_richting", "bron", "definitie", "toelichting",
    "monitor_status", "tabel_volgorde", "aggregatie", "noemer", "doelen",
)  # fmt: skip
# Optional catalogue columns and their value when a file leaves them out.
OPTIONAL_INDICATOR_COLUMNS = {"breuk_jaren": "", "doelen_reden": ""}
# doelen_reden: why the indicator serves each goal, '|'-separated 'RD-05: <reason>' per goal code.
DOEL_REDEN = re.compile(r"^\s*([A-Z]{2}-[A-Z0-9]+)\s*:\s*(\S.*?)\s*$")
YEARS = re.compile(r"^(?:(?:19|20)\d{2})(?:\|(?:19|20)\d{2})*$")
DOEL_COLUMNS = ("doel_code", "soort", "naam", "parent_code", "volgorde")
GROEP_COLUMNS = ("dimensie", "groep", "volgorde")
GEBIED_COLUMNS = ("gebied_code", "naam", "niveau", "indeling", "parent_code", "aliassen")


@dataclass(frozen=True)
class Catalog:
    """All catalogues, checked and sorted."""

    indicatoren: pd.DataFrame
    indicator_doel: pd.DataFrame  # indicator, doel_code, reden (None when the catalogue gives none)
    doelen: pd.DataFrame
    groepen: pd.DataFrame
    gebieden: pd.DataFrame


def read_csv_dir(
    directory: Path, columns: tuple[str, ...], optional: dict[str, str] | None = None
) -> pd.DataFrame:
    """Concatenate every CSV in a directory; `_bron` holds 'file, regel N' for messages."""
    frames = []
    for path in sorted(directory.glob("*.csv")):
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
            raise CatalogError(path, f"onleesbaar: {exc}") from exc
        frame.columns = [c.strip() for c in frame.columns]
        for column, default in (optional or {}).items():
            if column not in frame.columns:
                frame[column] = default
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise CatalogError(path, f"kolom(men) ontbreken: {', '.join(missing)}", "regel 1")
        frame = frame.loc[:, [*columns, *(optional or {})]].apply(lambda col: col.str.strip())
        frame["_bron"] = [f"{path.name}, regel {i + 2}" for i in range(len(frame))]
        frames.append(frame)
    if not frames:
        raise CatalogError(directory, "geen CSV-bestanden gevonden")
    return pd.concat(frames, ignore_index=True)


def _fail(row: pd.Series, reden: str, directory: Path) -> None:
    raise CatalogError(directory / row["_bron"].split(",")[0], reden, row["_bron"].split(", ")[1])


def _check_allowed(frame: pd.DataFrame, column: str, allowed: tuple[str, ...], d: Path) -> None:
    bad = frame[~frame[column].isin(allowed)]
    if len(bad):
        row = bad.iloc[0]
        _fail(row, f"{column} {row[column]!r} is niet toegestaan; kies uit {allowed}", d)


def _check_unique(frame: pd.DataFrame, keys: list[str], d: Path) -> None:
    dup = frame[frame.duplicated(keys, keep=False)]
    if len(dup):
        first, second = dup.iloc[0], dup.iloc[1]
        what = "/".join(str(first[k]) for k in keys)
        _fail(second, f"{what} staat dubbel (ook in {first['_bron']})", d)


def load_doelen(meta: Path) -> pd.DataFrame:
    d = meta / "doelen"
    doelen = read_csv_dir(d, DOEL_COLUMNS)
    _check_unique(doelen, ["doel_code"], d)
    _check_allowed(doelen, "soort", DOEL_SOORTEN, d)
    known = set(doelen["doel_code"])
    for _, row in doelen.iterrows():
        if row["parent_code"] and row["parent_code"] not in known:
            _fail(row, f"parent_code {row['parent_code']!r} is geen bekend doel", d)
        if not row["volgorde"].lstrip("-").isdigit():
            _fail(row, f"volgorde {row['volgorde']!r} is geen geheel getal", d)
    doelen["volgorde"] = doelen["volgorde"].astype(int)
    doelen["parent_code"] = doelen["parent_code"].replace("", None)
    return doelen.sort_values("doel_code").reset_index(drop=True)


def load_indicatoren(meta: Path, doel_codes: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    d = meta / "indicatoren"
    ind = read_csv_dir(d, INDICATOR_COLUMNS, OPTIONAL_INDICATOR_COLUMNS)
    _check_unique(ind, ["code"], d)
    for column, allowed in (
        ("thema", THEMAS),
        ("gewenste_richting", RICHTINGEN),
        ("monitor_status", MONITOR_STATUSSEN),
        ("aggregatie", AGGREGATIES),
    ):
        _check_allowed(ind, column, allowed, d)
    codes = set(ind["code"])
    links = []
    for _, row in ind.iterrows():
        if not CODE.match(row["code"]):
            _fail(row, f"code {row['code']!r}: alleen a-z, 0-9 en _", d)
        for column in ("naam", "eenheid", "bron"):
            if not row[column]:
                _fail(row, f"{column} is leeg voor {row['code']}", d)
        if row["breuk_jaren"] and not YEARS.match(row["breuk_jaren"]):
            _fail(row, f"breuk_jaren {row['breuk_jaren']!r}: jaartallen gescheiden door |", d)
        if row["tabel_volgorde"] and not row["tabel_volgorde"].isdigit():
            _fail(row, f"tabel_volgorde {row['tabel_volgorde']!r} is geen geheel getal", d)
        if row["aggregatie"] == "gewogen" and row["noemer"] not in codes:
            _fail(row, f"aggregatie 'gewogen' heeft een bekende noemer nodig, niet {row['noemer']!r}", d)
        redenen = _doel_redenen(row, d)
        doelen = [x for x in (x.strip() for x in row["doelen"].split("|")) if x]
        for doel in doelen:
            if doel not in doel_codes:
                _fail(row, f"doel {doel!r} bestaat niet in data/meta/doelen", d)
            links.append((row["code"], doel, redenen.get(doel)))
        zonder_doel = sorted(set(redenen) - set(doelen))
        if zonder_doel:
            _fail(row, f"doelen_reden noemt {zonder_doel}, die niet in doelen staan", d)
    ind["tabel_volgorde"] = pd.to_numeric(ind["tabel_volgorde"].replace("", None)).astype("Int64")
    for column in ("definitie", "toelichting", "noemer", "breuk_jaren", "doelen_reden"):
        ind[column] = ind[column].replace("", None)
    unique = {(code, doel): reden for code, doel, reden in links}
    bridge = pd.DataFrame(
        [(code, doel, reden) for (code, doel), reden in sorted(unique.items())],
        columns=["indicator", "doel_code", "reden"],
    )
    return ind.sort_values("code").reset_index(drop=True), bridge


def _doel_redenen(row: pd.Series, d: Path) -> dict[str, str]:
    """doel_code -> reason of the optional doelen_reden column ('RD-05: ...|RD-14: ...')."""
    redenen: dict[str, str] = {}
    for part in filter(None, (x.strip() for x in row["doelen_reden"].split("|"))):
        match = DOEL_REDEN.match(part)
        if match is None:
            _fail(row, f"doelen_reden {part!r}: verwacht 'DOELCODE: reden'", d)
        redenen[match.group(1)] = match.group(2)
    return redenen


def load_groepen(meta: Path) -> pd.DataFrame:
    d = meta / "groepen"
    groepen = read_csv_dir(d, GROEP_COLUMNS)
    for _, row in groepen.iterrows():
        if not row["volgorde"].lstrip("-").isdigit():
            _fail(row, f"volgorde {row['volgorde']!r} is geen geheel getal", d)
    groepen = groepen.drop_duplicates(["dimensie", "groep", "volgorde"])
    _check_unique(groepen, ["dimensie", "groep"], d)
    groepen["volgorde"] = groepen["volgorde"].astype(int)
    if not ((groepen["dimensie"] == "totaal") & (groepen["groep"] == "totaal")).any():
        raise CatalogError(d, "de groep totaal/totaal ontbreekt")
    return groepen.sort_values(["dimensie", "volgorde", "groep"]).reset_index(drop=True)


def load_gebieden(meta: Path) -> pd.DataFrame:
    d = meta / "gebieden"
    gebieden = read_csv_dir(d, GEBIED_COLUMNS)
    _check_unique(gebieden, ["gebied_code", "indeling"], d)
    _check_allowed(gebieden, "niveau", NIVEAUS, d)
    gebieden["parent_code"] = gebieden["parent_code"].replace("", None)
    return gebieden


def load_catalog(data_dir: Path) -> Catalog:
    """Read and check every catalogue under data_dir/meta."""
    meta = data_dir / "meta"
    doelen = load_doelen(meta)
    indicatoren, bridge = load_indicatoren(meta, set(doelen["doel_code"]))
    return Catalog(
        indicatoren=indicatoren,
        indicator_doel=bridge,
        doelen=doelen,
        groepen=load_groepen(meta),
        gebieden=load_gebieden(meta),
    )
