"""What every page and shared callback of the dashboard is given: never a global."""

from __future__ import annotations

import json
from dataclasses import dataclass

import dash

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

    def url_state(self, search: str, shared: str, history: str = "") -> str:
        """A page's URL state for the shell: its own query for the address bar, and the
        filters the other pages share for the navigation links (JSON).

        `history` ('baseline=…&asof=…', `history_choice.Shown.query`) is added to both: every
        page shows the same version and comparison."""
        if history:
            search = f"{search}&{history}" if search else f"?{history}"
            shared = f"{shared}&{history}" if shared else f"?{history}"
        return json.dumps({"search": search, "shared": shared, "paths": list(self.nav_paths)})
