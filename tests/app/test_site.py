"""The frame of the server-rendered pages (app/site): menu, footer date in words, message pages."""

from __future__ import annotations

import pytest

from app import fmt


@pytest.mark.parametrize(("iso", "tekst"), [
    ("2026-12-02T08:30:00", "2 december 2026"),
    ("2025-01-31", "31 januari 2025"),
    ("2025-13-01", ""),
    ("onbekend", ""),
    ("", ""),
])
def test_datum_in_words(iso: str, tekst: str) -> None:
    assert fmt.datum(iso) == tekst


def test_message_page_has_menu_and_footer_date_not_a_hash(client) -> None:
    response = client.get("/verkenner?indicator=bestaat_niet")  # app/params.py answers
    body = response.get_data(as_text=True)
    assert response.status_code == 404
    assert 'aria-label="Hoofdmenu"' in body
    assert 'href="/wijkprofiel"' in body
    assert "Cijfers bijgewerkt op" in body
    assert "versie" not in body
