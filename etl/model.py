"""The dimensional model: duplicates resolved, larger areas derived, dims and facts written.

Works on the staging table stg_fact (filled per extract by etl.build) inside the new warehouse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from etl.catalog import Catalog
from geo.aggregate import aggregate_to_areas

if TYPE_CHECKING:
    from geo.build import GeoTables


def resolve_duplicates(con: duckdb.DuckDBPyConnection) -> None:
    """Reject conflicting duplicates, report identical ones, keep one row per key in final_fact.

    Only keys that occur more than once are examined row by row, so the cost stays close to
    one aggregation over the staging table.
    """
    con.execute(
        """CREATE TEMP TABLE dup_key AS
           SELECT indicator_code, jaar, periode_label, gebied_code, indeling, dimensie, groep,
                  count(DISTINCT concat_ws('|', coalesce(CAST(waarde AS VARCHAR), '~'), status,
                                 coalesce(CAST(significant AS VARCHAR), '~'),
                                 coalesce(CAST(ondergrens AS VARCHAR), '~'),
                                 coalesce(CAST(bovengrens AS VARCHAR), '~'))) AS n_versies,
                  min(seq) AS eerste_seq
           FROM stg_fact
           GROUP BY indicator_code, jaar, periode_label, gebied_code, indeling, dimensie, groep
           HAVING count(*) > 1"""
    )
    con.execute(
        """CREATE TEMP TABLE dup_row AS
           SELECT s.*, l.path, d.n_versies, d.eerste_seq,
                  l.path || ', ' || s.locatie AS plek
           FROM stg_fact s
           JOIN dup_key d USING (indicator_code, jaar, periode_label, gebied_code, indeling,
                                 dimensie, groep)
           JOIN stg_load l USING (load_id)"""
    )
    con.execute(
        """INSERT INTO stg_reject (load_id, path, locatie, ruw, soort, reden)
           SELECT r.load_id, r.path, r.locatie, r.ruw, 'afgewezen',
                  'conflicterende dubbele regels voor dezelfde indicator, jaar, gebied en groep: '
                  || a.alle
           FROM dup_row r
           JOIN (SELECT indicator_code, jaar, periode_label, gebied_code, indeling, dimensie, groep,
                        string_agg(plek || ' = '
                                   || coalesce(replace(format('{:g}', waarde), '.', ','), status),
                                   '; ' ORDER BY seq) AS alle
                 FROM dup_row WHERE n_versies > 1
                 GROUP BY ALL) a
             USING (indicator_code, jaar, periode_label, gebied_code, indeling, dimensie, groep)
           ORDER BY r.seq"""
    )
    con.execute(
        """INSERT INTO stg_reject (load_id, path, locatie, ruw, soort, reden)
           SELECT r.load_id, r.path, r.locatie, r.ruw, 'dubbel',
                  'identiek aan ' || f.plek || ': één keer geladen'
           FROM dup_row r JOIN dup_row f ON f.seq = r.eerste_seq
           WHERE r.n_versies = 1 AND r.seq <> r.eerste_seq
           ORDER BY r.seq"""
    )
    con.execute(
        """CREATE TEMP TABLE final_fact AS
           SELECT load_id, indicator_code, jaar, periode_soort, periode_label, gebied_code, indeling,
                  dimensie, groep, waarde, ondergrens, bovengrens, significant, status,
                  FALSE AS afgeleid
           FROM stg_fact s
           WHERE NOT EXISTS (SELECT 1 FROM dup_key d
                             WHERE d.indicator_code = s.indicator_code AND d.jaar = s.jaar
                               AND d.periode_label = s.periode_label
                               AND d.gebied_code = s.gebied_code AND d.indeling = s.indeling
                               AND d.dimensie = s.dimensie AND d.groep = s.groep)
              OR s.seq IN (SELECT eerste_seq FROM dup_key WHERE n_versies = 1)"""
    )
    con.execute("DROP TABLE dup_row")
    con.execute("DROP TABLE dup_key")


def aggregate_areas(
    con: duckdb.DuckDBPyConnection, catalog: Catalog, samenstelling: pd.DataFrame
) -> list[str]:
    """Derive figures for the larger areas (clusters) from their wijken; returns the notes."""

    regels = catalog.indicatoren.loc[:, ["code", "aggregatie", "noemer"]].rename(
        columns={"code": "indicator"}
    )
    lid_indelingen = sorted(set(samenstelling["lid_indeling"])) if len(samenstelling) else []
    if not lid_indelingen:
        return []
    aggregatable = regels.loc[regels["aggregatie"] != "geen", "indicator"]
    needed = sorted(set(aggregatable) | set(regels["noemer"].dropna()))
    facts = con.execute(
        """SELECT indicator_code AS indicator, jaar, periode_label, dimensie, groep,
                  gebied_code, indeling, waarde, status
           FROM final_fact
           WHERE indeling IN (SELECT unnest(?)) AND indicator_code IN (SELECT unnest(?))
           ORDER BY indicator, jaar, periode_label, dimensie, groep, gebied_code""",
        [lid_indelingen, needed],
    ).df()
    if facts.empty:
        return []
    result = aggregate_to_areas(facts, samenstelling, regels)
    derived = result.facts
    if len(derived):
        con.register("derived", derived)
        con.execute(
            """INSERT INTO final_fact
               SELECT NULL, d.indicator, d.jaar, p.periode_soort, d.periode_label, d.gebied_code,
                      d.indeling, d.dimensie, d.groep,
                      CASE WHEN d.status = 'waarde' THEN d.waarde END, NULL, NULL, NULL, d.status, TRUE
               FROM derived d
               JOIN (SELECT DISTINCT jaar, periode_label, periode_soort FROM final_fact) p
                 ON p.jaar = d.jaar AND p.periode_label = d.periode_label"""
        )
        con.unregister("derived")
    return list(result.notes)


def insert_dimensions(
    con: duckdb.DuckDBPyConnection,
    catalog: Catalog,
    gebieden: pd.DataFrame,
    geo_tables: GeoTables | None,
) -> None:
    """Write every dimension (deterministic ids: sorted keys) and the geo tables."""
    doelen = catalog.doelen
    _insert(con, "dim_doel", doelen[["doel_code", "soort", "naam", "parent_code", "volgorde"]])

    ind = catalog.indicatoren.copy()
    ind.insert(0, "indicator_id", range(1, len(ind) + 1))
    columns = [
        "indicator_id", "code", "naam", "thema", "eenheid", "gewenste_richting", "bron",
        "definitie", "toelichting", "breuk_jaren", "monitor_status", "tabel_volgorde", "aggregatie", "noemer",
    ]  # fmt: skip
    _insert(con, "dim_indicator", ind[columns])
    ids = dict(zip(ind["code"], ind["indicator_id"], strict=True))
    bridge = pd.DataFrame(
        {
            "indicator_id": catalog.indicator_doel["indicator"].map(ids),
            "doel_code": catalog.indicator_doel["doel_code"],
        }
    )
    _insert(con, "bridge_indicator_doel", bridge)

    groepen = catalog.groepen.copy()
    groepen.insert(0, "groep_id", range(1, len(groepen) + 1))
    _insert(con, "dim_groep", groepen[["groep_id", "dimensie", "groep", "volgorde"]])

    gebied = gebieden.sort_values(["indeling", "gebied_code"]).reset_index(drop=True)
    gebied.insert(0, "gebied_id", range(1, len(gebied) + 1))
    gebied_columns = ["gebied_id", "gebied_code", "naam", "niveau", "indeling", "parent_code"]
    _insert(con, "dim_gebied", gebied[gebied_columns])

    con.execute(
        """INSERT INTO dim_jaar
           SELECT row_number() OVER (ORDER BY jaar, periode_label), jaar, periode_soort, periode_label
           FROM (SELECT DISTINCT jaar, periode_soort, periode_label FROM final_fact)"""
    )
    if geo_tables is not None:
        _insert(con, "gebied_geometrie", geo_tables.geometrie)
        _insert(con, "gebied_samenstelling", geo_tables.samenstelling)
        _insert(con, "gebied_vergelijkbaarheid", geo_tables.vergelijkbaarheid)


def insert_facts(con: duckdb.DuckDBPyConnection) -> int:
    """Write fact_waarde from final_fact through the dimensions; every row must find its keys."""
    expected = con.execute("SELECT count(*) FROM final_fact").fetchone()[0]
    con.execute(
        """INSERT INTO fact_waarde
           SELECT i.indicator_id, j.jaar_id, g.gebied_id, gr.groep_id,
                  f.waarde, f.ondergrens, f.bovengrens, f.significant, f.status, f.afgeleid, f.load_id
           FROM final_fact f
           JOIN dim_indicator i ON i.code = f.indicator_code
           JOIN dim_jaar j ON j.jaar = f.jaar AND j.periode_label = f.periode_label
           JOIN dim_gebied g ON g.gebied_code = f.gebied_code AND g.indeling = f.indeling
           JOIN dim_groep gr ON gr.dimensie = f.dimensie AND gr.groep = f.groep
           ORDER BY i.indicator_id, j.jaar_id, g.gebied_id, gr.groep_id"""
    )
    loaded = con.execute("SELECT count(*) FROM fact_waarde").fetchone()[0]
    if loaded != expected:  # a bug, not bad input: validation resolved every key before
        raise RuntimeError(f"{expected - loaded} cijfers vonden hun dimensies niet")
    check_integrity(con)
    return loaded


def check_integrity(con: duckdb.DuckDBPyConnection) -> None:
    """The fact table's key is unique (the schema leaves that to the ETL, see schema.sql)."""
    duplicated = con.execute(
        """SELECT count(*) FROM (SELECT 1 FROM fact_waarde
                                 GROUP BY indicator_id, jaar_id, gebied_id, groep_id
                                 HAVING count(*) > 1)"""
    ).fetchone()[0]
    if duplicated:
        raise RuntimeError(f"{duplicated} sleutels staan meer dan eens in fact_waarde")


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    con.register("frame_to_insert", frame)
    names = ", ".join(frame.columns)
    con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM frame_to_insert")  # noqa: S608 (table names are constants of this module)
    con.unregister("frame_to_insert")
