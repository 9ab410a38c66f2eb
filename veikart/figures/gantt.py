"""The Gantt view (tidslinje): services as rows grouped under their area, on a quarter grid.

`gantt_figure(frames, options)` is pure and fast on thousands of deliverables: the row
plan (`gantt_plan`) decides where every bar, marker, flag and title goes, the trace
builders (`gantt_traces`) draw it, and the result is a plain plotly figure dict, which
`dcc.Graph`, kaleido and `plotly.io` take as they are (building a `go.Figure` would
validate every array, which costs more than the whole figure).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

import numpy as np

from veikart.figures.gantt_hover import hover_texts
from veikart.figures.gantt_marks import gantt_marks
from veikart.figures.gantt_plan import GanttPlan, plan_gantt
from veikart.figures.gantt_traces import (
    badge_trace,
    bar_traces,
    colouring,
    dependency_traces,
    flag_traces,
    gantt_layout,
    ghost_traces,
    label_trace,
    legend_items,
    legend_traces,
    marker_traces,
    removed_title_trace,
    removed_traces,
    repeated_years,
    row_bands,
    vertical_lines,
)
from veikart.figures.legend import LegendItem
from veikart.figures.options import FigureOptions
from veikart.frames import RoadmapFrames
from veikart.i18n import t

BESIDE_THE_BARS = ("flag-", "risk", "baseline-shift", "baseline-new")
"""Legend groups of what the plan puts beside a bar, which an overview leaves out."""


@dataclass(frozen=True)
class GanttChart:
    """The figure with what it was drawn from: the row plan and the legend's entries."""

    figure: dict[str, Any]
    plan: GanttPlan
    legend: tuple[LegendItem, ...]
    legend_title: str


def dependency_chain(frames: RoadmapFrames, selected: str) -> set[str]:
    """The selected deliverable with everything it depends on and everything that depends on it."""
    deps = frames.dependencies
    upstream: dict[str, list[str]] = {}
    downstream: dict[str, list[str]] = {}
    for source, target in zip(deps["source"], deps["target"], strict=True):
        upstream.setdefault(target, []).append(source)
        downstream.setdefault(source, []).append(target)
    chain = {selected}
    for graph in (upstream, downstream):
        queue = deque([selected])
        while queue:
            for other in graph.get(queue.popleft(), ()):
                if other not in chain:
                    chain.add(other)
                    queue.append(other)
    return chain


def gantt_plan(frames: RoadmapFrames, options: FigureOptions) -> GanttPlan:
    """The row plan `gantt_figure` draws for these frames and options."""
    paint = colouring(frames, options)
    marks = gantt_marks(frames, options)
    legend = legend_items(frames, options, paint, marks)
    return plan_gantt(frames, options, [item.label for item in legend], marks)


def gantt_chart(frames: RoadmapFrames, options: FigureOptions) -> GanttChart:
    """Plan and draw the Gantt chart of `frames` (already filtered)."""
    d = frames.deliverables
    paint = colouring(frames, options)
    marks = gantt_marks(frames, options)
    legend = legend_items(frames, options, paint, marks)
    plan = plan_gantt(frames, options, [item.label for item in legend], marks)
    if plan.mode == "overview":
        # The overview's thin rows carry no symbols or badges beside the bars: no entries for them.
        legend = [item for item in legend if not item.group.startswith(BESIDE_THE_BARS)]
    ids = d["id"].to_numpy(dtype=object)
    chain: set[str] | None = None
    if options.selected and options.show_dependencies and options.selected in set(ids):
        chain = dependency_chain(frames, options.selected)
    dim = np.array([i not in chain for i in ids], dtype=bool) if chain else np.zeros(len(d), dtype=bool)
    selected = ids == options.selected if options.selected else np.zeros(len(d), dtype=bool)
    hover = None if options.static else hover_texts(frames, options.lang, marks)
    tentative = d["tentative"].to_numpy(dtype=bool) if "tentative" in d else np.zeros(len(d), dtype=bool)
    hover_template = f"%{{hovertext}}<br><i>{t('gantt.click_hint', options.lang)}</i><extra></extra>"

    mark_lines, _ = plan.axis.marks(options.today, frames.info.updated)
    traces: list[dict[str, Any]] = [row_bands(plan), *vertical_lines(plan, plan.axis.year_lines())]
    # A baseline's ghosts lie under what the roadmap has now.
    traces += ghost_traces(frames, plan, hover is not None)
    traces += removed_traces(frames, plan, hover is not None)
    traces += bar_traces(frames, plan, paint, dim, selected, hover, hover_template)
    traces += vertical_lines(plan, mark_lines)
    if options.show_dependencies and len(frames.dependencies):
        traces += dependency_traces(frames, plan, chain, options.lang)
    traces += marker_traces(frames, plan, paint, dim, selected, hover, hover_template)
    traces += flag_traces(frames, plan, static=options.static)
    for extra in (
        label_trace(plan, paint, dim, tentative),
        removed_title_trace(plan),
        badge_trace(plan, paint, tentative, dim),
        repeated_years(plan),
    ):
        if extra is not None:
            traces.append(extra)
    if options.legend:
        traces += legend_traces(legend, 12 if not options.static else 14)
    layout = gantt_layout(frames, plan, options, legend, paint.title)
    return GanttChart({"data": traces, "layout": layout}, plan, tuple(legend), paint.title)


def gantt_figure(frames: RoadmapFrames, options: FigureOptions) -> dict[str, Any]:
    """Draw the roadmap as a Gantt chart: one row (or a few lanes) per service."""
    return gantt_chart(frames, options).figure


__all__ = ["GanttChart", "dependency_chain", "gantt_chart", "gantt_figure", "gantt_plan", "hover_texts"]
