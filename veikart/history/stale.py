"""Warnings about a roadmap that has not been kept up to date (`veikart validate --stale`).

The contract's time-dependent checks, each a pure function of the roadmap, `today` and,
for two of them, dates from git:

- a deliverable whose end (or `at`) is before today and whose status is still
  `planning` or `establishing` (`past_end`);
- `roadmap.updated` more than STALE_DAYS days before today (`updated_too_old`), or older
  than the newest change to the roadmap's files in git (`updated_behind_git`);
- a service whose `health` has not changed in git for more than STALE_DAYS days
  (`health_unchanged`).

`stale_check` gathers the dates from git (`RoadmapHistory`) and the places to point at
(FILE:LINE:COL of the `end`, `updated` or `health` written in the working tree). Without
git, the git checks are skipped and `StaleCheck.note` says so, once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veikart.history.changes import SERVICE, facet
from veikart.history.git import Commit, HistoryError
from veikart.i18n import Lang, t
from veikart.roadmap.load import LoadResult
from veikart.roadmap.model import Deliverable, Roadmap
from veikart.roadmap.problems import Location, Problem, Problems, Severity
from veikart.roadmap.yamlsource import LocList, LocMap, parse_yaml

STALE_DAYS = 120
"""Days after which `roadmap.updated` and a service's traffic lights count as stale."""
OPEN_STATUSES = ("planning", "establishing")

Locate = Callable[[str, str | None, str, Location | None], Location | None]
"""(section, item id or None for `roadmap`, key, fallback) -> where the key's value is written."""


def _warning(where: Location, message: str) -> Problem:
    return Problem(where, Severity.WARNING, message)


def _written(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def overdue(roadmap: Roadmap, today: dt.date) -> list[Deliverable]:
    """Deliverables whose end (or `at`) is before today and that are still planned or being
    established: the ones whose status or dates need updating."""
    return [d for d in roadmap.deliverables if d.end < today and d.status in OPEN_STATUSES]


def past_end(roadmap: Roadmap, today: dt.date, locate: Locate, lang: Lang = "en") -> list[Problem]:
    """Deliverables due before today that are still planned or being established."""
    out = []
    for d in overdue(roadmap, today):
        key = "at" if d.is_milestone else "end"
        where = locate("deliverables", d.id, key, d.source) or d.source or Location(roadmap.files[0])
        written = getattr(locate, "written", None)
        end = (written and written("deliverables", d.id, key, d.source)) or d.end.isoformat()
        out.append(_warning(where, t("stale.past_end", lang, id=d.id, end=end, status=d.status)))
    return out


def updated_too_old(
    roadmap: Roadmap, today: dt.date, locate: Locate, lang: Lang = "en", days: int = STALE_DAYS
) -> list[Problem]:
    """`roadmap.updated` more than `days` days before today."""
    updated = roadmap.info.updated
    if updated is None or (today - updated).days <= days:
        return []
    where = _roadmap_location(roadmap, locate)
    message = t("stale.updated_old", lang, updated=updated.isoformat(), days=days, today=today.isoformat())
    return [_warning(where, message)]


def updated_behind_git(
    roadmap: Roadmap, newest: Commit | None, locate: Locate, lang: Lang = "en"
) -> list[Problem]:
    """`roadmap.updated` before the day of the newest commit that changed the roadmap's files."""
    updated = roadmap.info.updated
    if updated is None or newest is None or newest.date.date() <= updated:
        return []
    where = _roadmap_location(roadmap, locate)
    message = t(
        "stale.updated_behind",
        lang,
        updated=updated.isoformat(),
        changed=newest.date.date().isoformat(),
        commit=newest.short,
    )
    return [_warning(where, message)]


def health_unchanged(
    roadmap: Roadmap,
    today: dt.date,
    changed: Mapping[str, Commit | None],
    locate: Locate,
    lang: Lang = "en",
    days: int = STALE_DAYS,
) -> list[Problem]:
    """Services whose traffic lights date from a commit more than `days` days before today.

    `changed` maps a service id to the commit its current `health` dates from; None (or no
    entry) means it changed after the last commit (an uncommitted edit), so it is fresh.
    """
    out = []
    for s in roadmap.services:
        commit = changed.get(s.id)
        if s.health is None or commit is None:
            continue
        day = commit.date.date()
        if (today - day).days <= days:
            continue
        where = locate("services", s.id, "health", s.source) or s.source or Location(roadmap.files[0])
        message = t(
            "stale.health",
            lang,
            id=s.id,
            changed=day.isoformat(),
            commit=commit.short,
            days=days,
            today=today.isoformat(),
        )
        out.append(_warning(where, message))
    return out


def _roadmap_location(roadmap: Roadmap, locate: Locate) -> Location:
    return locate("roadmap", None, "updated", None) or Location(roadmap.files[0] if roadmap.files else "?")


# --- where things are written -----------------------------------------------------------


@dataclass
class SourceLocator:
    """Finds where a key of an entry is written, parsing each file at most once."""

    files: Mapping[str, Path]
    """Display name (as in Locations) -> file on disk."""
    parsed: dict[str, Any] = field(default_factory=dict)

    def __call__(self, section: str, ident: str | None, key: str, near: Location | None) -> Location | None:
        names = [near.file] if near is not None and near.file in self.files else list(self.files)
        for name in names:
            entry = self._entry(name, section, ident)
            if entry is not None and key in entry:
                return entry.value_location(key) if key != "health" else entry.key_location(key)
        return None

    def written(self, section: str, ident: str | None, key: str, near: Location | None) -> str | None:
        """The value of the key as written (such as "2023-Q2"), or None."""
        names = [near.file] if near is not None and near.file in self.files else list(self.files)
        for name in names:
            entry = self._entry(name, section, ident)
            if entry is not None and key in entry and isinstance(entry[key], str | int | dt.date):
                return _written(entry[key])
        return None

    def _entry(self, name: str, section: str, ident: str | None) -> LocMap | None:
        if name not in self.parsed:
            try:
                text = self.files[name].read_bytes().decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                text = ""
            self.parsed[name] = parse_yaml(text, name, Problems()) if text else None
        data = self.parsed[name]
        if not isinstance(data, LocMap):
            return None
        value = data.get(section)
        if ident is None:
            return value if isinstance(value, LocMap) else None
        if not isinstance(value, LocList):
            return None
        for item in value:
            if isinstance(item, LocMap) and item.get("id") == ident:
                return item
        return None


# --- all checks -------------------------------------------------------------------------


@dataclass(frozen=True)
class StaleCheck:
    problems: tuple[Problem, ...]
    note: str | None = None
    """Why the checks against git were skipped, when they were."""


def stale_check(path: Path, result: LoadResult, today: dt.date, lang: Lang = "en") -> StaleCheck:
    """Every staleness warning of the valid roadmap `result` (loaded from `path`)."""
    roadmap = result.roadmap
    if roadmap is None:
        return StaleCheck(())
    locate = SourceLocator(dict(zip(roadmap.files, result.files, strict=False)))
    problems = past_end(roadmap, today, locate, lang) + updated_too_old(roadmap, today, locate, lang)
    try:
        newest, health = _git_dates(path, roadmap)
    except HistoryError as exc:
        reason = str(exc).removesuffix("; history is unavailable")
        return StaleCheck(tuple(problems), note=t("stale.no_history", lang, reason=reason))
    problems += updated_behind_git(roadmap, newest, locate, lang)
    problems += health_unchanged(roadmap, today, health, locate, lang)
    return StaleCheck(tuple(problems))


def _git_dates(path: Path, roadmap: Roadmap) -> tuple[Commit | None, dict[str, Commit | None]]:
    """The newest commit that changed the roadmap, and the commit each service's health
    dates from (None when the working tree's differs from HEAD's)."""
    from veikart.history.repository import RoadmapHistory

    history = RoadmapHistory(path)
    head = history.head()
    if head is None:
        return None, {}
    commits = history.commits(None, head)
    newest = max(commits, key=lambda c: c.date) if commits else None
    committed = history.items_at(head)
    since = history.last_changes("health", head)
    health: dict[str, Commit | None] = {}
    for s in roadmap.services:
        at_head = committed.get((SERVICE, s.id))
        same = at_head is not None and _health_of(at_head) == facet(SERVICE, "health", s)
        health[s.id] = since.get((SERVICE, s.id)) if same else None
    return newest, health


def _health_of(service: Any) -> Any:
    try:
        return facet(SERVICE, "health", service)
    except AttributeError:  # an entry with errors at HEAD
        return None


__all__ = [
    "OPEN_STATUSES",
    "STALE_DAYS",
    "SourceLocator",
    "StaleCheck",
    "health_unchanged",
    "overdue",
    "past_end",
    "stale_check",
    "updated_behind_git",
    "updated_too_old",
]
