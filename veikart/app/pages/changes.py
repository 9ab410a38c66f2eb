"""The changes page at `/endringer`: everything that changed since the baseline, with its commit.

With `?baseline=REV` (chosen in the history bar) the page lists the changes from REV to the
roadmap shown (the current one, or the one as of `?asof=`), grouped as `veikart diff`
groups them: delayed, brought forward, moved, new, removed, status changed, other. Each
names the commit that made it (short id, date, author, subject: text from git, drawn as
text and bounded) and links to the item in the timeline, compared with the same baseline
(under the dashboard's base path: `AppContext.href`).

The filters are the other views' (area, service, audience, phase, status, owner, critical
line, search, time window) and mean the same: a change is listed when its item passes them,
a removed deliverable when it passed them in the baseline.

Without a baseline the page says how to choose one and offers the latest tags.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from dash import Input, Output, State, dcc, html
from dash.development.base_component import Component, ComponentSingleType
from dash.exceptions import PreventUpdate

from veikart.app import ids
from veikart.app.cache import render_cached
from veikart.app.comparison import Comparison
from veikart.app.components import (
    attributes,
    filter_bar,
    filter_inputs,
    filter_toggle,
    notice_children,
    register_filter_toggle,
    toolbar,
)
from veikart.app.context import AppContext
from veikart.app.history_bar import HistoryValue, history_id
from veikart.app.history_choice import cached_shown, with_attribution
from veikart.app.history_source import HistoryState
from veikart.app.inputs import checked
from veikart.app.page import PageBody, PageRequest
from veikart.app.state import FilterValues, filters_from_controls
from veikart.filters import Filters, filter_frames, service_mask
from veikart.frames import RoadmapFrames
from veikart.history.attribution import AttributedChange
from veikart.history.changes import ADDED, DELIVERABLE, GROUPS, MOVED, REMOVED, RISK, SERVICE, group_of
from veikart.history.render import clean_text, commit_text, shift_text, value_text
from veikart.i18n import Lang, t

NS = "changes"
LIST = ids.page_id(NS, "list")
COUNT = ids.page_id(NS, "count")
NOTICES = ids.notices(NS)
DOWNLOAD_SLOT = ids.page_id(NS, "download-slot")
PATH = "/endringer"
TIMELINE = "/tidslinje"
TITLE_CHARS = 120
WHAT_CHARS = 200
COMMIT_CHARS = 200
RECENT_TAGS = 3
"""Tags offered as links when no baseline is chosen."""


@dataclass(frozen=True)
class ChangesOptions:
    """The page's own options (hashable: they key the render cache, with the commit ids)."""

    lang: Lang = "nb"
    links: str = ""
    """The history query the timeline links carry ('baseline=…&asof=…')."""
    commits: bool = False
    """Whether the comparison names the commits (a render without them is not reused)."""
    public: bool = False
    """A public dashboard: a change's commit by its id and date only (subjects and authors
    are the planners' words and names)."""
    comparison: Comparison | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ChangeRow:
    """One change as the page lists it (every text cleaned and bounded)."""

    kind: str
    item: str
    id: str
    title: str
    service: str
    what: str
    commit_id: str
    """The short id of the commit that made the change ('' when not known)."""
    commit: str
    """Its date, author and subject, or why there is none ("ikke committet")."""
    href: str | None
    """The timeline's path and query showing the item, compared with the same baseline
    ('/tidslinje?selected=…&baseline=…', a page's path: drawn through `Href`); None for a risk."""


@dataclass(frozen=True)
class ChangesView:
    groups: tuple[tuple[str, tuple[ChangeRow, ...]], ...]
    """(group, rows) in `veikart diff`'s order, only groups with rows."""
    shown: int
    total: int
    count: str
    compared: bool
    """False when no baseline is chosen (nothing to list)."""


def visible(comparison: Comparison, frames: RoadmapFrames, filters: Filters) -> list[AttributedChange]:
    """The changes whose items pass the filters (removed ones as they were in the baseline)."""
    changes = list(comparison.report.changes)
    if filters.replace(at=None) == Filters():
        return changes
    after = filter_frames(frames, filters)
    before = filter_frames(comparison.before, filters)
    deliverables = {"after": set(after.deliverables["id"]), "before": set(before.deliverables["id"])}
    services = _services(frames, filters) | _services(comparison.before, filters)
    kept = []
    for attributed in changes:
        change = attributed.change
        if change.item == DELIVERABLE:
            side = "before" if change.kind == REMOVED else "after"
            keep = change.id in deliverables[side]
        elif change.item == SERVICE:
            keep = change.id in services
        else:
            keep = _risk_shown(change.id, (frames, comparison.before), services, deliverables)
        if keep:
            kept.append(attributed)
    return kept


def _services(frames: RoadmapFrames, filters: Filters) -> set[str]:
    """Services whose own changes pass the filters: the service-level ones, and when a filter
    chooses deliverables (status, phase, owner, time) none; a search matches the service's
    name or description."""
    services = frames.services[service_mask(frames, filters)]
    if not filters.narrows_deliverables:
        return set(services["id"])
    if filters.phase or filters.status or filters.owner or filters.start or filters.end:
        return set()
    needle = filters.q.casefold()
    return {
        ident
        for ident, name, description in zip(
            services["id"], services["name"], services["description"].fillna(""), strict=True
        )
        if needle in str(name).casefold() or needle in str(description).casefold()
    }


def _risk_shown(
    risk: str,
    both: Sequence[RoadmapFrames],
    services: set[str],
    deliverables: dict[str, set[str]],
) -> bool:
    """A risk passes the filters when something it affects does."""
    shown = services | deliverables["after"] | deliverables["before"]
    for frames in both:
        risks = frames.risks
        if risks.empty or "id" not in risks:
            continue
        rows = risks[risks["id"] == risk]
        for _, row in rows.iterrows():
            hit = set(row.get("affects_services") or ()) | set(row.get("affects_deliverables") or ())
            if hit & shown:
                return True
    return False


def _what(comparison: Comparison, attributed: AttributedChange, lang: Lang) -> str:
    change = attributed.change
    report = comparison.report
    if change.kind == ADDED:
        return value_text(report, change, "after", lang)
    if change.kind == REMOVED:
        return value_text(report, change, "before", lang)
    before = value_text(report, change, "before", lang)
    after = value_text(report, change, "after", lang)
    text = f"{before} → {after}"
    if change.kind == MOVED:
        text += f" ({shift_text(change, lang)})"
    elif group_of(change) == "other":
        text = f"{t(f'diff.kind.{change.kind}', lang)}: {text}"
    return text


def _href(attributed: AttributedChange, frames: RoadmapFrames, links: str) -> str | None:
    change = attributed.change
    tail = f"&{links}" if links else ""
    if change.item == DELIVERABLE and change.kind != REMOVED:
        return f"{TIMELINE}?{urlencode({'selected': change.id})}{tail}"
    service = change.id if change.item == SERVICE else change.service
    if change.item != RISK and service and service in set(frames.services["id"]):
        return f"{TIMELINE}?{urlencode({'service': service})}{tail}"
    return None


def change_row(
    comparison: Comparison, attributed: AttributedChange, frames: RoadmapFrames, options: ChangesOptions
) -> ChangeRow:
    change = attributed.change
    lang = options.lang
    service = comparison.report.service_names.get(change.service or "", change.service or "")
    made = attributed.commit
    if made is not None:
        commit_id = made.short
        when = made.date.date().isoformat()
        commit = (
            when
            if options.public
            else f"{when} · {clean_text(made.author, 60)}: {clean_text(made.subject, 120)}"
        )
    else:
        commit_id = ""
        commit = commit_text(attributed, lang) if comparison.attributed else ""
    return ChangeRow(
        kind=change.kind,
        item=change.item,
        id=change.id,
        title=clean_text(change.title, TITLE_CHARS),
        service=clean_text(service, TITLE_CHARS),
        what=clean_text(_what(comparison, attributed, lang), WHAT_CHARS),
        commit_id=commit_id,
        commit=clean_text(commit, COMMIT_CHARS),
        href=_href(attributed, frames, options.links),
    )


def render(frames: RoadmapFrames, filters: Filters, options: ChangesOptions) -> ChangesView:
    """The changes the filters show, grouped, with the count."""
    comparison = options.comparison
    lang = options.lang
    if comparison is None:
        return ChangesView(groups=(), shown=0, total=0, count="", compared=False)
    kept = visible(comparison, frames, filters)
    grouped: dict[str, list[ChangeRow]] = {group: [] for group in GROUPS}
    for attributed in kept:
        grouped[group_of(attributed.change)].append(change_row(comparison, attributed, frames, options))
    total = len(comparison.report.changes)
    return ChangesView(
        groups=tuple((group, tuple(rows)) for group, rows in grouped.items() if rows),
        shown=len(kept),
        total=total,
        count=t("changes.count", lang, shown=len(kept), total=total),
        compared=True,
    )


# --- drawing ---------------------------------------------------------------------------------


Href = Callable[[str], str]
"""A page's path -> its link under the dashboard's base path (`AppContext.href`)."""


def _row(row: ChangeRow, lang: Lang, href: Href) -> html.Tr:
    label = f"{t(f'diff.item.{row.item}', lang)}: {row.title}" if row.item != DELIVERABLE else row.title
    title: Component | str = (
        dcc.Link(label, href=href(row.href), title=t("changes.in_timeline", lang)) if row.href else label
    )
    return html.Tr(
        [
            html.Td([title, html.Br(), html.Code(row.id, className="vk-change-id")]),
            html.Td(row.service),
            html.Td(row.what),
            html.Td(
                [html.Code(row.commit_id, className="vk-commit me-1"), row.commit]
                if row.commit_id
                else row.commit,
                className="small vk-commit-line",
            ),
        ],
        **attributes(data_kind=row.kind, data_id=row.id),
    )


def change_list(view: ChangesView, lang: Lang, href: Href) -> list[ComponentSingleType]:
    """The groups as headed tables (the same columns in each); `href` makes a page's path a link."""
    if not view.compared:
        return []
    if not view.groups:
        return [html.P(t("changes.none_shown", lang), className="text-muted")]
    headings = [t("diff.col.item", lang), t("diff.col.service", lang), t("diff.col.what", lang)]
    headings.append(t("diff.col.commit", lang))
    sections: list[ComponentSingleType] = []
    for group, rows in view.groups:
        sections.append(
            html.Section(
                [
                    html.H3(f"{t(f'diff.group.{group}', lang)} ({len(rows)})", className="h5 mt-3"),
                    html.Div(
                        html.Table(
                            [
                                html.Thead(html.Tr([html.Th(h, scope="col") for h in headings])),
                                html.Tbody([_row(row, lang, href) for row in rows]),
                            ],
                            className="table table-sm align-top vk-change-table",
                        ),
                        className="table-responsive",
                    ),
                ],
                className="vk-change-group",
                **attributes(data_group=group),
            )
        )
    return sections


def _choose_prompt(history: HistoryState, lang: Lang, href: Href) -> html.Div:
    """How to choose a baseline, and the latest tags as links to this page compared with them."""
    tags = [entry for entry in history.revisions if entry.kind == "tag"][:RECENT_TAGS]
    links: list[ComponentSingleType] = []
    if tags:
        links.append(html.Span(t("changes.recent_tags", lang), className="me-2"))
        for entry in tags:
            links.append(
                dcc.Link(
                    entry.name,
                    href=href(f"{PATH}?{urlencode({'baseline': entry.name})}"),
                    className="btn btn-sm btn-outline-secondary me-2",
                )
            )
    return html.Div(
        [html.P(t("changes.choose", lang), className="mb-2" if links else "mb-0"), html.Div(links)],
        className="vk-changes-choose bg-white border rounded-3 p-3 mb-3",
    )


class ChangesPage:
    """What changed since a baseline, grouped by kind, each change with its commit."""

    path = PATH
    aliases = ()
    namespace = NS
    nav_key = "nav.changes"
    nav_order = 3
    title_key = "nav.changes"
    preload = ("dash/dcc/async-dropdown.js",)

    @staticmethod
    def render(frames: RoadmapFrames, filters: Filters, options: ChangesOptions) -> ChangesView:
        return render(frames, filters, options)

    def layout(self, context: AppContext, request: PageRequest) -> PageBody:
        lang = request.lang
        shown = request.shown
        if shown is not None and request.snapshot is not None and shown.comparison is not None:
            # The commits behind the changes: read from git now, while the page is drawn.
            shown = with_attribution(context.source, request.snapshot, shown, lang)
            request.notices.extend(n for n in shown.notices if n not in request.notices)
            request.shown = shown
        comparison = shown.comparison if shown else None
        options = ChangesOptions(
            lang=lang,
            links=shown.query if shown else "",
            commits=bool(comparison and comparison.attributed),
            public=context.public,
            comparison=comparison,
        )
        view = request.render(render, request.filters, options)
        history = request.snapshot.history if request.snapshot is not None else None
        children = [
            html.H2(t("changes.heading", lang), className="h4 mt-1"),
            toolbar(
                COUNT,
                view.count,
                DOWNLOAD_SLOT,
                leading=[filter_toggle(NS, request.filters, lang)],
            ),
            filter_bar(NS, request.frames, request.filters, lang),
            _choose_prompt(history, lang, context.href)
            if not view.compared and history is not None and history.available
            else None,
            html.Div(
                change_list(view, lang, context.href),
                id=LIST,
                className="vk-changes",
                role="region",
                **attributes(aria_label=t("changes.list_label", lang)),
            ),
        ]
        query = request.filters.replace(at=None).to_query()
        return PageBody([child for child in children if child is not None], query, query)

    def register(self, context: AppContext) -> None:
        register_callbacks(context)


def register_callbacks(context: AppContext) -> None:
    app = context.app
    lang = context.lang
    register_filter_toggle(app, NS)

    @app.callback(
        Output(LIST, "children"),
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
    def update(filters: FilterValues, version: str | None, history: HistoryValue) -> tuple[object, ...]:
        snapshot = context.snapshot()
        if snapshot.frames is None:
            raise PreventUpdate
        # Memory only: the page's layout read the commits; a reload read them again.
        shown = cached_shown(context.source, snapshot, history, lang)
        chosen, _ = filters_from_controls(filters, shown.frames, lang)
        comparison = shown.comparison
        options = ChangesOptions(
            lang=lang,
            links=shown.query,
            commits=bool(comparison and comparison.attributed),
            public=context.public,
            comparison=comparison,
        )
        view = render_cached(snapshot, render, chosen, options, shown)
        query = chosen.to_query()
        return (
            change_list(view, lang, context.href),
            view.count,
            context.url_state(query, query, shown.query),
            notice_children(list(shown.notices), lang),
        )


PAGE = ChangesPage()

__all__ = [
    "PAGE",
    "ChangeRow",
    "ChangesOptions",
    "ChangesPage",
    "ChangesView",
    "change_list",
    "render",
    "visible",
]
