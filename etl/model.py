"""The dimensional model: duplicates resolved, larger areas derived, dims and facts written.

Works on the staging table stg_fact (filled per extract by etl.build) inside the new warehouse.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd

from etl.catalog import Catalog
from etl.keys import STG_GEBIED, STG_GROEP, STG_INDICATOR, STG_PERIODE, DimensionKeys
from etl.soorten import BEREKEND
from etl.stage import SOORT_TYPE, STG_FACT, STG_TEXT
from geo.aggregate import (
    MAX_DECIMALEN,
    OVERGESLAGEN_KOLOMMEN,
    RELATIEVE_RUIS,
    aggregate_to_areas,
    skip_notes,
)

if TYPE_CHECKING:
    from geo.build import GeoTables


# (load_id, {(line, year column)}) -> {(line, year column): (locatie, ruw)} for figures staged
# without their text (etl.stage.describe_rows).
DescribeRows = Callable[[int, set[tuple[int, int | None]]], dict[tuple[int, int | None], tuple[str, str]]]
# The key of a figure in staging: one row per key may reach fact_waarde.
_KEY = "indicator_id, periode_id, gebied_id, groep_id"
# The gemeente (data/meta/gebieden/vast.csv) and the wijk divisions whose wijken make it up.
GEMEENTE_INDELING = "vast"
WIJK_NIVEAU = "wijk"
WIJK_INDELINGEN = ("wijk2019", "wijk2024")
_FINAL_COLUMNS = (
    "load_id, indicator_id, periode_id, gebied_id, groep_id, waarde, ondergrens, bovengrens, "
    "significant, status, afgeleid, soort"
)


def resolve_duplicates(con: duckdb.DuckDBPyConnection, describe: DescribeRows | None = None) -> None:
    """Reject conflicting duplicates, report identical ones, keep one row per key in final_fact.

    The keys that occur more than once are found with one aggregation on the four integer
    keys; only their rows are then compared value by value. `describe` gives place and raw row
    of figures staged without them (etl.stage keeps only their line numbers). final_fact is a
    view on stg_fact once the rejected and repeated rows are deleted from it.
    """
    packed = _packed_key(con)
    if packed is not None:  # one BIGINT: a narrower, faster aggregation over every staged figure
        con.execute(
            f"""CREATE TEMP TABLE dup_key AS
                SELECT k FROM (SELECT {packed} AS k FROM {STG_FACT}) GROUP BY k HAVING count(*) > 1"""  # noqa: S608 (constants)
        )
        is_dup = f"{packed} IN (SELECT k FROM dup_key)"  # noqa: S608 (constants)
    else:
        con.execute(
            f"""CREATE TEMP TABLE dup_key AS
                SELECT {_KEY} FROM {STG_FACT} GROUP BY {_KEY} HAVING count(*) > 1"""  # noqa: S608 (constants)
        )
        is_dup = f"({_KEY}) IN (SELECT ({_KEY}) FROM dup_key)"  # noqa: S608 (constants)
    con.execute(
        f"""CREATE TEMP TABLE dup_row AS
            SELECT s.seq, s.load_id, s.regel, s.kpos, s.waarde, CAST(s.status AS VARCHAR) AS status,
                   s.significant, s.ondergrens, s.bovengrens, {_KEY}, t.locatie, t.ruw, l.path
            FROM (SELECT * FROM {STG_FACT} WHERE {is_dup}) s
            JOIN stg_load l ON l.load_id = s.load_id
            LEFT JOIN {STG_TEXT} t ON t.seq = s.seq"""  # noqa: S608 (constants)
    )
    _describe_rows(con, describe)
    con.execute(
        f"""CREATE TEMP TABLE dup_versie AS
            SELECT {_KEY},
                   count(DISTINCT concat_ws('|', coalesce(CAST(waarde AS VARCHAR), '~'), status,
                                  coalesce(CAST(significant AS VARCHAR), '~'),
                                  coalesce(CAST(ondergrens AS VARCHAR), '~'),
                                  coalesce(CAST(bovengrens AS VARCHAR), '~'))) AS n_versies,
                   min(seq) AS eerste_seq
            FROM dup_row GROUP BY {_KEY}"""  # noqa: S608 (constant key list)
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE dup_row AS
            SELECT r.*, v.n_versies, v.eerste_seq, r.path || ', ' || r.locatie AS plek
            FROM dup_row r JOIN dup_versie v USING ({_KEY})"""  # noqa: S608 (constant key list)
    )
    con.execute(
        f"""INSERT INTO stg_reject (load_id, path, locatie, ruw, soort, reden)
            SELECT r.load_id, r.path, r.locatie, r.ruw, 'afgewezen',
                   'conflicterende dubbele regels voor dezelfde indicator, jaar, gebied en groep: '
                   || a.alle
            FROM dup_row r
            JOIN (SELECT {_KEY},
                         string_agg(plek || ' = '
                                    || coalesce(replace(format('{{:g}}', waarde), '.', ','), status),
                                    '; ' ORDER BY seq) AS alle
                  FROM dup_row WHERE n_versies > 1
                  GROUP BY {_KEY}) a
              USING ({_KEY})
            ORDER BY r.seq"""  # noqa: S608 (constant key list)
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
        f"""DELETE FROM {STG_FACT}
            WHERE seq IN (SELECT seq FROM dup_row WHERE seq <> eerste_seq OR n_versies > 1)"""  # noqa: S608 (constants)
    )
    con.execute(f"CREATE TEMP VIEW final_fact AS SELECT {_FINAL_COLUMNS} FROM {STG_FACT}")  # noqa: S608 (constants)
    for table in ("dup_row", "dup_versie", "dup_key", STG_TEXT):
        con.execute(f"DROP TABLE {table}")


def _packed_key(con: duckdb.DuckDBPyConnection) -> str | None:
    """SQL packing the four integer keys into one BIGINT, or None when they need more bits.

    The ids are dense from 1 (etl.keys), so the size of each key table bounds its ids.
    """
    widths = []
    for table in (STG_INDICATOR, STG_PERIODE, STG_GEBIED, STG_GROEP):
        count = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 (constants)
        widths.append(max(1, int(count).bit_length()))
    if sum(widths) > 62:
        return None
    parts, shift = [], sum(widths)
    for column, width in zip(_KEY.split(", "), widths, strict=True):
        shift -= width
        parts.append(f"({column}::BIGINT << {shift})")
    return " | ".join(parts)


def _describe_rows(con: duckdb.DuckDBPyConnection, describe: DescribeRows | None) -> None:
    """Fill in dup_row.locatie and ruw for figures staged with line numbers only."""
    missing = con.execute(
        """SELECT load_id, list(DISTINCT [regel, kpos]) FROM dup_row
           WHERE locatie IS NULL GROUP BY load_id ORDER BY load_id"""
    ).fetchall()
    if not missing:
        return
    if describe is None:
        raise RuntimeError("dubbele regels zonder plaats en tekst, en geen bron om die te lezen")
    found = []
    for load_id, places in missing:
        wanted = {(int(regel), None if kpos is None else int(kpos)) for regel, kpos in places}
        for (regel, kpos), (locatie, ruw) in describe(load_id, wanted).items():
            found.append((load_id, regel, kpos, locatie, ruw))
    frame = pd.DataFrame(found, columns=["load_id", "regel", "kpos", "locatie", "ruw"])
    con.register("rows_found", frame.astype({"kpos": "Int16"}))
    con.execute(
        """UPDATE dup_row SET locatie = f.locatie, ruw = f.ruw FROM rows_found f
           WHERE dup_row.locatie IS NULL AND dup_row.load_id = f.load_id AND dup_row.regel = f.regel
             AND dup_row.kpos IS NOT DISTINCT FROM f.kpos"""
    )
    con.unregister("rows_found")


def aggregate_areas(
    con: duckdb.DuckDBPyConnection,
    catalog: Catalog,
    samenstelling: pd.DataFrame,
    overgeslagen: list[pd.DataFrame] | None = None,
) -> list[str]:
    """Derive figures for the larger areas (clusters) from their wijken; returns the notes.

    With `overgeslagen`, the figures not computed are appended to it (the caller groups their
    notes, geo.aggregate.skip_notes) instead of being noted here.

    Only the figures of member wijken are fetched (the aggregation uses nothing else), so the
    cost follows the size of the clusters, not of the country.
    """
    regels = _regels(catalog)
    if not len(samenstelling):
        return []
    facts = _member_facts(con, regels, samenstelling)
    if facts.empty:
        return []
    result = aggregate_to_areas(facts, samenstelling, regels)
    _insert_derived(con, result.facts)
    if overgeslagen is None:
        return list(result.notes)
    overgeslagen.append(result.overgeslagen)
    return list(result.regel_notes)


def aggregate_gemeente(
    con: duckdb.DuckDBPyConnection,
    catalog: Catalog,
    gebieden: pd.DataFrame,
    overgeslagen: list[pd.DataFrame] | None = None,
) -> list[str]:
    """A gemeente figure computed from all its wijken where the sources deliver none.

    CBS's Kerncijfers of 2019 and the Wijk- en buurtkaart 2021 have wijk rows only. Counts are
    summed, rates with a teller made from the summed counts, other rates weighted by their noemer,
    each rounded like its inputs (geo.aggregate's rules: every wijk of the indeling must have a
    value, else no figure); a rate that would contradict the gemeente's own counts is left out.
    The figures are stored with afgeleid = TRUE ("berekend uit de wijkcijfers"); a figure the
    source delivers for the gemeente itself always wins, so only keys without one are derived.
    Returns the notes of the figures that could not be made.
    """
    wijken = gebieden[(gebieden["niveau"] == WIJK_NIVEAU) & gebieden["indeling"].isin(WIJK_INDELINGEN)]
    wijken = wijken[wijken["parent_code"].notna()]
    samenstelling = pd.DataFrame(
        {
            "gebied_code": wijken["parent_code"].astype(str),
            "lid_code": wijken["gebied_code"].astype(str),
            "lid_indeling": wijken["indeling"].astype(str),
        }
    )
    if samenstelling.empty:
        return []
    regels = _regels(catalog)
    facts = _open_member_facts(con, regels, samenstelling)
    if facts.empty:
        return []
    result = aggregate_to_areas(facts, samenstelling, regels)
    # A rate's noemer comes along for the weighting; its own sum is kept only where the gemeente
    # has no figure of it either.
    derived = _zonder_geleverd(con, result.facts.assign(indeling=GEMEENTE_INDELING))
    derived, strijdig = _eens_met_tellingen(con, derived, result.facts, regels)
    _insert_derived(con, derived)
    alle = pd.concat([result.overgeslagen, strijdig], ignore_index=True)
    if overgeslagen is None:
        notes = skip_notes(alle)
    else:
        overgeslagen.append(alle)
        notes = []
    if len(derived):
        gemeenten = ", ".join(sorted(set(derived["gebied_code"])))
        notes.insert(
            0, f"{gemeenten}: {len(derived)} cijfers berekend uit de wijkcijfers (de bron geeft er geen)"
        )
    return notes


# The figures of a CTE `gekozen` (rows of final_fact) with readable keys, as geo.aggregate takes them.
_LEESBAAR = f"""
    SELECT i.code AS indicator, p.jaar, p.periode_label, gr.dimensie, gr.groep,
           g.gebied_code, g.indeling, f.waarde, CAST(f.status AS VARCHAR) AS status
    FROM gekozen f
    JOIN {STG_GEBIED} g ON g.gebied_id = f.gebied_id
    JOIN {STG_INDICATOR} i ON i.indicator_id = f.indicator_id
    JOIN {STG_GROEP} gr ON gr.groep_id = f.groep_id
    JOIN {STG_PERIODE} p ON p.periode_id = f.periode_id
    ORDER BY indicator, p.jaar, p.periode_label, gr.dimensie, gr.groep, g.gebied_code, g.indeling"""  # noqa: S608 (constants)


def _regels(catalog: Catalog) -> pd.DataFrame:
    kolommen = ["code", "aggregatie", "noemer", "teller", "schaal"]
    return catalog.indicatoren.loc[:, kolommen].rename(columns={"code": "indicator"})


def _tellen(regels: pd.DataFrame) -> set[str]:
    """The counts a computed figure is made of besides its own indicator: noemers and tellers."""
    return set(regels["noemer"].dropna()) | set(regels["teller"].dropna())


def _member_facts(
    con: duckdb.DuckDBPyConnection, regels: pd.DataFrame, samenstelling: pd.DataFrame
) -> pd.DataFrame:
    """The staged figures of the member wijken, for the indicators (and noemers) that aggregate."""
    aggregatable = regels.loc[regels["aggregatie"] != "geen", "indicator"]
    needed = sorted(set(aggregatable) | _tellen(regels))
    leden = samenstelling[["lid_code", "lid_indeling"]].drop_duplicates()
    con.register("leden", leden)
    facts = con.execute(
        f"""WITH gekozen AS (
                SELECT f.* FROM final_fact f
                WHERE f.gebied_id IN (SELECT g2.gebied_id FROM {STG_GEBIED} g2
                                      JOIN leden ON leden.lid_code = g2.gebied_code
                                                AND leden.lid_indeling = g2.indeling)
                  AND NOT f.afgeleid
                  AND f.indicator_id IN (SELECT indicator_id FROM {STG_INDICATOR}
                                         WHERE code IN (SELECT unnest(?))))
            {_LEESBAAR}""",  # noqa: S608 (table names are constants of etl.keys)
        [needed],
    ).df()
    con.unregister("leden")
    return facts


def _open_member_facts(
    con: duckdb.DuckDBPyConnection, regels: pd.DataFrame, samenstelling: pd.DataFrame
) -> pd.DataFrame:
    """The wijk figures of the keys (indicator, period, group) their gemeente has no figure for.

    Plus, for a rate, its noemer's (and teller's) wijk figures of the same jaar and group. Found in SQL first,
    so a national warehouse, whose gemeenten have their own figures, sends nothing to pandas.
    """
    aggregatable = sorted(regels.loc[regels["aggregatie"] != "geen", "indicator"])
    noemers = sorted(_tellen(regels))
    con.register("gm_samenstelling", samenstelling)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE gm_lid AS
            SELECT w.gebied_id AS lid_id, gm.gebied_id AS gm_id
            FROM gm_samenstelling s
            JOIN {STG_GEBIED} w ON w.gebied_code = s.lid_code AND w.indeling = s.lid_indeling
            JOIN {STG_GEBIED} gm ON gm.gebied_code = s.gebied_code AND gm.indeling = ?""",  # noqa: S608 (constants)
        [GEMEENTE_INDELING],
    )
    con.unregister("gm_samenstelling")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE gm_open AS
            SELECT DISTINCT f.indicator_id, f.periode_id, f.groep_id, m.gm_id
            FROM final_fact f JOIN gm_lid m ON m.lid_id = f.gebied_id
            WHERE NOT f.afgeleid
              AND f.indicator_id IN (SELECT indicator_id FROM {STG_INDICATOR}
                                     WHERE code IN (SELECT unnest(?)))
              -- a gemeente figure of the same year and period label (the fact key: dim_jaar),
              -- whatever its kind of period, means the key is not open
              AND NOT EXISTS (SELECT 1 FROM final_fact d
                              JOIN {STG_PERIODE} pd ON pd.periode_id = d.periode_id
                              JOIN {STG_PERIODE} pf ON pf.periode_id = f.periode_id
                              WHERE d.gebied_id = m.gm_id AND d.indicator_id = f.indicator_id
                                AND pd.jaar = pf.jaar AND pd.periode_label = pf.periode_label
                                AND d.groep_id = f.groep_id)""",  # noqa: S608 (constants)
        [aggregatable],
    )
    facts = con.execute(
        f"""WITH lid_fact AS (
                SELECT f.*, m.gm_id, p.jaar FROM final_fact f
                JOIN gm_lid m ON m.lid_id = f.gebied_id
                JOIN {STG_PERIODE} p ON p.periode_id = f.periode_id
                WHERE NOT f.afgeleid),
            open_jaar AS (
                SELECT DISTINCT p.jaar, o.groep_id, o.gm_id FROM gm_open o
                JOIN {STG_PERIODE} p ON p.periode_id = o.periode_id),
            gekozen AS (
                SELECT f.* FROM lid_fact f
                JOIN gm_open o ON o.indicator_id = f.indicator_id AND o.periode_id = f.periode_id
                                AND o.groep_id = f.groep_id AND o.gm_id = f.gm_id
                UNION
                SELECT f.* FROM lid_fact f
                JOIN open_jaar o ON o.jaar = f.jaar AND o.groep_id = f.groep_id AND o.gm_id = f.gm_id
                WHERE f.indicator_id IN (SELECT indicator_id FROM {STG_INDICATOR}
                                         WHERE code IN (SELECT unnest(?))))
            {_LEESBAAR}""",  # noqa: S608 (table names are constants of etl.keys)
        [noemers],
    ).df()
    con.execute("DROP TABLE gm_open")
    con.execute("DROP TABLE gm_lid")
    return facts


def _zonder_geleverd(con: duckdb.DuckDBPyConnection, derived: pd.DataFrame) -> pd.DataFrame:
    """The computed figures whose fact key (indicator, jaar and label, area, group) no delivered
    figure holds: a figure the source delivers always wins."""
    if not len(derived):
        return derived
    con.register("kandidaat", derived.reset_index(drop=True).assign(_rij=range(len(derived))))
    open_rijen = con.execute(
        f"""SELECT k._rij FROM kandidaat k
            WHERE NOT EXISTS (
                SELECT 1 FROM final_fact f
                JOIN {STG_PERIODE} p ON p.periode_id = f.periode_id
                JOIN {STG_INDICATOR} i ON i.indicator_id = f.indicator_id
                JOIN {STG_GEBIED} g ON g.gebied_id = f.gebied_id
                JOIN {STG_GROEP} gr ON gr.groep_id = f.groep_id
                WHERE i.code = k.indicator AND p.jaar = k.jaar AND p.periode_label = k.periode_label
                  AND g.gebied_code = k.gebied_code AND g.indeling = k.indeling
                  AND gr.dimensie = k.dimensie AND gr.groep = k.groep)"""  # noqa: S608 (constants)
    ).fetchall()
    con.unregister("kandidaat")
    return derived.reset_index(drop=True).iloc[sorted(r for (r,) in open_rijen)]


def _eens_met_tellingen(
    con: duckdb.DuckDBPyConnection, derived: pd.DataFrame, sommen: pd.DataFrame, regels: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Leave out a rate made from summed counts where the gemeente's own count differs from the sum.

    A rate with a teller is schaal * sum(teller) / sum(noemer) over the wijken. The gemeente's
    teller and noemer in the warehouse are these sums, unless the source delivers its own: if that
    one differs (CBS's gemeente total of cars includes lease cars no wijk holds), the computed rate
    would contradict the counts beside it, so it is left out with the reason (geo.aggregate rows
    of `overgeslagen`).
    """
    met_teller = regels[regels["teller"].notna()].set_index("indicator")
    rates = derived[derived["indicator"].isin(met_teller.index)]
    if rates.empty:
        return derived, pd.DataFrame(columns=OVERGESLAGEN_KOLOMMEN)
    codes = sorted(set(met_teller["teller"]) | set(met_teller["noemer"]))
    geleverd = con.execute(
        f"""SELECT i.code, p.jaar, gr.dimensie, gr.groep, g.gebied_code, f.waarde
            FROM final_fact f
            JOIN {STG_INDICATOR} i ON i.indicator_id = f.indicator_id
            JOIN {STG_PERIODE} p ON p.periode_id = f.periode_id
            JOIN {STG_GEBIED} g ON g.gebied_id = f.gebied_id
            JOIN {STG_GROEP} gr ON gr.groep_id = f.groep_id
            WHERE NOT f.afgeleid AND g.indeling = ? AND i.code IN (SELECT unnest(?))""",  # noqa: S608 (constants)
        [GEMEENTE_INDELING, codes],
    ).fetchall()
    eigen: dict[tuple, set[float | None]] = {}
    for code, jaar, dimensie, groep, gebied, waarde in geleverd:
        eigen.setdefault((code, jaar, dimensie, groep, gebied), set()).add(waarde)
    som = {
        (r.indicator, r.jaar, r.dimensie, r.groep, r.gebied_code): r.waarde for r in sommen.itertuples()
    }
    weg, redenen = [], []
    for index, r in rates.iterrows():
        for rol in ("teller", "noemer"):
            code = met_teller.at[r["indicator"], rol]
            key = (code, r["jaar"], r["dimensie"], r["groep"], r["gebied_code"])
            afwijkend = sorted(v for v in eigen.get(key, set()) if v is not None and v != som.get(key))
            if afwijkend:
                weg.append(index)
                reden = (f"de bron geeft een eigen {rol} {code} ({afwijkend[0]:g}) die afwijkt van "
                         f"de som van de wijken ({som.get(key, float('nan')):g})")
                redenen.append((*r[OVERGESLAGEN_KOLOMMEN[:-1]], reden))
                break
    return derived.drop(index=weg), pd.DataFrame(redenen, columns=OVERGESLAGEN_KOLOMMEN)


def _insert_derived(con: duckdb.DuckDBPyConnection, derived: pd.DataFrame) -> None:
    """Stage computed figures (afgeleid, soort berekend) with the keys of their area, period, group."""
    insert_made(con, derived, BEREKEND)


def insert_made(con: duckdb.DuckDBPyConnection, derived: pd.DataFrame, soort: str) -> None:
    """Stage figures this build made (afgeleid: computed, converted) of kind `soort` under the ids
    of their indicator, area, period and group (columns indicator, jaar, periode_label, dimensie,
    groep, gebied_code, indeling, waarde, status)."""
    if not len(derived):
        return
    con.register("derived", derived)
    inserted = con.execute(
        f"""INSERT INTO {STG_FACT}
            SELECT NULL, NULL, NULL, NULL, i.indicator_id, p.periode_id, g.gebied_id, gr.groep_id,
                   CASE WHEN d.status = 'waarde' THEN d.waarde END, NULL, NULL, NULL, d.status, TRUE,
                   CAST(? AS {SOORT_TYPE})
            FROM derived d
            JOIN (SELECT * FROM {STG_PERIODE}
                  WHERE periode_id IN (SELECT DISTINCT periode_id FROM final_fact)) p
              ON p.jaar = d.jaar AND p.periode_label = d.periode_label
            JOIN {STG_INDICATOR} i ON i.code = d.indicator
            JOIN {STG_GEBIED} g ON g.gebied_code = d.gebied_code AND g.indeling = d.indeling
            JOIN {STG_GROEP} gr ON gr.dimensie = d.dimensie AND gr.groep = d.groep""",  # noqa: S608 (table names are constants)
        [soort],
    ).fetchone()[0]
    con.unregister("derived")
    if inserted != len(derived):  # a bug: areas, indicators and groups come from the catalogues
        raise RuntimeError(f"{len(derived) - inserted} afgeleide cijfers vonden hun dimensies niet")


def insert_dimensions(
    con: duckdb.DuckDBPyConnection,
    catalog: Catalog,
    keys: DimensionKeys,
    geo_tables: GeoTables | None,
) -> None:
    """Write every dimension (deterministic ids: etl.keys, dim_jaar by sorted periods) and geo."""
    doelen = catalog.doelen
    _insert(con, "dim_doel", doelen[["doel_code", "soort", "naam", "parent_code", "volgorde"]])

    columns = [
        "indicator_id", "code", "naam", "thema", "eenheid", "gewenste_richting", "bron",
        "definitie", "toelichting", "breuk_jaren", "monitor_status", "tabel_volgorde", "aggregatie", "noemer",
        "teller",
    ]  # fmt: skip
    _insert(con, "dim_indicator", keys.indicatoren[columns])
    _set_decimalen(con)
    ids = keys.indicator_ids()
    bridge = pd.DataFrame(
        {
            "indicator_id": catalog.indicator_doel["indicator"].map(ids),
            "doel_code": catalog.indicator_doel["doel_code"],
            "reden": catalog.indicator_doel["reden"],
        }
    )
    _insert(con, "bridge_indicator_doel", bridge)
    _insert_programmas(con, catalog, keys.gebieden)
    _insert(con, "dim_groep", keys.groepen[["groep_id", "dimensie", "groep", "volgorde"]])
    gebied_columns = ["gebied_id", "gebied_code", "naam", "niveau", "indeling", "parent_code"]
    _insert(con, "dim_gebied", keys.gebieden[gebied_columns])
    kern = catalog.kern
    _insert(con, "kern_indicator", pd.DataFrame({
        "indicator_id": kern["indicator"].map(ids), "onderwerp": kern["onderwerp"],
        "volgorde": kern["volgorde"]}))

    con.execute(
        f"""INSERT INTO dim_jaar
            SELECT row_number() OVER (ORDER BY jaar, periode_label), jaar, periode_soort, periode_label
            FROM (SELECT DISTINCT jaar, periode_soort, periode_label FROM {STG_PERIODE}
                  WHERE periode_id IN (SELECT DISTINCT periode_id FROM final_fact))"""  # noqa: S608 (constant)
    )
    if geo_tables is not None:
        _insert(con, "gebied_geometrie", geo_tables.geometrie)
        _insert(con, "gebied_samenstelling", geo_tables.samenstelling)
        _insert(con, "gebied_vergelijkbaarheid", geo_tables.vergelijkbaarheid)


def _set_decimalen(con: duckdb.DuckDBPyConnection) -> None:
    """dim_indicator.decimalen: the most decimals any delivered figure of the indicator has.

    One precision per indicator for every view (app/fmt.py). Computed figures are left out: they
    are rounded like their inputs (geo.aggregate). Decimals are counted as geo.aggregate.decimalen
    does, up to MAX_DECIMALEN.
    """
    # waarde * 10^d against its whole-number rounding: the same test as round(waarde, d) = waarde,
    # half the cost (31 M national figures: 3.9 s instead of 7.4 s)
    gevallen = " ".join(
        f"WHEN abs(waarde * {10**d} - round(waarde * {10**d})) "
        f"<= {10**d} * {RELATIEVE_RUIS!r} * greatest(1, abs(waarde)) THEN {d}"
        for d in range(MAX_DECIMALEN)
    )
    con.execute(
        f"""UPDATE dim_indicator SET decimalen = d.decimalen
            FROM (SELECT i.code, max(CASE {gevallen} ELSE {MAX_DECIMALEN} END) AS decimalen
                  FROM final_fact f JOIN {STG_INDICATOR} i ON i.indicator_id = f.indicator_id
                  WHERE NOT f.afgeleid AND f.waarde IS NOT NULL
                  GROUP BY i.code) d
            WHERE dim_indicator.code = d.code"""  # noqa: S608 (constants)
    )


def _insert_programmas(con: duckdb.DuckDBPyConnection, catalog: Catalog, gebieden: pd.DataFrame) -> None:
    """The uitvoeringsprogramma's; each named wijk gets the newest wijk indeling holding it."""
    p = catalog.programmas
    _insert(con, "dim_programma", p.programmas[["programma_code", "naam", "periode", "document", "volgorde"]])
    _insert(
        con,
        "dim_programma_onderdeel",
        p.onderdelen[
            ["onderdeel_code", "programma_code", "parent_code", "nummer", "kop", "soort", "pad", "volgorde"]
        ],
    )
    _insert(
        con,
        "dim_resultaat",
        p.resultaten[["resultaat_code", "onderdeel_code", "omschrijving", "periode", "volgorde"]],
    )
    _insert(
        con,
        "dim_actie",
        p.acties[
            [
                "actie_code",
                "resultaat_code",
                "onderdeel_code",
                "programma_code",
                "titel",
                "partners",
                "locatie",
                "periode",
                "volgorde",
            ]
        ],
    )
    _insert(con, "bridge_programma_doel", p.koppelingen[["code", "niveau", "doel_code", "reden"]])
    wijken = gebieden.loc[gebieden["niveau"] == "wijk", ["gebied_code", "indeling"]]
    newest = wijken.sort_values("indeling").drop_duplicates("gebied_code", keep="last")
    links = p.actie_gebied[["actie_code", "gebied_code"]].drop_duplicates()
    _insert(con, "bridge_actie_gebied", links.merge(newest, on="gebied_code", how="inner"))


def insert_facts(con: duckdb.DuckDBPyConnection) -> int:
    """Write fact_waarde from final_fact (ids already resolved; dim_jaar by its period).

    In key order (_FACT_KEY): indicator, area, year, group. Area ids are sorted by indeling and
    code (etl.keys), so a gemeente's wijken (WK0307..) lie together; with the small row groups
    of etl.config.ROW_GROUP_SIZE, DuckDB's zone maps make one area's series, a gemeente's map
    and a wijkprofiel range reads of a few row groups (docs/performance.md, issue 24).
    """
    expected = con.execute("SELECT count(*) FROM final_fact").fetchone()[0]
    con.execute(
        """INSERT INTO fact_waarde
           SELECT f.indicator_id, j.jaar_id, f.gebied_id, f.groep_id,
                  f.waarde, f.ondergrens, f.bovengrens, f.significant, f.status, f.afgeleid, f.load_id,
                  f.soort
           FROM final_fact f
           JOIN (SELECT p.periode_id, d.jaar_id FROM stg_periode p
                 JOIN dim_jaar d ON d.jaar = p.jaar AND d.periode_label = p.periode_label) j
             ON j.periode_id = f.periode_id
           ORDER BY f.indicator_id, f.gebied_id, j.jaar_id, f.groep_id"""
    )
    loaded = con.execute("SELECT count(*) FROM fact_waarde").fetchone()[0]
    if loaded != expected:  # a bug, not bad input: validation resolved every key before
        raise RuntimeError(f"{expected - loaded} cijfers vonden hun dimensies niet")
    check_integrity(con)
    return loaded


_FACT_KEY = ("indicator_id", "gebied_id", "jaar_id", "groep_id")  # the order of fact_waarde
_DIMENSIONS = ("dim_indicator", "dim_gebied", "dim_jaar", "dim_groep")


def check_integrity(con: duckdb.DuckDBPyConnection) -> None:
    """The fact table's key is unique and in its dimensions (the schema leaves that to the ETL).

    fact_waarde is written in key order, so one streaming pass suffices: every key must be
    strictly greater than the one before it (which also proves the order) and every id must lie
    within its dimension (ids are dense from 1). Keys too wide to pack into 63 bits fall back to
    an aggregation (and a min/max per id column).
    """
    sizes = [con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] for table in _DIMENSIONS]  # noqa: S608 (constants)
    widths = [max(1, int(size).bit_length()) for size in sizes]
    if sum(widths) > 63:
        _check_in_dimensions(con, sizes)
        _check_by_aggregation(con)
        return
    reader = con.sql(f"SELECT {', '.join(_FACT_KEY)} FROM fact_waarde").to_arrow_reader(1 << 20)  # noqa: S608 (constants)
    previous = -1
    for batch in reader:
        key = np.zeros(batch.num_rows, dtype=np.int64)
        for i, (size, width) in enumerate(zip(sizes, widths, strict=True)):
            ids = batch.column(i).to_numpy(zero_copy_only=False).astype(np.int64)
            if len(ids) and (ids.min() < 1 or ids.max() > size):
                raise RuntimeError(f"cijfers verwijzen naar een onbekende {_DIMENSIONS[i]}")
            key = (key << width) | ids
        if len(key) and (key[0] <= previous or bool(np.any(np.diff(key) <= 0))):
            reader.close()  # the connection takes no new query while a result is open
            _check_by_aggregation(con)  # names the problem (or, if the order alone differs, passes)
            raise RuntimeError("fact_waarde staat niet op volgorde van zijn sleutel")
        if len(key):
            previous = int(key[-1])


def _check_in_dimensions(con: duckdb.DuckDBPyConnection, sizes: list[int]) -> None:
    """Every id lies within its dimension (1..size): the wide-key path's form of the batch check."""
    for column, table, size in zip(_FACT_KEY, _DIMENSIONS, sizes, strict=True):
        low, high = con.execute(f"SELECT min({column}), max({column}) FROM fact_waarde").fetchone()  # noqa: S608 (constants)
        if low is not None and (low < 1 or high > size):
            raise RuntimeError(f"cijfers verwijzen naar een onbekende {table}")


def _check_by_aggregation(con: duckdb.DuckDBPyConnection) -> None:
    duplicated = con.execute(
        """SELECT count(*) FROM (SELECT 1 FROM fact_waarde
                                 GROUP BY indicator_id, gebied_id, jaar_id, groep_id
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
