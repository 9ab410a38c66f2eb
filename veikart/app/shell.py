"""The frame around every page: header with navigation, problems banner, router, shared stores.

The shell also owns the shared callbacks: the version poll (live reload), the banner and
header that follow it, the browser tab's title, and writing a page's state into the
address bar. The navigation is built from the registered pages.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from veikart.app import ids
from veikart.app.components import attributes, problems_banner, warnings_banner
from veikart.app.context import AppContext
from veikart.app.history_bar import stale_banner
from veikart.app.inputs import checked
from veikart.app.page import page_title
from veikart.app.router import PageSet, router
from veikart.app.source import Snapshot
from veikart.i18n import Lang, long_date, t

POLL_MS = 2000
"""How often a page asks whether the roadmap changed (the issue asks for at most 5 s)."""


def header_texts(snapshot: Snapshot, lang: Lang) -> tuple[str, str, str]:
    """Title, subtitle and "Oppdatert <date>" of the roadmap (or the app's name)."""
    frames = snapshot.frames
    if frames is None:
        return t("app.title", lang), "", ""
    info = frames.info
    updated = t("updated", lang, date=long_date(info.updated, lang)) if info.updated else ""
    return info.title, info.subtitle or "", updated


def header(context: AppContext, snapshot: Snapshot, page_set: PageSet) -> html.Header:
    lang = context.lang
    title, subtitle, updated = header_texts(snapshot, lang)
    nav = dbc.Nav(
        [
            dbc.NavItem(
                dbc.NavLink(
                    t(page.nav_key, lang),
                    href=context.href(page.path),
                    id=ids.nav_link(page.path),
                    class_name="vk-nav-link",
                )
            )
            for page in page_set.navigation
            if page.nav_key is not None
        ],
        id=ids.NAV,
        pills=True,
        class_name="vk-nav",
        navbar=True,
    )
    return html.Header(
        dbc.Container(
            [
                html.Div(
                    [
                        html.H1(title, id=ids.HEADER_TITLE, className="vk-title"),
                        html.Div(
                            [
                                html.Span(subtitle, id=ids.HEADER_SUBTITLE, className="vk-subtitle"),
                                html.Span(updated, id=ids.HEADER_UPDATED, className="vk-updated"),
                            ],
                            className="vk-subline",
                        ),
                    ],
                    className="vk-heading",
                ),
                html.Nav(nav, **attributes(aria_label=t("nav.label", lang))),
            ],
            fluid=True,
            class_name="vk-header-inner",
        ),
        className="vk-header",
    )


def nav_paths(context: AppContext, page_set: PageSet) -> dict[str, object]:
    """The navigation's links and the aliases of pages, as the browser's addresses have them
    (under the base path), for marking the current page's link (assets/20-veikart.js)."""
    return {
        "paths": [context.href(page.path) for page in page_set.navigation],
        "aliases": {context.href(alias): context.href(path) for alias, path in page_set.aliases.items()},
    }


def shell_layout(context: AppContext, page_set: PageSet, *, validating: bool = False) -> html.Div:
    """The layout of every page; evaluated per page load, so it shows the current roadmap.

    The page itself is drawn in when the layout request tells which page asked for it
    (see `router.router`); for Dash's validation layout the router stays empty.
    """
    snapshot = context.snapshot()
    lang = context.lang
    routed = (
        [dcc.Location(id=ids.LOCATION, refresh="callback-nav"), html.Div(id=ids.CONTENT)]
        if validating
        else router(context, page_set)
    )
    return html.Div(
        [
            dcc.Store(id=ids.VERSION, data=snapshot.version),
            dcc.Store(id=ids.PAGE_TITLE),
            dcc.Store(
                id=ids.NAV_PATHS,
                data=nav_paths(context, page_set),
            ),
            dcc.Interval(id=ids.POLL, interval=POLL_MS),
            dcc.Store(id=ids.URL_SYNC_DONE),
            html.Div(id=ids.RELOAD, hidden=True),
            html.Div(id=ids.TITLE_DONE, hidden=True),
            header(context, snapshot, page_set),
            html.Main(
                dbc.Container(
                    [
                        html.Div(problems_banner(snapshot, lang), id=ids.PROBLEMS, role="alert"),
                        html.Div(warnings_banner(snapshot, lang), id=ids.WARNINGS),
                        html.Div(stale_banner(snapshot, lang), id=ids.STALE),
                        *routed,
                    ],
                    fluid=True,
                    class_name="vk-main",
                ),
            ),
        ],
        className="vk-app",
    )


def register_shell_callbacks(context: AppContext, page_set: PageSet) -> None:
    app = context.app
    lang = context.lang

    @app.callback(
        Output(ids.VERSION, "data"),
        Output({"type": ids.PAGE_VERSION, "page": ALL}, "value"),
        Input(ids.POLL, "n_intervals"),
        State(ids.VERSION, "data"),
        prevent_initial_call=True,
    )
    @checked
    def poll(_n: int | None, known: str | None) -> tuple[str, list[str]]:
        # Reads the in-memory snapshot only: the watcher thread does the file work.
        version = context.snapshot().version
        if version == known:
            raise PreventUpdate
        return version, [version] * len(ctx.outputs_list[1])

    @app.callback(
        Output(ids.PROBLEMS, "children"),
        Output(ids.WARNINGS, "children"),
        Output(ids.STALE, "children"),
        Output(ids.HEADER_TITLE, "children"),
        Output(ids.HEADER_SUBTITLE, "children"),
        Output(ids.HEADER_UPDATED, "children"),
        Output(ids.PAGE_TITLE, "data", allow_duplicate=True),
        Input(ids.VERSION, "data"),
        State(ids.LOCATION, "pathname"),
        prevent_initial_call=True,
    )
    @checked
    def follow_version(_version: str | None, pathname: str | None) -> tuple[object, ...]:
        snapshot = context.snapshot()
        page = page_set.resolve(context.page_path(pathname or context.base_path))
        frames = snapshot.frames
        title = page_title(page, frames.info.title if frames is not None else None, lang)
        return (
            problems_banner(snapshot, lang),
            warnings_banner(snapshot, lang),
            stale_banner(snapshot, lang),
            *header_texts(snapshot, lang),
            title,
        )

    nav_paths = [page.path for page in page_set.navigation]
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="syncUrl"),
        Output(ids.URL_SYNC_DONE, "data"),
        *[Output(ids.nav_link(path), "href") for path in nav_paths],
        Input({"type": ids.URL_STATE, "page": ALL}, "value"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="activeNav"),
        *[Output(ids.nav_link(path), "active") for path in nav_paths],
        Input(ids.LOCATION, "pathname"),
        State(ids.NAV_PATHS, "data"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="setTitle"),
        Output(ids.TITLE_DONE, "children"),
        Input(ids.PAGE_TITLE, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="reloadIfEmpty"),
        Output(ids.RELOAD, "children"),
        Input(ids.VERSION, "data"),
        prevent_initial_call=True,
    )
