"""The app's vocabulary of kinds of figures: the values of fact_waarde.soort and how they read.

One place for the mark a figure carries on screen ('schatting', 'ca.') and its legend text;
etl/soorten.py holds the same values for the ETL (tests/app/test_vocab.py keeps them equal).
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
