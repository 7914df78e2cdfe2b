"""Converts the staged figures of every older wijk division to the newest one during a build.

Reads figures and inhabitants from staging, calls geo.omrekenen, stages the converted figures.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from etl.catalog import Catalog
from etl.keys import STG_GEBIED, STG_GROEP, STG_INDICATOR, STG_PERIODE
from etl.model import insert_made
from etl.soorten import OMGEREKEND
from geo.compare import overlap_table
from geo.omrekenen import (
    MIN_STUK_AANDEEL,
    Omrekening,
    Verdeling,
    omreken,
    oppervlakte_verdeling,
    overlay,
    same_area_pairs,
    verdeling,
    verschil_cijfers,
    verschil_per_doel,
)

if TYPE_CHECKING:
    from geo.build import GeoTables

# The kind of a converted figure (fact_waarde.soort; etl/soorten.py). Converted rows are also
# afgeleid = TRUE: made by the build, never read back as a source by another derivation.
SOORT_OMGEREKEND = OMGEREKEND
INWONERS = "cbs_aantal_inwoners"  # the population the pieces are estimated from (both divisions)
WIJK_INDELING_PREFIX = "wijk"  # 'wijk2019', 'wijk2024': the year in the name orders them
VERGELIJK_EENHEID = "percentage"  # the figures on which both methods are compared in the report


@dataclass
class Omrekenverslag:
    """What one conversion did, for the build report and the tests."""

    van: str
    naar: str
    jaar_van: int | None = None
    jaar_naar: int | None = None
    verdeling: Verdeling | None = None
    omrekening: Omrekening | None = None
    opgeslagen: pd.DataFrame = field(default_factory=pd.DataFrame)  # the staged figures
    verschil_cijfers: pd.DataFrame = field(default_factory=pd.DataFrame)  # geo.omrekenen.verschil_cijfers
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def uitleg(van: str, naar: str, jaar_van: int, jaar_naar: int) -> str:
    """soort_uitleg of a converted figure: how it was made, in Dutch, one line."""
    return (
        f"Omgerekend van {_label(van)} naar {_label(naar)}: de cijfers van de oude wijken zijn "
        "verdeeld over de stukken waarin de nieuwe grenzen ze snijden, naar het geschatte aantal "
        f"inwoners van elk stuk (inwoners {jaar_van} per oude wijk en {jaar_naar} per nieuwe wijk); "
        "aantallen opgeteld, percentages en gemiddelden gewogen. Aanname: binnen een oude wijk is "
        "een percentage overal gelijk."
    )


def omgerekend_uitleg(verslag: Omrekenverslag, ids: dict[str, int]) -> list[tuple[int, str, str]]:
    """(indicator_id, 'omgerekend', how) for every indicator this conversion staged figures of."""
    if verslag.opgeslagen.empty or verslag.jaar_van is None or verslag.jaar_naar is None:
        return []
    tekst = uitleg(verslag.van, verslag.naar, verslag.jaar_van, verslag.jaar_naar)
    return [(ids[c], SOORT_OMGEREKEND, tekst) for c in sorted(set(verslag.opgeslagen["indicator"]))]


def _label(indeling: str) -> str:
    return f"wijkindeling {indeling.removeprefix(WIJK_INDELING_PREFIX)}"


def convert_divisions(
    con: duckdb.DuckDBPyConnection, catalog: Catalog, geo_tables: GeoTables
) -> list[Omrekenverslag]:
    """Convert every older wijk division with boundaries to the newest one; stage the figures."""
    lagen = {k: v for k, v in geo_tables.lagen.items() if k.startswith(WIJK_INDELING_PREFIX)}
    if len(lagen) < 2:
        return []
    doel = max(lagen)
    return [_convert(con, catalog, geo_tables, bron, doel) for bron in sorted(lagen) if bron != doel]


def _convert(
    con: duckdb.DuckDBPyConnection, catalog: Catalog, geo_tables: GeoTables, van: str, naar: str
) -> Omrekenverslag:
    started = time.perf_counter()
    verslag = Omrekenverslag(van, naar)
    lagen = geo_tables.lagen
    inwoners = _inwoners(con, (van, naar))
    jaar_van = _jaar_van(inwoners, van)
    jaar_naar = _jaar_naar(inwoners, naar, jaar_van)
    if jaar_van is None or jaar_naar is None:
        verslag.notes.append(
            f"{van} -> {naar}: niet omgerekend: geen inwonertal ({INWONERS}) in beide indelingen"
        )
        return verslag
    pv = _reeks(inwoners, van, jaar_van)
    pn = _reeks(inwoners, naar, jaar_naar)
    stukken = overlay(lagen[van], lagen[naar])
    ontbreekt = sorted((set(stukken["van"]) - set(pv.index)) | (set(stukken["naar"]) - set(pn.index)))
    if ontbreekt:
        verslag.notes.append(
            f"{van} -> {naar}: niet omgerekend: geen inwonertal ({INWONERS} {jaar_van}/{jaar_naar}) "
            f"voor {', '.join(ontbreekt)}"
        )
        return verslag
    verg = geo_tables.vergelijkbaarheid
    verg = verg[(verg["indeling_van"] == van) & (verg["indeling_naar"] == naar)]
    if verg.empty:
        verg = overlap_table(lagen[van], van, lagen[naar], naar)
    v = verdeling(stukken, pv, pn, same_area_pairs(verg))
    regels = catalog.indicatoren.loc[:, ["code", "aggregatie", "noemer", "eenheid"]].rename(
        columns={"code": "indicator"}
    )
    facts = _facts(con, van)
    doelen = sorted(set(v.stukken.loc[~v.stukken["identiek"], "naar"]))
    result = omreken(facts, v, regels, naar, bestaand=_sleutels(con, naar, doelen))
    nieuw = result.facts[~result.facts["identiek"]].drop(columns="identiek")
    _stage(con, nieuw)
    # How far plain area weighting would differ, on the percentages (the build report's table).
    pct = set(regels.loc[regels["eenheid"] == VERGELIJK_EENHEID, "indicator"])
    eenvoudig = omreken(facts[facts["indicator"].isin(pct)], oppervlakte_verdeling(stukken, pv), regels, naar)
    verslag.verschil_cijfers = verschil_cijfers(nieuw[nieuw["indicator"].isin(pct)], eenvoudig.facts)
    verslag.jaar_van, verslag.jaar_naar = jaar_van, jaar_naar
    verslag.verdeling, verslag.omrekening, verslag.opgeslagen = v, result, nieuw
    verslag.seconds = time.perf_counter() - started
    verslag.notes = report_lines(verslag)
    return verslag


def _inwoners(con: duckdb.DuckDBPyConnection, indelingen: tuple[str, ...]) -> pd.DataFrame:
    """Delivered inhabitants (group totaal) per area, indeling and jaar."""
    return con.execute(
        f"""SELECT g.gebied_code, g.indeling, p.jaar, f.waarde
            FROM final_fact f
            JOIN {STG_INDICATOR} i ON i.indicator_id = f.indicator_id
            JOIN {STG_GEBIED} g ON g.gebied_id = f.gebied_id
            JOIN {STG_GROEP} gr ON gr.groep_id = f.groep_id
            JOIN {STG_PERIODE} p ON p.periode_id = f.periode_id
            WHERE i.code = ? AND g.indeling IN (SELECT unnest(?)) AND gr.dimensie = 'totaal'
              AND f.status = 'waarde' AND NOT f.afgeleid""",  # noqa: S608 (table names are constants)
        [INWONERS, list(indelingen)],
    ).df()


def _jaar_van(inwoners: pd.DataFrame, van: str) -> int | None:
    """The source division's year with inhabitants for the most areas (the latest on a tie)."""
    rij = inwoners[inwoners["indeling"] == van]
    if rij.empty:
        return None
    n = rij.groupby("jaar")["gebied_code"].nunique()
    return int(n[n == n.max()].index.max())


def _jaar_naar(inwoners: pd.DataFrame, naar: str, jaar_van: int | None) -> int | None:
    """The target division's year closest to the source's (the earlier on a tie): it best shows
    where people lived then (Vathorst-De Laak: 6,635 in 2019, 7,460 in 2021, 10,075 in 2024)."""
    jaren = sorted({int(j) for j in inwoners.loc[inwoners["indeling"] == naar, "jaar"]})
    if not jaren or jaar_van is None:
        return None
    return min(jaren, key=lambda j: (abs(j - jaar_van), j))


def _reeks(inwoners: pd.DataFrame, indeling: str, jaar: int) -> pd.Series:
    rij = inwoners[(inwoners["indeling"] == indeling) & (inwoners["jaar"] == jaar)]
    return rij.drop_duplicates("gebied_code").set_index("gebied_code")["waarde"].astype("float64")


def _facts(con: duckdb.DuckDBPyConnection, indeling: str) -> pd.DataFrame:
    """Every delivered figure of the source division, with readable keys (geo.aggregate's columns)."""
    return con.execute(
        f"""SELECT i.code AS indicator, p.jaar, p.periode_label, gr.dimensie, gr.groep,
                   g.gebied_code, g.indeling, f.waarde, CAST(f.status AS VARCHAR) AS status
            FROM final_fact f
            JOIN {STG_GEBIED} g ON g.gebied_id = f.gebied_id
            JOIN {STG_INDICATOR} i ON i.indicator_id = f.indicator_id
            JOIN {STG_GROEP} gr ON gr.groep_id = f.groep_id
            JOIN {STG_PERIODE} p ON p.periode_id = f.periode_id
            WHERE g.indeling = ? AND NOT f.afgeleid""",  # noqa: S608 (table names are constants)
        [indeling],
    ).df()


def _sleutels(con: duckdb.DuckDBPyConnection, indeling: str, codes: list[str]) -> pd.DataFrame:
    """Keys the converted target areas already hold a figure for: never overwritten by a
    conversion. Only those areas: a national warehouse's other wijken send nothing to pandas."""
    return con.execute(
        f"""SELECT DISTINCT i.code AS indicator, p.jaar, p.periode_label, gr.dimensie, gr.groep,
                   g.gebied_code
            FROM final_fact f
            JOIN {STG_GEBIED} g ON g.gebied_id = f.gebied_id
            JOIN {STG_INDICATOR} i ON i.indicator_id = f.indicator_id
            JOIN {STG_GROEP} gr ON gr.groep_id = f.groep_id
            JOIN {STG_PERIODE} p ON p.periode_id = f.periode_id
            WHERE g.indeling = ? AND g.gebied_code IN (SELECT unnest(?))""",  # noqa: S608 (table names are constants)
        [indeling, codes],
    ).df()


def _stage(con: duckdb.DuckDBPyConnection, facts: pd.DataFrame) -> None:
    """Stage converted figures (afgeleid, soort SOORT_OMGEREKEND) under their dimension ids."""
    insert_made(con, facts, SOORT_OMGEREKEND)


def report_lines(verslag: Omrekenverslag) -> list[str]:
    """The build report's lines: totals, per indicator and year, pieces left out, per wijk."""
    v, r, nieuw = verslag.verdeling, verslag.omrekening, verslag.opgeslagen
    if v is None or r is None:
        return verslag.notes
    van, naar = verslag.van, verslag.naar
    doel = sorted(set(nieuw["gebied_code"]))
    rest = f"{v.ipf_restfout * 100:.1f}".replace(".", ",")
    lines = [
        f"omgerekend {van} -> {naar}: {len(nieuw)} cijfers voor {len(doel)} wijken "
        f"({(nieuw['status'] != 'waarde').sum()} geheim), inwoners {van} {verslag.jaar_van} en "
        f"{naar} {verslag.jaar_naar}, IPF {v.ipf_iteraties} stappen, rest {rest} % "
        f"van de inwoners, {verslag.seconds:.2f} s; gelijk gebleven wijken ({len(v.identiek)}) "
        "lopen door als één reeks en krijgen geen omgerekend cijfer"
    ]
    for indicator, groep in nieuw.groupby("indicator", sort=True):
        per_jaar = groep.groupby("jaar").size()
        lines.append(
            f"omgerekend van {van}: {indicator}: " + ", ".join(f"{j} {n}" for j, n in per_jaar.items())
        )
    if len(v.weggelaten):
        per_reden = v.weggelaten.groupby("reden").size()
        lines.append(
            f"{van} -> {naar}: {len(v.weggelaten)} stukken weggelaten (minimum {MIN_STUK_AANDEEL:.0%}): "
            + "; ".join(f"{n} {reden}" for reden, n in per_reden.items())
        )
    lines += [f"{van} -> {naar}: {n}" for n in v.notes]
    verschil = verschil_per_doel(v)
    cijfers = verslag.verschil_cijfers.set_index("gebied_code") if len(verslag.verschil_cijfers) else None
    for rij in verschil[~verschil["identiek"]].itertuples(index=False):
        regel = (
            f"{van} -> {naar}: {rij.naar} inwoners {verslag.jaar_van}: oppervlakteweging "
            f"{_getal(rij.bewoners_oppervlak)}, gekozen {_getal(rij.bewoners)} "
            f"({'+' if rij.verschil >= 0 else '-'}{_getal(abs(rij.verschil))})"
        )
        if cijfers is not None and rij.naar in cijfers.index:
            c = cijfers.loc[rij.naar]
            regel += (
                f"; {int(c['n'])} percentages: gemiddeld {c['gemiddeld']:.1f}, hoogstens "
                f"{c['grootste']:.1f} procentpunt anders dan met oppervlakteweging"
            ).replace(".", ",")
        lines.append(regel)
    if len(r.overgeslagen):
        for reden, groep in r.overgeslagen.groupby("reden", sort=True):
            inds = sorted(set(groep["indicator"]))
            lines.append(
                f"niet omgerekend naar {naar} ({reden}): {len(groep)} cijfers, {len(inds)} indicatoren"
                + (f": {', '.join(inds)}" if len(inds) <= 10 else "")
            )
    return lines


def _getal(x: float) -> str:
    """A whole number with Dutch thousands separators: 11.357."""
    return f"{x:,.0f}".replace(",", ".")
