"""`/healthz` for load balancers and monitors.

- `GET /healthz` (liveness): 200 once a valid roadmap has loaded, with its date and size;
  503 until then, and 503 when the watcher that reloads the files has stopped or keeps
  failing (this process would never show an edit again: restart it). When the files turn
  invalid the last valid version is still shown, so this stays 200 and says
  `current_files_valid: false`.
- `GET /healthz?strict` (readiness): also 503 while the current files are invalid: this
  instance is not showing what is in git.

The roadmap source is read through `HealthSource`: its snapshot and its watcher's state
(`veikart.app.source.RoadmapSource` is one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import flask

if TYPE_CHECKING:  # the frames' type only: /healthz itself needs no pandas
    from veikart.frames import RoadmapFrames

HEALTH_PATH = "healthz"


class SnapshotLike(Protocol):
    @property
    def frames(self) -> RoadmapFrames | None: ...

    @property
    def problems(self) -> Sequence[object]: ...


class WatcherLike(Protocol):
    def reason(self) -> str | None: ...


class HealthSource(Protocol):
    """What /healthz needs of the roadmap source (veikart.app.source.RoadmapSource)."""

    def snapshot(self) -> SnapshotLike: ...

    def watcher(self) -> WatcherLike: ...


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


def roadmap_probe(source: HealthSource) -> HealthProbe:
    """A health probe reading the source's current snapshot (no file access)."""

    def probe() -> RoadmapHealth | None:
        snapshot = source.snapshot()
        frames = snapshot.frames
        if frames is None:
            return None
        return RoadmapHealth(
            updated=frames.info.updated,
            deliverables=len(frames.deliverables),
            has_errors=bool(snapshot.problems),
            watcher_problem=source.watcher().reason(),
        )

    return probe


def health_payload(health: RoadmapHealth | None, strict: bool = False) -> tuple[dict[str, object], int]:
    """The JSON body and status code of /healthz (and /healthz?strict)."""
    if health is None:
        return {"status": "unavailable", "reason": "the roadmap has not loaded"}, 503
    body: dict[str, object] = {
        "status": "ok",
        "updated": health.updated.isoformat() if health.updated else None,
        "deliverables": health.deliverables,
        "current_files_valid": not health.has_errors,
        "watcher": "failing" if health.watcher_problem else "running",
    }
    if health.watcher_problem:
        return {**body, "status": "failing", "reason": health.watcher_problem}, 503
    if strict and health.has_errors:
        return {**body, "status": "not ready", "reason": "the current files are invalid"}, 503
    return body, 200


def add_health_route(server: flask.Flask, probe: HealthProbe, prefix: str = "/") -> None:
    """Answer GET `prefix`healthz from `probe` (cheap: it reads what the app already holds)."""

    def healthz() -> flask.Response:
        try:
            health = probe()
        except Exception:  # a probe failure must read as 'unhealthy', not as a crash page
            server.logger.exception("health probe failed")
            health = None
        body, status = health_payload(health, strict="strict" in flask.request.args)
        response = flask.jsonify(body)
        response.status_code = status
        return response

    server.add_url_rule(f"{prefix}{HEALTH_PATH}", endpoint="veikart_healthz", view_func=healthz)
