"""ETL of Wijkmonitor: source extracts in data/ -> the DuckDB warehouse.

`python -m etl build` runs it; etl.build.build_warehouse is the entry point for code.
"""
