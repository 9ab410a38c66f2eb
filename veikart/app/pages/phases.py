"""The phase overview (faseoversikt) at `/faser`: services in the value chain at a quarter.

A quarter slider (with a play button that steps through the period) chooses the quarter;
the columns show where each service is then, the phase bands below show every service's
phases over time. Clicking a service opens the same details panel as the Gantt view.

URL query: the service-level filters of `veikart.filters` (area, service, audience,
critical, q) and `at=2023-Q2`, the chosen quarter. Without `at` the page shows today's
quarter when today lies inside the roadmap's period, else the quarter of the roadmap's
`updated` date (clamped to the period): the last quarter of a finished roadmap says less.

The slider, the play button and the quarter's label run in the browser, so the label moves
with the slider at once; the figures follow when the server has drawn them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update
from dash.development.base_component import ComponentSingleType
from dash.exceptions import PreventUpdate

from veikart.app import ids
from veikart.app.cache import render_cached
from veikart.app.components import (
    GRAPH_CONFIG,
    attributes,
    figure_height,
    filter_bar,
    filter_inputs,
    filter_toggle,
    hidden_value,
    notice_children,
    register_filter_toggle,
    toolbar,
)
from veikart.app.context import AppContext
from veikart.app.details import details_panel, service_details
from veikart.app.download import with_download_menu
from veikart.app.history_bar import HistoryValue, history_id
from veikart.app.history_choice import cached_shown
from veikart.app.inputs import Between, checked
from veikart.app.page import PageBody, PageRequest
from veikart.app.state import FilterValues, filters_from_controls
from veikart.figures.baseline import BaselineChanges
from veikart.figures.options import FigureOptions
from veikart.figures.phase_bands import phase_bands_figure
from veikart.figures.phases import (
    baseline_phase_changes,
    moved_services,
    overview_columns,
    phase_overview_figure,
)
from veikart.filters import Filters, filter_frames
from veikart.frames import UNKNOWN_PHASE, RoadmapFrames, phases_at
from veikart.history.changes import SERVICE
from veikart.history.git import Commit
from veikart.i18n import Lang, t
from veikart.roadmap.periods import Quarter

NS = "phases"
TIMELINE = "/tidslinje"
"""The timeline page's path: the details panel links a service to it."""
FIELDS = ("area", "service", "audience", "critical", "q")
"""The filters that apply to services, shared with the Gantt view through the URL."""
PLAY_MS = 1400
"""Time per quarter while playing: long enough to follow the arrows."""
MAX_WIDTH = 10_000
"""Widest window the page fits its labels to (CSS px); a forged width beyond is refused."""

# Component ids: the graph id is fixed by the issue and the browser tests.
PHASE_GRAPH = "phase-graph"
BANDS_GRAPH = ids.page_id(NS, "bands")
SLIDER = ids.page_id(NS, "slider")
PLAY = ids.page_id(NS, "play")
PLAYER = ids.page_id(NS, "player")
QUARTER = ids.page_id(NS, "quarter")
TEXTS = ids.page_id(NS, "texts")
"""Hidden value: the quarter labels and the play button's words, for the browser's callbacks."""
COUNT = ids.page_id(NS, "count")
NOTICES = ids.notices(NS)
COLUMNS = ids.page_id(NS, "columns")
"""A list of the services in each column, for screen readers (and tests)."""
WIDTH = ids.page_id(NS, "width")
"""dcc.Store: the window width in CSS px, so card labels wrap to fit the screen."""
DETAILS = ids.page_id(NS, "details")
DETAILS_BODY = ids.page_id(NS, "details-body")
DOWNLOAD_SLOT = ids.page_id(NS, "download-slot")
CHART = ids.page_id(NS, "chart")


@dataclass(frozen=True)
class PhaseOptions:
    """The page's own options (hashable: they key the render cache)."""

    lang: Lang = "nb"
    width: int | None = None
    """The window width the card labels are wrapped to; None for the figure's default."""
    today: dt.date | None = None
    baseline: BaselineChanges | None = field(default=None, compare=False)
    """The comparison with `?baseline=`: services in another phase than then are framed.
    The render cache keys on its commit id (`Shown.key`), not on this object."""


@dataclass(frozen=True)
class PhaseView:
    overview: object
    bands: object
    overview_height: int
    bands_height: int
    columns: list[ComponentSingleType]
    quarter: Quarter
    count: str


def default_quarter(frames: RoadmapFrames, today: dt.date) -> Quarter:
    """Today's quarter inside the roadmap's period, else the quarter it was updated in, clamped."""
    quarters = frames.quarters
    now = Quarter.of(today)
    if quarters[0] <= now <= quarters[-1]:
        return now
    updated = frames.info.updated
    wanted = Quarter.of(updated) if updated is not None else quarters[-1]
    return min(max(wanted, quarters[0]), quarters[-1])


def chosen_quarter(frames: RoadmapFrames, at: Quarter | None, today: dt.date) -> Quarter:
    """`at` clamped to the roadmap's period, else the default quarter."""
    quarters = frames.quarters
    if at is None:
        return default_quarter(frames, today)
    return min(max(at, quarters[0]), quarters[-1])


def render(frames: RoadmapFrames, filters: Filters, options: PhaseOptions) -> PhaseView:
    """Both figures, the screen-reader list and the count for the filters."""
    lang = options.lang
    shown = filter_frames(frames, filters)
    quarter = chosen_quarter(frames, filters.at, options.today or dt.date.today())
    # The width only tunes label wrapping: the graphs still follow their container.
    figure_options = FigureOptions(
        lang=lang, at=quarter, today=options.today, fit_width=options.width, baseline=options.baseline
    )
    overview = phase_overview_figure(shown, figure_options)
    bands = phase_bands_figure(shown, figure_options)
    count = t("phases.count", lang, shown=len(shown.services), total=len(frames.services))
    return PhaseView(
        overview=overview,
        bands=bands,
        overview_height=figure_height(overview),
        bands_height=figure_height(bands),
        columns=column_list(shown, quarter, lang, figure_options),
        quarter=quarter,
        count=count,
    )


def column_list(
    frames: RoadmapFrames, quarter: Quarter, lang: Lang, options: FigureOptions | None = None
) -> list[ComponentSingleType]:
    """The services of each column as lists: what the figure shows, for screen readers.

    A service that changed phase since the quarter before says so in words (the figure
    shows it by a frame and an arrow), and so does one in another phase than in the
    baseline (`options.baseline`; the figure frames it).
    """
    sections: list[ComponentSingleType] = [
        html.H2(t("phases.columns_heading", lang, quarter=quarter.label(lang)))
    ]
    moved = moved_services(frames, quarter)
    phase_names = dict(zip(frames.phases["id"], frames.phases["name"], strict=True))
    before = (quarter + -1).label(lang)
    base = options.baseline if options is not None else None
    differs = baseline_phase_changes(frames, quarter, options) if options is not None and base else {}
    base_names = {**phase_names, **(base.phase_names if base else {})}

    def item(sid: str, name: str) -> html.Li:
        notes = []
        if sid in moved:
            previous = phase_names.get(moved[sid], t("phase.unknown", lang))
            notes.append(t("phases.moved_from", lang, phase=previous, quarter=before))
        if sid in differs and base is not None:
            then = base_names.get(differs[sid]) or t("phase.unknown", lang)
            notes.append(t("baseline.phase_in", lang, rev=base.label, phase=then))
        text = f"{name} ({'; '.join(notes)})" if notes else name
        return html.Li(text, **attributes(data_service=sid))

    for column in overview_columns(frames, quarter):
        sections.append(
            html.Section(
                [
                    html.H3(column.name),
                    html.Ul(
                        [
                            item(sid, name)
                            for sid, name in zip(column.services, column.service_names, strict=True)
                        ]
                    ),
                ],
                **attributes(data_phase=column.phase or "unknown"),
            )
        )
    return sections


def _texts(frames: RoadmapFrames, lang: Lang) -> str:
    return json.dumps(
        {
            "labels": [q.label(lang) for q in frames.quarters],
            "play": "▶ " + t("phases.play", lang),
            "pause": "⏸ " + t("phases.pause", lang),
        }
    )


def _slider(frames: RoadmapFrames, quarter: Quarter, lang: Lang) -> html.Div:
    quarters = frames.quarters
    marks = {i: {"label": str(q.year)} for i, q in enumerate(quarters) if q.number == 1 or i == 0}
    return html.Div(
        dcc.Slider(
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
        ),
        # dcc.Slider cannot name its thumb: assets/20-veikart.js gives it this name and
        # the quarter as its spoken value.
        className="flex-grow-1 vk-named-slider",
        style={"minWidth": "12rem"},
        **attributes(data_label=t("phases.slider", lang), data_labelledby=QUARTER),
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
                        **attributes(aria_live="polite"),
                    ),
                ],
                className="flex-shrink-0 text-center",
                style={"minWidth": "6.5rem"},
            ),
            _slider(frames, quarter, lang),
            dcc.Interval(id=PLAYER, interval=PLAY_MS, disabled=True),
            hidden_value(TEXTS, _texts(frames, lang)),
        ],
        className="d-flex flex-wrap align-items-center gap-3 my-2 px-2 py-2 bg-white border rounded-3",
    )


def selected_service(click: object) -> str | None:
    """The service id of a clicked card or band, if the click was on one."""
    points = click.get("points") if isinstance(click, dict) else None
    if not isinstance(points, list) or not points or not isinstance(points[0], dict):
        return None
    data = points[0].get("customdata")
    return str(data[0]) if isinstance(data, list) and data and isinstance(data[0], str) else None


def service_panel(
    frames: RoadmapFrames,
    service_id: str,
    quarter: Quarter,
    lang: Lang,
    changed: Commit | Literal["uncommitted"] | None = None,
    *,
    public: bool = False,
    timeline_href: str,
) -> list[ComponentSingleType]:
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
    details = service_details(
        frames, service_id, lang, timeline_href=timeline_href, changed=changed, public=public
    )
    # After the service's name, which heads the panel.
    return [*details[:1], *head, *details[1:]]


def _url(context: AppContext, filters: Filters, history: str = "") -> str:
    """The address of the view (with its quarter) and the filters the other views share."""
    return context.url_state(filters.to_query(), filters.replace(at=None).to_query(), history)


class PhasesPage:
    """Where each service is in the value chain at a quarter, and its phases over time."""

    path = "/faser"
    aliases = ()
    namespace = NS
    nav_key = "nav.phases"
    nav_order = 1
    title_key = "phases.nav"
    preload = ("dash/dcc/async-graph.js", "dash/dcc/async-dropdown.js", "dash/dcc/async-slider.js")
    """Lazily loaded component code the page needs, fetched from the page's <head>."""

    @staticmethod
    def render(frames: RoadmapFrames, filters: Filters, options: PhaseOptions) -> PhaseView:
        return render(frames, filters, options)

    def layout(self, context: AppContext, request: PageRequest) -> PageBody:
        lang = request.lang
        frames = request.frames
        filters = request.filters.choosing_services()
        baseline = request.shown.drawn if request.shown else None
        view = request.render(
            render, filters, PhaseOptions(lang=lang, today=request.today, baseline=baseline)
        )
        filters = filters.replace(at=view.quarter)
        children = [
            dcc.Store(id=WIDTH),
            with_download_menu(
                toolbar(
                    COUNT,
                    view.count,
                    DOWNLOAD_SLOT,
                    extra=[html.Span(t("phases.click_hint", lang), className="vk-hint small")],
                    leading=[filter_toggle(NS, filters, lang, FIELDS)],
                ),
                DOWNLOAD_SLOT,
                "phases",
                lang,
            ),
            filter_bar(NS, frames, filters, lang, fields=FIELDS),
            _time_controls(frames, view.quarter, lang),
            html.Div(
                [
                    dcc.Graph(
                        id=PHASE_GRAPH,
                        figure=view.overview,
                        config=GRAPH_CONFIG,
                        style={"height": f"{view.overview_height}px"},
                        className="vk-graph",
                    ),
                    dcc.Graph(
                        id=BANDS_GRAPH,
                        figure=view.bands,
                        config=GRAPH_CONFIG,
                        style={"height": f"{view.bands_height}px"},
                        className="vk-graph mt-3",
                    ),
                ],
                id=CHART,
                className="vk-chart",
            ),
            html.Div(view.columns, id=COLUMNS, className="visually-hidden"),
            details_panel(DETAILS, DETAILS_BODY, lang),
        ]
        return PageBody(children, filters.to_query(), filters.replace(at=None).to_query())

    def register(self, context: AppContext) -> None:
        register_callbacks(context)


_OUTPUTS = ("overview", "overview_style", "bands", "bands_style", "columns", "count", "notices")


def register_callbacks(context: AppContext) -> None:
    app = context.app
    lang = context.lang

    # The window width: labels are wrapped to fit it on the server. Sent at load and
    # again when the width changes by a tablet's turn, so the cards re-wrap.
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="trackWidth"),
        Output(WIDTH, "data"),
        Input(PHASE_GRAPH, "id"),
        State(WIDTH, "id"),
    )
    # Slider, label and play button in the browser: they move together, at once.
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="showQuarter"),
        Output(QUARTER, "children"),
        Input(SLIDER, "value"),
        Input(SLIDER, "drag_value"),
        State(TEXTS, "value"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="playOrPause"),
        Output(PLAYER, "disabled"),
        Output(PLAY, "children"),
        Output(SLIDER, "value", allow_duplicate=True),
        Input(PLAY, "n_clicks"),
        State(PLAYER, "disabled"),
        State(SLIDER, "value"),
        State(SLIDER, "max"),
        State(TEXTS, "value"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="stepQuarter"),
        Output(SLIDER, "value", allow_duplicate=True),
        Output(PLAYER, "disabled", allow_duplicate=True),
        Output(PLAY, "children", allow_duplicate=True),
        Input(PLAYER, "n_intervals"),
        State(SLIDER, "value"),
        State(SLIDER, "max"),
        State(TEXTS, "value"),
        prevent_initial_call=True,
    )

    @app.callback(
        output={
            "overview": Output(PHASE_GRAPH, "figure"),
            "overview_style": Output(PHASE_GRAPH, "style"),
            "bands": Output(BANDS_GRAPH, "figure"),
            "bands_style": Output(BANDS_GRAPH, "style"),
            "columns": Output(COLUMNS, "children"),
            "count": Output(COUNT, "children"),
            "url": Output(ids.url_state(NS), "value"),
            "notices": Output(NOTICES, "children"),
        },
        inputs={
            "filters": filter_inputs(NS, FIELDS),
            "index": Input(SLIDER, "value"),
            "width": Input(WIDTH, "data"),
            "version": Input(ids.page_version(NS), "value"),
            "history": State(history_id(NS), "value"),
        },
        prevent_initial_call=True,
    )
    @checked
    def update(
        filters: FilterValues,
        index: Annotated[int, Between(0, 100_000)] | None,
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
        quarters = frames.quarters
        position = min(max(int(index or 0), 0), len(quarters) - 1)
        chosen = chosen.choosing_services().replace(at=quarters[position])
        url = _url(context, chosen, shown.query)
        if ctx.triggered_id == WIDTH and not width:
            return {key: no_update for key in _OUTPUTS} | {"url": url}
        fitted = max(int(width) - 60, 320) if width else None
        options = PhaseOptions(lang=lang, width=fitted, today=dt.date.today(), baseline=shown.drawn)
        view = render_cached(snapshot, render, chosen, options, shown)
        return {
            "overview": view.overview,
            "overview_style": {"height": f"{view.overview_height}px"},
            "bands": view.bands,
            "bands_style": {"height": f"{view.bands_height}px"},
            "columns": view.columns,
            "count": view.count,
            "url": url,
            "notices": notice_children(list(shown.notices), lang)
            if shown.notices
            else ([] if ctx.triggered_id not in (ids.page_version(NS), WIDTH) else no_update),
        }

    @app.callback(
        Output(DETAILS_BODY, "children"),
        Output(DETAILS, "is_open"),
        Input(PHASE_GRAPH, "clickData"),
        Input(BANDS_GRAPH, "clickData"),
        State(SLIDER, "value"),
        State(history_id(NS), "value"),
        prevent_initial_call=True,
    )
    @checked
    def show_details(
        overview_click: dict[str, Any] | None,
        bands_click: dict[str, Any] | None,
        index: Annotated[int, Between(0, 100_000)] | None,
        history: HistoryValue,
    ) -> tuple[object, object]:
        snapshot = context.snapshot()
        click = overview_click if ctx.triggered_id == PHASE_GRAPH else bands_click
        service = selected_service(click)
        if snapshot.frames is None or service is None:
            return no_update, no_update
        shown = cached_shown(context.source, snapshot, history, lang)
        frames = shown.frames
        quarters = frames.quarters
        quarter = quarters[min(max(int(index or 0), 0), len(quarters) - 1)]
        changed = shown.last_change(SERVICE, service)
        panel = service_panel(
            frames,
            service,
            quarter,
            lang,
            changed,
            public=context.public,
            timeline_href=context.href(TIMELINE),
        )
        return panel, True

    register_filter_toggle(app, NS, FIELDS)


PAGE = PhasesPage()

__all__ = ["PAGE", "PhaseOptions", "PhaseView", "PhasesPage", "default_quarter", "render", "service_panel"]
