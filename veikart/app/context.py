"""What every page and shared callback of the dashboard is given: never a global."""

from __future__ import annotations

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

    def snapshot(self) -> Snapshot:
        return self.source.snapshot()
