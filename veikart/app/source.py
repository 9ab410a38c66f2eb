"""The roadmap behind the dashboard: loaded once per process, reloaded when its files change.

A background thread compares the files' modification stamps about once a second and
reloads only when they changed, so callbacks never read or parse a file: they take the
current `Snapshot`, an immutable value swapped in one assignment. An invalid edit keeps
the last valid roadmap and records the problems for the banner, until the files are fixed.

The watcher cannot die: whatever a cycle raises (a deleted working directory, a folder
that became a link loop, a file system that went away) is logged on the logger
"veikart.reload" and the next cycle tries again. `RoadmapSource.watcher()` tells whether
it is alive, when it last looked and what its last error was, so `/healthz` can report a
stopped or failing watcher. Every reload is logged with its outcome, and with its
problems when the files are invalid.

The same thread follows the roadmap's git repository (`history_source.HistoryKeeper`): a
cheap stat of `.git/HEAD`, `packed-refs` and the files under `refs/` each cycle; when they
or the files change it reads the revision list again, when each item last changed and the
staleness checks, builds the comparisons readers used last for the new roadmap, and only
then swaps the new snapshot in. Between changes it loads, one a cycle, the versions the
revision selector offers first (`HistoryKeeper.preload_next`). A roadmap outside any git
work tree has no history and everything else works.

Under several gunicorn workers each process has its own source, thread and caches; the
version stamp comes from the files' contents and the commit ids of HEAD, tags and
branches, so all workers, and instances on other machines, agree on it.

A public source (`veikart serve --public`, VEIKART_PUBLIC=1) makes its frames from
`public_roadmap(roadmap)`: the dashboard then holds no internal item and no note at all,
so no page, callback, search, count, link or download can show one. `check_public`
refuses frames that still hold one, should the public roadmap ever miss something.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from veikart.app.cache import RenderCache
from veikart.app.comparison import Comparison, ComparisonCache, compare, rewarm, with_commits
from veikart.app.history_source import HistoryKeeper, HistoryState, unavailable
from veikart.frames import RoadmapFrames, roadmap_frames
from veikart.history import HistoryError
from veikart.i18n import DEFAULT_LANG, Lang
from veikart.roadmap.load import LoadResult, RoadmapPathError, find_files, load_roadmap
from veikart.roadmap.problems import Location, Problem, Problems, Severity
from veikart.roadmap.public import public_roadmap

POLL_SECONDS = 1.0
FAILING_AFTER = 3
"""Cycles in a row that raised before the watcher counts as failing (one can be a race)."""
STALE_AFTER_SECONDS = 30 * POLL_SECONDS
"""A watcher that has not finished a cycle for this long counts as stopped."""
LOGGED_PROBLEMS = 50
"""Problems of an invalid reload written to the log (all of them are on the page)."""

log = logging.getLogger("veikart.reload")


@dataclass(frozen=True)
class Snapshot:
    """What the dashboard shows: the last valid roadmap and the latest problems."""

    frames: RoadmapFrames | None
    """Frames of the last valid roadmap, None until one loaded."""
    problems: tuple[Problem, ...] = ()
    """Errors of the latest load; empty when the files are valid."""
    version: str = ""
    """A stamp of the files as last seen: it changes whenever a file changes."""
    loaded_at: dt.datetime = field(default_factory=dt.datetime.now)
    warnings: tuple[Problem, ...] = ()
    """Warnings of the latest load (also when it is valid: a half-written file has many)."""
    renders: RenderCache = field(default_factory=RenderCache, compare=False, repr=False)
    """Page renders of these frames (see `cache.render_cached`); a reload starts a new one."""
    result: LoadResult | None = field(default=None, compare=False, repr=False)
    """The load the frames were made from (its model), for pages that read the model and
    for comparisons with other versions."""
    history: HistoryState = field(default_factory=lambda: unavailable(""), compare=False, repr=False)
    """The git history as of the last look (revisions, staleness, when items last changed)."""
    comparisons: ComparisonCache = field(default_factory=ComparisonCache, compare=False, repr=False)
    """Comparisons of these frames with baselines (see `comparison`); a reload starts a new one."""
    public: bool = False
    """The frames are of the public roadmap: problems are shown without their text."""

    @property
    def valid(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class WatcherState:
    """How the reload watcher of this process is doing, for /healthz."""

    watching: bool
    """False when the source was made with watch=False (tests): nothing to report."""
    alive: bool
    last_check: dt.datetime | None
    """When a cycle last finished (with or without an error)."""
    last_error: str | None
    """The error of the last cycle that raised, while cycles keep raising; None after a good one."""
    failures: int
    """Cycles in a row that raised."""

    def healthy(self, now: dt.datetime | None = None) -> bool:
        if not self.watching:
            return True
        if not self.alive or self.failures >= FAILING_AFTER:
            return False
        if self.last_check is None:
            return True  # started, first cycle not due yet
        age = ((now or dt.datetime.now()) - self.last_check).total_seconds()
        return age <= STALE_AFTER_SECONDS

    def reason(self, now: dt.datetime | None = None) -> str | None:
        """Why it is not healthy, in a few words; None when it is."""
        if self.healthy(now):
            return None
        if not self.alive:
            return "the reload watcher has stopped"
        if self.failures >= FAILING_AFTER:
            return f"the reload watcher fails: {self.last_error}"
        return "the reload watcher has not looked at the files for a while"


def snapshot_version(files: str, history: HistoryState) -> str:
    """The version pages follow: the files' stamp, and the history's when there is one."""
    return f"{files}-{history.stamp}" if history.stamp else files


Digests = dict[tuple[str, int, int], str]
"""A file's (path, size, modification time) -> the digest of its bytes."""


def files_stamp(path: Path, digests: Digests | None = None) -> str:
    """A short stamp of the YAML files under `path`: their names and contents.

    Contents, not modification times: every machine behind a load balancer (and every
    release folder of a deployment) agrees on the version of the same files, so a reader
    sent to another machine is not told to reload. `digests` remembers the digest of
    each file by its size and modification time, so a poll reads only changed files.
    """
    try:
        files = find_files(path)
    except RoadmapPathError as exc:
        return f"missing:{exc}"
    root = path if path.is_dir() else path.parent
    known = digests if digests is not None else {}
    seen: Digests = {}
    parts = []
    for file in files:
        try:
            stat = file.stat()
            key = (str(file), stat.st_size, stat.st_mtime_ns)
            digest = known.get(key) or hashlib.sha1(file.read_bytes()).hexdigest()
        except OSError:
            continue
        seen[key] = digest
        name = file.relative_to(root).as_posix() if file.is_relative_to(root) else str(file)
        parts.append(f"{name}:{digest}")
    if digests is not None:
        digests.clear()
        digests.update(seen)  # only the files there now: the cache never grows
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]


class RoadmapSource:
    """The roadmap at a path, kept current by a watcher thread."""

    def __init__(
        self,
        path: Path | str,
        lang: Lang = DEFAULT_LANG,
        *,
        watch: bool = True,
        history: bool = True,
        public: bool = False,
    ) -> None:
        self.given = str(path)
        """The path as given, for messages and export footers."""
        # Absolute now, so no later look at the files needs the working directory (a
        # deploy may delete it). Links are kept: `current -> releases/N` must follow a deploy.
        self.path = Path(os.path.abspath(path))
        self.lang = lang
        self.watch = watch
        self.public = public
        """Frames of the public roadmap only (no internal item, no note)."""
        self._lock = threading.Lock()
        self._watcher_pid: int | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._last_check: dt.datetime | None = None
        self._last_error: str | None = None
        self._failures = 0
        self.history = (
            HistoryKeeper(self.path, lang, reduce=public_roadmap if public else None, subjects=not public)
            if history
            else None
        )
        """The roadmap's git history (None when turned off); see `history_source`."""
        self._digests: Digests = {}
        """The digests of the files as last read (see `files_stamp`); the watcher's own."""
        stamp = files_stamp(self.path, self._digests)
        state = self._history_state(None)
        self._snapshot = self._load(None, stamp, state)
        self._stamp = stamp
        _log_reload(self.given, self._snapshot, first=True)
        if not watch:
            # No watcher to finish the history's slower half: do it now (tests, one-off apps).
            self.complete_history()

    def snapshot(self) -> Snapshot:
        """The current snapshot; starts the watcher in this process on first use."""
        if self.watch and self._watcher_pid != os.getpid():
            self._start_watcher()
            self._cycle()  # the files may have changed since this process loaded them
        return self._snapshot

    def check(self) -> bool:
        """Reload when the files, the git refs or the day changed since the last look; True when
        something had. The new snapshot is complete (history read, comparisons rebuilt) when
        it is swapped in."""
        stamp = files_stamp(self.path, self._digests)
        refs = self.history.refs_stamp() if self.history is not None else ""
        if not self._changed(stamp, refs):
            return False
        with self._lock:
            if not self._changed(stamp, refs):
                return False
            previous = self._snapshot
            state = previous.history
            if state.available and refs != state.refs:
                state = self._history_state(previous.history, refs)
            files_changed = stamp != self._stamp
            if files_changed:
                # the staleness checks read the roadmap: do them again for the new one
                state = dataclasses.replace(state, complete=False)
                snapshot = self._load(previous.frames, stamp, state, last=previous)
            else:
                snapshot = _fresh(previous, history=state)
            snapshot = self._completed(snapshot, stamp)
            self._rewarm(previous, snapshot)
            self._snapshot = snapshot
            self._stamp = stamp
        if files_changed:
            _log_reload(self.given, self._snapshot)
        else:
            log.info("history of %s changed (version %s)", self.given, self._snapshot.version)
        return True

    def complete_history(self) -> None:
        """Read what needs the whole history (when items last changed, staleness) for the
        current snapshot, if not done yet: same roadmap, same caches, a new version."""
        if self._snapshot.history.complete:
            return
        with self._lock:
            current = self._snapshot
            if current.history.complete:
                return
            self._snapshot = self._completed(current, self._stamp)

    def preload(self) -> bool:
        """Load the next version the selector offers into the history's cache; False when none is left."""
        if self.history is None:
            return False
        return self.history.preload_next(self._snapshot.history)

    def _changed(self, stamp: str, refs: str) -> bool:
        history = self._snapshot.history
        if stamp != self._stamp or (history.available and refs != history.refs):
            return True
        return history.complete and history.today != dt.date.today()  # the staleness checks' day

    def _history_state(self, previous: HistoryState | None, refs: str | None = None) -> HistoryState:
        if self.history is None:
            return unavailable("")
        if not self.history.available:
            return unavailable(self.history.reason or "")
        return self.history.state(refs if refs is not None else self.history.refs_stamp(), previous)

    def _completed(self, snapshot: Snapshot, stamp: str) -> Snapshot:
        """`snapshot` with its history complete as of today (a few git calls; more after HEAD moved)."""
        keeper = self.history
        state = snapshot.history
        today = dt.date.today()
        if state.complete and state.today == today:
            return snapshot
        if keeper is None:
            done = dataclasses.replace(state, complete=True, today=today)
        else:
            done = keeper.complete(dataclasses.replace(state, complete=False), snapshot.result, today)
        return dataclasses.replace(snapshot, history=done, version=snapshot_version(stamp, done))

    def _rewarm(self, previous: Snapshot, snapshot: Snapshot) -> None:
        """Build again, for the new snapshot, the comparisons readers used last (git: watcher only)."""
        keeper = self.history
        if keeper is None or snapshot.comparisons is previous.comparisons or snapshot.result is None:
            return
        after = snapshot.result.roadmap
        frames = snapshot.frames
        if after is None or frames is None:
            return

        def rebuild(old: Comparison) -> Comparison | None:
            try:
                version = keeper.version(old.baseline.commit, old.baseline.date)
                if version.frames is None or version.roadmap is None:
                    return None
                fresh = compare(version.roadmap, version.frames, old.baseline, after, frames, None, self.lang)
                if old.attributed:
                    fresh = with_commits(fresh, keeper.attribute(old.baseline.commit, None, snapshot.result))
                return fresh
            except HistoryError as exc:
                log.info("comparison with %s not rebuilt: %s", old.baseline.rev, exc)
                return None

        rewarm(previous.comparisons, snapshot.comparisons, rebuild)

    def watcher(self) -> WatcherState:
        """The watcher's state in this process (a forked worker has its own)."""
        thread = self._thread
        alive = thread is not None and thread.is_alive() and self._watcher_pid == os.getpid()
        return WatcherState(
            watching=self.watch,
            alive=alive or not self.watch,
            last_check=self._last_check,
            last_error=self._last_error,
            failures=self._failures,
        )

    def stop(self) -> None:
        self._stop.set()

    def _start_watcher(self) -> None:
        with self._lock:
            if self._watcher_pid == os.getpid():
                return
            # A fork (gunicorn worker) inherits the attribute but not the thread.
            self._watcher_pid = os.getpid()
            self._stop = threading.Event()
            self._thread = threading.Thread(target=self._watch, name="veikart-roadmap-watcher", daemon=True)
            self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            self._cycle()
            self._background()

    def _background(self) -> None:
        """The history's slower work between looks: finish reading it, then load one version."""
        try:
            self.complete_history()
            self.preload()
        except Exception:  # never the watcher's end; the next cycle tries again
            log.exception("could not read the history of %s", self.given)

    def _cycle(self) -> None:
        """One look at the files; never raises: an error is logged, counted and tried again."""
        try:
            self.check()
        except Exception as exc:
            self._failures += 1
            self._last_error = f"{type(exc).__name__}: {exc}"[:300]
            # The full traceback once, then one line a cycle while it keeps failing.
            if self._failures == 1:
                log.exception("could not reload %s", self.given)
            else:
                log.error("could not reload %s (%d times in a row): %s", self.given, self._failures, exc)
        else:
            if self._failures:
                log.info("reloading %s works again after %d failed attempts", self.given, self._failures)
            self._failures = 0
            self._last_error = None
        finally:
            self._last_check = dt.datetime.now()

    def _load(
        self,
        last_frames: RoadmapFrames | None,
        stamp: str,
        history: HistoryState,
        last: Snapshot | None = None,
    ) -> Snapshot:
        version = snapshot_version(stamp, history)
        last_load = last.result if last is not None else None
        public = self.public
        try:
            result = load_roadmap(self.path)
        except RoadmapPathError as exc:
            problems = (_problem(self.given, str(exc)),)
            return Snapshot(
                frames=last_frames,
                problems=problems,
                version=version,
                result=last_load,
                history=history,
                public=public,
            )
        found = result.problems.sorted()
        warnings = tuple(p for p in found if p.severity is Severity.WARNING)
        if result.roadmap is None:
            errors = tuple(p for p in found if p.severity is Severity.ERROR)
            return Snapshot(
                frames=last_frames,
                problems=errors,
                version=version,
                warnings=warnings,
                result=last_load,
                history=history,
                public=public,
            )
        roadmap = result.roadmap
        if public:
            # Pages that read the model (the digest) get the public one too, and no problem
            # texts: nothing in this process's snapshot names an internal item.
            roadmap = public_roadmap(roadmap)
            result = LoadResult(roadmap=roadmap, problems=Problems(), files=result.files)
        frames = roadmap_frames(roadmap, self.lang)
        if public:
            check_public(frames)
        return Snapshot(
            frames=frames,
            problems=(),
            version=version,
            warnings=warnings,
            result=result,
            history=history,
            public=public,
        )


def _fresh(snapshot: Snapshot, history: HistoryState) -> Snapshot:
    """The same roadmap with another history: new caches (renders and comparisons may name commits)."""
    return dataclasses.replace(
        snapshot, history=history, renders=RenderCache(), comparisons=ComparisonCache()
    )


class NotPublic(RuntimeError):
    """Frames meant for public outputs hold an internal item or a note."""


def check_public(frames: RoadmapFrames) -> None:
    """Raise NotPublic when frames hold an internal item or a planner's note.

    `public_roadmap` removes them; this looks again at what the views will read, so a
    column added to the frames later cannot bring them back unnoticed.
    """
    for name in ("deliverables", "services", "risks", "phases"):
        frame = getattr(frames, name)
        if frame.empty:
            continue
        if "internal" in frame and frame["internal"].astype(bool).any():
            raise NotPublic(f"an internal item among the public {name}")
        if "note" in frame and frame["note"].notna().any():
            raise NotPublic(f"a note among the public {name}")


def _log_reload(path: str, snapshot: Snapshot, *, first: bool = False) -> None:
    done = "loaded" if first else "reloaded"
    if snapshot.valid:
        n = len(snapshot.frames.deliverables) if snapshot.frames is not None else 0
        log.info(
            "%s %s: valid, %d deliverables, %d warnings (version %s)",
            done,
            path,
            n,
            len(snapshot.warnings),
            snapshot.version,
        )
        return
    kept = "the last valid version stays shown" if snapshot.frames is not None else "nothing to show yet"
    log.warning("%s %s: invalid, %d errors; %s", done, path, len(snapshot.problems), kept)
    for problem in snapshot.problems[:LOGGED_PROBLEMS]:
        log.warning("  %s", problem)
    if len(snapshot.problems) > LOGGED_PROBLEMS:
        log.warning("  ... and %d more", len(snapshot.problems) - LOGGED_PROBLEMS)


@functools.cache
def skeleton_frames(lang: Lang) -> RoadmapFrames:
    """A tiny built-in roadmap, so a page can be drawn for callback validation with no data.

    Dash checks every callback against the pages' layouts once, at the first request; when
    the real roadmap is invalid then, the pages still need all their components.
    """
    from veikart.roadmap.load import load_text
    from veikart.roadmap.synthetic import synthetic_roadmap_yaml

    result = load_text(synthetic_roadmap_yaml(6, n_services=2))
    assert result.roadmap is not None
    return roadmap_frames(result.roadmap, lang)


def _problem(path: str, message: str) -> Problem:
    # The path as given: no look at the working directory, which may be gone.
    text = message.split(": ", 1)[1] if message.startswith(path) and ": " in message else message
    return Problem(Location(path, 1, 1), Severity.ERROR, text)


def problem_line(problem: Problem, lang: Lang = DEFAULT_LANG) -> str:
    """A problem as the banner shows it: FILE:LINE:COL: message, in the UI's language when it can be."""
    return f"{problem.location}: {problem.text(lang)}"


__all__ = [
    "POLL_SECONDS",
    "NotPublic",
    "RoadmapSource",
    "Snapshot",
    "WatcherState",
    "check_public",
    "files_stamp",
    "problem_line",
    "skeleton_frames",
    "snapshot_version",
]
