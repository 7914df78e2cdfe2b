"""Surrogate keys of the dimensions, fixed before any extract is loaded.

Indicator, groep and gebied ids follow from the catalogues and the geo layer alone (catalogue
order; gebieden sorted by indeling and code), so staging can carry integer keys from the start
and every later step (duplicates, aggregation, the fact table) works on narrow rows. dim_jaar is
the exception: its ids depend on the periods found in the extracts (etl.model.insert_dimensions).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from etl.catalog import Catalog

# Staging tables mapping codes to ids (temporary: they are not part of the warehouse).
STG_INDICATOR = "stg_indicator"  # code, indicator_id
STG_GEBIED = "stg_gebied"  # gebied_code, indeling, gebied_id
STG_GROEP = "stg_groep"  # dimensie, groep, groep_id


@dataclass(frozen=True)
class DimensionKeys:
    """The rows of dim_indicator, dim_groep and dim_gebied with their ids."""

    indicatoren: pd.DataFrame  # the catalogue with indicator_id first
    groepen: pd.DataFrame  # groep_id, dimensie, groep, volgorde
    gebieden: pd.DataFrame  # gebied_id, gebied_code, naam, niveau, indeling, parent_code, aliassen

    def indicator_ids(self) -> dict[str, int]:
        return dict(zip(self.indicatoren["code"], self.indicatoren["indicator_id"], strict=True))

    def groep_ids(self) -> dict[tuple[str, str], int]:
        keys = zip(self.groepen["dimensie"], self.groepen["groep"], strict=True)
        return dict(zip(keys, self.groepen["groep_id"], strict=True))

    def gebied_ids(self) -> dict[tuple[str, str], int]:
        keys = zip(self.gebieden["gebied_code"], self.gebieden["indeling"], strict=True)
        return dict(zip(keys, self.gebieden["gebied_id"], strict=True))


def dimension_keys(catalog: Catalog, gebieden: pd.DataFrame) -> DimensionKeys:
    """Deterministic ids: catalogue order for indicators and groups, sorted keys for areas."""
    ind = catalog.indicatoren.copy()
    ind.insert(0, "indicator_id", range(1, len(ind) + 1))
    groepen = catalog.groepen.copy()
    groepen.insert(0, "groep_id", range(1, len(groepen) + 1))
    gebied = gebieden.sort_values(["indeling", "gebied_code"]).reset_index(drop=True)
    gebied.insert(0, "gebied_id", range(1, len(gebied) + 1))
    return DimensionKeys(indicatoren=ind, groepen=groepen, gebieden=gebied)


def create_key_tables(con: duckdb.DuckDBPyConnection, keys: DimensionKeys) -> None:
    """Temporary code -> id tables for staging and the derived figures."""
    frames = {
        STG_INDICATOR: keys.indicatoren[["code", "indicator_id"]],
        STG_GEBIED: keys.gebieden[["gebied_code", "indeling", "gebied_id"]],
        STG_GROEP: keys.groepen[["dimensie", "groep", "groep_id"]],
    }
    for table, frame in frames.items():
        con.register("key_frame", frame)
        con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM key_frame")  # noqa: S608 (table names are constants of this module)
        con.unregister("key_frame")


STG_PERIODE = "stg_periode"  # periode_id, jaar, periode_soort, periode_label


class Periods:
    """Ids for the periods (jaar, periode_soort, periode_label) met while staging.

    dim_jaar's own ids follow after loading (sorted by jaar and label); staging only needs a
    narrow key, in the order the periods are first seen.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.ids: dict[tuple[int, str, str], int] = {}
        con.execute(
            f"""CREATE TEMP TABLE {STG_PERIODE} (
                periode_id INTEGER, jaar INTEGER, periode_soort VARCHAR, periode_label VARCHAR)"""  # noqa: S608 (table names are constants of this module)
        )

    def ids_for(self, periods: list[tuple[int, str, str]]) -> list[int]:
        """The id of each (jaar, periode_soort, periode_label); new ones are registered."""
        new: list[tuple[int, int, str, str]] = []
        out = []
        for period in periods:
            period_id = self.ids.get(period)
            if period_id is None:
                period_id = self.ids[period] = len(self.ids) + 1
                new.append((period_id, *period))
            out.append(period_id)
        if new:
            self.con.executemany(f"INSERT INTO {STG_PERIODE} VALUES (?, ?, ?, ?)", new)  # noqa: S608 (table names are constants of this module)
        return out
