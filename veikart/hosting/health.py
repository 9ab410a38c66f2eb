"""`/healthz`: 200 with the roadmap's date and size once it has loaded, 503 until then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import flask

HEALTH_PATH = "healthz"


@dataclass(frozen=True)
class RoadmapHealth:
    """What the health check reports about the roadmap being shown."""

    updated: dt.date | None
    deliverables: int
    has_errors: bool = False
    """The files have errors now; the last valid version is still being shown."""
    watcher_problem: str | None = None
    """Why the reload watcher is stopped or failing (edits would not be shown); None when fine."""


HealthProbe = Callable[[], RoadmapHealth | None]
"""Returns None while no valid roadmap has ever loaded."""


def health_payload(health: RoadmapHealth | None) -> tuple[dict[str, object], int]:
    """The JSON body and status code of /healthz."""
    if health is None:
        return {"status": "unavailable", "reason": "the roadmap has not loaded"}, 503
    if health.watcher_problem:
        return {"status": "failing", "reason": health.watcher_problem}, 503
    return {
        "status": "ok",
        "updated": health.updated.isoformat() if health.updated else None,
        "deliverables": health.deliverables,
        "current_files_valid": not health.has_errors,
    }, 200


def add_health_route(server: flask.Flask, probe: HealthProbe, prefix: str = "/") -> None:
    """Answer GET `prefix`healthz from `probe` (cheap: it reads what the app already holds)."""

    def healthz() -> flask.Response:
        try:
            health = probe()
        except Exception:  # a probe failure must read as 'unhealthy', not as a crash page
            server.logger.exception("health probe failed")
            health = None
        body, status = health_payload(health)
        response = flask.jsonify(body)
        response.status_code = status
        return response

    server.add_url_rule(f"{prefix}{HEALTH_PATH}", endpoint="veikart_healthz", view_func=healthz)
