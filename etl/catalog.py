"""The catalogues under data/meta: indicators, goals, groups, fixed areas and the
uitvoeringsprogramma's (sections, results, actions, goal links), checked on load.

Most catalogues are a directory of CSV files that are concatenated (one file per thema or
source); data/meta/programmas holds one file per table (docs/programmas.md).
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
OPTIONAL_INDICATOR_COLUMNS = {"breuk_jaren": "", "doelen_reden": "", "teller": ""}
# teller: the count a 'gewogen' rate is made of (rate = schaal * teller / noemer). Its computed
# figures for larger areas come from the summed counts, so they agree with them (docs/geo.md,
# "Berekende cijfers"). The scale follows from the units of the rate and of its noemer; only
# these pairs are known, any other is a catalogue error.
TELLER_SCHAAL = {
    ("percentage", "aantal"): 100.0,
    ("per 1000 inwoners", "aantal"): 1000.0,
    ("per huishouden", "aantal"): 1.0,
    ("per km2", "ha"): 100.0,  # 1 km2 = 100 ha
}
TELLER_EENHEID = "aantal"
# doelen_reden: why the indicator serves each goal, '|'-separated 'RD-05: <reason>' per goal code.
DOEL_REDEN = re.compile(r"^\s*([A-Z]{2}-[A-Z0-9]+)\s*:\s*(\S.*?)\s*$")
YEARS = re.compile(r"^(?:(?:19|20)\d{2})(?:\|(?:19|20)\d{2})*$")
DOEL_COLUMNS = ("doel_code", "soort", "naam", "parent_code", "volgorde")
GROEP_COLUMNS = ("dimensie", "groep", "volgorde")
GEBIED_COLUMNS = ("gebied_code", "naam", "niveau", "indeling", "parent_code", "aliassen")
# data/meta/kern: the headline indicators, those the monitor's samenvatting discusses (docs/app.md).
KERN_COLUMNS = ("indicator", "onderwerp")

# data/meta/programmas: file -> columns (docs/programmas.md).
PROGRAMMA_FILES: dict[str, tuple[str, ...]] = {
    "programmas.csv": ("programma_code", "naam", "periode", "document", "volgorde"),
    "onderdelen.csv": (
        "onderdeel_code", "programma_code", "parent_code", "nummer", "kop", "soort", "volgorde",
    ),
    "resultaten.csv": ("resultaat_code", "onderdeel_code", "omschrijving", "periode", "volgorde"),
    "acties.csv": (
        "actie_code", "resultaat_code", "titel", "partners", "wijken", "locatie", "periode", "volgorde",
    ),
    "koppelingen.csv": ("code", "doel_code", "reden"),
}  # fmt: skip
ONDERDEEL_SOORTEN = ("inleiding", "hoofdstuk", "focuspunt", "thema", "paragraaf", "lijn", "onderwerp")
# An action's title is a short summary in our own words, not a copied paragraph.
TITEL_MAX = 200
WIJK_CODE = re.compile(r"^WK\d{6}$")


@dataclass(frozen=True)
class Catalog:
    """All catalogues, checked and sorted."""

    indicatoren: pd.DataFrame
    indicator_doel: pd.DataFrame  # indicator, doel_code, reden (None when the catalogue gives none)
    doelen: pd.DataFrame
    kern: pd.DataFrame  # indicator, onderwerp, volgorde: the headline indicators, in order
    groepen: pd.DataFrame
    gebieden: pd.DataFrame
    programmas: Programmas


@dataclass(frozen=True)
class Programmas:
    """The uitvoeringsprogramma's: programme -> section -> result -> action, and goal links.

    Frames keep `_bron` ('file, regel N') for later checks (wijk codes need the geo layer).
    """

    directory: Path
    programmas: pd.DataFrame
    onderdelen: pd.DataFrame  # with `pad`: the headings from the programme down, ' > '-joined
    resultaten: pd.DataFrame
    acties: pd.DataFrame  # with onderdeel_code and programma_code of its result
    actie_gebied: pd.DataFrame  # actie_code, gebied_code, _bron
    koppelingen: pd.DataFrame  # code, niveau ('resultaat' | 'actie'), doel_code, reden


def read_csv_file(
    path: Path, columns: tuple[str, ...], optional: dict[str, str] | None = None
) -> pd.DataFrame:
    """One catalogue CSV, values stripped; `_bron` holds 'file, regel N' for messages."""
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
    return frame


def read_csv_dir(
    directory: Path, columns: tuple[str, ...], optional: dict[str, str] | None = None
) -> pd.DataFrame:
    """Concatenate every CSV in a directory; `_bron` holds 'file, regel N' for messages."""
    frames = [read_csv_file(path, columns, optional) for path in sorted(directory.glob("*.csv"))]
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
        if row["teller"]:
            _check_teller(row, ind, d)
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
    eenheid = dict(zip(ind["code"], ind["eenheid"], strict=True))
    ind["schaal"] = [
        TELLER_SCHAAL[(e, eenheid[n])] if t else None
        for t, e, n in zip(ind["teller"], ind["eenheid"], ind["noemer"], strict=True)
    ]
    for column in ("definitie", "toelichting", "noemer", "breuk_jaren", "doelen_reden", "teller"):
        ind[column] = ind[column].replace("", None)
    unique = {(code, doel): reden for code, doel, reden in links}
    bridge = pd.DataFrame(
        [(code, doel, reden) for (code, doel), reden in sorted(unique.items())],
        columns=["indicator", "doel_code", "reden"],
    )
    return ind.sort_values("code").reset_index(drop=True), bridge


def _check_teller(row: pd.Series, ind: pd.DataFrame, d: Path) -> None:
    """A teller names a count of the catalogue; the rate and its noemer have a known scale."""
    teller, code = row["teller"], row["code"]
    if row["aggregatie"] != "gewogen":
        _fail(row, f"teller {teller!r} alleen bij aggregatie 'gewogen', niet {row['aggregatie']!r}", d)
    match = ind[ind["code"] == teller]
    if match.empty:
        _fail(row, f"teller {teller!r} is geen bekende indicator", d)
    if match.iloc[0]["eenheid"] != TELLER_EENHEID or match.iloc[0]["aggregatie"] != "som":
        _fail(row, f"teller {teller!r} moet een aantal zijn met aggregatie 'som'", d)
    noemer = ind[ind["code"] == row["noemer"]].iloc[0]
    if noemer["aggregatie"] != "som":
        _fail(row, f"de noemer {row['noemer']!r} van een teller moet aggregatie 'som' hebben", d)
    noemer_eenheid = noemer["eenheid"]
    if (row["eenheid"], noemer_eenheid) not in TELLER_SCHAAL:
        _fail(
            row,
            f"{code}: geen bekende schaal voor eenheid {row['eenheid']!r} met een noemer in "
            f"{noemer_eenheid!r} (bekend: {sorted(TELLER_SCHAAL)})",
            d,
        )


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


def _check_int(frame: pd.DataFrame, column: str, d: Path) -> None:
    for _, row in frame.iterrows():
        if not row[column].lstrip("-").isdigit():
            _fail(row, f"{column} {row[column]!r} is geen geheel getal", d)


def _check_filled(frame: pd.DataFrame, columns: tuple[str, ...], key: str, d: Path) -> None:
    for _, row in frame.iterrows():
        for column in columns:
            if not row[column]:
                _fail(row, f"{column} is leeg voor {row[key] or '(geen code)'}", d)


def _check_known(frame: pd.DataFrame, column: str, known: set[str], what: str, d: Path) -> None:
    for _, row in frame.iterrows():
        if row[column] and row[column] not in known:
            _fail(row, f"{column} {row[column]!r} is geen bekend {what}", d)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _empty_programmas(d: Path) -> Programmas:
    frames = {name: pd.DataFrame(columns=[*cols, "_bron"]) for name, cols in PROGRAMMA_FILES.items()}
    return Programmas(
        directory=d,
        programmas=frames["programmas.csv"],
        onderdelen=frames["onderdelen.csv"].assign(pad=pd.Series(dtype=str)),
        resultaten=frames["resultaten.csv"],
        acties=frames["acties.csv"].assign(onderdeel_code="", programma_code=""),
        actie_gebied=pd.DataFrame(columns=["actie_code", "gebied_code", "_bron"]),
        koppelingen=pd.DataFrame(columns=["code", "niveau", "doel_code", "reden", "_bron"]),
    )


def load_programmas(meta: Path, doel_codes: set[str]) -> Programmas:
    """Read and check data/meta/programmas (absent: no programmes). Wijk codes are checked
    against the areas later (check_programma_gebieden), when the geo layer is built."""
    d = meta / "programmas"
    if not d.is_dir():
        return _empty_programmas(d)
    missing = [name for name in PROGRAMMA_FILES if not (d / name).is_file()]
    if missing:
        raise CatalogError(d, f"bestand(en) ontbreken: {', '.join(missing)}")
    f = {name: read_csv_file(d / name, cols) for name, cols in PROGRAMMA_FILES.items()}

    programmas = f["programmas.csv"]
    _check_filled(programmas, ("programma_code", "naam", "periode", "document"), "programma_code", d)
    _check_unique(programmas, ["programma_code"], d)
    _check_int(programmas, "volgorde", d)

    onderdelen = f["onderdelen.csv"]
    _check_filled(onderdelen, ("onderdeel_code", "programma_code", "kop"), "onderdeel_code", d)
    _check_unique(onderdelen, ["onderdeel_code"], d)
    _check_allowed(onderdelen, "soort", ONDERDEEL_SOORTEN, d)
    _check_int(onderdelen, "volgorde", d)
    _check_known(onderdelen, "programma_code", set(programmas["programma_code"]), "programma", d)
    _check_known(onderdelen, "parent_code", set(onderdelen["onderdeel_code"]), "onderdeel", d)
    programma_van = dict(zip(onderdelen["onderdeel_code"], onderdelen["programma_code"], strict=True))
    for _, row in onderdelen.iterrows():
        if row["parent_code"] and programma_van[row["parent_code"]] != row["programma_code"]:
            _fail(row, f"parent_code {row['parent_code']!r} hoort bij een ander programma", d)
    onderdelen["pad"] = _paden(onderdelen, programmas, d)

    resultaten = f["resultaten.csv"]
    _check_filled(resultaten, ("resultaat_code", "onderdeel_code", "omschrijving"), "resultaat_code", d)
    _check_unique(resultaten, ["resultaat_code"], d)
    _check_int(resultaten, "volgorde", d)
    _check_known(resultaten, "onderdeel_code", set(onderdelen["onderdeel_code"]), "onderdeel", d)

    acties = f["acties.csv"]
    _check_filled(acties, ("actie_code", "resultaat_code", "titel"), "actie_code", d)
    _check_unique(acties, ["actie_code"], d)
    _check_int(acties, "volgorde", d)
    _check_known(acties, "resultaat_code", set(resultaten["resultaat_code"]), "resultaat", d)
    gebieden = []
    for _, row in acties.iterrows():
        if len(row["titel"]) > TITEL_MAX:
            _fail(row, f"titel is langer dan {TITEL_MAX} tekens: vat de actie kort samen", d)
        for code in _split(row["wijken"]):
            if not WIJK_CODE.match(code):
                _fail(row, f"wijk {code!r} is geen CBS-wijkcode (WK + 6 cijfers)", d)
            gebieden.append((row["actie_code"], code, row["_bron"]))
    onderdeel_van = dict(zip(resultaten["resultaat_code"], resultaten["onderdeel_code"], strict=True))
    acties["onderdeel_code"] = acties["resultaat_code"].map(onderdeel_van)
    acties["programma_code"] = acties["onderdeel_code"].map(programma_van)

    koppelingen = f["koppelingen.csv"]
    _check_filled(koppelingen, ("code", "doel_code", "reden"), "code", d)
    both = set(resultaten["resultaat_code"]) & set(acties["actie_code"])
    if both:
        raise CatalogError(d / "acties.csv", f"code {sorted(both)[0]!r} is ook een resultaat_code")
    niveau = {code: "resultaat" for code in resultaten["resultaat_code"]}
    niveau.update({code: "actie" for code in acties["actie_code"]})
    _check_known(koppelingen, "code", set(niveau), "resultaat of actie", d)
    _check_known(koppelingen, "doel_code", doel_codes, "doel in data/meta/doelen", d)
    _check_unique(koppelingen, ["code", "doel_code"], d)
    koppelingen.insert(1, "niveau", koppelingen["code"].map(niveau))
    linked = set(koppelingen["code"])
    for _, row in resultaten.iterrows():
        if row["resultaat_code"] not in linked:
            _fail(row, f"resultaat {row['resultaat_code']} dient geen doel: koppel het in koppelingen.csv", d)

    parents = set(onderdelen["parent_code"])
    with_results = set(resultaten["onderdeel_code"])
    for _, row in onderdelen.iterrows():
        if row["onderdeel_code"] not in parents | with_results:
            _fail(row, f"onderdeel {row['onderdeel_code']} heeft geen resultaten en geen subonderdelen", d)

    for frame, columns in ((onderdelen, ("parent_code", "nummer")), (resultaten, ("periode",)),
                           (acties, ("partners", "locatie", "periode"))):
        for column in columns:
            frame[column] = frame[column].replace("", None)
    for frame in (programmas, onderdelen, resultaten, acties):
        frame["volgorde"] = frame["volgorde"].astype(int)
    return Programmas(
        directory=d,
        programmas=programmas,
        onderdelen=onderdelen,
        resultaten=resultaten,
        acties=acties,
        actie_gebied=pd.DataFrame(gebieden, columns=["actie_code", "gebied_code", "_bron"]),
        koppelingen=koppelingen,
    )


def _paden(onderdelen: pd.DataFrame, programmas: pd.DataFrame, d: Path) -> list[str]:
    """Each section's heading path ('2 Focuspunten > 2.1 Onderwijskansen'); refuses cycles."""
    rows = {row["onderdeel_code"]: row for _, row in onderdelen.iterrows()}
    paden = []
    for code, row in rows.items():
        parts, seen, current = [], set(), row
        while current is not None:
            if current["onderdeel_code"] in seen:
                _fail(row, f"parent_code van {code} vormt een kring", d)
            seen.add(current["onderdeel_code"])
            parts.append(f"{current['nummer']} {current['kop']}".strip())
            current = rows.get(current["parent_code"]) if current["parent_code"] else None
        paden.append(" > ".join(reversed(parts)))
    return paden


def check_programma_gebieden(programmas: Programmas, wijk_codes: set[str]) -> None:
    """Every wijk an action names is a CBS wijk of some indeling (from the geo layer)."""
    for _, row in programmas.actie_gebied.iterrows():
        if row["gebied_code"] not in wijk_codes:
            reden = f"wijk {row['gebied_code']!r} bestaat niet in de CBS-wijkgrenzen"
            _fail(row, reden, programmas.directory)


def load_kern(meta: Path, codes: set[str]) -> pd.DataFrame:
    """The headline indicators (data/meta/kern), in the order of the samenvatting; optional."""
    d = meta / "kern"
    if not d.is_dir():
        return pd.DataFrame({"indicator": [], "onderwerp": [], "volgorde": []})
    kern = read_csv_dir(d, KERN_COLUMNS)
    _check_unique(kern, ["indicator"], d)
    for _, row in kern.iterrows():
        if row["indicator"] not in codes:
            _fail(row, f"indicator {row['indicator']!r} bestaat niet in data/meta/indicatoren", d)
        if not row["onderwerp"]:
            _fail(row, f"onderwerp is leeg voor {row['indicator']}", d)
    kern["volgorde"] = range(1, len(kern) + 1)
    return kern[["indicator", "onderwerp", "volgorde"]].reset_index(drop=True)


def load_catalog(data_dir: Path) -> Catalog:
    """Read and check every catalogue under data_dir/meta."""
    meta = data_dir / "meta"
    doelen = load_doelen(meta)
    indicatoren, bridge = load_indicatoren(meta, set(doelen["doel_code"]))
    return Catalog(
        indicatoren=indicatoren,
        indicator_doel=bridge,
        doelen=doelen,
        kern=load_kern(meta, set(indicatoren["code"])),
        groepen=load_groepen(meta),
        gebieden=load_gebieden(meta),
        programmas=load_programmas(meta, set(doelen["doel_code"])),
    )
