"""What every kind of view shares: its registry entry (Onderdeel, Embed), the page it is drawn on
(Pagina), and what an embed view returns (Weergave, Tabel, GeenWeergave).

No Dash, no Flask, no SQL: the Verkenner, the embeds, the exports and params read these.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from app.config import Config
from app.onderdelen.stijl import Figuur
from app.queries import Warehouse
from app.viewstate import ViewState

# The embedded chart has no title of its own (the page's h1 says it) and little top margin.
EMBED_MARGE_BOVEN = 16
BRON_GRENZEN = "grenzen: CBS/PDOK, Wijk- en buurtkaart"


class GeenWeergave(ValueError):
    """The parameters are valid, but this combination has nothing to show (Dutch message)."""


@dataclass
class Tabel:
    """A table alternative: caption, columns (key, header, numeric), rows of display text."""

    caption: str
    kolommen: list[tuple[str, str, bool]]
    rijen: list[dict[str, str]]
    rij_kop: str
    samenvatting: str = "Tabel bij de grafiek"
    kop: str = ""  # a section heading when the table stands on its own (wijkprofiel)


@dataclass
class Weergave:
    """Everything embed.html renders for one view."""

    soort: str  # the embed's name: kaart | trend | groepen | wijkprofiel
    titel: str
    ondertitel: str
    eenheid: str
    bron: str
    link: str  # the same view in the full dashboard (relative: resolves to the app's origin)
    figuur: dict[str, Any] | None
    grafiek_label: str
    tabellen: list[Tabel]
    notities: list[str] = field(default_factory=list)
    profiel: Any = None  # the wijkprofiel (app.profiel.Profiel): rendered by the page's macros


@dataclass(frozen=True)
class Pagina:
    """The page a kind of view is drawn on (the Verkenner): what the kind needs of it.

    `prefix` starts every component id ('verkenner-kaart'); `gebied_links(state)` gives, for an
    area's code, the address of the same view with that area chosen.
    """

    prefix: str
    gebied_links: Callable[[ViewState], Callable[[str], str]]


@dataclass(frozen=True)
class Embed:
    """A kind's embed view at /embed/<naam>: its URL parameters (checked by app/params.py), the
    suggested iframe height and the title of its snippet; `maak` draws it for the view its link
    names (app/viewstate.py voor_weergave),
    `beschikbaar` says whether the Verkenner's state has something to embed."""

    naam: str
    params: tuple[str, ...]
    hoogte: int
    titel: str
    maak: Callable[[Warehouse, ViewState, Config], Weergave]
    beschikbaar: Callable[[Warehouse, ViewState], bool]
    verplicht: tuple[str, ...] = ("indicator",)


@dataclass(frozen=True)
class Onderdeel:
    """One kind of view as every consumer sees it (the registry's entry, app/onderdelen/__init__).

    Verkenner: `outputs` are the (component id suffix, property) pairs `render(state, pagina)`
    returns, in that order; `blok(prefix, eerst)` is its section of the layout, filled by
    `eerst[id, prop]`; it is redrawn when `sleutels(state)` changes; `bijwerken(state, vorige,
    pagina)` may answer a smaller change cheaply (None: draw it all). `embed` is its embed view or
    None; `export(db, state)` the named frames it adds to a download (their order: export_volgorde).
    """

    naam: str
    outputs: tuple[tuple[str, str], ...]
    sleutels: Callable[[ViewState], tuple]
    render: Callable[[ViewState, Pagina], tuple]
    blok: Callable[[str, Mapping[tuple[str, str], Any]], Any] | None = None
    bijwerken: Callable[[ViewState, ViewState, Pagina], tuple | None] | None = None
    embed: Embed | None = None
    export: Callable[[Warehouse, ViewState], Mapping[str, pd.DataFrame]] | None = None
    export_volgorde: int = 0


_AS = re.compile(r"[xy]axis\d*")  # layout keys of the cartesian axes


def voor_embed(fig: Figuur) -> dict[str, Any]:
    """The figure without its own title and source note (the page has both), no zoom or pan."""
    layout = {k: v for k, v in fig.get("layout", {}).items() if k != "title"}
    layout["dragmode"] = False
    layout["margin"] = {**layout.get("margin", {}), "t": EMBED_MARGE_BOVEN}
    layout["annotations"] = [a for a in layout.get("annotations", [])
                             if not str(a.get("text") or "").startswith("Bron:")]
    for naam in [k for k in layout if _AS.fullmatch(k)]:  # every axis: the trend has yaxis2
        layout[naam] = {**layout[naam], "fixedrange": True}
    return {"data": fig.get("data", []), "layout": layout}


def bron(ind: pd.Series, *extra: str) -> str:
    """The source line of an embed: the indicator's source, then any extra sources."""
    return "; ".join([str(ind.get("bron") or "onbekend"), *extra])
