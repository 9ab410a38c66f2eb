"""A small thread-safe LRU for values read from git: keyed by object or commit ids, which
never change, so an entry never goes stale; the bound only limits memory."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """Least-recently-used mapping of at most `size` entries, safe to share between threads.

    Values are computed outside the lock: two threads asking for the same missing key at
    once may both compute it (the same value), but neither waits on the other's git call.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            if key not in self._data:
                return None
            self._data.move_to_end(key)
            return self._data[key]

    def __contains__(self, key: K) -> bool:
        with self._lock:
            return key in self._data

    def put(self, key: K, value: V) -> V:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value

    def get_or_compute(self, key: K, compute: Callable[[], V]) -> V:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        return self.put(key, compute())

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)


class Memo(Generic[K, V]):
    """A bounded memo for many small, cheap-to-redo entries, without a lock.

    Each lookup is one `dict` operation, atomic in CPython, so threads may share it; when
    it holds `size` entries it starts afresh (simpler and cheaper per lookup than an LRU,
    which matters at 50,000 lookups per comparison).
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: dict[K, V] = {}

    def get_or_compute(self, key: K, compute: Callable[[], V]) -> V:
        try:
            return self._data[key]
        except KeyError:
            pass
        value = compute()
        if len(self._data) >= self.size:
            self._data = {}
        self._data[key] = value
        return value

    def clear(self) -> None:
        self._data = {}

    def __len__(self) -> int:
        return len(self._data)


__all__ = ["LruCache", "Memo"]
