"""The frame around every page: header with navigation, problems banner, shared stores.

The shell also owns the shared callbacks: the version poll (live reload), the banner and
header that follow it, and writing a page's state into the address bar.
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from veikart.app import ids
from veikart.app.components import problems_banner
from veikart.app.context import AppContext
from veikart.app.source import Snapshot
from veikart.i18n import Lang, long_date, t

POLL_MS = 2000
"""How often a page asks whether the roadmap changed (the issue asks for at most 5 s)."""
NAV_PAGES: tuple[tuple[str, str], ...] = (
    ("/tidslinje", "nav.timeline"),
    ("/faser", "nav.phases"),
    ("/tabell", "nav.table"),
)
"""Navigation links, in order: (path, text key). A page not registered yet shows "not found"."""


def header_texts(snapshot: Snapshot, lang: Lang) -> tuple[str, str, str]:
    """Title, subtitle and "Oppdatert <date>" of the roadmap (or the app's name)."""
    frames = snapshot.frames
    if frames is None:
        return t("app.title", lang), "", ""
    info = frames.info
    updated = t("updated", lang, date=long_date(info.updated, lang)) if info.updated else ""
    return info.title, info.subtitle or "", updated


def header(snapshot: Snapshot, lang: Lang) -> html.Header:
    title, subtitle, updated = header_texts(snapshot, lang)
    nav = dbc.Nav(
        [
            dbc.NavItem(dbc.NavLink(t(key, lang), href=path, id=ids.nav_link(path), class_name="vk-nav-link"))
            for path, key in NAV_PAGES
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
                html.Nav(nav, **{"aria-label": t("nav.label", lang)}),
            ],
            fluid=True,
            class_name="vk-header-inner",
        ),
        className="vk-header",
    )


def shell_layout(context: AppContext) -> html.Div:
    """The layout of every page; evaluated per page load, so it shows the current roadmap."""
    snapshot = context.snapshot()
    lang = context.lang
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.VERSION, data=snapshot.version),
            dcc.Interval(id=ids.POLL, interval=POLL_MS),
            dcc.Store(id=ids.URL_SYNC_DONE),
            html.Div(id=ids.RELOAD, hidden=True),
            header(snapshot, lang),
            html.Main(
                dbc.Container(
                    [
                        html.Div(problems_banner(snapshot, lang), id=ids.PROBLEMS, role="alert"),
                        dash.page_container,
                    ],
                    fluid=True,
                    class_name="vk-main",
                ),
            ),
        ],
        className="vk-app",
        lang=lang,
    )


def register_shell_callbacks(context: AppContext) -> None:
    app = context.app
    lang = context.lang

    @app.callback(
        Output(ids.VERSION, "data"),
        Output({"type": ids.PAGE_VERSION, "page": ALL}, "value"),
        Input(ids.POLL, "n_intervals"),
        State(ids.VERSION, "data"),
        prevent_initial_call=True,
    )
    def poll(_n: int | None, known: str | None):
        # Reads the in-memory snapshot only: the watcher thread does the file work.
        version = context.snapshot().version
        if version == known:
            raise PreventUpdate
        return version, [version] * len(ctx.outputs_list[1])

    @app.callback(
        Output(ids.PROBLEMS, "children"),
        Output(ids.HEADER_TITLE, "children"),
        Output(ids.HEADER_SUBTITLE, "children"),
        Output(ids.HEADER_UPDATED, "children"),
        Input(ids.VERSION, "data"),
        prevent_initial_call=True,
    )
    def follow_version(_version: str | None):
        snapshot = context.snapshot()
        return (problems_banner(snapshot, lang), *header_texts(snapshot, lang))

    nav_paths = [path for path, _ in NAV_PAGES]
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="syncUrl"),
        Output(ids.URL_SYNC_DONE, "data"),
        *[Output(ids.nav_link(path), "href") for path in nav_paths],
        Input({"type": ids.URL_STATE, "page": ALL}, "value"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="activeNav"),
        *[Output(ids.nav_link(path), "active") for path in nav_paths],
        Input(ids.URL, "pathname"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="veikart", function_name="reloadIfEmpty"),
        Output(ids.RELOAD, "children"),
        Input(ids.VERSION, "data"),
        prevent_initial_call=True,
    )
