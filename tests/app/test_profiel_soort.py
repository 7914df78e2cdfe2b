"""The wijkprofiel read by the rules per kind of figure, on the warehouse built from data/.

Kruiskamp and Soesterkwartier (both divisions), as issue 21 asks: expected verdicts fixed by hand
from the RIVM/CBS figures (50090NED, 2020) and the rules of docs/statistiek.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app import config, gebieden, profiel
from app.profiel import cijfers
from app.queries import Warehouse

GEMEENTE = profiel.Gebied("GM0307", "vast", None, "Amersfoort")


@pytest.fixture(scope="module")
def real_db(real_warehouse: Path) -> Warehouse:
    config.activate(config.Config(warehouse=real_warehouse))
    return Warehouse(real_warehouse)


def maak(db: Warehouse, code: str, indeling: str) -> profiel.Profiel:
    naam = gebieden.gebied_naam(db, code, "wijk", indeling)
    return profiel.maak(db, profiel.Gebied(code, indeling, "wijk", naam), GEMEENTE)


def rij(p: profiel.Profiel, code: str) -> profiel.Rij:
    return next(r for r in p.rijen if r.code == code)


def test_kruiskamp_model_estimates_are_judged_from_five_points(real_db: Warehouse) -> None:
    p = maak(real_db, "WK030707", "wijk2024")
    # 53,1 against 46,3: +6,8 -> ongunstig; 14,5 against 10,5: +4,0 -> no verdict beyond vergelijkbaar
    assert (rij(p, "rivm_eenzaam").wijk, rij(p, "rivm_eenzaam").oordeel) == ("53,1% (schatting)", "ongunstig")
    ernstig = rij(p, "rivm_ernstig_eenzaam")
    assert (ernstig.wijk, ernstig.gemeente, ernstig.oordeel) == ("14,5% (schatting)", "10,5% (schatting)",
                                                                "vergelijkbaar")
    assert "5 procentpunt" in ernstig.methode
    # 33,4 against 28,3: +5,1 is at least 5,0 at the edge of its decimal: still a finding
    assert rij(p, "rivm_sociaal_eenzaam").oordeel == "ongunstig"


def test_kruiskamp_counts_a_family_once(real_db: Warehouse) -> None:
    p = maak(real_db, "WK030707", "wijk2024")
    namen = [r.code for r in p.ongunstig]
    eenzaamheid = [c for c in namen if c in ("rivm_eenzaam", "rivm_emotioneel_eenzaam",
                                             "rivm_sociaal_eenzaam", "rivm_ernstig_eenzaam")]
    assert eenzaamheid == ["rivm_eenzaam"]  # the family's head speaks for it
    hoofd = next(r for r in p.ongunstig if r.code == "rivm_eenzaam")
    assert set(hoofd.ook) == {"% 18+ dat emotioneel eenzaam is (RIVM-schatting)",
                              "% 18+ dat sociaal eenzaam is (RIVM-schatting)"}
    leden_ongunstig = sum(r.oordeel == "ongunstig" for r in p.rijen if r.familie == "rivm_eenzaamheid")
    assert leden_ongunstig == 3  # every member is still in the tables below
    effect_a = next(t for t in p.tellingen if t.effect == "ME-A")
    per_familie = [r for r in profiel.per_familie(p.rijen) if r.effect == "ME-A"]
    assert effect_a.ongunstig == sum(r.oordeel == "ongunstig" for r in per_familie)
    assert effect_a.ongunstig < sum(r.oordeel == "ongunstig" for r in p.rijen if r.effect == "ME-A")


def test_soesterkwartier_2019_estimate_of_two_points_is_no_verdict(real_db: Warehouse) -> None:
    p = maak(real_db, "WK030703", "wijk2019")
    eenzaam = rij(p, "rivm_eenzaam")  # 48,3 against 46,3
    assert (eenzaam.wijk, eenzaam.verschil, eenzaam.oordeel) == (
        "48,3% (schatting)", "+2,0 procentpunt", "vergelijkbaar")
    assert not p.ongunstig and not p.gunstig
    assert p.beoordeeld > 0


def test_soesterkwartier_2024_shows_its_converted_figures_and_links_to_2019(real_db: Warehouse) -> None:
    p = maak(real_db, "WK030703", "wijk2024")
    eenzaam = rij(p, "rivm_eenzaam")
    assert eenzaam.wijk == "48,3% (omgerekend)"
    assert eenzaam.wijk_soort == "omgerekend"
    assert p.elders == [("Soesterkwartier (wijkindeling 2019)", "WK030703", "wijk2019")]
    assert p.monitor_cijfers == 0




def test_kruiskamp_against_nederland_has_a_figure_on_every_rivm_row(real_db: Warehouse) -> None:
    naam = gebieden.gebied_naam(real_db, "WK030707", "wijk", "wijk2024")
    nl = profiel.Gebied("NL01", "vast", None, "Nederland")
    p = profiel.maak(real_db, profiel.Gebied("WK030707", "wijk2024", "wijk", naam), GEMEENTE, nl)
    rivm = [r for r in p.rijen if r.code.startswith("rivm_")]
    assert len(rivm) >= 30
    assert [r.code for r in rivm if r.vergelijk_getal is None] == []
    # 53,1% in Kruiskamp; Nederland's 2020 estimate of loneliness (50090NED, NL01, 18+) is 47.0
    assert rij(p, "rivm_eenzaam").vergelijk == "47,0%"


def test_nederland_is_offered_as_comparison_because_it_has_wijk_indicator_figures(real_db: Warehouse) -> None:
    assert cijfers.vast_met_wijkcijfers(real_db, "NL01")
