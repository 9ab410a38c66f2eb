"""Legend entries as data, so plotly's legend and the dashboard's HTML legend say the same."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from veikart.figures.style import INK, SYMBOL_GLYPHS
from veikart.figures.text import plotly_text, text_width

ITEM_PX = 40
"""A legend entry's symbol and the gaps around it (plotly: itemwidth 30 + 2 x itemgap 5)."""
ITEM_GAP = 5
GROUP_GAP = 10
"""plotly's `tracegroupgap` between rows of grouped entries."""


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


def legend_trace(item: LegendItem, size: int = 12) -> dict[str, Any]:
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


def legend_rows(names: Sequence[str], width: float, font: int, *, grouped: bool = False) -> int:
    """How many rows plotly's horizontal legend of `names` takes when `width` px wide.

    plotly.js (legend/draw.js, computeLegendDimensions): entries that all fit go on one
    row; otherwise every entry gets the widest entry's width, in a grid. Entries in legend
    groups (`traceorder` "grouped") flow at their own widths instead.
    """
    if not names:
        return 0
    items = [ITEM_PX + text_width(name, font) for name in names]
    if grouped:
        rows, x = 1, 0.0
        for item in items:
            if x and x + item >= width:
                rows, x = rows + 1, 0.0
            x += item + ITEM_GAP
        return rows
    if sum(items) + ITEM_GAP * (len(items) - 1) < width:
        return 1
    columns = max(1, int(width // (max(items) + ITEM_GAP)))
    return -(-len(items) // columns)


def legend_height(names: Sequence[str], width: float, font: int, *, grouped: bool = False) -> int:
    """Pixels plotly's horizontal legend of `names` takes when `width` px wide."""
    rows = legend_rows(names, width, font, grouped=grouped)
    if not rows:
        return 0
    gap = GROUP_GAP if grouped else 0
    return round(rows * row_px(font) + (rows - 1) * gap + 2 * ITEM_GAP)


def row_px(font: int) -> float:
    """Height of one legend entry (plotly: the text's height, at least 16 px, plus 3)."""
    return max(16.0, font * 1.3) + 3
