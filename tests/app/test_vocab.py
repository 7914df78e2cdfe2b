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


# -- monitor statuses, verdict classes: one place (issue 24) ------------------------------------


def test_the_app_knows_exactly_the_monitor_statuses_the_etl_accepts() -> None:
    from etl import catalog

    assert vocab.MONITOR_STATUSSEN == catalog.MONITOR_STATUSSEN
    assert vocab.in_monitor(vocab.ACTUEEL) and vocab.in_monitor(vocab.GEEN_NIEUWE_CIJFERS)
    assert not vocab.in_monitor("niet in monitor")


def test_verdict_classes_are_keyed_by_the_rules_words() -> None:
    from app import rules

    assert set(vocab.GUNSTIG_KLASSE) == {rules.GUNSTIG, rules.ONGUNSTIG, rules.VERGELIJKBAAR,
                                         rules.NEUTRAAL}
    assert set(vocab.TREND_KLASSE) == {rules.TREND_GEWENST, rules.TREND_ONGEWENST,
                                       rules.TREND_STABIEL}


def test_a_verdict_label_keeps_the_classes_the_pages_had() -> None:
    # the monitor table and the start page's cards: 'oordeel' plus the colour (was components.py)
    assert vocab.oordeel_klasse(vocab.TREND_KLASSE, "gewenste richting") == "oordeel oordeel-gunstig"
    assert vocab.oordeel_klasse(vocab.TREND_KLASSE, "ongewenste richting") == "oordeel oordeel-ongunstig"
    assert vocab.oordeel_klasse(vocab.TREND_KLASSE, "stabiel") == "oordeel oordeel-gelijk"
    assert vocab.oordeel_klasse(vocab.TREND_KLASSE, "gestegen") == "oordeel"
    assert vocab.oordeel_klasse(vocab.TREND_KLASSE, None) == "oordeel"
    assert vocab.oordeel_klasse(vocab.GUNSTIG_KLASSE, "vergelijkbaar") == "oordeel oordeel-gelijk"
    # the wijkprofiel's template writes 'oordeel ' itself and takes the bare class (was profiel.py)
    assert vocab.GUNSTIG_KLASSE["neutraal"] == "oordeel-neutraal"


def test_monitor_statuses_are_written_only_in_the_vocabulary() -> None:
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    gevonden = []
    for pad in sorted((root / "app").rglob("*.py")):
        naam = pad.relative_to(root).as_posix()
        if naam == "app/vocab.py":
            continue
        for node in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in vocab.MONITOR_STATUSSEN:
                gevonden.append(f"{naam}:{node.lineno} {node.value!r}")
    assert gevonden == []
