"""The dashboard made ready for production, and the checks done before gunicorn starts."""

from __future__ import annotations

from typing import Protocol

import dash

from veikart.hosting.auth import read_users
from veikart.hosting.gunicorn_server import run_gunicorn
from veikart.hosting.health import HealthProbe, RoadmapHealth
from veikart.hosting.production import harden, scrub_environment
from veikart.hosting.settings import Settings
from veikart.roadmap.load import RoadmapPathError, find_files


class _Snapshot(Protocol):
    frames: object
    problems: tuple[object, ...]


class _Watcher(Protocol):
    def reason(self) -> str | None: ...


class _Source(Protocol):
    def snapshot(self) -> _Snapshot: ...

    def watcher(self) -> _Watcher: ...


class StartProblem(Exception):
    """The server cannot start with these settings; the message says why."""


def roadmap_probe(source: _Source) -> HealthProbe:
    """A health probe reading the source's current snapshot (no file access)."""

    def probe() -> RoadmapHealth | None:
        snapshot = source.snapshot()
        frames = snapshot.frames
        if frames is None:
            return None
        return RoadmapHealth(
            updated=frames.info.updated,  # type: ignore[attr-defined]
            deliverables=len(frames.deliverables),  # type: ignore[attr-defined]
            has_errors=bool(snapshot.problems),
            watcher_problem=source.watcher().reason(),
        )

    return probe


def production_app(settings: Settings) -> dash.Dash:
    """The dashboard for `settings.data`, with dev tools locked and the HTTP hardening on."""
    scrub_environment()  # before the app exists: Dash reads DASH_* when it is created
    from veikart.app.factory import create_dashboard  # the dashboard imports plotly, pandas: only here

    dashboard = create_dashboard(settings.data, settings.lang)
    return harden(dashboard.app, settings, roadmap_probe(dashboard.source))


def check_startable(settings: Settings) -> None:
    """Fail before forking workers when the data path or the users file cannot be used."""
    try:
        find_files(settings.data)
    except RoadmapPathError as exc:
        raise StartProblem(str(exc)) from None
    if settings.users is not None:
        try:
            read_users(settings.users)
        except ValueError as exc:
            raise StartProblem(str(exc)) from None


def serve_production(settings: Settings) -> None:
    """Run the dashboard under gunicorn until stopped."""
    check_startable(settings)
    scrub_environment()  # workers inherit the environment of the master
    run_gunicorn(lambda: production_app(settings).server, settings)
