"""The app's vocabulary: kinds of figures, monitor statuses, view names and verdict classes.

One place for values other modules compare against (fact_waarde.soort, dim_indicator.monitor_status)
and how they read; etl/soorten.py and etl/catalog.py hold the same values for the ETL
(tests/app/test_vocab.py keeps them equal).
"""

from __future__ import annotations

from dataclasses import dataclass

GEMETEN = "gemeten"
MODELSCHATTING = "modelschatting"
BEREKEND = "berekend"
ONGEVEER = "ongeveer"
HERLEID = "herleid"
PROGNOSE = "prognose"
OMGEREKEND = "omgerekend"


@dataclass(frozen=True)
class Soort:
    """A kind of figure as users read it: its short mark and what it means."""

    code: str
    teken: str  # the short mark beside the figure ('' for measured figures)
    naam: str  # in a legend or a column: 'modelschatting'
    uitleg: str  # one sentence: what the kind means for how to read the figure


SOORTEN: dict[str, Soort] = {s.code: s for s in (
    Soort(GEMETEN, "", "gemeten",
          "Gemeten door de bron: een uitkomst van een enquête of een telling in een registratie."),
    Soort(MODELSCHATTING, "schatting", "modelschatting",
          "Geschat met een statistisch model (zoals de RIVM-gezondheidsschattingen per wijk): een "
          "voorspelling voor het gebied, geen meting. Hoe kleiner het gebied, hoe onzekerder."),
    Soort(BEREKEND, "berekend", "berekend",
          "Berekend door de Wijkmonitor uit andere cijfers, bijvoorbeeld de som van de wijken; "
          "niet het eigen cijfer van de bron."),
    Soort(ONGEVEER, "ca.", "afgerond (ca.)",
          "De bron geeft dit cijfer zelf als ongeveer ('circa', 'zo'n'); het is afgerond."),
    Soort(HERLEID, "herleid", "herleid",
          "Afgeleid uit een ander cijfer, bijvoorbeeld de helft van een regionaal cijfer; de bron "
          "meet het gebied niet zelf."),
    Soort(PROGNOSE, "prognose", "prognose",
          "Een verwachting of raming, geen meting."),
    Soort(OMGEREKEND, "omgerekend", "omgerekend naar wijkindeling 2024",
          "Omgerekend van een oudere wijkindeling naar de huidige, naar rato van waar de inwoners "
          "wonen; onzekerder dan het cijfer van de oude wijk zelf."),
)}


def soort(code: str | None) -> Soort:
    """The kind of a figure; an unknown or missing code reads as measured."""
    return SOORTEN.get(code or GEMETEN, SOORTEN[GEMETEN])


def teken(code: str | None) -> str:
    """The short mark of a kind ('' for measured figures)."""
    return soort(code).teken


# -- the monitor status of an indicator (dim_indicator.monitor_status; etl/catalog.py) -----------

ACTUEEL = "actueel"
GEEN_NIEUWE_CIJFERS = "geen nieuwe cijfers"  # listed under 'Ontbrekende cijfers'
NIET_IN_MONITOR = "niet in monitor"  # a context figure (CBS, RIVM), not one the monitor reports on
MONITOR_STATUSSEN = (ACTUEEL, GEEN_NIEUWE_CIJFERS, NIET_IN_MONITOR)


def in_monitor(status: object) -> bool:
    """Whether an indicator of this monitor_status is one the monitor itself reports on."""
    return status != NIET_IN_MONITOR


# -- view names: the ways one indicator is shown (Verkenner tabs, /embed/<view>) ----------------

KAART = "kaart"
TREND = "trend"
GROEPEN = "groepen"  # the breakdown by group (uitsplitsing)
RANGORDE = "rangorde"
TABEL = "tabel"
WIJKPROFIEL = "wijkprofiel"

# -- CSS classes of verdicts (wijkmonitor.css); the verdict's word is always shown beside it ----

# rules.GUNSTIG/ONGUNSTIG/VERGELIJKBAAR/NEUTRAAL -> class (tests/app/test_vocab.py pins the keys)
GUNSTIG_KLASSE = {"gunstig": "oordeel-gunstig", "ongunstig": "oordeel-ongunstig",
                  "vergelijkbaar": "oordeel-gelijk", "neutraal": "oordeel-neutraal"}
# rules.TREND_GEWENST/TREND_ONGEWENST/TREND_STABIEL -> class; other trends have none
TREND_KLASSE = {"gewenste richting": "oordeel-gunstig", "ongewenste richting": "oordeel-ongunstig",
                "stabiel": "oordeel-gelijk"}


def oordeel_klasse(klassen: dict[str, str], woord: object) -> str:
    """The class attribute of a verdict's label: 'oordeel' plus its colour class, if it has one."""
    kleur = klassen.get(woord) if isinstance(woord, str) else None
    return f"oordeel {kleur}" if kleur else "oordeel"

# A gemeente figure the ETL computed from all its wijken (fact_waarde.afgeleid; docs/geo.md).
BEREKEND_UIT_WIJKEN = "berekend uit de wijkcijfers"
