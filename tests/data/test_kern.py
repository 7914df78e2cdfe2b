"""The headline indicators (data/meta/kern/kern.csv) as loaded into kern_indicator.

The list names the indicators the samenvatting of the Monitor Inclusieve Stad 2025 discusses,
in its order; the start page shows them per goal (docs/app.md). A bad list stops the build.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from etl.catalog import load_kern
from etl.errors import CatalogError

KERN = Path(__file__).resolve().parents[2] / "data" / "meta" / "kern" / "kern.csv"


def test_every_listed_indicator_is_loaded_in_order(real_con) -> None:
    with KERN.open(encoding="utf-8") as f:
        lijst = [r["indicator"] for r in csv.DictReader(f)]
    rows = real_con.execute(
        """SELECT i.code, i.monitor_status FROM kern_indicator k JOIN dim_indicator i USING (indicator_id)
           ORDER BY k.volgorde""").fetchall()
    assert [code for code, _ in rows] == lijst
    # headline indicators are the monitor's own, never a CBS count added for the map
    assert all(status != "niet in monitor" for _, status in rows)


@pytest.mark.parametrize("code", ["armoede_personen", "problematische_schulden_huishoudens",
                                  "volw_ernstig_eenzaam", "ervaren_gezondheid_goed_18plus",
                                  "jeugdzorg_jongeren", "wmo_inwoners"])
def test_the_policy_questions_have_a_headline_indicator(real_con, code: str) -> None:
    # armoede, schulden, eenzaamheid, gezondheid, jeugdzorg, wmo (issue 14's questions)
    assert real_con.execute("SELECT count(*) FROM kern_indicator JOIN dim_indicator USING (indicator_id) "
                            "WHERE code = ?", [code]).fetchone()[0] == 1


def _schrijf(tmp_path: Path, tekst: str) -> Path:
    (tmp_path / "kern").mkdir()
    (tmp_path / "kern" / "kern.csv").write_text(tekst, encoding="utf-8")
    return tmp_path


def test_unknown_indicator_is_a_catalogue_error_with_file_and_line(tmp_path: Path) -> None:
    meta = _schrijf(tmp_path, "indicator,onderwerp\nbekend,a\nonbekend,b\n")
    with pytest.raises(CatalogError) as err:
        load_kern(meta, {"bekend"})
    assert "kern.csv" in str(err.value) and "regel 3" in str(err.value)
    assert "onbekend" in str(err.value)


def test_duplicate_and_empty_subject_are_refused(tmp_path: Path) -> None:
    meta = _schrijf(tmp_path, "indicator,onderwerp\na,x\na,y\n")
    with pytest.raises(CatalogError, match="dubbel"):
        load_kern(meta, {"a"})
    leeg = tmp_path / "leeg"
    leeg.mkdir()
    _schrijf(leeg, "indicator,onderwerp\na,\n")
    with pytest.raises(CatalogError, match="onderwerp is leeg"):
        load_kern(leeg, {"a"})


def test_the_list_is_optional(tmp_path: Path) -> None:
    assert load_kern(tmp_path, {"a"}).empty
