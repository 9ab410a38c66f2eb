"""The roadmap's history in git: versions, what changed between them, and when.

Reads git through the `git` command, read-only and offline (see `git`); imports only the
standard library, PyYAML and `veikart.roadmap`, so `veikart validate --stale` stays light.

    RoadmapHistory(path)            # the roadmap at path in its work tree
      .revisions()                  # tags, then recent commits: a selector's entries
      .roadmap_at(commit)           # LoadResult, checked by the loader, cached by commit id
      .compare(from_rev, to_rev)    # DiffReport: changes, each with the commit that made it
      .last_changed(item_id)        # LastChange(date, commit) or None
    roadmap_changes(before, after)  # the pure diff of two Roadmap models
    render(report, "text" | "markdown" | "json", lang)
"""

from veikart.history.attribution import AttributedChange
from veikart.history.changes import Change, roadmap_changes, summarise
from veikart.history.git import (
    GitMissing,
    HistoryError,
    MissingPath,
    NotAWorkTree,
    UnknownRevision,
    UnsafeRevision,
    check_revision,
)
from veikart.history.render import render
from veikart.history.report import DiffReport, Side
from veikart.history.repository import (
    InvalidVersion,
    LastChange,
    Revision,
    RoadmapHistory,
    compare_paths,
)

__all__ = [
    "AttributedChange",
    "Change",
    "DiffReport",
    "GitMissing",
    "HistoryError",
    "InvalidVersion",
    "LastChange",
    "MissingPath",
    "NotAWorkTree",
    "Revision",
    "RoadmapHistory",
    "Side",
    "UnknownRevision",
    "UnsafeRevision",
    "check_revision",
    "compare_paths",
    "render",
    "roadmap_changes",
    "summarise",
]
