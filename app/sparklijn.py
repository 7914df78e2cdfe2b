"""A small trend line (sparkline) as inline SVG geometry: series in, paths and points out.

Pure function for the server-rendered pages (no plotly.js needed for a 100-pixel line): the start
page's cards draw one series, the wijkprofiel the area and the gemeente on one scale. Measured
years are joined by a solid line; a gap of unmeasured years is bridged by a dashed segment, and
an unmeasured year is never drawn as a value (no point at 0).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# A series: (jaar, waarde), waarde None for a year the source lists as not measured.
Reeks = Sequence[tuple[int, float | None]]


@dataclass(frozen=True)
class Maat:
    """Size of the drawing in SVG units; the margin keeps the end dots whole."""

    breedte: float
    hoogte: float
    marge: float


# The start page's card has room beside its figure; a wijkprofiel's table cell is narrower.
KAART = Maat(120.0, 36.0, 4.0)
TABEL = Maat(96.0, 28.0, 3.0)


@dataclass(frozen=True)
class Lijn:
    """One series drawn: `doorgetrokken` and `gestippeld` are SVG path data ('' for none)."""

    doorgetrokken: str  # consecutive measurements
    gestippeld: str  # across unmeasured years
    punten: tuple[tuple[float, float], ...]  # every measured figure

    @property
    def laatste(self) -> tuple[float, float] | None:
        """The latest measured figure (emphasised), None without any."""
        return self.punten[-1] if self.punten else None


@dataclass(frozen=True)
class Sparklijn:
    """What a template draws: one Lijn per series, in the order given."""

    breedte: float
    hoogte: float
    lijnen: tuple[Lijn, ...]


def _getal(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _stuk(punten: list[tuple[float, float]]) -> str:
    """A run of points as one subpath ('M x yL x yL x y')."""
    return "M" + "L".join(f"{_getal(x)} {_getal(y)}" for x, y in punten)


def sparklijn(*reeksen: Reeks, maat: Maat = KAART) -> Sparklijn | None:
    """The lines of the series on one scale; None when no series has 2 measured figures.

    x is proportional to the year over the years of all series (a two-yearly series keeps its
    rhythm); y spans the measured values of all series (a sparkline shows the shape, the page
    states the values), flat in the middle when all are equal. A series with fewer than 2
    measured figures gets its points but no line.
    """
    gemeten = [[(int(j), float(w)) for j, w in r if w is not None] for r in reeksen]
    if all(len(g) < 2 for g in gemeten):
        return None
    jaren = sorted({int(j) for r in reeksen for j, _ in r})
    waarden = [w for g in gemeten for _, w in g]
    j0, j1 = jaren[0], jaren[-1]
    laag, hoog = min(waarden), max(waarden)
    b, h, m = maat.breedte, maat.hoogte, maat.marge

    def x(jaar: int) -> float:
        return m + (b - 2 * m) * ((jaar - j0) / (j1 - j0) if j1 > j0 else 0.5)

    def y(waarde: float) -> float:
        return h - m - (h - 2 * m) * ((waarde - laag) / (hoog - laag) if hoog > laag else 0.5)

    def lijn(reeks: Reeks, meting: list[tuple[int, float]]) -> Lijn:
        punten = [(round(x(j), 1), round(y(w), 1)) for j, w in meting]
        niet_gemeten = {int(j) for j, w in reeks if w is None} - {j for j, _ in meting}
        vast: list[list[tuple[float, float]]] = []  # runs of consecutive measurements
        stippel: list[str] = []
        vorige_vast = False
        for (ja, _), (jb, _), pa, pb in zip(meting, meting[1:], punten, punten[1:], strict=False):
            # A year between two measurements that the series lists as not measured: a gap.
            if any(ja < j < jb for j in niet_gemeten):
                stippel.append(_stuk([pa, pb]))
                vorige_vast = False
            elif vorige_vast:
                vast[-1].append(pb)  # one subpath per run: the line joins, it has no seams
            else:
                vast.append([pa, pb])
                vorige_vast = True
        return Lijn("".join(_stuk(v) for v in vast), "".join(stippel), tuple(punten))

    return Sparklijn(b, h, tuple(lijn(r, g) for r, g in zip(reeksen, gemeten, strict=True)))
