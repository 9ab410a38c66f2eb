"""The table view at `/tabell`: the filtered deliverables as a sortable table, with downloads.

The accessible alternative to the chart: the same filters (from the same URL query),
the same rows, readable by screen readers, sortable by any column.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dash_table, dcc, html
from dash.exceptions import PreventUpdate

from veikart.app import ids
from veikart.app.components import filter_bar, filter_inputs, register_filter_toggle, toolbar
from veikart.app.context import AppContext
from veikart.app.inputs import checked
from veikart.app.page import PageBody, PageRequest
from veikart.app.state import FILTER_FIELDS, FilterValues, filters_from_controls
from veikart.filters import Filters, filter_frames
from veikart.frames import RoadmapFrames
from veikart.i18n import Lang, flag_label, status_label, t

NS = "table"
GRID = ids.page_id(NS, "grid")
COUNT = ids.page_id(NS, "count")
NOTICES = ids.notices(NS)
CSV = ids.page_id(NS, "csv")
EXCEL = ids.page_id(NS, "excel")
DOWNLOAD = ids.page_id(NS, "download")
DOWNLOAD_SLOT = ids.page_id(NS, "download-slot")
PAGE_SIZE = 100


def table_frame(frames: RoadmapFrames, filters: Filters, lang: Lang) -> pd.DataFrame:
    """The deliverables the filters show, one row each, with columns named for people."""
    d = filter_frames(frames, filters).deliverables
    yes = t("table.yes", lang)
    return pd.DataFrame(
        {
            t("gantt.area", lang): d["area_name"],
            t("gantt.service", lang): d["service_name"],
            t("table.title", lang): d["title"],
            t("gantt.kind", lang): [t(f"kind.{k}", lang) for k in d["kind"]],
            t("gantt.period", lang): d["period_label"],
            t("table.start", lang): d["start_quarter"],
            t("table.end", lang): d["end_quarter"],
            t("filter.status", lang): [
                status_label(s if isinstance(s, str) and s else None, lang) for s in d["status"]
            ],
            t("filter.phase", lang): d["phase_name"].fillna(""),
            t("gantt.owner", lang): d["owner"].fillna(""),
            t("gantt.flags", lang): [", ".join(flag_label(f, lang) for f in fs) for fs in d["flags"]],
            t("table.critical", lang): [yes if c else "" for c in d["critical"]],
            "id": d["id"],
        }
    ).reset_index(drop=True)


def _table(frame: pd.DataFrame) -> dash_table.DataTable:
    return dash_table.DataTable(
        id=GRID,
        columns=[{"name": c, "id": c} for c in frame.columns],
        data=frame.to_dict("records"),
        sort_action="native",
        sort_mode="multi",
        page_action="native",
        page_size=PAGE_SIZE,
        style_as_list_view=True,
        style_table={"overflowX": "auto"},
        style_cell={
            "textAlign": "left",
            "whiteSpace": "normal",
            "height": "auto",
            "fontFamily": "var(--bs-body-font-family)",  # dash-table sets monospace above us
            "fontSize": "0.9rem",
            "padding": "6px 8px",
            "maxWidth": "360px",
        },
        style_header={"fontWeight": "600", "backgroundColor": "#eef2f5", "borderBottom": "2px solid #9aa5ae"},
        style_data_conditional=[{"if": {"row_index": "odd"}, "backgroundColor": "#f7f9fa"}],
    )


@dataclass(frozen=True)
class TableOptions:
    lang: Lang = "nb"


@dataclass(frozen=True)
class TableView:
    frame: pd.DataFrame
    count: str

    @property
    def rows(self) -> list[dict[str, object]]:
        return self.frame.to_dict("records")


def render(frames: RoadmapFrames, filters: Filters, options: TableOptions) -> TableView:
    """The rows and the count for the filters."""
    frame = table_frame(frames, filters, options.lang)
    count = t("gantt.count", options.lang, shown=len(frame), total=len(frames.deliverables))
    return TableView(frame=frame, count=count)


def _downloads(lang: Lang) -> html.Div:
    return html.Div(
        [
            html.Span(t("table.download", lang) + ":", className="me-2 small text-muted"),
            dbc.Button(
                t("table.csv", lang), id=CSV, size="sm", color="secondary", outline=True, class_name="me-1"
            ),
            dbc.Button(t("table.excel", lang), id=EXCEL, size="sm", color="secondary", outline=True),
            dcc.Download(id=DOWNLOAD),
        ],
        className="d-flex align-items-center",
    )


class TablePage:
    """The deliverables as a sortable table: the accessible alternative to the chart."""

    path = "/tabell"
    aliases = ()
    namespace = NS
    nav_key = "nav.table"
    nav_order = 2
    title_key = "nav.table"

    @staticmethod
    def render(frames: RoadmapFrames, filters: Filters, options: TableOptions) -> TableView:
        return render(frames, filters, options)

    def layout(self, context: AppContext, request: PageRequest) -> PageBody:
        lang = request.lang
        view = render(request.frames, request.filters, TableOptions(lang=lang))
        children = [
            filter_bar(NS, request.frames, request.filters, lang),
            toolbar(COUNT, view.count, DOWNLOAD_SLOT, extra=[_downloads(lang)]),
            html.P(t("table.caption", lang), className="small text-muted mb-1"),
            html.Div(_table(view.frame), className="vk-table"),
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
        Output(GRID, "data"),
        Output(COUNT, "children"),
        Output(ids.url_state(NS), "value"),
        Output(NOTICES, "children"),
        inputs={"filters": filter_inputs(NS), "version": Input(ids.page_version(NS), "value")},
        prevent_initial_call=True,
    )
    @checked
    def update_table(filters: FilterValues, version: str | None) -> tuple[object, ...]:
        frames = context.snapshot().frames
        if frames is None:
            raise PreventUpdate
        chosen, _ = filters_from_controls(filters, frames, lang)
        view = render(frames, chosen, TableOptions(lang=lang))
        query = chosen.to_query()
        return view.frame.to_dict("records"), view.count, context.url_state(query, query), []

    @app.callback(
        Output(DOWNLOAD, "data"),
        inputs={"csv": Input(CSV, "n_clicks"), "excel": Input(EXCEL, "n_clicks")},
        state={"filters": {field: State(ids.filter_id(NS, field), "value") for field in FILTER_FIELDS}},
        prevent_initial_call=True,
    )
    @checked
    def download(csv: int | None, excel: int | None, filters: FilterValues) -> object:
        frames = context.snapshot().frames
        if frames is None:
            raise PreventUpdate
        chosen, _ = filters_from_controls(filters, frames, lang)
        frame = table_frame(frames, chosen, lang)
        name = t("table.filename", lang)
        if dash.ctx.triggered_id == EXCEL:
            buffer = io.BytesIO()
            with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
                frame.to_excel(writer, index=False, sheet_name=t("table.sheet", lang))
            return dcc.send_bytes(buffer.getvalue(), f"{name}.xlsx")
        # UTF-8 with BOM so Excel opens Norwegian letters correctly; semicolons as Excel
        # in Norway expects.
        text = frame.to_csv(index=False, sep=";")
        return dcc.send_string("\ufeff" + text, f"{name}.csv")


PAGE = TablePage()

__all__ = ["PAGE", "TableOptions", "TablePage", "TableView", "render", "table_frame"]
