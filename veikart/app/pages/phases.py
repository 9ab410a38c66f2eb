"""The phase overview (faseoversikt) at `/faser`: services in the value chain at a quarter.

A quarter slider (with a play button that steps through the period) chooses the quarter;
the columns show where each service is then, the phase bands below show every service's
phases over time. Clicking a service opens the same details panel as the Gantt view.

URL query: the service-level filters of `veikart.filters` (area, service, audience,
critical, q) and `at=2023-Q2`, the chosen quarter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update

from veikart.app import ids
from veikart.app.components import (
    details_panel,
    filter_bar,
    filter_inputs,
    notice_area,
    page_version_store,
    register_filter_toggle,
    service_details,
    toolbar,
    url_state_data,
    url_state_store,
)
from veikart.app.context import AppContext
from veikart.app.download import with_download_menu
from veikart.app.pages.gantt import GRAPH_CONFIG, no_roadmap
from veikart.app.source import skeleton_frames
from veikart.app.state import filters_from_controls
from veikart.figures.options import FigureOptions
from veikart.figures.phase_bands import phase_bands_figure
from veikart.figures.phases import (
    overview_columns,
    overview_quarter,
    phase_overview_figure,
)
from veikart.filters import Filters, filter_frames, parse_query
from veikart.frames import UNKNOWN_PHASE, RoadmapFrames, phases_at
from veikart.i18n import Lang, t
from veikart.roadmap.periods import Quarter

PATH = "/faser"
NS = "phases"
FIELDS = ("area", "service", "audience", "critical", "q")
"""The filters that apply to services, shared with the Gantt view through the URL."""
PLAY_MS = 1400
"""Time per quarter while playing: long enough to follow the arrows."""

# Component ids: the graph id is fixed by the issue and the browser tests.
PHASE_GRAPH = "phase-graph"
BANDS_GRAPH = ids.page_id(NS, "bands")
SLIDER = ids.page_id(NS, "slider")
PLAY = ids.page_id(NS, "play")
PLAYER = ids.page_id(NS, "player")
QUARTER = ids.page_id(NS, "quarter")
COUNT = ids.page_id(NS, "count")
NOTICES = ids.page_id(NS, "notices")
COLUMNS = ids.page_id(NS, "columns")
"""A list of the services in each column, for screen readers (and tests)."""
WIDTH = ids.page_id(NS, "width")
"""dcc.Store: the window width in CSS px, so card labels wrap to fit the screen."""
DETAILS = ids.page_id(NS, "details")
DETAILS_BODY = ids.page_id(NS, "details-body")
DOWNLOAD_SLOT = ids.page_id(NS, "download-slot")
CHART = ids.page_id(NS, "chart")


@dataclass(frozen=True)
class Rendered:
    overview: object
    bands: object
    overview_height: int
    bands_height: int
    columns: list[object]
    quarter: Quarter
    count: str


def chosen_quarter(frames: RoadmapFrames, at: Quarter | None) -> Quarter:
    """`at`, else the current quarter, clamped to the roadmap period."""
    return overview_quarter(frames, FigureOptions(at=at, today=dt.date.today()))


def render(frames: RoadmapFrames, filters: Filters, lang: Lang, width: int | None = None) -> Rendered:
    """Both figures, the screen-reader list and the count for the filters (pure but for today)."""
    shown = filter_frames(frames, filters)
    quarter = chosen_quarter(frames, filters.at)
    # The width only tunes label wrapping: the graphs still follow their container.
    options = FigureOptions(lang=lang, at=quarter, today=dt.date.today(), fit_width=width)
    overview = phase_overview_figure(shown, options)
    bands = phase_bands_figure(shown, options)
    count = t("phases.count", lang, shown=len(shown.services), total=len(frames.services))
    return Rendered(
        overview=overview,
        bands=bands,
        overview_height=int(overview["layout"]["height"]),
        bands_height=int(bands["layout"]["height"]),
        columns=column_list(shown, quarter, lang),
        quarter=quarter,
        count=count,
    )


def column_list(frames: RoadmapFrames, quarter: Quarter, lang: Lang) -> list[object]:
    """The services of each column as lists: what the figure shows, for screen readers."""
    sections: list[object] = [html.H2(t("phases.columns_heading", lang, quarter=quarter.label(lang)))]
    for column in overview_columns(frames, quarter):
        sections.append(
            html.Section(
                [
                    html.H3(column.name),
                    html.Ul(
                        [
                            html.Li(name, **{"data-service": sid})
                            for sid, name in zip(column.services, column.service_names, strict=True)
                        ]
                    ),
                ],
                **{"data-phase": column.phase or "unknown"},
            )
        )
    return sections


def _slider(frames: RoadmapFrames, quarter: Quarter, lang: Lang) -> dcc.Slider:
    quarters = frames.quarters
    marks = {i: {"label": str(q.year)} for i, q in enumerate(quarters) if q.number == 1 or i == 0}
    return dcc.Slider(
        id=SLIDER,
        min=0,
        max=len(quarters) - 1,
        step=1,
        value=quarters.index(quarter),
        marks=marks,
        included=False,
        updatemode="mouseup",
        allow_direct_input=False,
        className="vk-phase-slider",
    )


def _time_controls(frames: RoadmapFrames, quarter: Quarter, lang: Lang) -> html.Div:
    return html.Div(
        [
            dbc.Button(
                "▶ " + t("phases.play", lang),
                id=PLAY,
                color="primary",
                size="sm",
                n_clicks=0,
                class_name="flex-shrink-0",
                style={"minWidth": "7.5rem"},
            ),
            html.Div(
                [
                    html.Span(t("phases.slider", lang), className="vk-label d-block small"),
                    html.Strong(
                        quarter.label(lang),
                        id=QUARTER,
                        className="fs-4",
                        role="status",
                        **{"aria-live": "polite"},
                    ),
                ],
                className="flex-shrink-0 text-center",
                style={"minWidth": "6.5rem"},
            ),
            html.Div(_slider(frames, quarter, lang), className="flex-grow-1", style={"minWidth": "12rem"}),
            dcc.Interval(id=PLAYER, interval=PLAY_MS, disabled=True),
        ],
        className="d-flex align-items-center gap-3 my-2 px-2 py-2 bg-white border rounded-3",
    )


def page(context: AppContext, query: dict[str, object], validating: bool = False) -> html.Div:
    """The phase overview for a URL query (the router calls this on every navigation)."""
    lang = context.lang
    frames = context.snapshot().frames
    if validating:  # Dash's validation call needs the components, not the data
        frames = skeleton_frames(lang)
    if frames is None:
        return no_roadmap(lang)
    parsed, notices = parse_query(query, frames, lang)
    filters = parsed.choosing_services()
    rendered = render(frames, filters, lang)
    return html.Div(
        [
            dcc.Store(id=WIDTH),
            # The page's own copy of the version: an Input from the shell would fire this
            # page's callback on other pages too, where its other inputs do not exist.
            page_version_store(NS, context.snapshot().version),
            url_state_store(NS, _url_state(filters.replace(at=rendered.quarter))),
            notice_area(NOTICES, notices, lang),
            filter_bar(NS, frames, filters, lang, fields=FIELDS),
            _time_controls(frames, rendered.quarter, lang),
            with_download_menu(
                toolbar(
                    COUNT,
                    rendered.count,
                    DOWNLOAD_SLOT,
                    extra=[html.Span(t("phases.click_hint", lang), className="text-muted small")],
                ),
                DOWNLOAD_SLOT,
                "phases",
                lang,
            ),
            html.Div(
                [
                    dcc.Graph(
                        id=PHASE_GRAPH,
                        figure=rendered.overview,
                        config=GRAPH_CONFIG,
                        style={"height": f"{rendered.overview_height}px"},
                        className="vk-graph",
                    ),
                    dcc.Graph(
                        id=BANDS_GRAPH,
                        figure=rendered.bands,
                        config=GRAPH_CONFIG,
                        style={"height": f"{rendered.bands_height}px"},
                        className="vk-graph mt-3",
                    ),
                ],
                id=CHART,
                className="vk-chart",
            ),
            html.Div(rendered.columns, id=COLUMNS, className="visually-hidden"),
            details_panel(DETAILS, DETAILS_BODY, lang),
        ],
        className="vk-page vk-page-phases",
    )


def _url_state(filters: Filters) -> str:
    """The address of the view (with its quarter) and the filters the other views share."""
    return url_state_data(filters.to_query(), filters.replace(at=None).to_query())


def selected_service(click: dict | None) -> str | None:
    """The service id of a clicked card or band, if the click was on one."""
    points = (click or {}).get("points") or []
    if not points:
        return None
    data = points[0].get("customdata")
    return str(data[0]) if isinstance(data, list) and data else None


def service_panel(frames: RoadmapFrames, service_id: str, quarter: Quarter, lang: Lang) -> list[object]:
    """The Gantt view's service details, headed by the service's phase at the chosen quarter."""
    at = phases_at(frames, quarter)
    rows = at[at["id"] == service_id]
    phase = rows["phase_name"].iloc[0] if not rows.empty else None
    known = not rows.empty and rows["phase_now"].iloc[0] != UNKNOWN_PHASE
    head = (
        [
            html.P(
                [html.Strong(t("phases.now_in", lang, quarter=quarter.label(lang)) + ": "), phase],
                className="mb-2" + ("" if known else " text-muted"),
            )
        ]
        if phase is not None
        else []
    )
    details = service_details(frames, service_id, lang)
    # After the service's name, which heads the panel.
    return [*details[:1], *head, *details[1:]]


def register(context: AppContext) -> None:
    """Register the page at /faser, with its callbacks."""
    app = context.app
    lang = context.lang

    def layout(path: str | None = None, **query: object) -> html.Div:
        return page(context, query, validating=path is None)

    dash.register_page(__name__, path=PATH, name=t("phases.nav", lang), order=1, layout=layout)

    # The window width: labels are wrapped to fit it on the server. Sent at load and
    # again when the width changes by a tablet's turn, so the cards re-wrap.
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="trackWidth"),
        Output(WIDTH, "data"),
        Input(PHASE_GRAPH, "id"),
        State(WIDTH, "id"),
    )

    @app.callback(
        output={
            "overview": Output(PHASE_GRAPH, "figure"),
            "overview_style": Output(PHASE_GRAPH, "style"),
            "bands": Output(BANDS_GRAPH, "figure"),
            "bands_style": Output(BANDS_GRAPH, "style"),
            "columns": Output(COLUMNS, "children"),
            "quarter": Output(QUARTER, "children"),
            "count": Output(COUNT, "children"),
            "url": Output(ids.url_state(NS), "value"),
            "notices": Output(NOTICES, "children"),
        },
        inputs={
            "filters": filter_inputs(NS, FIELDS),
            "index": Input(SLIDER, "value"),
            "width": Input(WIDTH, "data"),
            "version": Input(ids.page_version(NS), "value"),
        },
        prevent_initial_call=True,
    )
    def update(filters: dict, index: int | None, width: int | None, version: str):
        frames = context.snapshot().frames
        if frames is None:
            return dash.no_update
        chosen, _ = filters_from_controls(filters, frames, lang)
        quarters = frames.quarters
        position = min(max(int(index or 0), 0), len(quarters) - 1)
        chosen = chosen.choosing_services().replace(at=quarters[position])
        url = _url_state(chosen)
        if ctx.triggered_id == WIDTH and not width:
            return {key: no_update for key in _OUTPUTS} | {"url": url}
        rendered = render(frames, chosen, lang, width=int(width) - 60 if width else None)
        return {
            "overview": rendered.overview,
            "overview_style": {"height": f"{rendered.overview_height}px"},
            "bands": rendered.bands,
            "bands_style": {"height": f"{rendered.bands_height}px"},
            "columns": rendered.columns,
            "quarter": rendered.quarter.label(lang),
            "count": rendered.count,
            "url": url,
            "notices": [] if ctx.triggered_id not in (ids.page_version(NS), WIDTH) else no_update,
        }

    @app.callback(
        Output(PLAYER, "disabled"),
        Output(PLAY, "children"),
        Output(SLIDER, "value", allow_duplicate=True),
        Input(PLAY, "n_clicks"),
        State(PLAYER, "disabled"),
        State(SLIDER, "value"),
        State(SLIDER, "max"),
        prevent_initial_call=True,
    )
    def play_or_pause(_clicks: int, stopped: bool, index: int | None, last: int):
        if not stopped:
            return True, "▶ " + t("phases.play", lang), no_update
        # Playing from the last quarter starts over from the first.
        start = 0 if (index or 0) >= last else no_update
        return False, "⏸ " + t("phases.pause", lang), start

    @app.callback(
        Output(SLIDER, "value", allow_duplicate=True),
        Output(PLAYER, "disabled", allow_duplicate=True),
        Output(PLAY, "children", allow_duplicate=True),
        Input(PLAYER, "n_intervals"),
        State(SLIDER, "value"),
        State(SLIDER, "max"),
        prevent_initial_call=True,
    )
    def step(_n: int, index: int | None, last: int):
        following = min((index or 0) + 1, last)
        if following >= last:
            return following, True, "▶ " + t("phases.play", lang)
        return following, no_update, no_update

    @app.callback(
        Output(DETAILS_BODY, "children"),
        Output(DETAILS, "is_open"),
        Input(PHASE_GRAPH, "clickData"),
        Input(BANDS_GRAPH, "clickData"),
        State(SLIDER, "value"),
        prevent_initial_call=True,
    )
    def show_details(overview_click: dict | None, bands_click: dict | None, index: int | None):
        frames = context.snapshot().frames
        click = overview_click if ctx.triggered_id == PHASE_GRAPH else bands_click
        service = selected_service(click)
        if frames is None or service is None:
            return no_update, no_update
        quarters = frames.quarters
        quarter = quarters[min(max(int(index or 0), 0), len(quarters) - 1)]
        return service_panel(frames, service, quarter, lang), True

    register_filter_toggle(app, NS)


_OUTPUTS = ("overview", "overview_style", "bands", "bands_style", "columns", "quarter", "count", "notices")

__all__ = ["PHASE_GRAPH", "register", "render", "service_panel"]
