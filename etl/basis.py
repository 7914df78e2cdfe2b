"""Whether a gemeente's computed years share a basis with its delivered ones (table gemeente_basis).

Per summed indicator with computed gemeente figures: each delivered gemeente figure against the
sum of all its wijken in the same year. Read by the app to break a trend (docs/geo.md).
"""

from __future__ import annotations

import duckdb

from etl.soorten import BEREKEND

# Half the rounding step of a wijk count: the most one summed figure can be off.
HALF_VIJFTAL = 2.5  # counts the source rounds to fives (etl.kinds.afgerond_op_vijftallen)
HALF_EENHEID = 0.5  # other counts: whole units (people, hectares, dwellings)


def write_gemeente_basis(con: duckdb.DuckDBPyConnection, afgerond: set[str]) -> int:
    """Fill gemeente_basis from the final facts; returns the number of rows.

    A row needs a delivered gemeente figure (totaal group) and a value for every wijk of one wijk
    division under that gemeente. zelfde_basis: the two differ by no more than the rounding of the
    summed wijk figures (n_wijken x half a rounding step).
    """
    con.execute(
        f"""INSERT INTO gemeente_basis
            WITH berekend AS (
                SELECT DISTINCT f.indicator_id, f.gebied_id FROM fact_waarde f
                JOIN dim_indicator i ON i.indicator_id = f.indicator_id
                WHERE f.soort = '{BEREKEND}' AND i.aggregatie = 'som'),
            gemeente AS (
                SELECT f.indicator_id, j.jaar, j.periode_label, g.gebied_code, f.waarde
                FROM fact_waarde f
                JOIN berekend b ON b.indicator_id = f.indicator_id AND b.gebied_id = f.gebied_id
                JOIN dim_jaar j ON j.jaar_id = f.jaar_id
                JOIN dim_gebied g ON g.gebied_id = f.gebied_id
                JOIN dim_groep gr ON gr.groep_id = f.groep_id
                WHERE NOT f.afgeleid AND f.status = 'waarde' AND gr.dimensie = 'totaal'),
            wijken AS (
                SELECT parent_code, indeling, count(*) AS n FROM dim_gebied
                WHERE niveau = 'wijk' AND parent_code IS NOT NULL GROUP BY ALL),
            som AS (
                SELECT f.indicator_id, j.jaar, j.periode_label, g.parent_code, g.indeling,
                       sum(f.waarde) AS som_wijken, count(*) AS n_wijken
                FROM fact_waarde f
                JOIN dim_jaar j ON j.jaar_id = f.jaar_id
                JOIN dim_gebied g ON g.gebied_id = f.gebied_id
                JOIN dim_groep gr ON gr.groep_id = f.groep_id
                WHERE g.niveau = 'wijk' AND NOT f.afgeleid AND f.status = 'waarde'
                  AND gr.dimensie = 'totaal'
                  AND f.indicator_id IN (SELECT indicator_id FROM berekend)
                GROUP BY ALL)
            SELECT gm.indicator_id, gm.jaar, gm.periode_label, gm.gebied_code, s.indeling,
                   gm.waarde, s.som_wijken, s.n_wijken,
                   s.n_wijken * CASE WHEN i.code IN (SELECT unnest(?)) THEN ? ELSE ? END AS marge,
                   abs(gm.waarde - s.som_wijken) <= s.n_wijken
                       * CASE WHEN i.code IN (SELECT unnest(?)) THEN ? ELSE ? END AS zelfde_basis
            FROM gemeente gm
            JOIN dim_indicator i ON i.indicator_id = gm.indicator_id
            JOIN som s ON s.indicator_id = gm.indicator_id AND s.jaar = gm.jaar
                      AND s.periode_label = gm.periode_label AND s.parent_code = gm.gebied_code
            JOIN wijken w ON w.parent_code = s.parent_code AND w.indeling = s.indeling AND w.n = s.n_wijken
            ORDER BY ALL"""  # noqa: S608 (constant)
        ,
        [sorted(afgerond), HALF_VIJFTAL, HALF_EENHEID] * 2,
    )
    return con.execute("SELECT count(*) FROM gemeente_basis").fetchone()[0]
