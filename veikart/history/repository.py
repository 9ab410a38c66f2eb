"""A roadmap in its git repository: its revisions, its versions, what changed and when.

`RoadmapHistory(path)` is the one way in for commands and the dashboard. It holds no
mutable state (every cache is keyed by commit or object ids and shared by all instances),
so one instance may serve every thread of a server, and several server processes on one
read-only checkout each keep their own caches and never write to the repository.

    history = RoadmapHistory(Path("data/roadmap.yaml"))
    history.revisions()                       # for a selector: tags first, then commits
    history.roadmap_at(history.resolve("v1"))  # a LoadResult, cached by commit id
    history.compare("v1")                      # a DiffReport against the working tree
    history.last_changed("pll-utproving")      # LastChange(date, commit) or None
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from veikart.history.attribution import AttributedChange, agrees, attribute, last_changes
from veikart.history.cache import LruCache
from veikart.history.changes import DELIVERABLE, SERVICE, Change, facet, roadmap_changes
from veikart.history.git import (
    Commit,
    HistoryError,
    MissingPath,
    Repository,
    check_revision,
)
from veikart.history.report import DiffReport, Side, names_of
from veikart.history.versions import (
    ItemKey,
    Items,
    index_items,
    items_at,
    items_of_files,
    load_versions,
    roadmap_at,
)
from veikart.roadmap import LoadResult, Roadmap, RoadmapPathError, load_roadmap
from veikart.roadmap.problems import Problem, display_path

Aspect = Literal["item", "health"]
RoadmapView = Callable[[Roadmap], Roadmap]
"""A reading of a whole roadmap, such as `public_roadmap`: what both sides are compared as."""


class InvalidVersion(HistoryError):
    """A version of the roadmap has errors; `problems` says which, at SHA:FILE:LINE:COL."""

    def __init__(self, message: str, problems: tuple[Problem, ...]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class Revision:
    """An entry of a revision selector: a tag, or a commit that changed the roadmap."""

    name: str
    """The tag's name, or the commit's short id."""
    commit: str
    date: dt.datetime
    kind: Literal["tag", "commit"]
    subject: str = ""


@dataclass(frozen=True)
class LastChange:
    """When an item last changed in git, and in which commit."""

    date: dt.date
    commit: Commit


_LAST: LruCache[tuple[Path, str, str, str], dict[ItemKey, Commit]] = LruCache(16)
"""(root, head, rel, aspect) -> the commit each item last changed in."""


def _aspect(name: Aspect) -> Any:
    """What "changed" means for an aspect: the item as a whole, or a service's health."""
    if name == "health":
        return lambda key, item: facet(SERVICE, "health", item)
    return lambda key, item: item


def _has_aspect(name: Aspect, key: ItemKey) -> bool:
    return name != "health" or key[0] == SERVICE


class RoadmapHistory:
    """The roadmap at `path` (a file or directory in a git work tree) and its history.

    Raises GitMissing or NotAWorkTree when there is no history to read.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.repository = Repository.containing(self.path)
        self.rel = self.repository.relative(self.path)

    def __repr__(self) -> str:
        return f"RoadmapHistory({self.rel or '.'!r} in {self.repository.root})"

    # --- revisions ---------------------------------------------------------------------

    def resolve(self, revision: str) -> str:
        """The commit id a tag, branch or commit id names (checked before git sees it)."""
        return self.repository.resolve(check_revision(revision))

    def commit(self, sha: str) -> Commit:
        return self.repository.commit(sha)

    def head(self) -> str | None:
        return self.repository.head()

    def revisions(self, limit: int = 20) -> list[Revision]:
        """Tags (newest first), then the latest `limit` commits that changed the roadmap.

        Tags whose names a URL could not carry safely are left out.
        """
        out = []
        for name, sha, date in self.repository.tags():
            try:
                check_revision(name)
            except HistoryError:
                continue
            out.append(Revision(name=name, commit=sha, date=date, kind="tag"))
        head = self.head()
        if head is not None:
            for c in self.repository.log([self.rel], until=head, limit=limit):
                out.append(
                    Revision(name=c.short, commit=c.sha, date=c.date, kind="commit", subject=c.subject)
                )
        return out

    # --- versions ----------------------------------------------------------------------

    def roadmap_at(self, commit: str) -> LoadResult:
        """The checked roadmap at a commit id (cached); MissingPath if it is not there."""
        return roadmap_at(self.repository, commit, self.rel)

    def valid_roadmap_at(self, commit: str, rev: str | None = None) -> Roadmap:
        result = self.roadmap_at(commit)
        if result.roadmap is None:
            errors = len(result.problems.errors)
            raise InvalidVersion(
                f"{self.rel or '.'} at {rev or commit[:7]} is not valid "
                f"({errors} error{'s' * (errors != 1)}); it cannot be compared",
                tuple(result.problems.sorted()),
            )
        return result.roadmap

    def items_at(self, commit: str) -> Items:
        return items_at(self.repository, commit, self.rel)

    def commits(self, since: str | None, until: str) -> list[Commit]:
        """Commits that changed the roadmap in since..until (all before until if since is None)."""
        return self.repository.log([self.rel], until=until, since=since)

    # --- comparing ---------------------------------------------------------------------

    def compare(
        self,
        from_rev: str,
        to_rev: str | None = None,
        *,
        worktree: LoadResult | None = None,
        view: RoadmapView | None = None,
    ) -> DiffReport:
        """Changes from `from_rev` to `to_rev` (default: the working tree), with their commits.

        `worktree` is the working tree's roadmap when the caller has it loaded already (a
        server's current snapshot); otherwise it is read from disk. `view` (such as
        `public_roadmap`) is applied to every version compared, the ones in between
        included, so an item the view leaves out is neither added, removed nor changed.
        """
        before_sha = self.resolve(from_rev)
        after_sha = self.resolve(to_rev) if to_rev is not None else None
        seen = view or (lambda roadmap: roadmap)
        before = seen(self.valid_roadmap_at(before_sha, from_rev))
        fast_after: Items | None  # the entry-by-entry reading of the newer side, to check
        if after_sha is None:
            given = worktree is not None and worktree.roadmap is not None
            result = worktree if given and worktree is not None else load_worktree(self.path)
            assert result.roadmap is not None
            after = seen(result.roadmap)
            fast_after = None if given else items_of_files(result.files)
            until = self.head()
        else:
            after = seen(self.valid_roadmap_at(after_sha, to_rev))
            fast_after = self.items_at(after_sha)
            until = after_sha
        changes = roadmap_changes(before, after)
        commits = self.commits(before_sha, until) if until is not None else []
        after_items = model_items(after)
        items_of = self._items_reader(changes, commits, before_sha, before, after_items, fast_after, view)
        attributed = attribute(changes, after_items, commits, items_of, worktree=after_sha is None)
        shown = display_path(self.path)
        phase_names, service_names = names_of(before, after)
        return DiffReport(
            before=Side(path=shown, rev=from_rev, commit=self.commit(before_sha)),
            after=Side(
                path=shown,
                rev=to_rev,
                commit=self.commit(after_sha) if after_sha else None,
            ),
            changes=tuple(attributed),
            phase_names=phase_names,
            service_names=service_names,
        )

    def _items_reader(
        self,
        changes: list[Change],
        commits: list[Commit],
        before_sha: str,
        before: Roadmap,
        after_items: Items,
        fast_after: Items | None,
        view: RoadmapView | None = None,
    ) -> Any:
        """How to read the items of each version in the range: entry by entry when that
        reading agrees with the loader's (seen through `view`) on the compared versions,
        else the loader's."""
        if not changes:
            return lambda sha: {}
        wanted = [c.sha for c in commits] + [p for c in commits for p in c.parents]
        load_versions(self.repository, [before_sha, *wanted], self.rel)
        fast_ok = agrees(changes, self.items_at(before_sha), model_items(before))
        if fast_after is not None:
            fast_ok = fast_ok and agrees(changes, fast_after, after_items)
        if fast_ok:
            return self.items_at
        return lambda commit: self._checked_items(commit, view)

    def _checked_items(self, commit: str, view: RoadmapView | None = None) -> Mapping[ItemKey, Any]:
        """The loader's reading of a version: slower, used when the fast reading disagrees."""
        try:
            result = self.roadmap_at(commit)
        except MissingPath:
            return {}
        if result.roadmap is None:  # a broken commit: its entries as far as they stand alone
            return self.items_at(commit)
        return model_items(view(result.roadmap) if view else result.roadmap)

    # --- when items changed ------------------------------------------------------------

    def last_changes(self, aspect: Aspect = "item", head: str | None = None) -> dict[ItemKey, Commit]:
        """For each item at `head` (default HEAD): the commit its current state dates from.

        aspect "item": any field of the item; "health": a service's traffic lights.
        Cached per head commit.
        """
        head = head or self.head()
        if head is None:
            return {}
        key = (self.repository.root, head, self.rel, aspect)

        def compute() -> dict[ItemKey, Commit]:
            commits = self.commits(None, head)
            wanted = [c.sha for c in commits]
            load_versions(self.repository, wanted, self.rel)
            current = {k: v for k, v in self.items_at(head).items() if _has_aspect(aspect, k)}
            return last_changes(current, commits, self.items_at, _aspect(aspect))

        return _LAST.get_or_compute(key, compute)

    def last_changed(
        self, item_id: str, item_type: str = DELIVERABLE, aspect: Aspect = "item"
    ) -> LastChange | None:
        """When the item `item_id` last changed in git (at HEAD), or None if never committed."""
        commit = self.last_changes(aspect).get((item_type, item_id))
        return LastChange(commit.date.date(), commit) if commit else None


def model_items(roadmap: Roadmap) -> Items:
    """A checked roadmap's items by (type, id), as `versions.items_at` gives them."""
    found: list[tuple[str, str, Any]] = [("deliverables", d.id, d) for d in roadmap.deliverables]
    found += [("services", s.id, s) for s in roadmap.services]
    found += [("risks", r.id, r) for r in getattr(roadmap, "risks", ()) or ()]
    return index_items(found)


def load_worktree(path: Path) -> LoadResult:
    """The roadmap on disk, checked; InvalidVersion with its problems when not valid."""
    try:
        result = load_roadmap(path)
    except RoadmapPathError as exc:
        raise HistoryError(str(exc)) from None
    if result.roadmap is None:
        errors = len(result.problems.errors)
        raise InvalidVersion(
            f"{path} is not valid ({errors} error{'s' * (errors != 1)}); it cannot be compared",
            tuple(result.problems.sorted()),
        )
    return result


def compare_paths(before_path: Path, after_path: Path) -> DiffReport:
    """Changes from the roadmap at one path to another, both on disk (no git, no commits)."""
    before = load_worktree(before_path).roadmap
    after = load_worktree(after_path).roadmap
    assert before is not None and after is not None
    changes = tuple(AttributedChange(c, None) for c in roadmap_changes(before, after))
    phase_names, service_names = names_of(before, after)
    return DiffReport(
        before=Side(path=display_path(before_path)),
        after=Side(path=display_path(after_path)),
        changes=changes,
        phase_names=phase_names,
        service_names=service_names,
    )


__all__ = [
    "Aspect",
    "InvalidVersion",
    "LastChange",
    "Revision",
    "RoadmapHistory",
    "RoadmapView",
    "compare_paths",
    "load_worktree",
    "model_items",
]
