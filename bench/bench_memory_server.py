"""Memory of the production server, for the systemd unit's MemoryMax= (docs/operations.md).

1. Starts `veikart serve --production` with N workers (default 4) on a free loopback port,
   loads every page once per worker so each has built its figures, and sums the resident
   memory (RSS) of the master and the workers: the idle footprint.
2. Runs one image export (`veikart export --format png`), which starts the same headless
   Chromium a "Last ned" download starts in a worker, and samples the peak RSS of that
   Chromium's processes every 50 ms.

Memory is PSS (proportional set size): pages shared between processes (Chromium's many
processes, gunicorn's forked workers) are split among them, so the sums are what the
processes hold together; plain RSS would count Chromium's shared pages once per process
(about 1 GB instead of the real figure). Prints the figures and the MemoryMax they imply:
idle + exports x Chromium peak, plus a quarter for a larger roadmap and Python's growth.

    python bench/bench_memory_server.py [--workers 4] [--exports N]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "roadmap.yaml"
MB = 1024 * 1024


def rss(pid: int) -> int:
    """Proportional resident bytes (PSS) of one process: shared pages split among their users,
    so the sum over processes is what the machine holds (0 when the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base: str, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server stopped")
        with contextlib.suppress(OSError), urllib.request.urlopen(base + "/healthz", timeout=5) as response:
            if response.status == 200:
                return
        time.sleep(0.2)
    raise SystemExit("the server did not start")


def idle_footprint(workers: int) -> tuple[int, list[int]]:
    port = free_port()
    env = {
        **os.environ,
        "VEIKART_PORT": str(port),
        "VEIKART_WORKERS": str(workers),
        "VEIKART_ACCESS_LOG": "0",
    }
    command = [sys.executable, "-m", "veikart", "serve", str(BUNDLED), "--production"]
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process, time.monotonic() + 120)
        for _ in range(workers * 3):  # spread over the workers: each builds its pages
            for path in ("/", "/faser", "/tabell", "/_dash-layout", "/_dash-dependencies"):
                with urllib.request.urlopen(base + path, timeout=60) as response:
                    response.read()
        time.sleep(2)
        worker_rss = [rss(pid) for pid in descendants(process.pid)]
        return rss(process.pid), worker_rss
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def export_peak() -> int:
    with tempfile.TemporaryDirectory() as folder:
        command = [
            sys.executable,
            "-m",
            "veikart",
            "export",
            str(BUNDLED),
            "--format",
            "png",
            "--out",
            f"{folder}/x.png",
        ]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.wait(0.05):
                chromium = [p for p in descendants(process.pid) if "chrom" in _name(p)]
                peak = max(peak, sum(rss(p) for p in chromium))

        thread = threading.Thread(target=sample)
        thread.start()
        process.wait(timeout=180)
        stop.set()
        thread.join()
        if process.returncode != 0:
            raise SystemExit("the export failed")
        return peak


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text()
    except OSError:
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--exports",
        type=int,
        default=None,
        help="concurrent exports to allow for [default: one per worker, the most there can be]",
    )
    args = parser.parse_args()
    master, workers = idle_footprint(args.workers)
    chromium = export_peak()
    idle = master + sum(workers)
    print(f"master: {master / MB:.0f} MB")
    print(f"workers ({len(workers)}): " + ", ".join(f"{w / MB:.0f}" for w in workers) + " MB")
    print(
        f"idle total: {idle / MB:.0f} MB ({idle / MB / max(1, len(workers)):.0f} MB per worker incl. master share)"
    )
    print(f"one export's Chromium, peak: {chromium / MB:.0f} MB")
    exports = args.exports if args.exports is not None else len(workers)  # each worker exports one at a time
    limit = (idle + exports * chromium) * 1.25
    print(f"MemoryMax for {len(workers)} workers and {exports} concurrent exports: {limit / MB:.0f} MB")


if __name__ == "__main__":
    main()
