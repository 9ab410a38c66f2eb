"""The risks page at `/risiko`: the risks the board follows, filterable by level and area.

Each risk shows its level as a word on its colour (the word carries the level, the colour
helps scanning), its title, what it affects (links to those items in the timeline), its
owner, its mitigation (safe Markdown), its sources and, on an internal dashboard, the
planners' note marked as internal. The most serious come first, as written within a level.

The rows come from `veikart.figures.risks.risks_table`, the same table the static site's
risks page shows. URL query: `level=high,medium`, `area=...` and `q=...` (a search in the
risks' words and in the names of what they affect); the other pages share `area` and `q`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from dash import Input, Output, dcc, html
from dash.development.base_component import Component, ComponentSingleType
from dash.exceptions import PreventUpdate

from veikart.app import ids
from veikart.app.cache import render_cached
from veikart.app.components import (
    attributes,
    filter_bar,
    filter_inputs,
    filter_toggle,
    register_filter_toggle,
    toolbar,
)
from veikart.app.context import AppContext
from veikart.app.details import level_badge, note_section, source_entries, sources_section
from veikart.app.inputs import checked
from veikart.app.markdown import markdown
from veikart.app.page import PageBody, PageRequest
from veikart.app.state import FilterValues, filters_from_controls
from veikart.figures.risks import LEVELS, RiskOptions, risks_table
from veikart.figures.style import RISK_LEVEL_COLORS
from veikart.filters import Filters
from veikart.frames import RoadmapFrames
from veikart.i18n import Lang, t

NS = "risks"
FIELDS = ("level", "area", "q")
"""The filters of the page, in the order of its filter bar."""
TIMELINE = "/tidslinje"

COUNT = ids.page_id(NS, "count")
LIST = ids.page_id(NS, "list")
"""The list of risks (one article each)."""
NOTICES = ids.notices(NS)
DOWNLOAD_SLOT = ids.page_id(NS, "download-slot")


@dataclass(frozen=True)
class RisksPageOptions:
    """The page's own options (hashable: they key the render cache)."""

    lang: Lang = "nb"


@dataclass(frozen=True)
class Affected:
    """A service or deliverable a risk affects, and where the timeline shows it."""

    kind: str
    """"service" or "deliverable"."""
    id: str
    name: str
    href: str


@dataclass(frozen=True)
class RiskRow:
    """One risk as the page shows it: plain values, no components."""

    id: str
    level: str
    level_label: str
    title: str
    affects: tuple[Affected, ...]
    area_names: tuple[str, ...]
    owner: str | None
    mitigation: str | None
    sources: tuple[str, ...]
    note: str | None
    internal: bool


@dataclass(frozen=True)
class RisksView:
    rows: tuple[RiskRow, ...]
    count: str
    """'3 av 10 risikoer · Høy: 2 · Middels: 1'"""
    by_level: tuple[tuple[str, int], ...]
    """(level, how many of the listed risks have it), the most serious first."""
    total: int


def page_filters(filters: Filters) -> Filters:
    """Only the filters the page applies (level, area, search)."""
    return Filters(level=filters.level, area=filters.area, q=filters.q)


def timeline_href(kind: str, item_id: str, service: str) -> str:
    """The timeline showing the item: its service, with a deliverable's details open."""
    pairs = [("service", service)] + ([("selected", item_id)] if kind == "deliverable" else [])
    return f"{TIMELINE}?{urlencode(pairs)}"


@dataclass(frozen=True)
class _Items:
    """What an id in `affects` names: a service's name, a deliverable's title and service."""

    services: dict[str, str]
    deliverables: dict[str, tuple[str, str]]

    @classmethod
    def of(cls, frames: RoadmapFrames) -> _Items:
        s, d = frames.services, frames.deliverables
        return cls(
            services=dict(zip(s["id"].tolist(), s["name"].tolist(), strict=True)),
            deliverables={
                i: (title, service)
                for i, title, service in zip(
                    d["id"].tolist(), d["title"].tolist(), d["service"].tolist(), strict=True
                )
            },
        )


def _affected(items: _Items, affects: Sequence[str]) -> tuple[Affected, ...]:
    services, deliverables = items.services, items.deliverables
    found = []
    for item in affects:
        if item in services:
            found.append(Affected("service", item, str(services[item]), timeline_href("service", item, item)))
        if item in deliverables:
            title, service = deliverables[item]
            found.append(
                Affected("deliverable", item, str(title), timeline_href("deliverable", item, service))
            )
    return tuple(found)


def _matches(row: RiskRow, needle: str) -> bool:
    words = [row.id, row.title, row.owner or "", row.mitigation or "", *row.area_names]
    words += [a.name for a in row.affects]
    folded = needle.casefold()
    return any(folded in word.casefold() for word in words)


def render(frames: RoadmapFrames, filters: Filters, options: RisksPageOptions) -> RisksView:
    """The risks the filters choose, the most serious first, and their counts."""
    lang = options.lang
    table = risks_table(frames, RiskOptions(lang=lang, levels=filters.level, areas=filters.area))
    notes = (
        dict(zip(frames.risks["id"], frames.risks["note"], strict=True))
        if not frames.risks.empty and "note" in frames.risks
        else {}
    )
    items = _Items.of(frames)
    rows = []
    for risk in table.to_dict("records"):
        note = notes.get(risk["id"])
        rows.append(
            RiskRow(
                id=str(risk["id"]),
                level=str(risk["level"]),
                level_label=str(risk["level_label"]),
                title=str(risk["title"]),
                affects=_affected(items, risk["affects_ids"]),
                area_names=tuple(risk["area_names"]),
                owner=risk["owner"] if isinstance(risk["owner"], str) else None,
                mitigation=risk["mitigation"] if isinstance(risk["mitigation"], str) else None,
                sources=tuple(risk["sources"]),
                note=note if isinstance(note, str) else None,
                internal=bool(risk["internal"]),
            )
        )
    if filters.q:
        rows = [row for row in rows if _matches(row, filters.q)]
    by_level = tuple((level, n) for level in LEVELS if (n := sum(row.level == level for row in rows)))
    count = t("risks.count", lang, shown=len(rows), total=len(frames.risks))
    levels = [t("risks.by_level", lang, level=t(f"risk.level.{level}", lang), n=n) for level, n in by_level]
    return RisksView(
        rows=tuple(rows),
        count=" · ".join([count, *levels]),
        by_level=by_level,
        total=len(frames.risks),
    )


# --- components ------------------------------------------------------------------------


Href = Callable[[str], str]
"""A page's path -> its link under the dashboard's base path (`app.get_relative_path`)."""


def _same(path: str) -> str:
    return path


def _affects_list(row: RiskRow, lang: Lang, href: Href) -> Component:
    if not row.affects:
        return html.P(t("risks.affects_nothing", lang), className="small vk-hint mb-0")
    return html.Ul(
        [
            html.Li(
                [
                    dcc.Link(item.name, href=href(item.href)),
                    html.Span(f" ({t('risks.service', lang)})", className="small vk-hint")
                    if item.kind == "service"
                    else None,
                ]
            )
            for item in row.affects
        ],
        className="vk-affects mb-0",
    )


def risk_article(row: RiskRow, frames: RoadmapFrames, lang: Lang, href: Href = _same) -> html.Article:
    """One risk: level, title, areas, what it affects, owner, mitigation, sources, note."""
    facts: list[ComponentSingleType] = [
        html.Dt(t("risks.affects", lang)),
        html.Dd(_affects_list(row, lang, href)),
    ]
    if row.area_names:
        facts += [html.Dt(t("risks.area", lang)), html.Dd(", ".join(row.area_names))]
    facts += [html.Dt(t("risks.owner", lang)), html.Dd(row.owner or t("risks.no_owner", lang))]
    mitigation = (
        markdown(row.mitigation)
        if row.mitigation
        else html.P(t("risks.no_mitigation", lang), className="vk-hint")
    )
    return html.Article(
        [
            html.Div(
                [
                    level_badge(row.level, lang),
                    html.H2(row.title, className="h6 vk-risk-heading mb-0"),
                ],
                className="vk-risk-head",
            ),
            html.P(t("details.internal", lang), className="vk-internal-mark") if row.internal else None,
            html.Dl(facts, className="vk-facts mt-2"),
            html.H3(t("risks.mitigation", lang), className="h6"),
            mitigation,
            *(sources_section(frames, row.sources, lang) if source_entries(frames, row.sources) else []),
            *note_section(row.note, lang),
        ],
        className=f"vk-risk-card vk-risk-{row.level}",
        style={"borderLeftColor": RISK_LEVEL_COLORS.get(row.level, "#56636c")},
        **attributes(data_level=row.level, data_risk=row.id),
    )


def risk_list(
    view: RisksView, frames: RoadmapFrames, lang: Lang, href: Href = _same
) -> list[ComponentSingleType]:
    """The risks as articles, or why there are none; `href` makes a page's path a link."""
    if not view.total:
        return [html.P(t("risks.none", lang), className="vk-hint")]
    if not view.rows:
        return [html.P(t("risks.no_match", lang), className="vk-hint")]
    return [risk_article(row, frames, lang, href) for row in view.rows]


class RisksPage:
    """The risks the board follows, by level and area, with what each affects."""

    path = "/risiko"
    aliases = ()
    namespace = NS
    nav_key = "nav.risks"
    nav_order = 3
    title_key = "risks.title"
    preload = ("dash/dcc/async-dropdown.js",)
    """Lazily loaded component code the page needs, fetched from the page's <head>."""
    history = False
    """The risks as they are now: no baseline or as-of bar (it would change nothing here)."""

    @staticmethod
    def render(frames: RoadmapFrames, filters: Filters, options: RisksPageOptions) -> RisksView:
        return render(frames, filters, options)

    def layout(self, context: AppContext, request: PageRequest) -> PageBody:
        lang = request.lang
        frames = request.frames
        filters = page_filters(request.filters)
        view = request.render(render, filters, RisksPageOptions(lang=lang))
        children = [
            toolbar(COUNT, view.count, DOWNLOAD_SLOT, leading=[filter_toggle(NS, filters, lang, FIELDS)]),
            filter_bar(NS, frames, filters, lang, fields=FIELDS),
            html.P(t("risks.caption", lang), className="small vk-hint mb-2"),
            html.Section(
                risk_list(view, frames, lang, context.href),
                id=LIST,
                className="vk-risk-list",
                **attributes(aria_label=t("risks.list_label", lang)),
            ),
        ]
        return PageBody(children, filters.to_query(), filters.replace(level=()).to_query())

    def register(self, context: AppContext) -> None:
        register_callbacks(context)


def register_callbacks(context: AppContext) -> None:
    """The filters' callback: the list, the count and the address follow them."""
    app = context.app
    lang = context.lang
    register_filter_toggle(app, NS, FIELDS)

    @app.callback(
        Output(LIST, "children"),
        Output(COUNT, "children"),
        Output(ids.url_state(NS), "value"),
        Output(NOTICES, "children"),
        inputs={"filters": filter_inputs(NS, FIELDS), "version": Input(ids.page_version(NS), "value")},
        prevent_initial_call=True,
    )
    @checked
    def update(filters: FilterValues, version: str | None) -> tuple[object, ...]:
        snapshot = context.snapshot()
        frames = snapshot.frames
        if frames is None:
            raise PreventUpdate
        chosen, _ = filters_from_controls(filters, frames, lang)
        chosen = page_filters(chosen)
        view = render_cached(snapshot, render, chosen, RisksPageOptions(lang=lang))
        url = context.url_state(chosen.to_query(), chosen.replace(level=()).to_query())
        return risk_list(view, frames, lang, context.href), view.count, url, []


PAGE = RisksPage()

__all__ = [
    "PAGE",
    "Affected",
    "RiskRow",
    "RisksPage",
    "RisksPageOptions",
    "RisksView",
    "page_filters",
    "render",
    "risk_list",
]
