"""Page '/oordelen': "Hoe komen de oordelen tot stand", the verdict rule per kind of figure.

Built from the constants of app/rules.py and the kinds of app/vocab.py, so the page states the
rules the code applies (docs/statistiek.md gives the same rules with their sources).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response

from app import fmt, rules, vocab
from app.frame import render_pagina

bp = Blueprint("oordelen", __name__)

PAD = "/oordelen"


@dataclass(frozen=True)
class Regel:
    """One kind of figure: what it is and how it is judged, with the source of the rule."""

    soort: vocab.Soort
    regel: str
    bron: str


def regels() -> list[Regel]:
    """The verdict rule of every kind of figure, in words, with its source in the field."""
    pp = fmt.getal(rules.DREMPEL_PROCENTPUNT)
    model = fmt.getal(rules.DREMPEL_MODEL_PROCENTPUNT)
    rel = fmt.getal(rules.DREMPEL_RELATIEF * 100)
    s = vocab.SOORTEN
    return [
        Regel(s[vocab.GEMETEN],
              "Met de betrouwbaarheidsintervallen of de significantie die de bron geeft. Zonder "
              f"die gegevens telt een verschil pas vanaf {pp} procentpunt (percentages) of {rel}% "
              "van het vergeleken cijfer (andere eenheden).",
              "GGD Gezondheidsmonitor (significantie, intervallen); steekproefmarge van een "
              "gemeentelijke enquête."),
        Regel(s[vocab.MODELSCHATTING],
              f"Een verschil telt pas vanaf {model} procentpunt: kleinere verschillen vallen binnen "
              "de onzekerheid van een schatting voor één wijk. Dan staat er 'vergelijkbaar', met "
              "het verschil en de reden erbij. Schattingen in andere eenheden krijgen geen oordeel.",
              "RIVM (de wijkschattingen zijn modelvoorspellingen, onzekerder naarmate het gebied "
              "kleiner is); GGD gebiedsprofielen (verschillen boven 5 procentpunt)."),
        Regel(s[vocab.ONGEVEER],
              "Als een gemeten cijfer, maar het verschil moet de drempel ook halen aan de rand van "
              "de afronding ('ca. 5%' kan 4,5 tot 5,5% zijn).",
              "De afronding van de bron zelf."),
        Regel(s[vocab.BEREKEND],
              "Als het soort cijfer waaruit het berekend is. Een berekend cijfer en een cijfer van "
              "de bron vormen samen nooit een trend: zij komen op een andere manier tot stand.",
              "CBS: geen optelling over onderdrukte of afgeronde cellen als exact cijfer."),
        Regel(s[vocab.OMGEREKEND],
              f"Als een modelschatting: een verschil telt pas vanaf {model} procentpunt, want het "
              "omrekenen voegt onzekerheid toe. Geen trend tussen een omgerekend en een geleverd "
              "cijfer.",
              "Omrekenen naar rato van de inwoners (docs/geo.md), zoals gemeentelijke "
              "onderzoeksbureaus dat doen."),
        Regel(s[vocab.HERLEID], "Geen oordeel: het cijfer meet het gebied niet zelf.",
              "De monitor zelf (bijvoorbeeld de helft van een regionaal cijfer)."),
        Regel(s[vocab.PROGNOSE], "Geen oordeel: een verwachting is geen meting.",
              "De bron van de raming."),
    ]


ALGEMEEN = (
    "Een aantal in een wijk wordt nooit vergeleken met het totaal van de stad: het is daar een "
    "deel van. Dan staat er geen oordeel.",
    "Een oordeel moet ook gelden als de cijfers een decimaal anders waren: 27,0% tegen 25,0% "
    "(precies 2 procentpunt) is geen bevinding, 27,1% wel.",
    "Indicatoren die hetzelfde onderwerp meten (vier maten voor eenzaamheid, leeftijdsgroepen) "
    "vormen een familie. Een familie telt één keer in 'Opvallend' en in de tellingen per "
    "maatschappelijk effect; de andere leden staan eronder.",
    "Een trend vergelijkt de laatste meting met de vorige van dezelfde reeks, met dezelfde regels. "
    "Bij een breuk in de reeks (andere definitie, andere soort periode of ander soort cijfer) "
    "staat er geen trend.",
)


@bp.get(PAD)
def pagina() -> Response:
    return render_pagina("oordelen.html", titel="Hoe komen de oordelen tot stand", actief=PAD,
                         context={"regels": regels(), "algemeen": ALGEMEEN})
