"""The phase overview (faseoversikt): services in the columns of the value chain at a quarter.

`phase_overview_figure` answers "where in the value chain is each service at quarter q"
(`phase_bands.phase_bands_figure` answers "when does it get there"). A service whose
phase at q rests only on estimated (tentative) deliverables has its card lightly hatched,
as estimated bars are in the Gantt view; with a baseline (`FigureOptions.baseline`), a
service in another phase than in the baseline at q gets a dashed violet frame (the solid
orange frame stays "moved since the previous quarter"). Cards are drawn as
one bar trace per area and labelled by one text trace, because plotly.js slows to a crawl
with hundreds of layout shapes or annotations. Every text is wrapped to the width it is
drawn at, measured, so no word is cut; the figure is returned as a plain plotly dict.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from veikart.figures.legend import legend_height
from veikart.figures.options import FigureOptions
from veikart.figures.style import (
    BASELINE_FRAME_COLOR,
    CRITICAL_COLOR,
    CRITICAL_SYMBOL,
    FONT,
    INK,
    MOVED_COLOR,
    MUTED,
    PALE,
    SELECTED_COLOR,
    UNKNOWN_COLOR,
    WHITE,
    contrast,
    ink_on,
    phase_colors,
    tint,
)
from veikart.figures.text import plotly_text, wrap_text
from veikart.frames import UNKNOWN_PHASE, RoadmapFrames, is_missing
from veikart.i18n import Lang, t
from veikart.roadmap.periods import Quarter

DEFAULT_WIDTH = 1100
"""The width labels are wrapped for when the caller does not say (CSS px)."""

# Vertical sizes of the overview, in CSS pixels: the y axis of the overview counts pixels.
HEADER_FONT = 14
CHEVRON_LINE = 17
GOAL_FONT = 11
GOAL_LINE = 14
CARD_FONT = 12
CARD_LINE = 15
CARD_PADDING = 10
CARD_GAP = 5
GROUP_FONT = 11
GROUP_HEAD_LINE = 14
GROUP_GAP = 10
TITLE_HEIGHT = 64
LEGEND_FONT = 12
BOTTOM = 16
# Horizontal positions inside a column, in column widths (a column spans x..x+1).
COLUMN_INSET = 0.012
CARD_INSET = 0.05
CARD_SPACING_PX = 6
CARD_TEXT_LEFT_PX = 10
"""The card's colour stripe and padding, left of its text."""
CARD_TEXT_RIGHT_PX = 18
"""Room right of a card's text for the critical-line dot."""
CHEVRON_DEPTH = 0.045
"""How far a chevron's point reaches, in column widths."""
DENSE_FROM = 40
"""From this many services, cards share rows where columns are wide enough."""
MIN_DENSE_CARD_PX = 130


def _missing(value: object) -> bool:
    return is_missing(value) or value == ""


# --- which service sits in which column ------------------------------------------------


def overview_quarter(frames: RoadmapFrames, options: FigureOptions) -> Quarter:
    """The quarter to show, clamped to the roadmap period.

    `options.at` when given; else today's quarter while today lies in the period; else
    the quarter the roadmap was last `updated` (what its planners described); else today's.
    """
    quarters = frames.quarters
    first, last = quarters[0], quarters[-1]
    today = Quarter.of(options.today) if options.today is not None else None
    updated = Quarter.of(frames.info.updated) if frames.info.updated is not None else None
    if options.at is not None:
        wanted = options.at
    elif today is not None and first <= today <= last:
        wanted = today
    elif updated is not None:
        wanted = updated
    else:
        wanted = today or first
    return min(max(wanted, first), last)


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


def timeline_at(frames: RoadmapFrames, quarter: Quarter) -> dict[str, str]:
    """Each service's phase at `quarter`."""
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
    phase_now = timeline_at(frames, quarter)
    services = frames.services.sort_values("order")
    members: dict[str, list[tuple[str, str]]] = {}
    for sid, name in zip(services["id"], services["name"], strict=True):
        members.setdefault(phase_now.get(sid, UNKNOWN_PHASE), []).append((sid, name))
    columns: list[tuple[str, str, str | None]] = []
    if _has_unknown(frames) or UNKNOWN_PHASE in members:
        columns.append((UNKNOWN_PHASE, t("phase.unknown", lang), None))
    for phase_row in frames.phases.sort_values("order").to_dict("records"):
        goal = phase_row["goal"]
        columns.append((phase_row["id"], phase_row["name"], None if _missing(goal) else str(goal)))
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
    now = timeline_at(frames, quarter)
    before = timeline_at(frames, quarter + -1)
    return {sid: before[sid] for sid, phase in now.items() if sid in before and before[sid] != phase}


def estimated_phases(frames: RoadmapFrames, quarter: Quarter) -> set[str]:
    """Services whose phase at `quarter` comes only from estimated (tentative) deliverables.

    The phase is the last one (in value-chain order) among the deliverables started by the
    quarter's end; when every deliverable carrying that phase is tentative, so is the phase.
    """
    d = frames.deliverables
    if "tentative" not in d or not d["tentative"].any():
        return set()
    started = d[(d["phase_order"] >= 0) & (d["start"] <= pd.Timestamp(quarter.last_day))]
    if started.empty:
        return set()
    top = started.groupby("service")["phase_order"].transform("max")
    defining = started[started["phase_order"] == top]
    estimated = defining.groupby("service")["tentative"].all()
    return set(estimated.index[estimated.to_numpy(dtype=bool)])


def baseline_phase_changes(frames: RoadmapFrames, quarter: Quarter, options: FigureOptions) -> dict[str, str]:
    """Services in another phase at `quarter` than in the baseline: id -> the baseline's phase id."""
    base = options.baseline
    if base is None:
        return {}
    now = timeline_at(frames, quarter)
    changed = {}
    for sid, phase in now.items():
        before = base.phase_at(sid, str(quarter))
        if before is not None and before != phase:
            changed[sid] = before
    return changed


# --- geometry ----------------------------------------------------------------------------


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
    estimated: bool = False
    """Its phase rests only on estimated (tentative) deliverables."""
    baseline_phase: str | None = None
    """Its phase in the baseline at this quarter, when that differs (a phase name)."""
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
    groups: list[tuple[int, float, list[str], str]] = field(default_factory=list)
    """Area headings: (column, y of the first line, lines, colour)."""
    bottom: float = 0.0


@dataclass(frozen=True)
class _Grid:
    """Horizontal geometry: a column is 1 x unit wide, `column_px` CSS pixels on screen."""

    column_px: float
    per_row: int

    @property
    def card_px(self) -> float:
        inner = self.column_px * (1 - 2 * CARD_INSET)
        return (inner - CARD_SPACING_PX * (self.per_row - 1)) / self.per_row

    def card_text_px(self, critical: bool) -> float:
        """Room for a card's name; a critical-line card keeps room for its dot."""
        return self.card_px - CARD_TEXT_LEFT_PX - (CARD_TEXT_RIGHT_PX if critical else 6)

    @property
    def group_text_px(self) -> float:
        return self.column_px * (1 - 2 * CARD_INSET)

    @property
    def name_px(self) -> float:
        """Room for the phase name inside its chevron (notch and point taken off)."""
        return self.column_px * (1 - 2 * COLUMN_INSET - 2.4 * CHEVRON_DEPTH) - 8

    @property
    def goal_px(self) -> float:
        return self.column_px * (1 - 2 * COLUMN_INSET - 0.06) - 4

    def px(self, pixels: float) -> float:
        """`pixels` in x units."""
        return pixels / self.column_px

    def slot(self, column: int, position: int) -> tuple[float, float]:
        """Left and right edge of the card at `position` in a row of `column`."""
        x0 = column + CARD_INSET + self.px(position * (self.card_px + CARD_SPACING_PX))
        return x0, x0 + self.px(self.card_px)


def _grid(width: int, n_columns: int, n_services: int) -> _Grid:
    """Fit cards to the figure width; many services share rows in wide columns."""
    column_px = max(80.0, (width - 20) / max(1, n_columns))
    inner_px = column_px * (1 - 2 * CARD_INSET)
    per_row = max(1, int(inner_px // MIN_DENSE_CARD_PX)) if n_services > DENSE_FROM else 1
    return _Grid(column_px=column_px, per_row=per_row)


def _goal_text(column: OverviewColumn, lang: Lang) -> str:
    if column.phase == UNKNOWN_PHASE:
        return t("phases.unknown_goal", lang)
    return t("phases.goal", lang, goal=column.goal) if column.goal else ""


@dataclass(frozen=True)
class _Header:
    names: dict[int, list[str]]
    goals: dict[int, list[str]]
    chevron: float
    """Height of the chevrons (px)."""
    height: float
    """Height of chevrons and goals together (px)."""


def _header(columns: list[OverviewColumn], grid: _Grid, lang: Lang) -> _Header:
    names = {c.order: wrap_text(c.name, grid.name_px, HEADER_FONT, bold=True) for c in columns}
    goals = {c.order: wrap_text(_goal_text(c, lang), grid.goal_px, GOAL_FONT) for c in columns}
    goals = {k: v if v != [""] else [] for k, v in goals.items()}
    chevron = CHEVRON_LINE * max(len(v) for v in names.values()) + 14
    goal_lines = max(len(v) for v in goals.values())
    return _Header(names, goals, chevron, chevron + (8 + GOAL_LINE * goal_lines if goal_lines else 0) + 8)


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
    for row in services.to_dict("records"):
        service_id = row["id"]
        area_order.setdefault(row["area"], row["area_order"])
        card = _Card(
            service=service_id,
            name=row["name"],
            area=row["area"],
            area_name=row["area_name"],
            area_order=row["area_order"],
            color=row["area_color"],
            critical=bool(row["critical"]),
            column=column_of[service_id],
            lines=labels[service_id],
        )
        per_column[card.column].append(card)
        if service_id in moved:
            card.moved_from = moved[service_id]
            ghost = _Card(**{**card.__dict__, "ghost": True, "column": moved[service_id], "moved_from": None})
            per_column[ghost.column].append(ghost)
    layout.bottom = top
    headings: dict[str, list[str]] = {}
    for column, cards in per_column.items():
        # Real cards before ghosts within each area group; areas in row order (stable sort).
        cards.sort(key=lambda c: c.ghost)
        groups: dict[str, list[_Card]] = {}
        for card in cards:
            groups.setdefault(card.area, []).append(card)
        y = top
        for area in sorted(groups, key=lambda a: area_order[a]):
            members = groups[area]
            heading = headings.setdefault(
                area, wrap_text(members[0].area_name, grid.group_text_px, GROUP_FONT, bold=True)
            )
            layout.groups.append((column, y, heading, members[0].color))
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
    middle = (y0 + y1) / 2
    depth = CHEVRON_DEPTH
    points = [(x0, y0), (x1 - depth if point_out else x1, y0)]
    if point_out:
        points.append((x1 + depth * 0.2, middle))
    points += [(x1 - depth if point_out else x1, y1), (x0, y1)]
    if notch_in:
        points.append((x0 + depth * 1.2, middle))
    return "M " + " L ".join(f"{x:.4f},{y:.1f}" for x, y in points) + " Z"


# --- drawing -------------------------------------------------------------------------------


def _column_backgrounds(
    columns: list[OverviewColumn], content_height: float, header: _Header, colors: dict[str, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each column's background, chevron with the phase name, and goal: few shapes."""
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    first_phase = next((c.order for c in columns if c.phase != UNKNOWN_PHASE), 0)
    for column in columns:
        x0, x1 = column.order + COLUMN_INSET, column.order + 1 - COLUMN_INSET
        unknown = column.phase == UNKNOWN_PHASE
        shapes.append(
            {
                "type": "rect",
                "x0": x0,
                "x1": x1,
                "y0": 0,
                "y1": content_height,
                "fillcolor": PALE if not unknown else WHITE,
                "line": {"color": UNKNOWN_COLOR if unknown else PALE, "width": 1, "dash": "dot"},
                "layer": "below",
            }
        )
        color = UNKNOWN_COLOR if unknown else colors[column.phase]
        if unknown:
            shapes.append(
                {
                    "type": "rect",
                    "x0": x0,
                    "x1": x1,
                    "y0": 0,
                    "y1": header.chevron,
                    "fillcolor": color,
                    "line": {"width": 0},
                    "layer": "below",
                }
            )
        else:
            path = _chevron_path(x0, x1, 0, header.chevron, column.order > first_phase, True)
            shapes.append(
                {"type": "path", "path": path, "fillcolor": color, "line": {"width": 0}, "layer": "below"}
            )
        name = "<br>".join(plotly_text(line) for line in header.names[column.order])
        annotations.append(
            {
                "x": column.order + 0.5,
                "y": header.chevron / 2,
                "text": f"<b>{name}</b>",
                "showarrow": False,
                "font": {"size": HEADER_FONT, "color": ink_on(color)},
                "xanchor": "center",
                "yanchor": "middle",
            }
        )
        goal = header.goals[column.order]
        if goal:
            annotations.append(
                {
                    "x": x0 + 0.03,
                    "y": header.chevron + 8,
                    "text": "<br>".join(plotly_text(line) for line in goal),
                    "showarrow": False,
                    "font": {"size": GOAL_FONT, "color": MUTED},
                    "xanchor": "left",
                    "yanchor": "top",
                    "align": "left",
                }
            )
    return shapes, annotations


def _bar(cards: Iterable[_Card], **props: Any) -> dict[str, Any]:
    cards = list(cards)
    return {
        "type": "bar",
        "orientation": "h",
        "base": [c.x0 for c in cards],
        "x": [c.x1 - c.x0 for c in cards],
        "y": [(c.y0 + c.y1) / 2 for c in cards],
        "width": [c.y1 - c.y0 for c in cards],
        **props,
    }


def _card_traces(
    layout: _Layout,
    column_names: list[str],
    at: Quarter,
    previous: Quarter,
    grid: _Grid,
    options: FigureOptions,
) -> tuple[list[dict[str, Any]], list[str]]:
    """The cards' traces and the names their legend shows (plain text)."""
    lang = options.lang
    legend: list[str] = []
    real = [c for c in layout.cards if not c.ghost]
    ghosts = [c for c in layout.cards if c.ghost]
    hover = "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>%{customdata[3]}<extra>%{customdata[4]}</extra>"
    traces: list[dict[str, Any]] = []
    # One trace per area: the legend doubles as an area filter, and traces stay few.
    areas: dict[str, list[_Card]] = {}
    for card in sorted(real, key=lambda c: c.area_order):
        areas.setdefault(card.area, []).append(card)
    rev = options.baseline.label if options.baseline is not None else ""

    def notes(c: _Card) -> str:
        """The hover's lines under the phase: moved, baseline, estimate (escaped, <br>-joined)."""
        lines = []
        if c.moved_from is not None:
            lines.append(
                t("phases.moved_from", lang, phase=column_names[c.moved_from], quarter=previous.label(lang))
            )
        if c.baseline_phase is not None:
            lines.append(t("baseline.phase_in", lang, rev=rev, phase=c.baseline_phase))
        if c.estimated:
            lines.append(t("phases.tentative", lang))
        return "<br>".join(plotly_text(line) for line in lines)

    for cards in areas.values():
        legend.append(cards[0].area_name)
        customdata = [
            [
                c.service,
                plotly_text(c.name),
                plotly_text(t("phases.in_phase", lang, quarter=at.label(lang), phase=column_names[c.column])),
                notes(c),
                plotly_text(c.area_name + (f" · {t('critical', lang)}" if c.critical else "")),
            ]
            for c in cards
        ]
        traces.append(
            _bar(
                cards,
                name=plotly_text(cards[0].area_name),
                legendgroup=f"area-{cards[0].area}",
                showlegend=True,
                marker={
                    "color": tint(cards[0].color, 0.16),
                    "line": {"color": cards[0].color, "width": 1.2},
                    "cornerradius": 4,
                },
                customdata=customdata,
                hovertemplate=hover,
                meta="cards",
            )
        )
        estimated = [c for c in cards if c.estimated]
        if estimated:
            # Light hatching over the card, as on the Gantt view's estimated bars; its own
            # trace, so the area's legend swatch stays plain. The name keeps its contrast.
            traces.append(
                _bar(
                    estimated,
                    legendgroup=f"area-{cards[0].area}",
                    showlegend=False,
                    hoverinfo="skip",
                    marker={
                        "color": "rgba(0,0,0,0)",
                        "line": {"width": 0},
                        "pattern": {
                            "shape": "/",
                            "fgcolor": tint(cards[0].color, 0.5),
                            "fgopacity": 0.6,
                            "size": 9,
                            "solidity": 0.15,
                        },
                        "cornerradius": 4,
                    },
                    meta="estimated",
                )
            )
        # A solid stripe on the left edge carries the area colour at full strength.
        stripe = _bar(
            cards,
            marker={"color": cards[0].color, "line": {"width": 0}, "cornerradius": 3},
            legendgroup=f"area-{cards[0].area}",
            showlegend=False,
            hoverinfo="skip",
        )
        stripe["x"] = [grid.px(5)] * len(cards)
        traces.append(stripe)
    if ghosts:
        legend.append(t("phases.previous", lang, quarter=previous.label(lang)))
        traces.append(
            _bar(
                ghosts,
                name=plotly_text(t("phases.previous", lang, quarter=previous.label(lang))),
                showlegend=True,
                marker={
                    "color": "rgba(255,255,255,0.85)",
                    "line": {"color": MOVED_COLOR, "width": 1},
                    # Dotted, not hatched: diagonal hatching means an estimate in every view.
                    "pattern": {"shape": ".", "fgcolor": "rgba(194,65,12,0.35)", "size": 7, "solidity": 0.25},
                    "cornerradius": 4,
                },
                customdata=[
                    [
                        c.service,
                        plotly_text(c.name),
                        plotly_text(
                            t(
                                "phases.in_phase",
                                lang,
                                quarter=previous.label(lang),
                                phase=column_names[c.column],
                            )
                        ),
                        "",
                        plotly_text(c.area_name),
                    ]
                    for c in ghosts
                ],
                hovertemplate=hover,
                meta="ghosts",
            )
        )
    movers = [c for c in real if c.moved_from is not None]
    if movers:
        legend.append(t("phases.moved", lang, quarter=previous.label(lang)))
        traces.append(
            _bar(
                movers,
                name=plotly_text(t("phases.moved", lang, quarter=previous.label(lang))),
                showlegend=True,
                marker={
                    "color": "rgba(0,0,0,0)",
                    "line": {"color": MOVED_COLOR, "width": 3},
                    "cornerradius": 4,
                },
                hoverinfo="skip",
                meta="moved",
            )
        )
        arrows = _arrows(movers, {c.service: c for c in ghosts}, grid.per_row)
        if arrows:
            traces.append(arrows)
    estimated = [c for c in real if c.estimated]
    if estimated:
        legend.append(t("phases.tentative", lang))
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "x": [None],
                "y": [None],
                "name": plotly_text(t("phases.tentative", lang)),
                "showlegend": True,
                "hoverinfo": "skip",
                "marker": {
                    "color": tint(INK, 0.08),
                    "line": {"color": MUTED, "width": 1},
                    "pattern": {
                        "shape": "/",
                        "fgcolor": MUTED,
                        "fillmode": "overlay",
                        "fgopacity": 0.6,
                        "size": 5,
                    },
                },
                "meta": "estimated-legend",
            }
        )
    differing = [c for c in real if c.baseline_phase is not None]
    if differing:
        name = t("baseline.phase_differs", lang, rev=rev)
        legend.append(name)
        traces.append(_frames(differing, grid, name))
    selected = [c for c in real if c.service == options.selected]
    if selected:
        traces.append(
            _bar(
                selected,
                marker={"color": "rgba(0,0,0,0)", "line": {"color": SELECTED_COLOR, "width": 3}},
                showlegend=False,
                hoverinfo="skip",
                meta="selected",
            )
        )
    traces += _label_traces(real, ghosts, layout, grid)
    critical = [c for c in real if c.critical]
    if critical:
        legend.append(t("critical", lang))
        traces.append(
            {
                "type": "scatter",
                "x": [c.x1 - grid.px(10) for c in critical],
                "y": [c.y0 + CARD_PADDING / 2 + CARD_LINE / 2 for c in critical],
                "mode": "markers",
                "marker": {
                    "symbol": CRITICAL_SYMBOL,
                    "size": 10,
                    "color": CRITICAL_COLOR,
                    "line": {"color": WHITE, "width": 1},
                },
                "name": plotly_text(t("critical", lang)),
                "showlegend": True,
                "hoverinfo": "skip",
                "meta": "critical",
            }
        )
    return traces, legend


def _frames(cards: list[_Card], grid: _Grid, name: str) -> dict[str, Any]:
    """Dashed frames a little outside the cards, as one line trace (shapes cannot be many)."""
    out_x, out_y = grid.px(4), 4
    xs: list[float | None] = []
    ys: list[float | None] = []
    for c in cards:
        x0, x1, y0, y1 = c.x0 - out_x, c.x1 + out_x, c.y0 - out_y, c.y1 + out_y
        xs += [x0, x1, x1, x0, x0, None]
        ys += [y0, y0, y1, y1, y0, None]
    return {
        "type": "scatter",
        "x": xs,
        "y": ys,
        "mode": "lines",
        "line": {"color": BASELINE_FRAME_COLOR, "width": 2.5, "dash": "6px,3px"},
        "name": plotly_text(name),
        "showlegend": True,
        "hoverinfo": "skip",
        "connectgaps": False,
        "meta": "baseline-frames",
    }


def _label_traces(
    real: list[_Card], ghosts: list[_Card], layout: _Layout, grid: _Grid
) -> list[dict[str, Any]]:
    def text_trace(cards: list[_Card], color: str, bold: bool, meta: str) -> dict[str, Any]:
        texts = []
        for c in cards:
            text = "<br>".join(plotly_text(line) for line in c.lines)
            texts.append(f"<b>{text}</b>" if bold and c.moved_from is not None else text)
        return {
            "type": "scatter",
            "x": [c.x0 + grid.px(CARD_TEXT_LEFT_PX) for c in cards],
            "y": [(c.y0 + c.y1) / 2 for c in cards],
            "text": texts,
            "mode": "text",
            "textposition": "middle right",
            "textfont": {"size": CARD_FONT, "color": color},
            "showlegend": False,
            "hoverinfo": "skip",
            "meta": meta,
        }

    traces = []
    if real:
        traces.append(text_trace(real, INK, True, "labels"))
    if ghosts:
        traces.append(text_trace(ghosts, MUTED, False, "ghost-labels"))
    if layout.groups:
        traces.append(
            {
                "type": "scatter",
                "x": [column + CARD_INSET for column, _, _, _ in layout.groups],
                "y": [y for _, y, _, _ in layout.groups],
                "text": [
                    "<br>".join(f"<b>{plotly_text(line)}</b>" for line in lines)
                    for _, _, lines, _ in layout.groups
                ],
                "mode": "text",
                "textposition": "bottom right",
                "textfont": {
                    "size": GROUP_FONT,
                    "color": [_heading_ink(color) for _, _, _, color in layout.groups],
                },
                "showlegend": False,
                "hoverinfo": "skip",
                "meta": "areas",
            }
        )
    return traces


def _heading_ink(color: str) -> str:
    """The area colour for its heading where it reads on the column's pale ground, else INK."""
    return color if contrast(color, PALE) >= 4.5 else INK


def _arrows(movers: list[_Card], ghosts: dict[str, _Card], per_row: int) -> dict[str, Any] | None:
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
    if not xs:
        return None
    return {
        "type": "scatter",
        "x": xs,
        "y": ys,
        "mode": "lines+markers",
        "line": {"color": MOVED_COLOR, "width": 2},
        "marker": {"symbol": "arrow", "size": sizes, "angleref": "previous", "color": MOVED_COLOR},
        "showlegend": False,
        "hoverinfo": "skip",
        "connectgaps": False,
        "meta": "arrows",
    }


def phase_overview_figure(frames: RoadmapFrames, options: FigureOptions) -> dict[str, Any]:
    """Services as cards in the column of their phase at the chosen quarter, by area."""
    lang = options.lang
    at = overview_quarter(frames, options)
    previous = at + -1
    columns = overview_columns(frames, at)
    n_columns = len(columns)
    index_of = {c.phase: c.order for c in columns}
    width = options.drawn_width or DEFAULT_WIDTH
    services = frames.services.sort_values("order")
    grid = _grid(width, n_columns, len(services))
    header = _header(columns, grid, lang)
    moved_now = moved_services(frames, at)
    # Movers' names are drawn bold: wrapped as bold, so they fit too.
    labels = {
        sid: wrap_text(str(name), grid.card_text_px(bool(critical)), CARD_FONT, bold=sid in moved_now)
        for sid, name, critical in zip(services["id"], services["name"], services["critical"], strict=True)
    }
    phase_now = timeline_at(frames, at)
    column_of = {sid: index_of.get(phase_now.get(sid, UNKNOWN_PHASE), 0) for sid in services["id"]}
    moved = {sid: index_of.get(p, 0) for sid, p in moved_now.items()}
    layout = _place(services, column_of, moved, n_columns, header.height + 4, grid, labels)
    estimated = estimated_phases(frames, at)
    differs = baseline_phase_changes(frames, at, options)
    if estimated or differs:
        names = dict(zip(frames.phases["id"], frames.phases["name"], strict=True))
        if options.baseline is not None:
            names = {**names, **options.baseline.phase_names}
        names[UNKNOWN_PHASE] = t("phase.unknown", lang)
        for card in layout.cards:
            if card.ghost:
                continue
            card.estimated = card.service in estimated
            if card.service in differs:
                card.baseline_phase = names.get(differs[card.service], differs[card.service])
    # As tall as this quarter needs: no band of empty columns under the cards.
    content_height = max(layout.bottom, header.height + (120 if not len(services) else 40))

    shapes, annotations = _column_backgrounds(
        columns, content_height, header, phase_colors(frames.phases["id"])
    )
    traces, legend = _card_traces(layout, [c.name for c in columns], at, previous, grid, options)
    if not len(services):
        annotations.append(
            {
                "x": n_columns / 2,
                "y": header.height + 60,
                "text": plotly_text(t("phases.empty", lang)),
                "showarrow": False,
                "font": {"size": 16, "color": MUTED},
            }
        )
    # The cards' legend groups their traces: plotly flows grouped entries at their widths.
    legend_px = legend_height(legend, width - 20, LEGEND_FONT, grouped=True)
    top = TITLE_HEIGHT + legend_px + 8
    height = math.ceil(top + content_height + BOTTOM)
    layout_dict: dict[str, Any] = {
        "title": {
            "text": f"<b>{plotly_text(t('phases.title', lang, quarter=at.label(lang)))}</b>",
            "subtitle": {
                "text": plotly_text(t("phases.question", lang)),
                "font": {"size": 13, "color": MUTED},
            },
            "x": 0.005,
            "xanchor": "left",
            "xref": "paper",
            "y": 1 - 12 / height,
            "yref": "container",
            "yanchor": "top",
            "font": {"size": 20, "color": INK},
        },
        "font": {"family": FONT, "color": INK, "size": 12},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": top, "b": BOTTOM},
        "paper_bgcolor": WHITE,
        "plot_bgcolor": WHITE,
        "barmode": "overlay",
        "bargap": 0,
        "showlegend": bool(legend),
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 1 - TITLE_HEIGHT / height,
            "yref": "container",
            "yanchor": "top",
            "font": {"size": LEGEND_FONT},
            "itemclick": "toggle",
            "itemdoubleclick": "toggleothers",
        },
        # A little room on the right for the last chevron's point.
        "xaxis": {"range": [-0.004, n_columns + 0.012], "visible": False, "fixedrange": True},
        "yaxis": {"range": [content_height, 0], "visible": False, "fixedrange": True},
        "shapes": shapes,
        "annotations": annotations,
        "hovermode": "closest",
        "hoverlabel": {"font": {"family": FONT, "size": 13}, "align": "left"},
        "dragmode": False,
        "clickmode": "event",
        "uirevision": "phase-overview",
    }
    if options.width:
        layout_dict["width"] = options.width
    return {"data": traces, "layout": layout_dict}


__all__ = [
    "OverviewColumn",
    "baseline_phase_changes",
    "estimated_phases",
    "moved_services",
    "overview_columns",
    "overview_quarter",
    "phase_overview_figure",
    "timeline_at",
]
