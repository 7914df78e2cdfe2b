"""Both transcription passes against the monitor text itself (shared/seeds, beside the checkout).

Every loaded monitor value is printed in the text, and every percentage the text prints is loaded,
except the few listed here with the reason they are not figures of the monitor.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from etl.check_seed import check_seed, uncovered_percentages
from tests.conftest import require, seeds_dir

SEED = Path(os.environ.get("WIJKMONITOR_SEED", seeds_dir() / "000_56771c98cb4d37c5.txt"))


@pytest.fixture(autouse=True)
def _seed_present() -> None:
    require(SEED.is_file(), f"monitor text not present at {SEED}")

# (line, text): percentages in the monitor that are deliberately not loaded, and why.
NOT_FIGURES = {
    (685, "40%"): "axis tick of a chart",
    (685, "70%"): "axis tick of a chart",
    (685, "100%"): "axis tick of a chart",
    (1051, "1,5%"): "'minder dan 1,5%' for Hoogland: an upper bound, not a value",
    (1101, "6,6%"): "TNO forecast range 6,6-7,6% (a range, not a figure)",
    (1101, "7,6%"): "TNO forecast range 6,6-7,6%",
    (1103, "4,1%"): "TNO forecast range 4,1-4,5%",
    (1103, "4,5%"): "TNO forecast range 4,1-4,5%",
    (1611, "23%"): "chapter table rounds the 23,2% that text and figure give (loaded: 23,2)",
    (1822, "24%"): "text rounds the 23,7% of the figure (loaded: 23,7)",
    (2602, "40%"): "axis tick of a chart",
    (2608, "100%"): "axis tick of a chart",
}


def test_every_loaded_monitor_value_is_printed_in_the_monitor(real_warehouse: Path) -> None:
    assert check_seed(real_warehouse, SEED) == []


def test_every_percentage_in_the_monitor_is_loaded_or_explained(real_warehouse: Path) -> None:
    assert set(uncovered_percentages(real_warehouse, SEED)) == set(NOT_FIGURES)
