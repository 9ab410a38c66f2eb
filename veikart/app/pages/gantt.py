"""The Gantt view (tidslinje) at `/` and `/tidslinje`: filters, chart, details panel.

URL query: the filters of `veikart.filters` plus `color=phase`, `deps=1` and
`selected=<deliverable id>` (the open details panel).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import dash
import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update

from veikart.app import ids
from veikart.app.components import (
    deliverable_details,
    details_panel,
    figure_legend,
    filter_bar,
    filter_inputs,
    hidden_value,
    notice_area,
    page_version_store,
    register_filter_toggle,
    toolbar,
    url_state_data,
    url_state_store,
)
from veikart.app.context import AppContext
from veikart.app.download import with_download_menu
from veikart.app.source import skeleton_frames
from veikart.app.state import FILTER_FIELDS, choice_param, filters_from_controls, view_query
from veikart.figures.gantt import gantt_chart
from veikart.figures.gantt_plan import NOMINAL_WIDTH
from veikart.figures.options import FigureOptions
from veikart.filters import Filters, filter_frames, parse_query
from veikart.frames import RoadmapFrames
from veikart.i18n import Lang, t

PATH = "/tidslinje"
WIDTH = ids.page_id(ids.GANTT, "width")
"""dcc.Store: the window width in CSS px, so titles are placed to fit the screen."""
CHART_INSET = 60
"""The window width less the graph's: page and card padding (as on the phase page)."""
FILTER_CONTROLS = {ids.filter_id(ids.GANTT, field) for field in FILTER_FIELDS}
COLOR_CHOICES = ("status", "phase")
GRAPH_CONFIG = {
    "displayModeBar": False,
    "responsive": True,
    "scrollZoom": False,
    "doubleClick": False,
    "showTips": False,
}


@dataclass(frozen=True)
class GanttView:
    """The page's own options, next to the filters."""

    color_by: str = "status"
    dependencies: bool = False
    selected: str | None = None

    def query_extra(self) -> list[tuple[str, str | None]]:
        return [
            ("color", self.color_by if self.color_by != "status" else None),
            ("deps", "1" if self.dependencies else None),
            ("selected", self.selected),
        ]


@dataclass(frozen=True)
class Rendered:
    figure: object
    height: int
    count: str
    legend: list[object]


def render(
    frames: RoadmapFrames, filters: Filters, view: GanttView, lang: Lang, width: int | None = None
) -> Rendered:
    """The chart and the count for filters and view options (pure but for today's date).

    `width` is the window's width: the figure places its titles to fit the graph in it.
    """
    shown = filter_frames(frames, filters)
    options = FigureOptions(
        lang=lang,
        color_by="phase" if view.color_by == "phase" else "status",
        show_dependencies=view.dependencies,
        selected=view.selected,
        start=filters.start,
        end=filters.end,
        today=dt.date.today(),
        legend=False,
        fit_width=width - CHART_INSET if width else None,
    )
    chart = gantt_chart(shown, options)
    count = t("gantt.count", lang, shown=len(shown.deliverables), total=len(frames.deliverables))
    return Rendered(
        figure=chart.figure,
        height=chart.plan.height,
        count=count,
        legend=figure_legend(chart.legend, chart.legend_title),
    )


def view_from_query(
    query: dict[str, object], frames: RoadmapFrames, lang: Lang, notices: list[str]
) -> GanttView:
    plain = {k: (v[-1] if isinstance(v, list) else str(v)) for k, v in query.items() if v is not None}
    color = choice_param(plain, "color", COLOR_CHOICES, "status", lang, notices)
    deps = choice_param(plain, "deps", ("0", "1"), "0", lang, notices) == "1"
    selected = plain.get("selected") or None
    if selected and selected not in set(frames.deliverables["id"]):
        notices.append(t("notice.unknown_value", lang, param="selected", value=selected))
        selected = None
    return GanttView(color_by=color, dependencies=deps, selected=selected)


def _view_options(view: GanttView, lang: Lang) -> list[object]:
    return [
        html.Div(
            [
                dbc.Label(t("filter.color_by", lang), class_name="vk-label me-2 mb-0"),
                dbc.RadioItems(
                    id=ids.GANTT_COLOR_BY,
                    options=[
                        {"label": t("filter.status", lang), "value": "status"},
                        {"label": t("filter.phase", lang), "value": "phase"},
                    ],
                    value=view.color_by,
                    inline=True,
                    class_name="vk-radio",
                ),
            ],
            className="d-flex align-items-center",
        ),
        dbc.Switch(
            id=ids.GANTT_DEPENDENCIES,
            label=t("filter.dependencies", lang),
            value=view.dependencies,
            class_name="vk-switch",
        ),
    ]


def page(context: AppContext, query: dict[str, object], validating: bool = False) -> html.Div:
    """The Gantt page for a URL query (the router calls this on every navigation)."""
    lang = context.lang
    snapshot = context.snapshot()
    frames = snapshot.frames
    if validating:  # Dash's validation call needs the components, not the data
        frames = skeleton_frames(lang)
    if frames is None:
        return no_roadmap(lang)
    filters, notices = parse_query(query, frames, lang)
    view = view_from_query(query, frames, lang, notices)
    rendered = render(frames, filters, view, lang)
    details = deliverable_details(frames, view.selected, lang) if view.selected else None
    return html.Div(
        [
            notice_area(ids.GANTT_NOTICES, notices, lang),
            filter_bar(ids.GANTT, frames, filters, lang, extra=_view_options(view, lang)),
            with_download_menu(
                toolbar(ids.GANTT_COUNT, rendered.count, ids.GANTT_DOWNLOAD_SLOT),
                ids.GANTT_DOWNLOAD_SLOT,
                "gantt",
                lang,
            ),
            html.Div(
                [
                    html.Div(rendered.legend, id=ids.GANTT_LEGEND, className="vk-legend"),
                    dcc.Graph(
                        id=ids.GANTT_GRAPH,
                        figure=rendered.figure,
                        config=GRAPH_CONFIG,
                        style={"height": f"{rendered.height}px"},
                        className="vk-graph",
                    ),
                ],
                id=ids.GANTT_CHART,
                className="vk-chart",
            ),
            hidden_value(ids.GANTT_SELECTED, view.selected or ""),
            dcc.Store(id=WIDTH),
            page_version_store(ids.GANTT, snapshot.version),
            url_state_store(
                ids.GANTT, url_state_data(view_query(filters, view.query_extra()), filters.to_query())
            ),
            details_panel(ids.GANTT_DETAILS, ids.GANTT_DETAILS_BODY, lang, details, is_open=bool(details)),
        ],
        className="vk-page vk-page-gantt",
    )


def no_roadmap(lang: Lang) -> html.Div:
    """What a page shows before any valid roadmap exists (the banner lists the problems)."""
    return html.Div(
        dbc.Alert(t("app.no_roadmap", lang), color="secondary"),
        className="vk-page vk-needs-reload",
    )


def register(context: AppContext) -> None:
    """Register the page at / and /tidslinje, with its callbacks."""
    app = context.app
    lang = context.lang

    def layout(path: str | None = None, **query: object) -> html.Div:
        # Without `path` this is Dash's one-off validation call: draw every component.
        return page(context, query, validating=path is None)

    dash.register_page(
        __name__, path=PATH, redirect_from=None, name=t("nav.timeline", lang), order=0, layout=layout
    )
    dash.register_page(f"{__name__}.home", path="/", name=t("nav.timeline", lang), order=0, layout=layout)

    # The window width: titles are placed to fit it on the server. Sent at load and again
    # when the width changes by a tablet's turn.
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="trackWidth"),
        Output(WIDTH, "data"),
        Input(ids.GANTT_GRAPH, "id"),
        State(WIDTH, "id"),
    )

    @app.callback(
        output={
            "figure": Output(ids.GANTT_GRAPH, "figure"),
            "style": Output(ids.GANTT_GRAPH, "style"),
            "count": Output(ids.GANTT_COUNT, "children"),
            "url": Output(ids.url_state(ids.GANTT), "value"),
            "notices": Output(ids.GANTT_NOTICES, "children"),
            "legend": Output(ids.GANTT_LEGEND, "children"),
        },
        inputs={
            "filters": filter_inputs(ids.GANTT),
            "color_by": Input(ids.GANTT_COLOR_BY, "value"),
            "dependencies": Input(ids.GANTT_DEPENDENCIES, "value"),
            "selected": Input(ids.GANTT_SELECTED, "value"),
            "width": Input(WIDTH, "data"),
            "version": Input(ids.page_version(ids.GANTT), "value"),
        },
        prevent_initial_call=True,
    )
    def update_chart(
        filters: dict,
        color_by: str,
        dependencies: bool,
        selected: str | None,
        width: int | None,
        version: str,
    ):
        frames = context.snapshot().frames
        if frames is None:
            return dash.no_update
        chosen, _ = filters_from_controls(filters, frames, lang)
        view = GanttView(
            color_by=color_by or "status", dependencies=bool(dependencies), selected=selected or None
        )
        url = url_state_data(view_query(chosen, view.query_extra()), chosen.to_query())
        # A click only moves the outline; redraw only when it changes the highlighted chain.
        # The page's first figure is fitted to NOMINAL_WIDTH, safe for any wider window.
        wide = not width or int(width) - CHART_INSET >= NOMINAL_WIDTH
        if (ctx.triggered_id == ids.GANTT_SELECTED and not view.dependencies) or (
            ctx.triggered_id == WIDTH and wide
        ):
            return {
                "figure": no_update,
                "style": no_update,
                "count": no_update,
                "url": url,
                "notices": no_update,
                "legend": no_update,
            }
        rendered = render(frames, chosen, view, lang, width=int(width) if width else None)
        return {
            "figure": rendered.figure,
            "style": {"height": f"{rendered.height}px"},
            "count": rendered.count,
            "url": url,
            "legend": rendered.legend,
            "notices": []
            if isinstance(ctx.triggered_id, str) and ctx.triggered_id in FILTER_CONTROLS
            else no_update,
        }

    @app.callback(
        Output(ids.GANTT_SELECTED, "value"),
        Output(ids.GANTT_DETAILS, "is_open"),
        Input(ids.GANTT_GRAPH, "clickData"),
        Input({"type": ids.GANTT_DEPENDENCY_LINK, "id": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def select(click: dict | None, _links: list[int | None]):
        trigger = ctx.triggered_id
        if isinstance(trigger, dict):
            # New links appear with n_clicks 0 each time the panel is drawn: not a click.
            if not ctx.triggered or not ctx.triggered[0]["value"]:
                return no_update, no_update
            return trigger["id"], True
        frames = context.snapshot().frames
        points = (click or {}).get("points") or []
        if frames is None or not points or "customdata" not in points[0]:
            return no_update, no_update
        row = points[0]["customdata"]
        deliverables = frames.deliverables
        if not isinstance(row, int) or row not in deliverables.index:
            return no_update, no_update
        return str(deliverables.at[row, "id"]), True

    @app.callback(
        Output(ids.GANTT_DETAILS_BODY, "children"),
        Input(ids.GANTT_SELECTED, "value"),
        Input(ids.page_version(ids.GANTT), "value"),
        prevent_initial_call=True,
    )
    def show_details(selected: str | None, _version: str):
        frames = context.snapshot().frames
        if frames is None or not selected:
            return []
        return deliverable_details(frames, selected, lang)

    register_filter_toggle(app, ids.GANTT)


__all__ = ["GanttView", "page", "register", "render"]
