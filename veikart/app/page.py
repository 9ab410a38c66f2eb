"""What a page of the dashboard is, and the preamble every page shares.

A page is one module in `veikart/app/pages/` with a module-level `PAGE` that satisfies
`Page`. The factory finds it; the navigation, the router, the <title> and Dash's
validation layout are built from the registered pages. `draw_page` is the shared
preamble: it answers "no roadmap yet", draws the tiny skeleton roadmap for Dash's
validation layout, reads the filters and notices from the URL query, and adds the
notices, the page's copy of the roadmap version and its URL state around what the
page's own `layout` returns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar, runtime_checkable

import dash_bootstrap_components as dbc
from dash import html
from dash.development.base_component import Component

from veikart.app import ids
from veikart.app.cache import render_cached
from veikart.app.components import notice_area, page_version_store, url_state_store
from veikart.app.context import AppContext
from veikart.app.history_bar import history_bar
from veikart.app.history_choice import Shown, layout_shown, plain_shown
from veikart.app.source import Snapshot, skeleton_frames
from veikart.app.state import plain_query
from veikart.filters import Filters, parse_query
from veikart.frames import RoadmapFrames
from veikart.i18n import Lang, t

OptionsT = TypeVar("OptionsT", bound=Hashable)
R = TypeVar("R")


@dataclass
class PageRequest:
    """A page's URL query, read once by the preamble; what `Page.layout` draws from."""

    frames: RoadmapFrames
    filters: Filters
    """The filters of the query (only the page's `filter_fields` are applied by the page)."""
    query: Mapping[str, str]
    """The query's plain values (the last of a repeated key), for the page's own options."""
    version: str
    lang: Lang
    today: dt.date
    path: str = ""
    """The address's path, as the reader wrote it (the not-found page names it)."""
    notices: list[str] = field(default_factory=list)
    """Notices about the query; a page adds its own (unknown option values) here."""
    validating: bool = False
    """True for Dash's validation layout: draw every component, the data does not matter."""
    snapshot: Snapshot | None = None
    """The roadmap snapshot drawn from (None for the validation layout's skeleton)."""
    shown: Shown | None = None
    """Which roadmap `frames` is (current, or as of `?asof=`) and what it is compared with
    (`?baseline=`); None for a page without the history bar."""

    def render(
        self, render: Callable[[RoadmapFrames, Filters, OptionsT], R], filters: Filters, options: OptionsT
    ) -> R:
        """`render(frames, filters, options)`, answered from the snapshot's cache when it can be."""
        shown = self.shown if self.shown is not None and self.shown.frames is self.frames else None
        if self.snapshot is None or (shown is None and self.snapshot.frames is not self.frames):
            return render(self.frames, filters, options)
        return render_cached(self.snapshot, render, filters, options, shown)


@dataclass(frozen=True)
class PageBody:
    """What a page's `layout` returns: its components and its state in the address bar."""

    children: Sequence[Component]
    search: str
    """The page's own query ('?area=kj&color=phase'), written into the address bar."""
    shared: str
    """The filters the other pages share, carried over to the navigation links."""


@runtime_checkable
class Page(Protocol):
    """A page of the dashboard. Attributes are plain class attributes of the page."""

    path: str
    """Where it lives, e.g. "/tidslinje"."""
    aliases: tuple[str, ...]
    """Other paths showing the same page (the timeline is also at "/")."""
    namespace: str
    """The prefix of its component ids ("gantt" -> "gantt-graph"), unique per page."""
    nav_key: str | None
    """The i18n key of its navigation label; None keeps it out of the navigation."""
    nav_order: int
    """Position in the navigation, smallest first."""
    title_key: str
    """The i18n key of its name in the browser tab: "<name> – <roadmap title>"."""
    preload: tuple[str, ...]
    """Lazily loaded component code it draws with ("dash/dcc/async-graph.js"), under
    `_dash-component-suites/`: its first HTML asks for them at once.

    A page may also set `history = False` (the not-found page): no history bar, and
    `?baseline=` / `?asof=` are not read for it."""

    def layout(self, context: AppContext, request: PageRequest) -> PageBody:
        """The page for a URL query (the router calls it on every navigation)."""
        ...

    def render(self, frames: RoadmapFrames, filters: Filters, options: Any) -> Any:
        """What the page shows for filters and its own options: pure, testable without a browser."""
        ...

    def register(self, context: AppContext) -> None:
        """Register the page's callbacks on `context.app`."""
        ...


def page_title(page: Page, roadmap_title: str | None, lang: Lang) -> str:
    """The browser tab's title: "Tidslinje – Veikart for nasjonale e-helseløsninger"."""
    return f"{t(page.title_key, lang)} – {roadmap_title or t('app.title', lang)}"


def no_roadmap(lang: Lang) -> html.Div:
    """What a page shows before any valid roadmap exists (the banner lists the problems)."""
    return html.Div(
        dbc.Alert(t("app.no_roadmap", lang), color="secondary"),
        className="vk-page vk-needs-reload",
    )


def draw_page(
    page: Page,
    context: AppContext,
    query: Mapping[str, object],
    *,
    validating: bool = False,
    path: str = "",
    today: dt.date | None = None,
) -> html.Div:
    """The page for a URL query, inside the preamble every page shares."""
    lang = context.lang
    snapshot = context.snapshot()
    frames = skeleton_frames(lang) if validating else snapshot.frames
    if frames is None:
        return no_roadmap(lang)
    plain = plain_query(query)
    shown: Shown | None = None
    if has_history(page):
        # The history's revisions are read before the filters: they are checked against the
        # roadmap shown, which `?asof=` may make an earlier one.
        if validating:
            shown = plain_shown(frames, snapshot.history)
        else:
            shown = layout_shown(context.source, snapshot, plain, lang)
        frames = shown.frames
    filters, notices = parse_query(plain, frames, lang)
    if shown is not None:
        notices = [*shown.notices, *notices]
    request = PageRequest(
        frames=frames,
        filters=filters,
        query=plain,
        version=snapshot.version,
        lang=lang,
        today=today or dt.date.today(),
        path=path,
        notices=notices,
        validating=validating,
        snapshot=None if validating else snapshot,
        shown=shown,
    )
    body = page.layout(context, request)
    ns = page.namespace
    history = request.shown.query if request.shown is not None else ""
    return html.Div(
        [
            notice_area(ids.notices(ns), dedupe(request.notices), lang),
            history_bar(ns, request.shown, snapshot.history, lang) if shown is not None else None,
            *body.children,
            # The page's own copy of the version: an Input from the shell would fire the
            # page's callbacks on other pages too, where their other inputs do not exist.
            page_version_store(ns, snapshot.version),
            url_state_store(ns, context.url_state(body.search, body.shared, history)),
        ],
        className=f"vk-page vk-page-{ns}",
    )


def has_history(page: Page) -> bool:
    """Whether the page draws the history bar and reads `?baseline=` and `?asof=`."""
    return bool(getattr(page, "history", True))


MAX_NOTICES = 10
"""A link's notices shown at most; the rest are summed up in one line."""


def dedupe(notices: Sequence[str], limit: int = MAX_NOTICES) -> list[str]:
    """The notices once each, in order, at most `limit` of them (the rest counted)."""
    unique = list(dict.fromkeys(notices))
    if len(unique) <= limit:
        return unique
    return [*unique[:limit], f"… (+{len(unique) - limit})"]


__all__ = [
    "Page",
    "PageBody",
    "PageRequest",
    "dedupe",
    "draw_page",
    "has_history",
    "no_roadmap",
    "page_title",
]
