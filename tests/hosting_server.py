"""Start `veikart serve --production` on loopback for a test; it stops at the end, or by itself."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

LIFETIME_SECONDS = 300
"""The server is killed after this long even if a test hangs."""
START_SECONDS = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, headers: Mapping[str, str] | None = None, timeout: float = 30) -> tuple[int, dict, bytes]:
    """(status, headers, body) of a GET, without raising for 4xx/5xx."""
    request = urllib.request.Request(url, headers=dict(headers or {}))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@contextlib.contextmanager
def production_server(
    data: Path,
    *,
    env: Mapping[str, str] | None = None,
    workers: int = 2,
    expect_healthy: bool = True,
    log: Path | None = None,
) -> Iterator[str]:
    """Run the production server for `data`; yield its base URL once it answers /healthz.

    The server's output goes to `log` when given (kept for the test to read), else to a
    file removed at the end.
    """
    port = free_port()
    environment = {
        **os.environ,
        "VEIKART_DATA": str(data),
        "VEIKART_PORT": str(port),
        "VEIKART_WORKERS": str(workers),
        "VEIKART_THREADS": "2",
        "VEIKART_ACCESS_LOG": "false",
        **(env or {}),
    }
    command = [sys.executable, "-m", "veikart", "serve", "--production"]
    keep_log = log is not None
    log = log or Path(os.environ.get("TMPDIR", "/tmp")) / f"veikart-prod-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            command, env=environment, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    guard = threading.Timer(LIFETIME_SECONDS, lambda: _kill(process))
    guard.daemon = True
    guard.start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the production server stopped:\n{log.read_text()}")
            with contextlib.suppress(OSError):
                status, _, _ = get(f"{base}/healthz", timeout=5)
                if status == 200 or (status == 503 and not expect_healthy):
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the production server did not answer in {START_SECONDS} s:\n{log.read_text()}"
                )
            time.sleep(0.1)  # polling the server's start, not waiting for a result
        yield base
    finally:
        guard.cancel()
        _kill(process)
        if not keep_log:
            log.unlink(missing_ok=True)


def _kill(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
