"""Tests of the exports (app/export.py and the pages' export frames): source and definition inside."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import openpyxl
import pandas as pd

from app import export


def test_csv_carries_source_and_definition_on_every_row(pages, db) -> None:
    verkenner = pages.verkenner
    state, _ = verkenner.bepaal_state(db, {"indicator": "test_weerbaar", "jaar": "2023"})
    onderdelen, meta, ind = verkenner.export_onderdelen(db, state)
    raw = export.naar_csv(onderdelen, meta, per_rij={"bron": ind["bron"], "definitie": ind["definitie"]})
    text = raw.decode("utf-8-sig")
    data_part = text.split("\n\n")[0]
    frame = pd.read_csv(io.StringIO(data_part), sep=";", decimal=",")
    assert set(frame["onderdeel"]) == {"kaart", "ontwikkeling", "uitsplitsing"}
    assert (frame["bron"] == "TESTDATA gegenereerd").all()
    assert (frame["definitie"] == "Definitie weerbaar (testdata).").all()
    stadskern = frame[(frame["onderdeel"] == "kaart") & (frame["gebied_code"] == "WK030701")]
    assert stadskern["waarde"].iloc[0] == 80.0
    suppressed = frame[(frame["onderdeel"] == "kaart") & (frame["gebied_code"] == "WK030703")]
    assert pd.isna(suppressed["waarde"].iloc[0]) and suppressed["status"].iloc[0] == "geheim/onderdrukt"
    assert "toelichting;Bron;TESTDATA gegenereerd" in text


def test_excel_has_explanation_sheet(app_env, db) -> None:
    from app.site import monitor

    df, meta, _titel = monitor.export_frame(db, "thema:Preventie")
    book = pd.read_excel(io.BytesIO(export.naar_excel({"Monitor": df}, meta)), sheet_name=None)
    assert set(book) == {"Toelichting", "Monitor"}
    toel = dict(zip(book["Toelichting"]["Onderdeel"], book["Toelichting"]["Waarde"], strict=True))
    assert set(meta) <= set(toel)
    rij = book["Monitor"][(book["Monitor"]["Code"] == "test_weerbaar")
                          & (book["Monitor"]["Jaar"] == 2023)].iloc[0]
    assert rij["Waarde"] == 75.0


def test_file_names_are_safe() -> None:
    name = export.bestandsnaam("wijkprofiel", "Vathorst-De Laak / oost", extensie="csv")
    assert name.startswith("wijkmonitor_wijkprofiel_vathorst-de-laak-oost_") and name.endswith(".csv")


def _verkenner_xlsx(dash_app, state: Any) -> tuple[str, bytes]:
    """The Verkenner's 'Download Excel' as the browser asks for it: (file name, bytes)."""
    client = dash_app.server.test_client()
    client.get("/")  # let Dash finish its set-up on the first request
    v = "verkenner"
    response = client.post("/_dash-update-component", json={
        "output": f"{v}-download.data",
        "outputs": {"id": f"{v}-download", "property": "data"},
        "inputs": [{"id": f"{v}-csv", "property": "n_clicks", "value": None},
                   {"id": f"{v}-xlsx", "property": "n_clicks", "value": 1}],
        "changedPropIds": [f"{v}-xlsx.n_clicks"],
        "state": [{"id": f"{v}-state", "property": "data", "value": state.naar_store()}],
    })
    assert response.status_code == 200, response.get_data(as_text=True)
    data = json.loads(response.get_data(as_text=True))["response"][f"{v}-download"]["data"]
    assert data["base64"] is True
    return data["filename"], base64.b64decode(data["content"])


def test_verkenner_excel_is_formatted_like_the_wijkprofiel(pages, dash_app, db) -> None:
    state, _ = pages.verkenner.bepaal_state(db, {"indicator": "test_weerbaar", "jaar": "2023"})
    naam, inhoud = _verkenner_xlsx(dash_app, state)
    assert naam.startswith("wijkmonitor_test-weerbaar_2023_") and naam.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(inhoud))
    assert book.sheetnames == ["Toelichting", "Kaart", "Uitsplitsing", "Ontwikkeling"]
    kaart = book["Kaart"]
    kop = [c.value for c in kaart[1]]
    assert kop == ["Gebiedscode", "Gebied", "Gebiedsindeling", "Jaar", "Periode", "Waarde", "Status",
                   "Soort cijfer", "Significant volgens de bron", "Ondergrens 95%-interval",
                   "Bovengrens 95%-interval", "Verschil met Amersfoort"]
    for blad in book.worksheets:  # readable headers, bold and frozen, on every sheet
        koppen = [c.value for c in blad[1]]
        assert not [k for k in koppen if "_" in str(k)], (blad.title, koppen)
        assert all(c.font.b for c in blad[1]) and blad.freeze_panes == "A2", blad.title
    cel = {k: c for k, c in zip(kop, next(r for r in kaart.iter_rows(min_row=2)
                                           if r[0].value == "WK030701"), strict=True)}
    assert cel["Jaar"].value == 2023 and cel["Jaar"].number_format == "0"  # not 2.023
    assert cel["Waarde"].value == 80.0 and cel["Waarde"].number_format == "#,##0"
    assert cel["Gebied"].value == "Stadskern"
    onderdrukt = next(r for r in kaart.iter_rows(min_row=2) if r[0].value == "WK030703")
    assert onderdrukt[5].value is None and onderdrukt[6].value == "geheim/onderdrukt"  # never 0
    assert kaart.column_dimensions["B"].width >= len("Gebied") + 2  # widths set, not Excel's 8.43
    assert book["Toelichting"].column_dimensions["B"].width >= 30


def test_excel_numbers_keep_their_decimals_and_empty_cells_stay_empty() -> None:
    df = pd.DataFrame({"jaar": pd.array([2023, None], dtype="Int64"), "waarde": [12.345, 0.5],
                       "significant": [True, None]})
    book = openpyxl.load_workbook(io.BytesIO(export.naar_excel({"kaart": df}, {"Bron": "test"})))
    ws = book["Kaart"]
    assert [c.value for c in ws[1]] == ["Jaar", "Waarde", "Significant volgens de bron"]
    assert [(c.value, c.number_format) for c in ws[2]] == [(2023, "0"), (12.345, "#,##0.0"),
                                                           ("ja", "General")]
    assert [c.value for c in ws[3]] == [None, 0.5, None]  # pd.NA is an empty cell, not '<NA>'
    assert ws["B3"].number_format == "#,##0.00"


def test_file_names_have_plain_letters_not_mangled_ones() -> None:
    naam = export.bestandsnaam("monitor", "RD-07 Minder volwassenen en kinderen ervaren financiële "
                               "belemmeringen om 'mee te doen'", extensie="csv")
    assert "financiele-belemmeringen" in naam and "financi-le" not in naam
    assert export.bestandsnaam("Cliëntervaring", "Straße, Œuvre & café", extensie="xlsx").startswith(
        "wijkmonitor_clientervaring_strasse-oeuvre-cafe_")
