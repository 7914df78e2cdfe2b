"""Related indicators (etl/verwant.py, data/meta/verwant.csv): checked on load with file, line and
reason; written to indicator_verwant; a related indicator without wijk figures is reported."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from etl.build import build_warehouse
from etl.catalog import load_catalog
from etl.errors import CatalogError
from etl.verwant import load_verwant
from tests.etl.conftest import MakeDataDir, toml

CODES = {"volw_ernstig_eenzaam", "rivm_eenzaam", "rivm_ernstig_eenzaam"}
DATA = Path(__file__).resolve().parents[2] / "data"
KOP = "indicator,verwant,reden\n"


def _meta(tmp_path: Path, text: str) -> Path:
    (tmp_path / "verwant.csv").write_text(text, encoding="utf-8")
    return tmp_path


def test_relations_load_in_file_order_numbered_per_indicator(tmp_path: Path) -> None:
    frame = load_verwant(_meta(tmp_path, KOP + "volw_ernstig_eenzaam,rivm_ernstig_eenzaam, Zelfde maat \n"
                                               "volw_ernstig_eenzaam,rivm_eenzaam,Ruimer begrip\n"), CODES)
    assert frame.values.tolist() == [
        ["volw_ernstig_eenzaam", "rivm_ernstig_eenzaam", "Zelfde maat", 1],
        ["volw_ernstig_eenzaam", "rivm_eenzaam", "Ruimer begrip", 2],
    ]


def test_without_the_file_nothing_is_related(tmp_path: Path) -> None:
    assert load_verwant(tmp_path, CODES).empty


@pytest.mark.parametrize(("text", "regel", "reden"), [
    ("indicator,verwant\nvolw_ernstig_eenzaam,rivm_eenzaam\n", "regel 1", "ontbreken: reden"),
    (KOP + "volw_ernstig_eenzaam,rivm_eenzaam,ok\nvolw_onbekend,rivm_eenzaam,x\n", "regel 3",
     "indicator 'volw_onbekend' bestaat niet"),
    (KOP + "volw_ernstig_eenzaam,rivm_onbekend,x\n", "regel 2", "verwant 'rivm_onbekend' bestaat niet"),
    (KOP + "volw_ernstig_eenzaam,volw_ernstig_eenzaam,x\n", "regel 2", "aan zichzelf"),
    (KOP + "volw_ernstig_eenzaam,rivm_eenzaam,\n", "regel 2", "reden is leeg"),
    (KOP + ",rivm_eenzaam,x\n", "regel 2", "indicator is leeg"),
    (KOP + "volw_ernstig_eenzaam,rivm_eenzaam,a\nvolw_ernstig_eenzaam,rivm_eenzaam,b\n", "regel 3",
     "dubbel"),
])
def test_a_bad_row_is_named_by_file_line_and_reason(tmp_path: Path, text: str, regel: str,
                                                    reden: str) -> None:
    with pytest.raises(CatalogError) as exc:
        load_verwant(_meta(tmp_path, text), CODES)
    assert Path(exc.value.path).name == "verwant.csv"
    assert exc.value.locatie == regel and reden in exc.value.reden


def test_the_shipped_relations_load_and_link_loneliness_and_money_trouble() -> None:
    codes = set(load_catalog(DATA).indicatoren["code"])
    frame = load_verwant(DATA / "meta", codes)
    paren = set(zip(frame["indicator"], frame["verwant"], strict=True))
    assert {("volw_ernstig_eenzaam", "rivm_ernstig_eenzaam"),
            ("problematische_schulden_huishoudens", "rivm_moeite_met_rondkomen"),
            ("mantelzorgers", "rivm_mantelzorger")} <= paren


def test_the_warehouse_holds_the_relations_with_their_reason(real_warehouse: Path) -> None:
    with duckdb.connect(str(real_warehouse), read_only=True) as con:
        rows = con.execute(
            """SELECT i.code, v.code, r.volgorde, k.heeft_wijk FROM indicator_verwant r
               JOIN dim_indicator i ON i.indicator_id = r.indicator_id
               JOIN dim_indicator v ON v.indicator_id = r.verwant_id
               JOIN indicator_dekking k ON k.indicator_id = r.verwant_id
               WHERE i.code = 'volw_ernstig_eenzaam' ORDER BY r.volgorde""").fetchall()
    assert rows == [("volw_ernstig_eenzaam", "rivm_ernstig_eenzaam", 1, True),
                    ("volw_ernstig_eenzaam", "rivm_eenzaam", 2, True)]


def test_an_unknown_code_stops_the_build_and_a_relation_without_wijk_figures_is_reported(
        make_data_dir: MakeDataDir, tmp_path: Path) -> None:
    # synthetic test extract: gemeente figures only, so no test indicator has wijk figures
    data = make_data_dir({"t/a.csv": "indicator;gebied;jaar;waarde\ntest_pct;GM0307;2023;40\n",
                          "t/a.toml": toml("a.csv", "long_csv")})
    (data / "meta" / "verwant.csv").write_text(KOP + "test_aantal,test_pct,reden\n", encoding="utf-8")
    notes: list[str] = []
    build_warehouse(data, tmp_path / "w.duckdb", report=notes.append)
    assert any("test_pct (verwant aan test_aantal) heeft geen wijkcijfers" in n for n in notes)
    (data / "meta" / "verwant.csv").write_text(KOP + "test_aantal,test_onbekend,reden\n",
                                               encoding="utf-8")
    with pytest.raises(CatalogError) as exc:
        build_warehouse(data, tmp_path / "w.duckdb", quiet=True)
    assert str(exc.value) == ("meta/verwant.csv, regel 2: verwant 'test_onbekend' bestaat niet in "
                              "data/meta/indicatoren")
