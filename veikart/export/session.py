"""One headless Chromium, started once, drawing many figures to PNG, SVG or PDF.

Starting Chromium costs about 3 s; drawing one more image in a running one costs about
0.3 s. Everything that writes several images (the `--all` set, a PowerPoint deck) draws
them all in one `ImageSession`.

Why not `kaleido.start_sync_server()`: its process-wide server thread dies silently when
the browser cannot start, and the next export then waits forever. This session runs the
same `kaleido.Kaleido` in a thread of its own, so a failed start is an error and every
image has a time limit.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
from collections.abc import Coroutine
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import kaleido
import plotly.graph_objects as go
from choreographer.browsers.chromium import ChromeNotFoundError

from veikart.export.browser import BrowserMissing, find_chromium

ImageFormat = Literal["png", "svg", "pdf"]
IMAGE_FORMATS: tuple[ImageFormat, ...] = ("png", "svg", "pdf")


def image_format(name: str) -> ImageFormat:
    """`name` as a format Chromium draws (png, svg or pdf); ValueError for any other."""
    for known in IMAGE_FORMATS:
        if name == known:
            return known
    raise ValueError(f"not an image format: {name!r}")


START_TIMEOUT = 60.0
"""Seconds Chromium may take to start (a cold start on a busy 2-core machine takes ~5 s)."""
IMAGE_TIMEOUT = 60.0
"""Seconds one image may take to draw."""


class ImageExportError(Exception):
    """Chromium started but could not draw an image (or did not start in time)."""


def _is_missing_browser(exc: BaseException) -> bool:
    # plotly.io turns kaleido's ChromeNotFoundError into this RuntimeError
    return isinstance(exc, ChromeNotFoundError) or (
        isinstance(exc, RuntimeError) and "requires Google Chrome" in str(exc)
    )


class ImageSession:
    """Draw figures to image bytes in one reused headless Chromium.

    Use as a context manager; the browser stops when the block ends, also on errors.
    One image is drawn at a time.
    """

    def __init__(self, browser: Path | None = None, *, image_timeout: float = IMAGE_TIMEOUT) -> None:
        self._browser = browser
        self._image_timeout = image_timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: kaleido.Kaleido | None = None
        self._lock = threading.Lock()
        self.images_drawn = 0

    @property
    def is_open(self) -> bool:
        return self._kaleido is not None

    def _run(self, coroutine: Coroutine[Any, Any, Any], timeout: float) -> Any:
        assert self._loop is not None
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise ImageExportError(f"Chromium did not answer within {timeout:.0f} s") from None

    def open(self) -> ImageSession:
        """Start Chromium; raise BrowserMissing when there is none."""
        if self.is_open:
            return self
        browser = self._browser or find_chromium()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="veikart-kaleido", daemon=True)
        self._thread.start()

        async def start() -> kaleido.Kaleido:
            # mathjax=False: no formulas in roadmaps, and no script fetched from a CDN
            renderer = kaleido.Kaleido(n=1, mathjax=False, path=str(browser), timeout=self._image_timeout)
            await renderer.open()
            return renderer

        try:
            self._kaleido = self._run(start(), START_TIMEOUT)
        except BaseException as exc:
            self._stop_loop()
            if _is_missing_browser(exc):
                raise BrowserMissing(f"Chromium at {browser} could not be started") from None
            if isinstance(exc, ImageExportError):
                raise
            reason = exc.args[0] if exc.args else type(exc).__name__
            raise ImageExportError(f"Chromium at {browser} could not be started: {reason}") from exc
        return self

    def render(
        self, figure: go.Figure, fmt: ImageFormat, width: int, height: int, scale: float = 1.0
    ) -> bytes:
        """Draw `figure` at width × height CSS pixels (× scale device pixels) as fmt."""
        if fmt not in IMAGE_FORMATS:
            raise ValueError(f"not an image format: {fmt!r}")
        if not self.is_open:
            self.open()
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        with self._lock:
            assert self._kaleido is not None
            try:
                data = self._run(self._kaleido.calc_fig(figure.to_dict(), opts=opts), self._image_timeout + 5)
            except ImageExportError:
                raise
            except Exception as exc:
                raise ImageExportError(f"Chromium could not draw the figure as {fmt}: {exc}") from exc
        self.images_drawn += 1
        return bytes(data)

    def close(self) -> None:
        """Stop Chromium and the thread driving it."""
        if self._kaleido is not None:
            renderer, self._kaleido = self._kaleido, None
            # closing is best effort: the loop stops below anyway
            with contextlib.suppress(Exception):
                self._run(renderer.close(), 20)
        self._stop_loop()

    def _stop_loop(self) -> None:
        if self._loop is None:
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)
        self._loop.close()
        self._loop = None
        self._thread = None

    def __enter__(self) -> ImageSession:
        return self.open()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
