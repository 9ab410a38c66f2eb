"""The phase overview (faseoversikt): services in the columns of the value chain, and over time.

`phase_overview_figure` answers "where in the value chain is each service at quarter q";
`phase_bands_figure` answers "when does it get there", on the Gantt view's quarter axis.
Cards are drawn as one bar trace per area and labelled by one text trace, because plotly.js
slows to a crawl with hundreds of layout shapes or annotations.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import hex_to_rgb

# The Gantt view's phase colours and font, so a phase looks the same on every page.
from veikart.figures.gantt import phase_colors
from veikart.figures.options import FigureOptions
from veikart.figures.quarter_axis import (
    quarter_axis,
    selected_quarter_marker,
    today_marker,
    year_annotations,
    year_lines,
)
from veikart.figures.style import FONT
from veikart.frames import UNKNOWN_PHASE, RoadmapFrames
from veikart.i18n import Lang, t
from veikart.roadmap.periods import Quarter

TEXT_COLOR = "#1b2631"
MUTED_COLOR = "#5d6b78"
COLUMN_BACKGROUND = "#f3f5f7"
UNKNOWN_COLOR = "#c9cfd6"
MOVED_COLOR = "#c2410c"
"""Burnt orange: stands out against every area colour and reads on white."""
CRITICAL_COLOR = "#b3261e"
SELECTED_OUTLINE = "#111820"
DEFAULT_WIDTH = 1100
"""The width labels are wrapped for when the caller does not fix one (CSS px)."""

# Vertical sizes of the overview, in CSS pixels: the y axis of the overview counts pixels.
CHEVRON_LINE = 17
GOAL_LINE = 14
CARD_LINE = 15
CARD_PADDING = 10
CARD_GAP = 5
GROUP_HEAD_LINE = 14
GROUP_GAP = 10
TITLE_HEIGHT = 68
LEGEND_ROW = 24
MAX_CARD_LINES = 3
# Horizontal positions inside a column, in column widths (a column spans x..x+1).
COLUMN_INSET = 0.012
CARD_INSET = 0.05
CARD_SPACING_PX = 6
DENSE_FROM = 40
"""From this many services, cards get at most two lines and share rows when columns are wide."""
MIN_DENSE_CARD_PX = 130

# Phase bands: one row per service.
BAND_ROW = 24
BAND_TITLE = 40
BAND_AXIS = 78
BAND_BOTTOM = 52


def _rgb(color: str) -> tuple[int, int, int]:
    if color.startswith("rgb"):
        parts = color[color.index("(") + 1 : color.index(")")].split(",")
        return int(float(parts[0])), int(float(parts[1])), int(float(parts[2]))
    if len(color) == 4:
        color = "#" + "".join(ch * 2 for ch in color[1:])
    r, g, b = hex_to_rgb(color)
    return int(r), int(g), int(b)


def _tint(color: str, share: float) -> str:
    """`color` mixed with white, `share` of the colour kept: card fills that keep text legible."""
    r, g, b = _rgb(color)
    mix = [round(255 - (255 - c) * share) for c in (r, g, b)]
    return f"rgb({mix[0]},{mix[1]},{mix[2]})"


def _text_on(color: str) -> str:
    """Black or white, whichever reads better on `color` (WCAG relative luminance)."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(color))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "white" if luminance < 0.28 else TEXT_COLOR


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, tuple | list) and pd.isna(value)) or value == ""


def _legend_rows(names: list[str], width: int) -> int:
    """How many rows a horizontal legend of `names` takes at `width` (estimated, CSS px).

    plotly puts a legend that does not fit on one line into a grid of equal-width columns.
    """
    items = [46 + 6.8 * len(name) for name in names]
    room = width - 20
    if not items or sum(items) <= room:
        return 1
    columns = max(1, int(room // max(items)))
    return math.ceil(len(items) / columns)


def _wrap(text: str, width: int, max_lines: int) -> list[str]:
    """`text` in lines of at most `width` characters; a word too long for a line is cut with "…"."""
    width = max(4, width)
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=True) or [""]
    cut = len(lines) > max_lines
    lines = [line if len(line) <= width else line[: width - 1] + "…" for line in lines[:max_lines]]
    if cut and not lines[-1].endswith("…"):
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


# --- which service sits in which column ------------------------------------------------


def overview_quarter(frames: RoadmapFrames, options: FigureOptions) -> Quarter:
    """The quarter to show: `options.at`, else today's, clamped to the roadmap period."""
    quarters = frames.quarters
    if options.at is not None:
        wanted = options.at
    elif options.today is not None:
        wanted = Quarter.of(options.today)
    else:
        wanted = quarters[0]
    return min(max(wanted, quarters[0]), quarters[-1])


@dataclass(frozen=True)
class OverviewColumn:
    """One column of the overview: a phase (or the unknown group) and its services at a quarter."""

    phase: str
    """The phase id; `UNKNOWN_PHASE` ("") for services whose phase is not known."""
    name: str
    goal: str | None
    order: int
    """Position from the left, 0-based."""
    services: tuple[str, ...]
    """Service ids in the column, in area order then row order."""
    service_names: tuple[str, ...]


def _timeline_at(frames: RoadmapFrames, quarter: Quarter) -> dict[str, str]:
    timeline = frames.phase_timeline
    rows = timeline[timeline["quarter"] == str(quarter)]
    return dict(zip(rows["service"], rows["phase"], strict=True))


def _has_unknown(frames: RoadmapFrames) -> bool:
    """Whether the unknown group is needed in any quarter, so columns stay put while playing."""
    return bool((frames.phase_timeline["phase"] == UNKNOWN_PHASE).any())


def overview_columns(frames: RoadmapFrames, quarter: Quarter) -> list[OverviewColumn]:
    """The columns of the overview at `quarter`, left to right, with the services in each.

    The unknown group comes first, apart from the value chain, and only when some shown
    service lacks a phase in some quarter of the period.
    """
    lang = frames.lang
    phase_now = _timeline_at(frames, quarter)
    services = frames.services.sort_values("order")
    members: dict[str, list[tuple[str, str]]] = {}
    for sid, name in zip(services["id"], services["name"], strict=True):
        members.setdefault(phase_now.get(sid, UNKNOWN_PHASE), []).append((sid, name))
    columns: list[tuple[str, str, str | None]] = []
    if _has_unknown(frames) or UNKNOWN_PHASE in members:
        columns.append((UNKNOWN_PHASE, t("phase.unknown", lang), None))
    for row in frames.phases.sort_values("order").itertuples():
        columns.append((row.id, row.name, None if _missing(row.goal) else str(row.goal)))
    result = []
    for order, (phase, name, goal) in enumerate(columns):
        inside = members.get(phase, [])
        result.append(
            OverviewColumn(
                phase=phase,
                name=name,
                goal=goal,
                order=order,
                services=tuple(sid for sid, _ in inside),
                service_names=tuple(n for _, n in inside),
            )
        )
    return result


def moved_services(frames: RoadmapFrames, quarter: Quarter) -> dict[str, str]:
    """Services whose phase changed since the quarter before `quarter`: id -> previous phase."""
    if quarter <= frames.quarters[0]:
        return {}
    now = _timeline_at(frames, quarter)
    before = _timeline_at(frames, quarter + -1)
    return {sid: before[sid] for sid, phase in now.items() if sid in before and before[sid] != phase}


# --- the overview figure ---------------------------------------------------------------


@dataclass
class _Card:
    service: str
    name: str
    area: str
    area_name: str
    area_order: int
    color: str
    critical: bool
    column: int
    lines: list[str]
    ghost: bool = False
    slot: int = 0
    """Position in its row, 0 = leftmost (columns with many services hold several per row)."""
    moved_from: int | None = None
    """The column the service was in the quarter before, for movers."""
    x0: float = 0.0
    x1: float = 0.0
    y0: float = 0.0
    y1: float = 0.0

    @property
    def height(self) -> float:
        return CARD_PADDING + CARD_LINE * len(self.lines)


@dataclass
class _Layout:
    cards: list[_Card] = field(default_factory=list)
    groups: list[tuple[int, float, str, str]] = field(default_factory=list)
    """Area headings: (column, y, text, colour)."""
    bottom: float = 0.0


@dataclass(frozen=True)
class _Grid:
    """Horizontal geometry: a column is 1 x unit wide, `column_px` CSS pixels on screen."""

    column_px: float
    per_row: int
    card_chars: int
    name_chars: int
    goal_chars: int
    max_lines: int

    def px(self, pixels: float) -> float:
        """`pixels` in x units."""
        return pixels / self.column_px

    def slot(self, column: int, position: int) -> tuple[float, float]:
        """Left and right edge of the card at `position` in a row of `column`."""
        spacing = self.px(CARD_SPACING_PX)
        card = (1 - 2 * CARD_INSET - spacing * (self.per_row - 1)) / self.per_row
        x0 = column + CARD_INSET + position * (card + spacing)
        return x0, x0 + card


def _grid(width: int, n_columns: int, n_services: int) -> _Grid:
    """Fit cards and text to the figure width; many services share rows in wide columns."""
    column_px = max(80.0, (width - 20) / max(1, n_columns))
    inner_px = column_px * (1 - 2 * CARD_INSET)
    dense = n_services > DENSE_FROM
    per_row = max(1, int(inner_px // MIN_DENSE_CARD_PX)) if dense else 1
    card_px = (inner_px - CARD_SPACING_PX * (per_row - 1)) / per_row
    # Label room: stripe and padding on the left, the critical-line marker on the right.
    card_chars = int((card_px - 24) / 6.1)
    return _Grid(
        column_px=column_px,
        per_row=per_row,
        card_chars=max(8, card_chars),
        name_chars=max(6, int((column_px - 34) / 8.0)),
        goal_chars=max(8, int((column_px - 12) / 6.0)),
        max_lines=2 if dense else MAX_CARD_LINES,
    )


def _header_height(columns: list[OverviewColumn], name_chars: int, goal_chars: int, lang: Lang) -> tuple:
    name_lines = max(len(_wrap(c.name, name_chars, 3)) for c in columns)
    goal_lines = max(len(_wrap(_goal_text(c, lang), goal_chars, 6)) for c in columns)
    chevron = CHEVRON_LINE * name_lines + 14
    return chevron, chevron + 8 + GOAL_LINE * goal_lines + 10


def _goal_text(column: OverviewColumn, lang: Lang) -> str:
    if column.phase == UNKNOWN_PHASE:
        return t("phases.unknown_goal", lang)
    return t("phases.goal", lang, goal=column.goal) if column.goal else ""


def _place(
    services: pd.DataFrame,
    column_of: dict[str, int],
    moved: dict[str, int],
    n_columns: int,
    top: float,
    grid: _Grid,
    labels: dict[str, list[str]],
) -> _Layout:
    """Stack the cards of each column by area group; ghosts of movers join their old column."""
    layout = _Layout()
    per_column: dict[int, list[_Card]] = {i: [] for i in range(n_columns)}
    area_order: dict[str, int] = {}
    for row in services.itertuples():
        area_order.setdefault(row.area, row.area_order)
        card = _Card(
            service=row.id,
            name=row.name,
            area=row.area,
            area_name=row.area_name,
            area_order=row.area_order,
            color=row.area_color,
            critical=bool(row.critical),
            column=column_of[row.id],
            lines=labels[row.id],
        )
        per_column[card.column].append(card)
        if row.id in moved:
            card.moved_from = moved[row.id]
            ghost = _Card(**{**card.__dict__, "ghost": True, "column": moved[row.id], "moved_from": None})
            per_column[ghost.column].append(ghost)
    layout.bottom = top
    for column, cards in per_column.items():
        # Real cards before ghosts within each area group; areas in row order (stable sort).
        cards.sort(key=lambda c: c.ghost)
        groups: dict[str, list[_Card]] = {}
        for card in cards:
            groups.setdefault(card.area, []).append(card)
        y = top
        for area in sorted(groups, key=lambda a: area_order[a]):
            members = groups[area]
            heading = _wrap(members[0].area_name, grid.card_chars * grid.per_row + 4, 2)
            layout.groups.append((column, y, "<br>".join(heading), members[0].color))
            y += GROUP_HEAD_LINE * len(heading) + 4
            for start in range(0, len(members), grid.per_row):
                row_cards = members[start : start + grid.per_row]
                height = max(card.height for card in row_cards)
                for position, card in enumerate(row_cards):
                    card.slot = position
                    card.x0, card.x1 = grid.slot(column, position)
                    card.y0, card.y1 = y, y + height
                    layout.cards.append(card)
                y += height + CARD_GAP
            y += GROUP_GAP
        layout.bottom = max(layout.bottom, y)
    return layout


def _chevron_path(x0: float, x1: float, y0: float, y1: float, notch_in: bool, point_out: bool) -> str:
    depth = 0.045
    middle = (y0 + y1) / 2
    points = [(x0, y0), (x1 - depth if point_out else x1, y0)]
    if point_out:
        points.append((x1 + depth * 0.2, middle))
    points += [(x1 - depth if point_out else x1, y1), (x0, y1)]
    if notch_in:
        points.append((x0 + depth * 1.2, middle))
    return "M " + " L ".join(f"{x:.4f},{y:.1f}" for x, y in points) + " Z"


def _service_labels(services: pd.DataFrame, grid: _Grid) -> dict[str, list[str]]:
    return {
        sid: _wrap(str(name), grid.card_chars, grid.max_lines)
        for sid, name in zip(services["id"], services["name"], strict=True)
    }


def phase_overview_figure(frames: RoadmapFrames, options: FigureOptions) -> go.Figure:
    """Services as cards in the column of their phase at the chosen quarter, by area."""
    lang = options.lang
    at = overview_quarter(frames, options)
    previous = at + -1
    columns = overview_columns(frames, at)
    n_columns = len(columns)
    index_of = {c.phase: c.order for c in columns}
    width = options.width or DEFAULT_WIDTH
    services = frames.services.sort_values("order")
    grid = _grid(width, n_columns, len(services))
    chevron_height, header_height = _header_height(columns, grid.name_chars, grid.goal_chars, lang)
    labels = _service_labels(services, grid)

    def layout_at(quarter: Quarter) -> _Layout:
        phase_now = _timeline_at(frames, quarter)
        column_of = {sid: index_of.get(phase_now.get(sid, UNKNOWN_PHASE), 0) for sid in services["id"]}
        moved = {sid: index_of.get(p, 0) for sid, p in moved_services(frames, quarter).items()}
        return _place(services, column_of, moved, n_columns, header_height + 12, grid, labels)

    layout = layout_at(at)
    # The figure is as tall as the fullest quarter, so the page does not jump while playing.
    content_height = max(
        [layout.bottom] + [layout_at(q).bottom for q in frames.quarters if q != at and len(services)]
    )
    content_height = max(content_height, header_height + 120)

    fig = go.Figure()
    _add_column_backgrounds(fig, columns, content_height, chevron_height, grid, phase_colors(frames), lang)
    _add_cards(fig, layout, [c.name for c in columns], at, previous, grid, options)
    if not len(services):
        fig.add_annotation(
            x=n_columns / 2,
            y=header_height + 60,
            text=t("phases.empty", lang),
            showarrow=False,
            font={"size": 16, "color": MUTED_COLOR},
        )
    legend = [trace.name for trace in fig.data if trace.name and trace.showlegend is not False]
    top = TITLE_HEIGHT + LEGEND_ROW * _legend_rows(legend, width) + 10
    height = math.ceil(top + content_height + 16)
    fig.update_layout(
        title={
            "text": f"<b>{t('phases.title', lang, quarter=at.label(lang))}</b>",
            "subtitle": {"text": t("phases.question", lang), "font": {"size": 13, "color": MUTED_COLOR}},
            "x": 0.005,
            "xanchor": "left",
            "xref": "paper",
            "y": 1 - 12 / height,
            "yref": "container",
            "yanchor": "top",
            "font": {"size": 20, "color": TEXT_COLOR},
        },
        font={"family": FONT, "color": TEXT_COLOR, "size": 12},
        height=height,
        width=options.width,
        margin={"l": 10, "r": 10, "t": top, "b": 16},
        paper_bgcolor="white",
        plot_bgcolor="white",
        barmode="overlay",
        bargap=0,
        showlegend=True,
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1 - TITLE_HEIGHT / height,
            "yref": "container",
            "yanchor": "top",
            "font": {"size": 12},
            "itemclick": "toggle",
            "itemdoubleclick": "toggleothers",
        },
        # A little room on the right for the last chevron's point.
        xaxis={"range": [-0.004, n_columns + 0.012], "visible": False, "fixedrange": True},
        yaxis={"range": [content_height, 0], "visible": False, "fixedrange": True},
        hovermode="closest",
        hoverlabel={"font": {"family": FONT, "size": 13}, "align": "left"},
        dragmode=False,
        clickmode="event",
        uirevision="phase-overview",
    )
    return fig


def _add_column_backgrounds(
    fig: go.Figure,
    columns: list[OverviewColumn],
    content_height: float,
    chevron_height: float,
    grid: _Grid,
    colors: dict[str, str],
    lang: Lang,
) -> None:
    """Draw each column's background, chevron with the phase name, and goal; few shapes."""
    first_phase = next((c.order for c in columns if c.phase != UNKNOWN_PHASE), 0)
    for column in columns:
        x0, x1 = column.order + COLUMN_INSET, column.order + 1 - COLUMN_INSET
        unknown = column.phase == UNKNOWN_PHASE
        fig.add_shape(
            type="rect",
            x0=x0,
            x1=x1,
            y0=0,
            y1=content_height,
            fillcolor=COLUMN_BACKGROUND if not unknown else "white",
            line={"color": UNKNOWN_COLOR if unknown else COLUMN_BACKGROUND, "width": 1, "dash": "dot"},
            layer="below",
        )
        color = UNKNOWN_COLOR if unknown else colors[column.phase]
        if unknown:
            fig.add_shape(
                type="rect",
                x0=x0,
                x1=x1,
                y0=0,
                y1=chevron_height,
                fillcolor=color,
                line={"width": 0},
                layer="below",
            )
        else:
            fig.add_shape(
                type="path",
                path=_chevron_path(x0, x1, 0, chevron_height, column.order > first_phase, True),
                fillcolor=color,
                line={"width": 0},
                layer="below",
            )
        name = "<br>".join(_wrap(column.name, grid.name_chars, 3))
        fig.add_annotation(
            x=column.order + 0.5,
            y=chevron_height / 2,
            text=f"<b>{name}</b>",
            showarrow=False,
            font={"size": 14, "color": _text_on(color)},
            xanchor="center",
            yanchor="middle",
        )
        goal = _goal_text(column, lang)
        if goal:
            fig.add_annotation(
                x=x0 + 0.03,
                y=chevron_height + 8,
                text="<br>".join(_wrap(goal, grid.goal_chars, 6)),
                showarrow=False,
                font={"size": 11, "color": MUTED_COLOR},
                xanchor="left",
                yanchor="top",
                align="left",
            )


def _bar_geometry(cards: Iterable[_Card]) -> dict[str, list[float]]:
    cards = list(cards)
    return {
        "base": [c.x0 for c in cards],
        "x": [c.x1 - c.x0 for c in cards],
        "y": [(c.y0 + c.y1) / 2 for c in cards],
        "width": [c.y1 - c.y0 for c in cards],
    }


def _add_cards(
    fig: go.Figure,
    layout: _Layout,
    column_names: list[str],
    at: Quarter,
    previous: Quarter,
    grid: _Grid,
    options: FigureOptions,
) -> None:
    lang = options.lang
    real = [c for c in layout.cards if not c.ghost]
    ghosts = [c for c in layout.cards if c.ghost]
    hover = "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>%{customdata[3]}<extra>%{customdata[4]}</extra>"
    # One trace per area: the legend doubles as an area filter, and traces stay few.
    areas: dict[str, list[_Card]] = {}
    for card in sorted(real, key=lambda c: c.area_order):
        areas.setdefault(card.area, []).append(card)
    for cards in areas.values():
        geometry = _bar_geometry(cards)
        customdata = [
            [
                c.service,
                c.name,
                t("phases.in_phase", lang, quarter=at.label(lang), phase=column_names[c.column]),
                (
                    t(
                        "phases.moved_from",
                        lang,
                        phase=column_names[c.moved_from],
                        quarter=previous.label(lang),
                    )
                    if c.moved_from is not None
                    else ""
                ),
                c.area_name + (f" · {t('critical', lang)}" if c.critical else ""),
            ]
            for c in cards
        ]
        fig.add_trace(
            go.Bar(
                orientation="h",
                **geometry,
                name=cards[0].area_name,
                legendgroup=f"area-{cards[0].area}",
                marker={
                    "color": _tint(cards[0].color, 0.16),
                    "line": {"color": cards[0].color, "width": 1.2},
                    "cornerradius": 4,
                },
                customdata=customdata,
                hovertemplate=hover,
                meta="cards",
            )
        )
        # A solid stripe on the left edge carries the area colour at full strength.
        fig.add_trace(
            go.Bar(
                orientation="h",
                base=geometry["base"],
                x=[grid.px(5)] * len(cards),
                y=geometry["y"],
                width=geometry["width"],
                marker={"color": cards[0].color, "line": {"width": 0}, "cornerradius": 3},
                legendgroup=f"area-{cards[0].area}",
                showlegend=False,
                hoverinfo="skip",
            )
        )
    if ghosts:
        geometry = _bar_geometry(ghosts)
        fig.add_trace(
            go.Bar(
                orientation="h",
                **geometry,
                name=t("phases.previous", lang, quarter=previous.label(lang)),
                marker={
                    "color": "rgba(255,255,255,0.85)",
                    "line": {"color": MOVED_COLOR, "width": 1},
                    "pattern": {"shape": "/", "fgcolor": "rgba(194,65,12,0.18)", "size": 8},
                    "cornerradius": 4,
                },
                customdata=[
                    [
                        c.service,
                        c.name,
                        t(
                            "phases.in_phase",
                            lang,
                            quarter=previous.label(lang),
                            phase=column_names[c.column],
                        ),
                        "",
                        c.area_name,
                    ]
                    for c in ghosts
                ],
                hovertemplate=hover,
                meta="ghosts",
            )
        )
    movers = [c for c in real if c.moved_from is not None]
    if movers:
        fig.add_trace(
            go.Bar(
                orientation="h",
                **_bar_geometry(movers),
                name=t("phases.moved", lang, quarter=previous.label(lang)),
                marker={
                    "color": "rgba(0,0,0,0)",
                    "line": {"color": MOVED_COLOR, "width": 3},
                    "cornerradius": 4,
                },
                hoverinfo="skip",
                meta="moved",
            )
        )
        _add_arrows(fig, movers, {c.service: c for c in ghosts}, grid.per_row)
    selected = [c for c in real if c.service == options.selected]
    if selected:
        fig.add_trace(
            go.Bar(
                orientation="h",
                **_bar_geometry(selected),
                marker={"color": "rgba(0,0,0,0)", "line": {"color": SELECTED_OUTLINE, "width": 3}},
                showlegend=False,
                hoverinfo="skip",
                meta="selected",
            )
        )
    _add_labels(fig, real, ghosts, layout, grid)
    critical = [c for c in real if c.critical]
    if critical:
        fig.add_trace(
            go.Scatter(
                x=[c.x1 - grid.px(11) for c in critical],
                y=[c.y0 + CARD_PADDING / 2 + CARD_LINE / 2 for c in critical],
                mode="markers",
                marker={
                    "symbol": "diamond",
                    "size": 11,
                    "color": CRITICAL_COLOR,
                    "line": {"color": "white", "width": 1},
                },
                name=t("critical", lang),
                hoverinfo="skip",
                meta="critical",
            )
        )


def _add_labels(fig: go.Figure, real: list[_Card], ghosts: list[_Card], layout: _Layout, grid: _Grid) -> None:
    def text_trace(cards: list[_Card], color: str, bold: bool, meta: str) -> go.Scatter:
        texts = []
        for c in cards:
            text = "<br>".join(c.lines)
            texts.append(f"<b>{text}</b>" if bold and c.moved_from is not None else text)
        return go.Scatter(
            x=[c.x0 + grid.px(10) for c in cards],
            y=[(c.y0 + c.y1) / 2 for c in cards],
            text=texts,
            mode="text",
            textposition="middle right",
            textfont={"size": 12, "color": color},
            showlegend=False,
            hoverinfo="skip",
            meta=meta,
        )

    if real:
        fig.add_trace(text_trace(real, TEXT_COLOR, True, "labels"))
    if ghosts:
        fig.add_trace(text_trace(ghosts, MUTED_COLOR, False, "ghost-labels"))
    if layout.groups:
        fig.add_trace(
            go.Scatter(
                x=[column + CARD_INSET for column, _, _, _ in layout.groups],
                y=[y for _, y, _, _ in layout.groups],
                text=[f"<b>{text}</b>" for _, _, text, _ in layout.groups],
                mode="text",
                textposition="bottom right",
                textfont={"size": 11, "color": [color for _, _, _, color in layout.groups]},
                showlegend=False,
                hoverinfo="skip",
                meta="areas",
            )
        )


def _add_arrows(fig: go.Figure, movers: list[_Card], ghosts: dict[str, _Card], per_row: int) -> None:
    """One line trace for every move, from the ghost to the card, with an arrow head."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    sizes: list[float] = []
    for card in movers:
        ghost = ghosts.get(card.service)
        if ghost is None:
            continue
        forward = card.column > ghost.column
        start_x = ghost.x1 if forward else ghost.x0
        end_x = card.x0 if forward else card.x1
        end_y = (card.y0 + card.y1) / 2
        # Elbow through the gap after the ghost's column: clean for the usual one-step move.
        gap_x = ghost.column + (1 if forward else 0)
        if ghost.slot == (per_row - 1 if forward else 0):
            start_y = (ghost.y0 + ghost.y1) / 2
            xs += [start_x, gap_x, gap_x, end_x, None]
            ys += [start_y, start_y, end_y, end_y, None]
            sizes += [0, 0, 0, 10, 0]
            continue
        # A card sits between the ghost and the gap: leave through the space above the ghost.
        corner_x = start_x - (0.02 if forward else -0.02)
        above = ghost.y0 - CARD_GAP / 2
        xs += [corner_x, corner_x, gap_x, gap_x, end_x, None]
        ys += [ghost.y0, above, above, end_y, end_y, None]
        sizes += [0, 0, 0, 0, 10, 0]
    if xs:
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers",
                line={"color": MOVED_COLOR, "width": 2},
                marker={"symbol": "arrow", "size": sizes, "angleref": "previous", "color": MOVED_COLOR},
                showlegend=False,
                hoverinfo="skip",
                connectgaps=False,
                meta="arrows",
            )
        )


# --- the phase bands figure -----------------------------------------------------------


def _runs(phases: list[str]) -> list[tuple[int, int, str]]:
    """Consecutive runs of the same phase: (first index, last index, phase)."""
    runs: list[tuple[int, int, str]] = []
    for i, phase in enumerate(phases):
        if runs and runs[-1][2] == phase:
            runs[-1] = (runs[-1][0], i, phase)
        else:
            runs.append((i, i, phase))
    return runs


def phase_bands(frames: RoadmapFrames) -> pd.DataFrame:
    """Each service's phases over the period as segments: service, phase, first and last quarter."""
    quarters = frames.quarters
    records = []
    timeline = frames.phase_timeline
    by_service = {sid: g for sid, g in timeline.groupby("service", sort=False)}
    for sid in frames.services.sort_values("order")["id"]:
        group = by_service.get(sid)
        if group is None:
            continue
        phase_by_quarter = dict(zip(group["quarter"], group["phase"], strict=True))
        sequence = [phase_by_quarter.get(str(q), UNKNOWN_PHASE) for q in quarters]
        for first, last, phase in _runs(sequence):
            records.append((sid, phase, quarters[first], quarters[last]))
    return pd.DataFrame(records, columns=["service", "phase", "first", "last"])


def phase_bands_figure(frames: RoadmapFrames, options: FigureOptions) -> go.Figure:
    """One row per service with its phases over time, on the Gantt view's quarter axis."""
    lang = options.lang
    quarters = frames.quarters
    first = options.start or quarters[0]
    last = options.end or quarters[-1]
    at = overview_quarter(frames, options)
    services = frames.services.sort_values("order").reset_index(drop=True)
    row_of = {sid: i for i, sid in enumerate(services["id"])}
    bands = phase_bands(frames)
    phases = frames.phases.sort_values("order")
    colors = phase_colors(frames)
    names = dict(zip(phases["id"], phases["name"], strict=True))
    service_names = dict(zip(services["id"], services["name"], strict=True))
    fig = go.Figure()
    for phase in [*phases["id"], UNKNOWN_PHASE]:
        segments = bands[bands["phase"] == phase]
        if segments.empty:
            continue
        unknown = phase == UNKNOWN_PHASE
        starts = [pd.Timestamp(q.first_day) for q in segments["first"]]
        finishes = [pd.Timestamp((q + 1).first_day) for q in segments["last"]]
        name = t("phase.unknown", lang) if unknown else names[phase]
        fig.add_trace(
            go.Bar(
                orientation="h",
                base=starts,
                # Durations in milliseconds: plotly's date axis adds them to `base`.
                x=[(b - a).total_seconds() * 1000 for a, b in zip(starts, finishes, strict=True)],
                y=[row_of[s] for s in segments["service"]],
                width=0.72,
                name=name,
                marker={
                    "color": "white" if unknown else colors[phase],
                    "line": {"color": UNKNOWN_COLOR if unknown else "white", "width": 1},
                    "pattern": {"shape": "/", "fgcolor": UNKNOWN_COLOR, "size": 6} if unknown else {},
                },
                customdata=[
                    [s, service_names[s], name, _period(a, b, lang)]
                    for s, a, b in zip(segments["service"], segments["first"], segments["last"], strict=True)
                ],
                hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>",
                meta="bands",
            )
        )
    shapes = year_lines(first, last)
    annotations = year_annotations(first, last)
    if first <= at <= last:
        shape, label = selected_quarter_marker(at, lang)
        shapes.append(shape)
        annotations.append(label)
    shapes += _area_separators(services)
    if options.today is not None and first.first_day <= options.today <= last.last_day:
        line, label = today_marker(options.today, lang)
        # Under the selected quarter's label, which may sit at the same place.
        label["yshift"] = -22
        shapes.append(line)
        annotations.append(label)
    n = max(1, len(services))
    legend = [trace.name for trace in fig.data]
    legend_height = LEGEND_ROW * _legend_rows(legend, options.width or DEFAULT_WIDTH)
    top = BAND_TITLE + legend_height + BAND_AXIS
    height = top + BAND_ROW * n + BAND_BOTTOM
    ticktext = [
        f"<span style='color:{color}'>■</span> {_short(name, 42)}"
        for name, color in zip(services["name"], services["area_color"], strict=True)
    ]
    xaxis = quarter_axis(first, last, lang)
    fig.update_layout(
        title={
            "text": f"<b>{t('phases.bands_title', lang)}</b>",
            "x": 0.005,
            "xanchor": "left",
            "xref": "paper",
            "y": 1 - 10 / height,
            "yref": "container",
            "yanchor": "top",
            "font": {"size": 18, "color": TEXT_COLOR},
        },
        font={"family": FONT, "color": TEXT_COLOR, "size": 12},
        height=height,
        width=options.width,
        margin={"l": 10, "r": 20, "t": top, "b": BAND_BOTTOM},
        paper_bgcolor="white",
        plot_bgcolor="white",
        barmode="overlay",
        showlegend=True,
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1 - BAND_TITLE / height,
            "yref": "container",
            "yanchor": "top",
            "traceorder": "normal",
        },
        xaxis=xaxis,
        yaxis={
            "tickmode": "array",
            "tickvals": list(range(len(services))),
            "ticktext": ticktext,
            "range": [n - 0.5, -0.5],
            "automargin": True,
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
            "tickfont": {"size": 12},
        },
        shapes=shapes,
        annotations=annotations,
        hovermode="closest",
        hoverlabel={"font": {"family": FONT, "size": 13}},
        dragmode=False,
        clickmode="event",
        uirevision="phase-bands",
    )
    if services.empty:
        fig.add_annotation(
            x=0.5,
            y=0.5,
            xref="paper",
            yref="paper",
            text=t("phases.empty", lang),
            showarrow=False,
            font={"size": 15, "color": MUTED_COLOR},
        )
    return fig


def _period(first: Quarter, last: Quarter, lang: Lang) -> str:
    return first.label(lang) if first == last else f"{first.label(lang)}–{last.label(lang)}"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _area_separators(services: pd.DataFrame) -> list[dict]:
    """Thin lines between area groups of rows."""
    lines = []
    areas = list(services["area"])
    for i in range(1, len(areas)):
        if areas[i] != areas[i - 1]:
            lines.append(
                {
                    "type": "line",
                    "xref": "paper",
                    "yref": "y",
                    "x0": 0,
                    "x1": 1,
                    "y0": i - 0.5,
                    "y1": i - 0.5,
                    "line": {"color": "#8a96a3", "width": 1},
                    "layer": "below",
                }
            )
    return lines
