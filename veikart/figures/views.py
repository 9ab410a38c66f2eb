"""The views by name: what `--view` and the dashboard's pages mean by 'gantt', 'phases', 'bands'."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

from veikart.figures.gantt import gantt_figure
from veikart.figures.options import FigureOptions
from veikart.figures.phases import overview_quarter, phase_bands_figure, phase_overview_figure
from veikart.frames import RoadmapFrames
from veikart.periods import Quarter

FigureBuilder = Callable[[RoadmapFrames, FigureOptions], go.Figure]

VIEWS: dict[str, FigureBuilder] = {
    "gantt": gantt_figure,
    "phases": phase_overview_figure,
    "bands": phase_bands_figure,
}
"""Each view's figure builder, in menu order."""
VIEW_NAMES: tuple[str, ...] = tuple(VIEWS)


def shown_quarter(view: str, frames: RoadmapFrames, options: FigureOptions) -> Quarter | None:
    """The quarter a view is about when it is about one (the phase overview), else None."""
    return overview_quarter(frames, options) if view == "phases" else None
