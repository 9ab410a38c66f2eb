"""Brotli and gzip compression of responses, with compressed fingerprinted files kept in memory.

plotly.js is about 4.6 MB; compressing it for every page load would cost each worker
a few hundred milliseconds of CPU. The JavaScript of Dash's component suites comes from
installed packages and cannot change while the process runs, so each worker compresses
each file once per algorithm and keeps the result (a few MB per worker); everything else
(pages, callback JSON) is compressed per response.
"""

from __future__ import annotations

import threading

import flask
from flask_compress import Compress

ALGORITHMS = ("br", "gzip")
"""Preference order when a browser accepts both."""
CACHE_LIMIT_BYTES = 64 * 1024 * 1024


def _cache_key(request: flask.Request) -> str:
    """The request path for files of Dash's component suites, else '' (which the cache never stores)."""
    # These are files of installed packages: under one path they cannot change while the
    # process runs (an upgrade restarts it). That holds also for the few Dash loads without
    # a fingerprint (plotly.min.js, async-graph.js), which are the largest.
    if request.method == "GET" and "/_dash-component-suites/" in request.path:
        return request.path
    return ""


class ComponentFileCache:
    """Compressed bytes of immutable files, by '<algorithm>;<path>'; bounded in size."""

    def __init__(self, limit_bytes: int = CACHE_LIMIT_BYTES) -> None:
        self._items: dict[str, bytes] = {}
        self._size = 0
        self._limit = limit_bytes
        self._lock = threading.Lock()  # gthread workers serve several requests at once

    def get(self, key: str) -> bytes | None:
        return self._items.get(key)

    def set(self, key: str, value: bytes) -> None:
        if key.endswith(";"):
            return  # not fingerprinted: never reuse
        with self._lock:
            if key in self._items or self._size + len(value) > self._limit:
                return
            self._items[key] = value
            self._size += len(value)


def enable_compression(server: flask.Flask) -> Compress:
    """Compress text responses (HTML, JS, CSS, JSON) with brotli or gzip, as the browser accepts."""
    server.config.update(
        COMPRESS_ALGORITHM=list(ALGORITHMS),
        COMPRESS_ALGORITHM_STREAMING=["br"],
        COMPRESS_LEVEL=6,
        COMPRESS_BR_LEVEL=5,
        COMPRESS_MIN_SIZE=500,
        COMPRESS_CACHE_KEY=_cache_key,
        COMPRESS_CACHE_BACKEND=ComponentFileCache,
    )
    return Compress(server)
