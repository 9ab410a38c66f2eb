"""What to export: a view, its filters, a format and a size; and the figure that makes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import plotly.graph_objects as go

from veikart.export.framing import caption_for, framed_figure
from veikart.export.sizes import DEFAULT_SIZE, ImageSize
from veikart.figures.options import FigureOptions
from veikart.figures.phases import overview_quarter
from veikart.filters import Filters, filter_frames
from veikart.frames import RoadmapFrames
from veikart.i18n import Lang, t
from veikart.registry import VIEWS
from veikart.roadmap.periods import Quarter

if TYPE_CHECKING:
    from veikart.figures.baseline import BaselineChanges


class NothingToExport(Exception):
    """The filters leave nothing to draw."""


@dataclass(frozen=True)
class ExportRequest:
    """One export, as asked for on the command line or from the dashboard's menu."""

    view: str = "gantt"
    fmt: str = "png"
    """A name in `veikart.registry.FORMATS`."""
    filters: Filters = field(default_factory=Filters)
    size: ImageSize = DEFAULT_SIZE
    scale: float = 1.0
    title: str | None = None
    subtitle: str | None = None
    color_by: Literal["status", "phase"] = "status"
    """What the Gantt bars' colours mean, as on the dashboard (`color=phase`)."""
    show_dependencies: bool = False
    """Draw the dependency arrows, as on the dashboard (`deps=1`)."""
    quarters: tuple[Quarter, ...] = ()
    """Every --at quarter; a PowerPoint deck gets one phase overview slide per quarter."""
    today: dt.date | None = None
    """Where figures draw "today"; None leaves it out."""
    files: tuple[str, ...] = ()
    """The roadmap's files, named in the source line."""
    baseline: BaselineChanges | None = None
    """The roadmap at another revision, compared: the timeline draws its ghosts and
    badges, the phase overview its frames, the caption names it."""


def view_label(view: str, lang: Lang) -> str:
    return t(VIEWS[view].label_key, lang)


def has_content(frames: RoadmapFrames, view: str) -> bool:
    """True when the (filtered) frames give the view something to draw."""
    drawn = frames.deliverables if VIEWS[view].draws == "deliverables" else frames.services
    return len(drawn) > 0


def shown_quarter(view: str, frames: RoadmapFrames, options: FigureOptions) -> Quarter | None:
    """The quarter a view is about when it is about one (the phase overview), else None."""
    return overview_quarter(frames, options) if VIEWS[view].about_quarter else None


def figure_options(
    request: ExportRequest, lang: Lang, *, static: bool, size: ImageSize | None
) -> FigureOptions:
    filters = request.filters
    return FigureOptions(
        lang=lang,
        color_by=request.color_by,
        show_dependencies=request.show_dependencies,
        start=filters.start,
        end=filters.end,
        at=filters.at,
        today=request.today,
        width=size.width if size else None,
        height=size.height if size else None,
        static=static,
        baseline=request.baseline,
    )


def view_figure(
    frames: RoadmapFrames,
    request: ExportRequest,
    *,
    size: ImageSize | None = None,
    static: bool = True,
    show_title: bool = True,
) -> go.Figure:
    """The framed figure of the request's view, from the unfiltered frames.

    Raises NothingToExport when the filters leave nothing to draw.
    """
    try:
        builder = VIEWS[request.view].builder
    except KeyError:
        raise ValueError(f"unknown view {request.view!r}; views: {', '.join(VIEWS)}") from None
    shown = filter_frames(frames, request.filters)
    if not has_content(shown, request.view):
        raise NothingToExport(t("export.nothing", frames.lang))
    options = figure_options(request, frames.lang, static=static, size=size)
    figure = builder(shown, options)
    filters = request.filters
    if filters.at is None and (quarter := shown_quarter(request.view, shown, options)) is not None:
        # name the quarter the view chose, so the caption says which quarter it shows
        filters = filters.replace(at=quarter)
    caption = caption_for(
        frames,
        filters,
        view_label(request.view, frames.lang),
        files=request.files,
        title=request.title,
        subtitle=request.subtitle,
        today=request.today,
        baseline=request.baseline.label
        if request.baseline is not None and VIEWS[request.view].compares
        else None,
    )
    return framed_figure(
        figure,
        caption,
        size.width if size else None,
        size.height if size else None,
        show_title=show_title,
        lang=frames.lang,
    )


def file_names(files: Sequence[Path | str]) -> tuple[str, ...]:
    """The files as shown in the source line (relative paths as given)."""
    return tuple(str(f) for f in files)
