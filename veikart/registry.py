"""The views and output formats of veikart, each declared once.

The dashboard's menus, `veikart export`, the slide deck and the static site all read
these two tables. A view names its figure builder as "module:function" and loads it on
first use, so reading the tables (the CLI's `--help`, `--view` choices) imports no
plotly. Adding a view is one entry here and its builder in `veikart.figures`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal, cast

if TYPE_CHECKING:  # the builders' types only; importing them would load plotly
    from typing import Any

    from veikart.figures.options import FigureOptions
    from veikart.frames import RoadmapFrames

    # A plain plotly figure dict ({"data": [...], "layout": {...}}), as dcc.Graph, kaleido
    # and plotly.io take it.
    FigureBuilder = Callable[[RoadmapFrames, FigureOptions], dict[str, Any]]
else:
    FigureBuilder = Callable


@dataclass(frozen=True)
class View:
    """A figure of the roadmap, as named in `--view`, file names and the "Last ned" menu."""

    name: str
    builder_path: str
    """"module:function" of the pure figure builder (frames, options) -> figure dict."""
    draws: Literal["deliverables", "services"]
    """What the view needs at least one of after filtering, or there is nothing to draw."""
    about_quarter: bool = False
    """The view shows one quarter (the phase overview): captions name it."""
    site_page: str = ""
    """The static site's file for the view ('' for none)."""
    compares: bool = False
    """The builder draws a baseline (`FigureOptions.baseline`): captions then name it."""

    @property
    def label_key(self) -> str:
        """The i18n key of the view's name."""
        return f"export.view.{self.name}"

    @property
    def builder(self) -> FigureBuilder:
        # The path names a function of that type (tests/test_plotly_bundle.py draws each one).
        return cast("FigureBuilder", _load(self.builder_path))


@dataclass(frozen=True)
class Format:
    """An export format: how it is drawn and where it is offered."""

    name: str
    media_type: str
    image: bool
    """One picture of one view (usable for the standard set's images)."""
    browser: bool
    """Drawn by Chromium (needs an ImageSession); HTML is drawn by the reader's browser."""
    menu: bool
    """Offered in the dashboard's "Last ned" menu."""

    @property
    def label_key(self) -> str:
        return f"export.menu.{self.name}"


VIEWS: dict[str, View] = {
    view.name: view
    for view in (
        View(
            "gantt",
            "veikart.figures.gantt:gantt_figure",
            "deliverables",
            site_page="index.html",
            compares=True,
        ),
        View(
            "phases",
            "veikart.figures.phases:phase_overview_figure",
            "services",
            about_quarter=True,
            site_page="phases.html",
            compares=True,
        ),
        View("bands", "veikart.figures.phase_bands:phase_bands_figure", "services", site_page="bands.html"),
    )
}
"""Every view, in menu order; the timeline first."""
VIEW_NAMES: tuple[str, ...] = tuple(VIEWS)

FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        Format("png", "image/png", image=True, browser=True, menu=True),
        Format("svg", "image/svg+xml", image=True, browser=True, menu=True),
        Format("pdf", "application/pdf", image=True, browser=True, menu=True),
        Format("html", "text/html", image=False, browser=False, menu=False),
        Format(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            image=False,
            browser=True,
            menu=True,
        ),
    )
}
"""Every export format, in menu order."""
FORMAT_NAMES: tuple[str, ...] = tuple(FORMATS)
IMAGE_FORMATS: tuple[str, ...] = tuple(name for name, fmt in FORMATS.items() if fmt.image)
MENU_FORMATS: tuple[str, ...] = tuple(name for name, fmt in FORMATS.items() if fmt.menu)


LIST_FILTERS: dict[str, str] = {
    "area": "areas",
    "service": "services",
    "audience": "audiences",
    "phase": "phases",
    "status": "statuses (available, establishing, planning; none for deliverables without one)",
    "owner": "owners",
}
"""The filters that hold lists of ids, named as in links and CLI options, with what they list."""


@cache
def _load(path: str) -> object:
    """The object a "package.module:name" path names (imported only when first asked for)."""
    module, _, name = path.partition(":")
    found: object = getattr(importlib.import_module(module), name)
    return found


__all__ = [
    "FORMATS",
    "FORMAT_NAMES",
    "IMAGE_FORMATS",
    "LIST_FILTERS",
    "MENU_FORMATS",
    "VIEWS",
    "VIEW_NAMES",
    "FigureBuilder",
    "Format",
    "View",
]
