"""Reusable pieces of the dashboard's pages: filter bar, toolbar, details, banners.

Every function here is pure (frames and values in, Dash components out) and takes the
page's id namespace, so several pages can use the same piece without id clashes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html
from dash.development.base_component import Component

from veikart.app import ids
from veikart.app.source import Snapshot, problem_line
from veikart.app.state import FILTER_FIELDS, LIST_FIELDS, control_values
from veikart.filters import Filters
from veikart.frames import RoadmapFrames
from veikart.i18n import Lang, flag_label, status_label, t
from veikart.roadmap.periods import Quarter, quarter_range
from veikart.roadmap.schema import STATUSES

if TYPE_CHECKING:
    from veikart.figures.legend import LegendItem

MAX_PROBLEMS = 25
"""The banner lists at most this many problems; `veikart validate` lists them all."""
HEALTH_KEYS = ("progress", "cost", "quality", "risk")


# --- filter bar -----------------------------------------------------------------------


def dropdown_labels(lang: Lang) -> dict[str, str]:
    """Texts inside dcc.Dropdown, translated."""
    keys = ("select_all", "deselect_all", "selected_count", "search", "clear_search", "clear_selection")
    labels = {key: t(f"dropdown.{key}", lang) for key in keys}
    labels["no_options_found"] = t("dropdown.no_options_found", lang)
    return labels


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
        return [{"label": status_label(s, lang), "value": s} for s in STATUSES]
    if field == "owner":
        owners = set(frames.deliverables["owner"].dropna()) | set(frames.services["owner"].dropna())
        return [{"label": o, "value": o} for o in sorted(owners, key=str.casefold)]
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
    extra: Sequence[object] = (),
) -> html.Div:
    """A collapsible panel of filter controls; ids are `ids.filter_id(namespace, field)`.

    `fields` chooses the controls (in this order); `extra` adds the page's own view
    options at the end of the panel. Read the values in a callback with
    `filter_inputs(namespace, fields)` and `state.filters_from_controls`.
    """
    values = control_values(filters)
    labels = dropdown_labels(lang)
    lists = [f for f in fields if f in LIST_FIELDS]
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
    toggle_id = ids.page_id(namespace, "filter-toggle")
    collapse_id = ids.page_id(namespace, "filter-collapse")
    return html.Div(
        [
            dbc.Button(
                t("filter.toggle", lang),
                id=toggle_id,
                color="secondary",
                outline=True,
                size="sm",
                class_name="vk-filter-toggle d-lg-none mb-2",
                n_clicks=0,
            ),
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
                id=collapse_id,
                is_open=False,
                class_name="vk-filter-collapse",
            ),
        ],
        className="vk-filter-bar",
    )


def filter_inputs(namespace: str, fields: Sequence[str] = FILTER_FIELDS) -> dict[str, Input]:
    """Callback inputs of a filter bar keyed by field, e.g. `inputs={"filters": filter_inputs(ns), ...}`.

    The callback then receives `filters={"area": [...], "q": "...", "from": ...}`, ready
    for `state.filters_from_controls`.
    """
    return {field: Input(ids.filter_id(namespace, field), "value") for field in fields}


def register_filter_toggle(app: dash.Dash, namespace: str) -> None:
    """The callback of the "Filtre" button that opens the filter panel on narrow screens."""

    @app.callback(
        Output(ids.page_id(namespace, "filter-collapse"), "is_open"),
        Input(ids.page_id(namespace, "filter-toggle"), "n_clicks"),
        State(ids.page_id(namespace, "filter-collapse"), "is_open"),
        prevent_initial_call=True,
    )
    def toggle_filters(_n: int, is_open: bool) -> bool:
        return not is_open


# --- legend -------------------------------------------------------------------------


def figure_legend(items: Sequence[LegendItem], title: str) -> list[object]:
    """A figure's legend entries as HTML, which wraps on narrow screens (plotly's does not)."""
    shown: list[object] = [html.Span(title, className="vk-legend-title")]
    for item in items:
        if item.kind == "swatch":
            swatch = html.Span(className="vk-swatch", style={"backgroundColor": item.color})
        else:
            swatch = html.Span(item.glyph, className="vk-glyph", style={"color": item.color})
        shown.append(html.Span([swatch, item.name], className="vk-legend-item"))
    return shown


# --- toolbar, notices, problems -------------------------------------------------------


def hidden_value(component_id: str | dict, value: str = "") -> dcc.Input:
    """A page-local value for callbacks (use its "value" property).

    Not a dcc.Store: a memory Store that is drawn again restores the value it held in
    the earlier drawing and reports it as a change, which re-runs callbacks with stale
    state when the same page is opened again with another URL.
    """
    return dcc.Input(id=component_id, type="hidden", value=value)


def url_state_store(namespace: str, initial: str = "") -> dcc.Input:
    """The page's URL state: write `url_state_data(...)` to `Output(ids.url_state(ns), "value")`.

    Give the state the page was drawn with as `initial`: the shell then puts the clean
    query (unknown values dropped) in the address bar and on the navigation links.
    """
    return hidden_value(ids.url_state(namespace), initial)


def url_state_data(search: str, shared: str) -> str:
    """What the shell needs to update the address bar and the navigation links (JSON)."""
    from veikart.app.shell import NAV_PAGES

    return json.dumps({"search": search, "shared": shared, "paths": [path for path, _ in NAV_PAGES]})


def page_version_store(namespace: str, version: str) -> dcc.Input:
    """The page's copy of the roadmap version: use `Input(ids.page_version(ns), "value")`."""
    return hidden_value(ids.page_version(namespace), version)


def toolbar(count_id: str, count_text: str, download_slot_id: str, extra: Sequence[object] = ()) -> html.Div:
    """The row above a view: the count on the left, then page options, then the export slot.

    `download_slot_id` is an empty container on the right where the export menu
    ("Last ned") is placed; it is part of every page's toolbar for that purpose.
    """
    return html.Div(
        [
            html.Div(count_text, id=count_id, className="vk-count", role="status", **{"aria-live": "polite"}),
            html.Div(list(extra), className="vk-toolbar-extra"),
            html.Div(id=download_slot_id, className="vk-download-slot"),
        ],
        className="vk-toolbar",
    )


def notice_area(notice_id: str, notices: Sequence[str], lang: Lang) -> html.Div:
    """Gentle notices (unknown values in a link): dismissable, never an error page."""
    return html.Div(notice_children(notices, lang), id=notice_id, className="vk-notices")


def notice_children(notices: Sequence[str], lang: Lang) -> list[object]:
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


def _join_lines(lines: Sequence[str]) -> list[object]:
    out: list[object] = []
    for i, line in enumerate(lines):
        if i:
            out.append(html.Br())
        out.append(line)
    return out


def problems_banner(snapshot: Snapshot, lang: Lang) -> list[object]:
    """The banner of validation problems (FILE:LINE: message), or nothing when valid."""
    if snapshot.valid:
        return []
    title = "problems.title_kept" if snapshot.frames is not None else "problems.title_none"
    lines = [problem_line(p) for p in snapshot.problems[:MAX_PROBLEMS]]
    items = [html.Li(html.Code(line)) for line in lines]
    if len(snapshot.problems) > MAX_PROBLEMS:
        items.append(html.Li(t("problems.more", lang, n=len(snapshot.problems) - MAX_PROBLEMS)))
    return [
        dbc.Alert(
            [
                html.H2(t(title, lang), className="h6 alert-heading mb-1"),
                html.Ul(items, className="vk-problem-list mb-1"),
                html.Div(t("problems.hint", lang), className="small"),
            ],
            color="danger",
            class_name="vk-problems mb-2",
            id="shell-problems-alert",
        )
    ]


# --- details --------------------------------------------------------------------------

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_MD_REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*(\S+).*$", re.MULTILINE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def allowed_url(url: str) -> bool:
    """True for http(s) and relative links; false for javascript:, data: and the like."""
    url = url.strip()
    return bool(url) and (url.lower().startswith(("http://", "https://")) or not _SCHEME.match(url))


def safe_markdown(text: str) -> str:
    """Markdown from YAML made safe to render: no HTML, no images, links only http(s)/relative.

    `<` is escaped so raw HTML and autolinks show as text (dcc.Markdown also escapes
    HTML when dangerously_allow_html is False: two locks on the same door).
    """
    text = _MD_IMAGE.sub(lambda m: m.group(1), text)
    text = _MD_LINK.sub(lambda m: m.group(0) if allowed_url(m.group(2)) else m.group(1), text)
    text = _MD_REFERENCE.sub(lambda m: m.group(0) if allowed_url(m.group(1)) else "", text)
    return text.replace("<", "\\<")


def markdown(text: object, class_name: str = "vk-markdown") -> dcc.Markdown:
    return dcc.Markdown(
        safe_markdown(str(text)), dangerously_allow_html=False, link_target="_blank", className=class_name
    )


def details_panel(panel_id: str, body_id: str, lang: Lang, children: object = None, is_open: bool = False):
    """A side panel (off-canvas) for details; its body is `body_id`."""
    return dbc.Offcanvas(
        html.Div(children, id=body_id),
        id=panel_id,
        title=t("details.title", lang),
        placement="end",
        is_open=is_open,
        scrollable=True,
        class_name="vk-details",
    )


def _text(value: object) -> str | None:
    return (
        None
        if value is None or (not isinstance(value, str | tuple | list) and pd.isna(value))
        else str(value)
    )


def _fact(label: str, value: object) -> list[object]:
    return [html.Dt(label), html.Dd(value)]


def _health(service: pd.Series, lang: Lang) -> list[object]:
    lights = [(key, _text(service.get(f"health_{key}"))) for key in HEALTH_KEYS]
    lights = [(key, value) for key, value in lights if value]
    comment = _text(service.get("health_comment"))
    if not lights and not comment:
        return []
    badges = [
        html.Span(
            [
                html.Span(className=f"vk-light vk-light-{value}"),
                f"{t(f'health.{key}', lang)}: {t(f'health.{value}', lang)}",
            ],
            className="vk-health-item",
        )
        for key, value in lights
    ]
    return [
        html.H3(t("details.health", lang), className="h6 mt-3"),
        html.Div(badges, className="vk-health"),
        markdown(comment, "vk-markdown small mt-1") if comment else None,
    ]


def _links(service: pd.Series, lang: Lang) -> list[object]:
    links = service.get("links") or ()
    items = [
        html.Li(html.A(link["title"], href=link["url"], target="_blank", rel="noopener noreferrer"))
        for link in links
        if allowed_url(str(link.get("url", "")))
    ]
    if not items:
        return []
    return [html.H3(t("details.links", lang), className="h6 mt-3"), html.Ul(items, className="vk-links")]


def service_details(
    frames: RoadmapFrames, service_id: str, lang: Lang, timeline_href: str | None = "/tidslinje"
) -> list[object]:
    """Details of a service: area, owner, phase, description, links, health, timeline link."""
    rows = frames.services[frames.services["id"] == service_id]
    if rows.empty:
        return [html.P(t("details.gone", lang), className="text-muted")]
    s = rows.iloc[0]
    phases = dict(zip(frames.phases["id"], frames.phases["name"], strict=True))
    facts = _fact(t("gantt.area", lang), s["area_name"])
    if _text(s.get("owner")):
        facts += _fact(t("gantt.owner", lang), s["owner"])
    if _text(s.get("phase")):
        facts += _fact(t("filter.phase", lang), phases.get(s["phase"], s["phase"]))
    if bool(s.get("critical")):
        facts += _fact(t("critical", lang), t("table.yes", lang))
    description = _text(s.get("description"))
    return [
        html.H2(s["name"], className="h5 vk-details-title"),
        html.Dl(facts, className="vk-facts"),
        markdown(description) if description else None,
        *_links(s, lang),
        *_health(s, lang),
        dcc.Link(
            t("details.show_in_timeline", lang),
            href=f"{timeline_href}?service={service_id}",
            className="btn btn-outline-primary btn-sm mt-3",
        )
        if timeline_href
        else None,
    ]


def deliverable_details(
    frames: RoadmapFrames, deliverable_id: str, lang: Lang, link_type: str = ids.GANTT_DEPENDENCY_LINK
) -> list[object]:
    """Details of a deliverable: facts, description, dependencies both ways, the service."""
    d = frames.deliverables
    rows = d[d["id"] == deliverable_id]
    if rows.empty:
        return [html.P(t("details.gone", lang), className="text-muted")]
    row = rows.iloc[0]
    titles = dict(zip(d["id"], d["title"], strict=True))
    facts = _fact(t("gantt.service", lang), row["service_name"])
    facts += _fact(t("gantt.period", lang), row["period_label"])
    if row["kind"] != "period":
        facts += _fact(t("gantt.kind", lang), t(f"kind.{row['kind']}", lang))
    status = _text(row.get("status"))
    facts += _fact(t("filter.status", lang), status_label(status, lang))
    if _text(row.get("phase_name")):
        facts += _fact(t("filter.phase", lang), row["phase_name"])
    if _text(row.get("owner")):
        facts += _fact(t("gantt.owner", lang), row["owner"])
    if row["flags"]:
        facts += _fact(t("gantt.flags", lang), ", ".join(flag_label(f, lang) for f in row["flags"]))
    description = _text(row.get("description"))
    body: list[object] = [
        html.H2(row["title"], className="h5 vk-details-title"),
        html.Dl(facts, className="vk-facts"),
        html.H3(t("details.description", lang), className="h6 mt-3"),
        markdown(description)
        if description
        else html.P(t("details.no_description", lang), className="text-muted"),
    ]
    for column, key in (("depends_on", "gantt.depends_on"), ("dependents", "gantt.dependents")):
        others = [o for o in row[column] if o in titles]
        body.append(html.H3(t(key, lang), className="h6 mt-3"))
        if not others:
            body.append(html.P(t("details.none", lang), className="text-muted small"))
            continue
        body.append(
            html.Ul(
                [
                    html.Li(
                        html.Button(
                            titles[o],
                            id={"type": link_type, "id": o},
                            className="btn btn-link p-0 text-start vk-dep-link",
                            n_clicks=0,
                        )
                    )
                    for o in others
                ],
                className="vk-deps",
            )
        )
    body.append(html.Hr())
    body.append(html.H3(t("details.service", lang), className="h6"))
    service = service_details(frames, row["service"], lang, timeline_href=None)
    # The service heading repeats the name: keep it, but smaller.
    body.extend(service)
    if _text(row.get("source")):
        body.append(
            html.P(
                [t("details.source", lang), ": ", html.Code(row["source"])], className="small text-muted mt-3"
            )
        )
    return body
