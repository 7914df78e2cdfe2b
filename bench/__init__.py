"""Benchmarks of Wijkmonitor: ETL build, app under load, payload (docs/performance.md).

Everything here writes under bench/out/ (git-ignored) or a directory the caller gives.
"""
