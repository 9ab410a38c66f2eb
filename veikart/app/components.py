"""Reusable pieces of the dashboard's pages: filter bar, toolbar, legend, notices, banners.

Every function here is pure (frames and values in, Dash components out) and takes the
page's id namespace, so several pages can use the same piece without id clashes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, dcc, html
from dash.development.base_component import Component, ComponentSingleType

from veikart.app import ids
from veikart.app.source import Snapshot, problem_line
from veikart.app.state import CHOICE_FIELDS, FILTER_FIELDS, control_values
from veikart.filters import NO_STATUS, Filters
from veikart.frames import RoadmapFrames
from veikart.i18n import Lang, status_label, t
from veikart.roadmap.periods import Quarter, quarter_range
from veikart.roadmap.problems import Problem
from veikart.roadmap.schema import RISK_LEVELS, STATUSES

if TYPE_CHECKING:
    from veikart.figures.legend import LegendItem

MAX_PROBLEMS = 25
"""The banner lists at most this many problems; `veikart validate` lists them all."""


GRAPH_CONFIG: dcc.Graph.Config = {
    "displayModeBar": False,
    "responsive": True,
    "scrollZoom": False,
    "doubleClick": False,
    "showTips": False,
}
"""dcc.Graph config of every chart: no plotly toolbar (downloads are in "Last ned")."""


# --- filter bar -----------------------------------------------------------------------


def dropdown_labels(lang: Lang) -> dcc.Dropdown.Labels:
    """Texts inside dcc.Dropdown, translated."""
    return {
        "select_all": t("dropdown.select_all", lang),
        "deselect_all": t("dropdown.deselect_all", lang),
        "selected_count": t("dropdown.selected_count", lang),
        "search": t("dropdown.search", lang),
        "clear_search": t("dropdown.clear_search", lang),
        "clear_selection": t("dropdown.clear_selection", lang),
        "no_options_found": t("dropdown.no_options_found", lang),
    }


def attributes(**values: str) -> dict[str, Any]:
    """HTML attributes whose names have a dash, for a Dash component's keyword arguments:
    `html.Div(..., **attributes(aria_live="polite", data_label="Kvartal"))`."""
    return {name.replace("_", "-"): value for name, value in values.items()}


def filter_options(frames: RoadmapFrames, field: str, lang: Lang) -> list[dict[str, str]]:
    """The choices of a list filter, labelled for people and in roadmap order."""
    if field == "area":
        return [
            {"label": n, "value": i} for i, n in zip(frames.areas["id"], frames.areas["name"], strict=True)
        ]
    if field == "service":
        return [
            {"label": n, "value": i}
            for i, n in zip(frames.services["id"], frames.services["name"], strict=True)
        ]
    if field == "audience":
        a = frames.audiences
        return [{"label": n, "value": i} for i, n in zip(a["id"], a["name"], strict=True)]
    if field == "phase":
        p = frames.phases
        return [{"label": n, "value": i} for i, n in zip(p["id"], p["name"], strict=True)]
    if field == "status":
        statuses = [{"label": status_label(s, lang), "value": s} for s in STATUSES]
        return [*statuses, {"label": status_label(None, lang), "value": NO_STATUS}]
    if field == "owner":
        owners = set(frames.deliverables["owner"].dropna()) | set(frames.services["owner"].dropna())
        return [{"label": o, "value": o} for o in sorted(owners, key=str.casefold)]
    if field == "level":
        # the most serious first, as the risks are listed
        return [{"label": t(f"risk.level.{level}", lang), "value": level} for level in reversed(RISK_LEVELS)]
    raise ValueError(f"no list filter {field!r}")


def quarter_options(frames: RoadmapFrames, lang: Lang) -> list[dict[str, str]]:
    """Quarters to zoom to: the roadmap period and a year either side."""
    first = Quarter.of(frames.info.start) + -4
    last = Quarter.of(frames.info.end) + 4
    return [{"label": q.label(lang), "value": str(q)} for q in quarter_range(first, last)]


def _labelled(namespace: str, field: str, lang: Lang, control: Component, **widths: int) -> dbc.Col:
    """A filter's control under its label, in a grid column of the given widths."""
    label = dbc.Label(
        t(f"filter.{field}", lang), html_for=ids.filter_id(namespace, field), class_name="vk-label"
    )
    return dbc.Col([label, control], **widths)


def filter_bar(
    namespace: str,
    frames: RoadmapFrames,
    filters: Filters,
    lang: Lang,
    fields: Sequence[str] = FILTER_FIELDS,
    extra: Sequence[ComponentSingleType] = (),
) -> html.Div:
    """A collapsible panel of filter controls; ids are `ids.filter_id(namespace, field)`.

    `fields` chooses the controls (in this order); `extra` adds the page's own view
    options at the end of the panel. Read the values in a callback with
    `filter_inputs(namespace, fields)` and `state.filters_from_controls`.
    """
    values = control_values(filters)
    labels = dropdown_labels(lang)
    lists = [f for f in fields if f in CHOICE_FIELDS]
    list_cols = [
        _labelled(
            namespace,
            field,
            lang,
            dcc.Dropdown(
                id=ids.filter_id(namespace, field),
                options=filter_options(frames, field, lang),
                value=values[field],
                multi=True,
                placeholder=t("filter.all", lang),
                labels=labels,
                className="vk-dropdown",
            ),
            xs=12,
            sm=6,
            lg=4,
            xl=2,
        )
        for field in lists
    ]
    second: list[dbc.Col] = []
    if "q" in fields:
        second.append(
            _labelled(
                namespace,
                "q",
                lang,
                dbc.Input(
                    id=ids.filter_id(namespace, "q"),
                    type="search",
                    value=values["q"],
                    placeholder=t("filter.q_placeholder", lang),
                    debounce=0.4,
                    maxLength=200,
                ),
                xs=12,
                md=6,
                xl=3,
            )
        )
    quarters = quarter_options(frames, lang)
    for field, placeholder in (("from", "filter.start_of_roadmap"), ("to", "filter.end_of_roadmap")):
        if field in fields:
            second.append(
                _labelled(
                    namespace,
                    field,
                    lang,
                    dcc.Dropdown(
                        id=ids.filter_id(namespace, field),
                        options=quarters,
                        value=values[field],
                        placeholder=t(placeholder, lang),
                        labels=labels,
                        className="vk-dropdown",
                    ),
                    xs=6,
                    md=3,
                    xl=2,
                )
            )
    if "critical" in fields:
        second.append(
            dbc.Col(
                dbc.Switch(
                    id=ids.filter_id(namespace, "critical"),
                    label=t("filter.critical", lang),
                    value=bool(values["critical"]),
                    class_name="vk-switch",
                ),
                xs=12,
                md="auto",
                class_name="d-flex align-items-end",
            )
        )
    second.extend(dbc.Col(item, xs=12, md="auto", class_name="d-flex align-items-end") for item in extra)
    return html.Div(
        dbc.Collapse(
            dbc.Card(
                dbc.CardBody(
                    [
                        dbc.Row(list_cols, class_name="g-2"),
                        dbc.Row(second, class_name="g-2 mt-1 align-items-end"),
                    ]
                ),
                class_name="vk-filters",
            ),
            id=ids.page_id(namespace, "filter-collapse"),
            is_open=False,
            class_name="vk-filter-collapse",
        ),
        className="vk-filter-bar",
    )


def active_filter_count(filters: Filters, fields: Sequence[str] = FILTER_FIELDS) -> int:
    """How many of the filter bar's controls hold a choice."""
    values = control_values(filters)
    return sum(1 for field in fields if values.get(field))


def filter_toggle(
    namespace: str, filters: Filters, lang: Lang, fields: Sequence[str] = FILTER_FIELDS
) -> html.Div:
    """The "Filtre (2)" button that opens the filter panel on tablets and phones (below 1200 px).

    It says how many filters are on, so a reader sees that the view is filtered while
    the panel is folded away. Put it first in the page's toolbar (`toolbar(..., leading=...)`).
    """
    word = t("filter.toggle", lang)
    return html.Div(
        [
            html.Button(
                filter_toggle_label(word, active_filter_count(filters, fields)),
                id=ids.page_id(namespace, "filter-toggle"),
                className="btn btn-outline-secondary btn-sm vk-filter-toggle",
                n_clicks=0,
                type="button",
                **attributes(aria_expanded="false", aria_controls=ids.page_id(namespace, "filter-collapse")),
            ),
            hidden_value(ids.page_id(namespace, "filter-word"), word),
        ],
        className="d-xl-none",
    )


def filter_toggle_label(word: str, active: int) -> str:
    """'Filtre' or 'Filtre (2)' (the browser's copy is in assets/20-veikart.js, filterLabel)."""
    return f"{word} ({active})" if active else word


def filter_inputs(namespace: str, fields: Sequence[str] = FILTER_FIELDS) -> dict[str, Input]:
    """Callback inputs of a filter bar keyed by field, e.g. `inputs={"filters": filter_inputs(ns), ...}`.

    The callback then receives `filters={"area": [...], "q": "...", "from": ...}`, ready
    for `state.filters_from_controls`.
    """
    return {field: Input(ids.filter_id(namespace, field), "value") for field in fields}


def register_filter_toggle(app: dash.Dash, namespace: str, fields: Sequence[str] = FILTER_FIELDS) -> None:
    """The "Filtre" button's callbacks, in the browser: open and close the panel, count the filters."""
    toggle = ids.page_id(namespace, "filter-toggle")
    collapse = ids.page_id(namespace, "filter-collapse")
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="toggleFilters"),
        Output(collapse, "is_open"),
        Output(toggle, "aria-expanded"),
        Input(toggle, "n_clicks"),
        State(collapse, "is_open"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="filterLabel"),
        Output(toggle, "children"),
        *[Input(ids.filter_id(namespace, field), "value") for field in fields],
        State(ids.page_id(namespace, "filter-word"), "value"),
        prevent_initial_call=True,
    )


# --- legend -------------------------------------------------------------------------


def figure_legend(items: Sequence[LegendItem], title: str) -> list[ComponentSingleType]:
    """A figure's legend entries as HTML, which wraps on narrow screens (plotly's does not).

    Swatches carry the figure's own hatching and outlines (estimated dates, removed items),
    so the HTML legend and the drawn chart agree.
    """
    shown: list[ComponentSingleType] = [html.Span(title, className="vk-legend-title")]
    for item in items:
        if item.kind in ("swatch", "line"):
            # hatched and outlined swatches (estimates, a baseline's ghosts), dashed lines
            swatch = html.Span(className=f"vk-swatch vk-swatch-{item.kind}", style=item.swatch_style)
        elif item.kind == "text":
            swatch = html.Span(item.glyph, className="vk-sample", style={"color": item.color})
        else:
            swatch = html.Span(item.glyph, className="vk-glyph", style={"color": item.color})
        # the symbol is decoration: the entry's name says what it means, colour is never alone
        shown.append(
            html.Span(
                [html.Span(swatch, **attributes(aria_hidden="true")), item.name], className="vk-legend-item"
            )
        )
    return shown


def _prop(item: object, key: str) -> Any:
    """A property of a figure part: figure builders give plain dicts or plotly objects."""
    if item is None:
        return None
    return item.get(key) if isinstance(item, dict) else getattr(item, key, None)


def figure_height(figure: object) -> int:
    """The height the figure asks for, in CSS pixels."""
    return int(_prop(_prop(figure, "layout"), "height") or 450)


# --- toolbar, notices, problems -------------------------------------------------------


def hidden_value(component_id: str | dict[str, str], value: str = "") -> dcc.Input:
    """A page-local value for callbacks (use its "value" property).

    Not a dcc.Store: a memory Store that is drawn again restores the value it held in
    the earlier drawing and reports it as a change, which re-runs callbacks with stale
    state when the same page is opened again with another URL.
    """
    return dcc.Input(id=component_id, type="hidden", value=value)


def url_state_store(namespace: str, initial: str = "") -> dcc.Input:
    """The page's URL state: write `context.url_state(...)` to `Output(ids.url_state(ns), "value")`.

    The page preamble draws it with the state the page was drawn with: the shell then puts
    the clean query (unknown values dropped) in the address bar and on the navigation links.
    """
    return hidden_value(ids.url_state(namespace), initial)


def page_version_store(namespace: str, version: str) -> dcc.Input:
    """The page's copy of the roadmap version: use `Input(ids.page_version(ns), "value")`."""
    return hidden_value(ids.page_version(namespace), version)


def toolbar(
    count_id: str,
    count_text: str,
    download_slot_id: str,
    extra: Sequence[ComponentSingleType] = (),
    leading: Sequence[ComponentSingleType] = (),
) -> html.Div:
    """The row above a view: `leading` (the filter button), the count, page options, the export slot.

    `download_slot_id` is an empty container on the right where the export menu
    ("Last ned") is placed; it is part of every page's toolbar for that purpose.
    """
    return html.Div(
        [
            *leading,
            html.Div(
                count_text, id=count_id, className="vk-count", role="status", **attributes(aria_live="polite")
            ),
            html.Div(list(extra), className="vk-toolbar-extra"),
            html.Div(id=download_slot_id, className="vk-download-slot"),
        ],
        className="vk-toolbar",
    )


def progress_status(lang: Lang) -> html.Span:
    """ "Lager fil …" with a spinner: shown (and spoken, in an aria-live region) while a file is made."""
    return html.Span(
        [
            html.Span(className="spinner-border spinner-border-sm me-1", **attributes(aria_hidden="true")),
            t("download.preparing", lang),
        ],
        className="vk-progress-running",
    )


def notice_area(notice_id: str, notices: Sequence[str], lang: Lang) -> html.Div:
    """Gentle notices (unknown values in a link): dismissable, never an error page."""
    return html.Div(notice_children(notices, lang), id=notice_id, className="vk-notices")


def notice_children(notices: Sequence[str], lang: Lang) -> list[ComponentSingleType]:
    if not notices:
        return []
    return [
        dbc.Alert(
            [html.Strong(t("notice.title", lang) + ": "), *_join_lines(notices)],
            color="info",
            dismissable=True,
            class_name="vk-notice py-2 mb-2",
        )
    ]


def _join_lines(lines: Sequence[str]) -> list[ComponentSingleType]:
    out: list[ComponentSingleType] = []
    for i, line in enumerate(lines):
        if i:
            out.append(html.Br())
        out.append(line)
    return out


def _problem_items(problems: Sequence[Problem], lang: Lang, more_key: str) -> list[ComponentSingleType]:
    items: list[ComponentSingleType] = [
        html.Li(html.Code(problem_line(p, lang))) for p in problems[:MAX_PROBLEMS]
    ]
    if len(problems) > MAX_PROBLEMS:
        items.append(html.Li(t(more_key, lang, n=len(problems) - MAX_PROBLEMS)))
    return items


def problems_banner(snapshot: Snapshot, lang: Lang) -> list[ComponentSingleType]:
    """The banner of validation errors (FILE:LINE:COL: message), or nothing when valid.

    A public dashboard says only that the files have errors: no message, no location and
    no count. Messages quote the ids, titles and values of the items at fault, internal
    ones too; a location names a file (in a folder roadmap, planners name files after
    their work) and a line; a count tells of errors in items the public does not see.
    Readers of a public page cannot fix the files anyway: planners see every problem in
    `veikart validate`, in the server's log and on the internal dashboard.
    """
    if snapshot.valid:
        return []
    title = "problems.title_kept" if snapshot.frames is not None else "problems.title_none"
    details: list[object] = (
        [html.Div(t("problems.public_hint", lang), className="small")]
        if snapshot.public
        else [
            html.Ul(
                _problem_items(snapshot.problems, lang, "problems.more"), className="vk-problem-list mb-1"
            ),
            html.Div(t("problems.hint", lang), className="small"),
        ]
    )
    return [
        dbc.Alert(
            [html.H2(t(title, lang), className="h6 alert-heading mb-1"), *details],
            color="danger",
            class_name="vk-problems mb-2",
            id=ids.PROBLEMS_ALERT,
        )
    ]


def warnings_banner(snapshot: Snapshot, lang: Lang) -> list[ComponentSingleType]:
    """The roadmap's warnings, folded under one line ("Veikartet har 2 advarsler"), or nothing
    (always nothing on a public dashboard)."""
    warnings = snapshot.warnings
    if not warnings or snapshot.public:
        # Warnings name items, internal ones too (a public item depending on an internal
        # one names both); public readers have nothing to act on in them.
        return []
    return [
        html.Details(
            [
                html.Summary(t("warnings.title", lang, n=len(warnings)), className="vk-warnings-summary"),
                html.Ul(
                    _problem_items(warnings, lang, "warnings.more"), className="vk-problem-list mb-1 mt-1"
                ),
                html.Div(t("warnings.hint", lang), className="small"),
            ],
            className="vk-warnings mb-2",
            id=ids.WARNINGS_ALERT,
        )
    ]
