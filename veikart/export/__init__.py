"""Exports for slides and publishing: PNG, SVG, PDF, self-contained HTML and PowerPoint.

The CLI (`veikart export`) and the dashboard's "Last ned" menu both call
`export_bytes`, which builds the view with the same figure functions as the screen,
draws the frame (title, filters in words, date, source) and renders it.
"""

from veikart.export.browser import BrowserMissing, find_chromium
from veikart.export.formats import (
    SetItem,
    export_bytes,
    needs_browser,
    standard_set,
    write_export,
    write_standard_set,
)
from veikart.export.request import (
    ExportRequest,
    NothingToExport,
    view_figure,
)
from veikart.export.session import ImageExportError, ImageSession
from veikart.export.sizes import DEFAULT_SIZE, SIZE_PRESETS, ImageSize, SizeError, parse_size

__all__ = [
    "DEFAULT_SIZE",
    "SIZE_PRESETS",
    "BrowserMissing",
    "ExportRequest",
    "ImageExportError",
    "ImageSession",
    "ImageSize",
    "NothingToExport",
    "SetItem",
    "SizeError",
    "export_bytes",
    "find_chromium",
    "needs_browser",
    "parse_size",
    "standard_set",
    "view_figure",
    "write_export",
    "write_standard_set",
]
