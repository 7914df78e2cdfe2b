"""CBS Kerncijfers wijken en buurten 2019 and 2024 (data/cbs/kwb_*.csv) as cbs_ indicators.

Values are copied from the published CBS tables; the column mappings are
data/meta/cbs_kwb_2019_kolommen.csv and data/meta/cbs_kwb_2024_kolommen.csv.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import fetch_fact

META = Path(__file__).resolve().parents[2] / "data" / "meta"
GEHEIM = "geheim/onderdrukt"

# (indicator, jaar, gebied, waarde); 2019 wijk codes in indeling wijk2019, 2024 in wijk2024.
FIGURES_2019 = [
    ("cbs_aantal_inwoners", "WK030701", 5515.0),  # Stadskern
    ("cbs_aantal_inwoners", "WK030704", 270.0),  # Isselt (code reused in 2024)
    ("cbs_aantal_inwoners", "WK030723", 60.0),  # Park Schothorst, only in 2019
    ("cbs_aantal_inwoners", "WK030724", 14725.0),
    ("cbs_mannen", "WK030703", 5925.0),
    ("cbs_vrouwen", "WK030703", 5895.0),
    ("cbs_bevolkingsdichtheid", "WK030701", 7955.0),
    ("cbs_pct_0_tot_15_jaar", "WK030730", 33.0),
    ("cbs_pct_15_tot_25_jaar", "WK030725", 33.0),
    ("cbs_pct_25_tot_45_jaar", "WK030701", 38.0),
    ("cbs_pct_45_tot_65_jaar", "WK030722", 46.0),
    ("cbs_pct_65_jaar_en_ouder", "WK030705", 36.0),
    ("cbs_pct_ongehuwd", "WK030725", 66.0),
    ("cbs_pct_gehuwd", "WK030723", 55.0),
    ("cbs_pct_gescheiden", "WK030701", 10.0),
    ("cbs_pct_verweduwd", "WK030705", 15.0),
    ("cbs_geboorte_totaal", "WK030703", 145.0),
    ("cbs_geboorte_relatief", "WK030730", 29.0),
    ("cbs_sterfte_totaal", "WK030705", 125.0),
    ("cbs_sterfte_relatief", "WK030705", 89.0),
    ("cbs_aantal_huishoudens", "WK030724", 5635.0),
    ("cbs_pct_eenpersoonshuishoudens", "WK030702", 67.0),
    ("cbs_pct_huishoudens_zonder_kinderen", "WK030723", 48.0),
    ("cbs_pct_huishoudens_met_kinderen", "WK030728", 63.0),
    ("cbs_gemiddelde_huishoudensgrootte", "WK030712", 3.0),
    ("cbs_gemiddelde_huishoudensgrootte", "WK030701", 1.5),
    ("cbs_pct_westerse_migratieachtergrond", "WK030705", 15.0),
    ("cbs_pct_niet_westerse_migratieachtergrond", "WK030710", 43.0),
    ("cbs_pct_migratieachtergrond_marokko", "WK030706", 11.0),
    ("cbs_pct_migratieachtergrond_antillen_aruba", "WK030725", 2.0),
    ("cbs_pct_migratieachtergrond_suriname", "WK030728", 2.0),
    ("cbs_pct_migratieachtergrond_turkije", "WK030707", 15.0),
    ("cbs_pct_migratieachtergrond_overig_niet_westers", "WK030710", 15.0),
    ("cbs_omgevingsadressendichtheid", "WK030701", 3992.0),
    ("cbs_stedelijkheid", "WK030705", 5.0),
    ("cbs_stedelijkheid", "WK030727", 4.0),
    ("cbs_bedrijfsvestigingen_totaal", "WK030701", 1365.0),
    ("cbs_bedrijfsvestigingen_landbouw_bosbouw_visserij", "WK030727", 35.0),
    ("cbs_bedrijfsvestigingen_nijverheid_energie", "WK030704", 155.0),
    ("cbs_bedrijfsvestigingen_handel_horeca", "WK030701", 470.0),
    ("cbs_bedrijfsvestigingen_vervoer_informatie_communicatie", "WK030724", 130.0),
    ("cbs_bedrijfsvestigingen_financiele_diensten_onroerend_goed", "WK030718", 130.0),
    ("cbs_bedrijfsvestigingen_zakelijke_dienstverlening", "WK030724", 430.0),
    ("cbs_bedrijfsvestigingen_cultuur_recreatie_overig", "WK030701", 255.0),
    ("cbs_woningvoorraad", "WK030721", 4613.0),
    ("cbs_gemiddelde_woz_waarde", "WK030718", 681.0),
    ("cbs_pct_eengezinswoning", "WK030723", 96.0),
    ("cbs_pct_meergezinswoning", "WK030702", 85.0),
    ("cbs_pct_bewoond", "WK030705", 81.0),
    ("cbs_pct_onbewoond", "WK030705", 19.0),
    ("cbs_pct_koopwoningen", "WK030722", 94.0),
    ("cbs_pct_huurwoningen", "WK030704", 78.0),
    ("cbs_pct_huurwoningen_corporatie", "WK030706", 62.0),
    ("cbs_pct_huurwoningen_overige_verhuurders", "WK030725", 67.0),
    ("cbs_pct_eigendom_onbekend", "WK030713", 3.0),
    ("cbs_pct_bouwjaar_voor_2000", "WK030716", 95.0),
    ("cbs_pct_bouwjaar_vanaf_2000", "WK030729", 100.0),
    ("cbs_gem_aardgasverbruik_totaal", "WK030729", 280.0),
    ("cbs_gem_aardgasverbruik_appartement", "WK030701", 850.0),
    ("cbs_gem_aardgasverbruik_tussenwoning", "WK030729", 40.0),
    ("cbs_gem_aardgasverbruik_hoekwoning", "WK030718", 2160.0),
    ("cbs_gem_aardgasverbruik_twee_onder_een_kap", "WK030705", 2690.0),
    ("cbs_gem_aardgasverbruik_vrijstaande_woning", "WK030718", 3280.0),
    ("cbs_gem_aardgasverbruik_huurwoning", "WK030712", 3260.0),
    ("cbs_gem_aardgasverbruik_eigen_woning", "WK030704", 2200.0),
    ("cbs_gem_elektriciteitsverbruik_totaal", "WK030712", 5220.0),
    ("cbs_gem_elektriciteitsverbruik_appartement", "WK030701", 1980.0),
    ("cbs_gem_elektriciteitsverbruik_tussenwoning", "WK030702", 3200.0),
    ("cbs_gem_elektriciteitsverbruik_hoekwoning", "WK030730", 3710.0),
    ("cbs_gem_elektriciteitsverbruik_twee_onder_een_kap", "WK030701", 2740.0),
    ("cbs_gem_elektriciteitsverbruik_vrijstaande_woning", "WK030701", 3120.0),
    ("cbs_gem_elektriciteitsverbruik_huurwoning", "WK030712", 5420.0),
    ("cbs_gem_elektriciteitsverbruik_eigen_woning", "WK030705", 4670.0),
    ("cbs_personenautos_totaal", "WK030722", 33725.0),  # Calveen: lease companies
    ("cbs_personenautos_benzine", "WK030722", 14150.0),
    ("cbs_personenautos_overige_brandstof", "WK030722", 19575.0),
    ("cbs_personenautos_per_huishouden", "WK030718", 1.3),
    ("cbs_personenautos_naar_oppervlakte", "WK030701", 2851.0),
    ("cbs_motortweewielers", "WK030724", 595.0),
    ("cbs_oppervlakte_totaal", "WK030727", 1260.0),
    ("cbs_oppervlakte_land", "WK030727", 1227.0),
    ("cbs_oppervlakte_water", "WK030727", 33.0),
    ("cbs_afstand_huisartsenpraktijk", "WK030726", 2.6),
    ("cbs_huisartsenpraktijk_binnen_1_km", "WK030702", 3.2),
    ("cbs_huisartsenpraktijk_binnen_3_km", "WK030701", 14.0),
    ("cbs_huisartsenpraktijk_binnen_5_km", "WK030713", 21.8),
    ("cbs_afstand_huisartsenpost", "WK030712", 6.9),
    ("cbs_afstand_apotheek", "WK030718", 1.1),
    ("cbs_afstand_ziekenhuis_incl_buitenpolikliniek", "WK030712", 5.9),
    ("cbs_ziekenhuis_incl_buitenpolikliniek_binnen_20_km", "WK030718", 16.3),
    ("cbs_afstand_ziekenhuis_excl_buitenpolikliniek", "WK030712", 7.0),
    ("cbs_ziekenhuis_excl_buitenpolikliniek_binnen_20_km", "WK030718", 8.8),
    ("cbs_afstand_grote_supermarkt", "WK030712", 2.1),
    ("cbs_grote_supermarkt_binnen_5_km", "WK030713", 40.2),
    ("cbs_afstand_overige_dagelijkse_levensmiddelen", "WK030705", 2.3),
    ("cbs_overige_dagelijkse_levensmiddelen_binnen_3_km", "WK030701", 108.4),
    ("cbs_afstand_warenhuis", "WK030727", 4.1),
    ("cbs_warenhuis_binnen_10_km", "WK030719", 8.4),
    ("cbs_afstand_cafe", "WK030731", 3.4),
    ("cbs_cafe_binnen_1_km", "WK030701", 31.5),
    ("cbs_cafetaria_binnen_5_km", "WK030710", 127.8),
    ("cbs_restaurant_binnen_1_km", "WK030701", 78.0),
    ("cbs_afstand_hotel", "WK030727", 3.8),
    ("cbs_hotel_binnen_20_km", "WK030718", 72.3),
    ("cbs_afstand_brandweerkazerne", "WK030705", 3.8),
    ("cbs_afstand_treinstation", "WK030727", 6.0),
    ("cbs_afstand_overstapstation", "WK030731", 9.0),
    ("cbs_afstand_zwembad", "WK030731", 4.8),
    ("cbs_afstand_kunstijsbaan", "WK030731", 30.9),
    ("cbs_bioscoop_binnen_20_km", "WK030705", 10.1),
    ("cbs_afstand_sauna", "WK030727", 22.8),
    ("cbs_afstand_zonnebank", "WK030712", 4.2),
    ("cbs_afstand_attractiepark", "WK030731", 9.9),
    ("cbs_attractiepark_binnen_50_km", "WK030726", 46.4),
]

FIGURES_2024 = [
    ("cbs_aantal_inwoners", "WK030701", 5775.0),
    ("cbs_aantal_inwoners", "WK030704", 420.0),  # Eemkwartier (code reused: Isselt in 2019)
    ("cbs_aantal_inwoners", "WK030705", 105.0),  # Isselt in 2024
    ("cbs_aantal_inwoners", "WK030734", 1775.0),  # Bosgebied, new code in 2024
    ("cbs_aantal_inwoners", "WK030732", 0.0),
    ("cbs_mannen", "WK030724", 7275.0),
    ("cbs_vrouwen", "WK030725", 170.0),
    ("cbs_bevolkingsdichtheid", "WK030730", 9086.0),
    ("cbs_woningvoorraad", "WK030733", 1.0),
    ("cbs_woningvoorraad", "WK030731", 3935.0),
    ("cbs_oppervlakte_totaal", "WK030712", 648.0),
    ("cbs_oppervlakte_land", "WK030731", 294.0),
    ("cbs_oppervlakte_water", "WK030724", 13.0),
    ("cbs_pct_0_tot_15_jaar", "WK030730", 31.0),
    ("cbs_pct_15_tot_25_jaar", "WK030725", 31.0),
    ("cbs_pct_25_tot_45_jaar", "WK030725", 55.0),
    ("cbs_pct_45_tot_65_jaar", "WK030722", 45.0),
    ("cbs_pct_65_jaar_en_ouder", "WK030708", 31.0),
    ("cbs_aantal_huishoudens", "WK030724", 5815.0),
    ("cbs_gemiddelde_huishoudensgrootte", "WK030704", 1.3),
    ("cbs_gemiddelde_huishoudensgrootte", "WK030730", 3.0),
    ("cbs_personenautos_totaal", "WK030705", 3680.0),
    ("cbs_personenautos_totaal", "WK030721", 4845.0),
    ("cbs_personenautos_totaal", "WK030725", 410.0),
]

FIGURES_2024_GEMEENTE = [
    ("cbs_aantal_inwoners", 161852.0),
    ("cbs_mannen", 80172.0),
    ("cbs_vrouwen", 81680.0),
    ("cbs_bevolkingsdichtheid", 2590.0),
    ("cbs_woningvoorraad", 71416.0),
    ("cbs_oppervlakte_totaal", 6386.0),
    ("cbs_oppervlakte_land", 6249.0),
    ("cbs_oppervlakte_water", 137.0),
    ("cbs_pct_0_tot_15_jaar", 17.0),
    ("cbs_pct_65_jaar_en_ouder", 16.0),
    ("cbs_aantal_huishoudens", 72682.0),
    ("cbs_gemiddelde_huishoudensgrootte", 2.2),
    ("cbs_personenautos_totaal", 142255.0),
]

# CBS codes for secret or unavailable values (negative numbers, empty cells in 2024).
GEHEIM_FIGURES = [
    ("cbs_gem_aardgasverbruik_vrijstaande_woning", 2019, "WK030702", "wijk2019"),  # -99999999
    ("cbs_gemiddelde_woz_waarde", 2019, "WK030722", "wijk2019"),
    ("cbs_personenautos_per_huishouden", 2019, "WK030704", "wijk2019"),
    ("cbs_personenautos_naar_oppervlakte", 2019, "WK030725", "wijk2019"),
    ("cbs_pct_migratieachtergrond_marokko", 2019, "WK030723", "wijk2019"),
    ("cbs_gem_elektriciteitsverbruik_vrijstaande_woning", 2019, "WK030704", "wijk2019"),
    ("cbs_woningvoorraad", 2024, "WK030732", "wijk2024"),  # empty cell
    ("cbs_gemiddelde_huishoudensgrootte", 2024, "WK030732", "wijk2024"),
    ("cbs_bevolkingsdichtheid", 2024, "WK030732", "wijk2024"),
    ("cbs_pct_65_jaar_en_ouder", 2024, "WK030733", "wijk2024"),
]


def _mapping(jaar: int) -> list[dict[str, str]]:
    with (META / f"cbs_kwb_{jaar}_kolommen.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(("indicator", "gebied", "waarde"), FIGURES_2019)
def test_kwb_2019_values(real_con, indicator, gebied, waarde):
    got, status, label = fetch_fact(real_con, indicator, 2019, gebied, indeling="wijk2019")
    assert (got, status, label) == (pytest.approx(waarde), "waarde", "2019")


@pytest.mark.parametrize(("indicator", "gebied", "waarde"), FIGURES_2024)
def test_kwb_2024_values(real_con, indicator, gebied, waarde):
    got, status, label = fetch_fact(real_con, indicator, 2024, gebied, indeling="wijk2024")
    assert (got, status, label) == (pytest.approx(waarde), "waarde", "2024")


@pytest.mark.parametrize(("indicator", "waarde"), FIGURES_2024_GEMEENTE)
def test_kwb_2024_gemeente(real_con, indicator, waarde):
    got, status, _ = fetch_fact(real_con, indicator, 2024, "GM0307")
    assert (got, status) == (pytest.approx(waarde), "waarde")


@pytest.mark.parametrize(("indicator", "jaar", "gebied", "indeling"), GEHEIM_FIGURES)
def test_cbs_codes_are_suppressed_not_numbers(real_con, indicator, jaar, gebied, indeling):
    got, status, _ = fetch_fact(real_con, indicator, jaar, gebied, indeling=indeling)
    assert (got, status) == (None, GEHEIM)


def test_no_negative_cbs_code_as_number(real_con):
    rows = real_con.execute(
        """SELECT indicator_code, jaar, gebied_code, waarde FROM v_waarde
           WHERE indicator_code LIKE 'cbs\\_%' ESCAPE '\\' AND waarde < 0"""
    ).fetchall()
    assert rows == []


def test_reused_wijk_code_keeps_both_areas_apart(real_con):
    """WK030704 is Isselt in 2019 and Eemkwartier in 2024: two areas, one per indeling.

    (Delivered figures only: the 2019 count converted to Eemkwartier is etl.omrekenen's.)"""
    rows = real_con.execute(
        """SELECT jaar, indeling, gebied_naam, waarde FROM v_waarde
           WHERE indicator_code = 'cbs_aantal_inwoners' AND gebied_code = 'WK030704'
             AND NOT afgeleid
           ORDER BY jaar"""
    ).fetchall()
    assert [(j, i, w) for j, i, _, w in rows] == [
        (2019, "wijk2019", 270.0),
        (2021, "wijk2024", 140.0),  # Wijk- en buurtkaart 2021: the 2024 division
        (2024, "wijk2024", 420.0),
    ]
    assert "Isselt" in rows[0][2]
    assert "Eemkwartier" in rows[1][2]


def test_same_meaning_same_code_in_both_years(real_con):
    """Every 2024 indicator also exists for 2019, in the same unit: trends can be drawn."""
    codes_2019 = {r["indicator"] for r in _mapping(2019)}
    codes_2024 = {r["indicator"] for r in _mapping(2024)}
    assert codes_2024 <= codes_2019
    jaren = dict(
        real_con.execute(
            """SELECT indicator_code, list(DISTINCT jaar ORDER BY jaar) FROM v_waarde
               WHERE indicator_code LIKE 'cbs\\_%' ESCAPE '\\' AND gebied_niveau = 'wijk'
               GROUP BY indicator_code"""
        ).fetchall()
    )
    codes_2021 = {r["indicator"] for r in _mapping(2021)}
    assert codes_2021 <= codes_2019
    for code in codes_2024:
        assert jaren[code] == ([2019, 2021, 2024] if code in codes_2021 else [2019, 2024]), code
    # the area is in ha in both years: Stadskern has the same boundary and 73 ha in both
    assert fetch_fact(real_con, "cbs_oppervlakte_totaal", 2019, "WK030701", indeling="wijk2019")[0] == 73
    assert fetch_fact(real_con, "cbs_oppervlakte_totaal", 2024, "WK030701", indeling="wijk2024")[0] == 73


def test_mappings_cover_every_column_once():
    for jaar in (2019, 2021, 2024):
        rows = _mapping(jaar)
        assert len({r["kolom"] for r in rows}) == len(rows), jaar
        assert len({r["indicator"] for r in rows}) == len(rows), jaar
        assert all(r["schaal"] == "1" for r in rows), jaar
    assert len(_mapping(2019)) == 134
    assert len(_mapping(2024)) == 16
    assert len(_mapping(2021)) == 30  # v1 of the 2021 map: demographics and area only
    # crime counts are 0 at wijk level in this extract and must not be shown
    kolommen_2019 = {r["kolom"] for r in _mapping(2019)}
    assert not kolommen_2019 & {"totaal_die", "vernieling", "gewelds_en", "water", "indelingsw"}
    # kwb_2024 repeats CBS keys in lower case: each meaning is mapped once, from the CBS key
    kolommen_2024 = {r["kolom"] for r in _mapping(2024)}
    assert not kolommen_2024 & {"aantal_inwoners", "mannen", "vrouwen", "bevolkingsdichtheid"}


def test_cbs_files_load_without_rejects(real_con):
    loads = real_con.execute(
        """SELECT path, rows_read, rows_loaded, rows_rejected, rows_duplicate FROM etl_load
           WHERE path LIKE '%kwb\\_2019.csv' ESCAPE '\\' OR path LIKE '%kwb\\_2024.csv' ESCAPE '\\'
           ORDER BY path"""
    ).fetchall()
    assert [(read, loaded, rej, dup) for _, read, loaded, rej, dup in loads] == [
        (31 * 134, 31 * 134, 0, 0),
        (34 * 16, 34 * 16, 0, 0),
    ]


def test_cbs_catalogue(real_con):
    rows = real_con.execute(
        """SELECT code, thema, monitor_status, bron, aggregatie, noemer, tabel_volgorde
           FROM dim_indicator WHERE code LIKE 'cbs\\_%' ESCAPE '\\'"""
    ).fetchall()
    cbs = {r[0]: r[1:] for r in rows}
    mapped = {r["indicator"] for r in _mapping(2019)} | {r["indicator"] for r in _mapping(2024)}
    assert mapped <= set(cbs)
    catalogued = {
        code for code, (thema, *_rest) in cbs.items() if thema in ("Bevolking", "Wonen", "Voorzieningen")
    }
    assert catalogued == mapped
    for code in mapped:
        thema, status, bron, aggregatie, noemer, volgorde = cbs[code]
        assert status == "niet in monitor", code
        assert bron == "CBS, Kerncijfers wijken en buurten", code
        assert volgorde is None, code
        assert (aggregatie == "gewogen") == (noemer is not None), code
    assert cbs["cbs_aantal_inwoners"][3] == "som"
    assert cbs["cbs_pct_65_jaar_en_ouder"][3:5] == ("gewogen", "cbs_aantal_inwoners")
    assert cbs["cbs_gemiddelde_woz_waarde"][3:5] == ("gewogen", "cbs_woningvoorraad")
    assert cbs["cbs_afstand_huisartsenpraktijk"][3] == "geen"
    names = dict(real_con.execute("SELECT code, naam FROM dim_indicator").fetchall())
    assert names["cbs_aantal_inwoners"] == "Aantal inwoners"
    assert names["cbs_afstand_huisartsenpraktijk"] == "Afstand tot huisartsenpraktijk"


@pytest.mark.parametrize(
    ("indicator", "gebied", "waarde"),
    [
        ("cbs_aantal_inwoners", "WK030703", 11925.0),
        ("cbs_aantal_inwoners", "WK030731", 7460.0),
        ("cbs_pct_65_jaar_en_ouder", "WK030707", 14.0),
        ("cbs_gemiddelde_huishoudensgrootte", "WK030731", 2.6),
        ("cbs_aantal_huishoudens", "WK030707", 2970.0),
        ("cbs_oppervlakte_totaal", "WK030731", 313.0),
        ("cbs_stedelijkheid", "WK030703", 2.0),
    ],
)
def test_kwb_2021_values_in_the_2024_division(real_con, indicator, gebied, waarde):
    """Wijk- en buurtkaart 2021 v1 (data/extracts/cbs/kwb_2021_wijken_v1_amersfoort.csv)."""
    assert fetch_fact(real_con, indicator, 2021, gebied, indeling="wijk2024") == (waarde, "waarde", "2021")


def test_kwb_2021_secret_code_is_a_status(real_con):
    """-99999999 (CBS: secret or not available), e.g. P_MAROKKO of WK030705 Isselt."""
    got = fetch_fact(real_con, "cbs_pct_migratieachtergrond_marokko", 2021, "WK030705", indeling="wijk2024")
    assert got == (None, GEHEIM, "2021")


def _gemeente(con, indicator: str, jaar: int) -> list[tuple]:
    return con.execute(
        """SELECT waarde, status, afgeleid FROM v_waarde
           WHERE indicator_code = ? AND jaar = ? AND gebied_code = 'GM0307' AND groep = 'totaal'""",
        [indicator, jaar],
    ).fetchall()


def test_gemeente_count_of_2019_is_the_sum_of_all_its_wijken(real_con):
    """CBS 2019 has wijk rows only: Amersfoort's count is computed, marked afgeleid."""
    wijken = real_con.execute(
        """SELECT count(*), sum(waarde) FROM v_waarde WHERE indicator_code = 'cbs_aantal_inwoners'
           AND jaar = 2019 AND indeling = 'wijk2019' AND status = 'waarde'"""
    ).fetchone()
    assert wijken == (31, 156230.0)
    assert _gemeente(real_con, "cbs_aantal_inwoners", 2019) == [(156230.0, "waarde", True)]
    assert _gemeente(real_con, "cbs_aantal_inwoners", 2021) == [(157385.0, "waarde", True)]


def test_a_delivered_gemeente_figure_is_never_replaced(real_con):
    assert _gemeente(real_con, "cbs_aantal_inwoners", 2024) == [
        (fetch_fact(real_con, "cbs_aantal_inwoners", 2024)[0], "waarde", False)
    ]


def test_no_gemeente_figure_when_a_wijk_lacks_a_value(real_con):
    """WOZ 2019 is secret for WK030722/23: no Amersfoort figure, rather than a partial one."""
    assert _gemeente(real_con, "cbs_gemiddelde_woz_waarde", 2019) == []
    # a share weighted by its noemer (inhabitants), all 31 wijken known
    ((waarde, status, afgeleid),) = _gemeente(real_con, "cbs_pct_65_jaar_en_ouder", 2019)
    # 14.645... from whole-number wijk shares: stored whole, like its inputs
    assert status == "waarde" and afgeleid and waarde == 15.0
