"""The conversion wijk2019 -> wijk2024 in the real build: what the warehouse holds afterwards.

Soesterkwartier's converted RIVM figures, coverage of all 33 wijken, conservation, disclosure,
and the build report's lines.
"""

from __future__ import annotations

import duckdb
import geopandas as gpd
import pandas as pd
import pytest
import shapely

from etl.omrekenen import SOORT_OMGEREKEND, Omrekenverslag, report_lines, uitleg
from geo.omrekenen import omreken, overlay, verdeling

SOESTERKWARTIER = "WK030703"  # same code in both divisions; the 2024 wijk is a changed area
ONBEWOOND = {"WK030732", "WK030733"}  # Vathorst-Bovenduist, Bedrijventerrein Vathorst: 0 inhabitants
TOTAAL_2019 = 156_230  # sum of aantal_inw in data/cbs/kwb_2019.csv


def _omgerekend(con: duckdb.DuckDBPyConnection, where: str = "TRUE", params: list | None = None):
    # TODO(soort): select on soort = SOORT_OMGEREKEND once fact_waarde has the column.
    assert SOORT_OMGEREKEND == "omgerekend"
    return con.execute(
        f"""SELECT indicator_code, jaar, groep, gebied_code, waarde, status FROM v_waarde
            WHERE indeling = 'wijk2024' AND gebied_niveau = 'wijk' AND afgeleid AND {where}""",  # noqa: S608
        params or [],
    ).df()


def test_soesterkwartier_2024_has_converted_rivm_2020_figures(real_con):
    rows = _omgerekend(
        real_con, "gebied_code = ? AND jaar = 2020 AND indicator_code LIKE 'rivm_%'", [SOESTERKWARTIER]
    )
    assert len(rows) >= 30
    eenzaam = rows[rows["indicator_code"] == "rivm_eenzaam"].set_index("groep")["waarde"]
    # The RIVM extract, WK030703 2020: Eenzaam_28 is 48.3 (18+) and 52.2 (65+).
    assert eenzaam["totaal"] == pytest.approx(48.3)
    assert eenzaam["65+"] == pytest.approx(52.2)


def test_every_2024_wijk_has_the_rivm_years_and_cbs_2019(real_con):
    alle = {
        c
        for (c,) in real_con.execute(
            "SELECT gebied_code FROM dim_gebied WHERE indeling = 'wijk2024'"
        ).fetchall()
    }
    assert len(alle) == 33
    zelfde = dict(
        real_con.execute(
            """SELECT code_naar, code_van FROM gebied_vergelijkbaarheid
           WHERE indeling_van = 'wijk2019' AND indeling_naar = 'wijk2024' AND vergelijkbaar"""
        ).fetchall()
    )
    for jaar, indicator in (
        (2012, "rivm_roken"),
        (2016, "rivm_roken"),
        (2020, "rivm_roken"),
        (2019, "cbs_pct_65_jaar_en_ouder"),
        (2019, "cbs_aantal_inwoners"),
    ):
        rows = real_con.execute(
            """SELECT gebied_code, indeling, afgeleid FROM v_waarde
               WHERE indicator_code = ? AND jaar = ? AND groep = 'totaal' AND status = 'waarde'
                 AND gebied_niveau = 'wijk'""",
            [indicator, jaar],
        ).fetchall()
        eigen = {c for c, ind, _ in rows if ind == "wijk2024"}
        oud = {c for c, ind, _ in rows if ind == "wijk2019"}
        gedekt = eigen | {n for n, v in zelfde.items() if v in oud}
        verwacht = alle if indicator == "cbs_aantal_inwoners" else alle - ONBEWOOND
        assert gedekt == verwacht, (indicator, jaar, sorted(verwacht - gedekt))


def test_converted_inhabitants_add_up_to_the_2019_gemeente(real_con):
    omgerekend = _omgerekend(real_con, "indicator_code = 'cbs_aantal_inwoners' AND jaar = 2019")
    assert set(omgerekend["gebied_code"]) >= ONBEWOOND
    assert omgerekend.set_index("gebied_code").loc[sorted(ONBEWOOND), "waarde"].max() < 1
    doorlopend = real_con.execute(
        """SELECT sum(v.waarde) FROM v_waarde v
           JOIN gebied_vergelijkbaarheid c ON c.code_van = v.gebied_code AND c.indeling_van = 'wijk2019'
                AND c.indeling_naar = 'wijk2024' AND c.vergelijkbaar
           WHERE v.indicator_code = 'cbs_aantal_inwoners' AND v.jaar = 2019 AND v.indeling = 'wijk2019'"""
    ).fetchone()[0]
    assert omgerekend["waarde"].sum() + doorlopend == pytest.approx(TOTAAL_2019)


def test_delivered_figures_are_untouched_and_converted_ones_never_reveal_a_secret(real_con):
    delivered = real_con.execute("SELECT count(*) FROM v_waarde WHERE indeling = 'wijk2019'").fetchone()[0]
    # 10,610 values + 85 suppressed, as loaded before the conversion: 10,509 before the RIVM
    # walking/cycling keys were loaded, plus their 3 indicators x 31 wijken x 2 years (186)
    assert delivered == 10_695
    geheim = _omgerekend(real_con, "status = 'geheim/onderdrukt'")
    assert len(geheim) > 0
    assert geheim["waarde"].isna().all()
    # WOZ 2019 is secret for Park Schothorst (WK030723), which went into Schothorst-Noord.
    woz = _omgerekend(real_con, "indicator_code = 'cbs_gemiddelde_woz_waarde' AND gebied_code = 'WK030709'")
    assert list(woz["status"]) == ["geheim/onderdrukt"]


def test_the_build_report_counts_per_indicator_and_year_and_names_the_division():
    def laag(vakken):
        return gpd.GeoDataFrame({"gebied_code": list(vakken)}, geometry=[shapely.box(*b) for b in vakken.values()],
                                crs="EPSG:28992")  # fmt: skip

    van = laag({"B1": (0, 0, 1000, 1000), "B2": (1000, 0, 2000, 1000)})
    naar = laag({"T": (0, 0, 2000, 1000)})
    v = verdeling(overlay(van, naar), pd.Series({"B1": 100.0, "B2": 300.0}), pd.Series({"T": 400.0}), {})
    rijen = [("tel", j, c, w) for j in (2012, 2016) for c, w in (("B1", 1.0), ("B2", 2.0))]
    facts = pd.DataFrame(
        [{"indicator": i, "jaar": j, "periode_label": str(j), "dimensie": "totaal", "groep": "totaal",
          "gebied_code": c, "indeling": "wijk2019", "waarde": w, "status": "waarde"} for i, j, c, w in rijen]
    )  # fmt: skip
    regels = pd.DataFrame(
        [("tel", "som", "", "aantal")], columns=["indicator", "aggregatie", "noemer", "eenheid"]
    )
    r = omreken(facts, v, regels, "wijk2024")
    verslag = Omrekenverslag("wijk2019", "wijk2024", 2019, 2021, v, r, r.facts.drop(columns="identiek"))
    lines = report_lines(verslag)
    assert "omgerekend van wijk2019: tel: 2012 1, 2016 1" in lines
    assert lines[0].startswith("omgerekend wijk2019 -> wijk2024: 2 cijfers voor 1 wijken (0 geheim)")
    assert "wijk2019 -> wijk2024: T inwoners 2019: oppervlakteweging 400, gekozen 400 (+0)" in lines
    tekst = uitleg("wijk2019", "wijk2024", 2019, 2021)
    assert "wijkindeling 2019" in tekst and "wijkindeling 2024" in tekst and "2021" in tekst
