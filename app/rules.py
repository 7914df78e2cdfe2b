"""The monitor's judgements, computed from the warehouse: trend, comparison, favourability, breaks.

Pure functions on plain values and frames; one rule per kind of figure, documented with its
source in the field in docs/statistiek.md (shown to users at /oordelen).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from app import fmt, vocab

# Measured figures without significance information (no confidence interval, no asterisk):
# differences smaller than these count as 'stabiel' / 'gelijk'. For a gemeente sample of 2,000
# respondents a share of 50% has a 95% margin of 2.2 percentage points (1.96 * sqrt(0.25 / 2000)),
# so smaller moves are within sampling noise. For other units 5% of the reference value, the
# customary 'no noteworthy change' margin.
DREMPEL_PROCENTPUNT = 2.0
DREMPEL_RELATIEF = 0.05
# Model estimates (RIVM/CBS small-area estimation, SMAP, and figures converted from another
# division) are predictions, not samples; RIVM publishes no interval per area for them
# (50090NED: Marges is only the point estimate) and their uncertainty grows as the area gets
# smaller. The GGD gebiedsprofielen count a difference between areas only above 5 percentage
# points; that is the smallest difference we take as larger than a wijk estimate's uncertainty.
# Model estimates in other units get no verdict (there are none in the warehouse today).
DREMPEL_MODEL_PROCENTPUNT = 5.0

HOGER, LAGER, GELIJK, ONBEKEND = "hoger", "lager", "gelijk", "onbekend"

TREND_GEWENST = "gewenste richting"
TREND_ONGEWENST = "ongewenste richting"
TREND_STABIEL = "stabiel"
TREND_GESTEGEN = "gestegen"  # for indicators without a desired direction
TREND_GEDAALD = "gedaald"
TREND_BREUK = "niet te beoordelen (breuk in de reeks)"
TREND_ONBEKEND = "niet te beoordelen (te weinig metingen)"

GUNSTIG, ONGUNSTIG, VERGELIJKBAAR, NEUTRAAL = "gunstig", "ongunstig", "vergelijkbaar", "neutraal"

TREND_BASIS = "niet te beoordelen (ander soort cijfer)"

METHODE_INTERVAL = "betrouwbaarheidsintervallen"
METHODE_SIGNIFICANT = "significantie volgens de bron"
METHODE_DREMPEL = "drempel"
METHODE_AFGEROND = "drempel, afgerond cijfer"
METHODE_MODEL = "drempel, modelschatting"
METHODE_OMGEREKEND = "drempel, omgerekend cijfer"  # the model rule, plus the conversion's uncertainty
METHODE_AANTAL = "aantal tegen totaal"  # no verdict: a wijk's count is part of the city's total
METHODE_GEEN_OORDEEL = "soort zonder oordeel"  # herleid, prognose: no verdict at all
METHODE_GEEN_REGEL = "modelschatting zonder regel"  # a model estimate in a unit we have no rule for
METHODE_BASIS = "andere basis"  # trend: two figures made in different ways (soort_breuk)

# Kinds judged with the model-estimate rule, and kinds that get no verdict at all (a forecast,
# or a figure the monitor inferred from another area's: neither measures this area).
MODEL_SOORTEN = (vocab.MODELSCHATTING, vocab.OMGEREKEND)
ZONDER_OORDEEL = (vocab.PROGNOSE, vocab.HERLEID)
# Kinds that are made by this warehouse rather than delivered: a series never joins them with
# delivered figures into one trend (a change of basis, e.g. a sum of wijken against CBS's own).
GEMAAKT = (vocab.BEREKEND, vocab.OMGEREKEND)



@dataclass(frozen=True)
class Meting:
    """One figure with what is known about its uncertainty."""

    waarde: float | None
    ondergrens: float | None = None
    bovengrens: float | None = None
    significant: bool | None = None
    soort: str = vocab.GEMETEN  # the kind of figure (app/vocab.py)

    @property
    def heeft_interval(self) -> bool:
        return fmt.is_getal(self.ondergrens) and fmt.is_getal(self.bovengrens)


@dataclass(frozen=True)
class Oordeel:
    """A comparison: hoger/lager/gelijk/onbekend, the difference and how it was decided."""

    richting: str
    verschil: float | None
    methode: str


@dataclass(frozen=True)
class Trend:
    """The trend judgement of a series: latest measurement against the previous one."""

    oordeel: str
    jaar: int | None = None
    vorig_jaar: int | None = None
    verschil: float | None = None
    methode: str = ""


def meting(row: pd.Series | Mapping[str, Any]) -> Meting:
    """A Meting from a fact row (waarde, ondergrens, bovengrens, significant)."""

    def get(key: str):
        value = row.get(key) if hasattr(row, "get") else None
        if value is None or (not isinstance(value, bool) and pd.isna(value)):
            return None
        return value

    sig = get("significant")
    return Meting(get("waarde"), get("ondergrens"), get("bovengrens"),
                  None if sig is None else bool(sig), get("soort") or vocab.GEMETEN)


def drempel(referentie: float, eenheid: str) -> float:
    """The smallest difference that counts when the data has no significance information."""
    if eenheid == "percentage":
        return DREMPEL_PROCENTPUNT
    return abs(referentie) * DREMPEL_RELATIEF


def weergavemarge(a: float, b: float, decimalen: int | None = None) -> float:
    """How far the difference of two shown figures may lie from the true one: half a last place each.

    8,4% and 6,4% shown with one decimal may be 8,35 and 6,45: the difference 2,0 may be 1,9. A
    verdict must hold at that edge, or it would flip at the next decimal.
    """
    d = decimalen if decimalen is not None else max(fmt.decimalen_van(a), fmt.decimalen_van(b))
    return 10.0 ** -d  # 2 x half of the last shown place


def afrondingsmarge(waarde: float, eenheid: str) -> float:
    """How far a rounded whole number may lie from the true value: half its last rounded place.

    'ongeveer 5%' is 4,5 to 5,5% (percentages are rounded to whole ones); 'ongeveer 5500' is
    5450 to 5550; 'ongeveer 11.000' is 10.500 to 11.500.
    """
    if eenheid == "percentage":
        return 0.5
    getal, plaats = abs(round(float(waarde))), 1
    while getal and getal % (plaats * 10) == 0:
        plaats *= 10
    return plaats / 2


def vergelijk(gebied: Meting, referentie: Meting, eenheid: str,
              significant: bool | None = None, *, aantal_tegen_totaal: bool = False,
              decimalen: int | None = None) -> Oordeel:
    """Is `gebied` higher, lower or equal to `referentie`? One rule per kind of figure.

    - A count against the total it is part of (`aantal_tegen_totaal`): no verdict, no difference.
    - A forecast or a figure inferred from another area (ZONDER_OORDEEL): no verdict.
    - Both confidence intervals (overlap = gelijk); else the source's significance flag for this
      comparison; else one interval containing the other value.
    - A model estimate (MODEL_SOORTEN): DREMPEL_MODEL_PROCENTPUNT; other units: no verdict.
    - Else the threshold (DREMPEL_PROCENTPUNT / DREMPEL_RELATIEF); an approximate figure ('ca.')
      with its rounding margin (afrondingsmarge).
    A threshold verdict must hold at the edge of the shown figures' last decimal (weergavemarge):
    a difference of exactly 2,0 procentpunt between figures shown to one decimal is no finding.
    """
    if not (fmt.is_getal(gebied.waarde) and fmt.is_getal(referentie.waarde)):
        return Oordeel(ONBEKEND, None, "")
    if aantal_tegen_totaal:
        return Oordeel(ONBEKEND, None, METHODE_AANTAL)
    diff = float(gebied.waarde) - float(referentie.waarde)
    richting = HOGER if diff > 0 else LAGER if diff < 0 else GELIJK
    soorten = {gebied.soort, referentie.soort}
    if soorten & set(ZONDER_OORDEEL):
        return Oordeel(ONBEKEND, diff, METHODE_GEEN_OORDEEL)
    if gebied.heeft_interval and referentie.heeft_interval:
        overlap = (gebied.ondergrens <= referentie.bovengrens
                   and referentie.ondergrens <= gebied.bovengrens)
        return Oordeel(GELIJK if overlap else richting, diff, METHODE_INTERVAL)
    if significant is not None:
        return Oordeel(richting if significant else GELIJK, diff, METHODE_SIGNIFICANT)
    for met_interval, ander in ((gebied, referentie), (referentie, gebied)):
        if met_interval.heeft_interval:
            binnen = met_interval.ondergrens <= ander.waarde <= met_interval.bovengrens
            return Oordeel(GELIJK if binnen else richting, diff, METHODE_INTERVAL)
    marge = weergavemarge(float(gebied.waarde), float(referentie.waarde), decimalen)
    if soorten & set(MODEL_SOORTEN):
        if eenheid != "percentage":
            return Oordeel(ONBEKEND, diff, METHODE_GEEN_REGEL)
        methode = METHODE_OMGEREKEND if vocab.OMGEREKEND in soorten else METHODE_MODEL
        grens = DREMPEL_MODEL_PROCENTPUNT
    else:
        afgerond = [m for m in (gebied, referentie) if m.soort == vocab.ONGEVEER]
        marge += sum(afrondingsmarge(float(m.waarde), eenheid) for m in afgerond)
        methode = METHODE_AFGEROND if afgerond else METHODE_DREMPEL
        grens = drempel(float(referentie.waarde), eenheid)
    # rounded: 7,1 - 5,0 is 2,0999999999999996 in binary floating point, not 2,1
    if round(abs(diff) - marge, 9) < grens:
        return Oordeel(GELIJK, diff, methode)
    return Oordeel(richting, diff, methode)


def afwijking(oordeel: Oordeel, referentie: float | None, eenheid: str) -> float:
    """How far apart two figures are, in thresholds (2 procentpunt = 1): ranks 'Opvallend in ...'.

    Comparable across units: 6 procentpunt and 15% of a rate per 1000 both score 3.
    """
    if not fmt.is_getal(oordeel.verschil) or not fmt.is_getal(referentie):
        return 0.0
    if oordeel.methode in (METHODE_MODEL, METHODE_OMGEREKEND):
        return abs(float(oordeel.verschil)) / DREMPEL_MODEL_PROCENTPUNT
    d = drempel(float(referentie), eenheid)
    return abs(float(oordeel.verschil)) / d if d > 0 else 0.0


def gunstigheid(richting: str, gewenste_richting: str) -> str:
    """Whether 'hoger'/'lager' than the reference is favourable, given the desired direction."""
    if richting == ONBEKEND:
        return ""
    if gewenste_richting not in (HOGER, LAGER):
        return NEUTRAAL
    if richting == GELIJK:
        return VERGELIJKBAAR
    return GUNSTIG if richting == gewenste_richting else ONGUNSTIG


def breuk_jaren(breuken: str | None) -> list[int]:
    """Years before which the series breaks: the catalogue's breuk_jaren ('2021' or '2021|2024')."""
    if not isinstance(breuken, str) or not breuken:
        return []
    return sorted({int(j) for j in breuken.split("|") if j.strip().isdigit()})


def periode_soort(periode_label: str | None) -> str:
    """The kind of period of a label: jaar, schooljaar, gemiddelde or peildatum."""
    label = (periode_label or "").strip().lower()
    for soort in ("schooljaar", "gemiddelde", "peildatum"):
        if label.startswith(soort):
            return "gemiddelde" if soort == "gemiddelde" else soort
    return "jaar"


def periode_breuken(reeks: pd.DataFrame) -> list[int]:
    """Years where the kind of period changes (e.g. calendar year -> school year): a break."""
    if reeks.empty:
        return []
    return periode_breuken_rijen(reeks[["jaar", "periode_label"]].to_dict("records"))


def periode_breuken_rijen(rijen: Sequence[Mapping[str, Any]]) -> list[int]:
    """periode_breuken on rows (dicts with jaar and periode_label), in any order."""
    ordered = sorted(rijen, key=lambda r: r["jaar"])
    soorten = [periode_soort(r["periode_label"]) for r in ordered]
    return [int(ordered[i]["jaar"]) for i in range(1, len(ordered))
            if soorten[i] != soorten[i - 1]]


def trend(reeks: pd.DataFrame, gewenste_richting: str, eenheid: str,
          breuken: list[int] | None = None) -> Trend:
    """Judge the latest measurement against the previous one of the same series.

    `reeks` has one row per year (jaar, waarde, status, ondergrens, bovengrens, significant,
    optionally soort). Two figures of which one is made by this warehouse (GEMAAKT) and the other
    delivered, or made another way, are on different bases: no judgement (TREND_BASIS).
    The source's significance flag on the latest figure is read as 'significantly different from
    the previous measurement'. A break between the two measurements means no judgement.
    """
    if reeks.empty:
        return Trend(TREND_ONBEKEND)
    return trend_rijen(reeks.to_dict("records"), gewenste_richting, eenheid, breuken)


def trend_rijen(rijen: Sequence[Mapping[str, Any]], gewenste_richting: str, eenheid: str,
                breuken: list[int] | None = None) -> Trend:
    """`trend` on rows (dicts with the columns of a fact row), in any order."""
    gemeten = sorted((r for r in rijen if r["status"] == fmt.STATUS_WAARDE),
                     key=lambda r: r["jaar"])
    if len(gemeten) < 2:
        return Trend(TREND_ONBEKEND)
    laatste, vorige = gemeten[-1], gemeten[-2]
    jaar, vorig_jaar = int(laatste["jaar"]), int(vorige["jaar"])
    if any(vorig_jaar < b <= jaar for b in (breuken or [])):
        return Trend(TREND_BREUK, jaar, vorig_jaar)
    if soort_breuk(vorige.get("soort"), laatste.get("soort")):
        return Trend(TREND_BASIS, jaar, vorig_jaar, None, METHODE_BASIS)
    nieuw = meting(laatste)
    oordeel = vergelijk(nieuw, meting(vorige), eenheid, nieuw.significant)
    if oordeel.richting == GELIJK:
        uitkomst = TREND_STABIEL
    elif gewenste_richting in (HOGER, LAGER):
        uitkomst = TREND_GEWENST if oordeel.richting == gewenste_richting else TREND_ONGEWENST
    else:
        uitkomst = TREND_GESTEGEN if oordeel.richting == HOGER else TREND_GEDAALD
    return Trend(uitkomst, jaar, vorig_jaar, oordeel.verschil, oordeel.methode)


def soort_breuk(vorige: str | None, laatste: str | None) -> bool:
    """Whether two figures of one series are on different bases (see GEMAAKT)."""
    a, b = vorige or vocab.GEMETEN, laatste or vocab.GEMETEN
    return a != b and (a in GEMAAKT or b in GEMAAKT)


def methode_tekst(methode: str, eenheid: str) -> str:
    """How a judgement was reached, in words for a tooltip or footnote."""
    if methode == METHODE_MODEL:
        return (f"modelschatting: een verschil telt pas vanaf "
                f"{fmt.getal(DREMPEL_MODEL_PROCENTPUNT)} procentpunt, want een schatting voor een "
                "wijk is onzeker (GGD gebiedsprofielen; RIVM)")
    if methode == METHODE_OMGEREKEND:
        return (f"omgerekend van een oudere wijkindeling: een verschil telt pas vanaf "
                f"{fmt.getal(DREMPEL_MODEL_PROCENTPUNT)} procentpunt, want het omrekenen (naar rato "
                "van de inwoners) maakt het cijfer onzekerder, en een schatting was het vaak al")
    if methode == METHODE_AANTAL:
        return "een aantal in de wijk is een deel van het totaal van de stad: geen vergelijking"
    if methode == METHODE_GEEN_OORDEEL:
        return "een prognose of een herleid cijfer meet de wijk niet zelf: geen oordeel"
    if methode == METHODE_GEEN_REGEL:
        return "modelschatting in deze eenheid: geen regel voor een oordeel"
    if methode == METHODE_BASIS:
        return ("de twee jaren zijn op een andere manier tot stand gekomen (bijvoorbeeld berekend "
                "uit de wijken tegen het cijfer van de bron): geen trend")
    if methode == METHODE_DREMPEL:
        if eenheid == "percentage":
            return (f"geen significantie bekend: een verschil telt vanaf "
                    f"{fmt.getal(DREMPEL_PROCENTPUNT)} procentpunt")
        return (f"geen significantie bekend: een verschil telt vanaf "
                f"{fmt.getal(DREMPEL_RELATIEF * 100)}% van de vergeleken waarde")
    if methode == METHODE_AFGEROND:
        return ("afgerond cijfer van de bron ('ongeveer'): een verschil telt pas als het ook "
                "aan de rand van de afronding de drempel haalt")
    if methode == METHODE_INTERVAL:
        return "op basis van de 95%-betrouwbaarheidsintervallen"
    if methode == METHODE_SIGNIFICANT:
        return "op basis van de significantie die de bron aangeeft"
    return ""
