"""Dutch display of numbers, units, statuses and differences (8,3%; 1.020; +1,2 procentpunt).

Pure functions used by figures, tables and exports alike, so every view says the same thing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from app import vocab

# Statuses of fact_waarde plus the absence of a row; never shown as a number.
STATUS_WAARDE = "waarde"
STATUS_NIET_GEMETEN = "niet gemeten"
STATUS_ONDERDRUKT = "geheim/onderdrukt"
STATUS_GEEN = "geen gegevens"  # no row in the warehouse for this area/year

STATUS_TEKST = {
    STATUS_NIET_GEMETEN: "niet gemeten",
    STATUS_ONDERDRUKT: "geheim/onderdrukt",
    STATUS_GEEN: "geen gegevens",
}

# Units written after the number; others are written out in full after a space.
_ACHTERVOEGSEL = {"percentage": "%", "aantal": "", "rapportcijfer": "", "score": ""}
_VOORVOEGSEL = {"euro": "€ "}

# Units as the catalogue writes them -> as people write them after a number. A value in thousands
# of euros reads '372 × € 1.000'; squares and cubes get their superscript; numbers in a unit get
# Dutch thousands dots ('per 1.000 inwoners').
_EENHEID_TEKST = {"1000 euro": "× € 1.000", "x 1000 euro": "× € 1.000", "€ 1000": "× € 1.000",
                  "niet vermeld": "onbekend"}
_MACHT = ((re.compile(r"(?<=[a-z])2\b"), "²"), (re.compile(r"(?<=[a-z])3\b"), "³"))
_DUIZEND = re.compile(r"\b(\d{1,3})(\d{3})\b")

# Precision: figures are shown as the source publishes them (whole numbers stay whole);
# other values get one decimal, or two below 1 so that small distances (0,35 km) keep meaning.
DECIMALEN_GROOT = 1
DECIMALEN_KLEIN = 2


def is_getal(value: Any) -> bool:
    """True for a finite number (not None, not NaN)."""
    if value is None:
        return False
    try:
        return not math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def getal(value: Any, decimalen: int | None = None) -> str:
    """A number in Dutch notation: 1.234,5; whole numbers without decimals."""
    if not is_getal(value):
        return ""
    v = float(value)
    if decimalen is None:
        decimalen = decimalen_van(v)
    text = f"{v:,.{decimalen}f}"
    text = text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    if text.startswith("-") and float(text.lstrip("-").replace(".", "").replace(",", ".")) == 0:
        text = text[1:]
    return text


def decimalen_van(value: float) -> int:
    """The decimals a value is shown with (see DECIMALEN_GROOT / DECIMALEN_KLEIN)."""
    v = float(value)
    return 0 if v == round(v) else DECIMALEN_GROOT if abs(v) >= 1 else DECIMALEN_KLEIN


def afgerond(value: Any, decimalen: int | None = None) -> float | None:
    """The number as it is shown (rounded like `getal`), for exports; None when not a number."""
    if not is_getal(value):
        return None
    return round(float(value), decimalen_van(float(value)) if decimalen is None else decimalen)


# Before an approximate source figure (fact_waarde.soort 'ongeveer': the source wrote 'ca.').
AFGEROND_TEKEN = "ca. "


def waarde(value: Any, eenheid: str, status: str | None = STATUS_WAARDE,
           decimalen: int | None = None, soort: str | None = None) -> str:
    """A value with its unit ('8,3%', '1.020', '12 per 1000 inwoners'), or its status in words.

    `soort` (app/vocab.py): an approximate figure reads 'ca. 5%'; any other kind that is not
    measured carries its mark in brackets: '23,4% (schatting)', '156.230 (berekend)'.
    """
    if status and status != STATUS_WAARDE:
        return STATUS_TEKST.get(status, status)
    if not is_getal(value):
        return STATUS_TEKST[STATUS_GEEN]
    number = getal(value, decimalen)
    if soort == vocab.ONGEVEER:
        return AFGEROND_TEKEN + _met_eenheid(number, eenheid)
    teken = vocab.teken(soort)
    return _met_eenheid(number, eenheid) + (f" ({teken})" if teken else "")


def eenheid_tekst(eenheid: str) -> str:
    """The catalogue's unit as written after a number: 'per km²', '× € 1.000', 'per 1.000 inwoners'."""
    eenheid = (eenheid or "").strip()
    if eenheid in _EENHEID_TEKST:
        return _EENHEID_TEKST[eenheid]
    if eenheid in _ACHTERVOEGSEL or eenheid in _VOORVOEGSEL:
        return eenheid
    for patroon, teken in _MACHT:
        eenheid = patroon.sub(teken, eenheid)
    return _DUIZEND.sub(r"\1.\2", eenheid)


def decimalen(waarden: Iterable[Any]) -> int:
    """One number of decimals for all figures of an indicator: the most any of them needs.

    Whole numbers stay whole; otherwise DECIMALEN_GROOT, or DECIMALEN_KLEIN when every figure is
    below 1 (0,35 km). So '2.119,0' stands next to '2.119,5', never '2119'.
    """
    getallen = [abs(float(v)) for v in waarden if is_getal(v)]
    if not getallen or all(v == round(v) for v in getallen):
        return 0
    return DECIMALEN_KLEIN if max(getallen) < 1 else DECIMALEN_GROOT


def decimalen_indicator(vast: Any, waarden: Iterable[Any] = ()) -> int:
    """One precision per indicator everywhere: the catalogue's (dim_indicator.decimalen, the most
    decimals any delivered figure has), else what the figures shown need (`decimalen`)."""
    if is_getal(vast):
        return int(vast)
    return decimalen(waarden)


def plotly_getalformaat() -> str:
    """d3 format of axis ticks: thousands grouped, no SI suffix ('150.000', not '150k').

    With the figures' layout.separators=',.' plotly writes a decimal comma and a thousands dot.
    """
    return ",~f"


def _met_eenheid(number: str, eenheid: str) -> str:
    eenheid = eenheid_tekst(eenheid)
    if eenheid in _VOORVOEGSEL:
        return f"{_VOORVOEGSEL[eenheid]}{number}"
    if eenheid in _ACHTERVOEGSEL:
        return f"{number}{_ACHTERVOEGSEL[eenheid]}"
    if eenheid in ("", "onbekend", "niet vermeld"):
        return number
    return f"{number} {eenheid}"


def verschil_eenheid(eenheid: str) -> str:
    """The unit of a difference: percentage points for percentages, else the unit itself."""
    return "procentpunt" if eenheid == "percentage" else eenheid


def verschil(diff: Any, eenheid: str, decimalen: int | None = None) -> str:
    """A signed difference with unit: '+1,2 procentpunt', '-30 per 1.000 inwoners', '0'."""
    if not is_getal(diff):
        return ""
    number = getal(diff, decimalen)
    if float(diff) > 0 and number.strip("0,") != "":
        number = "+" + number
    unit = verschil_eenheid(eenheid)
    if unit in ("aantal", "rapportcijfer", "score", "", "onbekend", "niet vermeld"):
        return number
    if unit == "euro":
        return f"€ {number}"
    return f"{number} {eenheid_tekst(unit)}"


def eenheid_label(eenheid: str) -> str:
    """The unit as an axis or column title: 'percentage (%)', 'aantal', 'per 1000 inwoners'."""
    if eenheid == "percentage":
        return "percentage (%)"
    return eenheid_tekst(eenheid) or "waarde"


def jaar_label(jaar: int, periode_label: str | None) -> str:
    """The year as the figure's period: '2023' or 'schooljaar 2023-2024'."""
    return periode_label or str(jaar)


MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")


def datum(iso: str) -> str:
    """An ISO date or timestamp ('2026-12-02T08:30:00') in words: '2 december 2026'; '' if unreadable."""
    try:
        jaar, maand, dag = (int(deel) for deel in iso[:10].split("-"))
        return f"{dag} {MAANDEN[maand - 1]} {jaar}" if 1 <= maand <= 12 and 1 <= dag <= 31 else ""
    except ValueError:
        return ""


# -- catalogue texts for users -------------------------------------------------------------------

# The catalogue is written by and for its curators: it says where a fact was not found ('niet
# vermeld in monitor'). Users read what is known: the publication, and that its source is unknown.
BRON_ONBEKEND = "oorspronkelijke bron onbekend"
_BRON_NIET_VERMELD = re.compile(
    r"^niet vermeld in (?:de |deze )?monitor(?: (?P<jaar>\d{4}))?(?: \((?P<publicatie>[^)]+)\))?$",
    re.IGNORECASE)
_BRON_HAAKJES = re.compile(r"\s*\((?:bron )?niet vermeld[^)]*\)", re.IGNORECASE)
_NIET_VERMELD = re.compile(r"\bniet vermeld(?: in (?:de |deze )?monitor)?", re.IGNORECASE)


def bron_tekst(bron: Any) -> Any:
    """The catalogue's source as users read it: 'niet vermeld in monitor (Monitor Inclusieve
    Stad 2025, O&S)' -> 'Monitor Inclusieve Stad 2025, O&S (oorspronkelijke bron onbekend)';
    'GGD Gezondheidsmonitor (bron niet vermeld in ...)' -> 'GGD Gezondheidsmonitor'."""
    if not isinstance(bron, str):
        return bron
    m = _BRON_NIET_VERMELD.match(bron.strip())
    if m:
        publicatie = m["publicatie"] or " ".join(filter(None, ("Monitor Inclusieve Stad", m["jaar"])))
        return f"{publicatie} ({BRON_ONBEKEND})"
    return _NIET_VERMELD.sub("onbekend", _BRON_HAAKJES.sub("", bron))


def gebruikerstekst(tekst: Any) -> Any:
    """A catalogue note for users: what was 'niet vermeld (in deze monitor)' is 'onbekend'."""
    return _NIET_VERMELD.sub("onbekend", tekst) if isinstance(tekst, str) else tekst

