"""The Gantt view's row plan: rows, lanes, and where every title and flag goes.

`plan_gantt(frames, options)` decides the whole geometry in CSS pixels before anything is
drawn, so it can be tested without plotly and the deck can ask whether an area fits a
slide with its titles. The trace builders (`gantt_traces`) draw exactly what it says.

- Rows: an area heading, then each service with as many lanes (sub-rows) as its
  deliverables need so that no bar, marker, flag or title overlaps another. A tall area
  repeats the heading band (with the years) every REPEAT_UNITS lanes, so a reader who
  has scrolled still sees which year a line is.
- Titles: inside the visible part of the bar when they fit (so a bar starting before the
  time window has its title pinned to the window's left edge), else beside it in dark ink
  (right, then left), else shortened with "…" to the largest room it has. A milestone's
  title goes beside its marker, as long as the room allows.
- Flags sit right at the end of their bar or marker, inside the bar's end when the bar
  reaches the plot's right edge; after them the high-risk cross and a baseline's badge
  ('+2 kv', 'Ny'), so the three never cover a title or each other.
- With a baseline: a moved deliverable's lane keeps room for its ghost (where the baseline
  had it), and removed deliverables are planned in their service's lanes like any other
  item (`removed`), titles included.
- Fixed-size images (slides): the largest font whose rows fit the image with every title;
  when none does, an overview (one row per service, overlapping deliverables in thin
  sub-lanes, no titles).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, overload

import numpy as np
import pandas as pd

from veikart.figures.gantt_marks import RISK_MARK, Marks, gantt_marks
from veikart.figures.legend import legend_height
from veikart.figures.options import FigureOptions
from veikart.figures.quarter_axis import MIN_FONT, TimeAxis
from veikart.figures.style import CRITICAL_GLYPH
from veikart.figures.text import NBSP, fit_text, text_width, wrap_text
from veikart.frames import RoadmapFrames
from veikart.roadmap.periods import Quarter

MAX_ROWS = 420
"""Lane budget of the dashboard: beyond it services get fewer lanes (bars then share one)."""
MAX_LANES = 24
"""Lanes of one service at most; items past it share a lane and their titles are shortened."""
LABEL_LIMIT = 600
"""Titles are drawn on the dashboard only up to this many deliverables (text is slow to draw)."""
NOMINAL_WIDTH = 1480
"""Figure width (CSS px) to fit text to when nobody says how wide it will be drawn."""
MARGIN_RIGHT = 16
PAD = 4
"""Space between a bar's edge and its title, in px."""
GAP = 8
"""Least space between two items of one lane, in px."""
BADGE_PAD = 4
"""Space before a baseline's badge, in px."""
OUTSIDE_SHARE = 0.7
"""A title beside its bar takes at most this share of the plot's width."""
LINE_HEIGHT = 1.25
"""Line height of a wrapped row label, in font sizes."""
LABEL_COLUMN_SHARE = 0.3
"""The row labels take at most this share of the figure's width (at least LABEL_COLUMN_MIN)."""
LABEL_COLUMN_MIN = 130
LABEL_COLUMN_MAX = 380
MAX_LABEL_LINES = 3
REPEAT_UNITS = 24
"""An area taller than this many lanes gets its heading band (with the years) again."""
EXPORT_FRAME_PX = 120
"""Height an export's frame takes from a fixed-size figure (export/framing.py: a header of
about 121 px with two caption lines and a 49 px footer, less the 64 px title band the figure
gives up)."""
SLIDE_FONTS = (22, 20, 18, 16, 15, 14, 13, 12)
"""Title sizes tried for a fixed-size image, largest first."""

LEGEND_FONT = 12
LEGEND_FONT_STATIC = 14

Mode = Literal["titled", "untitled", "overview"]


@dataclass(frozen=True)
class Sizes:
    """Type and row sizes in CSS px; every text at least MIN_FONT."""

    font: int
    """Row labels (services, areas)."""
    label_font: int
    """Titles on and beside bars."""
    row_px: float
    """Height of one lane."""
    marker: int
    flag: int
    bar_width: float = 0.72
    """Bar thickness as a share of a lane."""

    @classmethod
    def screen(cls, n_services: int) -> Sizes:
        """The dashboard: 12 px type; a little tighter for roadmaps with hundreds of services."""
        if n_services > 140:
            return cls(font=MIN_FONT, label_font=MIN_FONT, row_px=20, marker=12, flag=12)
        return cls(font=12, label_font=12, row_px=24, marker=14, flag=13)

    @classmethod
    def slide(cls, font: int) -> Sizes:
        """A fixed-size image: type legible on a projector, rows just tall enough for it."""
        return cls(font=font, label_font=font, row_px=round(font * 1.75), marker=font + 3, flag=max(12, font))


@dataclass(frozen=True)
class Row:
    """A band of the y axis: an area heading (or its repeat), or a service and its lanes."""

    kind: Literal["area", "repeat", "service"]
    id: str
    lines: tuple[str, ...]
    """The row label, wrapped; plain text (escaped when drawn). Empty for repeats."""
    top: float
    """Upper edge in y units (a lane is one unit; y grows downwards)."""
    height: float
    lanes: int = 1
    color: str = ""
    """The area's colour (headings and repeats)."""
    critical: bool = False
    stripe: int = 0
    """0/1 alternating per service within an area, for zebra bands."""

    @property
    def middle(self) -> float:
        return self.top + self.height / 2


@dataclass(frozen=True)
class RemovedPlan:
    """Where the removed deliverables go; arrays follow `Marks.removed`' rows."""

    shown: np.ndarray
    y: np.ndarray
    thickness: np.ndarray
    marker_size: np.ndarray
    left: np.ndarray
    right: np.ndarray
    label: np.ndarray
    label_x: np.ndarray


@dataclass(frozen=True)
class GanttPlan:
    """Where everything goes. Per-deliverable arrays follow `frames.deliverables`' row order."""

    mode: Mode
    axis: TimeAxis
    sizes: Sizes
    width: int
    """The figure width the plan fits (CSS px)."""
    fixed_width: bool
    """The figure sets this width itself (exports); else it follows its container."""
    margin_left: int
    rows: tuple[Row, ...]
    units: float
    """Height of all rows, in lanes."""
    shown: np.ndarray
    """The deliverable lies at least partly inside the time window."""
    y: np.ndarray
    """Centre of the deliverable's lane (y units)."""
    thickness: np.ndarray
    """Bar thickness in y units (thinner in the overview's shared rows)."""
    marker_size: np.ndarray
    left: np.ndarray
    """Left edge of the visible bar, or of the marker, in px from the plot's left edge."""
    right: np.ndarray
    label: np.ndarray
    """The title as drawn: whole, shortened with "…", or '' (none). Plain text."""
    label_x: np.ndarray
    """Left edge of the title in px from the plot's left edge."""
    label_inside: np.ndarray
    """Drawn on the bar (its colour then depends on the fill) rather than beside it."""
    flag_item: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """Flags: the deliverable (row position) each belongs to ..."""
    flag_name: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    flag_x: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """... and the centre of its symbol in px from the plot's left edge. The high-risk
    cross is among them, named RISK_MARK."""
    marks: Marks | None = None
    """What the plan left room for beside the deliverables (risks, a baseline)."""
    badge: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    """The baseline's badge as drawn ('' none) ..."""
    badge_x: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """... its left edge in px from the plot's left edge ..."""
    badge_inside: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    """... and whether it sits inside the bar's end (its ink then depends on the fill)."""
    ghost_shown: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    """The deliverable moved since the baseline, and where it was lies in the time window."""
    removed: RemovedPlan | None = None
    """The baseline's removed deliverables, placed in their services' lanes."""
    top_px: int = 0
    """Pixels above the plot: title, legend, axis."""
    bottom_px: int = 12

    @property
    def plot_px(self) -> float:
        return self.axis.plot_px

    @property
    def height(self) -> int:
        """The figure's height in px."""
        return round(self.top_px + self.bottom_px + self.units * self.sizes.row_px)

    @property
    def titled(self) -> int:
        """How many shown deliverables carry a title."""
        return int(((self.label != "") & self.shown).sum())

    @property
    def all_titled(self) -> bool:
        return self.mode == "titled" and self.titled == int(self.shown.sum())

    @overload
    def ms(self, px: np.ndarray) -> np.ndarray: ...

    @overload
    def ms(self, px: float) -> float: ...

    def ms(self, px: np.ndarray | float) -> np.ndarray | float:
        """Pixels from the plot's left edge as epoch milliseconds on the date axis."""
        start = self.axis.start.value // 1_000_000
        end = self.axis.end.value // 1_000_000
        return start + np.asarray(px) * ((end - start) / self.plot_px)


def window(frames: RoadmapFrames, options: FigureOptions) -> tuple[Quarter, Quarter]:
    """The quarters shown: the options' time window, else the roadmap's period."""
    first = options.start or Quarter.of(frames.info.start)
    last = options.end or Quarter.of(frames.info.end)
    return (first, last) if first <= last else (last, first)


def epoch_ms(values: pd.Series) -> np.ndarray:
    """Timestamps as milliseconds since the epoch: plotly date axes take numbers, fast."""
    return values.to_numpy(dtype="datetime64[ms]").astype(np.int64)


def pack_lanes(starts: np.ndarray, ends: np.ndarray, groups: np.ndarray, max_lanes: int) -> np.ndarray:
    """Greedy interval packing per group: each item goes to the first lane free at its start.

    Items must arrive sorted by group, then start. When `max_lanes` lanes are full, the
    item goes to the lane that frees up first (it overlaps there).
    """
    lanes = np.zeros(len(starts), dtype=np.int64)
    if max_lanes <= 1:
        return lanes
    # Plain Python numbers: indexing numpy arrays item by item is several times slower.
    starts_, ends_, groups_ = starts.tolist(), ends.tolist(), groups.tolist()
    out = [0] * len(starts_)
    lane_ends: list[float] = []
    current = None
    for i, start in enumerate(starts_):
        if groups_[i] != current:
            current = groups_[i]
            lane_ends = []
        lane = -1
        for k, end in enumerate(lane_ends):
            if end <= start:
                lane = k
                break
        if lane < 0:
            if len(lane_ends) < max_lanes:
                lane_ends.append(-np.inf)
                lane = len(lane_ends) - 1
            else:
                lane = lane_ends.index(min(lane_ends))
        if ends_[i] > lane_ends[lane]:
            lane_ends[lane] = ends_[i]
        out[i] = lane
    lanes[:] = out
    return lanes


# --- the plan ------------------------------------------------------------------------------


def plan_gantt(
    frames: RoadmapFrames, options: FigureOptions, legend: Sequence[str] = (), marks: Marks | None = None
) -> GanttPlan:
    """The row plan of the Gantt view of `frames` (already filtered) for `options`.

    `legend` names the entries of plotly's own legend (drawn when `options.legend`), whose
    height the plan leaves above the axis; `marks` are `gantt_marks(frames, options)` when
    the caller has them already.
    """
    marks = marks if marks is not None else gantt_marks(frames, options)
    planned = _planned(frames, marks)
    if options.static and options.height:
        for font in SLIDE_FONTS:
            plan = _plan(frames, planned, options, Sizes.slide(font), "titled", legend)
            if plan.all_titled and plan.height + EXPORT_FRAME_PX <= options.height:
                return _stretched(frames, planned, options, plan, font, legend)
        overview = _plan(frames, planned, options, Sizes.slide(SLIDE_FONTS[-1]), "overview", legend)
        room = options.height - EXPORT_FRAME_PX - overview.top_px - overview.bottom_px
        row_px = max(MIN_FONT * 1.5, room / max(1.0, overview.units))
        font = max(MIN_FONT, min(SLIDE_FONTS[0], int(row_px / 1.6)))
        return _plan(frames, planned, options, Sizes.slide(font), "overview", legend, row_px=row_px)
    sizes = Sizes.screen(len(frames.services))
    mode: Mode = "titled" if planned.n <= LABEL_LIMIT else "untitled"
    return _plan(frames, planned, options, sizes, mode, legend)


def _stretched(
    frames: RoadmapFrames,
    planned: _Planned,
    options: FigureOptions,
    plan: GanttPlan,
    font: int,
    legend: Sequence[str],
) -> GanttPlan:
    """A fitting slide plan with rows up to a third taller where the image has room."""
    assert options.height
    room = options.height - EXPORT_FRAME_PX - plan.top_px - plan.bottom_px
    row_px = min(plan.sizes.row_px * 1.35, room / max(1.0, plan.units))
    if row_px <= plan.sizes.row_px + 1:
        return plan
    return _plan(frames, planned, options, Sizes.slide(font), "titled", legend, row_px=row_px)


@dataclass(frozen=True)
class _Planned:
    """The items the plan places: the shown deliverables (the first `n`), then the removed
    deliverables of a baseline; what each carries at its end, and its ghost's extent."""

    n: int
    marks: Marks
    ids: np.ndarray
    service: np.ndarray
    title: np.ndarray
    is_ms: np.ndarray
    start_ms: np.ndarray
    finish_ms: np.ndarray
    symbols: list[tuple[str, ...]]
    """Flags, then RISK_MARK for a high risk."""
    badge: np.ndarray
    ghost_start_ms: np.ndarray
    ghost_finish_ms: np.ndarray
    ghost_ms: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


def _planned(frames: RoadmapFrames, marks: Marks) -> _Planned:
    d = frames.deliverables
    removed = marks.removed
    r = len(removed)
    flags = d["flags"].to_numpy(dtype=object)
    symbols = [
        (*f, RISK_MARK) if risky else tuple(f) for f, risky in zip(flags, marks.risky, strict=True)
    ] + [()] * r

    def both(current: np.ndarray, extra: np.ndarray) -> np.ndarray:
        return np.concatenate([current, extra]) if r else current

    return _Planned(
        n=len(d),
        marks=marks,
        ids=both(d["id"].to_numpy(dtype=object), removed["id"].to_numpy(dtype=object)),
        service=both(d["service"].to_numpy(dtype=object), removed["service"].to_numpy(dtype=object)),
        title=both(d["title"].to_numpy(dtype=object), removed["title"].to_numpy(dtype=object)),
        is_ms=both(d["is_milestone"].to_numpy(dtype=bool), removed["is_milestone"].to_numpy(dtype=bool)),
        start_ms=both(epoch_ms(d["start"]), epoch_ms(removed["start"]) if r else np.zeros(0, np.int64)),
        finish_ms=both(epoch_ms(d["finish"]), epoch_ms(removed["finish"]) if r else np.zeros(0, np.int64)),
        symbols=symbols,
        badge=both(marks.badge, np.full(r, "", dtype=object)),
        ghost_start_ms=both(marks.ghost_start, np.full(r, np.nan)),
        ghost_finish_ms=both(marks.ghost_finish, np.full(r, np.nan)),
        ghost_ms=both(marks.ghost_milestone, np.zeros(r, dtype=bool)),
    )


@dataclass(frozen=True)
class _Items:
    """Per-item geometry in px from the plot's left edge."""

    is_ms: np.ndarray
    shown: np.ndarray
    left: np.ndarray
    """Left edge of the visible bar or of the marker."""
    right: np.ndarray
    flags: np.ndarray
    """Number of symbols at the item's end (flags and the high-risk cross)."""
    badge_w: np.ndarray
    """Width of the baseline's badge (0: none)."""
    flag_x0: np.ndarray
    """Left edge of the first symbol (or of the badge): the tail's left edge."""
    flags_inside: np.ndarray
    flags_before: np.ndarray
    reach_left: np.ndarray
    """Leftmost px of the item with its tail; its title may extend it."""
    reach_right: np.ndarray
    ghost_left: np.ndarray
    """Where the baseline had the item, when it lies in the window (NaN: no ghost)."""
    ghost_right: np.ndarray


def _items(planned: _Planned, axis: TimeAxis, sizes: Sizes, with_flags: bool) -> _Items:
    plot = axis.plot_px
    x0 = axis.start.value // 1_000_000
    px_per_ms = plot / ((axis.end.value // 1_000_000) - x0)
    is_ms = planned.is_ms
    start = (planned.start_ms - x0) * px_per_ms
    finish = (planned.finish_ms - x0) * px_per_ms
    middle = (start + finish) / 2
    half = sizes.marker / 2 + 1
    left = np.where(is_ms, middle - half, np.clip(start, 0, plot))
    right = np.where(is_ms, middle + half, np.clip(finish, 0, plot))
    shown = np.where(is_ms, (middle >= 0) & (middle <= plot), (finish > 0) & (start < plot))
    n = len(planned)
    if with_flags:
        n_flags = np.fromiter(map(len, planned.symbols), dtype=np.int64, count=n)
        badge_w = np.array([text_width(b, sizes.label_font, bold=True) if b else 0.0 for b in planned.badge])
    else:
        n_flags, badge_w = np.zeros(n, dtype=np.int64), np.zeros(n)
    step = sizes.flag + 2
    flags_w = n_flags * step + np.where(badge_w > 0, badge_w + BADGE_PAD, 0.0)
    has_tail = flags_w > 0
    room_after = right + 3 + flags_w <= plot
    # At the plot's right edge the tail goes inside the bar's end when the bar holds it,
    # else before the item (a marker's always does).
    fits_inside = ~is_ms & (right - left >= flags_w + 4)
    flags_inside = has_tail & ~room_after & fits_inside
    flags_before = has_tail & ~room_after & ~fits_inside
    flag_x0 = np.select([flags_inside, flags_before], [right - flags_w - 2, left - 2 - flags_w], right + 3)
    after = has_tail & room_after
    reach_right = np.where(after, flag_x0 + flags_w, right)
    reach_left = np.where(flags_before, flag_x0, left)
    ghost_left = np.full(n, np.nan)
    ghost_right = np.full(n, np.nan)
    moved = ~np.isnan(planned.ghost_start_ms)
    if moved.any():
        g_start = (planned.ghost_start_ms[moved] - x0) * px_per_ms
        g_finish = (planned.ghost_finish_ms[moved] - x0) * px_per_ms
        g_middle = (g_start + g_finish) / 2
        g_ms = planned.ghost_ms[moved]
        g_left = np.where(g_ms, g_middle - half, np.clip(g_start, 0, plot))
        g_right = np.where(g_ms, g_middle + half, np.clip(g_finish, 0, plot))
        visible = np.where(g_ms, (g_middle >= 0) & (g_middle <= plot), (g_finish > 0) & (g_start < plot))
        ghost_left[moved] = np.where(visible, g_left, np.nan)
        ghost_right[moved] = np.where(visible, g_right, np.nan)
    return _Items(
        is_ms,
        shown,
        left,
        right,
        n_flags,
        badge_w,
        flag_x0,
        flags_inside,
        flags_before,
        reach_left,
        reach_right,
        ghost_left,
        ghost_right,
    )


@dataclass
class _Labels:
    text: np.ndarray
    x: np.ndarray
    width: np.ndarray
    inside: np.ndarray
    side: np.ndarray
    """'in', 'right', 'left' or ''."""


def _place_labels(titles: np.ndarray, items: _Items, plot: float, font: int, no_left: np.ndarray) -> _Labels:
    """Each title where it fits whole, else shortened to its largest room.

    `no_left` marks items whose left side is taken (an arrow arrives there).
    """
    n = len(titles)
    text = np.full(n, "", dtype=object)
    x = np.zeros(n)
    width = np.zeros(n)
    side = np.full(n, "", dtype=object)
    cap = max(120.0, plot * OUTSIDE_SHARE)
    inside_room = np.where(
        items.is_ms,
        -1.0,
        items.right - items.left - 2 * PAD - np.where(items.flags_inside, items.right - items.flag_x0, 0),
    )
    right_room = np.minimum(plot - (items.reach_right + PAD), cap)
    left_room = np.where(no_left, -1.0, np.minimum(items.reach_left - PAD, cap))
    for i in np.flatnonzero(items.shown):
        title = str(titles[i])
        w = text_width(title, font)
        rooms = (("in", inside_room[i]), ("right", right_room[i]), ("left", left_room[i]))
        chosen = next((name for name, room in rooms if w <= room), None)
        if chosen is None:
            # Shortened into the largest room, preferring the bar itself on a tie.
            chosen, room = max(rooms, key=lambda r: r[1])
            title = fit_text(title, room, font)
            if not title:
                continue
            w = text_width(title, font)
        text[i] = title
        width[i] = w
        side[i] = chosen
        x[i] = {
            "in": items.left[i] + PAD,
            "right": items.reach_right[i] + PAD,
            "left": items.reach_left[i] - PAD - w,
        }[chosen]
    return _Labels(text, x, width, side == "in", side)


def _fit_to_lanes(
    labels: _Labels,
    items: _Items,
    titles: np.ndarray,
    lanes: np.ndarray,
    groups: np.ndarray,
    occupied_from: np.ndarray,
    plot: float,
    font: int,
) -> None:
    """Give each title the room its lane leaves it, left to right.

    A title shortened to fit the width cap grows back into free space up to the next
    item of its lane; where lanes ran out and items share one, a title is shortened so
    it never runs into its neighbour.
    """
    order = np.lexsort((items.reach_left, lanes, groups))
    previous_end = -np.inf
    for k, i in enumerate(order):
        if k == 0 or groups[order[k - 1]] != groups[i] or lanes[order[k - 1]] != lanes[i]:
            previous_end = -np.inf
        nxt = order[k + 1] if k + 1 < len(order) else None
        same_lane = nxt is not None and groups[nxt] == groups[i] and lanes[nxt] == lanes[i]
        ceiling = occupied_from[nxt] - GAP if same_lane else plot
        floor = max(0.0, previous_end + GAP)
        side = labels.side[i]
        if items.shown[i] and side:
            if side == "left":
                low, high = floor, items.reach_left[i] - PAD
            elif side == "right":
                low, high = items.reach_right[i] + PAD, ceiling
            else:
                inner = (
                    items.right[i] - PAD - (items.right[i] - items.flag_x0[i] if items.flags_inside[i] else 0)
                )
                low, high = items.left[i] + PAD, min(inner, ceiling)
            if labels.text[i] != titles[i] or labels.x[i] < low or labels.x[i] + labels.width[i] > high:
                text = fit_text(str(titles[i]), high - low, font)
                labels.text[i] = text
                labels.width[i] = text_width(text, font) if text else 0.0
                labels.x[i] = high - labels.width[i] if side == "left" else low
                if not text:
                    labels.side[i] = ""
                    labels.inside[i] = False
        end = items.reach_right[i]
        if labels.side[i] in ("right", "in"):
            end = max(end, labels.x[i] + labels.width[i])
        previous_end = max(previous_end, end) if items.shown[i] else previous_end


def _row_labels(
    frames: RoadmapFrames, width: int, sizes: Sizes
) -> tuple[dict[str, list[str]], dict[str, list[str]], int]:
    """Service and area names wrapped to the label column, and the column's width (px)."""
    services = frames.services
    column = float(np.clip(width * LABEL_COLUMN_SHARE, LABEL_COLUMN_MIN, LABEL_COLUMN_MAX))
    glyph = NBSP + CRITICAL_GLYPH
    service_lines: dict[str, list[str]] = {}
    widest = 40.0
    for sid, name, critical in zip(services["id"], services["name"], services["critical"], strict=True):
        text = str(name) + (glyph if critical else "")
        lines = wrap_text(text, column, sizes.font, MAX_LABEL_LINES)
        service_lines[str(sid)] = lines
        widest = max(widest, *(text_width(line, sizes.font) for line in lines))
    area_lines: dict[str, list[str]] = {}
    for area, name in zip(services["area"], services["area_name"], strict=True):
        if area in area_lines:
            continue
        lines = wrap_text(str(name), column, sizes.font, MAX_LABEL_LINES, bold=True)
        area_lines[str(area)] = lines
        widest = max(widest, *(text_width(line, sizes.font, bold=True) for line in lines))
    return service_lines, area_lines, int(np.ceil(min(column, widest) + 14))


def _plan(
    frames: RoadmapFrames,
    planned: _Planned,
    options: FigureOptions,
    sizes: Sizes,
    mode: Mode,
    legend: Sequence[str],
    row_px: float | None = None,
) -> GanttPlan:
    if row_px is not None:
        sizes = Sizes(sizes.font, sizes.label_font, row_px, sizes.marker, sizes.flag, sizes.bar_width)
    n = planned.n
    services = frames.services.sort_values("order", kind="stable")
    first, last = window(frames, options)
    width = options.drawn_width or NOMINAL_WIDTH
    service_lines, area_lines, margin_left = _row_labels(frames, width, sizes)
    plot_px = max(120.0, width - margin_left - MARGIN_RIGHT)
    marks = any(
        day is not None and first.first_day <= day <= last.last_day
        for day in (options.today, frames.info.updated)
    )
    axis = TimeAxis(first, last, plot_px, options.lang, font=sizes.font, marks_strip=marks)
    titled = mode == "titled"
    items = _items(planned, axis, sizes, with_flags=mode != "overview")
    titles = planned.title
    total = len(planned)
    if titled:
        # Dependency arrows end at the left edge of their target: keep its title off it.
        targets = np.zeros(total, dtype=bool)
        if options.show_dependencies:
            targets[:n] = frames.deliverables["id"].isin(frames.dependencies["target"]).to_numpy()
        labels = _place_labels(titles, items, plot_px, sizes.label_font, targets)
    else:
        labels = _Labels(
            np.full(total, "", dtype=object),
            np.zeros(total),
            np.zeros(total),
            np.zeros(total, bool),
            np.full(total, "", dtype=object),
        )

    # What each item occupies in its lane, title and ghost included, so packed lanes never collide.
    has_left = labels.side == "left"
    has_right = (labels.side == "right") | (
        (labels.side == "in") & (labels.x + labels.width > items.reach_right)
    )
    occupied_from = np.where(has_left, np.minimum(labels.x, items.reach_left), items.reach_left)
    occupied_to = np.where(
        has_right, np.maximum(labels.x + labels.width, items.reach_right), items.reach_right
    )
    occupied_from = np.fmin(occupied_from, items.ghost_left)
    occupied_to = np.fmax(occupied_to, items.ghost_right)
    groups, service_ids = pd.factorize(planned.service)
    n_services = max(1, len(services))
    n_areas = services["area"].nunique() if len(services) else 0
    order = np.lexsort((occupied_from, groups))
    lanes = np.zeros(total, dtype=np.int64)

    def pack(cap: int) -> None:
        lanes[order] = pack_lanes(occupied_from[order], occupied_to[order] + GAP, groups[order], cap)

    pack(MAX_LANES)
    if mode != "overview" and not options.static and total:
        # The dashboard's lane budget: services with the most lanes give some up first.
        needed = np.zeros(len(service_ids), dtype=np.int64)
        np.maximum.at(needed, groups, lanes + 1)
        budget = MAX_ROWS - n_areas - (n_services - len(service_ids))
        if needed.sum() > budget:
            cap = next((k for k in range(MAX_LANES - 1, 0, -1) if np.minimum(needed, k).sum() <= budget), 1)
            pack(cap)
    if titled and total:
        _fit_to_lanes(labels, items, titles, lanes, groups, occupied_from, plot_px, sizes.label_font)
    lane_count = np.zeros(len(service_ids), dtype=np.int64)
    np.maximum.at(lane_count, groups, lanes)
    lanes_of = dict(zip(service_ids, lane_count + 1, strict=True))

    rows, service_top, service_height = _rows(services, service_lines, area_lines, lanes_of, sizes, mode)
    units = rows[-1].top + rows[-1].height if rows else 1.0
    tops = np.array([service_top[s] for s in service_ids], dtype=float)[groups] if total else np.zeros(0)
    y: np.ndarray
    if mode == "overview":
        share = (
            1 / np.array([lanes_of[s] for s in service_ids], dtype=float)[groups] if total else np.zeros(0)
        )
        y = tops + (lanes + 0.5) * share
        thickness = sizes.bar_width * share
        marker_size = np.maximum(7, np.minimum(sizes.marker, sizes.row_px * share * 1.1))
    else:
        heights = (
            np.array([service_height[s] for s in service_ids], dtype=float)[groups] if total else np.zeros(0)
        )
        n_lanes = np.array([lanes_of[s] for s in service_ids], dtype=float)[groups] if total else np.zeros(0)
        y = tops + (heights - n_lanes) / 2 + lanes + 0.5
        thickness = np.full(total, sizes.bar_width)
        marker_size = np.full(total, float(sizes.marker))

    flag_item, flag_name, flag_x = (
        _flag_positions(planned, items, sizes) if mode != "overview" else _no_flags()
    )
    with_badges = mode != "overview"
    badge = np.where(with_badges & items.shown[:n], planned.badge[:n], "").astype(object)
    badge_x = items.flag_x0[:n] + items.flags[:n] * (sizes.flag + 2) + BADGE_PAD - 1
    removed = None
    if total > n:
        removed = RemovedPlan(
            shown=items.shown[n:],
            y=y[n:],
            thickness=thickness[n:],
            marker_size=marker_size[n:],
            left=items.left[n:],
            right=items.right[n:],
            label=labels.text[n:],
            label_x=labels.x[n:],
        )
    title_px = 64 if options.static else 0
    legend_px = _legend_px(legend, options, plot_px)
    return GanttPlan(
        mode=mode,
        axis=axis,
        sizes=sizes,
        width=width,
        fixed_width=options.width is not None,
        margin_left=margin_left,
        rows=tuple(rows),
        units=float(max(units, 1.0)),
        shown=items.shown[:n],
        y=y[:n],
        thickness=thickness[:n],
        marker_size=marker_size[:n],
        left=items.left[:n],
        right=items.right[:n],
        label=labels.text[:n],
        label_x=labels.x[:n],
        label_inside=labels.inside[:n],
        flag_item=flag_item,
        flag_name=flag_name,
        flag_x=flag_x,
        marks=planned.marks,
        badge=badge,
        badge_x=badge_x,
        badge_inside=items.flags_inside[:n] & (badge != ""),
        ghost_shown=~np.isnan(items.ghost_left[:n]),
        removed=removed,
        top_px=title_px + legend_px + axis.height_above + 4,
        bottom_px=12,
    )


def _no_flags() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object), np.zeros(0)


def _flag_positions(
    planned: _Planned, items: _Items, sizes: Sizes
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    which, names, xs = [], [], []
    step = sizes.flag + 2
    for i in np.flatnonzero((items.flags[: planned.n] > 0) & items.shown[: planned.n]):
        for k, flag in enumerate(planned.symbols[i]):
            which.append(i)
            names.append(flag)
            xs.append(items.flag_x0[i] + k * step + sizes.flag / 2)
    return np.array(which, dtype=np.int64), np.array(names, dtype=object), np.array(xs, dtype=float)


def _rows(
    services: pd.DataFrame,
    service_lines: dict[str, list[str]],
    area_lines: dict[str, list[str]],
    lanes_of: dict[str, int],
    sizes: Sizes,
    mode: Mode,
) -> tuple[list[Row], dict[str, float], dict[str, float]]:
    """The y bands, top to bottom; each service's top and height in lanes."""
    line_units = sizes.font * LINE_HEIGHT / sizes.row_px
    rows: list[Row] = []
    top = 0.0
    since_heading = 0.0
    area = None
    stripe = 0
    service_top: dict[str, float] = {}
    service_height: dict[str, float] = {}
    columns = ("id", "area", "area_color", "critical")
    for sid, area_id, color, critical in zip(
        *(services[c].to_numpy(dtype=object) for c in columns), strict=True
    ):
        sid = str(sid)
        lanes = 1 if mode == "overview" else int(lanes_of.get(sid, 1))
        lines = service_lines[sid]
        # A one-line name fits any lane; more lines need their height and a little air.
        height = max(float(lanes), len(lines) * line_units + 0.15) if len(lines) > 1 else float(lanes)
        if area_id != area or (
            mode != "overview" and since_heading + height > REPEAT_UNITS and since_heading
        ):
            repeat = area_id == area
            area = area_id
            heading = () if repeat else tuple(area_lines[str(area_id)])
            head_height = max(1.0, len(heading) * line_units + 0.2) if len(heading) > 1 else 1.0
            rows.append(
                Row("repeat" if repeat else "area", str(area_id), heading, top, head_height, color=str(color))
            )
            top += head_height
            since_heading = 0.0
            if not repeat:
                stripe = 0
        rows.append(
            Row(
                "service",
                sid,
                tuple(lines),
                top,
                height,
                lanes=lanes,
                critical=bool(critical),
                stripe=stripe % 2,
            )
        )
        service_top[sid] = top
        service_height[sid] = height
        top += height
        since_heading += height
        stripe += 1
    return rows, service_top, service_height


def _legend_px(legend: Sequence[str], options: FigureOptions, plot_px: float) -> int:
    """Height of plotly's own legend above the axis, from its entries' texts.

    plotly wraps a horizontal legend at the plot area's width, whatever its `xref`.
    """
    if not options.legend or not legend:
        return 0
    font = LEGEND_FONT_STATIC if options.static else LEGEND_FONT
    return 6 + legend_height(legend, plot_px, font)
