"""The dashboard made ready for production, and the checks done before gunicorn starts."""

from __future__ import annotations

import logging

import dash

from veikart.hosting.auth import read_users
from veikart.hosting.gunicorn_server import run_gunicorn
from veikart.hosting.health import roadmap_probe
from veikart.hosting.logs import configure_logging
from veikart.hosting.production import harden, scrub_environment
from veikart.hosting.settings import Settings
from veikart.roadmap.load import RoadmapPathError, find_files

log = logging.getLogger("veikart.hosting")


class StartProblem(Exception):
    """The server cannot start with these settings; the message says why."""


def production_app(settings: Settings) -> dash.Dash:
    """The dashboard for `settings.data`, with dev tools locked and the HTTP hardening on."""
    configure_logging(settings.log_format)
    scrub_environment()  # before the app exists: Dash reads DASH_* when it is created
    from veikart.app.factory import create_dashboard  # the dashboard imports plotly, pandas: only here

    dashboard = create_dashboard(
        settings.data, settings.lang, public=settings.public, base_path=settings.base_path
    )
    configure_logging(settings.log_format, dashboard.app.server)
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
    configure_logging(settings.log_format)
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    log.info(
        "serving %s%s in production mode at http://%s:%d%s with %d worker(s)",
        "the public view of " if settings.public else "",
        settings.data,
        host,
        settings.port,
        settings.base_path,
        settings.worker_count,
    )
    scrub_environment()  # workers inherit the environment of the master
    run_gunicorn(lambda: production_app(settings).server, settings)
