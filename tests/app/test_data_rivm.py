"""The view data (app/data.py) of the RIVM/CBS wijk figures, on the warehouse built from data/.

Values are those of data/extracts/rivm/rivm_gezondheid_50090NED_amersfoort.csv (18+, the
headline group) and of the CBS Kerncijfers; nothing here invents a value.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app import monitortabel, vocab
from app.onderdelen import kaart, trend
from app.profiel import cijfers
from app.queries import Warehouse

GM = "GM0307"
REF = ("G100PLUS", "NL01")


@pytest.fixture()
def db(real_warehouse: Path) -> Iterator[Warehouse]:
    wh = Warehouse(real_warehouse)
    yield wh
    wh.close()


def test_kruiskamp_profile_has_three_years_beside_amersfoort_of_the_same_year(db):
    reeksen = cijfers.wijkprofiel_reeksen(db, "WK030707", "wijk2024", GM)
    gezondheid = reeksen[reeksen["indicator_code"] == "rivm_ervaren_gezondheid_goed"]
    assert list(gezondheid["jaar"]) == [2012, 2016, 2020]
    assert list(gezondheid["waarde"]) == [69.3, 69.5, 74.6]
    assert list(gezondheid["gemeente_waarde"]) == [77.9, 76.8, 80.1]  # GM0307, 18+, same year
    assert gezondheid["zelfde_gebied"].all()  # 2019 Kruiskamp is the same area (IoU 0.95)
    rondkomen = reeksen[reeksen["indicator_code"] == "rivm_moeite_met_rondkomen"]
    assert list(rondkomen["waarde"]) == [33.1, 29.2, 20.7]
    assert list(rondkomen["gemeente_waarde"]) == [22.5, 18.6, 12.8]

    profiel = cijfers.wijkprofiel(db, "WK030707", "wijk2024", "wijk", GM).set_index("indicator_code")
    rij = profiel.loc["rivm_moeite_met_rondkomen"]
    assert (rij["jaar"], rij["wijk_waarde"], rij["gemeente_waarde"]) == (2020, 20.7, 12.8)
    assert rij["vorig_jaar"] == 2016 and rij["cijfer_gebied"] == "De Kruiskamp (wijkindeling 2019)"


def test_amersfoort_figure_computed_from_the_wijken_is_marked(db):
    reeksen = cijfers.wijkprofiel_reeksen(db, "WK030707", "wijk2024", GM)
    inwoners = reeksen[reeksen["indicator_code"] == "cbs_aantal_inwoners"].set_index("jaar")
    assert inwoners.loc[2019, "gemeente_waarde"] == 156230.0 and inwoners.loc[2019, "gemeente_afgeleid"]
    assert not inwoners.loc[2024, "gemeente_afgeleid"]  # CBS delivers the 2024 gemeente row
    kd = kaart.kaart(db, "cbs_aantal_inwoners", 2019, "wijk", GM)
    assert kd.gemeente_waarde == 156230.0 and kd.gemeente_afgeleid
    assert vocab.BEREKEND_UIT_WIJKEN == "berekend uit de wijkcijfers"


def test_trend_of_a_changed_wijk_does_not_join_the_old_area(db):
    td = trend.trend(db, "rivm_moeite_met_rondkomen", GM, REF, ("WK030703", "wijk2024", "wijk"))
    eigen = td.reeksen[td.reeksen["reeks"] == "Soesterkwartier"]
    # Soesterkwartier 2019 (IoU 0.72) is another area: nothing joined. Its own series holds only
    # the figures converted to the 2024 wijk (etl.omrekenen; afgeleid until fact_waarde.soort):
    # its people all lived in Soesterkwartier 2019, so they equal that wijk's.
    assert list(eigen["indeling"].unique()) == ["wijk2024"] and eigen["afgeleid"].all()
    assert list(eigen["waarde"]) == pytest.approx([28.3, 23.8, 16.2])
    oud = td.reeksen[td.reeksen["reeks"] == "Soesterkwartier (wijkindeling 2019)"]
    assert list(oud["jaar"]) == [2012, 2016, 2020] and list(oud["waarde"]) == [28.3, 23.8, 16.2]
    assert td.volgorde[0] == "Soesterkwartier" and "Soesterkwartier (wijkindeling 2019)" in td.volgorde
    assert td.notities and "andere grenzen" in td.notities[0]

    reeksen = cijfers.wijkprofiel_reeksen(db, "WK030703", "wijk2024", GM)
    rondkomen = reeksen[reeksen["indicator_code"] == "rivm_moeite_met_rondkomen"]
    # The 2019 area never joins; the wijk's own rows are the converted wijk2024 figures.
    oud = rondkomen[rondkomen["indeling"] == "wijk2019"]
    assert len(oud) == 3 and not oud["zelfde_gebied"].any()
    assert set(oud["cijfer_gebied"]) == {"Soesterkwartier (wijkindeling 2019)"}
    assert rondkomen.loc[rondkomen["zelfde_gebied"], "indeling"].eq("wijk2024").all()
    profiel = cijfers.wijkprofiel(db, "WK030703", "wijk2024", "wijk", GM)
    assert "rivm_moeite_met_rondkomen" in set(profiel["indicator_code"])  # the converted figure


def test_trend_of_an_unchanged_wijk_joins_the_2019_figures(db):
    td = trend.trend(db, "rivm_moeite_met_rondkomen", GM, REF, ("WK030707", "wijk2024", "wijk"))
    kruiskamp = td.reeksen[td.reeksen["reeks"] == td.volgorde[0]]
    assert list(kruiskamp["waarde"]) == [33.1, 29.2, 20.7] and not td.breuken
    assert len(td.notities) == 1 and "staan daarom in de lijn van Kruiskamp" in td.notities[0]
    assert "niet in de lijn" not in td.notities[0]


def test_map_of_rivm_per_wijk_uses_the_2019_geometry(db):
    for jaar in (2012, 2016, 2020):
        kd = kaart.kaart(db, "rivm_moeite_met_rondkomen", jaar, "wijk", GM)
        assert kd.indeling == "wijk2019" and kd.kan_tekenen and len(kd.gebieden) == 31
    kd = kaart.kaart(db, "rivm_moeite_met_rondkomen", 2020, "wijk", GM)
    assert kd.gebieden.set_index("gebied_code").loc["WK030707", "waarde"] == 20.7
    assert kd.gemeente_waarde == 12.8


def test_map_of_2020_buurten_says_why_it_is_empty(db):
    kd = kaart.kaart(db, "rivm_moeite_met_rondkomen", 2020, "buurt", GM)
    assert kd.indeling == "buurt2020" and kd.heeft_cijfers and not kd.kan_tekenen
    assert kd.gebieden.empty
    assert "geen grenzen" in kd.zonder_grenzen and "buurtindeling 2020" in kd.zonder_grenzen
    buurten = kd.zonder_geometrie.set_index("gebied_code")
    assert len(buurten) == 146
    assert buurten.loc["BU03070700", "waarde"] == 18.8
    assert buurten.loc["BU03070700", "naam"] == "Buurt 00 van De Kruiskamp"
    kd_2024 = kaart.kaart(db, "cbs_aantal_inwoners", 2024, "buurt", GM)
    assert kd_2024.zonder_grenzen is None


def test_estimates_outside_the_monitor_add_no_columns_to_the_chapter_table(db):
    mt = monitortabel.monitor_tabel(db, "thema:Preventie", GM)
    assert 2012 not in mt.jaren and 2016 not in mt.jaren  # only RIVM/CBS has those years
    assert {2012, 2016, 2020} <= set(mt.jaren_overig)
    rij = mt.rijen.set_index("indicator_code").loc["rivm_eenzaam"]
    assert not rij["in_tabel"] and (rij["trend_vorig_jaar"], rij["trend_jaar"]) == (2016, 2020)
    doel = monitortabel.monitor_tabel(db, "doel:RD-05", GM)  # one table: every year
    assert {2012, 2016, 2020} <= set(doel.jaren) and doel.jaren == doel.jaren_overig
    assert "rivm_eenzaam" in set(doel.rijen["indicator_code"])


def test_embedded_map_of_2020_buurten_says_why_instead_of_drawing_nothing(db, real_warehouse):
    from app.config import Config
    from app.embed import views

    cfg = Config(warehouse=real_warehouse)
    p = {"indicator": "rivm_moeite_met_rondkomen", "jaar": "2020", "niveau": "buurt"}
    with pytest.raises(views.GeenWeergave, match="geen grenzen"):
        views.kaart(db, p, cfg)
    wijk = views.kaart(db, dict(p, niveau="wijk"), cfg)  # the wijken are drawn (2019 geometry)
    assert "wijkindeling 2019" in wijk.ondertitel
