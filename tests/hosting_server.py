"""Start `veikart serve --production` on loopback for a test; it stops at the end, or by itself."""

from __future__ import annotations

import contextlib
import os
import shutil
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


class ServerUrl(str):
    """The base URL of a running server; `.pid` is its gunicorn master."""

    pid: int


@contextlib.contextmanager
def production_server(
    data: Path,
    *,
    env: Mapping[str, str] | None = None,
    workers: int = 2,
    expect_healthy: bool = True,
    log: Path | None = None,
    base_path: str = "/",
) -> Iterator[ServerUrl]:
    """Run the production server for `data`; yield its base URL once it answers /healthz.

    With a `base_path` ("/veikart/", VEIKART_BASE_PATH) the URL ends with it, without its
    last slash ("http://127.0.0.1:PORT/veikart"), so `f"{base}/healthz"` is still its health
    check. The server's output goes to `log` when given (kept for the test to read), else to
    a file removed at the end.
    """
    port = free_port()
    environment = {
        **os.environ,
        "VEIKART_DATA": str(data),
        "VEIKART_PORT": str(port),
        "VEIKART_WORKERS": str(workers),
        "VEIKART_THREADS": "2",
        "VEIKART_ACCESS_LOG": "false",
        "VEIKART_BASE_PATH": base_path,
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
    base = ServerUrl(f"http://127.0.0.1:{port}{base_path.rstrip('/')}")
    base.pid = process.pid  # `python -m veikart serve --production` is gunicorn's master
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


# --- nginx, as Debian installs it ----------------------------------------------------------

NGINX = Path("/usr/sbin/nginx")
DEBIAN_NGINX = Path("/etc/nginx")
DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def debian_nginx_tree(root: Path, site: str, name: str = "veikart", keep_default: bool = True) -> Path:
    """A copy of Debian's /etc/nginx under `root` with `site` installed as the docs say.

    The site file is copied unchanged into sites-available/ and linked from sites-enabled/.
    Only Debian's own nginx.conf is pointed at `root` (its includes, pid, logs), so nginx
    runs as a test's private instance; a self-signed certificate goes to tls/.
    """
    conf = root / "nginx"
    shutil.copytree(DEBIAN_NGINX, conf, symlinks=True)
    main = (conf / "nginx.conf").read_text()
    main = main.replace("/etc/nginx/", f"{conf}/").replace("pid /run/nginx.pid;", f"pid {root}/nginx.pid;")
    main = main.replace("/var/log/nginx/", f"{root}/")
    (conf / "nginx.conf").write_text(main)
    if not keep_default:
        (conf / "sites-enabled" / "default").unlink(missing_ok=True)
    (conf / "sites-available" / name).write_text(site)
    (conf / "sites-enabled" / name).symlink_to(f"../sites-available/{name}")
    tls = conf / "tls"
    tls.mkdir()
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=veikart.intranett.example.no",
            "-keyout", str(tls / "veikart.key"), "-out", str(tls / "veikart.crt"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return conf


def nginx_command(conf: Path, *args: str) -> list[str]:
    # Debian's own prefix (its modules are found relative to it); paths in the site files are
    # relative to the folder of the -c file, as they are to /etc/nginx on a real install.
    return [str(NGINX), "-c", str(conf / "nginx.conf"), "-e", str(conf.parent / "error.log"), *args]


@contextlib.contextmanager
def nginx(conf: Path) -> Iterator[None]:
    """Run nginx (as root, daemonised) on the tree `conf`; stop it at the end."""
    subprocess.run(nginx_command(conf), check=True, capture_output=True, timeout=30)
    pid_file = conf.parent / "nginx.pid"
    try:
        deadline = time.monotonic() + 10
        while not pid_file.exists():
            assert time.monotonic() < deadline, "nginx did not write its pid file"
            time.sleep(0.05)  # polling nginx's start
        yield
    finally:
        subprocess.run(nginx_command(conf, "-s", "quit"), capture_output=True, timeout=30)
        deadline = time.monotonic() + 15
        while pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)  # polling nginx's graceful stop
        if pid_file.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text()), signal.SIGKILL)
