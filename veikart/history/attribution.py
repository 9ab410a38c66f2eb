"""Which commit made each change, and when each item last changed.

A commit *introduces* a state of an item when its version shows that state and none of its
parents' versions does (parents as `git log -- PATH` rewrites them: the nearest ancestors
that touched the roadmap). Then:

- a change between two versions is attributed to the first commit in the range, oldest
  first, that introduces it: "the first commit in the range where the change appears".
  For a removal that is the commit where the item is gone, for an addition the one where
  it appears, for the other kinds the one where the facet first has its new value (a
  deliverable slipped one quarter in one commit and one more in the next is attributed to
  the second: that is where the +2 the report shows appears);
- an item's last change is the newest commit that introduces its current state.

Both work on any history, merges included, from the items of each version (`versions`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from veikart.history.changes import ADDED, REMOVED, Change, facet
from veikart.history.git import Commit
from veikart.history.items import INVALID
from veikart.history.versions import ItemKey

ItemsOf = Callable[[str], Mapping[ItemKey, Any]]
"""The items of the version at a commit id."""


@dataclass(frozen=True)
class AttributedChange:
    """A change and the commit that made it.

    `commit` is None when no commit in the range shows the change: `uncommitted` then says
    whether it is an edit in the working tree that is not committed yet.
    """

    change: Change
    commit: Commit | None
    uncommitted: bool = False


def shows(change: Change, item: Any, expected: Hashable) -> bool:
    """Whether a version whose item is `item` (None: absent) shows `change`."""
    if change.kind == ADDED:
        return item is not None
    if change.kind == REMOVED:
        return item is None
    if item is None or item is INVALID:
        return False
    return facet(change.item, change.kind, item) == expected


def _key(change: Change) -> ItemKey:
    return (change.item, change.id)


def attribute(
    changes: Sequence[Change],
    after: Mapping[ItemKey, Any],
    commits: Sequence[Commit],
    items_of: ItemsOf,
    *,
    worktree: bool,
) -> list[AttributedChange]:
    """The commit behind each change.

    `after` holds the items of the newer version (the facet each change ends at);
    `commits` the range, newest first, as `git log` lists it; `worktree` whether the newer
    version is the working tree (then a change no commit shows is uncommitted).
    """
    oldest_first = list(reversed(commits))
    out = []
    for change in changes:
        key = _key(change)
        target = after.get(key)
        expected = None
        if change.kind not in (ADDED, REMOVED) and target is not None and target is not INVALID:
            expected = facet(change.item, change.kind, target)
        found = None
        for commit in oldest_first:
            if not shows(change, items_of(commit.sha).get(key), expected):
                continue
            if not any(shows(change, items_of(p).get(key), expected) for p in commit.parents):
                found = commit
                break
        out.append(AttributedChange(change, found, uncommitted=found is None and worktree))
    return out


def agrees(changes: Sequence[Change], fast: Mapping[ItemKey, Any], checked: Mapping[ItemKey, Any]) -> bool:
    """Whether the entry-by-entry reading of a version matches the loader's for every change.

    Attribution reads the versions in between entry by entry; this check on the two versions
    the loader read in full decides whether that reading can be trusted for them.
    """
    for change in changes:
        key = _key(change)
        a, b = fast.get(key), checked.get(key)
        if (a is None) != (b is None) or a is INVALID:
            return False
        comparable = a is not None and change.kind not in (ADDED, REMOVED)
        if comparable and facet(change.item, change.kind, a) != facet(change.item, change.kind, b):
            return False
    return True


def last_changes(
    current: Mapping[ItemKey, Any],
    commits: Sequence[Commit],
    items_of: ItemsOf,
    aspect: Callable[[ItemKey, Any], Hashable],
) -> dict[ItemKey, Commit]:
    """For each item of `current`: the newest commit that introduces its current aspect.

    `commits` newest first; items whose state no commit introduces (not yet committed)
    are left out.
    """
    out: dict[ItemKey, Commit] = {}
    for key, item in current.items():
        if item is INVALID:
            continue
        now = aspect(key, item)

        def same(state: Any, key: ItemKey = key, now: Hashable = now) -> bool:
            return state is not None and state is not INVALID and aspect(key, state) == now

        for commit in commits:
            if not same(items_of(commit.sha).get(key)):
                continue
            if not any(same(items_of(p).get(key)) for p in commit.parents):
                out[key] = commit
                break
    return out


__all__ = ["AttributedChange", "agrees", "attribute", "last_changes", "shows"]
