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

# One figure with its readable key; {db} is a quoted catalog name (an attached warehouse).
_FIGURES = """
    SELECT i.code AS indicator, j.jaar, j.periode_label, g.gebied_code, g.indeling,
           gr.dimensie, gr.groep, f.waarde, CAST(f.status AS VARCHAR) AS status
    FROM {db}.fact_waarde f
    JOIN {db}.dim_indicator i ON i.indicator_id = f.indicator_id
    JOIN {db}.dim_jaar j ON j.jaar_id = f.jaar_id
    JOIN {db}.dim_gebied g ON g.gebied_id = f.gebied_id
    JOIN {db}.dim_groep gr ON gr.groep_id = f.groep_id"""
_KEY = ("indicator", "jaar", "periode_label", "gebied_code", "indeling", "dimensie", "groep")


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
    dimensie and groep; it changed when its status or its value (at DECIMALEN) differs.
    """
    on = " AND ".join(f"o.{k} = n.{k}" for k in _KEY)
    rows = con.execute(
        f"""WITH o AS ({_FIGURES.format(db=_quoted(old))}), n AS ({_FIGURES.format(db=_quoted(new))})
            SELECT coalesce(n.indicator, o.indicator) AS indicator, coalesce(n.jaar, o.jaar) AS jaar,
                   coalesce(n.periode_label, o.periode_label) AS periode_label,
                   count(*) FILTER (WHERE o.indicator IS NULL) AS toegevoegd,
                   count(*) FILTER (WHERE o.indicator IS NOT NULL AND n.indicator IS NOT NULL
                                    AND (o.status <> n.status
                                         OR round(o.waarde, $d) IS DISTINCT FROM round(n.waarde, $d)))
                       AS gewijzigd,
                   count(*) FILTER (WHERE n.indicator IS NULL) AS verwijderd
            FROM o FULL OUTER JOIN n ON {on}
            GROUP BY ALL
            HAVING toegevoegd + gewijzigd + verwijderd > 0
            ORDER BY indicator, jaar, periode_label""",  # noqa: S608 (quoted catalog names, constant keys)
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
