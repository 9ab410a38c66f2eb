"""The roadmap's git history as the dashboard holds it: read by the watcher, never by a callback.

`HistoryKeeper` is the one place the dashboard reaches git (through `veikart.history`). It
is owned by the `RoadmapSource`, one per worker process, and called

- by the watcher thread: `refs_stamp()` every cycle (a stat of `.git/HEAD`, `packed-refs`
  and the files under `refs/`: no git process), `state()` when the files or refs changed,
  `complete()` for what needs the whole history (when each item last changed, the
  staleness checks), `preload_next()` for the versions the selector offers;
- while a page is drawn (the router's layout, never a filter callback): `resolve()` for a
  revision typed in a link, `version()` for a roadmap not preloaded (loaded once under a
  lock), `attribute()` for the commits behind the changes (`/endringer`).

Callbacks only read what these left behind: `HistoryState` (immutable, on the snapshot)
and `cached_version()` / `lookup()`, which never start git.

A revision from a link reaches git only as a commit id: names are looked up in the tags,
branches and commits read from git (`HistoryState.names`), and anything else must be a
hexadecimal commit id (resolved with `git rev-parse`); `check_revision` refuses everything
else first. Nothing is ever written to the repository, so a read-only checkout served by
several gunicorn workers (each with its own keeper and caches) works.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from veikart.frames import RoadmapFrames, roadmap_frames
from veikart.history import (
    DiffReport,
    HistoryError,
    RoadmapHistory,
    UnknownRevision,
    check_revision,
)
from veikart.history.cache import LruCache
from veikart.history.changes import DELIVERABLE, SERVICE, facet, kinds_of
from veikart.history.git import Commit, run_git
from veikart.history.items import INVALID
from veikart.history.render import clean_text
from veikart.history.repository import model_items
from veikart.history.stale import stale_check
from veikart.history.versions import ItemKey
from veikart.i18n import Lang, t
from veikart.roadmap.load import LoadResult
from veikart.roadmap.model import Roadmap
from veikart.roadmap.problems import Problem

log = logging.getLogger("veikart.history")

RECENT_COMMITS = 20
"""Commits that changed the roadmap listed in the selector, after the tags."""
MAX_TAGS = 20
"""Tags listed in the selector (newest first); older ones still work in a link."""
PRELOAD = MAX_TAGS + RECENT_COMMITS
"""Versions the watcher loads ahead: every entry of the selector, in its order (tags
first). Under several workers a page's layout and its callbacks may be answered by
different workers, and a callback never reads git: what the selector offers must be in
every worker's memory. At 1,000 deliverables one version takes ~0.3-0.6 s of a core to
parse and check, so the watcher loads one per cycle."""
VERSIONS_KEPT = PRELOAD + 8
"""Versions (roadmap and frames) kept per worker: the selector's and a few typed in links
(least recently used go first)."""
SUBJECT_CHARS = 80
"""Characters of a commit subject shown in the selector; longer ones end in '…'."""
AUTHOR_CHARS = 60
MAX_REF_FILES = 20_000
"""Files under `refs/` looked at for the stamp; a repository with more counts them only."""
_HEX_ID = re.compile(r"[0-9a-fA-F]{4,64}")


@dataclass(frozen=True)
class RevisionEntry:
    """An entry of the revision selector, as read from git (subject and author cleaned, bounded)."""

    name: str
    """What a link carries: the tag's name or the commit's short id."""
    commit: str
    date: dt.date
    kind: Literal["tag", "commit"]
    subject: str = ""

    def label(self, lang: Lang) -> str:
        """'styremote-2023-06 · 14.06.2023 · Faser og trafikklys' (text, never markup)."""
        parts = [self.name, self.date.strftime("%d.%m.%Y")]
        if self.subject:
            parts.append(self.subject)
        return " · ".join(parts)


@dataclass(frozen=True)
class Version:
    """The roadmap as it stood at a commit: checked by the loader, as frames in the UI language."""

    commit: str
    load: LoadResult
    frames: RoadmapFrames | None
    """None when that version has errors (it cannot be shown or compared)."""
    date: dt.date
    roadmap: Roadmap | None = None
    """The version as the dashboard shows it (reduced like the current roadmap, see
    `HistoryKeeper.reduce`); None when it has errors."""

    @property
    def valid(self) -> bool:
        return self.frames is not None and self.roadmap is not None


@dataclass(frozen=True)
class HistoryState:
    """What the dashboard knows of the history, as of the last look (immutable).

    `complete` is False until the watcher has read what needs the whole history (when
    each item last changed, the staleness checks against git).
    """

    available: bool
    note: str | None = None
    """Why there is no history (one line), when there is none."""
    revisions: tuple[RevisionEntry, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)
    """Tag, branch and listed commit names (short and full ids) -> commit id."""
    head: str | None = None
    refs: str = ""
    """The stamp of the refs this was read at."""
    today: dt.date = field(default_factory=dt.date.today)
    complete: bool = False
    stale: tuple[Problem, ...] = ()
    """The staleness warnings of the current roadmap, as of `today`."""
    stale_note: str | None = None
    last_changed: Mapping[ItemKey, Commit] = field(default_factory=dict)
    """(item type, id) -> the commit the item's state at HEAD dates from."""
    uncommitted: frozenset[ItemKey] = frozenset()
    """Items of the working tree that differ from HEAD (edited, not committed yet)."""

    @property
    def stamp(self) -> str:
        """Part of the snapshot's version: changes when HEAD, a tag or branch, the day or the
        completeness do. Made of commit ids, not of the refs' file times, so clones of the
        same repository on several machines agree on it."""
        if not self.available:
            return ""
        names = "|".join(f"{name}={commit}" for name, commit in sorted(self.names.items()))
        text = f"{self.head}|{names}|{self.today.isoformat()}|{self.complete}"
        return hashlib.sha1(text.encode()).hexdigest()[:8]

    def entry(self, name: str) -> RevisionEntry | None:
        for revision in self.revisions:
            if revision.name == name:
                return revision
        return None


def unavailable(reason: str) -> HistoryState:
    """No history (`reason`: why); `complete` once the checks that need no git have run."""
    return HistoryState(available=False, note=reason)


class HistoryKeeper:
    """The git history of one roadmap path, for one worker process."""

    def __init__(
        self,
        path: Path,
        lang: Lang,
        reduce: Callable[[Roadmap], Roadmap] | None = None,
        *,
        subjects: bool = True,
    ) -> None:
        self.path = path
        self.lang = lang
        self.subjects = subjects
        """Whether the selector's entries carry their commit subjects (not on a public
        dashboard: a subject is the planners' words and may name internal work)."""
        self.reduce = reduce
        """What the dashboard does to a roadmap before showing it (`public_roadmap` when it
        serves the public roadmap): done to every version too, so no comparison, as-of view
        or change list shows what the current roadmap leaves out."""
        self._lock = threading.Lock()
        """Held while a version is loaded or a revision resolved: each happens once."""
        self._versions: LruCache[str, Version] = LruCache(VERSIONS_KEPT)
        self._resolved: LruCache[str, str] = LruCache(256)
        """Commit ids typed in links (short ones) -> the full id, as git resolved them."""
        self._last: LruCache[str, Mapping[ItemKey, Commit]] = LruCache(8)
        self._dirs: tuple[Path, ...] = ()
        try:
            self.history: RoadmapHistory | None = RoadmapHistory(path)
            self._dirs = self._git_dirs()
            self.reason: str | None = None
        except HistoryError as exc:
            self.history = None
            self.reason = _reason(exc)
            log.warning("history of %s is unavailable: %s", path, self.reason)

    @property
    def available(self) -> bool:
        return self.history is not None

    # --- the watcher ---------------------------------------------------------------------

    def refs_stamp(self) -> str:
        """A stamp of HEAD and the refs (names, sizes, modification times): no git process."""
        if not self._dirs:
            return ""
        parts: list[str] = []
        for folder in self._dirs:
            for name in ("HEAD", "packed-refs"):
                parts.append(_stat(folder / name))
            seen = 0
            for sub in ("refs", "reftable"):
                for root, dirs, files in os.walk(folder / sub):
                    dirs.sort()
                    for file in sorted(files):
                        seen += 1
                        if seen > MAX_REF_FILES:
                            break
                        parts.append(_stat(Path(root) / file))
        return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]

    def state(self, refs: str, previous: HistoryState | None = None) -> HistoryState:
        """The revisions and names at the refs' stamp `refs` (a few git calls).

        The whole-history parts (`complete()`) carry over from `previous` when HEAD has
        not moved; otherwise they wait for `complete()`.
        """
        history = self.history
        if history is None:
            return unavailable(self.reason or "")
        try:
            head = history.head()
            revisions = self._revisions(history)
            names = self._names(history, revisions)
        except HistoryError as exc:
            log.warning("history of %s is unavailable: %s", self.path, exc)
            return unavailable(_reason(exc))
        state = HistoryState(available=True, revisions=revisions, names=names, head=head, refs=refs)
        if previous is not None and previous.available and previous.complete and previous.head == head:
            return _with_whole_history(state, previous)
        return state

    def complete(self, state: HistoryState, load: LoadResult | None, today: dt.date) -> HistoryState:
        """`state` with when each item last changed and the staleness checks as of `today`."""
        if not state.available or self.history is None:
            return _stale_without_git(state, self.path, load, today, self.lang)
        try:
            last = self.last_changes(state.head) if state.head else {}
            checked = stale_check(self.path, load, today, self.lang) if load and load.roadmap else None
            edited = (
                uncommitted_items(self.history, state.head, load.roadmap)
                if state.head and load and load.roadmap
                else frozenset()
            )
        except HistoryError as exc:
            log.warning("history of %s could not be read: %s", self.path, exc)
            return replace(state, complete=True, stale_note=_reason(exc), today=today)
        return replace(
            state,
            complete=True,
            today=today,
            last_changed=last,
            uncommitted=edited,
            stale=checked.problems if checked else (),
            stale_note=checked.note if checked else None,
        )

    def preload_next(self, state: HistoryState) -> bool:
        """Load the first of the selector's PRELOAD versions not loaded yet; False when none is left."""
        for revision in state.revisions[:PRELOAD]:
            if self._versions.get(revision.commit) is None:
                try:
                    self.version(revision.commit, revision.date)
                except HistoryError as exc:
                    log.info("could not preload %s: %s", revision.name, exc)
                    self._versions.put(revision.commit, _broken(revision.commit, revision.date))
                return True
        return False

    # --- while a page is drawn ----------------------------------------------------------

    def resolve(self, rev: str, state: HistoryState) -> str:
        """The commit id a revision from a link names.

        UnsafeRevision for text `check_revision` refuses; UnknownRevision for a name that
        is not a tag, branch or listed commit, or a commit id git does not know. Only a
        hexadecimal commit id not seen before reaches git.
        """
        check_revision(rev)
        found = self.lookup(rev, state)
        if found is not None:
            return found
        if self.history is None or not _HEX_ID.fullmatch(rev):
            raise UnknownRevision(f"unknown revision {rev!r}")
        with self._lock:
            found = self._resolved.get(rev.lower())
            if found is None:
                found = self._resolved.put(rev.lower(), self.history.resolve(rev.lower()))
        return found

    def version(self, commit: str, date: dt.date | None = None) -> Version:
        """The roadmap at `commit` (a full id), loaded once and kept (LRU)."""
        found = self._versions.get(commit)
        if found is not None:
            return found
        history = self.history
        if history is None:
            raise HistoryError(self.reason or "history is unavailable")
        with self._lock:
            found = self._versions.get(commit)
            if found is not None:
                return found
            load = history.roadmap_at(commit)
            day = date or history.commit(commit).date.date()
            roadmap = load.roadmap
            if roadmap is not None and self.reduce is not None:
                roadmap = self.reduce(roadmap)
            frames = roadmap_frames(roadmap, self.lang) if roadmap is not None else None
            version = Version(commit=commit, load=load, frames=frames, date=day, roadmap=roadmap)
            return self._versions.put(commit, version)

    def attribute(self, before: str, after: str | None, worktree: LoadResult | None) -> DiffReport:
        """The changes from commit `before` to commit `after` (None: `worktree`), with their commits."""
        if self.history is None:
            raise HistoryError(self.reason or "history is unavailable")
        return self.history.compare(before, after, worktree=worktree)

    def last_changes(self, commit: str) -> Mapping[ItemKey, Commit]:
        """(item type, id) -> the commit each item's state at `commit` dates from (cached per commit)."""
        if self.history is None:
            return {}
        history = self.history
        return self._last.get_or_compute(commit, lambda: history.last_changes("item", commit))

    # --- callbacks: memory only -----------------------------------------------------------

    def lookup(self, rev: str, state: HistoryState) -> str | None:
        """The commit id of a revision already known (listed or resolved before); never git."""
        found = state.names.get(rev)
        if found is not None:
            return found
        return self._resolved.get(rev.lower()) if _HEX_ID.fullmatch(rev) else None

    def cached_version(self, commit: str) -> Version | None:
        return self._versions.get(commit)

    def cached_last_changes(self, commit: str) -> Mapping[ItemKey, Commit] | None:
        return self._last.get(commit)

    # --- reading git ---------------------------------------------------------------------

    def _git_dirs(self) -> tuple[Path, ...]:
        """The repository's git folder and, for a linked work tree, the common one."""
        assert self.history is not None
        root = self.history.repository.root
        result = run_git(root, ["rev-parse", "--path-format=absolute", "--git-dir", "--git-common-dir"])
        lines = result.stdout.decode("utf-8", "surrogateescape").splitlines()
        if result.returncode != 0 or not lines:
            return ()
        return tuple(dict.fromkeys(Path(line) for line in lines if line))

    def _revisions(self, history: RoadmapHistory) -> tuple[RevisionEntry, ...]:
        found = history.revisions(limit=RECENT_COMMITS)
        tags = [r for r in found if r.kind == "tag"][:MAX_TAGS]
        commits = [r for r in found if r.kind == "commit"]
        entries = []
        for tag in tags:
            subject = history.commit(tag.commit).subject if self.subjects else ""
            entries.append(
                RevisionEntry(
                    tag.name, tag.commit, tag.date.date(), "tag", clean_text(subject, SUBJECT_CHARS)
                )
            )
        for c in commits:
            entries.append(
                RevisionEntry(
                    c.name,
                    c.commit,
                    c.date.date(),
                    "commit",
                    clean_text(c.subject, SUBJECT_CHARS) if self.subjects else "",
                )
            )
        return tuple(entries)

    def _names(self, history: RoadmapHistory, revisions: tuple[RevisionEntry, ...]) -> dict[str, str]:
        """Every name a link may use without reaching git: tags, branches, listed commits."""
        out = history.repository.git(
            [
                "for-each-ref",
                "--format=%(refname)%00%(objectname)%00%(*objectname)",
                "refs/heads",
                "refs/remotes",
                "refs/tags",
            ],
            what="git for-each-ref",
        )
        names: dict[str, str] = {}
        for line in out.decode("utf-8", "replace").splitlines():
            parts = line.split("\0")
            if len(parts) != 3:
                continue
            ref, sha, peeled = parts
            for prefix in ("refs/heads/", "refs/remotes/", "refs/tags/"):
                if ref.startswith(prefix):
                    name = ref.removeprefix(prefix)
                    try:
                        check_revision(name)
                    except HistoryError:
                        break
                    names.setdefault(name, peeled or sha)
                    break
        for revision in revisions:
            names[revision.name] = revision.commit
            names[revision.commit] = revision.commit
        return names


# --- helpers ------------------------------------------------------------------------------


def uncommitted_items(history: RoadmapHistory, head: str, roadmap: Roadmap) -> frozenset[ItemKey]:
    """Deliverables and services of `roadmap` (the working tree) not as HEAD has them: new,
    or differing in what `veikart diff` compares (time, status, phase, title, ...)."""
    committed = history.items_at(head)
    edited = set()
    for key, item in model_items(roadmap).items():
        item_type = key[0]
        if item_type not in (DELIVERABLE, SERVICE):
            continue
        old = committed.get(key)
        if old is None or old is INVALID:
            edited.add(key)
            continue
        try:
            if any(
                facet(item_type, kind, old) != facet(item_type, kind, item) for kind in kinds_of(item_type)
            ):
                edited.add(key)
        except AttributeError:  # an entry that does not stand alone at HEAD
            edited.add(key)
    return frozenset(edited)


def _with_whole_history(state: HistoryState, previous: HistoryState) -> HistoryState:
    return replace(
        state,
        complete=True,
        today=previous.today,
        stale=previous.stale,
        stale_note=previous.stale_note,
        last_changed=previous.last_changed,
        uncommitted=previous.uncommitted,
    )


def _stale_without_git(
    state: HistoryState, path: Path, load: LoadResult | None, today: dt.date, lang: Lang
) -> HistoryState:
    """The checks that need no git (deliverables past their end, `updated` too old)."""
    if load is None or load.roadmap is None:
        return replace(state, complete=True, today=today)
    checked = stale_check(path, load, today, lang)
    # stale_check notes why git was skipped: the history bar says it once already.
    return replace(state, complete=True, today=today, stale=checked.problems)


def _broken(commit: str, date: dt.date) -> Version:
    from veikart.roadmap.problems import Problems

    return Version(commit=commit, load=LoadResult(None, Problems()), frames=None, date=date)


def _stat(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return f"{path.name}:-"
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


def _reason(exc: Exception) -> str:
    """A HistoryError's message without its 'history is unavailable' tail (the note says it)."""
    return str(exc).removesuffix("; history is unavailable")


def no_history_note(reason: str | None, lang: Lang) -> str:
    """'Historikken er ikke tilgjengelig (…); …': said once, where the selector would be."""
    if not reason:
        return t("history.unavailable_plain", lang)
    return t("history.unavailable", lang, reason=clean_text(reason, 200))


__all__ = [
    "AUTHOR_CHARS",
    "PRELOAD",
    "RECENT_COMMITS",
    "HistoryKeeper",
    "HistoryState",
    "RevisionEntry",
    "Version",
    "no_history_note",
    "unavailable",
]
