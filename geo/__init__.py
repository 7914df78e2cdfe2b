"""Geo layer: CBS boundaries in, clean topology, web geometry and comparability out.

`geo.build.build_geo` is the entry point the ETL calls; `python -m geo` prints a report.
"""
