"""The table view at `/tabell`: the filtered deliverables as a sortable table, with downloads.

The accessible alternative to the chart: the same filters (from the same URL query),
the same rows, readable by screen readers, sortable by any column (Enter on a heading;
Ctrl+Enter adds a second sort key). The grid is AG Grid (dash-ag-grid), in the UI's
language; CSV and Excel are drawn on the server from the same rows, with a file name
that names the filters.
"""

from __future__ import annotations

import io
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from veikart.app import ids
from veikart.app.cache import render_cached
from veikart.app.components import (
    attributes,
    filter_bar,
    filter_inputs,
    filter_toggle,
    notice_children,
    progress_status,
    register_filter_toggle,
    toolbar,
)
from veikart.app.context import AppContext
from veikart.app.history_bar import HistoryValue, history_id
from veikart.app.history_choice import cached_shown
from veikart.app.inputs import checked
from veikart.app.page import PageBody, PageRequest
from veikart.app.state import FILTER_FIELDS, FilterValues, filters_from_controls
from veikart.filters import Filters, file_stem, filter_frames
from veikart.frames import RoadmapFrames
from veikart.i18n import TEXTS, Lang, flag_label, status_label, t

NS = "table"
GRID = ids.page_id(NS, "grid")
COUNT = ids.page_id(NS, "count")
NOTICES = ids.notices(NS)
CSV = ids.page_id(NS, "csv")
EXCEL = ids.page_id(NS, "excel")
DOWNLOAD = ids.page_id(NS, "download")
DOWNLOAD_STATUS = ids.page_id(NS, "download-status")
DOWNLOAD_SLOT = ids.page_id(NS, "download-slot")
PAGE_SIZE = 100

COLUMNS: tuple[tuple[str, str], ...] = (
    ("area", "gantt.area"),
    ("service", "gantt.service"),
    ("title", "table.title"),
    ("kind", "gantt.kind"),
    ("period", "gantt.period"),
    ("start", "table.start"),
    ("end", "table.end"),
    ("status", "filter.status"),
    ("phase", "filter.phase"),
    ("owner", "gantt.owner"),
    ("flags", "gantt.flags"),
    ("critical", "table.critical"),
)
"""The columns readers see, in order: (field, i18n key of the heading)."""
CHANGE = ("change", "table.change")
"""With a baseline (`?baseline=`), after the title: what changed since ("+2 kv", "Ny", …)."""
ROW_ID = "id"
"""The deliverable's id: in every row (row identity, links), never shown as a column."""
FLEX = {"title": 3, "service": 2, "status": 2, "owner": 2, "flags": 2, "change": 2}
MIN_WIDTH = {
    "title": 240,
    "service": 160,
    "status": 170,
    "owner": 140,
    "flags": 150,
    "phase": 150,
    "change": 170,
}
"""Narrower screens scroll the table sideways rather than break words letter by letter."""


def columns(changes: bool) -> tuple[tuple[str, str], ...]:
    """The columns shown: COLUMNS, with "Endring" after the title when comparing."""
    if not changes:
        return COLUMNS
    at = [name for name, _ in COLUMNS].index("title") + 1
    return (*COLUMNS[:at], CHANGE, *COLUMNS[at:])


def table_rows(
    frames: RoadmapFrames, filters: Filters, lang: Lang, changes: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The deliverables the filters show, one row each, as readers see them, plus the hidden id.

    `changes` (deliverable id -> what changed since the baseline) adds the "Endring" column.
    """
    d = filter_frames(frames, filters).deliverables
    yes = t("table.yes", lang)
    changed = {"change": [changes.get(i, "") for i in d["id"]]} if changes is not None else {}
    # An estimate says so in words where the chart hatches it (as the static site's table does).
    estimated = f" ({t('static.estimated', lang)})"
    tentative = d["tentative"] if "tentative" in d else pd.Series(False, index=d.index)
    return pd.DataFrame(
        {
            "area": d["area_name"],
            "service": d["service_name"],
            "title": d["title"],
            **changed,
            "kind": [t(f"kind.{k}", lang) for k in d["kind"]],
            "period": [p + estimated if e else p for p, e in zip(d["period_label"], tentative, strict=True)],
            "start": d["start_label"],
            "end": d["end_label"],
            "status": [status_label(s if isinstance(s, str) and s else None, lang) for s in d["status"]],
            "phase": d["phase_name"].fillna(""),
            "owner": d["owner"].fillna(""),
            "flags": [", ".join(flag_label(f, lang) for f in fs) for fs in d["flags"]],
            "critical": [yes if c else "" for c in d["critical"]],
            ROW_ID: d["id"],
        }
    ).reset_index(drop=True)


def table_frame(
    frames: RoadmapFrames, filters: Filters, lang: Lang, changes: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The table as downloaded (CSV, Excel): the columns readers see, under their headings."""
    rows = table_rows(frames, filters, lang, changes)
    headings = {field: t(key, lang) for field, key in columns(changes is not None)}
    return rows[list(headings)].rename(columns=headings)


def column_defs(lang: Lang, changes: bool = False) -> list[dict[str, object]]:
    """AG Grid's columns: sortable, wrapping text; the id is in the rows but not shown."""
    defs: list[dict[str, object]] = [
        {
            "field": field,
            "headerName": t(key, lang),
            "flex": FLEX.get(field, 1),
            "minWidth": MIN_WIDTH.get(field, 105),
        }
        for field, key in columns(changes)
    ]
    defs.append({"field": ROW_ID, "hide": True})
    return defs


def locale_text(lang: Lang) -> dict[str, str]:
    """AG Grid's own words in the UI language, by AG Grid's locale keys."""
    prefix = "grid."
    return {key.removeprefix(prefix): t(key, lang) for key in TEXTS if key.startswith(prefix)}


@dataclass(frozen=True)
class TableOptions:
    lang: Lang = "nb"
    changes: Mapping[str, str] | None = field(default=None, compare=False)
    """The "Endring" text per deliverable id when comparing with `?baseline=` (the render
    cache keys on the baseline's commit id, `Shown.key`, not on this mapping)."""


@dataclass(frozen=True)
class TableView:
    rows: list[dict[Hashable, Any]]
    """One dict per deliverable, keyed by the fields of `COLUMNS` and the hidden id."""
    count: str


def render(frames: RoadmapFrames, filters: Filters, options: TableOptions) -> TableView:
    """The rows and the count for the filters."""
    rows = table_rows(frames, filters, options.lang, options.changes)
    count = t("gantt.count", options.lang, shown=len(rows), total=len(frames.deliverables))
    return TableView(rows=rows.to_dict("records"), count=count)


def _grid(view: TableView, lang: Lang, changes: bool) -> dag.AgGrid:
    return dag.AgGrid(
        id=GRID,
        rowData=view.rows,
        columnDefs=column_defs(lang, changes),
        defaultColDef={
            "sortable": True,
            "resizable": True,
            "filter": False,
            "wrapText": True,
            "autoHeight": True,
            "suppressHeaderMenuButton": True,
        },
        dashGridOptions={
            "localeText": locale_text(lang),
            "pagination": True,
            "paginationPageSize": PAGE_SIZE,
            "paginationPageSizeSelector": [25, PAGE_SIZE, 500],
            "domLayout": "autoHeight",
            # Every row and column of the page in the DOM, in reading order: screen
            # readers and the browser's find see the whole page of the table.
            "ensureDomOrder": True,
            "suppressColumnVirtualisation": True,
            "enableCellTextSelection": True,
            "animateRows": False,
        },
        style={"width": "100%"},
        className="vk-grid",
    )


def _downloads(lang: Lang) -> html.Div:
    return html.Div(
        [
            html.Span(t("table.download", lang) + ":", className="me-2 small vk-hint"),
            dbc.Button(
                t("table.csv", lang), id=CSV, size="sm", color="secondary", outline=True, class_name="me-1"
            ),
            dbc.Button(t("table.excel", lang), id=EXCEL, size="sm", color="secondary", outline=True),
            dcc.Download(id=DOWNLOAD),
            html.Span(
                id=DOWNLOAD_STATUS,
                className="ms-2 vk-progress",
                role="status",
                **attributes(aria_live="polite"),
            ),
        ],
        className="d-flex align-items-center flex-wrap",
    )


class TablePage:
    """The deliverables as a sortable table: the accessible alternative to the chart."""

    path = "/tabell"
    aliases = ()
    namespace = NS
    nav_key = "nav.table"
    nav_order = 2
    title_key = "nav.table"
    preload = ("dash_ag_grid/async-community.js", "dash/dcc/async-dropdown.js")
    """Lazily loaded component code the page needs, fetched from the page's <head>."""

    @staticmethod
    def render(frames: RoadmapFrames, filters: Filters, options: TableOptions) -> TableView:
        return render(frames, filters, options)

    def layout(self, context: AppContext, request: PageRequest) -> PageBody:
        lang = request.lang
        labels = request.shown.labels if request.shown else None
        view = request.render(render, request.filters, TableOptions(lang=lang, changes=labels))
        children = [
            toolbar(
                COUNT,
                view.count,
                DOWNLOAD_SLOT,
                extra=[_downloads(lang)],
                leading=[filter_toggle(NS, request.filters, lang)],
            ),
            filter_bar(NS, request.frames, request.filters, lang),
            html.P(t("table.caption", lang), className="small vk-hint mb-1"),
            html.Div(_grid(view, lang, labels is not None), className="vk-table"),
        ]
        query = request.filters.to_query()
        return PageBody(children, query, query)

    def register(self, context: AppContext) -> None:
        register_callbacks(context)


def register_callbacks(context: AppContext) -> None:
    """The table's callbacks: filters, and the two downloads."""
    app = context.app
    lang = context.lang
    register_filter_toggle(app, NS)

    @app.callback(
        Output(GRID, "rowData"),
        Output(COUNT, "children"),
        Output(ids.url_state(NS), "value"),
        Output(NOTICES, "children"),
        inputs={
            "filters": filter_inputs(NS),
            "version": Input(ids.page_version(NS), "value"),
            "history": State(history_id(NS), "value"),
        },
        prevent_initial_call=True,
    )
    @checked
    def update_table(filters: FilterValues, version: str | None, history: HistoryValue) -> tuple[object, ...]:
        snapshot = context.snapshot()
        if snapshot.frames is None:
            raise PreventUpdate
        shown = cached_shown(context.source, snapshot, history, lang)
        chosen, _ = filters_from_controls(filters, shown.frames, lang)
        options = TableOptions(lang=lang, changes=shown.labels)
        view = render_cached(snapshot, render, chosen, options, shown)
        query = chosen.to_query()
        notices = notice_children(list(shown.notices), lang)
        return view.rows, view.count, context.url_state(query, query, shown.query), notices

    @app.callback(
        Output(DOWNLOAD, "data"),
        Output(DOWNLOAD_STATUS, "children"),
        inputs={"csv": Input(CSV, "n_clicks"), "excel": Input(EXCEL, "n_clicks")},
        state={
            "filters": {field: State(ids.filter_id(NS, field), "value") for field in FILTER_FIELDS},
            "history": State(history_id(NS), "value"),
        },
        running=[
            (Output(CSV, "disabled"), True, False),
            (Output(EXCEL, "disabled"), True, False),
            (Output(DOWNLOAD_STATUS, "children"), progress_status(lang), ""),
        ],
        prevent_initial_call=True,
    )
    @checked
    def download(
        csv: int | None, excel: int | None, filters: FilterValues, history: HistoryValue
    ) -> tuple[object, str]:
        snapshot = context.snapshot()
        if snapshot.frames is None:
            raise PreventUpdate
        shown = cached_shown(context.source, snapshot, history, lang)
        frames = shown.frames
        chosen, _ = filters_from_controls(filters, frames, lang)
        frame = table_frame(frames, chosen, lang, shown.labels)
        name = file_stem(t("table.filename", lang), chosen, lang)
        if dash.ctx.triggered_id == EXCEL:
            buffer = io.BytesIO()
            with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
                frame.to_excel(writer, index=False, sheet_name=t("table.sheet", lang))
            name += ".xlsx"
            return dcc.send_bytes(buffer.getvalue(), name), t("download.ready", lang, name=name)
        # UTF-8 with BOM so Excel opens Norwegian letters correctly; semicolons as Excel
        # in Norway expects.
        name += ".csv"
        text = frame.to_csv(index=False, sep=";")
        return dcc.send_string("\ufeff" + text, name), t("download.ready", lang, name=name)


PAGE = TablePage()

__all__ = [
    "CHANGE",
    "COLUMNS",
    "PAGE",
    "TableOptions",
    "TablePage",
    "TableView",
    "column_defs",
    "render",
    "table_frame",
    "table_rows",
]
