"""Tests of the Verkenner's search texts (app/zoeken.py) and its goal tree options."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app import zoeken


def test_user_words_find_indicators_by_what_their_text_means() -> None:
    ind = {"code": "x", "naam": "% 18-64 jr dat ernstig eenzaam is", "thema": "Preventie",
           "definitie": "", "doelen": "RD-05"}
    tekst = zoeken.indicator_zoektekst(ind, {"RD-05": "Minder mensen zijn sociaal geïsoleerd"})
    assert "eenzaamheid" in tekst.split()  # the synonym a user types
    assert "RD-05" in tekst and "geïsoleerd" in tekst  # the goal code and name
    schuld = {"code": "s", "naam": "% huishoudens met problematische schulden", "thema": "B",
              "definitie": "Aandeel huishoudens", "doelen": ""}
    woorden = zoeken.indicator_zoektekst(schuld, {}).split()
    assert "schulden" in woorden and "armoede" in woorden and "gezondheid" not in woorden


def test_definitions_and_programme_actions_are_searched() -> None:
    ind = {"code": "w", "naam": "% cliënten", "thema": "T", "doelen": "",
           "definitie": "Aandeel met een maatwerkvoorziening Wmo"}
    tekst = zoeken.indicator_zoektekst(ind, {}, acties=["Actie Samen Sterk"])
    assert "wmo" in tekst.split() and "Samen Sterk" in tekst


def test_goal_tree_nests_goals_under_their_effect_with_counts(pages) -> None:
    from app.queries import current

    opties = pages.verkenner.keuze_opties(current())
    labels = [o["label"] for o in opties]
    values = [o["value"] for o in opties]
    i_me, i_rd = values.index("doel:ME-A"), values.index("doel:RD-05")
    assert i_me < i_rd < values.index("doel:ME-B")  # RD-05 under its effect ME-A
    assert labels[i_rd].startswith(pages.verkenner.INSPRINGING + "RD-05 ")
    assert labels[i_rd].endswith("(1 indicator)")  # fixture: test_eenzaam serves RD-05
    assert labels[0].startswith("Alle indicatoren (")
    assert "eenzaamheid" in opties[i_rd]["search"]


def test_a_goal_is_found_by_the_words_of_the_actions_that_serve_it() -> None:
    tekst = zoeken.doel_zoektekst("RD-07", "Minder financiële belemmeringen",
                                  acties=["Schuldhulp: vroegsignalering met de woningcorporaties",
                                          "Vroegsignalering uitbreiden"])
    woorden = tekst.split()
    assert "vroegsignalering" in woorden and woorden.count("vroegsignalering") == 1
    assert "schuldhulp" in woorden and "met" not in woorden  # short words add nothing


def _substrings(*teksten: str) -> set[str]:
    """What Dash's dropdown indexes for an option (js-search, all substrings of each word)."""
    return {w[i:j] for t in teksten for w in t.lower().split()
            for i in range(len(w)) for j in range(i + 1, len(w) + 1)}


@given(woorden=st.lists(st.text(alphabet="abcdeéë-1 ", min_size=1, max_size=12), max_size=30),
       label=st.text(alphabet="abcdé (", max_size=30))
def test_a_compact_search_text_finds_exactly_what_the_full_one_found(woorden: list[str],
                                                                    label: str) -> None:
    tekst = " ".join(woorden)
    compact = zoeken.compacte_zoektekst(tekst, label)
    assert _substrings(label, compact) == _substrings(label, tekst)
    assert len(compact.split()) == len(set(compact.split()))  # no word twice


def test_the_indicator_list_indexes_less_and_still_finds_by_definition(pages, db) -> None:
    def kosten(tekst: str) -> int:  # index entries: a word of n letters has n(n+1)/2 substrings
        return sum(len(w) * (len(w) + 1) // 2 for w in tekst.lower().split())

    opties = pages.verkenner.indicator_opties(db, None, None)
    cat = db.indicatoren().set_index("code")
    namen = pages.verkenner.data.doel_namen(db)
    vol = sum(kosten(zoeken.indicator_zoektekst(cat.loc[o["value"]].to_dict() | {"code": o["value"]},
                                                namen)) for o in opties)
    assert sum(kosten(o["search"]) for o in opties) < 0.8 * vol
    weerbaar = next(o for o in opties if o["value"] == "test_weerbaar")
    assert "weerbaar" in _substrings(weerbaar["label"], weerbaar["search"])
    assert "definitie" in weerbaar["search"]  # 'Definitie weerbaar (testdata).'
