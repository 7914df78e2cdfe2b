"""The one registry of the kinds of view, REGISTER: the Verkenner, the embeds, the downloads and
the URL check (app/params.py) take their lists from it. Adding a kind: its module, and one line.
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
