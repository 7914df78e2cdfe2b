"""Adapter for CBS StatLine exports in the long shape (TypedDataSet/UntypedDataSet as CSV).

One row per gebied x periode x dimension codes, one column per CBS key; the .toml's [statline]
table and a column map say what each column is (docs/extracts.md, format statline).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from etl.adapters import location, tidy_frame
from etl.adapters.cbs_kwb import read_mapping
from etl.adapters.text import FOUT, REGEL, column_index, read_rows
from etl.config import CHUNK_ROWS
from etl.errors import ExtractError
from etl.reconcile import Cells, filled, ignored_columns, mark

if TYPE_CHECKING:
    from etl.manifest import ExtractSpec

# The region column of a StatLine table: per wijk and buurt tables, or the general region one.
GEBIED_COLUMNS = ("WijkenEnBuurten", "RegioS")
PERIODEN = "Perioden"
# A whole calendar year: '2020JJ00'. Quarters (2020KW01), months (2020MM01) and other period
# codes are not figures of a year and are rejected, never guessed.
JAARCODE = re.compile(r"^(\d{4})JJ00$")
# CBS's '.': "het cijfer is onbekend, onvoldoende betrouwbaar of geheim". In the per-wijk tables
# it marks areas too small to publish, so it becomes the suppressed status, never a number.
CBS_PUNT = "."
ONDERDRUKT = "x"  # etl.values.MARKERS: geheim/onderdrukt
# What a dimension code may become (the value of a [statline.dimensies.<kolom>] entry).
BEHOUDEN = "behouden"  # keep the row; the dimension sets no group (e.g. Marges MW00000)
OVERSLAAN = "overslaan"  # leave the row out on purpose (e.g. interval bounds one does not load)
_KNOWN_KEYS = {"gebied", "perioden", "dimensies", "negeer", "negeer_leeg", "negeer_gebieden"}


@dataclass(frozen=True)
class Layout:
    """Which chunk column holds what, checked against the header."""

    gebied: str
    perioden: str
    dimensies: dict[str, dict[str, str]]  # chunk column -> {code: 'dimensie/groep' | keep | skip}
    dimensie_namen: dict[str, str]  # chunk column -> the column's name
    waarden: list[tuple[str, str, str, str]]  # (chunk column, CBS key, indicator, schaal)
    # Reconciliation (etl.reconcile): the columns that are no key of a figure (values and ignored
    # columns), the ignored ones, those the description claims are empty, and areas left out.
    overig: list[str] = field(default_factory=list)
    negeer: list[tuple[str, str]] = field(default_factory=list)
    leeg: set[str] = field(default_factory=set)
    gebieden: dict[str, str] = field(default_factory=dict)  # area code -> why its rows are left out


def layout(path: Path, header: list[str], spec: ExtractSpec) -> Layout:
    """Check the header against the description; ExtractError (exit 3) for any mismatch."""
    opties = spec.statline
    unknown = set(opties) - _KNOWN_KEYS
    if unknown:
        raise ExtractError(spec.toml_path, f"onbekende sleutel(s) in [statline]: {sorted(unknown)}")
    if spec.kolommen is None:
        raise ExtractError(spec.toml_path, "statline heeft 'kolommen' nodig (CBS-sleutel -> indicator)")
    index = column_index(header)

    def column(name: str, what: str) -> str:
        if name.lower() not in index:
            raise ExtractError(path, f"kolom {name!r} ({what}) ontbreekt; gevonden: {header}", "regel 1")
        return index[name.lower()]

    gebied_naam = opties.get("gebied") or next((c for c in GEBIED_COLUMNS if c.lower() in index), None)
    if not isinstance(gebied_naam, str):
        raise ExtractError(path, f"geen gebiedskolom ({', '.join(GEBIED_COLUMNS)})", "regel 1")
    gebied = column(gebied_naam, "gebied")
    perioden = column(str(opties.get("perioden", PERIODEN)), "perioden")

    raw_dims = opties.get("dimensies", {})
    if not isinstance(raw_dims, dict) or not all(isinstance(v, dict) for v in raw_dims.values()):
        raise ExtractError(spec.toml_path, "[statline.dimensies.<kolom>] moet per kolom code = groep geven")
    dimensies, dimensie_namen = {}, {}
    for name, codes in raw_dims.items():
        position = column(name, "dimensie")
        mapped = {str(code).strip(): str(doel).strip() for code, doel in codes.items()}
        for code, doel in mapped.items():
            if doel not in (BEHOUDEN, OVERSLAAN) and doel.count("/") != 1:
                raise ExtractError(
                    spec.toml_path,
                    f"dimensie {name}, code {code}: {doel!r} is geen 'dimensie/groep', "
                    f"'{BEHOUDEN}' of '{OVERSLAAN}'",
                )
        dimensies[position] = mapped
        dimensie_namen[position] = name

    mapping = read_mapping(spec.kolommen)
    absent = [kolom for kolom, _, _ in mapping if kolom.lower() not in index]
    if absent:
        raise ExtractError(path, f"kolom(men) uit {spec.kolommen.name} ontbreken: {absent}", "regel 1")
    negeer = opties.get("negeer", [])
    if not isinstance(negeer, list):
        raise ExtractError(spec.toml_path, "'negeer' moet een lijst van kolomnamen zijn")
    leeg = opties.get("negeer_leeg", [])
    if not isinstance(leeg, list):
        raise ExtractError(spec.toml_path, "'negeer_leeg' moet een lijst van kolomnamen zijn")
    negeer = [*negeer, *leeg]
    gebieden = opties.get("negeer_gebieden", {})
    if not isinstance(gebieden, dict) or not all(
        isinstance(r, str) and r.strip() for r in gebieden.values()
    ):
        raise ExtractError(
            spec.toml_path, '[statline.negeer_gebieden] moet per gebiedscode de reden geven (GM0307 = "...")'
        )
    known = {gebied_naam.lower(), str(opties.get("perioden", PERIODEN)).lower()}
    known |= {n.lower() for n in raw_dims}
    known |= {str(n).lower() for n in negeer}
    known |= {kolom.lower() for kolom, _, _ in mapping}
    unexplained = [name for name in header if name.lower() not in known]
    if unexplained:
        raise ExtractError(
            path,
            f"kolom(men) {unexplained} staan niet in {spec.kolommen.name} en niet in 'negeer' "
            f"van {spec.toml_path.name}: onbekende CBS-sleutel(s)",
            "regel 1",
        )
    waarden = [(index[kolom.lower()], kolom, indicator, schaal) for kolom, indicator, schaal in mapping]
    keys = {gebied, perioden, *dimensies}
    return Layout(
        gebied, perioden, dimensies, dimensie_namen, waarden,
        overig=[str(i) for i in range(len(header)) if str(i) not in keys],
        negeer=[(index[str(n).lower()], header[int(index[str(n).lower()])]) for n in negeer
                if str(n).lower() in index],
        leeg={str(n).lower() for n in leeg},
        gebieden={str(code).strip(): reden.strip() for code, reden in gebieden.items()},
    )  # fmt: skip


def read(path: Path, spec: ExtractSpec) -> Iterator[pd.DataFrame]:
    """Tidy frames: one figure per row x mapped key column whose cell is not empty."""
    header, chunks = read_rows(path, CHUNK_ROWS)
    lay = layout(path, header, spec)
    for chunk in chunks:
        figures, cells = _figures(chunk, lay)
        yield mark(tidy_frame(figures, spec), cells)


def _figures(chunk: pd.DataFrame, lay: Layout) -> tuple[pd.DataFrame, Cells]:
    """The figures of a chunk, and its Cells: what was read, made a figure or ignored by which rule."""
    broken = chunk[FOUT] != ""
    fout = chunk[FOUT].copy()
    periode = chunk[lay.perioden].str.strip()
    jaar = periode.str.extract(JAARCODE, expand=False)
    fout = fout.mask(~broken & jaar.isna(), "Perioden '" + periode + "' is geen jaarcode (JJJJJJ00)")
    dimensie = pd.Series("totaal", index=chunk.index, dtype="string")
    groep = pd.Series("totaal", index=chunk.index, dtype="string")
    skip = pd.Series(False, index=chunk.index)
    skip_rule = pd.Series("", index=chunk.index, dtype="string")
    code = chunk[lay.gebied].str.strip()
    for gebied, reden in lay.gebieden.items():
        rows = ~broken & (code == gebied)
        skip |= rows
        skip_rule = skip_rule.mask(rows & (skip_rule == ""), f"gebied {gebied}: {reden}")
    for position, codes in lay.dimensies.items():
        code = chunk[position].str.strip()
        doel = code.map(codes)
        name = lay.dimensie_namen[position]
        unknown = doel.isna() & (fout == "")
        fout = fout.mask(unknown, name + " '" + code + "' staat niet in de beschrijving")
        overslaan = doel == OVERSLAAN
        skip |= overslaan
        skip_rule = skip_rule.mask(
            overslaan & (skip_rule == ""), name + " = " + code + ": 'overslaan' in de beschrijving"
        )
        is_groep = doel.notna() & ~doel.isin([BEHOUDEN, OVERSLAAN])
        if is_groep.any():
            parts = doel.where(is_groep).str.split("/", n=1, expand=True)
            twice = is_groep & (dimensie != "totaal")
            fout = fout.mask(twice & (fout == ""), "twee dimensiekolommen geven een groep")
            dimensie = dimensie.mask(is_groep, parts[0])
            groep = groep.mask(is_groep, parts[1])
    keep = ~skip | (fout != "")
    cells = _cells(chunk, lay, fout != "", skip & (fout == ""), skip_rule)
    chunk, fout, jaar, dimensie, groep = (x[keep] for x in (chunk, fout, jaar, dimensie, groep))
    faulty = fout != ""
    parts = []
    for number, (position, kolom, indicator, schaal) in enumerate(lay.waarden):
        cell = chunk[position].str.strip()
        # An empty cell: the key was not in that year's survey: no figure, not a missing one.
        # A faulty row is one reject (on its first column), not one per column.
        take = (faulty & (number == 0)) | (~faulty & (cell != ""))
        part = pd.DataFrame(
            {
                "gebied": chunk.loc[take, lay.gebied].str.strip(),
                "indicator": indicator,
                "jaar": jaar[take].fillna(""),
                "dimensie": dimensie[take],
                "groep": groep[take],
                "waarde": cell[take].mask(cell[take] == CBS_PUNT, ONDERDRUKT),
                "schaal": schaal,
                "locatie": location(chunk.loc[take, REGEL], f", kolom {kolom}"),
                "ruw": kolom + "=" + cell[take],
                "fout": fout[take],
            }
        )
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=["gebied"]), cells
    figures = pd.concat(parts).sort_index(kind="stable")
    cells.figures = len(figures)
    return figures, cells


def _cells(chunk: pd.DataFrame, lay: Layout, faulty: pd.Series, skipped: pd.Series, rule: pd.Series) -> Cells:
    """Read: one per faulty row (one reject) plus every filled cell of a non-key column of the
    other rows. Ignored: all cells of a row left out on purpose, under its rule, and the cells of
    the description's ignored columns in the rows that are read."""
    sound = ~faulty
    per_row = sum((filled(chunk[p]).astype(int) for p in lay.overig), start=pd.Series(0, index=chunk.index))
    cells = Cells(read=int(faulty.sum()) + int(per_row[sound].sum()))
    for name, n in per_row[skipped].groupby(rule[skipped]).sum().items():
        if n:
            cells.ignored[str(name)] += int(n)
    taken = ignored_columns(chunk, sound & ~skipped, lay.negeer, "[statline] negeer", lay.leeg)
    cells.ignored.update(taken.ignored)
    cells.warnings.extend(taken.warnings)
    return cells
