"""What changed between two warehouses: figures added, changed and removed per indicator and year.

Used by `python -m etl diff OLD NEW` and by the build (a report section against the warehouse it
replaces; with --strict, unacknowledged changes to published figures stop the publication).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.errors import EXIT_REJECTS_STRICT, EtlError, ExtractError

# The file naming indicators whose published figures may change in the next build, with a reason.
ERKEND_BESTAND = Path("meta") / "erkende_wijzigingen.toml"
# Values are compared at this many decimals: a recomputed weighted mean may differ in the last bit.
DECIMALEN = 9
MAX_SHOWN = 40  # lines per diff in the build report (the CLI shows all)

# Old dimension ids -> new ones by their natural keys (NULL when the new warehouse lacks it).
_MAPS = {
    "dim_indicator": ("indicator_id", "code"),
    "dim_jaar": ("jaar_id", "jaar, periode_label"),
    "dim_gebied": ("gebied_id", "gebied_code, indeling"),
    "dim_groep": ("groep_id", "dimensie, groep"),
}


class HistoryError(EtlError):
    """--strict and the build changes or removes published figures nobody acknowledged."""

    exit_code = EXIT_REJECTS_STRICT


@dataclass(frozen=True)
class Change:
    """Counts of one indicator x period between two warehouses."""

    indicator: str
    jaar: int
    periode_label: str
    toegevoegd: int
    gewijzigd: int
    verwijderd: int


@dataclass
class Diff:
    """All changes, per indicator and period (only those with a change)."""

    changes: list[Change] = field(default_factory=list)

    @property
    def toegevoegd(self) -> int:
        return sum(c.toegevoegd for c in self.changes)

    @property
    def gewijzigd(self) -> int:
        return sum(c.gewijzigd for c in self.changes)

    @property
    def verwijderd(self) -> int:
        return sum(c.verwijderd for c in self.changes)

    def history_rewritten(self) -> list[str]:
        """Indicators of which a published figure was changed or removed, sorted."""
        return sorted({c.indicator for c in self.changes if c.gewijzigd or c.verwijderd})


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def diff_catalogs(con: duckdb.DuckDBPyConnection, old: str, new: str) -> Diff:
    """Compare the figures of two catalogs (attached warehouses) of one connection.

    A figure is identified by indicator code, jaar and periode_label, gebied_code and indeling,
    dimensie and groep; it changed when its status or its value (at DECIMALEN) differs. The old
    figures' dimension ids are first mapped to the new ones through the (small) dimension tables,
    so the fact tables are joined on four integers, not on seven texts (national warehouses).
    """
    o, n = _quoted(old), _quoted(new)
    maps = ",\n".join(
        f"m_{table} AS (SELECT a.{pk} AS oid, b.{pk} AS nid "  # noqa: S608 (quoted catalogs, constant tables)
        f"FROM {o}.{table} a LEFT JOIN {n}.{table} b USING ({keys}))"
        for table, (pk, keys) in _MAPS.items()
    )
    joins = " ".join(f"JOIN m_{table} ON m_{table}.oid = f.{pk}" for table, (pk, _) in _MAPS.items())
    rows = con.execute(
        f"""WITH {maps},
            oud AS (SELECT f.indicator_id AS oi, f.jaar_id AS oj, m_dim_indicator.nid AS i,
                           m_dim_jaar.nid AS j, m_dim_gebied.nid AS g, m_dim_groep.nid AS gr,
                           f.waarde, CAST(f.status AS VARCHAR) AS status
                    FROM {o}.fact_waarde f {joins}),
            paren AS (
                SELECT oud.oi, oud.oj, nw.indicator_id AS ni, nw.jaar_id AS nj,
                       count(*) FILTER (WHERE oud.oi IS NULL) AS toegevoegd,
                       count(*) FILTER (WHERE oud.oi IS NOT NULL AND nw.indicator_id IS NOT NULL
                                        AND (oud.status <> CAST(nw.status AS VARCHAR)
                                             OR round(oud.waarde, $d) IS DISTINCT FROM round(nw.waarde, $d)))
                           AS gewijzigd,
                       count(*) FILTER (WHERE nw.indicator_id IS NULL) AS verwijderd
                FROM oud FULL OUTER JOIN {n}.fact_waarde nw
                  ON oud.i = nw.indicator_id AND oud.j = nw.jaar_id AND oud.g = nw.gebied_id
                 AND oud.gr = nw.groep_id
                GROUP BY ALL)
            SELECT coalesce(ni.code, oi.code) AS indicator, coalesce(nj.jaar, oj.jaar) AS jaar,
                   coalesce(nj.periode_label, oj.periode_label) AS periode_label,
                   sum(toegevoegd)::BIGINT AS toegevoegd, sum(gewijzigd)::BIGINT AS gewijzigd,
                   sum(verwijderd)::BIGINT AS verwijderd
            FROM paren
            LEFT JOIN {n}.dim_indicator ni ON ni.indicator_id = paren.ni
            LEFT JOIN {o}.dim_indicator oi ON oi.indicator_id = paren.oi
            LEFT JOIN {n}.dim_jaar nj ON nj.jaar_id = paren.nj
            LEFT JOIN {o}.dim_jaar oj ON oj.jaar_id = paren.oj
            GROUP BY ALL
            HAVING sum(toegevoegd) + sum(gewijzigd) + sum(verwijderd) > 0
            ORDER BY indicator, jaar, periode_label""",  # noqa: S608 (quoted catalog names, constant tables)
        {"d": DECIMALEN},
    ).fetchall()
    return Diff([Change(*row) for row in rows])


def diff_files(old: Path, new: Path) -> Diff:
    """Compare two warehouse files, both opened read-only; ExtractError when one is not readable."""
    con = duckdb.connect()
    try:
        for alias, path in (("oud", old), ("nieuw", new)):
            if not Path(path).is_file():
                raise ExtractError(path, "bestaat niet (of is geen bestand): geen warehouse")
            try:
                con.execute(f"ATTACH ? AS {alias} (READ_ONLY)", [str(path)])  # noqa: S608 (constant alias)
            except duckdb.Error as exc:
                raise ExtractError(path, f"geen leesbaar warehouse (DuckDB): {exc}") from exc
        try:
            return diff_catalogs(con, "oud", "nieuw")
        except duckdb.CatalogException as exc:
            raise ExtractError(old, f"geen warehouse van de Wijkmonitor (tabel ontbreekt): {exc}") from exc
    finally:
        con.close()


def diff_with_previous(con: duckdb.DuckDBPyConnection, previous: Path) -> Diff | None:
    """The build's diff: the warehouse being built (con) against the published one, if any."""
    if not previous.is_file():
        return None
    new = con.execute("SELECT current_database()").fetchone()[0]
    try:
        con.execute("ATTACH ? AS vorige (READ_ONLY)", [str(previous)])
    except duckdb.Error:
        return None  # not a warehouse (or locked for writing): nothing to compare with
    try:
        return diff_catalogs(con, "vorige", new)
    except duckdb.CatalogException:
        return None
    finally:
        con.execute("DETACH vorige")


def format_diff(diff: Diff, old: str, new: str, limit: int | None = None) -> list[str]:
    """The diff as report lines: totals, then one line per indicator and period."""
    lines = [
        f"Verschil {old} -> {new}: {diff.toegevoegd} cijfers toegevoegd, {diff.gewijzigd} gewijzigd, "
        f"{diff.verwijderd} verwijderd"
    ]
    if diff.changes:
        head = ("indicator", "periode", "toegevoegd", "gewijzigd", "verwijderd")
        lines.append("  {:<44} {:<20} {:>10} {:>9} {:>10}".format(*head))
    shown = diff.changes if limit is None else diff.changes[:limit]
    for c in shown:
        lines.append(
            f"  {c.indicator:<44} {c.periode_label:<20} {c.toegevoegd:>10} "
            f"{c.gewijzigd:>9} {c.verwijderd:>10}"
        )
    if len(shown) < len(diff.changes):
        lines.append(f"  … en nog {len(diff.changes) - len(shown)} regels (python -m etl diff toont alles)")
    return lines


def acknowledged(data_dir: Path, erken: list[str] | None = None) -> dict[str, str]:
    """Indicators whose published figures may change: --erken codes plus the file ERKEND_BESTAND.

    The file has one table, [erkend], mapping an indicator code to the reason of the change.
    """
    found = {code: "--erken" for code in (erken or [])}
    path = data_dir / ERKEND_BESTAND
    if not path.is_file():
        return found
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ExtractError(path, f"geen geldige TOML: {exc}") from exc
    table = raw.get("erkend", {})
    if set(raw) - {"erkend"} or not isinstance(table, dict):
        raise ExtractError(path, 'verwacht alleen een tabel [erkend] met indicatorcode = "reden"')
    for code, reden in table.items():
        if not isinstance(reden, str) or not reden.strip():
            raise ExtractError(path, f"erkend.{code}: geef de reden van de wijziging als tekst")
        found.setdefault(code, reden.strip())
    return found


def check_history(diff: Diff, erkend: dict[str, str]) -> None:
    """Raise HistoryError when published figures of an unacknowledged indicator changed or went."""
    open_ = [code for code in diff.history_rewritten() if code not in erkend]
    if open_:
        shown = ", ".join(open_[:10]) + (f" (en nog {len(open_) - 10})" if len(open_) > 10 else "")
        raise HistoryError(
            f"--strict: gepubliceerde cijfers gewijzigd of verwijderd voor {len(open_)} indicator(en) "
            f"zonder erkenning: {shown}; erken ze met --erken of in data/{ERKEND_BESTAND.as_posix()} "
            "(zie python -m etl diff): het warehouse is niet vervangen"
        )
