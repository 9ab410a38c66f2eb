"""The digest of a roadmap since a revision: the one way from git to a `Document`.

The command (`veikart digest`) and the dashboard's page both call `digest_since` with
the roadmap they already hold and a `RoadmapHistory`; every version read from git is
cached by commit id (see `veikart.history`), so a page asking again reads nothing.
"""

from __future__ import annotations

import datetime as dt

from veikart.digest.content import DEFAULT_HORIZON, build_digest
from veikart.digest.sections import Document, digest_document
from veikart.history import RoadmapHistory
from veikart.i18n import Lang
from veikart.roadmap import LoadResult
from veikart.roadmap.public import public_roadmap


def digest_since(
    history: RoadmapHistory,
    current: LoadResult,
    since: str,
    *,
    today: dt.date,
    horizon: int = DEFAULT_HORIZON,
    lang: Lang = "nb",
    public: bool = False,
) -> Document:
    """The digest of the valid roadmap `current` (the working tree's) compared with `since`.

    With `public` both versions are compared as their public outputs (`public_roadmap`),
    so no internal item is added, removed or moved, and commit subjects are left out.
    Raises the history's errors (HistoryError: no git, an unknown or refused revision;
    InvalidVersion: the version at `since` has errors), and ValueError for a horizon
    outside 1..MAX_HORIZON.
    """
    if current.roadmap is None:
        raise ValueError("the digest needs a valid roadmap")
    report = history.compare(since, worktree=current, view=public_roadmap if public else None)
    baseline = None
    if not public and report.before.commit is not None:
        baseline = history.valid_roadmap_at(report.before.commit.sha, since)
    roadmap = public_roadmap(current.roadmap) if public else current.roadmap
    content = build_digest(
        roadmap, report, today=today, horizon=horizon, lang=lang, public=public, baseline=baseline
    )
    return digest_document(content)


__all__ = ["digest_since"]
