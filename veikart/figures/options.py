"""Options every figure builder takes, so the dashboard and exports ask for the same thing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from veikart.i18n import DEFAULT_LANG, Lang
from veikart.roadmap.periods import Quarter

if TYPE_CHECKING:  # pandas only where a baseline is drawn
    from veikart.figures.baseline import BaselineChanges


@dataclass(frozen=True)
class FigureOptions:
    lang: Lang = DEFAULT_LANG
    color_by: Literal["status", "phase"] = "status"
    show_dependencies: bool = False
    selected: str | None = None
    """A deliverable (Gantt) or service (phase views) to highlight."""
    start: Quarter | None = None
    end: Quarter | None = None
    """The time window; None means the roadmap's own period."""
    at: Quarter | None = None
    """The quarter of the phase overview and the marker on the phase bands."""
    today: dt.date | None = None
    """Where to draw the "today" line; passed in so figure functions stay pure."""
    width: int | None = None
    height: int | None = None
    """Fixed size in CSS pixels (exports); None lets the figure size itself."""
    fit_width: int | None = None
    """The width in CSS pixels the figure will be drawn at while it follows its container
    (the dashboard passes its graph's width): labels are placed, wrapped and shortened to
    fit it, yet the figure sets no width of its own. Ignored when `width` is given."""
    static: bool = False
    """For static images: no hover-only information, everything readable on paper."""
    legend: bool = True
    """Draw the legend inside the figure; the dashboard draws its own, which wraps on tablets."""
    baseline: BaselineChanges | None = None
    """The roadmap at another revision, compared (`figures.baseline.baseline_changes`): the
    Gantt draws where deliverables were, badges their shifts and marks new and removed ones;
    the phase overview frames services in another phase than in the baseline."""

    @property
    def drawn_width(self) -> int | None:
        """The width the figure will be drawn at, if anyone knows it."""
        return self.width or self.fit_width
