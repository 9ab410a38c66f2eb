"""Build the Dash app for a roadmap path: shell, pages, shared callbacks."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path

import dash
from dash import State

from veikart.app import pages
from veikart.app.context import AppContext
from veikart.app.download import register_download_callbacks
from veikart.app.plotly_bundle import plotly_meta_tags
from veikart.app.shell import register_shell_callbacks, shell_layout
from veikart.app.source import RoadmapSource
from veikart.i18n import DEFAULT_LANG, Lang, t

ASSETS = Path(__file__).resolve().parent.parent / "assets"
"""CSS and client-side JS, shipped inside the package so an installed veikart serves them."""


def page_modules() -> list[str]:
    """Names of the page modules: every module in `veikart.app.pages` with a `register`."""
    return sorted(
        f"{pages.__name__}.{info.name}"
        for info in pkgutil.iter_modules(pages.__path__)
        if not info.name.startswith("_")
    )


@dataclass(frozen=True)
class Dashboard:
    """The Dash app and the roadmap source it shows, for serving, hosting and tests."""

    app: dash.Dash
    source: RoadmapSource


def create_app(path: Path | str, lang: Lang = DEFAULT_LANG, *, watch: bool = True) -> dash.Dash:
    """The Dash app of `create_dashboard`; `app.server` is the WSGI application."""
    return create_dashboard(path, lang, watch=watch).app


def create_dashboard(path: Path | str, lang: Lang = DEFAULT_LANG, *, watch: bool = True) -> Dashboard:
    """The dashboard for the roadmap at `path` (raises RoadmapPathError when it cannot be read).

    The roadmap is loaded once here; a watcher thread reloads it when its files change
    (`watch=False` for tests that call `source.check()` themselves).
    """
    source = RoadmapSource(path, lang, watch=watch)
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ASSETS),
        # Vendored files are served on request, not put on every page (see plotly_bundle).
        assets_ignore=r"^plotly-basic-.*\.js$",
        title=t("app.title", lang),
        update_title=None,
        serve_locally=True,
        # The router hands the path to layout functions (for the "not found" page).
        routing_callback_inputs={"path": State("_pages_location", "pathname")},
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            *plotly_meta_tags(),
        ],
    )
    context = AppContext(app=app, source=source, lang=lang)
    for name in page_modules():
        module = importlib.import_module(name)
        register = getattr(module, "register", None)
        if register is not None:
            register(context)
    app.layout = lambda: shell_layout(context)
    register_shell_callbacks(context)
    register_download_callbacks(context)
    return Dashboard(app=app, source=source)
