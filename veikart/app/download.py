"""The "Last ned" menu of every view: PNG, SVG, PDF or PowerPoint of what is on screen.

The export goes through `veikart.export.export_bytes`, the code path of `veikart export`,
with the view's filters and quarter read from the page's address (the URL is the state).
A click is handled in two steps: a client-side callback copies the format and
`window.location.search` into a store (the address the viewer sees, including changes
the page wrote with history.replaceState), then the server callback draws the file from
the roadmap already in memory. Nothing here reads a file.

Cost: each export starts its own headless Chromium (~3 s, ~200 MB while it runs) and
stops it when done; a lock lets one export at a time run in each worker process, so
exports queue instead of starting many browsers. Nothing stays running between exports.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from urllib.parse import parse_qs

import dash
import dash_bootstrap_components as dbc
from dash import ALL, MATCH, Input, Output, dcc, html
from dash.development.base_component import Component

from veikart.app.context import AppContext
from veikart.export import (
    BrowserMissing,
    ExportRequest,
    ImageExportError,
    ImageSession,
    NothingToExport,
    export_bytes,
)
from veikart.filters import file_stem, parse_query
from veikart.frames import RoadmapFrames
from veikart.i18n import Lang, t
from veikart.registry import FORMATS, MENU_FORMATS, VIEWS

# Component ids: pattern-matching, so one pair of callbacks serves the menu of every view.
DOWNLOAD_MENU = "download-menu"
DOWNLOAD_ITEM = "download-item"
"""An entry: {"type": DOWNLOAD_ITEM, "view": view, "fmt": fmt}."""
DOWNLOAD_ASK = "download-ask"
"""dcc.Store: the format and the page's query at the click, written in the browser."""
DOWNLOAD_FILE = "download-file"
DOWNLOAD_MESSAGE = "download-message"

_ONE_EXPORT_AT_A_TIME = threading.Lock()
"""Bounds each worker to one Chromium; not state: it holds nothing between requests."""


def _id(kind: str, view: str) -> dict[str, str]:
    return {"type": kind, "view": view}


def download_menu(view: str, lang: Lang = "nb") -> list[Component]:
    """The "Last ned" dropdown of a view, with the download and message it needs."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    items = [
        dbc.DropdownMenuItem(
            t(FORMATS[fmt].label_key, lang),
            id={"type": DOWNLOAD_ITEM, "view": view, "fmt": fmt},
            n_clicks=0,
        )
        for fmt in MENU_FORMATS
    ]
    return [
        dbc.DropdownMenu(
            items,
            id=_id(DOWNLOAD_MENU, view),
            label=t("export.menu", lang),
            color="secondary",
            size="sm",
            align_end=True,
            class_name="vk-download",
        ),
        dcc.Store(id=_id(DOWNLOAD_ASK, view)),
        dcc.Download(id=_id(DOWNLOAD_FILE, view)),
        html.Div(id=_id(DOWNLOAD_MESSAGE, view), className="vk-download-message", role="status"),
    ]


def with_download_menu(toolbar: html.Div, slot_id: str, view: str, lang: Lang = "nb") -> html.Div:
    """The toolbar with the view's menu placed in its download slot."""
    for child in toolbar.children:
        if getattr(child, "id", None) == slot_id:
            child.children = download_menu(view, lang)
            return toolbar
    raise ValueError(f"the toolbar has no slot {slot_id!r}")


def request_from_query(
    view: str,
    fmt: str,
    query: Mapping[str, object],
    frames: RoadmapFrames,
    *,
    files: tuple[str, ...] = (),
    today: dt.date | None = None,
) -> ExportRequest:
    """The export of what a page shows, from its URL query (unknown values are ignored, as on screen)."""
    filters, _ = parse_query(query, frames, frames.lang)
    if view != "gantt":
        filters = filters.choosing_services()  # as the phase page applies them
    plain = {key: (value[-1] if isinstance(value, list) else value) for key, value in query.items()}
    return ExportRequest(
        view=view,
        fmt=fmt,  # type: ignore[arg-type]
        filters=filters,
        color_by="phase" if plain.get("color") == "phase" else "status",
        show_dependencies=plain.get("deps") == "1",
        files=files,
        today=today,
    )


def file_name(request: ExportRequest, lang: Lang = "nb") -> str:
    """veikart-gantt-kjernejournal-planlegging.png: the view and its filters, in safe characters."""
    filters = request.filters
    if not VIEWS[request.view].about_quarter:
        filters = filters.replace(at=None)  # the quarter matters only to views of one quarter
    return f"{file_stem(f'veikart-{request.view}', filters, lang)}.{request.fmt}"


def export_for_download(frames: RoadmapFrames, request: ExportRequest) -> bytes:
    """Draw the file in a Chromium of its own, one export at a time per process."""
    with _ONE_EXPORT_AT_A_TIME, ImageSession() as session:
        return export_bytes(frames, request, session)


def register_download_callbacks(context: AppContext) -> None:
    """The two callbacks behind every view's menu (pattern-matching: one pair for all)."""
    app = context.app
    app.clientside_callback(
        """
        function (clicks) {
            const ctx = window.dash_clientside.callback_context;
            const trigger = ctx.triggered_id;
            if (!trigger || !clicks.some(Boolean)) {
                return window.dash_clientside.no_update;
            }
            return {fmt: trigger.fmt, search: window.location.search, at: Date.now()};
        }
        """,
        Output(_id(DOWNLOAD_ASK, MATCH), "data"),
        Input({"type": DOWNLOAD_ITEM, "view": MATCH, "fmt": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(_id(DOWNLOAD_FILE, MATCH), "data"),
        Output(_id(DOWNLOAD_MESSAGE, MATCH), "children"),
        Input(_id(DOWNLOAD_ASK, MATCH), "data"),
        running=[(Output(_id(DOWNLOAD_MENU, MATCH), "disabled"), True, False)],
        prevent_initial_call=True,
    )
    def download(ask: dict | None) -> tuple[object, object]:
        return download_response(context, dash.ctx.triggered_id["view"], ask)


def download_response(context: AppContext, view: object, ask: object) -> tuple[object, object]:
    """Export `view` with the filters of the page's address; say why if it cannot.

    `view` comes from the client's pattern-matching id and `ask` from its store: a forged
    one names no view or format and exports nothing.
    """
    if not isinstance(ask, dict) or ask.get("fmt") not in MENU_FORMATS or view not in VIEWS:
        return dash.no_update, dash.no_update
    frames = context.snapshot().frames
    lang = context.lang
    if frames is None:
        return dash.no_update, _message(t("app.no_roadmap", lang))
    query = parse_qs(str(ask.get("search") or "").lstrip("?"))
    request = request_from_query(
        str(view), ask["fmt"], query, frames, files=(str(context.source.path),), today=dt.date.today()
    )
    try:
        data = export_for_download(frames, request)
    except BrowserMissing:
        return dash.no_update, _message(t("export.no_browser", lang))
    except NothingToExport:
        return dash.no_update, _message(t("export.nothing", lang))
    except ImageExportError as exc:
        return dash.no_update, _message(t("export.failed", lang, reason=exc))
    return dcc.send_bytes(data, file_name(request, lang), type=FORMATS[request.fmt].media_type), []


def _message(text: str) -> dbc.Alert:
    return dbc.Alert(text, color="warning", dismissable=True, class_name="vk-notice py-2 mb-0 mt-2")


__all__ = [
    "download_menu",
    "download_response",
    "export_for_download",
    "file_name",
    "register_download_callbacks",
    "request_from_query",
    "with_download_menu",
]
