"""What every page and shared callback of the dashboard is given: never a global."""

from __future__ import annotations

import json
from dataclasses import dataclass

import dash

from veikart.app.paths import page_path
from veikart.app.source import RoadmapSource, Snapshot
from veikart.i18n import Lang


@dataclass(frozen=True)
class AppContext:
    """The app, the roadmap source (passed explicitly, never found through the app) and the language."""

    app: dash.Dash
    source: RoadmapSource
    lang: Lang
    nav_paths: tuple[str, ...] = ()
    """The paths of the pages in the navigation, in order (built from the registered pages)."""

    @property
    def public(self) -> bool:
        """The dashboard shows the public roadmap (`--public`): no internal item, no note."""
        return self.source.public

    def snapshot(self) -> Snapshot:
        return self.source.snapshot()

    @property
    def base_path(self) -> str:
        """Where the dashboard lives on its host: "/" or e.g. "/veikart/" (`veikart.app.paths`)."""
        return self.app.config.requests_pathname_prefix or "/"

    def href(self, path: str) -> str:
        """The link to a page's `path` under the base path: "/faser" -> "/veikart/faser"."""
        return str(self.app.get_relative_path(path))

    def page_path(self, pathname: str | None) -> str | None:
        """The page's path of an address ("/veikart/faser" -> "/faser"); None when outside the base path."""
        return page_path(pathname, self.base_path)

    def url_state(self, search: str, shared: str, history: str = "") -> str:
        """A page's URL state for the shell: its own query for the address bar, and the
        filters the other pages share for the navigation links (JSON, links under the base
        path).

        `history` ('baseline=…&asof=…', `history_choice.Shown.query`) is added to both: every
        page shows the same version and comparison."""
        if history:
            search = f"{search}&{history}" if search else f"?{history}"
            shared = f"{shared}&{history}" if shared else f"?{history}"
        paths = [self.href(path) for path in self.nav_paths]
        return json.dumps({"search": search, "shared": shared, "paths": paths})
