"""The start page '/' (app/site/start.py): headline indicators per goal, verdicts by the rules.

Expected verdicts are computed from the fixture warehouse through app/rules.py and compared with
what the page shows; the selection follows the documented rule (data/meta/kern, docs/app.md).
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from app import data, fmt, rules
from app.site import start
from tests.app.html_lezen import boom, element


@pytest.fixture()
def html(client) -> str:
    response = client.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    return response.get_data(as_text=True)


def _reeks(db, code: str, gebied: str) -> pd.DataFrame:
    r = db.reeksen((code,), (gebied,))
    return r[r["indeling"] == "vast"]


def _kaart(html: str, code: str) -> dict[str, str]:
    """A card's texts: title, waarde, melding and the dt -> dd pairs."""
    k = element(html, f"kaart-{code}")
    assert k is not None, f"no card for {code}"
    out = {"titel": k.alle("h4")[0].tekst(), "href": k.alle("a")[0].attrs["href"],
           "waarde": next(p.tekst() for p in k.alle("p") if "kaart-waarde" in p.attrs["class"]),
           "melding": " ".join(p.tekst() for p in k.alle("p")
                               if p.attrs.get("class") == "kaart-melding")}
    dts, dds = k.alle("dt"), k.alle("dd")
    out.update({dt.tekst(): dd.tekst() for dt, dd in zip(dts, dds, strict=True)})
    return out


def _verwacht(db, code: str, eenheid: str, richting: str) -> tuple[str, str, str]:
    """(value, trend, Nederland) as the page must say them, from the warehouse and the rules."""
    gem = _reeks(db, code, "GM0307").sort_values("jaar")
    gemeten = gem[gem["status"] == fmt.STATUS_WAARDE]
    laatste = gemeten.iloc[-1]
    t = rules.trend(gem, richting, eenheid)
    nl = _reeks(db, code, "NL01")
    nl_rij = nl[nl["jaar"] == laatste["jaar"]].iloc[0]
    o = rules.vergelijk(rules.meting(laatste), rules.meting(nl_rij), eenheid)
    gunst = rules.gunstigheid(o.richting, richting)
    nl_tekst = o.richting + (f", {gunst}" if gunst in (rules.GUNSTIG, rules.ONGUNSTIG) else "")
    return (f"{fmt.waarde(laatste['waarde'], eenheid)} in {int(laatste['jaar'])}",
            f"{t.oordeel} ({t.vorig_jaar} → {t.jaar})",
            f"{nl_tekst} (Nederland {fmt.waarde(nl_rij['waarde'], eenheid)})")


@pytest.mark.parametrize(("code", "eenheid", "richting"), [
    ("test_weerbaar", "percentage", "hoger"),  # significance flag of the source
    ("test_eenzaam", "percentage", "lager"),  # confidence intervals
])
def test_cards_show_the_latest_figure_and_the_rules_verdicts(html, db, code, eenheid,
                                                             richting) -> None:
    waarde, trend, nl = _verwacht(db, code, eenheid, richting)
    kaart = _kaart(html, code)
    assert kaart["waarde"] == waarde
    assert kaart["Trend"] == trend
    assert kaart["Nederland"] == nl
    assert kaart["melding"] == ""


def test_known_verdicts_of_the_fixture(html) -> None:
    # the same, spelled out once for two indicators whose figures the fixture README describes
    assert _kaart(html, "test_weerbaar")["Nederland"].startswith("hoger, gunstig")
    assert _kaart(html, "test_eenzaam")["Nederland"].startswith("hoger, ongunstig")
    assert _kaart(html, "test_eenzaam")["Trend"].startswith(rules.TREND_STABIEL)


def test_every_card_links_into_the_verkenner(html) -> None:
    kaarten = [k for k in boom(html).alle("li") if k.attrs.get("class") == "kaart"]
    assert len(kaarten) >= 5
    for k in kaarten:
        code = k.attrs["id"].removeprefix("kaart-")
        assert k.alle("a")[0].attrs["href"] == f"/verkenner?indicator={code}"


def test_headline_selection_follows_the_samenvatting_and_the_rule(html, db) -> None:
    def codes(doel: str) -> list[str]:
        sectie = element(html, f"doel-{doel}").ouder
        return [k.attrs["id"].removeprefix("kaart-") for k in sectie.alle("li")]

    # RD-01 has test_weerbaar (in data/meta/kern) and test_meldingen (not): only the first
    assert codes("RD-01") == ["test_weerbaar"]
    # RD-02 also has test_weerbaar: shown once, under the first goal, referred to here
    assert codes("RD-02") == []
    assert "bij RD-01" in element(html, "doel-RD-02").ouder.tekst()
    assert codes("RD-05") == ["test_eenzaam"]
    # RD-06: none of its indicators is in the samenvatting -> its first indicators, chapter order
    cat = data.indicatoren_in(db, "doel:RD-06")
    assert codes("RD-06") == list(cat["code"][:data.MAX_PER_DOEL])
    # the effects in the tree's order, with their goals
    effecten = [s.attrs["id"] for s in boom(html).alle("h2") if s.attrs.get("id", "").startswith("effect-")]
    assert effecten == ["effect-ME-A", "effect-ME-B", "effect-ME-C"]
    # a samenvatting indicator without a goal: 'Meer uit de samenvatting', under its theme
    sectie = element(html, "samenvatting").ouder
    assert "Bevolking" in sectie.tekst() and element(sectie, "kaart-cbs_pct_65_jaar_en_ouder")


def test_missing_data_is_said_in_words_never_as_zero(html) -> None:
    tevreden = _kaart(html, "test_tevreden")  # 'geen nieuwe cijfers' in the catalogue
    assert tevreden["melding"] == "Geen nieuwe cijfers sinds 2021."
    assert tevreden["waarde"] == "7,3 in 2021"
    antwoord = _kaart(html, "test_antwoord")  # only a breakdown by answer, no total
    assert antwoord["waarde"] == "geen cijfer"
    assert "alleen per groep" in antwoord["melding"]
    assert antwoord["Nederland"] == "geen vergelijking" and antwoord["Wijken"] == "geen cijfers per wijk"
    assert "0%" not in antwoord["waarde"]


def test_wijk_count_comes_from_the_warehouse(html, warehouse_path: Path) -> None:
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        jaar, n = con.execute(
            """SELECT jaar, count(*) FROM v_waarde
               WHERE indicator_code = 'cbs_pct_65_jaar_en_ouder' AND gebied_niveau = 'wijk'
                 AND groep_dimensie = 'totaal' AND status = 'waarde'
               GROUP BY jaar ORDER BY jaar DESC LIMIT 1""").fetchone()
        indeling = con.execute(
            """SELECT indeling FROM v_waarde WHERE indicator_code = 'cbs_pct_65_jaar_en_ouder'
               AND gebied_niveau = 'wijk' AND jaar = ? LIMIT 1""", [jaar]).fetchone()[0]
        totaal = con.execute("SELECT count(*) FROM dim_gebied WHERE niveau = 'wijk' AND indeling = ? "
                             "AND parent_code = 'GM0307'", [indeling]).fetchone()[0]
    assert _kaart(html, "cbs_pct_65_jaar_en_ouder")["Wijken"] == (
        f"cijfers voor {n} van de {totaal} wijken ({jaar})")
    assert _kaart(html, "test_eenzaam")["Wijken"] == "geen cijfers per wijk"


def test_sparkline_is_drawn_with_a_text_equivalent(html) -> None:
    k = element(html, "kaart-test_weerbaar")
    svg = k.alle("svg")[0]
    assert svg.attrs["role"] == "img" and "2023: 75%" in svg.attrs["aria-label"]
    assert len(svg.alle("circle")) == 3
    assert element(html, "kaart-test_tevreden").alle("svg")  # two measured years: a line


def test_dash_keeps_its_other_paths_and_the_page_has_no_dash(client, html) -> None:
    assert "dash-renderer" not in html and "_dash-config" not in html
    # Dash still answers its own paths ('/verkenner', and its not-found page for unknown ones)
    assert "_dash-config" in client.get("/verkenner").get_data(as_text=True)
    onbekend = client.get("/bestaat-niet")
    assert onbekend.status_code == 404 and "_dash-config" in onbekend.get_data(as_text=True)


def test_unknown_parameter_is_named_and_the_page_shown(client) -> None:
    response = client.get("/?utm_source=nieuwsbrief")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "utm_source" in body and "kaart-test_weerbaar" in body


def test_page_data_is_kept_per_warehouse_version_and_fast(client, app_env) -> None:
    client.get("/")
    eerste = start.pagina_data()
    assert start.pagina_data() is eerste
    begin = time.perf_counter()
    for _ in range(5):
        assert client.get("/").status_code == 200
    assert (time.perf_counter() - begin) / 5 < 0.5  # loose: milliseconds on a quiet machine


def test_missing_warehouse_is_a_friendly_503(client, monkeypatch) -> None:
    from app import queries

    monkeypatch.setattr(queries, "_current", queries.Warehouse("/bestaat/niet.duckdb"))
    response = client.get("/")
    assert response.status_code == 503 and "make rebuild" in response.get_data(as_text=True)
