"""Per-indicator coverage (indicator_dekking), derived from fact_waarde at the end of a build.

The app lists and filters its catalogue by these facts (which levels have figures, whether there
is a breakdown, the latest year); computing them once here keeps every request off the fact table.
"""

from __future__ import annotations

import duckdb

TOTAAL = "totaal"  # the dimension of the whole population (data/meta/groepen)


def write_coverage(con: duckdb.DuckDBPyConnection) -> None:
    """Fill indicator_dekking with one row per indicator of dim_indicator."""
    con.execute(
        """INSERT INTO indicator_dekking
           WITH niveaus AS (
               SELECT f.indicator_id,
                      bool_or(g.niveau = 'wijk')           AS heeft_wijk,
                      bool_or(g.niveau = 'buurt')          AS heeft_buurt,
                      bool_or(g.niveau = 'gebiedscluster') AS heeft_cluster,
                      bool_or(gr.dimensie <> ?)            AS heeft_uitsplitsing,
                      count(*)                             AS aantal_cijfers,
                      max(j.jaar)                          AS laatste_jaar
               FROM fact_waarde f
               JOIN dim_gebied g ON g.gebied_id = f.gebied_id
               JOIN dim_groep gr ON gr.groep_id = f.groep_id
               JOIN dim_jaar j   ON j.jaar_id = f.jaar_id
               GROUP BY f.indicator_id
           ),
           dekking AS (
               SELECT indicator_id, max(n) AS wijk_dekking FROM (
                   SELECT f.indicator_id, f.jaar_id, count(*) AS n
                   FROM fact_waarde f JOIN dim_gebied g ON g.gebied_id = f.gebied_id
                   WHERE g.niveau = 'wijk' AND f.status = 'waarde'
                   GROUP BY f.indicator_id, f.jaar_id)
               GROUP BY indicator_id
           )
           SELECT i.indicator_id,
                  coalesce(n.heeft_wijk, false), coalesce(n.heeft_buurt, false),
                  coalesce(n.heeft_cluster, false), coalesce(n.heeft_uitsplitsing, false),
                  coalesce(n.aantal_cijfers, 0), coalesce(k.wijk_dekking, 0), n.laatste_jaar
           FROM dim_indicator i
           LEFT JOIN niveaus n ON n.indicator_id = i.indicator_id
           LEFT JOIN dekking k ON k.indicator_id = i.indicator_id
           ORDER BY i.indicator_id""",
        [TOTAAL],
    )
