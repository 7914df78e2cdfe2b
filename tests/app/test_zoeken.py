"""Tests of the Verkenner's search: the fields an option is ranked by (app/zoeken.py), the ranking
itself (app/assets/zoeken.js, run by node as the browser runs it), and the search table: queries
with their expected first hit, on the warehouse of the shipped data/ (the monitor's chapters).
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import zoeken

ZOEKEN_JS = Path(__file__).resolve().parents[2] / "app" / "assets" / "zoeken.js"
ZW = zoeken.Zoekwoorden(
    termen={"eenzaamheid": ("eenzaam", "geïsoleerd"), "schulden": ("schuld",),
            "armoede": ("laag inkomen", "schuld")},
    doelen={"RD-07": ("armoede", "schulden")},
)


def rangschik(opties: list[dict], zoektermen: list[str], waarde: str | None = None) -> dict:
    """zoektermen -> the options app/assets/zoeken.js gives the dropdown (node runs the file)."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: `make node` installs it (the test set-up)")
    script = (f"const z = require({json.dumps(str(ZOEKEN_JS))});"
              "const i = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "const uit = {}; for (const q of i.q) uit[q] = z.rangschik(q, i.opties, i.waarde);"
              "process.stdout.write(JSON.stringify(uit));")
    done = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True,
                          input=json.dumps({"q": zoektermen, "opties": opties, "waarde": waarde}))
    return json.loads(done.stdout)


def waarden(opties: list[dict]) -> list[str]:
    return [o["value"] for o in opties]


# -- the fields ----------------------------------------------------------------------------------


def test_an_indicator_is_found_by_name_then_synonyms_then_definition() -> None:
    ind = {"code": "x", "naam": "% 18-64 jr dat ernstig eenzaam is", "thema": "Preventie",
           "definitie": "Aandeel met weinig contact", "doelen": "RD-05"}
    naam, synoniem, rest = zoeken.indicator_velden(ind, {"RD-05": "Minder mensen geïsoleerd"}, ZW)
    assert naam == "% 18-64 jr dat ernstig eenzaam is"
    assert synoniem.split() == ["x", "Preventie", "RD-05", "eenzaamheid"]  # code, theme, goal, term
    assert "Minder mensen geïsoleerd" in rest and "contact" in rest  # goal name, definition
    schuld = {"code": "s", "naam": "% huishoudens met problematische schulden", "thema": "B",
              "definitie": "Aandeel huishoudens", "doelen": ""}
    assert zoeken.indicator_velden(schuld, {}, ZW)[1].split() == ["s", "B", "schulden", "armoede"]
    leeg = zoeken.indicator_velden(schuld, {}, zoeken.Zoekwoorden())  # no catalogue: no terms
    assert leeg[1].split() == ["s", "B"]


def test_a_goal_is_found_by_its_topic_words_and_the_words_of_its_actions() -> None:
    naam, synoniem, rest = zoeken.doel_velden(
        "RD-07", "Minder financiële belemmeringen", ZW,
        acties=["Schuldhulp: vroegsignalering met de woningcorporaties",
                "Vroegsignalering uitbreiden"])
    assert naam == "RD-07 Minder financiële belemmeringen"
    assert synoniem.split() == ["armoede", "schulden"]  # the catalogue's topic words
    woorden = rest.split()
    assert woorden.count("vroegsignalering") == 1 and "schuldhulp" in woorden
    assert "met" not in woorden  # short words add nothing
    assert "schulden" in woorden  # the term 'schuldhulp' means
    effect = zoeken.doel_velden("ME-D", "Meedoen", ZW, kinderen=[("RD-07", "Minder belemmeringen")])
    assert effect[1] == "" and "armoede" in effect[2].split()  # a child's topic words: rank 3


def test_the_goal_tree_carries_its_ranking_fields(pages) -> None:
    from app.queries import current

    opties = pages.verkenner.keuze_opties(current())
    labels = [o["label"] for o in opties]
    values = waarden(opties)
    i_me, i_rd = values.index("doel:ME-A"), values.index("doel:RD-05")
    assert i_me < i_rd < values.index("doel:ME-B")  # RD-05 under its effect ME-A
    assert labels[i_rd].startswith(pages.verkenner.INSPRINGING + "RD-05 ")
    assert labels[i_rd].endswith("(1 indicator)")  # fixture: test_eenzaam serves RD-05
    assert labels[0].startswith("Alle indicatoren (")
    # fixture data/meta/doel_zoekwoorden.csv: RD-05 eenzaamheid|isolement
    assert opties[i_rd]["zoek"][1].split() == ["eenzaamheid", "isolement"]


# -- the ranking (app/assets/zoeken.js) ----------------------------------------------------------


def _optie(value: str, naam: str, synoniem: str = "", rest: str = "", gewicht: int = 1000) -> dict:
    return zoeken.zoekoptie(f"{naam} (thema)", value, (naam, f"{value} thema {synoniem}", rest),
                            gewicht)


def test_name_matches_come_first_then_synonyms_then_definitions() -> None:
    opties = [
        _optie("sport", "% dat sport", rest="sportclub minima armoede"),  # definition
        _optie("inkomen", "% met een laag inkomen", synoniem="armoede"),  # synonym
        _optie("energie", "% in energiearmoede"),  # name, inside a word
        _optie("leeft", "% dat in armoede leeft"),  # name, a whole word
        _optie("anders", "% anders"),
    ]
    uit = rangschik(opties, ["armoede", "ARMOEDE ", "armoede leeft", "sport", "", "xyz"])
    assert waarden(uit["armoede"]) == ["leeft", "energie", "inkomen", "sport"]
    assert waarden(uit["ARMOEDE "]) == waarden(uit["armoede"])  # case and spaces as the dropdown
    assert waarden(uit["armoede leeft"]) == ["leeft"]  # every typed word must match
    assert waarden(uit["sport"]) == ["sport"]
    assert waarden(uit[""]) == waarden(opties) and "search" not in uit[""][0]  # nothing typed
    assert uit["xyz"] == []
    # the matches carry all their words: the dropdown's own filter keeps them
    assert all("armoede" in o["search"] or "armoede" in o["label"] for o in uit["armoede"])


def test_weight_orders_equal_matches_and_list_order_breaks_ties() -> None:
    opties = [_optie("c", "% c schulden", gewicht=2000), _optie("b", "% b schulden", gewicht=1000),
              _optie("a2", "% a2 schulden", gewicht=21), _optie("a1", "% a1 schulden", gewicht=21),
              _optie("k", "% k schulden", gewicht=20)]
    assert waarden(rangschik(opties, ["schulden"])["schulden"]) == ["k", "a2", "a1", "b", "c"]


def test_the_selected_option_is_never_listed_above_the_hits() -> None:
    opties = [_optie("sport", "% dat wekelijks sport"), _optie("arm", "% in armoede"),
              _optie("ook", "% ook", rest="armoede")]
    uit = rangschik(opties, ["armoede"], waarde="sport")["armoede"]
    assert waarden(uit) == ["arm", "ook", "sport"]  # kept last: the dropdown must not clear it
    assert "search" not in uit[-1] and "armoede" not in uit[-1]["label"]  # and it does not show
    assert waarden(rangschik(opties, ["armoede"], waarde="ook")["armoede"]) == ["arm", "ook"]


def test_a_compact_field_set_ranks_exactly_as_the_full_one() -> None:
    rng = random.Random(22)
    letters = "abcé-"

    def woord() -> str:
        return "".join(rng.choice(letters) for _ in range(rng.randint(1, 6)))

    def tekst() -> str:
        return " ".join(woord() for _ in range(rng.randint(0, 6)))

    vol, compact = [], []
    for i in range(60):
        velden = (tekst(), tekst(), tekst())
        gewicht = rng.choice([1, 1000])
        vol.append({"label": f"o{i}", "value": f"o{i}", "zoek": list(velden), "gewicht": gewicht})
        compact.append(zoeken.zoekoptie(f"o{i}", f"o{i}", velden, gewicht))
    vragen = sorted({woord() for _ in range(80)} | {f"{woord()} {woord()}" for _ in range(20)})
    a, b = rangschik(vol, vragen), rangschik(compact, vragen)
    assert {q: waarden(a[q]) for q in vragen} == {q: waarden(b[q]) for q in vragen}
    assert sum(len(" ".join(o["zoek"])) for o in compact) < sum(
        len(" ".join(o["zoek"])) for o in vol)


# -- the search table: the monitor's chapter topics on the shipped data ----------------------------

# Typed text -> the first hit expected in the indicator list ('Alle indicatoren'), fixed by hand
# from the chapters of the monitor (2 Preventie ... 10 Cliëntervaring) and the catalogue: a name
# match first; among equal matches the samenvatting's headline indicators (data/meta/kern).
INDICATOR_TABEL = [
    ("armoede", "armoede_personen"),  # 3.1 Armoede en schulden
    ("schulden", "problematische_schulden_huishoudens"),
    ("energiearmoede", "energiearmoede_huishoudens"),
    ("rondkomen", "rivm_moeite_met_rondkomen"),
    ("bijstand", "bijstand_huishoudens"),  # 3 Bestaanszekerheid en participatie
    ("werkloosheid", "werkloosheid"),
    ("vrijwilligers", "vrijwilligers"),
    ("eenzaamheid", "volw_ernstig_eenzaam"),  # 2.1 Fysieke en mentale gezondheid
    ("gezondheid", "ervaren_gezondheid_goed_18plus"),
    ("regie", "volw_onvoldoende_regie"),
    ("depressie", "volw_risico_angst_depressie"),
    ("stress", "rivm_veel_stress"),  # the name says stress (jeugd_stress: "gestrest")
    ("overgewicht", "kinderen_overgewicht"),  # 2 leefstijl
    ("alcohol", "rivm_alcohol_drinker"),
    ("roken", "jeugd_roken_en_of_vapen"),
    ("vapen", "jeugd_vapen_wekelijks"),
    ("huiselijk geweld", "vt_casussen_huiselijk_geweld"),
    ("pesten", "jeugd_gepest_op_school"),  # 4 Ontwikkelen en opgroeien
    ("verzuim", "relatief_verzuim"),
    ("onderadvisering", "basisonderwijs_onderadvies"),
    ("jeugdzorg", "jeugdzorg_jongeren"),  # 8 Ontwikkeling gebruik ondersteuning
    ("wmo", "wmo_inwoners"),
    ("dakloosheid", "daklozen_kwintes"),  # 5 Psychische kwetsbaarheid
    ("mantelzorg", "mantelzorgers_zwaar_belast"),  # 6.2 Mantelzorg
    ("zelfstandig wonen", "ouderen_zelfstandig_wonend"),  # 6.1
    ("wonen", "wachtlijst_beschermd_wonen"),  # the name says 'wonen'
    ("discriminatie", "jeugd_discriminatie"),  # 7 Diversiteit en discriminatie
]

# Typed text -> the first hit expected in the goal list (the beleidskader), fixed by hand.
DOEL_TABEL = [
    ("armoede", "doel:RD-07"), ("schulden", "doel:RD-07"), ("bijstand", "doel:RD-07"),
    ("eenzaamheid", "doel:RD-05"), ("jeugdzorg", "doel:RD-03"), ("wonen", "doel:RD-13"),
    ("mantelzorg", "doel:RD-06"), ("vrijwilligerswerk", "doel:RD-06"),
    ("discriminatie", "doel:RD-09"), ("werk", "doel:RD-08"), ("gezondheid", "doel:ME-A"),
    ("overgewicht", "doel:RD-14"), ("roken", "doel:RD-14"), ("depressie", "doel:RD-01"),
    ("huiselijk geweld", "doel:RD-12"), ("laaggeletterdheid", "doel:RD-11"),
    ("wmo", "doel:RD-10"), ("onderwijs", "doel:RD-02"), ("thema", "thema:Preventie"),
]


@pytest.fixture(scope="module")
def echte_lijsten(real_warehouse: Path, warehouse_path: Path, dash_app) -> Iterator[dict]:
    """The two lists as the Verkenner sends them, on the warehouse of the shipped data/."""
    from app import config as app_config
    from app import queries

    app_config.activate(app_config.Config(warehouse=real_warehouse))
    db = queries.configure(real_warehouse)
    try:
        v = sys.modules["app.pages.verkenner"]
        yield {"indicator": v.indicator_opties(db, None, None), "keuze": v.keuze_opties(db)}
    finally:
        app_config.activate(app_config.Config(warehouse=warehouse_path))
        queries.configure(warehouse_path)


def test_the_search_table_of_the_indicator_list(echte_lijsten) -> None:
    uit = rangschik(echte_lijsten["indicator"], [q for q, _ in INDICATOR_TABEL])
    eerste = {q: (waarden(uit[q]) or ["(niets)"])[0] for q, _ in INDICATOR_TABEL}
    assert eerste == dict(INDICATOR_TABEL)
    assert len(INDICATOR_TABEL) >= 20
    # name matches first: no option without the word in its name comes before one with it
    namen = {o["value"]: o["zoek"][0] for o in echte_lijsten["indicator"]}
    for q, _ in INDICATOR_TABEL:
        in_naam = [all(w in namen[v] for w in q.split()) for v in waarden(uit[q])]
        assert in_naam == sorted(in_naam, reverse=True), q
    armoede = waarden(uit["armoede"])
    assert not any("sport" in namen[v] or "beweeg" in namen[v] for v in armoede[:8])


def test_the_search_table_of_the_goal_list(echte_lijsten) -> None:
    uit = rangschik(echte_lijsten["keuze"], [q for q, _ in DOEL_TABEL])
    assert {q: (waarden(uit[q]) or ["(niets)"])[0] for q, _ in DOEL_TABEL} == dict(DOEL_TABEL)
