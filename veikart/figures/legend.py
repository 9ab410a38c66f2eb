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
    """One entry: a swatch (bars), a symbol (markers), a line (arrows, dashed outlines) or a
    sample of text (badges), and its name."""

    name: str
    """Plain text as written (escaped only when drawn by plotly)."""
    kind: Literal["swatch", "symbol", "line", "text"]
    color: str
    group: str
    """The legendgroup of the traces it stands for (clicking it in plotly toggles them)."""
    symbol: str = "circle"
    pattern: str = ""
    """A swatch's hatching ('/' for estimated dates), drawn in `outline` over `color`."""
    outline: str = ""
    """A swatch's outline (and hatching) colour, when it has one: `color` is then the
    swatch's pale ground, which an HTML legend that knows only `color` still shows."""
    dash: str = ""
    """A line's dash ('4px,3px'): the outline of a removed deliverable."""
    sample: str = ""
    """The text a "text" entry shows in its colour ('+1 kv', 'Ny')."""

    @property
    def label(self) -> str:
        """The entry's text as plotly's legend shows it (a text entry leads with its sample)."""
        return f"{self.sample} {self.name}" if self.kind == "text" else self.name

    @property
    def glyph(self) -> str:
        """A character (or short text) drawing the symbol, for HTML legends."""
        if self.kind == "text":
            return self.sample
        if self.kind == "line":
            return "┅" if self.dash else "→"
        return SYMBOL_GLYPHS.get(self.symbol, "●")

    @property
    def swatch_style(self) -> dict[str, str]:
        """CSS for an HTML legend's swatch of this entry, hatching and outlines included."""
        if self.kind == "line":
            line = "dashed" if self.dash else "solid"
            return {"borderTop": f"2px {line} {self.color}", "height": "0", "alignSelf": "center"}
        style = {"backgroundColor": self.color}
        if self.pattern:
            ink = self.outline or INK
            style["backgroundImage"] = (
                f"repeating-linear-gradient(135deg, {ink} 0 1.5px, transparent 1.5px 4.5px)"
            )
        if self.outline:
            style["border"] = f"1px solid {self.outline}"
        return style


def legend_trace(item: LegendItem, size: int = 12) -> dict[str, Any]:
    """A trace that draws nothing on the plot and shows `item` in plotly's legend."""
    common = {
        "x": [None],
        "y": [None],
        "name": plotly_text(item.name),
        "legendgroup": item.group,
        "showlegend": True,
        "hoverinfo": "skip",
    }
    if item.kind == "swatch" and (item.pattern or item.outline):
        # A bar trace's legend swatch shows its pattern and outline; a marker's cannot.
        outline = item.outline or INK
        marker: dict[str, Any] = {"color": item.color, "line": {"color": outline, "width": 1.2}}
        if item.pattern:
            marker["pattern"] = {
                "shape": item.pattern,
                "fgcolor": outline,
                "fillmode": "overlay",
                "fgopacity": 0.9,
                "size": 5,
                "solidity": 0.35,
            }
        return {"type": "bar", "orientation": "h", **common, "marker": marker}
    if item.kind == "text":
        # plotly draws a text trace's legend symbol as "Aa"; the sample itself, in its
        # colour, says more: it leads the name, after an empty symbol.
        sample = f"<b><span style='color:{item.color}'>{plotly_text(item.sample)}</span></b>"
        return {
            "type": "scatter",
            **common,
            "name": f"{sample} {plotly_text(item.name)}",
            "mode": "markers",
            "marker": {"size": 1, "color": "rgba(0,0,0,0)", "line": {"width": 0}},
        }
    if item.kind == "line":
        return {
            "type": "scatter",
            **common,
            "mode": "lines",
            "line": {"color": item.color, "width": 2, "dash": item.dash or "solid"},
        }
    if item.kind == "swatch":
        marker = {"symbol": "square", "color": item.color, "size": size, "line": {"color": INK, "width": 0.5}}
    else:
        marker = {
            "symbol": item.symbol,
            "color": item.color,
            "size": size,
            "line": {"color": INK, "width": 0.6},
        }
    return {"type": "scatter", **common, "mode": "markers", "marker": marker}


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
