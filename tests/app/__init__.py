"""Tests of the dashboard (app/): queries, rules, figures, callbacks and real-browser tests.

Fixtures in conftest.py build small warehouses with the real ETL.
"""
