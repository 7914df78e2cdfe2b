"""The two uitvoeringsprogramma's in the real warehouse, checked against their text.

The texts are in shared/seeds beside the checkout: 003 (Jeugd en Onderwijs), 004 (Wonen en Zorg).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from app import catalogus, programma
from app.queries import Warehouse
from tests.conftest import fetch_fact, require, seeds_dir

SEEDS = seeds_dir()


def _seed(prefix: str) -> str:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    require(bool(found), f"programme text {prefix}_* not present in {SEEDS}")
    return found[0].read_text(encoding="utf-8")


def _plain(text: str) -> str:
    """Lower case, one space for any whitespace, no quotes (the texts mix straight and curly)."""
    return re.sub(r"\s+", " ", re.sub("[\"'\u2018\u2019\u201c\u201d\u00ad]", "", text)).lower()


@pytest.fixture()
def db(real_warehouse: Path) -> Iterator[Warehouse]:
    wh = Warehouse(real_warehouse)
    yield wh
    wh.close()


def _rows(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


# -- every section of both programmes ---------------------------------------------------------

def test_the_five_focuspunten_of_the_jeugd_programme_are_its_focuspunten(real_con) -> None:
    text = _seed("003")
    listed = text.split("Vijf focuspunten kunnen")[1].split("Beleidskader Inclusieve Stad en")[0]
    in_text = [line.strip("•\t ").strip() for line in listed.splitlines() if "•" in line]
    rows = _rows(real_con, "SELECT kop FROM dim_programma_onderdeel WHERE programma_code = 'UPJO' "
                           "AND soort = 'focuspunt' ORDER BY nummer")
    assert [kop for (kop,) in rows] == in_text


@pytest.mark.parametrize(("programma", "seed"), [("UPJO", "003"), ("UPWZ", "004")])
def test_every_section_heading_is_a_heading_of_its_text(real_con, programma: str, seed: str) -> None:
    text = _plain(_seed(seed))
    rows = _rows(real_con, "SELECT kop, soort FROM dim_programma_onderdeel WHERE programma_code = ?",
                 programma)
    missing = [kop for kop, soort in rows if soort != "inleiding" and _plain(kop) not in text]
    assert missing == []


def test_every_numbered_heading_of_the_jeugd_programme_is_a_section(real_con) -> None:
    text = _seed("003")
    # headings such as '3.2.1 VEILIG BUITENSHUIS' or '2.1 \t ONDERWIJSKANSEN' in capitals
    numbers = set(re.findall(r"^\s*(\d\.\d(?:\.\d)?)\s+[\u00a0\s]*[A-Z]{3}", text, flags=re.M))
    sections = {n for (n,) in _rows(real_con, "SELECT nummer FROM dim_programma_onderdeel "
                                              "WHERE programma_code = 'UPJO' AND nummer IS NOT NULL")}
    assert numbers - {"4.1", "4.2", "4.3", "4.4", "4.5"} <= sections  # 4.x: parts of section 4
    assert {"2.1", "2.5", "3.1.1", "3.2.1", "3.3.7", "4", "5"} <= sections


def test_each_section_without_subsections_has_a_result_and_every_result_a_goal(real_con) -> None:
    bare = _rows(real_con, """
        SELECT o.onderdeel_code FROM dim_programma_onderdeel o
        WHERE NOT EXISTS (SELECT 1 FROM dim_programma_onderdeel c WHERE c.parent_code = o.onderdeel_code)
          AND NOT EXISTS (SELECT 1 FROM dim_resultaat r WHERE r.onderdeel_code = o.onderdeel_code)""")
    unlinked = _rows(real_con, """
        SELECT resultaat_code FROM dim_resultaat
        WHERE resultaat_code NOT IN (SELECT code FROM bridge_programma_doel)""")
    assert bare == [] and unlinked == []


# -- a sample of actions and goal links, exactly ----------------------------------------------

SAMPLE = {
    # actie_code: (section number or heading, wijken, partners, periode)
    "UPJO-3.2.1-A01": ("3.2.1", "WK030710|WK030713", None, None),
    "UPJO-3.2.1-A05": ("3.2.1", "", "Leger des Heils|Indebuurt033|Kwintes|Jellinek", "per 2023"),
    "UPJO-2.1-A10": ("2.1", "WK030703", "Stichting ABC", None),
    "UPJO-2.3-A01": ("2.3", "WK030710", None, None),
    "UPJO-3.1.2-A09": ("3.1.2", "", "jeugdhulpaanbieders", "vanaf 2023"),
    "UPJO-3.3.6-A03": ("3.3.6", "", "praktijkonderwijs|voortgezet speciaal onderwijs", "tot medio 2022"),
    "UPWZ-1.4b-A02": ("Ouderenhuisvesting", "WK030703", "woningcorporaties|ontwikkelaars|zorgaanbieders", None),
    "UPWZ-1.1c-A01": ("Woningdeling", "", "De Alliantie", None),
    "UPWZ-2b-A02": ("Financiering", "", "zorgaanbieders", "ingangsdatum 1-1-2023"),
}


@pytest.mark.parametrize("code", sorted(SAMPLE))
def test_sample_action_has_its_section_wijken_partners_and_period(db: Warehouse, code: str) -> None:
    sectie, wijken, partners, periode = SAMPLE[code]
    acties = db.programma_acties().set_index("actie_code")
    a = acties.loc[code]
    assert sectie in (a["onderdeel_nummer"], a["kop"])
    assert a["wijken"] == wijken
    assert (None if pd.isna(a["partners"]) else a["partners"]) == partners
    assert (None if pd.isna(a["periode"]) else a["periode"]) == periode


def test_named_partners_and_places_stand_in_the_texts(db: Warehouse) -> None:
    text = _plain(_seed("003") + _seed("004"))
    acties = db.programma_acties()
    named = {p for ps in acties["partners"].dropna() for p in ps.split("|")}
    named |= {p for ps in acties["locatie"].dropna() for p in ps.split("|")}
    # our own words for kinds of partners the text names in passing or in other words
    generic = {"primair onderwijs", "voortgezet onderwijs", "scholen", "onderwijs", "kinderopvang",
               "zorg", "mbo", "wijkteams", "wijkteam", "jongerenwerk", "regiogemeenten",
               "jeugdhulpaanbieders", "leerplicht", "jeugdgezondheidszorg", "alle partners"}
    absent = sorted(p for p in named - generic if _plain(p) not in text)
    assert absent == []


def test_action_titles_are_summaries_not_copied_sentences(db: Warehouse) -> None:
    text = _plain(_seed("003") + _seed("004"))
    copied = [t for t in db.programma_acties()["titel"] if len(t.split()) >= 6 and _plain(t) in text]
    assert copied == []


def test_deadline_of_the_wijkprogrammering_is_end_2026_in_at_least_one_wijk(real_con) -> None:
    assert "eind 2026" in _plain(_seed("003"))
    rows = _rows(real_con, "SELECT periode, omschrijving FROM dim_resultaat WHERE resultaat_code = 'UPJO-2.3-R2'")
    assert rows[0][0] == "eind 2026"
    assert "minimaal één wijk" in rows[0][1]


def test_goal_links_of_sample_actions(real_con) -> None:
    def doelen(code: str) -> set[str]:
        return {d for (d,) in _rows(real_con, "SELECT doel_code FROM v_actie_doel WHERE actie_code = ?", code)}

    assert doelen("UPJO-3.2.1-A01") == {"RD-03", "RD-04", "TD-B"}
    assert doelen("UPJO-3.2.2-A01") == {"RD-03", "RD-12"}
    assert doelen("UPJO-3.3.7-A01") == {"RD-07"}
    assert doelen("UPWZ-1.4b-A02") == {"RD-13"}
    assert doelen("UPWZ-1.1a-A01") == {"RD-13", "TD-E"}
    reden = _rows(real_con, "SELECT reden FROM bridge_programma_doel WHERE code = 'UPJO-3.2.2-R1' "
                            "AND doel_code = 'RD-12'")
    assert reden == [("veilig thuis voor volwassenen en kinderen",)]


# -- the figures the Wonen en Zorg programme states --------------------------------------------

DOELGROEPEN = {  # the table's row label -> our group
    "Bescherm wonen GGZ": "beschermd wonen GGZ",
    "Klinische GGZ": "klinische GGZ",
    "Maatschappelijke Opvang en Vrouwenopvang": "maatschappelijke opvang en vrouwenopvang",
    "Jeugdzorg": "jeugdzorg",
    "Alleenstaande minderjarige vreemdelingen (AMV’s)": "alleenstaande minderjarige vreemdelingen",
    "Statushouders": "statushouders",
}


def test_housing_demand_table_is_loaded_exactly(real_con) -> None:
    expected = {
        "beschermd wonen GGZ": (100, None), "klinische GGZ": (15, None),
        "maatschappelijke opvang en vrouwenopvang": (115, 10), "jeugdzorg": (5, 20),
        "alleenstaande minderjarige vreemdelingen": (5, 15), "statushouders": (135, None),
    }
    for groep, (zelfstandig, kamers) in expected.items():
        assert fetch_fact(real_con, "wz_vraag_zelfstandig", 2018, dimensie="doelgroep", groep=groep)[:2] == (
            zelfstandig, "waarde")
        rows = _rows(real_con, "SELECT waarde FROM v_waarde WHERE indicator_code = 'wz_vraag_kamers' "
                               "AND groep = ?", groep)
        assert rows == ([] if kamers is None else [(kamers,)])  # no demand for rooms: no figure, not 0
    assert fetch_fact(real_con, "wz_vraag_zelfstandig", 2018)[:2] == (375, "waarde")
    assert fetch_fact(real_con, "wz_vraag_kamers", 2018)[:2] == (45, "waarde")
    assert fetch_fact(real_con, "wz_vraag_woonplekken", 2018)[:2] == (420, "waarde")
    assert fetch_fact(real_con, "wz_urgentie_max_aandeel", 2020)[:2] == (50, "waarde")


def test_housing_demand_table_matches_the_text_row_by_row(real_con) -> None:
    text = _seed("004")
    table = text.split("Jaarlijkse uitstroom:")[1].split("(Bron: inventarisatie huisvesting en zorg")[0]
    assert "Companen, september 2018" in text
    for label, groep in DOELGROEPEN.items():
        line = next(line for line in table.splitlines() if line.startswith(label))
        numbers = [int(n) for n in re.findall(r"\b\d+\b", line[len(label):])]
        loaded = [fetch_fact(real_con, "wz_vraag_zelfstandig", 2018, dimensie="doelgroep", groep=groep)[0]]
        kamers = _rows(real_con, "SELECT waarde FROM v_waarde WHERE indicator_code = 'wz_vraag_kamers' "
                                 "AND groep = ?", groep)
        loaded += [k for (k,) in kamers]
        assert numbers == loaded, label
    totaal = next(line for line in table.splitlines() if line.startswith("Totaal"))
    assert totaal.split() == ["Totaal", "375", "45"]
    assert "opgehoogd naar maximaal 50%" in _plain(text) or "op mag lopen tot 50%" in _plain(text)


def test_programme_figures_carry_source_and_period(real_con) -> None:
    rows = _rows(real_con, """SELECT DISTINCT i.code, i.bron, j.periode_label FROM v_waarde v
                              JOIN dim_indicator i ON i.code = v.indicator_code
                              JOIN dim_jaar j ON j.jaar = v.jaar AND j.periode_label = v.periode_label
                              WHERE i.code LIKE 'wz_%' ORDER BY i.code""")
    assert [(code, label) for code, _, label in rows] == [
        ("wz_urgentie_max_aandeel", "2020"), ("wz_vraag_kamers", "2018"),
        ("wz_vraag_woonplekken", "2018"), ("wz_vraag_zelfstandig", "2018")]
    assert all("Wonen en Zorg 2020-2023" in bron for _, bron, _ in rows)


# -- the data functions the pages use ----------------------------------------------------------

def test_rd03_shows_its_actions_and_its_indicators_together(db: Warehouse, real_con) -> None:
    view = programma.programma_voor_doel(db, "RD-03")
    indicators = {c for (c,) in _rows(real_con, """SELECT i.code FROM bridge_indicator_doel b
                                                  JOIN dim_indicator i USING (indicator_id)
                                                  WHERE b.doel_code = 'RD-03'""")}
    assert indicators and set(view.indicatoren["code"]) == indicators
    assert {"UPJO-3.2.1-A01", "UPJO-3.2.1-A05", "UPJO-3.2.2-A01", "UPJO-3.3.2-A01"} <= set(view.acties["actie_code"])
    assert view.acties["actie_code"].is_unique
    assert all("RD-03" in g.split("|") for g in view.acties["gekoppeld"])
    assert "UPJO-3.2.1-R3" in set(view.resultaten["resultaat_code"])
    vreedzaam = view.acties.set_index("actie_code").loc["UPJO-3.2.1-A01", "redenen"]
    assert vreedzaam == "RD-03: positief pedagogisch klimaat om veilig op te groeien"


def test_an_effect_gathers_the_actions_of_its_goals(db: Warehouse) -> None:
    effect = programma.programma_voor_doel(db, "ME-B")
    assert set(effect.doelen) == {"ME-B", "RD-02", "RD-03", "RD-11"}
    rd03 = programma.programma_voor_doel(db, "RD-03")
    assert set(rd03.acties["actie_code"]) < set(effect.acties["actie_code"])


def test_unknown_goal_is_refused(db: Warehouse) -> None:
    with pytest.raises(catalogus.OnbekendeWaarde):
        programma.programma_voor_doel(db, "RD-99")


LIENDERT = "WK030710"


def test_liendert_gets_the_actions_named_for_liendert(db: Warehouse) -> None:
    text = _plain(_seed("003"))
    assert "aanpak vreedzame wijk in liendert" in text and "in de wijk liendert" in text
    expected = ["UPJO-2.3-A01", "UPJO-3.2.1-A01"]
    assert list(programma.acties_in_wijk(db, LIENDERT, "wijk2024")["actie_code"]) == expected
    assert list(programma.acties_in_wijk(db, LIENDERT, "wijk2019")["actie_code"]) == expected
    buurten = db.gebieden("buurt")
    buurt = buurten[(buurten["parent_code"] == LIENDERT) & (buurten["indeling"] == "buurt2024")].iloc[0]
    assert list(programma.acties_in_wijk(db, buurt["gebied_code"], "buurt2024")["actie_code"]) == expected
    assert programma.acties_in_wijk(db, "WK030719", "wijk2024").empty  # Hoogland: no action names it


def test_soesterkwartier_gets_samen_opgroeien_and_the_elderly_housing_pilot(db: Warehouse) -> None:
    acties = programma.acties_in_wijk(db, "WK030703", "wijk2024")
    assert list(acties["actie_code"]) == ["UPJO-2.1-A10", "UPJO-3.3.4-A03", "UPWZ-1.4b-A02"]
    assert set(acties["wijk_namen"]) == {"Soesterkwartier"}


def test_search_finds_actions_by_word(db: Warehouse) -> None:
    assert list(programma.zoek_acties(db, "Vreedzame")["actie_code"]) == ["UPJO-3.2.1-A01"]
    assert list(programma.zoek_acties(db, "interventie team")["actie_code"]) == [
        "UPJO-3.2.1-A05", "UPJO-3.2.1-A06"]
    assert list(programma.zoek_acties(db, "pop-up")["actie_code"]) == ["UPJO-3.2.1-A04"]
    assert "UPWZ-1.4b-A02" in set(programma.zoek_acties(db, "soesterkwartier")["actie_code"])
    for nothing in ("", "   ", "%", "_", "' OR '1'='1", "(.*)?", "zzzqqq"):
        assert programma.zoek_acties(db, nothing).empty, nothing


def test_action_export_has_dutch_headers_and_says_the_period(db: Warehouse) -> None:
    tabel = programma.acties_tabel(programma.programma_voor_doel(db, "RD-03").acties)
    assert list(tabel.columns) == ["Programma", "Onderdeel", "Beoogd resultaat", "Actie", "Partners",
                                   "Wijken", "Wijkcodes", "Locatie", "Periode", "Doelen",
                                   "Waarom bij dit doel", "Code"]
    rij = tabel.set_index("Code").loc["UPJO-3.2.1-A01"]
    assert rij["Wijken"] == "Liendert; Schuilenburg"
    assert rij["Periode"] == "looptijd programma (2022-2024)"
    assert tabel.set_index("Code").loc["UPJO-3.2.1-A05", "Periode"] == "per 2023"
