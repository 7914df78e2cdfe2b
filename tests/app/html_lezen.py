"""Reading server-rendered pages in tests: the text of tables and elements, with the stdlib parser.

Only what the tests need: cell texts of a table by id, the text of an element by id, links.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_LEEG = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col"}


class _Knoop:
    def __init__(self, tag: str, attrs: dict[str, str | None], ouder: _Knoop | None) -> None:
        self.tag, self.attrs, self.ouder = tag, attrs, ouder
        self.kinderen: list[_Knoop | str] = []

    def tekst(self) -> str:
        delen = [k if isinstance(k, str) else k.tekst() for k in self.kinderen]
        return re.sub(r"\s+", " ", "".join(delen)).strip()

    def alle(self, tag: str | None = None) -> list[_Knoop]:
        out = []
        for k in self.kinderen:
            if isinstance(k, _Knoop):
                if tag is None or k.tag == tag:
                    out.append(k)
                out += k.alle(tag)
        return out


class _Boom(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.wortel = _Knoop("#document", {}, None)
        self.hier = self.wortel

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        knoop = _Knoop(tag, dict(attrs), self.hier)
        self.hier.kinderen.append(knoop)
        if tag not in _LEEG:
            self.hier = knoop

    def handle_endtag(self, tag: str) -> None:
        knoop = self.hier
        while knoop is not None and knoop.tag != tag:
            knoop = knoop.ouder
        if knoop is not None and knoop.ouder is not None:
            self.hier = knoop.ouder

    def handle_data(self, data: str) -> None:
        self.hier.kinderen.append(data)


def boom(html: str) -> _Knoop:
    """The document as a tree of elements."""
    parser = _Boom()
    parser.feed(html)
    return parser.wortel


def element(html: str | _Knoop, id_: str) -> _Knoop | None:
    """The element with this id, or None."""
    wortel = boom(html) if isinstance(html, str) else html
    return next((k for k in wortel.alle() if k.attrs.get("id") == id_), None)


def tabel(html: str | _Knoop, id_: str) -> tuple[list[str], list[list[str]]]:
    """(header texts, body rows of cell texts) of the table with this id."""
    t = element(html, id_)
    assert t is not None, f"no table #{id_}"
    kop = [th.tekst() for th in t.alle("thead")[0].alle("th")]
    rijen = [[c.tekst() for c in tr.alle() if c.tag in ("th", "td") and c.ouder is tr]
             for tr in t.alle("tbody")[0].alle("tr")]
    return kop, rijen
