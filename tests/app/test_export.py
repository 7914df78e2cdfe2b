"""Tests of the exports (app/export.py and the pages' export frames): source and definition inside."""

from __future__ import annotations

import io

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


def test_excel_has_explanation_sheet(pages, db) -> None:
    wijkprofiel = pages.wijkprofiel
    state, _ = wijkprofiel.bepaal_state(db, {"gebied": "WK030701", "indeling": "wijk2024"})
    df, meta, _naam = wijkprofiel.export_frame(db, state)
    book = pd.read_excel(io.BytesIO(export.naar_excel({"Wijkprofiel": df}, meta)), sheet_name=None)
    assert set(book) == {"Toelichting", "Wijkprofiel"}
    toel = dict(zip(book["Toelichting"]["Onderdeel"], book["Toelichting"]["Waarde"], strict=True))
    assert "Stadskern" in toel["Wijkprofiel"]
    prof = book["Wijkprofiel"].set_index("indicator_code")
    assert prof.loc["test_weerbaar", "waarde_gebied"] == 80.0
    assert prof.loc["test_weerbaar", "bron"] == "TESTDATA gegenereerd"
    assert prof.loc["test_weerbaar", "definitie"] == "Definitie weerbaar (testdata)."


def test_file_names_are_safe() -> None:
    name = export.bestandsnaam("wijkprofiel", "Vathorst-De Laak / oost", extensie="csv")
    assert name.startswith("wijkmonitor_wijkprofiel_vathorst-de-laak-oost_") and name.endswith(".csv")
