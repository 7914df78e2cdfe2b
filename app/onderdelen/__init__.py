"""The kinds of view (map, trend, breakdown) and their one registry, REGISTER: every consumer reads it.

Like OWID's grapher, where one chart config drives chart, map and table: a kind is one module that
owns its data, figure, texts, table alternative, Verkenner part, embed and export, and one line
below. The Verkenner (app/pages/verkenner.py), the embeds (app/embed), the downloads and the URL
check (app/params.py) take their lists from REGISTER; docs/architecture.md has the recipe.
Modules here import data, queries, rules, fmt, vocab and components; never pages, site, embed or
params.
"""

from __future__ import annotations

from app.onderdelen import kaart, trend, uitsplitsing
from app.onderdelen.basis import Embed, Onderdeel

# In the order of the Verkenner's page. Adding a kind of view: its module, and its line here.
REGISTER: dict[str, Onderdeel] = {o.naam: o for o in (
    kaart.ONDERDEEL,
    trend.ONDERDEEL,
    uitsplitsing.ONDERDEEL,
)}


def embeds() -> dict[str, tuple[Onderdeel, Embed]]:
    """The registered kinds with an embed view, by the embed's URL name (/embed/<naam>)."""
    return {o.embed.naam: (o, o.embed) for o in REGISTER.values() if o.embed is not None}
