"""Answer repeated page renders from memory: one bounded cache per roadmap snapshot.

Most requests under load are the same few views (a shared link opened by many readers,
the same filter chosen again), so the result of a page's pure `render(frames, filters,
options)` is kept, keyed by the page's render function, the normalised `Filters` and the
page's options. The cache belongs to the `Snapshot` it was filled from: a reload makes a
new snapshot with an empty cache, so nothing stale can be served, and each worker process
keeps its own (nothing is shared between readers but identical answers to identical
questions). Least recently used entries go first beyond `MAX_ENTRIES`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from veikart.app.history_choice import Shown
    from veikart.app.source import Snapshot

T = TypeVar("T")
MAX_ENTRIES = 96
"""Renders kept per worker: a few MB for the bundled roadmap, ~40 MB at 10,000 deliverables."""


class RenderCache:
    """A thread-safe least-recently-used map of render results."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()  # gthread workers answer several requests at once
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                # The key names the render function and its arguments: the value is what it returned.
                return cast(T, self._items[key])
            self.misses += 1
        # Computed outside the lock: two threads may both draw a new view once; neither waits.
        value = compute()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._max:
                self._items.popitem(last=False)
        return value


R = TypeVar("R")


def render_cached(
    snapshot: Snapshot,
    render: Callable[[Any, Any, Any], R],
    filters: Hashable,
    options: Hashable,
    shown: Shown | None = None,
) -> R:
    """`render(frames, filters, options)`, from the snapshot's cache when asked before.

    `frames` are the snapshot's, or with `shown` (`history_choice.Shown`) the frames it
    shows (the roadmap as of `?asof=`); its `key`, the as-of and baseline commit ids, is
    part of the cache key.
    """
    normalised = getattr(filters, "normalised", None)
    frames = shown.frames if shown is not None else snapshot.frames
    variant = shown.key if shown is not None else (None, None)
    key = (render.__module__, render.__qualname__, normalised() if normalised else filters, options, variant)
    return snapshot.renders.get_or_compute(key, lambda: render(frames, filters, options))


__all__ = ["MAX_ENTRIES", "RenderCache", "render_cached"]
