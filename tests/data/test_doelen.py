"""The goal tree (data/meta/doelen/doelen.csv) as loaded into dim_doel.

Source: beleidskader Inclusieve Stad (effectenweb: effects A-E, ER-doelen 1-14, transformation
goals) and the Monitor Inclusieve Stad 2025 (doelenbomen per chapter; names follow the monitor).
"""

from __future__ import annotations

import pytest

EFFECTEN = {
    "ME-A": "Gezonde en vitale inwoners",
    "ME-B": "Kansrijk ontwikkelen",
    "ME-C": "Omzien naar elkaar",
    "ME-D": "Meedoen",
    "ME-E": "Thuis in Amersfoort",
}

# Exact names as the monitor prints them (where it differs from the beleidskader, the monitor wins).
NAMEN = {
    "RD-02": "Meer jeugdigen ontwikkelen zich optimaal",
    "RD-03": "Meer jeugdigen groeien op in een veilige en positieve (thuis) situatie",
    "RD-05": "Minder mensen zijn sociaal geïsoleerd of eenzaam",
    "RD-07": "Minder volwassenen en kinderen ervaren financiële belemmeringen om 'mee te doen'",
    "RD-08": "Meer mensen werken of leveren een maatschappelijke bijdrage "
    "(incl. mensen met een afstand tot de arbeidsmarkt)",
    "RD-09": "Minder mensen ervaren discriminatie",
    "RD-11": "Meer mensen beheersen voldoende basisvaardigheden om mee te doen "
    "(geletterdheid, Nederlandse taal, digitale vaardigheden)",
    "RD-12": "Meer mensen leven in een veilige (thuis)situatie",
    "RD-13": "Meer volwassenen en ouderen kunnen zoveel mogelijk zelfstandig (blijven) wonen",
    "RD-14": "Meer mensen hebben een gezonde leefstijl",
    "TD-A": "Bevorderen inzet eigen mogelijkheden en/of het sociaal netwerk van cliënt",
    "TD-B": "Versterken sociale basisinfrastructuur en de civil (pedagogische) society",
    "TD-C": "Vernieuwen, verbreden en flexibiliseren van de (specialistische) hulp en ondersteuning",
    "TD-D": "Bevorderen van de integraliteit in de hulp en ondersteuning",
    "TD-E": "Bevorderen doeltreffendheid van hulp en ondersteuning en efficiënte inzet van de "
    "financiële middelen",
}


def _doelen(con) -> dict[str, tuple[str, str, str | None, int]]:
    rows = con.execute("SELECT doel_code, soort, naam, parent_code, volgorde FROM dim_doel").fetchall()
    return {code: (soort, naam, parent, volgorde) for code, soort, naam, parent, volgorde in rows}


def test_doelen_structure(real_con):
    doelen = _doelen(real_con)
    by_soort: dict[str, list[str]] = {}
    for code, (soort, _, _, _) in doelen.items():
        by_soort.setdefault(soort, []).append(code)
    assert sorted(by_soort) == ["maatschappelijk effect", "richtinggevend doel", "transformatiedoel"]
    assert sorted(by_soort["maatschappelijk effect"]) == [f"ME-{c}" for c in "ABCDE"]
    assert sorted(by_soort["richtinggevend doel"]) == [f"RD-{n:02d}" for n in range(1, 15)]
    assert sorted(by_soort["transformatiedoel"]) == [f"TD-{c}" for c in "ABCDE"]


def test_richtinggevende_doelen_hang_under_an_effect(real_con):
    doelen = _doelen(real_con)
    for code, (soort, _, parent, _) in doelen.items():
        if soort == "richtinggevend doel":
            assert parent in doelen, code
            assert doelen[parent][0] == "maatschappelijk effect", code
        else:
            assert parent is None, code


def test_every_effect_has_a_goal(real_con):
    doelen = _doelen(real_con)
    parents = {parent for soort, _, parent, _ in doelen.values() if soort == "richtinggevend doel"}
    assert parents == set(EFFECTEN)


@pytest.mark.parametrize(("code", "naam"), sorted({**EFFECTEN, **NAMEN}.items()))
def test_doel_names(real_con, code, naam):
    assert _doelen(real_con)[code][1] == naam


def test_volgorde_follows_the_numbering(real_con):
    doelen = _doelen(real_con)
    for code, (_, _, _, volgorde) in doelen.items():
        suffix = code.split("-")[1]
        expected = int(suffix) if suffix.isdigit() else "ABCDE".index(suffix) + 1
        assert volgorde == expected, code


def test_indicators_refer_to_known_goals(real_con):
    """Every goal an indicator is linked to exists (bridge_indicator_doel has a foreign key)."""
    unknown = real_con.execute(
        """SELECT b.doel_code FROM bridge_indicator_doel b
           LEFT JOIN dim_doel d USING (doel_code) WHERE d.doel_code IS NULL"""
    ).fetchall()
    assert unknown == []
