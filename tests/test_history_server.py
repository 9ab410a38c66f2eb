"""History on the production server: several gunicorn workers, each with its own caches,
on a checkout nothing writes to, following new commits and tags by itself."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest
from history_repo import board_history
from hosting_server import get, production_server

from veikart.app.source import POLL_SECONDS

pytestmark = pytest.mark.server

BASE = "styremote-2023-01"
WINDOW = 4 * POLL_SECONDS
"""Every answer over this long must agree: one busy worker must not hide behind the others."""


def layout(base: str, query: str) -> str:
    status, _, body = get(base + "/_dash-layout", headers={"Referer": f"{base}/tidslinje{query}"})
    assert status == 200
    return body.decode("utf-8")


def git_fingerprint(git_dir: Path) -> str:
    digest = hashlib.sha1()
    for folder, _, files in sorted(os.walk(git_dir)):
        for name in sorted(files):
            path = Path(folder) / name
            info = path.stat()
            digest.update(f"{path}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()


def every_answer(check, deadline_seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + deadline_seconds
    since = None
    while since is None or time.monotonic() - since < WINDOW:
        assert time.monotonic() < deadline, "not every worker followed"
        since = (since or time.monotonic()) if check() else None


def test_workers_compare_follow_new_tags_and_write_nothing(tmp_path: Path) -> None:
    repo, _ = board_history(tmp_path / "repo")
    fingerprint = git_fingerprint(repo.root / ".git")
    with production_server(repo.root / "roadmap", workers=3) as base:
        summary = f"Siden {BASE}: 1 forsinket, 1 fremskyndet, 1 ny, 1 fjernet, 1 endret status"
        answers = [layout(base, f"?baseline={BASE}") for _ in range(9)]
        assert all(summary in answer for answer in answers)
        hostile = layout(base, "?baseline=--output%3D%2Ftmp%2Fx")
        assert "er ikke en tag, en gren eller en commit-id" in hostile
        assert git_fingerprint(repo.root / ".git") == fingerprint  # nothing written by reading

        # A planner commits and tags; every worker lists the tag and compares with it.
        repo.edit("roadmap/kj.yaml", "    end: 2023-Q4", "    end: 2024-Q2")
        repo.commit("KJ: kritisk informasjon to kvartaler senere", "2023-04-01")
        repo.tag("styremote-2023-04")
        after_commit = git_fingerprint(repo.root / ".git")
        every_answer(lambda: "styremote-2023-04" in layout(base, ""))
        every_answer(
            lambda: "Siden styremote-2023-04: ingen endringer" in layout(base, "?baseline=styremote-2023-04")
        )
        assert git_fingerprint(repo.root / ".git") == after_commit
