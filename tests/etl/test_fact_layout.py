"""The physical layout of fact_waarde (issue 24): small row groups, facts ordered indicator, area,
year, group, so that one area's series is a range read that DuckDB's zone maps cut to a row group.

The row-group edge is tested on generated rows in a throw-away file; the layout on the real build.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from etl.config import ROW_GROUP_SIZE
from etl.warehouse import building


def _row_groups(con: duckdb.DuckDBPyConnection, table: str) -> list[int]:
    """Rows per row group of a table, in order."""
    return [n for (n,) in con.execute(
        """SELECT max(start + count) - min(start) FROM pragma_storage_info(?)
           WHERE column_name = 'indicator_id' GROUP BY row_group_id ORDER BY row_group_id""",
        [table]).fetchall()]


def test_the_configured_row_group_size_is_sixteen_thousand_rows() -> None:
    assert ROW_GROUP_SIZE == 16_384  # the size the measurements in docs/performance.md used


@pytest.mark.parametrize(("rows", "groups"), [(16_383, [16_383]), (16_384, [16_384]),
                                              (16_385, [16_384, 1])])
def test_a_build_writes_row_groups_of_the_configured_size(tmp_path: Path, rows: int,
                                                          groups: list[int]) -> None:
    target = tmp_path / "w.duckdb"
    with building(target) as (con, _tmp):
        con.execute("INSERT INTO fact_waarde (indicator_id, jaar_id, gebied_id, groep_id, status) "
                    "SELECT 1, 1, i, 1, 'niet gemeten' FROM range(1, ? + 1) r(i)", [rows])
    con = duckdb.connect(str(target), read_only=True)  # as the app opens it: no option needed
    try:
        assert _row_groups(con, "fact_waarde") == groups
    finally:
        con.close()


def test_the_real_fact_table_is_ordered_by_indicator_area_year_group(real_con) -> None:
    out_of_order = real_con.execute(
        """SELECT count(*) FROM (
               SELECT (indicator_id, gebied_id, jaar_id, groep_id) AS k,
                      lag((indicator_id, gebied_id, jaar_id, groep_id)) OVER (ORDER BY rowid) AS vorige
               FROM fact_waarde) WHERE k <= vorige""").fetchone()[0]
    assert out_of_order == 0
    sizes = _row_groups(real_con, "fact_waarde")
    assert len(sizes) >= 2 and max(sizes) == ROW_GROUP_SIZE


def test_one_areas_series_reads_one_row_group_of_the_real_fact_table(real_con) -> None:
    # The indicator and wijk with the most figures of the shipped build: one range, so at most
    # two row groups (a range may straddle a boundary) of the several the table has.
    indicator_id, gebied_id = real_con.execute(
        """SELECT f.indicator_id, f.gebied_id FROM fact_waarde f
           JOIN dim_gebied g ON g.gebied_id = f.gebied_id WHERE g.niveau = 'wijk'
           GROUP BY ALL ORDER BY count(*) DESC, 1, 2 LIMIT 1""").fetchone()
    plan = json.loads(real_con.execute(
        """EXPLAIN (ANALYZE, FORMAT JSON)
           SELECT jaar_id, waarde FROM fact_waarde WHERE indicator_id = ? AND gebied_id = ?""",
        [indicator_id, gebied_id]).fetchall()[0][1])
    scans = []
    todo = list(plan["operator"])
    while todo:
        node = todo.pop()
        todo += node.get("children", [])
        if node.get("type") == "TABLE_SCAN":
            scans.append(node)
    (scan,) = scans
    assert scan["total_row_groups_to_scan"] >= 3
    assert scan["row_groups_scanned"] <= 2
    assert scan["rows_scanned"] <= 2 * ROW_GROUP_SIZE
