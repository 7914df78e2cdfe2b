"""Page '/': "Amersfoort in één oogopslag", the start page (server-rendered HTML).

Per maatschappelijk effect and richtinggevend doel (then the transformatiedoelen) the headline
indicators (app/overzicht.py: those the monitor's samenvatting discusses, else the goal's first
indicators) as cards: the gemeente's latest figure with unit and period, trend and comparison with
Nederland by app/rules.py, a small trend line (app/sparklijn.py, inline SVG), how many wijken
have figures, and a link into the Verkenner. The page data is kept per warehouse version.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, request

from app import cache, catalogus, errors, fmt, rules, urlstate, vocab
from app.config import settings
from app.frame import render_pagina
from app.overzicht import MAX_PER_DOEL, Kerncijfer, Overzicht, overzicht
from app.queries import WarehouseMissing, WarehouseUnreadable, current
from app.site import monitor
from app.sparklijn import KAART, Sparklijn, sparklijn

bp = Blueprint("start", __name__)  # no routes of its own: '/' is Dash's rule (install below)

PAD = "/"
NEDERLAND = "NL01"
# Dash registers its own index view for '/' (endpoint '/') before the blueprints; the start page
# takes over that endpoint's view function (install below), Dash keeps '/<path:path>'.
DASH_INDEX_ENDPOINT = "/"
SELECTIE_UITLEG = (
    "Welke indicatoren hier staan: per doel de indicatoren van dat doel die de samenvatting van "
    "de Monitor Inclusieve Stad bespreekt. Bespreekt de "
    f"samenvatting geen indicator van een doel, dan staan er de eerste {MAX_PER_DOEL} "
    "indicatoren van dat doel in de volgorde van de monitor. Een indicator die al bij een eerder "
    "doel staat, wordt daar naar verwezen. Onderaan de andere indicatoren uit de samenvatting, "
    "per thema."
)


@dataclass(frozen=True)
class Kaart:
    """One card, every text ready for the template."""

    code: str
    naam: str
    href: str
    waarde: str  # '75%', or '' when the gemeente has no figure
    periode: str  # 'in 2023' / 'in schooljaar 2023-2024'
    eenheid: str
    melding: str  # missing or old figures, in words ('' when there is nothing to say)
    trend: str
    trend_klasse: str
    trend_regel: str
    nl: str
    nl_klasse: str
    nl_regel: str
    wijken: str
    bron: str
    lijn: Sparklijn | None
    lijn_label: str


def _trend(k: Kerncijfer) -> tuple[str, str, str]:
    t = k.trend
    tekst = t.oordeel if t.jaar is None else f"{t.oordeel} ({t.vorig_jaar} → {t.jaar})"
    klasse = vocab.oordeel_klasse(vocab.TREND_KLASSE, t.oordeel)
    return tekst, klasse, rules.methode_tekst(t.methode, k.eenheid)


def _nl(k: Kerncijfer, gewenst: str, nl_naam: str) -> tuple[str, str, str]:
    if k.nl.richting == rules.ONBEKEND:
        if k.jaar is None:
            return "geen vergelijking", "oordeel", ""
        return f"geen cijfer van {nl_naam} over {k.periode}", "oordeel", ""
    gunst = rules.gunstigheid(k.nl.richting, gewenst)
    toevoegen = gunst and gunst not in (rules.NEUTRAAL, rules.VERGELIJKBAAR)  # 'gelijk' says it
    oordeel = k.nl.richting + (f", {gunst}" if toevoegen else "")
    tekst = f"{oordeel} ({nl_naam} {fmt.waarde(k.nl_waarde, k.eenheid)})"
    # a neutral verdict gets no colour on the start page's cards
    klasse = "oordeel" if gunst == rules.NEUTRAAL else vocab.oordeel_klasse(vocab.GUNSTIG_KLASSE, gunst)
    return tekst, klasse, rules.methode_tekst(k.nl.methode, k.eenheid)


def _melding(k: Kerncijfer, gemeente: str, per_groep: bool) -> str:
    if k.jaar is None:
        if k.laatste_jaar is None and per_groep:
            return (f"Geen cijfer voor {gemeente} als geheel, alleen per groep "
                    "(bijvoorbeeld naar opleiding of leeftijd): zie de verkenner.")
        if k.laatste_jaar is None and k.wijken:
            return f"Geen cijfer voor {gemeente} als geheel; wel per wijk: zie de kaart."
        if k.laatste_jaar is None:
            return f"Geen cijfers voor {gemeente} als geheel."
        return f"Geen gemeten cijfer voor {gemeente}; laatste opgave {k.laatste_jaar}."
    if k.monitor_status == vocab.GEEN_NIEUWE_CIJFERS:
        return f"Geen nieuwe cijfers sinds {k.jaar}."
    return ""


def _wijken(k: Kerncijfer) -> str:
    if not k.wijken:
        return "geen cijfers per wijk"
    if k.wijken_totaal:
        return f"cijfers voor {k.wijken} van de {k.wijken_totaal} wijken ({k.wijk_jaar})"
    return f"cijfers voor {k.wijken} wijken ({k.wijk_jaar})"


def _periode(label: str) -> str:
    """'in 2023' for a year; a school year or peildatum as the source says it."""
    return f"in {label}" if label.isdigit() else label


def kaart(k: Kerncijfer, gewenst: str, gemeente: str, nl_naam: str,
          per_groep: bool = False) -> Kaart:
    """The card of one indicator (`per_groep`: it has figures by group only)."""
    trend, trend_klasse, trend_regel = _trend(k)
    nl, nl_klasse, nl_regel = _nl(k, gewenst, nl_naam)
    lijn = sparklijn(k.reeks, maat=KAART)
    punten = [f"{j}: {fmt.waarde(w, k.eenheid)}" if w is not None else f"{j}: niet gemeten"
              for j, w in k.reeks]
    return Kaart(
        code=k.code, naam=k.naam, href=f"/verkenner?{urlencode({'indicator': k.code})}",
        waarde=fmt.waarde(k.waarde, k.eenheid, soort=k.soort) if k.waarde is not None else "",
        periode=_periode(k.periode), eenheid=fmt.eenheid_label(k.eenheid),
        melding=_melding(k, gemeente, per_groep), trend=trend, trend_klasse=trend_klasse,
        trend_regel=trend_regel, nl=nl, nl_klasse=nl_klasse, nl_regel=nl_regel,
        wijken=_wijken(k), bron=k.bron, lijn=lijn,
        lijn_label=f"Ontwikkeling {gemeente}: " + "; ".join(punten),
    )


@dataclass(frozen=True)
class Pagina:
    overzicht: Overzicht
    kaarten: dict[str, Kaart]


def pagina_data() -> Pagina:
    """The overview and its cards, once per warehouse version."""
    db = current()
    gemeente = settings().gemeente

    def compute() -> Pagina:
        o = overzicht(db, gemeente, NEDERLAND)
        cat = {c: catalogus.indicator(db, c) for c in o.cijfers}
        return Pagina(o, {c: kaart(k, cat[c]["gewenste_richting"], o.gemeente_naam, o.nl_naam,
                                   bool(cat[c]["heeft_uitsplitsing"]))
                          for c, k in o.cijfers.items()})

    return cache.afgeleid(db, ("start_pagina", gemeente), compute)


def pagina() -> Response:
    """The start page (also for '/?utm_source=…'; Verkenner links are sent on by app/params.py)."""
    try:
        p = pagina_data()
    except (WarehouseMissing, WarehouseUnreadable) as exc:
        return errors.melding_pagina("De Wijkmonitor kan nu geen cijfers tonen",
                                     [errors.friendly_message(exc)], 503)
    params = {k: v for k, v in request.args.items()}
    return render_pagina("start.html", titel="Amersfoort in één oogopslag", actief=PAD, context={
        "o": p.overzicht, "kaarten": p.kaarten, "selectie_uitleg": SELECTIE_UITLEG,
        "trend_uitleg": monitor.TREND_UITLEG, "nl_uitleg": monitor.NL_UITLEG,
        "melding": " ".join(m for m in [urlstate.onbekend_melding(sorted(params))] if m),
    })


def install(server: Flask) -> None:
    """Answer '/' with the start page instead of Dash's index (Dash keeps its other paths)."""
    server.view_functions[DASH_INDEX_ENDPOINT] = pagina
