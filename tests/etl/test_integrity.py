"""etl.model.check_integrity on real DuckDB files with the warehouse schema, each breaking it once.

The dimensions and facts are generated here (ids only, no figures); every failure path is hit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb
import pytest

from etl.model import check_integrity
from etl.warehouse import create_schema

Key = tuple[int, int, int, int]  # indicator_id, gebied_id, jaar_id, groep_id: the table's order


def _fill_dimensions(con: duckdb.DuckDBPyConnection, n: int) -> None:
    """n rows (ids 1..n) in each of the four dimensions of fact_waarde."""
    con.execute("""INSERT INTO dim_indicator (indicator_id, code, naam, thema, eenheid,
                       gewenste_richting, bron, monitor_status, aggregatie)
                   SELECT i, 'gen_' || i, 'gegenereerd', 'Preventie', 'percentage', 'neutraal',
                          'TESTDATA', 'niet in monitor', 'geen' FROM range(1, ? + 1) r(i)""", [n])
    con.execute("""INSERT INTO dim_jaar (jaar_id, jaar, periode_soort, periode_label)
                   SELECT i, 1900 + i, 'jaar', CAST(1900 + i AS VARCHAR) FROM range(1, ? + 1) r(i)""", [n])
    con.execute("""INSERT INTO dim_gebied (gebied_id, gebied_code, naam, niveau, indeling)
                   SELECT i, 'G' || i, 'gegenereerd', 'wijk', 'test' FROM range(1, ? + 1) r(i)""", [n])
    con.execute("""INSERT INTO dim_groep (groep_id, dimensie, groep, volgorde)
                   SELECT i, 'test', 'g' || i, i FROM range(1, ? + 1) r(i)""", [n])


def _insert_facts(con: duckdb.DuckDBPyConnection, keys: Sequence[Key]) -> None:
    """Facts in the given row order (a plain INSERT keeps it)."""
    con.executemany(
        """INSERT INTO fact_waarde (indicator_id, gebied_id, jaar_id, groep_id, waarde, status)
           VALUES (?, ?, ?, ?, 1.0, 'waarde')""", [list(k) for k in keys])


@pytest.fixture()
def warehouse(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A warehouse file with the real schema and 3 rows in each dimension, no facts yet."""
    con = duckdb.connect(str(tmp_path / "integriteit.duckdb"))
    create_schema(con)
    _fill_dimensions(con, 3)
    try:
        yield con
    finally:
        con.close()


GOOD: list[Key] = [(1, 1, 1, 1), (1, 1, 1, 2), (1, 1, 3, 1), (1, 2, 1, 1), (3, 3, 3, 3)]


def test_unique_keys_in_order_within_their_dimensions_pass(warehouse) -> None:
    _insert_facts(warehouse, GOOD)
    check_integrity(warehouse)  # no exception


def test_an_empty_fact_table_passes(warehouse) -> None:
    check_integrity(warehouse)


@pytest.mark.parametrize("position", range(4))
@pytest.mark.parametrize("bad_id", [0, 4])  # below 1, beyond the 3 rows of the dimension
def test_an_id_outside_its_dimension_is_refused(warehouse, position: int, bad_id: int) -> None:
    dimension = ("dim_indicator", "dim_gebied", "dim_jaar", "dim_groep")[position]
    key = [2, 2, 2, 2]
    key[position] = bad_id
    # in key order and unique, so that only the dimension check can object
    _insert_facts(warehouse, sorted([(1, 1, 1, 1), tuple(key), (3, 3, 3, 3)]))
    with pytest.raises(RuntimeError, match=f"^cijfers verwijzen naar een onbekende {dimension}$"):
        check_integrity(warehouse)


def test_a_key_twice_is_refused_with_its_count(warehouse) -> None:
    _insert_facts(warehouse, [(1, 1, 1, 1), (1, 2, 1, 1), (1, 2, 1, 1), (2, 1, 1, 1), (2, 1, 1, 1)])
    with pytest.raises(RuntimeError, match="^2 sleutels staan meer dan eens in fact_waarde$"):
        check_integrity(warehouse)


def test_a_key_twice_far_apart_is_refused(warehouse) -> None:
    _insert_facts(warehouse, [(1, 1, 1, 1), (2, 2, 2, 2), (1, 1, 1, 1)])
    with pytest.raises(RuntimeError, match="^1 sleutels staan meer dan eens in fact_waarde$"):
        check_integrity(warehouse)


def test_unique_keys_out_of_order_are_refused(warehouse) -> None:
    _insert_facts(warehouse, [(1, 1, 1, 1), (2, 1, 1, 1), (1, 1, 1, 2)])
    with pytest.raises(RuntimeError, match="^fact_waarde staat niet op volgorde van zijn sleutel$"):
        check_integrity(warehouse)


def test_facts_in_the_old_year_first_order_are_refused(warehouse) -> None:
    # Until issue 24 the table was written indicator, year, area: now the area comes before the
    # year (one area's series is a range read). These keys are sorted the old way, not the new.
    old_order = [(1, 1, 1, 1), (1, 1, 2, 1), (1, 2, 1, 1)]  # (indicator, jaar, gebied, groep)
    warehouse.executemany(
        """INSERT INTO fact_waarde (indicator_id, jaar_id, gebied_id, groep_id, waarde, status)
           VALUES (?, ?, ?, ?, 1.0, 'waarde')""", [list(k) for k in old_order])
    with pytest.raises(RuntimeError, match="^fact_waarde staat niet op volgorde van zijn sleutel$"):
        check_integrity(warehouse)


def test_a_duplicate_across_two_read_batches_is_refused(warehouse) -> None:
    # check_integrity reads fact_waarde in batches; the first key of a batch must exceed the
    # last of the one before. DuckDB decides the batch size: measure it, then put the repeat there.
    warehouse.execute("DELETE FROM dim_groep")
    warehouse.execute("""INSERT INTO dim_groep (groep_id, dimensie, groep, volgorde)
                         SELECT i, 'test', 'g' || i, i FROM range(1, 400001) r(i)""")
    warehouse.execute("""INSERT INTO fact_waarde (indicator_id, jaar_id, gebied_id, groep_id, waarde, status)
                         SELECT 1, 1, 1, i, 1.0, 'waarde' FROM range(1, 400001) r(i) ORDER BY i""")
    reader = warehouse.sql("SELECT groep_id FROM fact_waarde").to_arrow_reader(1 << 20)
    boundary = next(iter(reader)).num_rows
    reader.close()
    assert boundary < 400_000, "one batch: this DuckDB reads too much at once for this test"
    check_integrity(warehouse)  # in order and unique: passes
    # the first row of the second batch repeats the last row of the first
    warehouse.execute("UPDATE fact_waarde SET groep_id = ? WHERE groep_id = ?", [boundary, boundary + 1])
    first_of_second = warehouse.sql("SELECT groep_id FROM fact_waarde").to_arrow_reader(1 << 20)
    batches = [b.column(0).to_pylist() for b in first_of_second]
    assert batches[0][-1] == batches[1][0] == boundary  # the repeat sits on the boundary
    with pytest.raises(RuntimeError, match="^1 sleutels staan meer dan eens in fact_waarde$"):
        check_integrity(warehouse)


@pytest.fixture(scope="module")
def wide_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """Dimensions too large to pack a key into 63 bits (4 x 17 bits): the aggregation path."""
    con = duckdb.connect(str(tmp_path_factory.mktemp("breed") / "breed.duckdb"))
    create_schema(con)
    _fill_dimensions(con, 1 << 16)
    try:
        yield con
    finally:
        con.close()


@pytest.fixture()
def wide(wide_file: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The wide warehouse without facts (each test adds its own)."""
    wide_file.execute("DELETE FROM fact_waarde")
    return wide_file


def test_wide_keys_unique_pass(wide) -> None:
    _insert_facts(wide, GOOD)
    check_integrity(wide)


def test_wide_keys_twice_are_refused(wide) -> None:
    _insert_facts(wide, [(1, 1, 1, 1), (2, 2, 2, 2), (1, 1, 1, 1)])
    with pytest.raises(RuntimeError, match="^1 sleutels staan meer dan eens in fact_waarde$"):
        check_integrity(wide)


@pytest.mark.parametrize("position", range(4))
def test_wide_keys_outside_their_dimension_are_refused(wide, position: int) -> None:
    dimension = ("dim_indicator", "dim_gebied", "dim_jaar", "dim_groep")[position]
    key = [1, 1, 1, 1]
    key[position] = (1 << 16) + 1
    _insert_facts(wide, [(1, 1, 1, 1), tuple(key)])
    with pytest.raises(RuntimeError, match=f"^cijfers verwijzen naar een onbekende {dimension}$"):
        check_integrity(wide)
