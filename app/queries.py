"""The only place the app speaks SQL: read-only queries on the warehouse, bound parameters only.

Results are cached per warehouse version; a warehouse file replaced by rename is reopened.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from app import fmt, verbinding
from app.verbinding import Verbinding, cached
from app.verbinding import WarehouseMissing as WarehouseMissing  # what a query raises
from app.verbinding import WarehouseUnreadable as WarehouseUnreadable

log = logging.getLogger(__name__)

# Facts of the whole group, not a breakdown (dim_groep: 'totaal,totaal,0' always exists).
TOTAAL = "totaal"
# Levels that are drawn on the map, and the indeling family each uses.
KAART_NIVEAUS = ("wijk", "buurt", "gebiedscluster")


class Kaartwaarde(NamedTuple):
    """One area's total figure in one year (a row of kaartwaarden)."""

    gebied_code: str
    gebied_naam: str
    niveau: str
    indeling: str
    jaar: int
    periode_label: str | None
    waarde: float | None
    ondergrens: float | None
    bovengrens: float | None
    significant: bool | None
    status: str
    afgeleid: bool | None
    soort: str | None
    soort_uitleg: str | None


class Warehouse(Verbinding):
    """The app's queries on the warehouse (app/verbinding.py: connections, file identity, cache)."""

    # -- catalogue -----------------------------------------------------------------------------

    @cached
    def info(self) -> dict[str, str]:
        """warehouse_info as a dict (build_id, built_at, ...)."""
        df = self.frame("SELECT sleutel, waarde FROM warehouse_info ORDER BY sleutel")
        return dict(zip(df["sleutel"], df["waarde"], strict=True))

    @cached
    def verwant(self) -> pd.DataFrame:
        """Related indicators (indicator_verwant, data/meta/verwant.csv): per indicator, in order,
        the related one with its name, the reason and whether it has wijk figures."""
        return self.frame(
            """SELECT i.code AS indicator, v.code AS verwant, v.naam AS verwant_naam, r.reden,
                      coalesce(k.heeft_wijk, false) AS verwant_heeft_wijk
               FROM indicator_verwant r
               JOIN dim_indicator i ON i.indicator_id = r.indicator_id
               JOIN dim_indicator v ON v.indicator_id = r.verwant_id
               LEFT JOIN indicator_dekking k ON k.indicator_id = r.verwant_id
               ORDER BY i.code, r.volgorde""",
            {},
        )

    @cached
    def families(self) -> pd.DataFrame:
        """Indicator families (indicator_familie): code, familie, naam, hoofd."""
        return self.frame(
            """SELECT i.code, f.familie, f.naam, f.hoofd FROM indicator_familie f
               JOIN dim_indicator i ON i.indicator_id = f.indicator_id
               ORDER BY f.familie, NOT f.hoofd, i.code""",
            {},
        )

    @cached
    def indicatoren(self) -> pd.DataFrame:
        """The catalogue with the levels that have figures, wijk coverage and goals served.

        Coverage comes from indicator_dekking, written by the ETL (etl/coverage.py): this runs on
        the small dimension tables only, whatever the size of the fact table.
        """
        cat = self.frame(
            """
            WITH doelen AS (
                SELECT indicator_id, string_agg(doel_code, '|' ORDER BY doel_code) AS doelen
                FROM bridge_indicator_doel GROUP BY indicator_id
            )
            SELECT i.code, i.naam, i.thema, i.eenheid, i.gewenste_richting, i.bron,
                   i.definitie, i.toelichting, i.breuk_jaren, i.monitor_status, i.tabel_volgorde,
                   i.aggregatie, i.decimalen,
                   coalesce(d.doelen, '')               AS doelen,
                   coalesce(k.heeft_wijk, false)        AS heeft_wijk,
                   coalesce(k.heeft_buurt, false)       AS heeft_buurt,
                   coalesce(k.heeft_cluster, false)     AS heeft_cluster,
                   coalesce(k.heeft_uitsplitsing, false) AS heeft_uitsplitsing,
                   coalesce(k.aantal_cijfers, 0)        AS aantal_cijfers,
                   coalesce(k.wijk_dekking, 0)          AS wijk_dekking,
                   k.laatste_jaar
            FROM dim_indicator i
            LEFT JOIN indicator_dekking k ON k.indicator_id = i.indicator_id
            LEFT JOIN doelen d ON d.indicator_id = i.indicator_id
            ORDER BY i.thema, i.tabel_volgorde NULLS LAST, i.naam
            """
        )
        # The catalogue's notes for its curators, in the words users read (app/fmt.py), once here
        # where the catalogue enters the app: every page, embed and export shows the same.
        cat["bron"] = cat["bron"].map(fmt.bron_tekst)
        cat["toelichting"] = cat["toelichting"].map(fmt.gebruikerstekst)
        return cat

    @cached
    def doelen(self) -> pd.DataFrame:
        """The goal tree (dim_doel), in order."""
        return self.frame(
            """SELECT doel_code, soort, naam, parent_code, volgorde FROM dim_doel
               ORDER BY CASE soort WHEN 'maatschappelijk effect' THEN 1
                                   WHEN 'richtinggevend doel' THEN 2 ELSE 3 END,
                        doel_code"""
        )

    @cached
    def kern_indicatoren(self) -> pd.DataFrame:
        """The headline indicators (kern_indicator: what the samenvatting discusses), in order."""
        return self.frame(
            """SELECT i.code, k.onderwerp, k.volgorde
               FROM kern_indicator k JOIN dim_indicator i ON i.indicator_id = k.indicator_id
               ORDER BY k.volgorde"""
        )

    @cached
    def zoekwoorden(self) -> pd.DataFrame:
        """The search catalogue's words users type and the words they find (zoekwoord), in order."""
        return self.frame("SELECT term, synoniemen FROM zoekwoord ORDER BY volgorde")

    @cached
    def doel_zoekwoorden(self) -> pd.DataFrame:
        """Each goal's topic words (doel_zoekwoord)."""
        return self.frame("SELECT doel_code, zoekwoorden FROM doel_zoekwoord ORDER BY volgorde")

    @cached
    def gebieden(self, niveau: str) -> pd.DataFrame:
        """Areas of one level, with whether the geo layer has a geometry for them."""
        return self.frame(
            """SELECT d.gebied_code, d.naam, d.niveau, d.indeling, d.parent_code,
                      g.gebied_code IS NOT NULL AS heeft_geometrie
               FROM dim_gebied d
               LEFT JOIN gebied_geometrie g
                      ON g.gebied_code = d.gebied_code AND g.indeling = d.indeling
               WHERE d.niveau = :niveau
               ORDER BY d.indeling, d.naam""",
            {"niveau": niveau},
        )

    @cached
    def vaste_gebieden(self, codes: tuple[str, ...]) -> pd.DataFrame:
        """Name and level of fixed areas (Nederland, the gemeente, reference groups)."""
        if not codes:
            return pd.DataFrame(columns=["gebied_code", "naam", "niveau", "indeling"])
        return self.frame(
            """SELECT gebied_code, naam, niveau, indeling FROM dim_gebied
               WHERE gebied_code IN :codes AND indeling = 'vast'""",
            {"codes": list(codes)},
            expanding=["codes"],
        )

    @cached
    def vaste_gebied_namen(self) -> tuple[tuple[str, str], ...]:
        """(gebied_code, naam) of every fixed area: a name looked up per code without a query
        per code (349 rows on the national warehouse)."""
        _, rows = self._rijen(
            """SELECT gebied_code, naam FROM dim_gebied WHERE indeling = 'vast'
               ORDER BY gebied_code""")
        return tuple(rows)

    @cached
    def geometrie(self, indeling: str) -> pd.DataFrame:
        """GeoJSON geometry text and label point of every area of an indeling."""
        return self.frame(
            """SELECT g.gebied_code, d.naam, d.niveau, g.geometry, g.label_lon, g.label_lat
               FROM gebied_geometrie g
               JOIN dim_gebied d ON d.gebied_code = g.gebied_code AND d.indeling = g.indeling
               WHERE g.indeling = :indeling
               ORDER BY d.naam""",
            {"indeling": indeling},
        )

    @cached
    def vergelijkbaarheid(self, gebied_code: str, indeling: str) -> pd.DataFrame:
        """Areas of other indelingen that overlap this one (either direction), with the decision
        of geo.compare.vergelijkbaar and its reason in words (reden)."""
        return self.frame(_VERGELIJKBAARHEID_SQL, {"code": gebied_code, "indeling": indeling})

    @cached
    def vergelijkbaarheid_rijen(self, gebied_code: str, indeling: str) -> tuple[dict[str, Any], ...]:
        """`vergelijkbaarheid` as plain rows (the wijkprofiel reads it three times per drawing):
        the same columns and order, None where NULL. Not to be changed in place."""
        return self.rijen(_VERGELIJKBAARHEID_SQL, {"code": gebied_code, "indeling": indeling})

    # -- facts ---------------------------------------------------------------------------------

    @cached
    def dekking(self, indicator: str) -> pd.DataFrame:
        """Per jaar, level, indeling and totaal/breakdown: how many figures the indicator has."""
        return self.frame(
            # The indicator's id first: the fact table is sorted by it (zone maps skip the rest).
            """SELECT j.jaar, g.niveau AS niveau, g.indeling,
                      gr.dimensie = :totaal AS totaal,
                      count(*) AS aantal,
                      count(*) FILTER (WHERE f.status = 'waarde') AS aantal_waarde,
                      min(j.periode_label) AS periode_label
               FROM fact_waarde f
               JOIN dim_jaar j    ON j.jaar_id = f.jaar_id
               JOIN dim_gebied g  ON g.gebied_id = f.gebied_id
               JOIN dim_groep gr  ON gr.groep_id = f.groep_id
               WHERE f.indicator_id = (SELECT indicator_id FROM dim_indicator
                                       WHERE code = :indicator)
               GROUP BY ALL
               ORDER BY jaar, niveau, indeling""",
            {"indicator": indicator, "totaal": TOTAAL},
        )

    @cached
    def dekking_alle(self) -> tuple[tuple, ...]:
        """`dekking` of every indicator at once, as rows (indicator code first), ordered by
        indicator, jaar, niveau and indeling: one scan of the facts per warehouse version."""
        _, rows = self._rijen(
            """SELECT i.code AS indicator_code, j.jaar, g.niveau AS niveau, g.indeling,
                      gr.dimensie = :totaal AS totaal,
                      count(*) AS aantal,
                      count(*) FILTER (WHERE f.status = 'waarde') AS aantal_waarde
               FROM fact_waarde f
               JOIN dim_indicator i ON i.indicator_id = f.indicator_id
               JOIN dim_jaar j    ON j.jaar_id = f.jaar_id
               JOIN dim_gebied g  ON g.gebied_id = f.gebied_id
               JOIN dim_groep gr  ON gr.groep_id = f.groep_id
               GROUP BY ALL
               ORDER BY indicator_code, jaar, niveau, indeling, totaal""",
            {"totaal": TOTAAL},
        )
        return tuple(rows)

    @cached
    def kaartwaarden(self, indicator: str, jaar: int, indeling: str) -> pd.DataFrame:
        """Total figures of every area of an indeling in one year."""
        return self.frame(
            _KAARTWAARDEN_SQL,
            {"indicator": indicator, "jaar": jaar, "indeling": indeling, "gemeente": None,
             "totaal": TOTAAL},
        )

    @cached
    def kaartrijen(self, indicator: str, jaar: int, indeling: str,
                   gemeente: str) -> tuple[Kaartwaarde, ...]:
        """`kaartwaarden` of one gemeente's areas as plain rows (the map's per-interaction path:
        no frame, no other gemeente's areas)."""
        _, rows = self._rijen(
            _KAARTWAARDEN_SQL,
            {"indicator": indicator, "jaar": jaar, "indeling": indeling, "gemeente": gemeente,
             "totaal": TOTAAL},
        )
        return tuple(map(Kaartwaarde._make, rows))

    @cached
    def vaste_kaartrijen(self, gebied_code: str) -> tuple[tuple[str, Kaartwaarde], ...]:
        """Every total figure of one fixed area (the gemeente), as (indicator, row): its value on
        the map's line and in the map's texts, looked up per indicator and year
        (gebieden.vaste_kaartwaarde) instead of a query per interaction."""
        _, rows = self._rijen(
            """SELECT indicator_code, gebied_code, gebied_naam, gebied_niveau AS niveau, indeling, jaar,
                      periode_label, waarde, ondergrens, bovengrens, significant, status, afgeleid,
                      soort, soort_uitleg
               FROM v_waarde
               WHERE gebied_code = :code AND indeling = 'vast' AND groep_dimensie = :totaal
               ORDER BY indicator_code, jaar""",
            {"code": gebied_code, "totaal": TOTAAL},
        )
        return tuple((str(r[0]), Kaartwaarde._make(r[1:])) for r in rows)

    @cached
    def reeksen(self, indicators: tuple[str, ...], gebied_codes: tuple[str, ...]) -> pd.DataFrame:
        """Total figures of some indicators for some areas, every year and indeling."""
        if not indicators or not gebied_codes:
            return _empty_facts()
        return self.frame(_REEKSEN_SQL, {"indicators": list(indicators), "codes": list(gebied_codes),
                                         "totaal": TOTAAL}, expanding=["indicators", "codes"])

    @cached
    def reeks_rijen(self, indicator: str, gebied_codes: tuple[str, ...]
                    ) -> tuple[dict[str, Any], ...]:
        """`reeksen` of one indicator as plain rows (the trend, drawn on every interaction):
        the same columns and order, None where the frame has NaN. Not to be changed in place."""
        if not gebied_codes:
            return ()
        return self.rijen(_REEKSEN_SQL, {"indicators": [indicator], "codes": list(gebied_codes),
                                         "totaal": TOTAAL}, expanding=["indicators", "codes"])

    @cached
    def gebied_cijfers(self, gebied_codes: tuple[str, ...], indelingen: tuple[str, ...]) -> pd.DataFrame:
        """Every total figure of some areas (a wijk and its comparable predecessors)."""
        if not gebied_codes:
            return _empty_facts()
        return self.frame(_GEBIED_CIJFERS_SQL, _gebied_cijfer_params(gebied_codes, indelingen),
                          expanding=["codes", "indelingen"])

    @cached
    def gebied_cijfer_rijen(self, gebied_codes: tuple[str, ...], indelingen: tuple[str, ...]
                            ) -> tuple[dict[str, Any], ...]:
        """`gebied_cijfers` as plain rows (the wijkprofiel: no frame to build, filter and turn
        back into rows): the same columns and order, None where the frame has NaN. Not to be
        changed in place."""
        if not gebied_codes:
            return ()
        return self.rijen(_GEBIED_CIJFERS_SQL, _gebied_cijfer_params(gebied_codes, indelingen),
                          expanding=["codes", "indelingen"])

    @cached
    def uitsplitsing(self, indicator: str, gebied_code: str, indeling: str) -> pd.DataFrame:
        """Figures by group (opleiding, geslacht, leeftijd, ...) of one area, every year."""
        return self.frame(_UITSPLITSING_SQL, {"indicator": indicator, "code": gebied_code,
                                              "indeling": indeling, "totaal": TOTAAL})

    @cached
    def uitsplitsing_rijen(self, indicator: str, gebied_code: str, indeling: str
                           ) -> tuple[dict[str, Any], ...]:
        """`uitsplitsing` as plain rows (the breakdown, drawn on every interaction): the same
        columns and order; empty when the area has no breakdown. Not to be changed in place."""
        return self.rijen(_UITSPLITSING_SQL, {"indicator": indicator, "code": gebied_code,
                                              "indeling": indeling, "totaal": TOTAAL})

    @cached
    def uitsplitsing_gebieden(self, indicator: str) -> pd.DataFrame:
        """Which areas have a breakdown for this indicator."""
        return self.frame(
            """SELECT DISTINCT gebied_code, indeling FROM v_waarde
               WHERE indicator_code = :indicator AND groep_dimensie <> :totaal""",
            {"indicator": indicator, "totaal": TOTAAL},
        )

    # -- URL checks and health (app/params.py, app/health.py) ----------------------------------

    @cached
    def jaren(self) -> pd.DataFrame:
        """Every year that has a figure of any indicator."""
        return self.frame(
            # The distinct jaar_ids of the facts first, then their years (no join per fact).
            """SELECT DISTINCT j.jaar FROM dim_jaar j
               WHERE j.jaar_id IN (SELECT DISTINCT jaar_id FROM fact_waarde)
               ORDER BY j.jaar"""
        )

    @cached
    def uitsplitsing_dimensies(self, indicator: str) -> pd.DataFrame:
        """The breakdown dimensions (opleiding, geslacht, ...) an indicator has figures for."""
        return self.frame(
            """SELECT DISTINCT groep_dimensie AS dimensie FROM v_waarde
               WHERE indicator_code = :indicator AND groep_dimensie <> :totaal
               ORDER BY dimensie""",
            {"indicator": indicator, "totaal": TOTAAL},
        )

    # -- uitvoeringsprogramma's (app/programma.py) ---------------------------------------------

    @cached
    def programma_acties(self) -> pd.DataFrame:
        """Every action of the uitvoeringsprogramma's with its section, result, wijken and goals
        (v_actie), in document order: programme, section code, the action's place in it."""
        return self.frame(_ACTIES_SQL)

    @cached
    def programma_acties_voor_doelen(self, doel_codes: tuple[str, ...]) -> pd.DataFrame:
        """Actions serving one of these goals (own link or its result's): one row per action and
        goal, with the link's `reden` and `via` ('actie' | 'resultaat')."""
        return self.frame(
            """SELECT a.*, d.doel_code, d.reden, d.via
               FROM v_actie a JOIN v_actie_doel d ON d.actie_code = a.actie_code
               WHERE d.doel_code IN :codes
               ORDER BY a.programma_volgorde, a.onderdeel_code, a.actie_volgorde, a.actie_code,
                        d.doel_code""",
            {"codes": list(doel_codes)},
            expanding=["codes"],
        )

    @cached
    def programma_resultaten_voor_doelen(self, doel_codes: tuple[str, ...]) -> pd.DataFrame:
        """Results linked to one of these goals: one row per result and goal, with `reden`."""
        return self.frame(
            """SELECT r.resultaat_code, r.omschrijving, r.periode, r.onderdeel_code,
                      o.nummer AS onderdeel_nummer, o.kop, o.pad,
                      p.programma_code, p.naam AS programma_naam, p.periode AS programma_periode,
                      l.doel_code, l.reden
               FROM bridge_programma_doel l
               JOIN dim_resultaat r ON r.resultaat_code = l.code
               JOIN dim_programma_onderdeel o ON o.onderdeel_code = r.onderdeel_code
               JOIN dim_programma p ON p.programma_code = o.programma_code
               WHERE l.niveau = 'resultaat' AND l.doel_code IN :codes
               ORDER BY p.volgorde, r.onderdeel_code, r.volgorde, l.doel_code""",
            {"codes": list(doel_codes)},
            expanding=["codes"],
        )

    @cached
    def programma_acties_in_gebieden(self, gebied_codes: tuple[str, ...]) -> pd.DataFrame:
        """Actions that name one of these wijken (bridge_actie_gebied)."""
        return self.frame(
            """SELECT a.* FROM v_actie a
               WHERE a.actie_code IN (SELECT actie_code FROM bridge_actie_gebied
                                      WHERE gebied_code IN :codes)
               ORDER BY a.programma_volgorde, a.onderdeel_code, a.actie_volgorde, a.actie_code""",
            {"codes": list(gebied_codes)},
            expanding=["codes"],
        )

    @cached
    def programma_actie_rijen(self) -> tuple[tuple[str, ...], tuple[tuple, ...]]:
        """`programma_acties` as (column names, the driver's rows), in the same order: a part of
        them becomes a frame exactly as a query of those rows would (acties_in_wijk)."""
        kolommen, rows = self._rijen(_ACTIES_SQL)
        return tuple(kolommen), tuple(rows)

    @cached
    def programma_actie_gebieden(self) -> tuple[tuple[str, str], ...]:
        """(actie_code, gebied_code) of every action that names a wijk (bridge_actie_gebied):
        read once, so 'Lopend in deze wijk' needs no query per area."""
        _, rows = self._rijen(
            "SELECT actie_code, gebied_code FROM bridge_actie_gebied ORDER BY actie_code, gebied_code")
        return tuple(rows)

    @cached
    def programma_acties_zoek(self, woord: str) -> pd.DataFrame:
        """Actions with a word starting with `woord` (lower case, letters and digits) in their
        title, partners, place, wijk names or section heading. Punctuation counts as a space;
        the word is compared as literal text (no pattern); an empty word matches nothing."""
        return self.frame(
            """SELECT a.* FROM v_actie a
               WHERE :woord <> ''
                 AND contains(' ' || regexp_replace(lower(concat_ws(' ', a.titel, a.partners,
                                  a.locatie, a.wijk_namen, a.kop)), '[[:punct:][:space:]]+', ' ', 'g'),
                              ' ' || :woord)
               ORDER BY a.programma_volgorde, a.onderdeel_code, a.actie_volgorde, a.actie_code""",
            {"woord": woord},
        )

    def aantal_cijfers(self) -> int:
        """Rows in fact_waarde, counted now (not cached: /healthz must reach the database)."""
        return int(self.frame("SELECT count(*) AS n FROM fact_waarde").iloc[0]["n"])


_FACT_NAMES = [
    "indicator_code", "indicator_naam", "eenheid", "thema", "gewenste_richting", "jaar",
    "periode_label", "gebied_code", "gebied_naam", "niveau", "indeling", "waarde", "ondergrens",
    "bovengrens", "significant", "status", "afgeleid", "soort", "soort_uitleg",
]  # fmt: skip


# One area level's total figures in one year: `kaartwaarden` (a frame) and `kaartrijen` (rows),
# one statement, so rows and frame cannot drift. With a gemeente, only its areas of the
# indeling: its wijken and clusters (parent the gemeente) and their buurten (parent one of its
# wijken); without one (NULL), every area. On the national warehouse a map read 3,300 wijken
# (13,300 buurten) of the whole country to keep Amersfoort's 29 (138): 25 -> 12 ms of query and
# ~40 ms of rows in Python per map (docs/performance.md, *A gemeente's map*).
_KAARTWAARDEN_SQL = """
    SELECT gebied_code, gebied_naam, gebied_niveau AS niveau, indeling, jaar,
           periode_label, waarde, ondergrens, bovengrens, significant, status, afgeleid,
           soort, soort_uitleg
    FROM v_waarde
    WHERE indicator_code = :indicator AND jaar = :jaar AND indeling = :indeling
      AND groep_dimensie = :totaal
      AND (CAST(:gemeente AS VARCHAR) IS NULL OR gebied_code IN (
          SELECT gebied_code FROM dim_gebied
          WHERE indeling = :indeling
            AND (parent_code = :gemeente
                 OR parent_code IN (SELECT gebied_code FROM dim_gebied WHERE parent_code = :gemeente))))
    ORDER BY gebied_naam"""
# The series of `reeksen` and `reeks_rijen`: one statement, so rows and frame cannot drift.
_REEKSEN_SQL = """
    SELECT v.indicator_code, v.indicator_naam, v.eenheid, v.thema, i.gewenste_richting,
           v.jaar, v.periode_label, v.gebied_code, v.gebied_naam,
           v.gebied_niveau AS niveau, v.indeling, v.waarde, v.ondergrens,
           v.bovengrens, v.significant, v.status, v.afgeleid, v.soort, v.soort_uitleg
    FROM v_waarde v JOIN dim_indicator i ON i.code = v.indicator_code
    WHERE v.indicator_code IN :indicators AND v.gebied_code IN :codes
      AND v.groep_dimensie = :totaal
    ORDER BY v.indicator_code, v.gebied_code, v.indeling, v.jaar"""


# Every total figure of some areas: `gebied_cijfers` (a frame) and `gebied_cijfer_rijen` (rows).
# (The same columns as _REEKSEN_SQL: SQL stays one literal text, tests/test_sql_injection.py.)
_GEBIED_CIJFERS_SQL = """
    SELECT v.indicator_code, v.indicator_naam, v.eenheid, v.thema, i.gewenste_richting,
           v.jaar, v.periode_label, v.gebied_code, v.gebied_naam,
           v.gebied_niveau AS niveau, v.indeling, v.waarde, v.ondergrens,
           v.bovengrens, v.significant, v.status, v.afgeleid, v.soort, v.soort_uitleg
    FROM v_waarde v JOIN dim_indicator i ON i.code = v.indicator_code
    WHERE v.gebied_code IN :codes AND v.indeling IN :indelingen
      AND v.groep_dimensie = :totaal
    ORDER BY v.indicator_code, v.jaar"""


def _gebied_cijfer_params(codes: tuple[str, ...], indelingen: tuple[str, ...]) -> dict[str, Any]:
    """The parameters of _GEBIED_CIJFERS_SQL (its lists expanded by the driver)."""
    return {"codes": list(codes), "indelingen": list(indelingen), "totaal": TOTAAL}


# The overlapping areas of `vergelijkbaarheid` (a frame) and `vergelijkbaarheid_rijen` (rows).
_VERGELIJKBAARHEID_SQL = """
    SELECT code_naar AS gebied_code, indeling_naar AS indeling, iou,
           oppervlakte_verschil, vergelijkbaar, reden
    FROM gebied_vergelijkbaarheid
    WHERE code_van = :code AND indeling_van = :indeling
    UNION ALL
    SELECT code_van, indeling_van, iou, oppervlakte_verschil, vergelijkbaar, reden
    FROM gebied_vergelijkbaarheid
    WHERE code_naar = :code AND indeling_naar = :indeling
    ORDER BY iou DESC"""

# Every action in document order: `programma_acties` (a frame), `programma_actie_rijen` (rows).
_ACTIES_SQL = """
    SELECT a.* FROM v_actie a
    ORDER BY a.programma_volgorde, a.onderdeel_code, a.actie_volgorde, a.actie_code"""


_UITSPLITSING_SQL = """
    SELECT v.jaar, v.periode_label, v.groep_dimensie AS dimensie, v.groep,
           gr.volgorde, v.waarde, v.ondergrens, v.bovengrens, v.significant, v.status,
           v.soort
    FROM v_waarde v
    JOIN dim_groep gr ON gr.dimensie = v.groep_dimensie AND gr.groep = v.groep
    WHERE v.indicator_code = :indicator AND v.gebied_code = :code
      AND v.indeling = :indeling AND v.groep_dimensie <> :totaal
    ORDER BY v.jaar, v.groep_dimensie, gr.volgorde"""


def _empty_facts() -> pd.DataFrame:
    return pd.DataFrame(columns=_FACT_NAMES)

def query_methods() -> list[str]:
    """Names of the Warehouse methods that run a query (the cached ones), in source order."""
    return verbinding.query_methods(Warehouse)


_current: Warehouse | None = None


def configure(path: Path | str, cache_size: int = 512) -> Warehouse:
    """Point the app at a warehouse file (called once by app.create_app)."""
    global _current
    if _current is not None and _current.path == Path(path):
        return _current
    if _current is not None:
        _current.close()
    _current = Warehouse(path, cache_size)
    return _current


def current() -> Warehouse:
    """The warehouse the app reads."""
    if _current is None:
        raise WarehouseMissing("geen warehouse geconfigureerd")
    return _current
