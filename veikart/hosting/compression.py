"""Validators and compression for every response: one ETag per resource, brotli or gzip per reader.

Why not flask-compress: it appends the encoding to a strong ETag ("abc:br"), so a reader
whose browser revalidates a file never matched it and got the whole file again (367 KB
of plotly.js on every navigation), and it compressed streamed files (all of /assets)
with brotli only, so a reader accepting only gzip got them uncompressed.

Here, every revalidated response (pages, layout, non-fingerprinted files) carries a
weak ETag that is the same for every encoding: `W/"..."` says "the same content", which
is what a brotli and a gzip copy of one file are (RFC 9110 8.8.1; nginx's gzip does the
same). Conditional requests are answered 304 from it. Then the body is compressed with
the best encoding the reader accepts, brotli or gzip.

The JavaScript of Dash's component suites and the assets cannot change under one path
and validator while the process runs, so each worker compresses each such file once per
encoding, at a higher level, and keeps the result (bounded; about 4 MB per worker).
"""

from __future__ import annotations

import gzip
import hashlib
import re
import threading

import brotli
import flask

from veikart.hosting.headers import NO_STORE, REVALIDATE

ENCODINGS = ("br", "gzip")
"""Preference order when a reader accepts both."""
COMPRESSIBLE = frozenset(
    {
        "text/html",
        "text/css",
        "text/plain",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/manifest+json",
        "image/svg+xml",
        "image/x-icon",
        "image/vnd.microsoft.icon",
    }
)
MIN_SIZE = 500
"""Smaller bodies gain less than the Content-Encoding header costs."""
DYNAMIC_LEVELS = {"br": 5, "gzip": 6}
FILE_LEVELS = {"br": 9, "gzip": 9}
"""Files are compressed once per worker: brotli 9 takes 0.4 s for plotly.min.js, 11 takes 7 s."""
CACHE_LIMIT_BYTES = 64 * 1024 * 1024

PAGE_TOKEN = re.compile(rb'"end_id":"[^"]*"')
"""Dash signs a fresh token into every page for background callbacks, which veikart does not
use; it is left out of the page's ETag so that an unchanged page revalidates."""


def compress(data: bytes, encoding: str, level: int) -> bytes:
    if encoding == "br":
        packed: bytes = brotli.compress(data, quality=level)  # brotli has no type information
        return packed
    return gzip.compress(data, compresslevel=level, mtime=0)


def body_etag(body: bytes, mimetype: str | None) -> str:
    """A validator of a generated body: its hash, without the per-page token of HTML pages."""
    if mimetype == "text/html":
        body = PAGE_TOKEN.sub(b"", body)
    return hashlib.sha256(body).hexdigest()[:32]


class FileCache:
    """Compressed bytes of unchanging files by (encoding, path, validator); bounded in size."""

    def __init__(self, limit_bytes: int = CACHE_LIMIT_BYTES) -> None:
        self._items: dict[tuple[str, str, str], bytes] = {}
        self._size = 0
        self._limit = limit_bytes
        self._lock = threading.Lock()  # gthread workers serve several requests at once

    def get(self, key: tuple[str, str, str]) -> bytes | None:
        return self._items.get(key)

    def put(self, key: tuple[str, str, str], value: bytes) -> None:
        with self._lock:
            if key in self._items or self._size + len(value) > self._limit:
                return
            self._items[key] = value
            self._size += len(value)

    @property
    def size(self) -> int:
        return self._size


class Compression:
    """The after-request step that adds validators, answers 304s and compresses."""

    def __init__(self, server: flask.Flask) -> None:
        self.cache = FileCache()
        server.after_request(self.after_request)

    def after_request(self, response: flask.Response) -> flask.Response:
        request = flask.request
        compressible = response.mimetype in COMPRESSIBLE
        if compressible:
            response.vary.add("Accept-Encoding")
        cache_control = response.headers.get("Cache-Control", "")
        file_tag, _ = response.get_etag()
        if request.method in ("GET", "HEAD") and response.status_code in (200, 304):
            if cache_control == REVALIDATE:
                tag = file_tag or body_etag(self._body(response), response.mimetype)
                response.set_etag(tag, weak=True)
                response.make_conditional(request)
            elif cache_control != NO_STORE and file_tag:
                response.set_etag(file_tag, weak=True)  # one validator for every encoding
        if (
            not compressible
            or response.status_code != 200
            or request.method == "HEAD"
            or "Content-Encoding" in response.headers
        ):
            return response
        encoding = request.accept_encodings.best_match(ENCODINGS)
        if encoding is None:
            return response
        unchanging = bool(file_tag) or "immutable" in cache_control
        key = (encoding, request.path, file_tag or "")
        packed = self.cache.get(key) if unchanging else None
        if packed is None:
            body = self._body(response)
            if len(body) < MIN_SIZE:
                return response
            levels = FILE_LEVELS if unchanging else DYNAMIC_LEVELS
            packed = compress(body, encoding, levels[encoding])
            if unchanging:
                self.cache.put(key, packed)
        else:
            # The file is not read: its compressed copy is known. Close the file with the response.
            response.direct_passthrough = False
            close = getattr(response.response, "close", None)
            if close is not None:
                response.call_on_close(close)
        response.set_data(packed)
        response.headers["Content-Encoding"] = encoding
        return response

    @staticmethod
    def _body(response: flask.Response) -> bytes:
        response.direct_passthrough = False  # files from send_file: read them to hash or compress
        return response.get_data()


def enable_compression(server: flask.Flask) -> Compression:
    """Add ETags, 304s and brotli/gzip to every response of `server` (register before the headers)."""
    return Compression(server)
