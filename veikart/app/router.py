"""Which page a path shows, and the callback that draws it when the reader navigates.

The pages are the `PAGE` objects of the modules in `veikart/app/pages/`, found once when
the app is created. A path no page claims shows the page registered as `fallback` (the
friendly "not found").

The first page of a visit is drawn into the initial layout (`/_dash-layout`) instead of
after a callback round trip: the layout request's Referer is the page's own address, so
the shell can draw that page at once and set the router's location to it, and the router
callback does not fire. Without a usable Referer (a privacy setting, a proxy dropping it)
the router draws the page after the page has loaded, as before; nothing else changes.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

import flask
from dash import Input, Output, dcc, html
from dash.development.base_component import Component, ComponentType
from dash.exceptions import PreventUpdate

from veikart.app import ids, pages
from veikart.app.context import AppContext
from veikart.app.inputs import MaxChars, checked
from veikart.app.page import Page, draw_page, page_title
from veikart.app.state import query_mapping

MAX_ADDRESS = 2_100_000
"""The longest address a browser sends (Chrome's limit is 2 MB); its query is read cut short."""


@dataclass(frozen=True)
class PageSet:
    """The registered pages: the navigation's, in order, and the fallback for unknown paths."""

    pages: tuple[Page, ...]
    fallback: Page

    @classmethod
    def of(cls, found: Iterable[Page]) -> PageSet:
        listed = sorted(found, key=lambda page: page.nav_order)
        fallbacks = [page for page in listed if getattr(page, "fallback", False)]
        if len(fallbacks) != 1:
            raise ValueError(f"expected one fallback page, found {len(fallbacks)}")
        namespaces = [page.namespace for page in listed]
        paths = [path for page in listed for path in (page.path, *page.aliases)]
        for what, values in (("namespace", namespaces), ("path", paths)):
            if len(set(values)) != len(values):
                raise ValueError(f"two pages have the same {what}: {values}")
        return cls(pages=tuple(listed), fallback=fallbacks[0])

    @property
    def navigation(self) -> tuple[Page, ...]:
        return tuple(page for page in self.pages if page.nav_key is not None)

    @property
    def aliases(self) -> dict[str, str]:
        """Other paths of a page -> its own path ("/" -> "/tidslinje")."""
        return {alias: page.path for page in self.pages for alias in page.aliases}

    def resolve(self, path: str | None) -> Page:
        """The page at a page's `path` ("/faser", see `AppContext.page_path`); None is no page's."""
        if path is None:
            return self.fallback
        path = "/" + path.strip("/")
        for page in self.pages:
            if path == page.path or path in page.aliases:
                return page
        return self.fallback


def discover_pages() -> PageSet:
    """The `PAGE` of every module in `veikart.app.pages` (adding a page is adding a module)."""
    found: list[Page] = []
    for info in sorted(pkgutil.iter_modules(pages.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{pages.__name__}.{info.name}")
        page = getattr(module, "PAGE", None)
        if page is not None:
            if not isinstance(page, Page):
                raise TypeError(f"{module.__name__}.PAGE is not a Page")
            found.append(page)
    return PageSet.of(found)


def referring_location() -> tuple[str, str] | None:
    """(path, search) of the page whose script asked for the layout, from the Referer.

    Only a Referer from this same host counts; anything else means "not known".
    """
    if not flask.has_request_context():
        return None
    referrer = flask.request.referrer
    if not referrer or len(referrer) > 16_384:
        return None
    parts = urlsplit(referrer)
    if parts.netloc != flask.request.host:
        return None
    return parts.path or "/", f"?{parts.query}" if parts.query else ""


def router(context: AppContext, page_set: PageSet) -> list[Component]:
    """The router's location and content; the page is drawn in when the address is known."""
    location = referring_location()
    if location is None:
        return [dcc.Location(id=ids.LOCATION, refresh="callback-nav"), _content(None)]
    pathname, search = location
    page = page_set.resolve(context.page_path(pathname))
    drawn = draw_page(page, context, query_mapping(search), path=pathname)
    # With pathname and search set as the browser has them, dcc.Location reports no change
    # when it mounts, so the router callback below does not draw the page a second time.
    return [
        dcc.Location(id=ids.LOCATION, refresh="callback-nav", pathname=pathname, search=search),
        _content(drawn),
    ]


def _content(children: ComponentType) -> html.Div:
    return html.Div(children, id=ids.CONTENT)


def register_router(context: AppContext, page_set: PageSet) -> None:
    """The callback that draws the page for the address after each navigation."""
    app = context.app

    @app.callback(
        Output(ids.CONTENT, "children"),
        Output(ids.PAGE_TITLE, "data"),
        Input(ids.LOCATION, "pathname"),
        Input(ids.LOCATION, "search"),
        prevent_initial_call=True,
    )
    @checked
    def route(
        pathname: Annotated[str, MaxChars(MAX_ADDRESS)] | None,
        search: Annotated[str, MaxChars(MAX_ADDRESS)] | None,
    ) -> tuple[object, str]:
        if pathname is None:
            raise PreventUpdate
        page = page_set.resolve(context.page_path(pathname))
        frames = context.snapshot().frames
        title = page_title(page, frames.info.title if frames is not None else None, context.lang)
        return draw_page(page, context, query_mapping(search), path=pathname), title


__all__ = ["PageSet", "discover_pages", "referring_location", "register_router", "router"]
