"""Staging of figures into stg_fact: the DuckDB path for well-formed CSV extracts.

A long or wide CSV is read by Arrow (etl.adapters.text.arrow_batches, exact line numbers) and
each batch is unpivoted and checked in DuckDB. The checks themselves are not re-implemented in
SQL: every column is looked up in a small table computed in Python, by the functions of
etl.validate / etl.values / etl.periods, for the *distinct* texts of that column only (extracts
repeat a handful of codes and values millions of times). A figure whose every lookup is clean
is staged by SQL, with integer dimension keys (etl.keys). Any other figure (a missing or
unparseable value, an unknown code, a percentage out of range, ...) goes through
etl.validate.conform exactly as the pandas path sends it, so reasons, places and raw rows of
rejects are the same text whichever path read the file.

Files that are not well-formed (a row with too many or too few fields, a field spanning lines),
small files (MIN_BYTES) and the other formats keep the pandas path (etl.build._stage_chunks).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.adapters import NO_FILL, TIDY_COLUMNS, long_csv, wide_csv
from etl.adapters.text import REGEL, RUW, NotWellFormed, TextFile, arrow_batches, open_text
from etl.keys import STG_GEBIED, STG_GROEP, STG_INDICATOR, DimensionKeys, Periods
from etl.periods import FUTURE_ALLOWED, PERIODE_SOORTEN, periode_label
from etl.reconcile import NEGEER_KOLOM, count_filled_arrow, negeer_columns
from etl.soorten import GEMETEN, ONGEVEER, SQL_ENUM
from etl.validate import MIN_JAAR, PERCENTAGE, SIGNIFICANT_WORDS, Lookups, _jaar, _schaal, conform
from etl.values import STATUS_WAARDE, parse_values

if TYPE_CHECKING:
    from etl.manifest import ExtractSpec

STG_FACT = "stg_fact"
STG_TEXT = "stg_text"  # seq, locatie, ruw of figures staged by the pandas path
STATUS_TYPE = "ENUM('waarde', 'niet gemeten', 'geheim/onderdrukt')"  # etl.values.STATUSSEN
SOORT_TYPE = SQL_ENUM  # etl.soorten.SOORTEN
# A staged figure's kind before its extract's declaration (declare_kinds): the cell's own 'ca.'.
_CELL_SOORT = f"CASE WHEN {{}} THEN '{ONGEVEER}' ELSE '{GEMETEN}' END"
SEQ_SPAN = 10**10  # seq = load_id * SEQ_SPAN + position in the extract
FORMATS = ("long_csv", "wide_csv")
# Smaller files take the pandas path: it has no per-file set-up (lookup tables, ~0.1 s) and its
# per-figure cost does not matter below some ten thousand figures.
MIN_BYTES = 1 << 20
# The tidy text columns a figure's content comes from (TIDY_COLUMNS without place, raw row, fault).
CONTENT = tuple(c for c in TIDY_COLUMNS if c not in ("locatie", "ruw", "fout"))
_BATCH, _FIG, _OUT = "chunk_raw", "chunk_fig", "chunk_out"
# The interval checks of etl.validate._check_interval (a failing figure goes through conform,
# which words the reason): ordered bounds, the value inside them, a percentage's within 0-100.
_INTERVAL_OK = """coalesce(NOT (
        lk_onder.v * lk_schaal.s > lk_boven.v * lk_schaal.s
        OR (lk_waarde.status = $waarde AND (lk_waarde.w * lk_schaal.s < lk_onder.v * lk_schaal.s
                                            OR lk_waarde.w * lk_schaal.s > lk_boven.v * lk_schaal.s))
        OR (lk_indicator.pct AND (lk_onder.v * lk_schaal.s NOT BETWEEN 0 AND 100
                                  OR lk_boven.v * lk_schaal.s NOT BETWEEN 0 AND 100))), true)"""
# With the separator: the characters a blank line may hold (skipped as in etl.adapters.text).
_BLANK_ROW = " \t\r"


def create_staging(con: duckdb.DuckDBPyConnection) -> None:
    """stg_fact (one narrow row per accepted figure), stg_text, stg_load, stg_reject.

    stg_fact carries integer keys and no text: a figure staged by the DuckDB path keeps its line
    (and year column) number, one staged by the pandas path its place and raw row in stg_text.
    Only the few that become duplicate reports need their text (model.resolve_duplicates).
    final_fact is stg_fact without the rejected duplicates plus the derived figures.
    """
    con.execute(
        f"""CREATE TEMP TABLE {STG_FACT} (
            seq BIGINT, load_id INTEGER, regel INTEGER, kpos SMALLINT,
            indicator_id INTEGER, periode_id INTEGER, gebied_id INTEGER, groep_id INTEGER,
            waarde DOUBLE, ondergrens DOUBLE, bovengrens DOUBLE, significant BOOLEAN,
            status {STATUS_TYPE}, afgeleid BOOLEAN, soort {SOORT_TYPE})"""  # noqa: S608 (constants of this module)
    )
    con.execute(f"CREATE TEMP TABLE {STG_TEXT} (seq BIGINT, locatie VARCHAR, ruw VARCHAR)")
    con.execute("CREATE TEMP TABLE stg_load (load_id INTEGER, path VARCHAR)")
    con.execute("CREATE TEMP TABLE stg_reject AS SELECT * FROM etl_reject LIMIT 0")


def insert_accepted(
    con: duckdb.DuckDBPyConnection, load_id: int, accepted: pd.DataFrame, seq: np.ndarray, periods: Periods
) -> None:
    """Stage figures accepted by etl.validate.conform (codes) under their dimension ids."""
    if not len(accepted):
        return
    triples = list(zip(accepted["jaar"], accepted["periode_soort"], accepted["periode_label"], strict=True))
    frame = accepted.assign(
        seq=seq, load_id=load_id, periode_id=periods.ids_for([(int(j), s, p) for j, s, p in triples])
    )
    con.register("chunk_accepted", frame)
    inserted = con.execute(
        f"""INSERT INTO {STG_FACT}
            SELECT a.seq, a.load_id, NULL, NULL, i.indicator_id, a.periode_id, g.gebied_id, gr.groep_id,
                   a.waarde, a.ondergrens, a.bovengrens, a.significant, a.status, FALSE,
                   {_CELL_SOORT.format("a.ongeveer")}
            FROM chunk_accepted a
            JOIN {STG_INDICATOR} i ON i.code = a.indicator_code
            JOIN {STG_GEBIED} g ON g.gebied_code = a.gebied_code AND g.indeling = a.indeling
            JOIN {STG_GROEP} gr ON gr.dimensie = a.dimensie AND gr.groep = a.groep"""  # noqa: S608 (table names are constants)
    ).fetchone()[0]
    con.execute(f"INSERT INTO {STG_TEXT} SELECT seq, locatie, ruw FROM chunk_accepted")  # noqa: S608 (constant)
    con.unregister("chunk_accepted")
    if inserted != len(frame):  # a bug: validation resolved every key against the same catalogues
        raise RuntimeError(f"{len(frame) - inserted} geaccepteerde cijfers vonden hun dimensies niet")


def insert_rejects(con: duckdb.DuckDBPyConnection, load_id: int, path: str, rejects: pd.DataFrame) -> None:
    """Append conform's rejected rows (locatie, ruw, reden) to stg_reject, in their order."""
    if not len(rejects):
        return
    rejects = rejects.assign(load_id=load_id, path=path, soort="afgewezen")
    con.register("chunk_rejects", rejects)
    con.execute(
        """INSERT INTO stg_reject (load_id, path, locatie, ruw, soort, reden)
           SELECT load_id, path, locatie, ruw, soort, reden FROM chunk_rejects"""
    )
    con.unregister("chunk_rejects")


@dataclass
class Progress:
    """Counts of one extract as it is staged."""

    read: int = 0
    rejected: int = 0
    ignored: Counter[str] = field(default_factory=Counter)  # filled cells of negeer_kolommen, per rule


def stage_text_extract(
    con: duckdb.DuckDBPyConnection,
    load_id: int,
    spec: ExtractSpec,
    lookups: Lookups,
    keys: DimensionKeys,
    periods: Periods,
    progress: Progress,
    say: Callable[[str], None],
) -> bool:
    """Stage a well-formed long or wide CSV through DuckDB; False when this path does not apply.

    Raises the same ExtractError as the adapters for an empty file, a missing header or missing
    columns.
    """
    if spec.formaat not in FORMATS or set(spec.standaard) & {"locatie", "ruw", "fout"}:
        return False
    if spec.path.stat().st_size < MIN_BYTES:
        return False
    text = open_text(spec.path, check=False)  # checked batch by batch while staging
    if spec.formaat == "long_csv":
        columns = {c: f"c{int(p)}" for c, p in long_csv.used_columns(spec.path, text.header, spec).items()}
        years: list[tuple[str, str]] = []
    else:
        key_columns, year_columns = wide_csv.used_columns(spec.path, text.header, spec)
        columns = {c: f"c{int(p)}" for c, p in key_columns.items()}
        years = [(f"c{int(p)}", year) for p, year in year_columns]
    try:
        _Stager(con, load_id, spec, lookups, keys, periods, text, columns, years).run(progress, say)
    except NotWellFormed:  # undo this extract's rows: the pandas path reads it row by row
        con.execute(f"DELETE FROM {STG_FACT} WHERE load_id = ?", [load_id])  # noqa: S608 (table names are constants of this module)
        con.execute("DELETE FROM stg_reject WHERE load_id = ?", [load_id])
        progress.read = progress.rejected = 0
        progress.ignored.clear()
        return False
    return True


Place = tuple[int, int | None]  # (line number, position of the year column in a wide file)


def describe_rows(spec: ExtractSpec, wanted: set[Place]) -> dict[Place, tuple[str, str]]:
    """(locatie, ruw) as etl_reject shows them, of places in a file staged by this path."""
    text = open_text(spec.path, check=False)
    years = []
    if spec.formaat == "wide_csv":
        years = [year for _, year in wide_csv.used_columns(spec.path, text.header, spec)[1]]
    lines = pa.array(sorted({regel for regel, _ in wanted}), type=pa.int64())
    raw: dict[int, str] = {}
    for batch in arrow_batches(text):
        rows = batch.filter(pc.is_in(batch[REGEL], value_set=lines))
        raw.update(zip(rows[REGEL].to_pylist(), rows[RUW].to_pylist(), strict=True))
    found = {}
    for regel, kpos in wanted:
        suffix = "" if kpos is None else f", kolom {years[kpos]}"
        found[(regel, kpos)] = (f"regel {regel}{suffix}", raw[regel])
    return found


@dataclass(frozen=True)
class _Lookup:
    """A lookup table: distinct raw texts of `inputs` -> checked, converted values and `ok`."""

    table: str
    inputs: tuple[str, ...]
    outputs: tuple[tuple[str, str], ...]  # (column, SQL type)


_LOOKUPS = (
    _Lookup(
        "lk_waarde",
        ("waarde",),
        (("w", "DOUBLE"), ("status", "VARCHAR"), ("sig", "BOOLEAN"), ("blank", "BOOLEAN"), ("ca", "BOOLEAN")),
    ),
    _Lookup("lk_schaal", ("schaal",), (("s", "DOUBLE"),)),
    _Lookup("lk_indicator", ("indicator",), (("indicator_id", "INTEGER"), ("pct", "BOOLEAN"))),
    _Lookup(
        "lk_periode",
        ("periode_soort", "peildag", "jaar"),
        (("periode_id", "INTEGER"),),
    ),
    _Lookup("lk_gebied", ("gebied",), (("gebied_id", "INTEGER"),)),
    _Lookup("lk_groep", ("dimensie", "groep"), (("groep_id", "INTEGER"),)),
    _Lookup("lk_onder", ("ondergrens",), (("v", "DOUBLE"),)),
    _Lookup("lk_boven", ("bovengrens",), (("v", "DOUBLE"),)),
    _Lookup("lk_sig", ("significant",), (("override", "BOOLEAN"),)),
)  # fmt: skip


class _Stager:
    """Stages the Arrow batches of one CSV extract."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        load_id: int,
        spec: ExtractSpec,
        lookups: Lookups,
        keys: DimensionKeys,
        periods: Periods,
        text: TextFile,
        columns: dict[str, str],
        years: list[tuple[str, str]],
    ) -> None:
        self.con, self.load_id, self.spec, self.lookups, self.text = con, load_id, spec, lookups, text
        self.periods = periods
        self._present: set[str] = set()  # content columns chunk_fig holds (the others are absent)
        self.columns, self.years = columns, years
        self.indicator_ids = keys.indicator_ids()
        self.gebied_ids = keys.gebied_ids()
        self.groep_ids = keys.groep_ids()
        self.compute: dict[str, Callable[[pd.DataFrame], pd.DataFrame]] = {
            "lk_waarde": self._waarde,
            "lk_schaal": self._schaal,
            "lk_indicator": self._indicator,
            "lk_periode": self._periode,
            "lk_gebied": self._gebied,
            "lk_groep": self._groep,
            "lk_onder": lambda raw: self._bound(raw, "ondergrens"),
            "lk_boven": lambda raw: self._bound(raw, "bovengrens"),
            "lk_sig": self._significant,
        }

    # -- the figures of a batch ---------------------------------------------------------------

    def run(self, progress: Progress, say: Callable[[str], None]) -> None:
        for lookup in _LOOKUPS:
            cols = [f"{c} VARCHAR" for c in lookup.inputs] + [f"{c} {t}" for c, t in lookup.outputs]
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {lookup.table} ({', '.join(cols)}, ok BOOLEAN)")
        try:
            self._batches(progress, say)
        finally:
            self._drop()

    def _batches(self, progress: Progress, say: Callable[[str], None]) -> None:
        for chunk_no, batch in enumerate(arrow_batches(self.text), start=1):
            last_line = batch[REGEL][-1].as_py() if batch.num_rows else 0
            if last_line * max(1, len(self.years)) >= SEQ_SPAN or len(self.years) > 2**15 - 1:
                raise RuntimeError(f"{self.spec.rel_path}: te veel regels voor de volgnummers")
            self._count_ignored(batch, progress)
            self.con.register(_BATCH, batch)
            try:
                read, rejected = self._stage_batch()
            finally:
                self.con.unregister(_BATCH)
            progress.read += read
            progress.rejected += rejected
            if chunk_no > 1 or read >= 100_000:
                say(f"    … {self.spec.rel_path}: {progress.read:,} cijfers gelezen".replace(",", "."))

    def _count_ignored(self, batch: pa.Table, progress: Progress) -> None:
        """Count the filled cells of the negeer_kolommen (etl.reconcile); one Arrow pass per column."""
        for position, name in negeer_columns(self.text.header, self.spec.negeer_kolommen):
            n = count_filled_arrow(batch[f"c{position}"])
            if n:
                progress.ignored[NEGEER_KOLOM.format(kolom=name, sleutel="negeer_kolommen")] += n

    def _drop(self) -> None:
        for lookup in _LOOKUPS:
            self.con.execute(f"DROP TABLE IF EXISTS {lookup.table}")
        self.con.execute(f"DROP TABLE IF EXISTS {_FIG}")
        self.con.execute(f"DROP TABLE IF EXISTS {_OUT}")

    def _source(self, column: str) -> str:
        """SQL for the raw text of a content column in chunk_fig (a parameter when absent)."""
        return f'f."{column}"' if column in self._present else f"$absent_{column}"

    def _absent(self, columns: tuple[str, ...]) -> dict[str, str]:
        return {f"absent_{c}": "" for c in columns if c not in self._present}

    def _stage_batch(self) -> tuple[int, int]:
        """Stage one Arrow batch; returns (figures read, figures rejected)."""
        con = self.con
        blank_row = self.text.separator + _BLANK_ROW
        names = [name for name in self.columns if name in CONTENT]
        keys = [f'{self.columns[name]} AS "{name}"' for name in names]
        params: dict[str, object] = {"seq0": self.load_id * SEQ_SPAN, "blank": blank_row}
        if self.years:
            width = len(self.years)
            inner = [f"{REGEL} AS regel", *keys, "unnest($years::VARCHAR[]) AS kolom",
                     "unnest($kpos::SMALLINT[]) AS kpos",
                     f"unnest([{', '.join(col for col, _ in self.years)}]) AS cell"]  # fmt: skip
            outer = [f"$seq0 + (regel - 2) * {width} + kpos AS seq", "regel", "kpos", "kolom",
                     *(f'"{n}"' for n in names), "kolom AS jaar", "cell AS waarde"]  # fmt: skip
            sql = f"""CREATE OR REPLACE TEMP TABLE {_FIG} AS
                SELECT {", ".join(outer)}
                FROM (SELECT {", ".join(inner)} FROM {_BATCH} WHERE trim({RUW}, $blank) <> '')"""  # noqa: S608 (generated names)
            params.update(years=[y for _, y in self.years], kpos=list(range(width)))
            self._present = {*names, "jaar", "waarde"}
        else:
            select = [f"$seq0 + {REGEL} AS seq", f"{REGEL} AS regel", "NULL::SMALLINT AS kpos",
                      "NULL::VARCHAR AS kolom", *keys]  # fmt: skip
            sql = f"""CREATE OR REPLACE TEMP TABLE {_FIG} AS
                SELECT {", ".join(select)} FROM {_BATCH} WHERE trim({RUW}, $blank) <> ''"""  # noqa: S608 (generated names)
            self._present = set(names)
        con.execute(sql, params)
        for lookup in _LOOKUPS:
            self._extend(lookup)
        return self._classify()

    def _extend(self, lookup: _Lookup) -> None:
        """Add the texts of this batch that the lookup table does not hold yet."""
        sources = [self._source(c) for c in lookup.inputs]
        select = ", ".join(f'{src} AS "{c}"' for c, src in zip(lookup.inputs, sources, strict=True))
        match = " AND ".join(f'l."{c}" = {src}' for c, src in zip(lookup.inputs, sources, strict=True))
        new = self.con.execute(
            f"SELECT DISTINCT {select} FROM {_FIG} f "  # noqa: S608 (generated names)
            f"WHERE NOT EXISTS (SELECT 1 FROM {lookup.table} l WHERE {match})",
            self._absent(lookup.inputs),
        ).df()
        if new.empty:
            return
        raw = pd.DataFrame({c: new[c].astype("string").fillna("") for c in lookup.inputs})
        computed = self.compute[lookup.table](raw)
        order = [*lookup.inputs, *(c for c, _ in lookup.outputs), "ok"]
        frame = pd.concat([raw, computed], axis=1)[order]
        self.con.register("lookup_new", frame)
        self.con.execute(f"INSERT INTO {lookup.table} SELECT * FROM lookup_new")  # noqa: S608 (generated names)
        self.con.unregister("lookup_new")

    def _classify(self) -> tuple[int, int]:
        """Stage the clean figures of chunk_fig; send the others through conform."""
        con = self.con
        joins, params = [], {"waarde": STATUS_WAARDE}
        for lookup in _LOOKUPS:
            alias = lookup.table
            match = " AND ".join(f'{alias}."{c}" = {self._source(c)}' for c in lookup.inputs)
            joins.append(f"LEFT JOIN {lookup.table} {alias} ON {match}")
            params.update(self._absent(lookup.inputs))
        ok = " AND ".join(f"{lookup.table}.ok" for lookup in _LOOKUPS)
        where = "WHERE NOT coalesce(lk_waarde.blank, false)" if self.years else ""
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE {_OUT} AS
                SELECT f.seq, f.regel, f.kpos, lk_indicator.indicator_id, lk_periode.periode_id,
                       lk_gebied.gebied_id, lk_groep.groep_id,
                       CASE WHEN lk_waarde.status = $waarde THEN lk_waarde.w * lk_schaal.s END AS waarde,
                       lk_onder.v * lk_schaal.s AS ondergrens, lk_boven.v * lk_schaal.s AS bovengrens,
                       coalesce(lk_sig.override, lk_waarde.sig) AS significant, lk_waarde.status,
                       coalesce(lk_waarde.ca, false) AS ongeveer,
                       coalesce({ok} AND NOT (lk_waarde.status = $waarde AND lk_indicator.pct
                                     AND (lk_waarde.w * lk_schaal.s < 0 OR lk_waarde.w * lk_schaal.s > 100))
                                 AND {_INTERVAL_OK}, false) AS ok
                FROM {_FIG} f {" ".join(joins)} {where}""",  # noqa: S608 (generated names)
            params,
        )
        read = con.execute(f"SELECT count(*) FROM {_OUT}").fetchone()[0]  # noqa: S608 (generated names)
        con.execute(
            f"""INSERT INTO {STG_FACT}
                SELECT seq, ?, regel, kpos, indicator_id, periode_id, gebied_id, groep_id,
                       waarde, ondergrens, bovengrens, significant, status, FALSE,
                       {_CELL_SOORT.format("ongeveer")}
                FROM {_OUT} WHERE ok""",  # noqa: S608 (generated names)
            [self.load_id],
        )
        rest = con.execute(
            f"""SELECT f.*, r.{RUW} AS ruw FROM {_FIG} f
                JOIN {_OUT} o ON o.seq = f.seq JOIN {_BATCH} r ON r.{REGEL} = f.regel
                WHERE NOT o.ok ORDER BY f.seq"""  # noqa: S608 (generated names)
        ).df()
        if rest.empty:
            return read, 0
        return read, self._conform(rest)

    def _conform(self, rest: pd.DataFrame) -> int:
        """Run the figures that are not clean through etl.validate.conform; returns the rejects."""
        regel = rest["regel"].astype("int64").astype("string")
        if self.years:
            locatie = "regel " + regel + ", kolom " + rest["kolom"].astype("string")
        else:
            locatie = "regel " + regel
        raw = pd.DataFrame({c: rest[c] if c in self._present else "" for c in CONTENT}, index=rest.index)
        tidy = {c: self._tidy(raw, c) for c in CONTENT}
        frame = pd.DataFrame(
            {
                **tidy,
                "locatie": locatie.astype("string"),
                "ruw": rest["ruw"].astype("string"),
                "fout": pd.Series([""] * len(rest), dtype="string"),
            }
        ).reset_index(drop=True)[list(TIDY_COLUMNS)]
        accepted, rejects = conform(frame, self.spec, self.lookups)
        seq = rest["seq"].to_numpy()
        insert_accepted(self.con, self.load_id, accepted, seq[accepted.index.to_numpy()], self.periods)
        insert_rejects(self.con, self.load_id, self.spec.rel_path, rejects)
        return len(rejects)

    # -- lookups: the checks of etl.validate.conform on distinct texts ------------------------

    def _tidy(self, raw: pd.DataFrame, column: str) -> pd.Series:
        """The text etl.adapters.tidy_frame makes of a raw cell (the file-wide default if empty)."""
        values = raw[column].astype("string").fillna("").reset_index(drop=True)
        default = self.spec.standaard.get(column)
        if default is not None and not (column in NO_FILL and column in self._present):
            values = values.mask(values.str.strip() == "", default)
        return values

    def _waarde(self, raw: pd.DataFrame) -> pd.DataFrame:
        parsed = parse_values(self._tidy(raw, "waarde"), self.spec.decimaal)
        blank = raw["waarde"].astype("string").reset_index(drop=True).str.strip() == ""
        return pd.DataFrame(
            {
                "w": parsed["waarde"],
                "status": parsed["status"],
                "sig": parsed["significant"],
                "blank": blank.astype(bool),
                "ca": parsed["ongeveer"].astype(bool),
                "ok": (~parsed["leeg"] & parsed["fout"].isna()).astype(bool),
            }
        )

    def _schaal(self, raw: pd.DataFrame) -> pd.DataFrame:
        schaal = _schaal(self._tidy(raw, "schaal"))
        return pd.DataFrame({"s": schaal, "ok": schaal.notna().astype(bool)})

    def _indicator(self, raw: pd.DataFrame) -> pd.DataFrame:
        code = self._tidy(raw, "indicator").str.strip()
        eenheid = code.map(self.lookups.eenheid)
        ok = (code != "") & eenheid.notna() & code.isin(self.indicator_ids.keys())
        return pd.DataFrame(
            {
                "indicator_id": code.map(self.indicator_ids).where(ok).astype("Int32"),
                "pct": (eenheid == PERCENTAGE).fillna(False).astype(bool),
                "ok": ok.fillna(False).astype(bool),
            }
        )

    def _periode(self, raw: pd.DataFrame) -> pd.DataFrame:
        soort = self._tidy(raw, "periode_soort").str.strip()
        peildag = self._tidy(raw, "peildag").str.strip()
        jaar = _jaar(self._tidy(raw, "jaar"))
        jaren, labels, oks = [], [], []
        for s, p, j in zip(soort, peildag, jaar, strict=True):
            ok = (
                pd.notna(j) and bool(np.isfinite(j)) and j == round(j) and j >= MIN_JAAR
                and (j <= self.lookups.max_jaar or s in FUTURE_ALLOWED)
                and s in PERIODE_SOORTEN and "|" not in s and "|" not in p
            )  # fmt: skip
            label = None
            if ok:
                try:
                    label = periode_label(s, int(j), p)
                except ValueError:
                    ok = False
            jaren.append(int(j) if ok else None)
            labels.append(label)
            oks.append(bool(ok))
        good = [(j, s, label) for j, s, label, ok in zip(jaren, soort, labels, oks, strict=True) if ok]
        ids = iter(self.periods.ids_for(good))
        return pd.DataFrame(
            {
                "periode_id": pd.Series([next(ids) if ok else None for ok in oks], dtype="Int32"),
                "ok": pd.Series(oks, dtype=bool),
            }
        )

    def _gebied(self, raw: pd.DataFrame) -> pd.DataFrame:
        keys, _elsewhere = self.lookups.resolver(self.spec.indeling)
        target = self._tidy(raw, "gebied").str.strip().str.lower().map(keys)
        ids = [
            self.gebied_ids.get(tuple(t.split("|", 1))) if isinstance(t, str) and t else None  # type: ignore[arg-type]
            for t in target
        ]
        gebied_id = pd.Series(ids, dtype="Int32")
        return pd.DataFrame({"gebied_id": gebied_id, "ok": gebied_id.notna().astype(bool)})

    def _groep(self, raw: pd.DataFrame) -> pd.DataFrame:
        dimensie = self._tidy(raw, "dimensie").str.strip()
        groep = self._tidy(raw, "groep").str.strip()
        ids = [
            self.groep_ids.get((d, g)) if "\x1f" not in d and (d, g) in self.lookups.groepen else None
            for d, g in zip(dimensie, groep, strict=True)
        ]
        groep_id = pd.Series(ids, dtype="Int32")
        return pd.DataFrame({"groep_id": groep_id, "ok": groep_id.notna().astype(bool)})

    def _bound(self, raw: pd.DataFrame, column: str) -> pd.DataFrame:
        parsed = parse_values(self._tidy(raw, column), self.spec.decimaal)
        ok = parsed["leeg"] | (parsed["status"] == STATUS_WAARDE)
        return pd.DataFrame({"v": parsed["waarde"], "ok": ok.astype(bool)})

    def _significant(self, raw: pd.DataFrame) -> pd.DataFrame:
        text = self._tidy(raw, "significant").str.strip().str.lower()
        override = text.map(SIGNIFICANT_WORDS)
        ok = (text == "") | override.notna()
        return pd.DataFrame({"override": override.astype("boolean"), "ok": ok.astype(bool)})
