"""SQL injection on every query path of app/queries.py, against a real small warehouse.

Every public query gets hostile text in each text parameter: results stay clean 'not found'
answers and the warehouse is unchanged. The SQL itself is checked to be literal text only.
"""

from __future__ import annotations

import ast
import inspect
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_origin

import duckdb
import pandas as pd
import pytest

from app import queries, verbinding
from tests.app.conftest import build, make_data_dir

APP_DIR = Path(__file__).resolve().parent.parent / "app"
INJECTIES = (
    "' OR '1'='1",
    "x' OR 1=1 --",
    "'; DROP TABLE kanarie; --",
    "x'); DELETE FROM fact_waarde; --",
    "' UNION SELECT sleutel, waarde FROM warehouse_info --",
    "1; ATTACH '/tmp/evil.duckdb' AS evil; --",
    "$1", ":totaal", "%s", "?", "\\'", "\x00", "é漢字🙂", "A" * 100_000, "",
)
JAREN = (0, -1, 2**31 - 1, -(2**63), 2**63 - 1)
KANARIE = "kanarie"  # a table the injections try to drop: it must survive


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small real warehouse (the app fixtures' extracts and the programmes) plus a canary table."""
    root = tmp_path_factory.mktemp("injectie")
    data = make_data_dir(root / "data")
    # the real programme catalogue (with the real goal tree it links to, a superset of the
    # fixture's), so that the action queries have rows an attack could leak
    real_meta = APP_DIR.parent / "data" / "meta"
    shutil.copytree(real_meta / "programmas", data / "meta" / "programmas")
    shutil.rmtree(data / "meta" / "doelen")
    shutil.copytree(real_meta / "doelen", data / "meta" / "doelen")
    path = build(data, root / "warehouse.duckdb")
    con = duckdb.connect(str(path))
    con.execute(f"CREATE TABLE {KANARIE} AS SELECT 42 AS levend")
    con.close()
    return path


def tellingen(path: Path) -> dict[str, int]:
    """Rows per table (and the tables that exist), read outside the app."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        namen = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
            "ORDER BY table_name").fetchall()]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in namen}
    finally:
        con.close()


@pytest.fixture()
def db(warehouse: Path) -> Iterator[queries.Warehouse]:
    wh = queries.Warehouse(warehouse)
    yield wh
    wh.close()


def _kandidaten(annotation: Any, evil: str) -> list[tuple[Any, Any]]:
    """(hostile, harmless twin) values for one parameter; the twin matches nothing either."""
    if annotation is int:
        return [(jaar, 0) for jaar in JAREN]
    if get_origin(annotation) is tuple:
        return [((evil,), ("",)), (("GM0307", evil), ("GM0307", ""))]
    return [(evil, "")]


def _parameters(method_name: str) -> list[inspect.Parameter]:
    method = getattr(queries.Warehouse, method_name)
    return list(inspect.signature(method, eval_str=True).parameters.values())[1:]  # no self


def aanroepen(method_name: str) -> Iterator[tuple[tuple[Any, ...], tuple[Any, ...]]]:
    """(hostile, harmless) argument tuples: each parameter hostile in turn, the others harmless."""
    params = _parameters(method_name)
    if not params:
        yield (), ()
    for evil in INJECTIES:
        for i, param in enumerate(params):
            for value, twin in _kandidaten(param.annotation, evil):
                args = [verbinding._probe_value(p.annotation) for p in params]
                harmless = list(args)
                args[i], harmless[i] = value, twin
                yield tuple(args), tuple(harmless)


def test_every_query_method_is_attacked() -> None:
    names = queries.query_methods()
    assert {"info", "indicatoren", "doelen", "gebieden", "vaste_gebieden", "geometrie",
            "vergelijkbaarheid", "dekking", "kaartwaarden", "reeksen", "gebied_cijfers",
            "uitsplitsing", "uitsplitsing_gebieden"} <= set(names)
    public = {n for n, m in inspect.getmembers(queries.Warehouse, inspect.isfunction)
              if not n.startswith("_")}
    # Everything else the class offers takes no text from users (frame is tested below; rijen
    # is frame's plain-row twin, one driver read in app/verbinding.py).
    assert public - set(names) <= {"frame", "rijen", "signature", "version", "close",
                                   "cache_info", "self_check", "aantal_cijfers"}, public - set(names)


@pytest.mark.parametrize("method_name", queries.query_methods())
def test_injection_in_every_parameter_matches_nothing_and_changes_nothing(
    method_name: str, db: queries.Warehouse, warehouse: Path
) -> None:
    voor = tellingen(warehouse)
    assert KANARIE in voor
    calls = 0
    for args, harmless in aanroepen(method_name):
        result = getattr(db, method_name)(*args)
        expected = getattr(db, method_name)(*harmless)
        # A hostile value behaves exactly like a value that matches nothing: never 'all rows'.
        if isinstance(result, pd.DataFrame):
            pd.testing.assert_frame_equal(result, expected, obj=f"{method_name}{args!r:.80}")
        else:
            assert result == expected, (method_name, args)
        calls += 1
    assert calls >= 1
    assert tellingen(warehouse) == voor


def test_bound_values_come_back_as_text_not_sql(db: queries.Warehouse) -> None:
    for evil in INJECTIES:
        got = db.frame("SELECT :x AS x, :y AS y", {"x": evil, "y": [evil]})
        assert got.iloc[0]["x"] == evil
        got = db.frame("SELECT count(*) AS n FROM dim_indicator WHERE code IN :codes",
                       {"codes": [evil, "' OR '1'='1"]}, expanding=["codes"])
        assert int(got.iloc[0]["n"]) == 0


def test_the_app_connection_cannot_write(db: queries.Warehouse, warehouse: Path) -> None:
    voor = tellingen(warehouse)
    for statement in (f"DROP TABLE {KANARIE}", "DELETE FROM fact_waarde",
                      "CREATE TABLE x AS SELECT 1", "ATTACH ':memory:' AS m"):
        with pytest.raises(queries.WarehouseUnreadable):
            db.frame(statement)
    assert tellingen(warehouse) == voor


def _sql_arguments(tree: ast.AST) -> Iterator[tuple[int, ast.expr]]:
    """The first argument of every call to .frame(...) / .rijen(...) / text(...) / .execute(...)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("frame", "rijen", "_rijen", "text", "execute", "executemany", "sql"):
                yield node.lineno, node.args[0]


def test_sql_is_literal_text_with_bound_parameters_only() -> None:
    source = (APP_DIR / "queries.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    # SQL shared by two methods (a frame and its plain rows) is a module constant: a name bound
    # once, at the top level, to a literal string, and never again
    bindingen: dict[str, list[ast.expr]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for doel in node.targets:
                if isinstance(doel, ast.Name):
                    bindingen.setdefault(doel.id, []).append(node.value)
    constanten = {naam for naam, waarden in bindingen.items() if len(waarden) == 1
                  and isinstance(waarden[0], ast.Constant) and isinstance(waarden[0].value, str)
                  and any(isinstance(n, ast.Assign) and n.value is waarden[0] for n in tree.body)}
    found = 0
    for line, arg in _sql_arguments(tree):
        found += 1
        if isinstance(arg, ast.Name) and arg.id in ("sql", "statement"):  # inside frame() itself
            continue
        if isinstance(arg, ast.Name) and arg.id in constanten:
            continue
        assert isinstance(arg, ast.Constant) and isinstance(arg.value, str), (
            f"app/queries.py:{line}: SQL must be a literal string (no f-string, +, % or format)")
    assert found >= 14


def test_no_other_app_module_speaks_sql() -> None:
    for path in sorted(APP_DIR.rglob("*.py")):
        if path.name == "queries.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if path.name == "verbinding.py":
            # the connection layer: it opens the file and runs the statement queries.py hands to
            # frame(); it may import the drivers but holds no SQL text of its own
            teksten = [n.value for n in ast.walk(tree)
                       if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            assert not [t for t in teksten if "SELECT " in t.upper() and " FROM " in t.upper()]
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert not any(m.split(".")[0] in ("duckdb", "sqlalchemy", "duckdb_engine")
                               for m in modules), f"{path.relative_to(APP_DIR.parent)} imports {modules}"
        calls = [line for line, _ in _sql_arguments(tree)]
        assert not calls, f"{path.relative_to(APP_DIR.parent)}:{calls} calls frame/text/execute"
