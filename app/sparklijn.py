"""A small trend line (sparkline) as inline SVG geometry: a series in, paths and points out.

Pure function for the server-rendered pages (no plotly.js needed for a 120-pixel line). Measured
years are joined by a solid line; a gap of unmeasured years is bridged by a dashed segment, and
an unmeasured year is never drawn as a value (no point at 0).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Size of the drawing in SVG units (the page scales it with CSS); a margin keeps the end dots whole.
BREEDTE, HOOGTE, MARGE = 120.0, 36.0, 4.0


@dataclass(frozen=True)
class Sparklijn:
    """What a template draws: `doorgetrokken` and `gestippeld` are SVG path data."""

    breedte: float
    hoogte: float
    doorgetrokken: str  # consecutive measurements
    gestippeld: str  # across unmeasured years
    punten: tuple[tuple[float, float], ...]  # every measured figure
    laatste: tuple[float, float]  # the latest measured figure (emphasised)


def _getal(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def sparklijn(reeks: Sequence[tuple[int, float | None]]) -> Sparklijn | None:
    """The line of a series of (jaar, waarde or None for not measured); None below 2 figures.

    x is proportional to the year (a two-yearly series keeps its rhythm); y spans the series' own
    range (a sparkline shows the shape, the card states the values), flat when all are equal.
    """
    gemeten = [(int(j), float(w)) for j, w in reeks if w is not None]
    if len(gemeten) < 2:
        return None
    jaren = sorted({j for j, _ in reeks})
    j0, j1 = jaren[0], jaren[-1]
    laag, hoog = min(w for _, w in gemeten), max(w for _, w in gemeten)

    def x(jaar: int) -> float:
        return MARGE + (BREEDTE - 2 * MARGE) * (jaar - j0) / max(j1 - j0, 1)

    def y(waarde: float) -> float:
        if hoog == laag:
            return HOOGTE / 2
        return HOOGTE - MARGE - (HOOGTE - 2 * MARGE) * (waarde - laag) / (hoog - laag)

    gemeten_jaren = {j for j, _ in gemeten}
    punten = tuple((round(x(j), 1), round(y(w), 1)) for j, w in gemeten)
    vast, stippel = [], []
    for (ja, _), (jb, _), pa, pb in zip(gemeten, gemeten[1:], punten, punten[1:], strict=False):
        # A year between two measurements that the series lists as not measured: a gap.
        gat = any(ja < j < jb and j not in gemeten_jaren for j in jaren)
        (stippel if gat else vast).append(f"M{_getal(pa[0])} {_getal(pa[1])}L{_getal(pb[0])} {_getal(pb[1])}")
    return Sparklijn(BREEDTE, HOOGTE, "".join(vast), "".join(stippel), punten, punten[-1])
