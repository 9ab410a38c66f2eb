"""The roadmap behind the dashboard: loaded once per process, reloaded when its files change.

A background thread compares the files' modification stamps about once a second and
reloads only when they changed, so callbacks never read or parse a file: they take the
current `Snapshot`, an immutable value swapped in one assignment. An invalid edit keeps
the last valid roadmap and records the problems for the banner, until the files are fixed.

Under several gunicorn workers each process has its own source and thread; the version
stamp comes from the files, so all workers agree on it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from veikart.app.cache import RenderCache
from veikart.figures.gantt import with_hover_texts
from veikart.frames import RoadmapFrames, roadmap_frames
from veikart.i18n import DEFAULT_LANG, Lang
from veikart.roadmap.load import RoadmapPathError, find_files, load_roadmap
from veikart.roadmap.problems import Location, Problem, Severity, display_path

POLL_SECONDS = 1.0


@dataclass(frozen=True)
class Snapshot:
    """What the dashboard shows: the last valid roadmap and the latest problems."""

    frames: RoadmapFrames | None
    """Frames of the last valid roadmap (with hover texts), None until one loaded."""
    problems: tuple[Problem, ...] = ()
    """Errors of the latest load; empty when the files are valid."""
    version: str = ""
    """A stamp of the files as last seen: it changes whenever a file changes."""
    loaded_at: dt.datetime = field(default_factory=dt.datetime.now)
    renders: RenderCache = field(default_factory=RenderCache, compare=False, repr=False)
    """Page renders of these frames (see `cache.render_cached`); a reload starts a new one."""

    @property
    def valid(self) -> bool:
        return not self.problems


def files_stamp(path: Path) -> str:
    """A short stamp of the YAML files under `path`: names, sizes and modification times."""
    try:
        files = find_files(path)
    except RoadmapPathError as exc:
        return f"missing:{exc}"
    parts = []
    for file in files:
        try:
            stat = file.stat()
        except OSError:
            continue
        parts.append(f"{file}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]


class RoadmapSource:
    """The roadmap at a path, kept current by a watcher thread."""

    def __init__(self, path: Path | str, lang: Lang = DEFAULT_LANG, *, watch: bool = True) -> None:
        self.path = Path(path)
        self.lang = lang
        self.watch = watch
        self._lock = threading.Lock()
        self._watcher_pid: int | None = None
        self._stop = threading.Event()
        stamp = files_stamp(self.path)
        self._snapshot = self._load(None, stamp)
        self._stamp = stamp

    def snapshot(self) -> Snapshot:
        """The current snapshot; starts the watcher in this process on first use."""
        if self.watch and self._watcher_pid != os.getpid():
            self._start_watcher()
            self.check()  # the files may have changed since this process loaded them
        return self._snapshot

    def check(self) -> bool:
        """Reload when the files changed since the last look; True when they had."""
        stamp = files_stamp(self.path)
        if stamp == self._stamp:
            return False
        with self._lock:
            if stamp == self._stamp:
                return False
            self._snapshot = self._load(self._snapshot.frames, stamp)
            self._stamp = stamp
        return True

    def stop(self) -> None:
        self._stop.set()

    def _start_watcher(self) -> None:
        with self._lock:
            if self._watcher_pid == os.getpid():
                return
            # A fork (gunicorn worker) inherits the attribute but not the thread.
            self._watcher_pid = os.getpid()
            self._stop = threading.Event()
            thread = threading.Thread(target=self._watch, name="veikart-roadmap-watcher", daemon=True)
            thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            try:
                self.check()
            except Exception as exc:  # the watcher must survive anything, and say so
                self._snapshot = Snapshot(
                    frames=self._snapshot.frames,
                    problems=(_problem(self.path, f"could not be reloaded: {exc}"),),
                    version=f"failed:{exc}",
                )

    def _load(self, last_frames: RoadmapFrames | None, stamp: str) -> Snapshot:
        try:
            result = load_roadmap(self.path)
        except RoadmapPathError as exc:
            return Snapshot(frames=last_frames, problems=(_problem(self.path, str(exc)),), version=stamp)
        if result.roadmap is None:
            errors = tuple(p for p in result.problems.sorted() if p.severity is Severity.ERROR)
            return Snapshot(frames=last_frames, problems=errors, version=stamp)
        frames = with_hover_texts(roadmap_frames(result.roadmap, self.lang))
        return Snapshot(frames=frames, problems=(), version=stamp)


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


def _problem(path: Path, message: str) -> Problem:
    text = message.removeprefix(f"{path}: ")
    return Problem(Location(display_path(path), 1, 1), Severity.ERROR, text)


def problem_line(problem: Problem) -> str:
    """A problem as the banner shows it: FILE:LINE: message."""
    return f"{problem.location.file}:{problem.location.line}: {problem.message}"
