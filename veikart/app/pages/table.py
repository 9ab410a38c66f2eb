"""The table view at `/tabell`: the filtered deliverables as a sortable table, with downloads.

The accessible alternative to the chart: the same filters (from the same URL query),
the same rows, readable by screen readers, sortable by any column.
"""

from __future__ import annotations

import io

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dash_table, dcc, html

from veikart.app import ids
from veikart.app.components import (
    filter_bar,
    filter_inputs,
    notice_area,
    page_version_store,
    register_filter_toggle,
    toolbar,
    url_state_data,
    url_state_store,
)
from veikart.app.context import AppContext
from veikart.app.pages.gantt import no_roadmap
from veikart.app.source import skeleton_frames
from veikart.app.state import FILTER_FIELDS, filters_from_controls
from veikart.filters import Filters, filter_frames, parse_query
from veikart.frames import RoadmapFrames
from veikart.i18n import Lang, flag_label, status_label, t

PATH = "/tabell"
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
        id=ids.TABLE_GRID,
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


def page(context: AppContext, query: dict[str, object], validating: bool = False) -> html.Div:
    lang = context.lang
    snapshot = context.snapshot()
    frames = snapshot.frames
    if validating:  # Dash's validation call needs the components, not the data
        frames = skeleton_frames(lang)
    if frames is None:
        return no_roadmap(lang)
    filters, notices = parse_query(query, frames, lang)
    frame = table_frame(frames, filters, lang)
    count = t("gantt.count", lang, shown=len(frame), total=len(frames.deliverables))
    downloads = html.Div(
        [
            html.Span(t("table.download", lang) + ":", className="me-2 small text-muted"),
            dbc.Button(
                t("table.csv", lang),
                id=ids.TABLE_CSV,
                size="sm",
                color="secondary",
                outline=True,
                class_name="me-1",
            ),
            dbc.Button(
                t("table.excel", lang), id=ids.TABLE_EXCEL, size="sm", color="secondary", outline=True
            ),
            dcc.Download(id=ids.TABLE_DOWNLOAD),
        ],
        className="d-flex align-items-center",
    )
    return html.Div(
        [
            notice_area(ids.TABLE_NOTICES, notices, lang),
            filter_bar(ids.TABLE, frames, filters, lang),
            toolbar(ids.TABLE_COUNT, count, ids.TABLE_DOWNLOAD_SLOT, extra=[downloads]),
            html.P(t("table.caption", lang), className="small text-muted mb-1"),
            html.Div(_table(frame), className="vk-table"),
            page_version_store(ids.TABLE, snapshot.version),
            url_state_store(ids.TABLE, url_state_data(filters.to_query(), filters.to_query())),
        ],
        className="vk-page vk-page-table",
    )


def register(context: AppContext) -> None:
    """Register the table page and its callbacks."""
    app = context.app
    lang = context.lang

    def layout(path: str | None = None, **query: object) -> html.Div:
        # Without `path` this is Dash's one-off validation call: draw every component.
        return page(context, query, validating=path is None)

    dash.register_page(__name__, path=PATH, name=t("nav.table", lang), order=2, layout=layout)
    register_filter_toggle(app, ids.TABLE)

    @app.callback(
        Output(ids.TABLE_GRID, "data"),
        Output(ids.TABLE_COUNT, "children"),
        Output(ids.url_state(ids.TABLE), "value"),
        Output(ids.TABLE_NOTICES, "children"),
        inputs={"filters": filter_inputs(ids.TABLE), "version": Input(ids.page_version(ids.TABLE), "value")},
        prevent_initial_call=True,
    )
    def update_table(filters: dict, version: str):
        frames = context.snapshot().frames
        if frames is None:
            return dash.no_update
        chosen, _ = filters_from_controls(filters, frames, lang)
        frame = table_frame(frames, chosen, lang)
        count = t("gantt.count", lang, shown=len(frame), total=len(frames.deliverables))
        query = chosen.to_query()
        return frame.to_dict("records"), count, url_state_data(query, query), []

    @app.callback(
        Output(ids.TABLE_DOWNLOAD, "data"),
        inputs={"csv": Input(ids.TABLE_CSV, "n_clicks"), "excel": Input(ids.TABLE_EXCEL, "n_clicks")},
        state={
            "filters": {field: State(ids.filter_id(ids.TABLE, field), "value") for field in FILTER_FIELDS}
        },
        prevent_initial_call=True,
    )
    def download(csv: int | None, excel: int | None, filters: dict):
        frames = context.snapshot().frames
        if frames is None:
            return dash.no_update
        chosen, _ = filters_from_controls(filters, frames, lang)
        frame = table_frame(frames, chosen, lang)
        name = t("table.filename", lang)
        if dash.ctx.triggered_id == ids.TABLE_EXCEL:
            buffer = io.BytesIO()
            with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
                frame.to_excel(writer, index=False, sheet_name=t("table.sheet", lang))
            return dcc.send_bytes(buffer.getvalue(), f"{name}.xlsx")
        # UTF-8 with BOM so Excel opens Norwegian letters correctly; semicolons as Excel
        # in Norway expects.
        text = frame.to_csv(index=False, sep=";")
        return dcc.send_string("\ufeff" + text, f"{name}.csv")


__all__ = ["page", "register", "table_frame"]
