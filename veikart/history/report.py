"""A comparison of two roadmap versions, as data: the two sides and the attributed changes."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from veikart.history.attribution import AttributedChange
from veikart.history.changes import Summary, summarise
from veikart.history.git import Commit
from veikart.roadmap.model import Roadmap


def names_of(*roadmaps: Roadmap) -> tuple[dict[str, str], dict[str, str]]:
    """(phase names, service names) by id; the later roadmap's name wins."""
    phases: dict[str, str] = {}
    services: dict[str, str] = {}
    for roadmap in roadmaps:
        phases.update((p.id, p.name) for p in roadmap.phases)
        services.update((s.id, s.name) for s in roadmap.services)
    return phases, services


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a commit, the working tree or another path."""

    path: str
    """The roadmap's file or directory, as shown."""
    rev: str | None = None
    """The revision as given (a tag, a branch, a commit id); None for files on disk."""
    commit: Commit | None = None

    @property
    def on_disk(self) -> bool:
        return self.commit is None

    def as_json(self) -> dict[str, Any]:
        return {
            "rev": self.rev,
            "commit": self.commit.sha if self.commit else None,
            "date": self.commit.date.isoformat() if self.commit else None,
            "path": self.path,
        }


@dataclass(frozen=True)
class DiffReport:
    before: Side
    after: Side
    changes: tuple[AttributedChange, ...]
    phase_names: Mapping[str, str] = field(default_factory=dict, compare=False)
    """Phase ids to names, from both roadmaps, for reports that show names."""
    service_names: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def summary(self) -> Summary:
        return summarise(a.change for a in self.changes)

    def as_json(self) -> dict[str, Any]:
        """The report as JSON values: {"from", "to", "summary", "changes"}."""
        return {
            "from": self.before.as_json(),
            "to": self.after.as_json(),
            "summary": dataclasses.asdict(self.summary),
            "changes": [change_json(a) for a in self.changes],
        }


def change_json(attributed: AttributedChange) -> dict[str, Any]:
    change = attributed.change
    out: dict[str, Any] = {
        "kind": change.kind,
        "item": change.item,
        "id": change.id,
        "title": change.title,
        "service": change.service,
        "before": change.before,
        "after": change.after,
    }
    if change.kind == "moved":
        out["shift_quarters"] = change.shift_quarters
        out["start_shift_quarters"] = change.start_shift_quarters
    out["commit"] = attributed.commit.as_json() if attributed.commit else None
    out["uncommitted"] = attributed.uncommitted
    return out


__all__ = ["DiffReport", "Side", "change_json", "names_of"]
