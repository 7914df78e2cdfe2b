"""What-if: `python -m etl build` with DuckDB settings applied to its connection (memory_limit, ...).

`python -m bench.etl_lever --set memory_limit=3GB -- build --extracts DIR --out FILE`; etl/ is unchanged.
"""

from __future__ import annotations

import sys

import duckdb


def main(argv: list[str]) -> int:
    settings: list[tuple[str, str]] = []
    while argv and argv[0] == "--set":
        key, _, value = argv[1].partition("=")
        settings.append((key, value))
        argv = argv[2:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    import etl.warehouse
    from etl.__main__ import main as etl_main

    connect = duckdb.connect

    def configured(database: str = ":memory:", *args: object, **kwargs: object) -> duckdb.DuckDBPyConnection:
        con = connect(database, *args, **kwargs)
        for key, value in settings:
            con.execute(f"SET {key} = '{value}'")
        return con

    etl.warehouse.duckdb.connect = configured  # type: ignore[assignment]
    return etl_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
