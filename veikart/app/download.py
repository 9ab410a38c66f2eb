"""The "Last ned" menu of every view: PNG, SVG, PDF or PowerPoint of what is on screen.

The export goes through `veikart.export.export_bytes`, the code path of `veikart export`,
with the view's filters and quarter read from the page's address (the URL is the state),
and its history: `?asof=` exports the roadmap as it stood then, `?baseline=` draws the
comparison (ghosts, badges, phase frames) as `veikart export --baseline` does. Both come
from memory (the page's layout loaded them), never from git in this callback.
A click is handled in two steps: a client-side callback copies the format and
`window.location.search` into a store (the address the viewer sees, including changes
the page wrote with history.replaceState), then the server callback draws the file from
the roadmap already in memory. Nothing here reads a file.

Cost: each export starts its own headless Chromium (~3 s, ~200 MB while it runs) and
stops it when done. One export at a time runs in each worker process: while one runs,
another reader's click is refused politely ("try again in a moment") instead of queueing
browsers, and every export has a time limit (`EXPORT_SECONDS`) after which its Chromium is
stopped and the reader told so. While a file is being made the menu says "Lager fil …"
(spoken by screen readers). Nothing stays running between exports.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, TypedDict
from urllib.parse import parse_qs, urlencode

import dash
import dash_bootstrap_components as dbc
from dash import ALL, MATCH, ClientsideFunction, Input, Output, dcc, html
from dash.dependencies import Wildcard
from dash.development.base_component import Component

from veikart.app.components import attributes, progress_status
from veikart.app.context import AppContext
from veikart.app.history_choice import PARAMS, cached_shown
from veikart.app.inputs import MaxChars, checked
from veikart.export import (
    BrowserMissing,
    ExportRequest,
    ImageExportError,
    ImageSession,
    NothingToExport,
    export_bytes,
)
from veikart.figures.baseline import BaselineChanges
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
DOWNLOAD_PROGRESS = "download-progress"

EXPORT_SECONDS = 60.0
"""The longest a reader's export may take; a typical one takes 3-4 s, a deck 10-20 s."""

_ONE_EXPORT_AT_A_TIME = threading.Lock()
"""Bounds each worker to one Chromium; not state: it holds nothing between requests."""


class ExportBusy(Exception):
    """Another export is running in this worker; the reader is asked to try again."""


class ExportTimedOut(Exception):
    """The export took longer than its time limit and was stopped."""


class DownloadAsk(TypedDict, total=False):
    """What the browser's click handler sends: the format and the page's address."""

    fmt: str
    search: Annotated[str, MaxChars(2_100_000)]
    at: int | float


def _id(kind: str, view: str | Wildcard) -> dict[str, str | Wildcard]:
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
        html.Span(
            id=_id(DOWNLOAD_PROGRESS, view),
            className="vk-progress",
            role="status",
            **attributes(aria_live="polite"),
        ),
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
    baseline: BaselineChanges | None = None,
) -> ExportRequest:
    """The export of what a page shows, from its URL query (unknown values are ignored, as on screen).

    `frames` are the roadmap the page shows (as of `?asof=` when it has one) and `baseline`
    the comparison with `?baseline=` it draws, both as the page has them in memory.
    """
    filters, _ = parse_query(query, frames, frames.lang)
    if view != "gantt":
        filters = filters.choosing_services()  # as the phase page applies them
    plain = {key: (value[-1] if isinstance(value, list) else value) for key, value in query.items()}
    return ExportRequest(
        view=view,
        fmt=fmt,
        filters=filters,
        color_by="phase" if plain.get("color") == "phase" else "status",
        show_dependencies=plain.get("deps") == "1",
        files=files,
        today=today,
        baseline=baseline,
    )


def file_name(request: ExportRequest, lang: Lang = "nb") -> str:
    """veikart-gantt-kjernejournal-planlegging.png: the view and its filters, in safe characters."""
    filters = request.filters
    if not VIEWS[request.view].about_quarter:
        filters = filters.replace(at=None)  # the quarter matters only to views of one quarter
    return f"{file_stem(f'veikart-{request.view}', filters, lang)}.{request.fmt}"


@dataclass
class _Outcome:
    """What the export thread hands back: the file, or what it raised."""

    data: bytes = b""
    error: BaseException | None = None


def export_for_download(
    frames: RoadmapFrames, request: ExportRequest, *, seconds: float = EXPORT_SECONDS
) -> bytes:
    """Draw the file in a Chromium of its own: one export at a time per process, at most `seconds`.

    Raises ExportBusy at once when another export runs, ExportTimedOut when this one
    takes too long (its Chromium is then stopped; the worker thread ends with it).
    """
    if not _ONE_EXPORT_AT_A_TIME.acquire(blocking=False):
        raise ExportBusy
    session = ImageSession(image_timeout=seconds)
    outcome = _Outcome()

    def work() -> None:
        try:
            with session:
                outcome.data = export_bytes(frames, request, session)
        except BaseException as exc:  # handed to the caller below
            outcome.error = exc
        finally:
            _ONE_EXPORT_AT_A_TIME.release()

    thread = threading.Thread(target=work, name="veikart-export", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        session.close()  # stops Chromium: the export fails in its thread and frees the lock
        raise ExportTimedOut
    if outcome.error is not None:
        raise outcome.error
    return outcome.data


def register_download_callbacks(context: AppContext) -> None:
    """The two callbacks behind every view's menu (pattern-matching: one pair for all)."""
    app = context.app
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="askDownload"),
        Output(_id(DOWNLOAD_ASK, MATCH), "data"),
        Input({"type": DOWNLOAD_ITEM, "view": MATCH, "fmt": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(_id(DOWNLOAD_FILE, MATCH), "data"),
        Output(_id(DOWNLOAD_MESSAGE, MATCH), "children"),
        Input(_id(DOWNLOAD_ASK, MATCH), "data"),
        running=[
            (Output(_id(DOWNLOAD_MENU, MATCH), "disabled"), True, False),
            (Output(_id(DOWNLOAD_PROGRESS, MATCH), "children"), progress_status(context.lang), ""),
        ],
        prevent_initial_call=True,
    )
    @checked
    def download(ask: DownloadAsk | None) -> tuple[object, object]:
        return download_response(context, dash.ctx.triggered_id["view"], ask)


def download_response(context: AppContext, view: object, ask: object) -> tuple[object, object]:
    """Export `view` with the filters of the page's address; say why if it cannot.

    `view` comes from the client's pattern-matching id and `ask` from its store: a forged
    one names no view or format and exports nothing.
    """
    if not isinstance(ask, dict) or ask.get("fmt") not in MENU_FORMATS or view not in VIEWS:
        return dash.no_update, dash.no_update
    snapshot = context.snapshot()
    lang = context.lang
    if snapshot.frames is None:
        return dash.no_update, _message(t("app.no_roadmap", lang))
    query = parse_qs(str(ask.get("search") or "").lstrip("?"))
    history = urlencode([(name, query[name][-1]) for name in PARAMS if query.get(name)])
    shown = cached_shown(context.source, snapshot, history, lang)
    frames = shown.frames
    request = request_from_query(
        str(view),
        ask["fmt"],
        query,
        frames,
        files=(context.source.given,),
        today=dt.date.today(),
        baseline=shown.drawn,
    )
    try:
        data = export_for_download(frames, request)
    except ExportBusy:
        return dash.no_update, _message(t("export.busy", lang))
    except ExportTimedOut:
        return dash.no_update, _message(t("export.timeout", lang, seconds=int(EXPORT_SECONDS)))
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
    "EXPORT_SECONDS",
    "ExportBusy",
    "ExportTimedOut",
    "download_menu",
    "download_response",
    "export_for_download",
    "file_name",
    "register_download_callbacks",
    "request_from_query",
    "with_download_menu",
]
