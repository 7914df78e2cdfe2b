"""The look every figure of app/onderdelen shares: fonts, Plotly template, status patterns, titles.

Plain dicts, no Dash, no SQL; each kind of view builds its own figure on top of these.
"""

from __future__ import annotations

import textwrap
from typing import Any

from app import fmt

GEEN_WAARDE_KLEUR = "#d9d9d9"
PATROON_KLEUR = "#525252"
STATUS_PATROON = {
    fmt.STATUS_ONDERDRUKT: "x",  # suppressed/secret
    fmt.STATUS_NIET_GEMETEN: "/",  # not measured that year
    fmt.STATUS_GEEN: ".",  # nothing in the warehouse for this area and year
}

BALK_KLEUR = "#2c7fb8"

FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", size=14,
            color="#1a1a1a")
# Plotly's own modebar and hover use these; white background keeps contrast for print and PNG.
BASIS_LAYOUT = dict(font=FONT, paper_bgcolor="#ffffff", plot_bgcolor="#ffffff",
                     hoverlabel=dict(font=dict(size=14)), separators=",.")
# The look of Plotly's default template "plotly" (which go.Figure applied implicitly), reduced to
# what 2D scatter and bar charts use: plotly.js applies no template to a plain dict by itself.
# Axes keep white grid and zero lines (invisible on the white plot) unless a figure sets colours.
_ACHTERGROND_AS = dict(gridcolor="white", linecolor="white", ticks="", title=dict(standoff=15),
                       zerolinecolor="white", automargin=True, zerolinewidth=2)
_PATROON_STANDAARD = dict(fillmode="overlay", size=10, solidity=0.2)
TEMPLATE: dict[str, Any] = dict(
    data=dict(
        bar=[dict(type="bar", error_x=dict(color="#2a3f5f"), error_y=dict(color="#2a3f5f"),
                  marker=dict(line=dict(color="#E5ECF6", width=0.5), pattern=_PATROON_STANDAARD))],
        scatter=[dict(type="scatter", fillpattern=_PATROON_STANDAARD)],
    ),
    layout=dict(
        autotypenumbers="strict",
        colorway=["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692",
                  "#B6E880", "#FF97FF", "#FECB52"],
        font=dict(color="#2a3f5f"), hovermode="closest", hoverlabel=dict(align="left"),
        paper_bgcolor="white", plot_bgcolor="#E5ECF6", xaxis=_ACHTERGROND_AS,
        yaxis=_ACHTERGROND_AS, shapedefaults=dict(line=dict(color="#2a3f5f")),
        annotationdefaults=dict(arrowcolor="#2a3f5f", arrowhead=0, arrowwidth=1),
        title=dict(x=0.05),
    ),
)
BASIS_LAYOUT["template"] = TEMPLATE
# The map's hover label: dark text on a white box with a dark border, readable over every class
# colour (plotly's default box takes the area's fill and picks the text colour from it; its name
# part sat outside the box in the fill colour: pale yellow on white). The area's name is part of
# the text (hover_tekst), so namelength=-1 only guards against plotly's 15-character cut-off

Figuur = dict[str, Any]  # {"data": [trace, ...], "layout": {...}}: Plotly's JSON figure

def bron_noot(tekst: str, y: float, x: float = 0, xanchor: str = "left",
               **extra: Any) -> dict[str, Any]:
    """The grey source note under a chart (the embed views drop it: their page names the source)."""
    return dict(text=tekst, x=x, y=y, xref="paper", yref="paper", xanchor=xanchor,
                yanchor="top", showarrow=False, font=dict(size=12, color="#4d4d4d"), **extra)


# Titles: wrapped at TITEL_BREEDTE characters (plotly does not wrap; a 320 px phone holds ~32 of
# 15 px type) and placed under the modebar's strip (MODEBAR_HOOGTE px), which would cover them.
TITEL_BREEDTE = 30
ONDER_BREEDTE = 42  # the small grey line under a title (12 px type; 320 px phone)
MODEBAR_HOOGTE = 30
_REGEL_HOOGTE = 21


def titel_regels(tekst: str, breedte: int = TITEL_BREEDTE) -> list[str]:
    """The title's lines: ' — ' starts a new line, long parts wrap at word boundaries."""
    regels: list[str] = []
    for deel in tekst.split(" — "):
        regels += textwrap.wrap(deel, breedte) or [""]
    return regels


def titel_en_marge(tekst: str, onder: str = "") -> tuple[dict[str, Any], int]:
    """The title dict and the top margin it needs; `onder` is a small grey line under it."""
    regels = titel_regels(tekst)
    html_tekst = "<br>".join(regels)
    hoogte = _REGEL_HOOGTE * len(regels)
    for regel in textwrap.wrap(onder, ONDER_BREEDTE):
        html_tekst += f"<br><span style='font-size:12px;color:#4d4d4d'>{regel}</span>"
        hoogte += 17
    titel = dict(text=html_tekst, x=0, xanchor="left", xref="container", y=1, yref="container",
                 yanchor="top", pad=dict(t=MODEBAR_HOOGTE, l=8), font=dict(size=15))
    return titel, MODEBAR_HOOGTE + hoogte + 14
