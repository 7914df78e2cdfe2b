"""The monitor's judgements, computed from the warehouse: trend, comparison, favourability, breaks.

Pure functions on plain values and frames; the rules are documented in docs/app.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from app import fmt

# Changes smaller than these count as 'stabiel' / 'gelijk' when the data carries no significance
# (no confidence interval, no asterisk). Survey percentages of a municipal sample (~1000
# respondents) have a 95% margin of about 2-3 percentage points, so smaller moves are noise;
# for other units 5% of the reference value is the customary 'no noteworthy change' margin.
DREMPEL_PROCENTPUNT = 2.0
DREMPEL_RELATIEF = 0.05

HOGER, LAGER, GELIJK, ONBEKEND = "hoger", "lager", "gelijk", "onbekend"

TREND_GEWENST = "gewenste richting"
TREND_ONGEWENST = "ongewenste richting"
TREND_STABIEL = "stabiel"
TREND_GESTEGEN = "gestegen"  # for indicators without a desired direction
TREND_GEDAALD = "gedaald"
TREND_BREUK = "niet te beoordelen (breuk in de reeks)"
TREND_ONBEKEND = "niet te beoordelen (te weinig metingen)"

GUNSTIG, ONGUNSTIG, VERGELIJKBAAR, NEUTRAAL = "gunstig", "ongunstig", "vergelijkbaar", "neutraal"

METHODE_INTERVAL = "betrouwbaarheidsintervallen"
METHODE_SIGNIFICANT = "significantie volgens de bron"
METHODE_DREMPEL = "drempel"
METHODE_AFGEROND = "drempel, afgerond cijfer"

# The warehouse has no per-figure mark for an approximate value: the monitor's 'ongeveer 5%' is
# loaded as 5 and the catalogue's toelichting says that the source's figures are rounded
# ("Wijkwaarden uit de tekst zijn afgerond ('ongeveer 5%' ...)"). A whole number of such an
# indicator is taken as approximate: shown as 'ca. 5%' and compared with the rounding margin.
AFGEROND_TOELICHTING = re.compile(r"\bongeveer\b|\bafgerond|\bcirca\b|\bzo'n\b", re.IGNORECASE)



@dataclass(frozen=True)
class Meting:
    """One figure with what is known about its uncertainty."""

    waarde: float | None
    ondergrens: float | None = None
    bovengrens: float | None = None
    significant: bool | None = None

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
                  None if sig is None else bool(sig))


def drempel(referentie: float, eenheid: str) -> float:
    """The smallest difference that counts when the data has no significance information."""
    if eenheid == "percentage":
        return DREMPEL_PROCENTPUNT
    return abs(referentie) * DREMPEL_RELATIEF


def is_afgerond(waarde: Any, toelichting: str | None) -> bool:
    """Whether a value is an approximate source figure ('ongeveer 5%'): see AFGEROND_TOELICHTING."""
    if not fmt.is_getal(waarde) or float(waarde) != round(float(waarde)):
        return False
    return isinstance(toelichting, str) and bool(AFGEROND_TOELICHTING.search(toelichting))


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
              significant: bool | None = None, marge: float = 0.0) -> Oordeel:
    """Is `gebied` higher, lower or equal to `referentie`?

    Order of evidence: both confidence intervals (overlap = gelijk); else the source's
    significance flag for this comparison; else one interval containing the other value;
    else the documented threshold (DREMPEL_PROCENTPUNT / DREMPEL_RELATIEF). `marge` is the
    rounding margin of approximate figures (afrondingsmarge): with it, a difference counts only
    when it passes the threshold even at the edge of the margin (never judged as exact).
    """
    if not (fmt.is_getal(gebied.waarde) and fmt.is_getal(referentie.waarde)):
        return Oordeel(ONBEKEND, None, "")
    diff = float(gebied.waarde) - float(referentie.waarde)
    richting = HOGER if diff > 0 else LAGER if diff < 0 else GELIJK
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
    methode = METHODE_AFGEROND if marge > 0 else METHODE_DREMPEL
    if abs(diff) - marge < drempel(float(referentie.waarde), eenheid):
        return Oordeel(GELIJK, diff, methode)
    return Oordeel(richting, diff, methode)


def afwijking(oordeel: Oordeel, referentie: float | None, eenheid: str) -> float:
    """How far apart two figures are, in thresholds (2 procentpunt = 1): ranks 'Opvallend in ...'.

    Comparable across units: 6 procentpunt and 15% of a rate per 1000 both score 3.
    """
    if not fmt.is_getal(oordeel.verschil) or not fmt.is_getal(referentie):
        return 0.0
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

    `reeks` has one row per year (jaar, waarde, status, ondergrens, bovengrens, significant).
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
    nieuw = meting(laatste)
    oordeel = vergelijk(nieuw, meting(vorige), eenheid, nieuw.significant)
    if oordeel.richting == GELIJK:
        uitkomst = TREND_STABIEL
    elif gewenste_richting in (HOGER, LAGER):
        uitkomst = TREND_GEWENST if oordeel.richting == gewenste_richting else TREND_ONGEWENST
    else:
        uitkomst = TREND_GESTEGEN if oordeel.richting == HOGER else TREND_GEDAALD
    return Trend(uitkomst, jaar, vorig_jaar, oordeel.verschil, oordeel.methode)


def methode_tekst(methode: str, eenheid: str) -> str:
    """How a judgement was reached, in words for a tooltip or footnote."""
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
