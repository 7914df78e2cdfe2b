"""Server-side check of a page's URL parameters: known names, sane text, values the warehouse holds.

A bad link gets a short Dutch page with HTTP 400 (malformed) or 404 (unknown value); see docs/deploy.md.
"""

# `controleer(pad, args)` is the whole check (no Flask needed: tests and fuzzers call it);
# `install` registers it as a Flask before_request. Values reach the warehouse only through
# app/queries.py (bound parameters) and only after the syntax check; messages are plain text,
# escaped when rendered (app/templates/melding.html).

from __future__ import annotations

import re
from collections import ChainMap
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import Flask, Response, g, redirect, request

from app import catalogus, errors, gebieden
from app import viewstate as vs
from app.onderdelen import register
from app.profiel import keuze
from app.queries import KAART_NIVEAUS, Warehouse, WarehouseMissing, WarehouseUnreadable, current

# Longest value a link may carry: codes are short, the longest theme name has 34 characters.
MAX_LENGTE = 100
# Letters (also accented: 'Cliëntervaring'), digits, '_' and the punctuation of theme names.
_TEKST = re.compile(r"^[\w .,()&'+-]+$")
_JAAR = re.compile(r"^[0-9]{4}$")
# A parameter name a page does not know is ignored with a notice (tracking tags such as
# utm_source); one that does not even look like a name is refused.
_NAAM = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
# Echoed values are cut to this length in messages.
_TOON = 40

ONGELDIG = 400  # the link is malformed (empty, too long, odd characters, repeated, missing)
ONBEKEND = 404  # well-formed, but the warehouse holds no such indicator, year, area, ...

Controle = Callable[[Warehouse, str, dict[str, str]], "str | None"]


@dataclass(frozen=True)
class Fout:
    """One problem with a link: the parameter, the HTTP status it earns, the Dutch message."""

    parameter: str | None
    status: int
    melding: str


@dataclass(frozen=True)
class Pagina:
    """The URL contract of one page: its parameters, which are required, how strict it is."""

    params: tuple[str, ...]
    verplicht: tuple[str, ...] = ()
    embed: bool = False  # embed views refuse unknown parameter names (a snippet has none)


@dataclass(frozen=True)
class Uitslag:
    """The outcome of checking one link."""

    pad: str
    fouten: tuple[Fout, ...] = ()
    geldig: dict[str, str] = field(default_factory=dict)  # the parameters that passed

    @property
    def ok(self) -> bool:
        return not self.fouten

    @property
    def status(self) -> int:
        """200, or 400 when anything is malformed, else 404."""
        if not self.fouten:
            return 200
        return ONGELDIG if any(f.status == ONGELDIG for f in self.fouten) else ONBEKEND

    def schone_link(self) -> str:
        """The same page with only the parameters that passed (the nearest valid view)."""
        volgorde = PAGINAS[self.pad].params if self.pad in PAGINAS else tuple(self.geldig)
        items = [(k, self.geldig[k]) for k in volgorde if k in self.geldig]
        return self.pad + ("?" + urlencode(items) if items else "")


# -- the pages and their parameters -------------------------------------------------------------

VERKENNER = vs.VERKENNER_PARAMS  # the view state's parameters (app/viewstate.py)
# The Verkenner moved from '/' to '/verkenner' (the start page took '/'): an old deep link, '/'
# with any of the Verkenner's parameters, is sent on permanently with the same query.
VERKENNER_PAD = "/verkenner"
START_PAD = "/"
WIJKPROFIEL = keuze.PARAMS  # the page's own parameters (app/profiel/keuze.py)
_VASTE_PAGINAS: dict[str, Pagina] = {
    START_PAD: Pagina(()),
    VERKENNER_PAD: Pagina(VERKENNER),
    keuze.PAD: Pagina(WIJKPROFIEL),
    # its downloads (app/site/wijkprofiel.py): the same parameters, an area required
    "/wijkprofiel.csv": Pagina(WIJKPROFIEL, verplicht=("gebied",)),
    "/wijkprofiel.xlsx": Pagina(WIJKPROFIEL, verplicht=("gebied",)),
    "/monitor": Pagina(("thema", "doel")),
    "/monitor.csv": Pagina(("thema", "doel")),
    "/monitor.xlsx": Pagina(("thema", "doel")),
    "/404": Pagina(()),
    "/oordelen": Pagina(()),
    "/ontbrekend": Pagina(()),
    # the fill-in template of one indicator's wijk figures (app/site/ontbrekend.py)
    "/sjabloon.xlsx": Pagina(("indicator",), verplicht=("indicator",)),
    # the embed views of the kinds of view (app/onderdelen) come from its registry: EMBED_PAGINAS
    "/embed/wijkprofiel": Pagina(("gebied", "indeling", "thema"), verplicht=("gebied",),
                                 embed=True),
}
EMBED_PREFIX = "/embed/"


class _EmbedPaginas(Mapping[str, Pagina]):
    """'/embed/<naam>' of every registered kind of view with an embed, read from the registry
    each time: a kind registered is checked at once, none is served unchecked."""

    def _alles(self) -> dict[str, Pagina]:
        return {f"{EMBED_PREFIX}{naam}": Pagina(e.params, verplicht=e.verplicht, embed=True)
                for naam, (_, e) in register.embeds().items()}

    def __getitem__(self, pad: str) -> Pagina:
        return self._alles()[pad]

    def __iter__(self) -> Iterator[str]:
        return iter(self._alles())

    def __len__(self) -> int:
        return len(self._alles())


EMBED_PAGINAS: Mapping[str, Pagina] = _EmbedPaginas()
# Every page's parameters: the pages above, then the registry's embed views.
PAGINAS = ChainMap(_VASTE_PAGINAS, EMBED_PAGINAS)  # type: ignore[arg-type]
WEERGAVEN = tuple(dict(vs.WEERGAVEN))  # the map's colourings (app/viewstate.py)


def _kort(waarde: str) -> str:
    return waarde if len(waarde) <= _TOON else waarde[:_TOON] + "…"


def _indicator(db: Warehouse, v: str, _: dict[str, str]) -> str | None:
    if v not in set(db.indicatoren()["code"]):
        return f"De indicator '{v}' bestaat niet."
    return None


def _thema(db: Warehouse, v: str, _: dict[str, str]) -> str | None:
    if v not in catalogus.themas(db):
        return f"Het thema '{v}' bestaat niet."
    return None


def _doel(db: Warehouse, v: str, _: dict[str, str]) -> str | None:
    if v not in set(db.doelen()["doel_code"]):
        return f"Het doel '{v}' bestaat niet."
    return None


def _jaar(db: Warehouse, v: str, geldig: dict[str, str]) -> str | None:
    jaar = int(v)
    if "indicator" in geldig:
        if jaar not in gebieden.jaren(db, geldig["indicator"]):
            return f"Voor {jaar} zijn er geen cijfers van de indicator '{geldig['indicator']}'."
    elif jaar not in {int(j) for j in db.jaren()["jaar"]}:
        return f"Voor {jaar} zijn er geen cijfers."
    return None


def _niveau(_db: Warehouse, v: str, _: dict[str, str]) -> str | None:
    if v not in KAART_NIVEAUS:
        return f"Het gebiedsniveau '{v}' bestaat niet; kies wijk, buurt of gebiedscluster."
    return None


def _weergave(_db: Warehouse, v: str, _: dict[str, str]) -> str | None:
    if v not in WEERGAVEN:
        return f"De weergave '{v}' bestaat niet; kies waarde of verschil."
    return None


def _indelingen(db: Warehouse) -> set[str]:
    return {str(i) for n in KAART_NIVEAUS for i in db.gebieden(n)["indeling"]}


def _indeling(db: Warehouse, v: str, _: dict[str, str]) -> str | None:
    if v not in _indelingen(db):
        return f"De indeling '{v}' bestaat niet."
    return None


def _gebied(db: Warehouse, v: str, geldig: dict[str, str]) -> str | None:
    niveaus = (geldig["niveau"],) if "niveau" in geldig else KAART_NIVEAUS
    indeling = geldig.get("indeling")
    if gebieden.niveau_van(db, v, niveaus, indeling):
        return None
    if indeling:
        return f"Het gebied '{v}' bestaat niet in de {gebieden.indeling_label(indeling)}."
    return f"Het gebied '{v}' bestaat niet."


def _vergelijk(db: Warehouse, v: str, _: dict[str, str]) -> str | None:
    if gebieden.is_vast_gebied(db, v) or gebieden.niveau_van(db, v, keuze.PROFIEL_NIVEAUS):
        return None
    return f"Het gebied '{v}' om mee te vergelijken bestaat niet."


def _volledig(_db: Warehouse, v: str, _: dict[str, str]) -> str | None:
    if v != "1":
        return f"De waarde '{v}' voor volledig bestaat niet; gebruik volledig=1."
    return None


def _groep(db: Warehouse, v: str, geldig: dict[str, str]) -> str | None:
    if "indicator" not in geldig:
        return None  # the indicator's own message says enough
    if v not in set(db.uitsplitsing_dimensies(geldig["indicator"])["dimensie"]):
        return f"De indicator '{geldig['indicator']}' heeft geen uitsplitsing naar '{v}'."
    return None


# In this order: a year or breakdown is checked against the indicator, an area against its
# level or indeling, so those come first.
CONTROLES: dict[str, Controle] = {
    "indicator": _indicator,
    "thema": _thema,
    "doel": _doel,
    "niveau": _niveau,
    "indeling": _indeling,
    "weergave": _weergave,
    "jaar": _jaar,
    "gebied": _gebied,
    "groep": _groep,
    "vergelijk": _vergelijk,
    "volledig": _volledig,
}


# -- the check ------------------------------------------------------------------------------------


def pagina_pad(pad: str) -> str:
    """'/monitor/' -> '/monitor' (Dash pages ignores the trailing slash too)."""
    return "/" + pad.strip("/")


def _paren(args: Mapping[str, str] | Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    if hasattr(args, "items") and hasattr(args, "getlist"):  # a werkzeug MultiDict
        return [(k, v) for k in args for v in args.getlist(k)]  # type: ignore[union-attr]
    if isinstance(args, Mapping):
        return list(args.items())
    return list(args)


def _syntax(naam: str, waarde: str) -> Fout | None:
    if waarde == "":
        return Fout(naam, ONGELDIG, f"'{naam}' staat in de link zonder waarde.")
    if len(waarde) > MAX_LENGTE:
        return Fout(naam, ONGELDIG, f"De waarde van '{naam}' is te lang voor een geldige link.")
    if naam == "jaar":
        if not _JAAR.match(waarde):
            return Fout(naam, ONGELDIG, "'jaar' moet een jaartal zijn, zoals 2023.")
    elif not _TEKST.match(waarde):
        return Fout(naam, ONGELDIG, f"De waarde van '{naam}' bevat tekens die in geen enkele "
                                    "code of naam voorkomen.")
    return None


def controleer(pad: str, args: Mapping[str, str] | Iterable[tuple[str, str]],
               db: Warehouse | None = None) -> Uitslag:
    """Check a page's query parameters; the warehouse is consulted only for well-formed values.

    `pad` is the request path, `args` the query (a dict, pairs, or Flask's request.args). Paths
    that are not pages of the app give an empty Uitslag for '/'-pages (Dash shows its not-found
    page) and a 404 for unknown /embed/ views.
    """
    pad = pagina_pad(pad)
    pagina = PAGINAS.get(pad)
    if pagina is None:
        if pad.startswith(EMBED_PREFIX) or pad == EMBED_PREFIX.rstrip("/"):
            return Uitslag(pad, (Fout(None, ONBEKEND, "Deze weergave bestaat niet. Kies kaart, "
                                      "trend, groepen of wijkprofiel."),))
        return Uitslag(pad)
    fouten: list[Fout] = []
    waarden: dict[str, str] = {}
    gezien: set[str] = set()
    for naam, waarde in _paren(args):
        if not _NAAM.match(naam):
            fouten.append(Fout(None, ONGELDIG, "De link bevat een onderdeel met een ongeldige naam."))
            continue
        if naam not in pagina.params:
            if pagina.embed:
                fouten.append(Fout(naam, ONGELDIG, f"Deze weergave kent '{naam}' niet; bruikbaar "
                                   f"zijn: {', '.join(pagina.params)}."))
            continue  # the page itself names it in its notice and ignores it
        if naam in gezien:
            fouten.append(Fout(naam, ONGELDIG, f"'{naam}' staat meer dan eens in de link."))
            waarden.pop(naam, None)
            continue
        gezien.add(naam)
        fout = _syntax(naam, waarde)
        if fout:
            fouten.append(fout)
        else:
            waarden[naam] = waarde
    for naam in pagina.verplicht:
        if naam not in gezien:
            fouten.append(Fout(naam, ONGELDIG, f"De link mist '{naam}'."))
    geldig: dict[str, str] = {}
    if waarden:
        db = db or current()
        for naam, controle in CONTROLES.items():
            if naam not in waarden:
                continue
            melding = controle(db, waarden[naam], geldig)
            if melding:
                fouten.append(Fout(naam, ONBEKEND, melding.replace(waarden[naam],
                                                                  _kort(waarden[naam]))))
            else:
                geldig[naam] = waarden[naam]
    return Uitslag(pad, tuple(fouten), geldig)


# -- Flask ----------------------------------------------------------------------------------------

# Dash serves its index for these rules (every path that is not an asset or API route).
DASH_INDEX_REGELS = ("/", "/<path:path>")
EMBED_ENDPOINT = "embed.view"
G_STATUS = "wijkmonitor_status"  # flask.g: the status the index response must get (app/security.py)


def is_pagina_verzoek() -> bool:
    """Whether the current request asks for a page (Dash's index, a server-rendered page of
    app/site or its download, or an embed view)."""
    rule = request.url_rule
    return (request.method in ("GET", "HEAD") and rule is not None
            and (rule.rule in DASH_INDEX_REGELS or request.endpoint == EMBED_ENDPOINT
                 or pagina_pad(rule.rule) in PAGINAS))


def oude_verkenner_link(pad: str, args: Mapping[str, str] | Iterable[tuple[str, str]]) -> bool:
    """Whether a request for `pad` is an old deep link into the Verkenner (app/viewstate.py)."""
    return vs.is_oude_link(pagina_pad(pad), (naam for naam, _ in _paren(args)))


def _voor_verzoek() -> Response | None:
    if not is_pagina_verzoek():
        return None
    pad = pagina_pad(request.path)
    # An old Verkenner link is checked as one: a malformed one gets its 400 here, any other
    # is sent on to /verkenner (which says what it does not hold).
    oud = oude_verkenner_link(pad, request.args)
    if oud:
        pad = VERKENNER_PAD
    embed = pad.startswith(EMBED_PREFIX)
    if pad not in PAGINAS and not embed:
        setattr(g, G_STATUS, 404)  # Dash shows its Dutch not-found page, with the right status
        return None
    try:
        uitslag = controleer(pad, request.args)
    except (WarehouseMissing, WarehouseUnreadable) as exc:
        return errors.melding_pagina("De Wijkmonitor kan nu geen cijfers tonen",
                                     [errors.friendly_message(exc)], 503, compact=embed)
    if oud and uitslag.status != ONGELDIG:
        query = request.query_string.decode("latin-1")
        return redirect(f"{VERKENNER_PAD}?{query}", code=308)
    if uitslag.ok:
        return None
    if embed:
        return errors.melding_pagina("Deze weergave kan niet worden getoond",
                                     [f.melding for f in uitslag.fouten], uitslag.status,
                                     compact=True)
    return errors.melding_pagina(
        "Deze link klopt niet", [f.melding for f in uitslag.fouten], uitslag.status,
        links=[(uitslag.schone_link(), "Open de pagina zonder de onderdelen die niet kloppen"),
               ("/verkenner", "Naar de verkenner")])


def install(server: Flask) -> None:
    """Check every page request's parameters before Dash or an embed view answers it."""
    server.before_request(_voor_verzoek)
