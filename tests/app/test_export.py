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


def test_excel_has_explanation_sheet(app_env, db) -> None:
    from app.site import monitor

    df, meta, _titel = monitor.export_frame(db, "thema:Preventie")
    book = pd.read_excel(io.BytesIO(export.naar_excel({"Monitor": df}, meta)), sheet_name=None)
    assert set(book) == {"Toelichting", "Monitor"}
    toel = dict(zip(book["Toelichting"]["Onderdeel"], book["Toelichting"]["Waarde"], strict=True))
    assert set(meta) <= set(toel)
    rij = book["Monitor"][(book["Monitor"]["indicator_code"] == "test_weerbaar")
                          & (book["Monitor"]["jaar"] == 2023)].iloc[0]
    assert rij["waarde"] == 75.0


def test_file_names_are_safe() -> None:
    name = export.bestandsnaam("wijkprofiel", "Vathorst-De Laak / oost", extensie="csv")
    assert name.startswith("wijkmonitor_wijkprofiel_vathorst-de-laak-oost_") and name.endswith(".csv")
