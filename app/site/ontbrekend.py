"""Page '/ontbrekend' ("Wat ontbreekt per wijk"): per thema the monitor indicators without wijk
figures, who delivers them, the related indicator that has them, and a template to fill.

The template ('/sjabloon.xlsx?indicator=…') is the one `python -m etl sjabloon` writes: both
use the shared package `sjabloon`, fed here from the warehouse (the app never imports etl).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, Response, request

import sjabloon
from app import cache, catalogus, errors, gebieden, verwant, vocab
from app.frame import render_pagina
from app.queries import Warehouse, WarehouseMissing, WarehouseUnreadable, current

bp = Blueprint("ontbrekend", __name__)

PAD = "/ontbrekend"
SJABLOON_PAD = "/sjabloon.xlsx"
WIJK = "wijk"
# The catalogue's `bron` when the monitor names none ('niet vermeld in monitor …'): users read
# that no source is known, not how the catalogue was transcribed.
_GEEN_BRON = re.compile(r"^\s*niet vermeld", re.IGNORECASE)
_OPMERKING = re.compile(r"\s*\([^)]*niet vermeld[^)]*\)", re.IGNORECASE)  # '(bron niet vermeld in …)'
GEEN_BRON_TEKST = "onbekend: de monitor noemt geen bron"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Gat:
    """A monitor indicator without wijk figures."""

    code: str
    naam: str
    bron: str
    href: str  # the Verkenner on this indicator (its gemeente figures)
    verwant: tuple[verwant.Verwijzing, ...]
    sjabloon_href: str


@dataclass(frozen=True)
class Thema:
    naam: str
    id: str
    gaten: tuple[Gat, ...]


def bron_tekst(bron: str | None) -> str:
    """Who delivers the figures, as users should read it."""
    bron = _OPMERKING.sub("", bron or "").strip()
    if not bron or _GEEN_BRON.match(bron):
        return GEEN_BRON_TEKST
    return bron


def sjabloon_link(code: str) -> str:
    return f"{SJABLOON_PAD}?{urlencode({'indicator': code})}"


def _slug(tekst: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", tekst.lower()).strip("-")


def themas(db: Warehouse) -> tuple[Thema, ...]:
    """The gaps per thema, in the monitor's chapter order (kept per warehouse version)."""
    def compute() -> tuple[Thema, ...]:
        cat = db.indicatoren()
        gaten = cat[(cat["monitor_status"] != vocab.NIET_IN_MONITOR) & ~cat["heeft_wijk"].astype(bool)]
        alle = verwant.alle(db)
        out = []
        for thema in catalogus.themas(db):
            rijen = gaten[gaten["thema"] == thema]
            if rijen.empty:
                continue
            out.append(Thema(thema, f"thema-{_slug(thema)}", tuple(
                Gat(r.code, r.naam, bron_tekst(r.bron), verwant.verkenner_link(r.code),
                    alle.get(r.code, ()), sjabloon_link(r.code))
                for r in rijen.itertuples())))
        return tuple(out)

    return cache.afgeleid(db, "ontbrekend", compute)


def maak_sjabloon(db: Warehouse, code: str) -> sjabloon.Sjabloon:
    """The template of one indicator as `python -m etl sjabloon` makes it by default: the newest
    wijk division, the indicator's latest years with figures."""
    ind = catalogus.indicator(db, code)
    wijken = db.gebieden(WIJK)
    indeling = str(max(wijken["indeling"]))
    eigen = wijken[wijken["indeling"] == indeling].sort_values("gebied_code")
    return sjabloon.Sjabloon(
        indicator=code, naam=str(ind["naam"]), eenheid=str(ind["eenheid"]), bron=str(ind["bron"]),
        indeling=indeling,
        wijken=tuple(zip(eigen["gebied_code"].astype(str), eigen["naam"].astype(str), strict=True)),
        jaren=sjabloon.standaard_jaren(gebieden.jaren(db, code), dt.date.today().year))


def _geen_warehouse(exc: Exception) -> Response:
    return errors.melding_pagina("De Wijkmonitor kan nu geen cijfers tonen",
                                 [errors.friendly_message(exc)], 503)


@bp.get(PAD)
def pagina() -> Response:
    try:
        db = current()
        inhoud = themas(db)
    except (WarehouseMissing, WarehouseUnreadable) as exc:
        return _geen_warehouse(exc)
    return render_pagina("ontbrekend.html", titel="Wat ontbreekt per wijk", actief=PAD,
                         context={"themas": inhoud,
                                  "aantal": sum(len(t.gaten) for t in inhoud)})


@bp.get(SJABLOON_PAD)
def download_sjabloon() -> Response:
    """The fill-in template of ?indicator=… (app/params.py has checked the code)."""
    code = request.args.get("indicator", "")
    try:
        db = current()
        s = maak_sjabloon(db, code)
    except (WarehouseMissing, WarehouseUnreadable) as exc:
        return _geen_warehouse(exc)
    except catalogus.OnbekendeWaarde as exc:
        return errors.melding_pagina("Er is geen sjabloon voor deze indicator", [str(exc)], 404)
    response = Response(sjabloon.werkboek(s), mimetype=XLSX)
    response.headers["Content-Disposition"] = f'attachment; filename="{sjabloon.bestandsnaam(code)}"'
    response.headers["Cache-Control"] = "no-store"
    return response

