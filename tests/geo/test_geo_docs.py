"""docs/geo.md shows the comparability table the code decides: its generated block must be current.

Regenerate with `python -m geo` (geo/report.py) and paste the block when this fails.
"""

from __future__ import annotations

from pathlib import Path

from geo.build import GeoTables
from geo.report import BEGIN, END, comparability_block

DOC = Path(__file__).resolve().parents[2] / "docs" / "geo.md"


def _block(text: str) -> str:
    assert text.count(BEGIN) == 1 and text.count(END) == 1, "docs/geo.md: generated block markers"
    return text[text.index(BEGIN): text.index(END) + len(END)]


def test_docs_geo_holds_the_generated_comparability_block(tables: GeoTables) -> None:
    expected = comparability_block(tables.vergelijkbaarheid, tables.gebieden)
    assert _block(DOC.read_text(encoding="utf-8")) == expected


def test_the_block_states_zielhorst_and_hoogland_as_decided() -> None:
    """Fixed by hand: the two wijken of issue 21 in the published table."""
    block = _block(DOC.read_text(encoding="utf-8"))
    assert ("| 20 Zielhorst | 20 Zielhorst | 0.9118 | +7.41% | nee | overlap 0,91, oppervlakte +7,4%: "
            "niet vergelijkbaar (oppervlakte meer dan 5% veranderd) |") in block
    assert ("| 19 Hoogland | 19 Hoogland | 0.9216 | +3.85% | ja | "
            "overlap 0,92, oppervlakte +3,9%: vergelijkbaar |") in block
    assert "Not the same area (11): 03, 04, 05, 09, 12, 18, 20, 23, 25, 28, 31." in block


def test_a_stale_block_is_caught(tables: GeoTables) -> None:
    """The check really compares: flipping one decision in the table changes the block."""
    t = tables.vergelijkbaarheid.copy()
    t.loc[(t["code_van"] == "WK030720") & (t["code_naar"] == "WK030720"), "vergelijkbaar"] = True
    assert comparability_block(t, tables.gebieden) != comparability_block(
        tables.vergelijkbaarheid, tables.gebieden)
