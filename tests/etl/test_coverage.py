"""indicator_dekking (etl/coverage.py) agrees with the fact table it summarises."""

from __future__ import annotations

import duckdb

RECOMPUTED = """
    SELECT i.indicator_id,
           coalesce(bool_or(g.niveau = 'wijk'), false),
           coalesce(bool_or(g.niveau = 'buurt'), false),
           coalesce(bool_or(g.niveau = 'gebiedscluster'), false),
           coalesce(bool_or(gr.dimensie <> 'totaal'), false),
           count(f.indicator_id),
           max(j.jaar)
    FROM dim_indicator i
    LEFT JOIN fact_waarde f ON f.indicator_id = i.indicator_id
    LEFT JOIN dim_gebied g ON g.gebied_id = f.gebied_id
    LEFT JOIN dim_groep gr ON gr.groep_id = f.groep_id
    LEFT JOIN dim_jaar j ON j.jaar_id = f.jaar_id
    GROUP BY i.indicator_id ORDER BY i.indicator_id
"""


def test_one_row_per_indicator(real_con: duckdb.DuckDBPyConnection) -> None:
    n_ind = real_con.execute("SELECT count(*) FROM dim_indicator").fetchone()[0]
    ids = real_con.execute("SELECT count(DISTINCT indicator_id), count(*) FROM indicator_dekking").fetchone()
    assert ids == (n_ind, n_ind)


def test_levels_counts_and_latest_year_match_the_facts(real_con: duckdb.DuckDBPyConnection) -> None:
    stored = real_con.execute(
        """SELECT indicator_id, heeft_wijk, heeft_buurt, heeft_cluster, heeft_uitsplitsing,
                  aantal_cijfers, laatste_jaar FROM indicator_dekking ORDER BY indicator_id"""
    ).fetchall()
    assert stored == real_con.execute(RECOMPUTED).fetchall()


def test_wijk_coverage_is_the_best_year(real_con: duckdb.DuckDBPyConnection) -> None:
    # Pick the indicator with the most wijk values and count them by hand, year by year.
    code, dekking = real_con.execute(
        """SELECT i.code, k.wijk_dekking FROM indicator_dekking k
           JOIN dim_indicator i USING (indicator_id) ORDER BY k.wijk_dekking DESC, i.code LIMIT 1"""
    ).fetchone()
    per_jaar = real_con.execute(
        """SELECT count(*) FROM v_waarde
           WHERE indicator_code = ? AND gebied_niveau = 'wijk' AND status = 'waarde'
           GROUP BY jaar, periode_label""",
        [code],
    ).fetchall()
    assert dekking > 0
    assert dekking == max(n for (n,) in per_jaar)
    # An indicator without any figures has an all-false row and no latest year.
    leeg = real_con.execute(
        "SELECT count(*) FROM indicator_dekking WHERE aantal_cijfers = 0 AND laatste_jaar IS NOT NULL"
    ).fetchone()[0]
    assert leeg == 0
