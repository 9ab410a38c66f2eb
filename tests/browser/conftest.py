"""Browser-test fixtures: a real `veikart serve` subprocess and headless Chromium.

- `served_roadmap`: one server on the bundled roadmap for the whole session (read-only).
- `start_server(path, lang="nb", args=(), env=None)`: start another server, e.g. on a tmp copy
  for live-reload tests, or with `args=("--public",)`; it is stopped when the requesting
  test's scope (module or function) ends. `env` adds environment variables (None removes one).
- `browser` (from tests/conftest.py): one headless Debian Chromium for the whole test session.
- `page`: a fresh page per test that records console errors and page errors; the test fails
  at teardown if there were any; `console.errors` lists them during the test.

Every server listens on 127.0.0.1 on a free port, runs under `timeout` so it dies by
itself after LIFETIME_SECONDS even if pytest is killed, and is killed at teardown.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "roadmap.yaml"
LIFETIME_SECONDS = 600
"""A server is killed after this long whatever happens to the test run."""
START_SECONDS = 60
WAIT_MS = 15_000
"""Default wait for a condition in the browser (a loaded 2-core machine can be slow)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running `veikart serve`."""

    url: str
    path: Path
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with _suppress():
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


class _suppress:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return True


def launch_server(
    path: Path,
    log_dir: Path,
    lang: str = "nb",
    args: tuple[str, ...] = (),
    env: dict[str, str | None] | None = None,
) -> Server:
    """Start `veikart serve PATH [ARGS]` and return once it answers."""
    port = free_port()
    log = log_dir / f"serve-{port}.log"
    command = [
        "timeout",
        "--kill-after=5",
        str(LIFETIME_SECONDS),
        sys.executable,
        "-m",
        "veikart",
        "serve",
        str(path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--lang",
        lang,
        *args,
    ]
    environ = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True, env=environ
        )
    server = Server(url=f"http://127.0.0.1:{port}", path=path, process=process, log=log)
    deadline = time.monotonic() + START_SECONDS
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"veikart serve stopped (exit {process.returncode}):\n{server.output()}")
        try:
            with urllib.request.urlopen(server.url + "/", timeout=5) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"veikart serve did not answer in {START_SECONDS} s:\n{server.output()}")
        time.sleep(0.1)  # polling the server's start, not waiting for a result


@pytest.fixture(scope="session")
def server_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("servers")


@pytest.fixture(scope="session")
def served_roadmap(server_logs: Path) -> Iterator[Server]:
    """`veikart serve data/roadmap.yaml` for the whole session (tests must not edit it)."""
    server = launch_server(BUNDLED, server_logs)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def start_server(server_logs: Path) -> Iterator[Callable[..., Server]]:
    """A function starting `veikart serve` on a path; servers stop when the module ends."""
    started: list[Server] = []

    def start(
        path: Path, lang: str = "nb", args: tuple[str, ...] = (), env: dict[str, str | None] | None = None
    ) -> Server:
        server = launch_server(Path(path), server_logs, lang, args, env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def roadmap_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tmp copy of the bundled roadmap, for tests that edit it."""
    folder = tmp_path_factory.mktemp("roadmap")
    target = folder / "roadmap.yaml"
    shutil.copy(BUNDLED, target)
    return target


@dataclass
class ConsoleLog:
    errors: list[str] = field(default_factory=list)


_CONSOLES: dict[int, ConsoleLog] = {}


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A new page (1280x900) whose console errors and page errors fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(WAIT_MS)
    new_page = context.new_page()
    log = ConsoleLog()
    new_page.on(
        "console", lambda message: log.errors.append(message.text) if message.type == "error" else None
    )
    new_page.on("pageerror", lambda error: log.errors.append(f"page error: {error}"))
    _CONSOLES[id(new_page)] = log
    yield new_page
    _CONSOLES.pop(id(new_page), None)
    context.close()
    assert log.errors == [], "errors in the browser console"


@pytest.fixture
def console(page) -> ConsoleLog:
    """The console errors of `page` so far: end a test with `assert console.errors == []`."""
    return _CONSOLES[id(page)]
