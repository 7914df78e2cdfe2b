"""The summary's floor table: each Verkenner interaction against the static floor, with issue 24's
target (≤ 2× on the shipped data, ≤ 2.5× on the national set), decided at its edge.

The browser results are made up here (no browser runs); only the table logic is under test.
"""

from __future__ import annotations

from typing import Any

from bench import browser_bench
from bench.report import floor_table


def _case(median_ms: float) -> dict[str, Any]:
    return {"n": 3, "total_ms": {"median": median_ms, "p95": median_ms}}


def _browser(set_name: str, app_ms: dict[str, float], floor_ms: float = 100.0) -> dict[str, Any]:
    cases: dict[str, Any] = {}
    for step, ms in app_ms.items():
        cases[step] = _case(ms)
        cases[f"floor: {step}"] = _case(floor_ms)
    return {"sets": [{"set": set_name, "cases": cases}]}


def _rows(lines: list[str]) -> dict[str, list[str]]:
    """interaction -> its cells (set, interaction, app, floor, ratio, target, met)."""
    rows = {}
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[1]] = cells
    return rows


def test_shipped_target_is_two_times_the_floor_at_its_edge() -> None:
    # floor 100 ms: 199 just within, 200 exactly at the edge (met), 201 just over
    rows = _rows(floor_table(_browser("shipped", {"indicator": 199.0, "wijk": 200.0, "jaar": 201.0,
                                                  "niveau": 450.0})))
    assert rows["indicator"][2:] == ["199", "100", "1.99", "≤ 2×", "yes"]
    assert rows["wijk"][2:] == ["200", "100", "2.00", "≤ 2×", "yes"]
    assert rows["jaar"][2:] == ["201", "100", "2.01", "≤ 2×", "no"]
    assert rows["niveau"][4:] == ["4.50", "≤ 2×", "no"]


def test_national_target_is_two_and_a_half_times_the_floor_at_its_edge() -> None:
    rows = _rows(floor_table(_browser("national", {"indicator": 249.0, "wijk": 250.0,
                                                   "jaar": 251.0, "niveau": 201.0})))
    assert [rows[s][4:] for s in ("indicator", "wijk", "jaar", "niveau")] == [
        ["2.49", "≤ 2.5×", "yes"], ["2.50", "≤ 2.5×", "yes"], ["2.51", "≤ 2.5×", "no"],
        ["2.01", "≤ 2.5×", "yes"],  # over the shipped target, within the national one
    ]


def test_an_interaction_without_a_measurement_says_so() -> None:
    browser = _browser("shipped", {"indicator": 150.0})
    browser["sets"][0]["cases"]["wijk"] = {"n": 0, "errors": ["timeout"]}
    rows = _rows(floor_table(browser))
    assert rows["indicator"][-1] == "yes"
    assert rows["wijk"][2:] == ["–", "–", "–", "≤ 2×", "not measured"]
    assert rows["niveau"][-1] == "not measured"  # absent from the results altogether


def test_the_header_names_both_targets() -> None:
    header = floor_table({"sets": []})[0]
    assert "× floor" in header and "≤ 2× shipped / ≤ 2.5× national" in header


def _gebied(code: str, naam: str, waarde: float, geometry: str | None) -> Any:
    from app.onderdelen.kaart import Gebiedswaarde

    return Gebiedswaarde(gebied_code=code, naam=naam, geometry=geometry, label_lon=None,
                         label_lat=None, waarde=waarde, ondergrens=None, bovengrens=None,
                         significant=None, status="waarde", afgeleid=False, soort=None,
                         periode_label="2016", verschil=waarde - 10.0)


def _kaartdata(rijen: tuple, zonder: tuple) -> Any:
    import pandas as pd

    from app.onderdelen.kaart import KaartData

    return KaartData(indicator=pd.Series({"eenheid": "%"}), jaar=2016, niveau="buurt",
                     indeling="buurt2020", rijen=rijen, gemeente_naam="Amersfoort",
                     gemeente_waarde=10.0, gemeente_status="waarde", periode_label="2016",
                     heeft_cijfers=True, zonder_grenzen="geen grenzen" if zonder else None,
                     zonder_geometrie_rijen=zonder)


def test_the_floor_shows_the_figures_of_a_level_without_boundaries() -> None:
    """The app lists a year's figures without a map when its indeling has no boundaries; the
    floor's table holds the same figures then, by name (it was empty: a floor drawing nothing)."""
    zonder = (_gebied("BU2", "Buurt B", 12.5, None), _gebied("BU1", "Buurt A", 7.3, None))
    assert browser_bench.floor_tabel(_kaartdata((), zonder)) == [
        ["Buurt A", "7,3 %", "-2,7 %"], ["Buurt B", "12,5 %", "+2,5 %"]]
    op_kaart = (_gebied("WK1", "Wijk", 9.0, "POLYGON"),)
    assert [r[0] for r in browser_bench.floor_tabel(_kaartdata(op_kaart, ()))] == ["Wijk"]


def test_the_floor_starts_on_the_indicator_the_verkenner_opens_on(real_warehouse: Any) -> None:
    """The floor's first state is the app's default view (catalogus.standaard_indicator): on the
    shipped data the monitor's energy poverty figure, not the RIVM figure that colours most
    wijken, which the floor started on (another map, and a breakdown the app did not draw)."""
    plan = browser_bench.make_plan(real_warehouse, "http://127.0.0.1:1", "/verkenner", None)
    assert plan.default == "energiearmoede_huishoudens"
    assert plan.kies != plan.default
