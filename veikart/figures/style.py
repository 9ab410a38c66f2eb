"""Colours, ink, greys, symbols and the font every figure shares, and the contrast maths.

One place, so a status, a phase, a flag or the critical line looks the same in the Gantt
view, the phase views and every export. Colour arithmetic goes through `plotly.colors`.
"""

from __future__ import annotations

from collections.abc import Iterable

import plotly.colors as pc

FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
"""Arial or a font with Arial's metrics (Liberation Sans on Linux, Helvetica on Apple).

The figures place labels by measuring their text (`veikart.figures.text`), so the font
must have known widths on every screen; a wider fallback would run labels into each other.
"""

INK = "#1f2a33"
"""Text and outlines: 14.6:1 on white."""
MUTED = "#56636c"
"""Secondary text (axis ticks, goals, dimmed titles): 6.1:1 on white, at least 4.5:1 on
every pale fill the figures use."""
RULE = "#8f9ba5"
"""Lines that separate: year lines, area rules, card borders of the unknown phase."""
GRID = "#e3e7eb"
"""Quarter grid lines and column backgrounds' edges."""
PALE = "#f3f6f8"
"""Zebra rows and column backgrounds."""
WHITE = "#ffffff"

TODAY_COLOR = "#c0392b"
"""The "today" line and label: 5.4:1 on white."""
UPDATED_COLOR = "#56636c"
"""The "updated" line and label (the roadmap's `updated` date)."""
CRITICAL_COLOR = "#b3261e"
CRITICAL_SYMBOL = "circle"
"""The critical line is a red dot everywhere: beside a service's name and on its card."""
CRITICAL_GLYPH = "●"
MOVED_COLOR = "#c2410c"
"""Burnt orange: a service that changed phase; stands out against every area colour."""
SELECTED_COLOR = INK

STATUS_ORDER: tuple[str | None, ...] = ("available", "establishing", "planning", None)
"""Legend order: from what can be used today to what is only planned."""
STATUS_COLORS: dict[str | None, str] = {
    "available": "#1b5e7e",
    "establishing": "#449cc8",
    "planning": "#a9d3e8",
    None: "#c4c9cf",
}
"""A single-hue ramp: darker means more mature, which also survives greyscale printing.
A title on each fill reaches 4.5:1 in white or INK (`ink_on`)."""
PHASE_COLORS = ("#6b4c9a", "#2f6fa7", "#1b7f7b", "#7cb342", "#e0a030", "#b8512f", "#8c6d62")
"""Phases in value-chain order, from concept (violet) to practice in use; 4.5:1 with `ink_on`."""
UNKNOWN_COLOR = "#c4c9cf"
"""Fill of a deliverable without status or phase, and of the unknown phase."""

FLAG_STYLE: dict[str, tuple[str, str]] = {
    "geographic-variation": ("hexagon", "#6a3d9a"),
    "content-dependent": ("square", "#a05a00"),
    "mutual-participation": ("circle-cross", "#1b7a47"),
    "attention": ("triangle-up", "#c62828"),
}
"""Flag -> (marker symbol, colour): four shapes and four hues, none of them the bars' blue,
each at least 4.5:1 on white so a flag reads beside any bar."""
KIND_SYMBOLS = {"milestone": "diamond", "decision": "star"}

TENTATIVE_SHARE = 0.35
"""A tentative bar's ground: its colour mixed with white, this share of the colour kept ..."""
TENTATIVE_PATTERN = {"shape": "/", "size": 7, "solidity": 0.32, "fillmode": "overlay", "fgopacity": 0.9}
"""... under diagonal hatching in the full colour (plotly's bar `marker.pattern`), inside an
outline at least 3:1 against white (`outline_for`). A title on it is drawn in `ink_on` the
ground, ringed by a halo of the ground, so the hatching never runs through its letters."""
TENTATIVE_LEGEND_COLOR = "#56636c"
"""The legend's hatched swatch: the estimate is a way of drawing, whatever the colour."""

RISK_SYMBOL = "x"
RISK_COLOR = "#ad1457"
"""A high risk: a crimson cross beside the bar, one shape and hue no flag, kind or the
critical line uses (7.0:1 on white)."""
RISK_LEVEL_COLORS = {"high": "#b3261e", "medium": "#a35c00", "low": "#2e6b3f"}
"""Risk levels in tables: each with its word beside it (colour never the only carrier),
each at least 4.5:1 on white."""

GHOST_LINE = "#56636c"
GHOST_FILL = "rgba(86, 99, 108, 0.08)"
GHOST_MARKER_FILL = "rgba(86, 99, 108, 0.22)"
"""A deliverable where the baseline had it: a faint outline bar (or an open marker)."""
REMOVED_LINE = "#56636c"
REMOVED_DASH = "4px,3px"
"""A deliverable the baseline had and the roadmap has not: a dashed outline."""
SHIFT_LATER_COLOR = "#9a3412"
SHIFT_EARLIER_COLOR = "#166534"
NEW_COLOR = "#1e40af"
"""Badges beside a bar: "+2 kv" (later), "−1 kv" (earlier), "Ny"; the sign and the word
carry the meaning, the hue helps scanning (each at least 7:1 on white)."""
BASELINE_FRAME_COLOR = "#5b21b6"
"""The phase overview's dashed violet frame: a service in another phase than in the
baseline (the orange solid frame is "moved since the previous quarter")."""

SYMBOL_GLYPHS = {
    "diamond": "◆",
    "star": "★",
    "hexagon": "⬢",
    "square": "■",
    "circle-cross": "⊕",
    "triangle-up": "▲",
    "circle": "●",
    "x": "✖",
    "square-open": "□",
}
"""The character that looks like each marker symbol, for legends drawn in HTML."""


def phase_colors(phase_ids: Iterable[str]) -> dict[str, str]:
    """The colour of each phase id, in value-chain order; '' is the unknown phase."""
    colors = {pid: PHASE_COLORS[i % len(PHASE_COLORS)] for i, pid in enumerate(phase_ids)}
    colors[""] = UNKNOWN_COLOR
    return colors


def rgb(color: str) -> tuple[int, int, int]:
    """A colour written '#rgb', '#rrggbb' or 'rgb(r, g, b)' as a 0-255 triple."""
    color = color.strip()
    if color.startswith("rgb"):
        r, g, b = pc.unlabel_rgb(color)[:3]
        return round(r), round(g), round(b)
    if color.lower() in ("white", "black"):
        return (255, 255, 255) if color.lower() == "white" else (0, 0, 0)
    if len(color) == 4:  # plotly.colors.hex_to_rgb reads '#abc' as (10, 11, 12)
        color = "#" + "".join(ch * 2 for ch in color[1:])
    r, g, b = pc.hex_to_rgb(color)
    return int(r), int(g), int(b)


def _hex(triple: tuple[float, float, float]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(max(0, min(255, round(v))) for v in triple))


def tint(color: str, share: float) -> str:
    """`color` mixed with white, `share` of the colour kept (0 = white, 1 = the colour)."""
    return _hex(pc.find_intermediate_color((255.0, 255.0, 255.0), rgb(color), share))


def shade(color: str, share: float = 0.72) -> str:
    """`color` mixed with black, `share` of the colour kept: an outline a little darker."""
    return _hex(pc.find_intermediate_color((0.0, 0.0, 0.0), rgb(color), share))


def luminance(color: str) -> float:
    """WCAG 2.1 relative luminance."""

    def channel(value: int) -> float:
        s = value / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink_on(fill: str) -> str:
    """The text colour for `fill`: white or INK, whichever contrasts more (the one rule)."""
    return WHITE if contrast(WHITE, fill) > contrast(INK, fill) else INK


def seen_through(color: str, opacity: float) -> str:
    """The colour a fill at `opacity` shows on white: what text drawn on it must contrast with."""
    return tint(color, opacity)


def outline_for(color: str, least: float = 3.0) -> str:
    """`color` darkened until it stands out at least `least`:1 against white (an outline)."""
    share = 1.0
    outline = color
    while contrast(outline, WHITE) < least and share > 0.2:
        share -= 0.05
        outline = shade(color, share)
    return outline
