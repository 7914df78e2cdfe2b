"""'/ontbrekend' (app/site/ontbrekend.py) and the related-indicator links (app/verwant.py): the monitor
indicators without wijk figures per thema, who delivers them, where wijk figures are instead, and
the template download, which equals `python -m etl sjabloon` on the same warehouse."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl

from app import verwant
from app.site import ontbrekend
from etl.__main__ import main as etl_main
from sjabloon import KOPREGEL

WIJKEN_2024 = 33


def _rij(body: str, code: str) -> str:
    """The table row of one indicator on the page."""
    match = re.search(rf'<tr role="row">\s*<th scope="row" role="rowheader"><a href="/verkenner\?'
                      rf'indicator={code}">.*?</tr>', body, re.S)
    assert match, code
    return match.group(0)


def test_page_lists_monitor_indicators_without_wijk_figures_per_thema(client) -> None:
    response = client.get("/ontbrekend")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Wat ontbreekt per wijk</h1>" in body
    # themes in chapter order, each a heading and a captioned table
    assert re.findall(r'<h2 id="thema-[a-z-]+">(.*?)</h2>', body) == ["Preventie", "Cliëntervaring"]
    assert "<caption>Preventie: indicatoren zonder cijfers per wijk (2)</caption>" in body
    assert "<caption>Cliëntervaring: indicatoren zonder cijfers per wijk (2)</caption>" in body
    # test_weerbaar has wijk figures; the CBS indicators are not in the monitor
    for code in ("test_eenzaam", "test_meldingen", "test_tevreden", "test_antwoord"):
        assert 'data-label="Wie levert"><span>TESTDATA gegenereerd</span>' in _rij(body, code)
        assert f'href="/sjabloon.xlsx?indicator={code}"' in _rij(body, code)
    assert 'rowheader"><a href="/verkenner?indicator=test_weerbaar"' not in body
    assert "indicator=cbs_aantal_inwoners" not in body


def test_related_indicator_is_linked_only_when_it_has_wijk_figures(client) -> None:
    body = client.get("/ontbrekend").get_data(as_text=True)
    eenzaam = _rij(body, "test_eenzaam")
    assert '<a href="/verkenner?indicator=test_weerbaar">% 13-17 jr dat voldoende weerbaar is (testdata)</a>' in eenzaam
    assert "Testrelatie met wijkcijfers (testdata)." in eenzaam
    # test_tevreden's related indicator (test_meldingen) has no wijk figures either
    assert "geen verwante indicator" in _rij(body, "test_tevreden")
    assert "Testrelatie zonder wijkcijfers" not in body


def test_verwant_voor_an_indicator_with_or_without_wijk_figures(db) -> None:
    assert verwant.voor(db, "test_eenzaam") == (verwant.Verwijzing(
        "test_weerbaar", "% 13-17 jr dat voldoende weerbaar is (testdata)",
        "Testrelatie met wijkcijfers (testdata).", "/verkenner?indicator=test_weerbaar"),)
    assert verwant.voor(db, "test_weerbaar") == ()  # has wijk figures itself
    assert verwant.voor(db, "test_tevreden") == ()  # its related one has none
    assert verwant.voor(db, "bestaat_niet") == ()


def test_monitor_row_points_to_the_related_indicator(client) -> None:
    body = client.get("/monitor?thema=Preventie").get_data(as_text=True)
    assert body.count('<p class="verwant">') == 1
    regel = re.search(r'<p class="verwant">.*?</p>', body, re.S).group(0)
    assert 'Geen cijfers per wijk; wel voor <a href="/verkenner?indicator=test_weerbaar"' in regel


def test_verkenner_notice_names_the_related_indicator(pages, db) -> None:
    delen = pages.verkenner.verwant_melding(verwant.voor(db, "test_eenzaam"))
    tekst = "".join(d if isinstance(d, str) else d.children for d in delen)
    assert tekst == (" Cijfers per wijk zijn er wel voor de verwante indicator % 13-17 jr dat "
                     "voldoende weerbaar is (testdata). Waarom die verwant zijn: wat ontbreekt per wijk.")
    assert [d.href for d in delen if not isinstance(d, str)] == ["/verkenner?indicator=test_weerbaar",
                                                                 "/ontbrekend"]
    assert pages.verkenner.verwant_melding(()) == []


def test_footer_links_to_the_page(client) -> None:
    assert 'href="/ontbrekend"' in client.get("/monitor").get_data(as_text=True)


def _cellen(data: bytes) -> list[tuple]:
    blad = openpyxl.load_workbook(io.BytesIO(data))["Cijfers"]
    return list(blad.iter_rows(min_row=KOPREGEL, values_only=True))


def test_template_download_is_the_cli_template(client, warehouse_path: Path, tmp_path: Path) -> None:
    response = client.get("/sjabloon.xlsx?indicator=test_eenzaam")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="sjabloon_test_eenzaam.xlsx"'
    rijen = _cellen(response.data)
    # the indicator's years with figures (2020, 2022, 2024), the 33 wijken of wijk2024
    assert rijen[0] == ("Indicator", "Gebied", "Naam wijk", 2020, 2022, 2024)
    assert len(rijen) - 1 == WIJKEN_2024
    out = tmp_path / "cli.xlsx"
    assert etl_main(["sjabloon", "test_eenzaam", "--warehouse", str(warehouse_path), "--out", str(out)]) == 0
    assert _cellen(out.read_bytes()) == rijen


def test_template_of_an_unknown_or_missing_indicator_is_refused(client) -> None:
    assert client.get("/sjabloon.xlsx?indicator=bestaat_niet").status_code == 404
    assert client.get("/sjabloon.xlsx").status_code == 400


def test_bron_without_a_source_reads_as_unknown() -> None:
    assert ontbrekend.bron_tekst("niet vermeld in monitor") == ontbrekend.GEEN_BRON_TEKST
    assert ontbrekend.bron_tekst("Niet vermeld in de monitor (O&S)") == ontbrekend.GEEN_BRON_TEKST
    assert ontbrekend.bron_tekst("") == ontbrekend.GEEN_BRON_TEKST
    # a remark about the monitor's text is not a source
    assert ontbrekend.bron_tekst("GGD Gezondheidsmonitor (bron niet vermeld in de slotbeschouwing)") == \
        "GGD Gezondheidsmonitor"
    assert ontbrekend.bron_tekst("Stadsring, CBS") == "Stadsring, CBS"
