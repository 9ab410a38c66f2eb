"""Build the Dash app for a roadmap path: shell, router, pages, shared callbacks."""

from __future__ import annotations

import html as html_text
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dash
import flask
from dash import html
from dash.development.base_component import Component
from werkzeug.wrappers import Response as WerkzeugResponse

from veikart.app.context import AppContext
from veikart.app.download import register_download_callbacks
from veikart.app.history_bar import register_history_callbacks
from veikart.app.page import draw_page, has_history, page_title
from veikart.app.paths import page_path
from veikart.app.plotly_bundle import plotly_meta_tags
from veikart.app.router import PageSet, discover_pages, register_router
from veikart.app.shell import register_shell_callbacks, shell_layout
from veikart.app.source import RoadmapSource
from veikart.i18n import DEFAULT_LANG, Lang, t
from veikart.roadmap.public import public_setting

ASSETS = Path(__file__).resolve().parent.parent / "assets"
"""CSS and client-side JS, shipped inside the package so an installed veikart serves them."""

INDEX = """<!DOCTYPE html>
<html lang="{lang}">
    <head>
        {{%metas%}}
        <title>{{%title%}}</title>
        {{%favicon%}}
        <script src="{early_script}"></script>
        <!--veikart-preloads-->
        {{%css%}}
    </head>
    <body>
        {{%app_entry%}}
        <footer>
            {{%config%}}
            {{%scripts%}}
            {{%renderer%}}
        </footer>
    </body>
</html>
"""
"""Dash's page, with the language of the UI on <html> (screen readers pick their voice from it)
and the script that starts loading plotly.js in the <head> (see assets/05-plotly-early.js)."""
EARLY_SCRIPT = "05-plotly-early.js"


PRELOADS_MARK = "<!--veikart-preloads-->"


class DashboardApp(dash.Dash):
    """Dash with a <title> per page ("Tidslinje – Veikart for …") and early requests in its HTML.

    The page's <head> asks at once for what the page will need after its scripts have
    run: the layout and callbacks (`_dash-layout` draws the page itself, see `router`)
    and the lazily loaded component code the page uses (`Page.preload`). The browser
    then fetches them while it loads the scripts, instead of after.
    """

    def __init__(
        self,
        *args: Any,
        title_for_path: Callable[[str], str],
        preload_for_path: Callable[[str], tuple[str, ...]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._title_for_path = title_for_path
        self._preload_for_path = preload_for_path

    def interpolate_index(self, *args: Any, **kwargs: Any) -> str:
        # Dash passes its parts (metas, title, css, ...) by name; a newer Dash may add one.
        page: str
        if not flask.has_request_context():
            page = super().interpolate_index(*args, **kwargs)
            return page
        path = flask.request.path
        # Dash writes the title into the page unescaped; the roadmap's title is YAML text.
        kwargs["title"] = html_text.escape(self._title_for_path(path))
        page = super().interpolate_index(*args, **kwargs)
        prefix = self.config.requests_pathname_prefix or "/"
        links = [
            f'<link rel="preload" href="{prefix}{endpoint}" as="fetch" crossorigin="anonymous">'
            for endpoint in ("_dash-layout", "_dash-dependencies")
        ]
        links += [
            f'<link rel="preload" href="{prefix}_dash-component-suites/{chunk}" as="script">'
            for chunk in self._preload_for_path(path)
        ]
        return page.replace(PRELOADS_MARK, "\n        ".join(links), 1)


@dataclass(frozen=True)
class Dashboard:
    """The Dash app and the roadmap source it shows, for serving, hosting and tests."""

    app: dash.Dash
    source: RoadmapSource


def create_app(
    path: Path | str,
    lang: Lang = DEFAULT_LANG,
    *,
    watch: bool = True,
    public: bool = False,
    base_path: str = "/",
) -> dash.Dash:
    """The Dash app of `create_dashboard`; `app.server` is the WSGI application."""
    return create_dashboard(path, lang, watch=watch, public=public, base_path=base_path).app


def create_dashboard(
    path: Path | str,
    lang: Lang = DEFAULT_LANG,
    *,
    watch: bool = True,
    pages: PageSet | None = None,
    public: bool = False,
    base_path: str = "/",
) -> Dashboard:
    """The dashboard for the roadmap at `path` (raises RoadmapPathError when it cannot be read).

    The roadmap is loaded once here; a watcher thread reloads it when its files change
    (`watch=False` for tests that call `source.check()` themselves). `pages` defaults to
    the modules in `veikart/app/pages/`. `public` (or VEIKART_PUBLIC) shows the public
    roadmap only (`public_roadmap`: no internal item, no note, problems without their text).
    `base_path` ("/veikart/", with both slashes) is where the dashboard lives on its host
    (`veikart.app.paths`).
    """
    # VEIKART_PUBLIC makes any dashboard public, however it is made (serve, wsgi, a test).
    source = RoadmapSource(path, lang, watch=watch, public=public_setting(public))
    page_set = pages or discover_pages()

    def title_for_path(request_path: str) -> str:
        frames = source.snapshot().frames
        page = page_set.resolve(page_path(request_path, base_path))
        return page_title(page, frames.info.title if frames is not None else None, lang)

    def preload_for_path(request_path: str) -> tuple[str, ...]:
        page = page_set.resolve(page_path(request_path, base_path))
        return tuple(getattr(page, "preload", ()))

    app = DashboardApp(
        __name__,
        title_for_path=title_for_path,
        preload_for_path=preload_for_path,
        assets_folder=str(ASSETS),
        # Both prefixes, the server's routes and the browser's requests, are the base path:
        # the proxy passes the path on unchanged. Given explicitly, Dash's DASH_*_PATHNAME*
        # variables cannot change them (the settings refuse those variables).
        url_base_pathname=base_path,
        # Vendored files are served on request, not put on every page (see plotly_bundle);
        # the early script goes into the <head> (INDEX), not after the components.
        assets_ignore=r"^(plotly-basic-.*|05-plotly-early)\.js$",
        title=t("app.title", lang),
        update_title=None,
        serve_locally=True,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            *plotly_meta_tags(),
        ],
    )
    early = ASSETS / EARLY_SCRIPT
    app.index_string = INDEX.format(
        lang=lang, early_script=f"{app.get_asset_url(EARLY_SCRIPT)}?m={early.stat().st_mtime_ns}"
    )
    context = AppContext(
        app=app, source=source, lang=lang, nav_paths=tuple(p.path for p in page_set.navigation)
    )
    for page in page_set.pages:
        page.register(context)
    app.layout = lambda: shell_layout(context, page_set)
    # Dash's own annotation of the attribute is its initial value, None.
    app.validation_layout = validation_layout(context, page_set)  # type: ignore[assignment]
    register_router(context, page_set)
    register_shell_callbacks(context, page_set)
    register_download_callbacks(context)
    register_history_callbacks(context, [p.namespace for p in page_set.pages if has_history(p)])
    _vary_layout_by_referrer(app)
    if base_path != "/":
        _redirect_root(app.server, base_path)
    return Dashboard(app=app, source=source)


DATA_PROPS: dict[str, object] = {"figure": {}, "rowData": [], "options": [], "marks": None}
"""Props only the data fills: emptied in the validation layout, which needs ids and props."""


def validation_layout(context: AppContext, page_set: PageSet) -> html.Div:
    """Every component any page can draw, so Dash can check every callback against them.

    The pages draw a tiny built-in roadmap for it. Dash sends it with every page (and
    serialises it for every request of a page), so only what the check needs is kept:
    components with an id, and the components around them; no data, no text.
    """
    layout = html.Div(
        [
            shell_layout(context, page_set, validating=True),
            *[draw_page(page, context, {}, validating=True) for page in page_set.pages],
        ]
    )
    _keep_ids_only(layout)
    return layout


def _keep_ids_only(component: Component) -> bool:
    """Empty the data props and drop every child holding no id; True when an id is left."""
    for prop, empty in DATA_PROPS.items():
        if getattr(component, prop, None) is not None:
            setattr(component, prop, empty)
    children = getattr(component, "children", None)
    if isinstance(children, Component):
        children = [children]
    if isinstance(children, list | tuple):
        kept = [child for child in children if isinstance(child, Component) and _keep_ids_only(child)]
        component.children = kept
        return bool(kept) or getattr(component, "id", None) is not None
    if children is not None and not isinstance(children, Component):
        component.children = None
    return getattr(component, "id", None) is not None


def _redirect_root(server: flask.Flask, base_path: str) -> None:
    """Send a reader who asks the server for "/" to the dashboard under its base path.

    Only "/" itself: every other address outside the base path stays a 404.
    """

    def to_base_path() -> WerkzeugResponse:
        return flask.redirect(base_path, code=302)

    server.add_url_rule("/", endpoint="veikart_root_redirect", view_func=to_base_path)


def _vary_layout_by_referrer(app: dash.Dash) -> None:
    """The layout holds the page that asked for it (see `router`): caches must key on that."""
    layout_path = f"{app.config.routes_pathname_prefix or '/'}_dash-layout"
    server: flask.Flask = app.server

    @server.after_request
    def vary(response: flask.Response) -> flask.Response:
        if flask.request.path == layout_path:
            response.vary.add("Referer")
        return response
