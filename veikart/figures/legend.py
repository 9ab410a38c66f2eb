"""Legend entries as data, so plotly's legend and the dashboard's HTML legend say the same."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from veikart.figures.style import INK, SYMBOL_GLYPHS
from veikart.figures.text import plotly_text, text_width

ITEM_PX = 44
"""A legend entry's symbol and the gaps around it (plotly: 40 px item width + 4 px gap)."""


@dataclass(frozen=True)
class LegendItem:
    """One entry: a swatch (bars), a symbol (markers) or a line (arrows), and its name."""

    name: str
    """Plain text as written (escaped only when drawn by plotly)."""
    kind: Literal["swatch", "symbol", "line"]
    color: str
    group: str
    """The legendgroup of the traces it stands for (clicking it in plotly toggles them)."""
    symbol: str = "circle"

    @property
    def glyph(self) -> str:
        """A character drawing the symbol, for HTML legends."""
        if self.kind == "line":
            return "→"
        return SYMBOL_GLYPHS.get(self.symbol, "●")


def legend_trace(item: LegendItem, size: int = 12) -> dict:
    """A trace that draws nothing on the plot and shows `item` in plotly's legend."""
    if item.kind == "swatch":
        marker = {"symbol": "square", "color": item.color, "size": size, "line": {"color": INK, "width": 0.5}}
    else:
        marker = {
            "symbol": item.symbol,
            "color": item.color,
            "size": size,
            "line": {"color": INK, "width": 0.6},
        }
    return {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "lines" if item.kind == "line" else "markers",
        "name": plotly_text(item.name),
        "legendgroup": item.group,
        "showlegend": True,
        "hoverinfo": "skip",
        **({"line": {"color": item.color, "width": 2}} if item.kind == "line" else {"marker": marker}),
    }


def legend_rows(names: Sequence[str], width: float, font: int, title: str = "") -> int:
    """How many rows plotly's horizontal legend of `names` takes in `width` px.

    plotly lays a horizontal legend out like text: entries at their natural widths (the
    symbol and a gap, then the name), wrapped onto the next row when the row is full.
    """
    room = width - 10
    x = text_width(title, font, bold=True) + 16 if title else 0.0
    rows = 1
    for name in names:
        item = ITEM_PX + text_width(name, font)
        if x > 0 and x + item > room:
            rows += 1
            x = 0.0
        x += item
    return rows


def legend_height(names: Sequence[str], width: float, font: int, title: str = "") -> int:
    """Pixels plotly's horizontal legend of `names` takes in `width` px (measured on plotly 4)."""
    if not names:
        return 0
    return legend_rows(names, width, font, title) * row_px(font) + 6


def row_px(font: int) -> int:
    """Height of one legend row: 29 px at 12 px type."""
    return round(font * 1.3 + 13)
