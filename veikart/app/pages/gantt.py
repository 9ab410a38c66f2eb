"""The Gantt view (tidslinje) at `/` and `/tidslinje`: filters, chart, details panel.

URL query: the filters of `veikart.filters` plus `color=phase`, `deps=1` and
`selected=<deliverable id>` (the open details panel).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update
from dash.development.base_component import ComponentSingleType
from dash.exceptions import PreventUpdate

from veikart.app import ids
from veikart.app.cache import render_cached
from veikart.app.components import (
    GRAPH_CONFIG,
    attributes,
    figure_height,
    figure_legend,
    filter_bar,
    filter_inputs,
    filter_toggle,
    hidden_value,
    notice_children,
    register_filter_toggle,
    toolbar,
)
from veikart.app.context import AppContext
from veikart.app.details import deliverable_details, details_panel
from veikart.app.download import with_download_menu
from veikart.app.history_bar import HistoryValue, history_id
from veikart.app.history_choice import Shown, cached_shown
from veikart.app.inputs import Between, checked
from veikart.app.page import PageBody, PageRequest
from veikart.app.state import FILTER_FIELDS, FilterValues, choice_param, filters_from_controls, view_query
from veikart.figures.baseline import BaselineChanges
from veikart.figures.gantt import gantt_chart
from veikart.figures.gantt_plan import NOMINAL_WIDTH
from veikart.figures.options import FigureOptions
from veikart.filters import Filters, filter_frames
from veikart.frames import RoadmapFrames
from veikart.history.changes import DELIVERABLE
from veikart.i18n import Lang, t

NS = "gantt"
# Two ids are fixed by the first issue and used by tests and benches.
GRAPH = "gantt-graph"
COUNT = "deliverable-count"
NOTICES = ids.notices(NS)
COLOR_BY = ids.page_id(NS, "color-by")
DEPENDENCIES = ids.page_id(NS, "dependencies")
SELECTED = ids.page_id(NS, "selected")
"""Hidden value: the id of the deliverable whose details are shown ("" for none)."""
DETAILS = ids.page_id(NS, "details")
DETAILS_BODY = ids.page_id(NS, "details-body")
DEPENDENCY_LINK = ids.page_id(NS, "dependency-link")
"""Pattern-matching id type of the dependency links in the details panel."""
CLEAR = ids.page_id(NS, "clear-selection")
"""The button that clears the selected deliverable (and its highlighted chain)."""
DOWNLOAD_SLOT = ids.page_id(NS, "download-slot")
CHART = ids.page_id(NS, "chart")
LEGEND = ids.page_id(NS, "legend")
WIDTH = ids.page_id(NS, "width")
"""dcc.Store: the window width in CSS px, so titles are placed to fit the screen."""
CHART_INSET = 60
"""The window width less the graph's: page and card padding (as on the phase page)."""
WIDTH_STEP = 40
"""Fitted widths are rounded down to this step, so nearby windows share cached figures."""
MAX_WIDTH = 10_000
"""Widest window the page fits its titles to (CSS px); a forged width beyond is refused."""

FILTER_CONTROLS = {ids.filter_id(NS, field) for field in FILTER_FIELDS}
COLOR_CHOICES = ("status", "phase")


@dataclass(frozen=True)
class GanttOptions:
    """The page's own options, next to the filters (hashable: they key the render cache)."""

    lang: Lang = "nb"
    color_by: Literal["status", "phase"] = "status"
    dependencies: bool = False
    selected: str | None = None
    today: dt.date | None = None
    width: int | None = None
    """The width (CSS px) the figure places its titles in; None for NOMINAL_WIDTH."""
    baseline: BaselineChanges | None = field(default=None, compare=False)
    """The comparison with `?baseline=` as drawn (ghosts, badges). Not part of the options'
    equality: the render cache keys on the baseline's commit id (`Shown.key`) instead."""

    def query_extra(self) -> list[tuple[str, str | None]]:
        return [
            ("color", self.color_by if self.color_by != "status" else None),
            ("deps", "1" if self.dependencies else None),
            ("selected", self.selected),
        ]


@dataclass(frozen=True)
class GanttView:
    """What the page shows: the chart, its height, the count and the legend."""

    figure: object
    height: int
    count: str
    legend: list[ComponentSingleType]


def render(frames: RoadmapFrames, filters: Filters, options: GanttOptions) -> GanttView:
    """The chart and the count for filters and view options."""
    shown = filter_frames(frames, filters)
    figure_options = FigureOptions(
        lang=options.lang,
        color_by=options.color_by,
        show_dependencies=options.dependencies,
        selected=options.selected,
        start=filters.start,
        end=filters.end,
        today=options.today,
        legend=False,
        fit_width=options.width,
        baseline=options.baseline,
    )
    chart = gantt_chart(shown, figure_options)
    lang = options.lang
    count = t("gantt.count", lang, shown=len(shown.deliverables), total=len(frames.deliverables))
    return GanttView(
        figure=chart.figure,
        height=figure_height(chart.figure),
        count=count,
        legend=figure_legend(chart.legend, chart.legend_title),
    )


def fitted_width(window: int | None) -> int | None:
    """The width to fit the figure to in a window this wide; None when NOMINAL_WIDTH fits.

    The page's first figure is fitted to NOMINAL_WIDTH, which is safe in any wider window.
    """
    if not window or window - CHART_INSET >= NOMINAL_WIDTH:
        return None
    inner = max(window - CHART_INSET, 320)
    return inner - inner % WIDTH_STEP


def options_from_query(
    query: Mapping[str, str], frames: RoadmapFrames, lang: Lang, today: dt.date, notices: list[str]
) -> GanttOptions:
    color = choice_param(query, "color", COLOR_CHOICES, "status", lang, notices)
    deps = choice_param(query, "deps", ("0", "1"), "0", lang, notices) == "1"
    selected = query.get("selected") or None
    if selected and selected not in set(frames.deliverables["id"]):
        notices.append(t("notice.unknown_value", lang, param="selected", value=selected[:80]))
        selected = None
    return GanttOptions(
        lang=lang,
        color_by="phase" if color == "phase" else "status",
        dependencies=deps,
        selected=selected,
        today=today,
    )


def _view_options(options: GanttOptions, lang: Lang) -> list[ComponentSingleType]:
    return [
        html.Div(
            [
                dbc.Label(t("filter.color_by", lang), class_name="vk-label me-2 mb-0"),
                dbc.RadioItems(
                    id=COLOR_BY,
                    options=[
                        {"label": t("filter.status", lang), "value": "status"},
                        {"label": t("filter.phase", lang), "value": "phase"},
                    ],
                    value=options.color_by,
                    inline=True,
                    class_name="vk-radio",
                ),
            ],
            className="d-flex align-items-center",
        ),
        dbc.Switch(
            id=DEPENDENCIES,
            label=t("filter.dependencies", lang),
            value=options.dependencies,
            class_name="vk-switch",
        ),
    ]


def _clear_selection(options: GanttOptions, lang: Lang) -> html.Button:
    return html.Button(
        ["✕ ", t("gantt.clear_selection", lang)],
        id=CLEAR,
        className="btn btn-outline-secondary btn-sm",
        type="button",
        n_clicks=0,
        hidden=not options.selected,
    )


class GanttPage:
    """The timeline: every deliverable as a bar or milestone, by area and service."""

    path = "/tidslinje"
    aliases = ("/",)
    namespace = NS
    nav_key = "nav.timeline"
    nav_order = 0
    title_key = "nav.timeline"
    preload = ("dash/dcc/async-graph.js", "dash/dcc/async-dropdown.js")
    """Lazily loaded component code the page needs, fetched from the page's <head>."""

    @staticmethod
    def render(frames: RoadmapFrames, filters: Filters, options: GanttOptions) -> GanttView:
        return render(frames, filters, options)

    def layout(self, context: AppContext, request: PageRequest) -> PageBody:
        lang = request.lang
        frames, filters = request.frames, request.filters
        options = options_from_query(request.query, frames, lang, request.today, request.notices)
        shown = request.shown
        options = dataclasses.replace(options, baseline=shown.drawn if shown else None)
        view = request.render(render, filters, options)
        details = (
            _details(frames, options.selected, shown, lang, context.public) if options.selected else None
        )
        children = [
            with_download_menu(
                toolbar(
                    COUNT,
                    view.count,
                    DOWNLOAD_SLOT,
                    extra=[_clear_selection(options, lang)],
                    leading=[filter_toggle(NS, filters, lang)],
                ),
                DOWNLOAD_SLOT,
                "gantt",
                lang,
            ),
            filter_bar(NS, frames, filters, lang, extra=_view_options(options, lang)),
            html.Div(
                [
                    html.Div(view.legend, id=LEGEND, className="vk-legend"),
                    dcc.Graph(
                        id=GRAPH,
                        figure=view.figure,
                        config=GRAPH_CONFIG,
                        style={"height": f"{view.height}px"},
                        className="vk-graph",
                    ),
                ],
                id=CHART,
                className="vk-chart",
                role="figure",
                **attributes(aria_label=t("gantt.chart_label", lang)),
            ),
            hidden_value(SELECTED, options.selected or ""),
            dcc.Store(id=WIDTH),
            details_panel(DETAILS, DETAILS_BODY, lang, details, is_open=bool(details)),
        ]
        return PageBody(children, view_query(filters, options.query_extra()), filters.to_query())

    def register(self, context: AppContext) -> None:
        register_callbacks(context)


def _details(
    frames: RoadmapFrames, selected: str, shown: Shown | None, lang: Lang, public: bool
) -> list[ComponentSingleType]:
    changed = shown.last_change(DELIVERABLE, selected) if shown else None
    return deliverable_details(frames, selected, lang, DEPENDENCY_LINK, changed, public=public)


def register_callbacks(context: AppContext) -> None:
    app = context.app
    lang = context.lang

    # The window width: titles are placed to fit it on the server. Sent at load and again
    # when the width changes by a tablet's turn.
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="trackWidth"),
        Output(WIDTH, "data"),
        Input(GRAPH, "id"),
        State(WIDTH, "id"),
    )

    @app.callback(
        output={
            "figure": Output(GRAPH, "figure"),
            "style": Output(GRAPH, "style"),
            "count": Output(COUNT, "children"),
            "url": Output(ids.url_state(NS), "value"),
            "notices": Output(NOTICES, "children"),
            "legend": Output(LEGEND, "children"),
        },
        inputs={
            "filters": filter_inputs(NS),
            "color_by": Input(COLOR_BY, "value"),
            "dependencies": Input(DEPENDENCIES, "value"),
            "selected": Input(SELECTED, "value"),
            "width": Input(WIDTH, "data"),
            "version": Input(ids.page_version(NS), "value"),
            "history": State(history_id(NS), "value"),
        },
        prevent_initial_call=True,
    )
    @checked
    def update_chart(
        filters: FilterValues,
        color_by: Literal["status", "phase"] | None,
        dependencies: bool | None,
        selected: str | None,
        width: Annotated[int, Between(0, MAX_WIDTH)] | None,
        version: str | None,
        history: HistoryValue,
    ) -> dict[str, object]:
        snapshot = context.snapshot()
        if snapshot.frames is None:
            raise PreventUpdate
        shown = cached_shown(context.source, snapshot, history, lang)
        frames = shown.frames
        chosen, _ = filters_from_controls(filters, frames, lang)
        options = GanttOptions(
            lang=lang,
            color_by=color_by or "status",
            dependencies=bool(dependencies),
            selected=selected or None,
            today=dt.date.today(),
            width=fitted_width(width),
            baseline=shown.drawn,
        )
        url = context.url_state(view_query(chosen, options.query_extra()), chosen.to_query(), shown.query)
        # A click only moves the outline; redraw only when it changes the highlighted chain.
        # A wide window keeps the first figure, which is fitted to NOMINAL_WIDTH.
        if (ctx.triggered_id == SELECTED and not options.dependencies) or (
            ctx.triggered_id == WIDTH and options.width is None
        ):
            return {key: no_update for key in ("figure", "style", "count", "notices", "legend")} | {
                "url": url
            }
        view = render_cached(snapshot, render, chosen, options, shown)
        filtering = isinstance(ctx.triggered_id, str) and ctx.triggered_id in FILTER_CONTROLS
        return {
            "figure": view.figure,
            "style": {"height": f"{view.height}px"},
            "count": view.count,
            "url": url,
            "legend": view.legend,
            "notices": notice_children(list(shown.notices), lang)
            if shown.notices
            else ([] if filtering else no_update),
        }

    @app.callback(
        Output(SELECTED, "value"),
        Output(DETAILS, "is_open"),
        Input(GRAPH, "clickData"),
        Input({"type": DEPENDENCY_LINK, "id": ALL}, "n_clicks"),
        State(history_id(NS), "value"),
        prevent_initial_call=True,
    )
    @checked
    def select(
        click: dict[str, Any] | None, _links: list[int | None], history: HistoryValue
    ) -> tuple[object, object]:
        trigger = ctx.triggered_id
        if isinstance(trigger, dict):
            # New links appear with n_clicks 0 each time the panel is drawn: not a click.
            if not ctx.triggered or not ctx.triggered[0]["value"]:
                return no_update, no_update
            return trigger["id"], True
        snapshot = context.snapshot()
        # The rows the figure was drawn from: the roadmap as of `?asof=` when one is shown.
        frames = (
            cached_shown(context.source, snapshot, history, lang).frames
            if snapshot.frames is not None
            else None
        )
        points = (click or {}).get("points") or []
        if frames is None or not isinstance(points, list) or not points or not isinstance(points[0], dict):
            return no_update, no_update
        row = points[0].get("customdata")
        deliverables = frames.deliverables
        if not isinstance(row, int) or isinstance(row, bool) or row not in deliverables.index:
            return no_update, no_update
        return str(deliverables.at[row, "id"]), True

    # Closing the details panel, or the clear button, ends the selection: the highlighted
    # chain of dependencies goes with it, and so does `selected` in the address.
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="clearWhenClosed"),
        Output(SELECTED, "value", allow_duplicate=True),
        Input(DETAILS, "is_open"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="clearSelection"),
        Output(SELECTED, "value", allow_duplicate=True),
        Output(DETAILS, "is_open", allow_duplicate=True),
        Input(CLEAR, "n_clicks"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="hideWithoutSelection"),
        Output(CLEAR, "hidden"),
        Input(SELECTED, "value"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(DETAILS_BODY, "children"),
        Input(SELECTED, "value"),
        Input(ids.page_version(NS), "value"),
        State(history_id(NS), "value"),
        prevent_initial_call=True,
    )
    @checked
    def show_details(
        selected: str | None, _version: str | None, history: HistoryValue
    ) -> list[ComponentSingleType]:
        snapshot = context.snapshot()
        if snapshot.frames is None or not selected:
            return []
        shown = cached_shown(context.source, snapshot, history, lang)
        return _details(shown.frames, selected, shown, lang, context.public)

    register_filter_toggle(app, NS)


PAGE = GanttPage()

__all__ = ["PAGE", "GanttOptions", "GanttPage", "GanttView", "render"]
