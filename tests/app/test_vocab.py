"""The app's vocabulary of kinds of figures (app/vocab.py) is the ETL's (etl/soorten.py), marked."""

from __future__ import annotations

from app import fmt, vocab
from etl import soorten


def test_the_app_knows_exactly_the_kinds_the_etl_stores() -> None:
    assert tuple(vocab.SOORTEN) == soorten.SOORTEN


def test_every_kind_but_measured_carries_a_mark_and_an_explanation() -> None:
    tekens = {s.code: s.teken for s in vocab.SOORTEN.values()}
    assert tekens == {"gemeten": "", "modelschatting": "schatting", "berekend": "berekend",
                      "ongeveer": "ca.", "herleid": "herleid", "prognose": "prognose",
                      "omgerekend": "omgerekend"}
    assert all(s.uitleg for s in vocab.SOORTEN.values())


def test_a_figure_is_written_with_its_mark() -> None:
    assert fmt.waarde(5.0, "percentage", soort="ongeveer") == "ca. 5%"
    assert fmt.waarde(23.4, "percentage", soort="modelschatting") == "23,4% (schatting)"
    assert fmt.waarde(156230.0, "aantal", soort="berekend") == "156.230 (berekend)"
    assert fmt.waarde(48.3, "percentage", soort="omgerekend") == "48,3% (omgerekend)"
    assert fmt.waarde(7.4, "percentage", soort="gemeten") == "7,4%"
    assert fmt.waarde(7.4, "percentage") == "7,4%"
    # a status is said in words, whatever the kind
    assert fmt.waarde(None, "percentage", "geheim/onderdrukt", soort="modelschatting") == "geheim/onderdrukt"
