"""Benchmark: the Gantt view's figure build, filter callback and time to a drawn chart.

In the same run, on synthetic roadmaps (veikart.roadmap.synthetic):

1. Figure build for 1,000 and 10,000 deliverables: `gantt_figure` against `px.timeline`
   on the same rows (coloured by status, title in the hover), median of --repeat runs,
   alternating. Two numbers for veikart, both what the dashboard does per request (the
   figure builds its own hover texts, for the rows it draws): the whole roadmap, and one
   area of it (a filtered view). Also the cost of `go.Figure(...)` validating the whole
   figure, which the plain dict figure avoids. Target: whole roadmap at most 0.5x px.timeline.
2. The filter callback at 1,000 deliverables, server side: POST /_dash-update-component
   to the app in-process (Flask test client) with a mix of filters, against the shell's
   version poll as a baseline round trip. Target: p95 under 250 ms.
3. Navigation until the chart is drawn in headless Chromium against a real `veikart
   serve` for 1,000 and 5,000 deliverables: the first visit of a shared link (a new
   browser context: empty cache) and a second one, against the not-found page (same app,
   no chart) as the baseline. Targets: first visit under 1.2 s and 2.5 s, again under
   1.0 s and 2.5 s. With `--before REF` the same visits are made, interleaved, to a server
   running the code of git REF (exported to a temporary folder), so before and after are
   measured in the same run on the same machine.

    python bench/bench_gantt.py [--repeat 7] [--skip-browser] [--before 04508aa]

Everything it starts (servers, Chromium) is stopped at the end, or by itself after
LIFETIME seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import plotly.express as px
import plotly.graph_objects as go

from veikart.export.browser import DEFAULT_BROWSER, HEADLESS_FLAGS
from veikart.figures.gantt import gantt_figure
from veikart.figures.options import FigureOptions
from veikart.filters import Filters, filter_frames
from veikart.frames import RoadmapFrames, roadmap_frames
from veikart.roadmap.load import load_text
from veikart.roadmap.synthetic import synthetic_roadmap_yaml

BUILD_TARGET = 0.5
CALLBACK_P95_TARGET = 0.250
DRAWN_TARGETS = {1000: 1.0, 5000: 2.5}
FIRST_VISIT_TARGETS = {1000: 1.2, 5000: 2.5}
ROOT = Path(__file__).resolve().parent.parent
LIFETIME = 300


def seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def frames_of(n: int) -> RoadmapFrames:
    result = load_text(synthetic_roadmap_yaml(n))
    assert result.roadmap is not None
    return roadmap_frames(result.roadmap)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


# --- 1. figure build ---------------------------------------------------------------------


def bench_build(repeat: int) -> bool:
    print("1. Gantt figure build vs px.timeline (same rows, median)")
    ok = True
    options = FigureOptions(today=dt.date(2023, 6, 1), legend=False, fit_width=1860)
    for n in (1000, 10000):
        frames = frames_of(n)
        area = filter_frames(frames, Filters(area=(str(frames.areas["id"].iloc[0]),)))
        rows = frames.deliverables
        whole_figure = gantt_figure(frames, options)

        def baseline(rows=rows) -> object:
            return px.timeline(
                rows, x_start="start", x_end="finish", y="service_name", color="status", hover_name="title"
            )

        jobs = {
            "px": baseline,
            "whole": lambda frames=frames: gantt_figure(frames, options),
            "area": lambda area=area: gantt_figure(area, options),
            "validate": lambda figure=whole_figure: go.Figure(figure),
        }
        for job in jobs.values():  # warm imports and caches
            job()
        times: dict[str, list[float]] = {name: [] for name in jobs}
        for _ in range(repeat):
            for name, job in jobs.items():
                times[name].append(seconds(job))
        median = {name: statistics.median(values) for name, values in times.items()}
        ratio = median["whole"] / median["px"]
        ok &= ratio <= BUILD_TARGET
        print(
            f"   {n:>6} deliverables: px.timeline {median['px'] * 1000:6.1f} ms | whole roadmap "
            f"{median['whole'] * 1000:6.1f} ms = {ratio:.2f}x [{verdict(ratio <= BUILD_TARGET)}, "
            f"target <= {BUILD_TARGET}x] | one area ({len(area.deliverables)} rows) "
            f"{median['area'] * 1000:6.1f} ms = {median['area'] / median['px']:.2f}x | "
            f"go.Figure(figure) would add {median['validate'] * 1000:6.1f} ms"
        )
    return ok


# --- 2. filter callback ------------------------------------------------------------------


def bench_callback(repeat: int, folder: Path) -> bool:
    print("2. Filter callback at 1,000 deliverables (server side, in-process)")
    from veikart.app import create_dashboard

    path = folder / "bench-1000.yaml"
    path.write_text(synthetic_roadmap_yaml(1000), encoding="utf-8")
    dashboard = create_dashboard(path, watch=False)
    app = dashboard.app
    client = app.server.test_client()
    assert client.get("/").status_code == 200  # sets up the pages router
    frames = dashboard.source.snapshot().frames
    callbacks = app.callback_map
    chart_key = next(k for k in callbacks if "gantt-graph.figure" in k)
    poll_key = next(k for k in callbacks if k.startswith("..shell-version.data"))

    def outputs_of(key: str) -> list[dict]:
        spec = callbacks[key]
        outs = [{"id": o.component_id, "property": o.component_property} for o in _outputs(app, key)]
        return outs or [{"id": spec["output"].split(".")[0], "property": spec["output"].split(".")[1]}]

    def payload(key: str, values: dict[str, object]) -> dict:
        spec = callbacks[key]
        inputs = []
        for item in spec["inputs"]:
            name = f"{_id_text(item['id'])}.{item['property']}"
            inputs.append({"id": item["id"], "property": item["property"], "value": values.get(name)})
        return {
            "output": key,
            "outputs": outputs_of(key),
            "inputs": inputs,
            "state": [
                {
                    "id": s["id"],
                    "property": s["property"],
                    "value": values.get(f"{_id_text(s['id'])}.{s['property']}"),
                }
                for s in spec.get("state", [])
            ],
            "changedPropIds": [next(iter(values))],
        }

    rng = random.Random(1)
    areas = list(frames.areas["id"])
    statuses = ["available", "establishing", "planning"]
    requests = []
    for i in range(repeat * 6):
        values: dict[str, object] = {
            "gantt-filter-area.value": rng.sample(areas, k=rng.randint(0, 2)),
            "gantt-filter-status.value": rng.sample(statuses, k=rng.randint(0, 2)),
            "gantt-filter-q.value": rng.choice(["", "api", "pilot", ""]),
            "gantt-filter-critical.value": rng.random() < 0.2,
            "gantt-color-by.value": rng.choice(["status", "phase"]),
            "gantt-dependencies.value": i % 3 == 0,
            "gantt-selected.value": "",
            '{"page":"gantt","type":"page-version"}.value': "v",
        }
        requests.append(payload(chart_key, values))
    poll = payload(
        poll_key, {"shell-poll.n_intervals": 1, "shell-version.data": dashboard.source.snapshot().version}
    )

    def post(body: dict) -> float:
        start = time.perf_counter()
        response = client.post(
            "/_dash-update-component", data=json.dumps(body), content_type="application/json"
        )
        elapsed = time.perf_counter() - start
        assert response.status_code in (200, 204), response.data[:500]
        sizes.append(len(response.data))
        answers.append(response.data)
        return elapsed

    sizes: list[int] = []
    answers: list[bytes] = []
    post(requests[0])
    chart = [post(body) for body in requests]
    assert all(b'"figure"' in answer and b'"barmode"' in answer for answer in answers), (
        "the chart callback answered without a figure"
    )
    polls = [post(poll) for _ in range(len(requests))]
    p95 = statistics.quantiles(chart, n=20)[18]
    print(
        f"   filter callback: p50 {statistics.median(chart) * 1000:5.1f} ms, p95 {p95 * 1000:5.1f} ms "
        f"[{verdict(p95 < CALLBACK_P95_TARGET)}, target p95 < {CALLBACK_P95_TARGET * 1000:.0f} ms] "
        f"| baseline version poll p50 {statistics.median(polls) * 1000:.1f} ms "
        f"({len(chart)} requests, median answer {statistics.median(sizes[: len(chart)]) / 1000:.0f} kB)"
    )
    return p95 < CALLBACK_P95_TARGET


def _id_text(component_id: object) -> str:
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)


def _outputs(app: object, key: str) -> list:
    from dash._utils import split_callback_id

    parts = split_callback_id(key)
    parts = parts if isinstance(parts, list) else [parts]

    def component(text: str) -> object:
        return json.loads(text) if text.startswith("{") else text

    return [
        type("O", (), {"component_id": component(p["id"]), "component_property": p["property"]})
        for p in parts
    ]


# --- 3. navigation until drawn -----------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(path: Path, code: Path = ROOT) -> tuple[subprocess.Popen, str]:
    """`veikart serve PATH` running the veikart package found in `code`."""
    port = free_port()
    command = [
        "timeout",
        str(LIFETIME),
        sys.executable,
        "-m",
        "veikart",
        "serve",
        str(path),
        "--port",
        str(port),
    ]
    env = {**os.environ, "PYTHONPATH": str(code)}
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=env,
        cwd=code,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/", timeout=5):
                return process, url
        except OSError:
            time.sleep(0.1)  # polling the server's start
    stop(process)
    raise RuntimeError("veikart serve did not start")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def export_code(ref: str, folder: Path) -> Path:
    """The files of git `ref` in `folder` (git archive: no worktree, nothing checked out)."""
    target = folder / f"code-{ref}"
    target.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", ref], check=True, capture_output=True, timeout=60
    )
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True, timeout=60)
    return target


@dataclass
class Visits:
    cold: list[float]
    warm: list[float]
    base: list[float]

    def medians(self) -> tuple[float, float, float]:
        return statistics.median(self.cold), statistics.median(self.warm), statistics.median(self.base)


def bench_browser(repeat: int, folder: Path, before: str | None) -> bool:
    print("3. Navigation until the chart is drawn, headless Chromium (median)")
    from playwright.sync_api import sync_playwright

    codes = {"now": ROOT}
    if before:
        codes[before] = export_code(before, folder)
    ok = True
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=DEFAULT_BROWSER, args=list(HEADLESS_FLAGS))
        try:
            for n in (1000, 5000):
                path = folder / f"bench-{n}.yaml"
                path.write_text(synthetic_roadmap_yaml(n), encoding="utf-8")
                frames = frames_of(n)
                bars = int((~frames.deliverables["is_milestone"]).sum())
                servers = {name: start_server(path, code) for name, code in codes.items()}
                try:
                    visits = {name: Visits([], [], []) for name in servers}
                    for _ in range(max(3, repeat // 2)):
                        for name, (_process, url) in servers.items():  # interleaved: same machine state
                            context = browser.new_context(viewport={"width": 1920, "height": 1080})
                            page = context.new_page()
                            visits[name].cold.append(_drawn(page, url + "/tidslinje", bars))
                            visits[name].warm.append(_drawn(page, url + "/tidslinje", bars))
                            visits[name].base.append(_not_found(page, url + "/ingen-side"))
                            context.close()
                    first, second, baseline = visits["now"].medians()
                    ok &= second < DRAWN_TARGETS[n] and first < FIRST_VISIT_TARGETS[n]
                    print(
                        f"   {n:>5} deliverables: first visit {first:5.2f} s "
                        f"[{verdict(first < FIRST_VISIT_TARGETS[n])}, target < {FIRST_VISIT_TARGETS[n]} s], "
                        f"again {second:5.2f} s [{verdict(second < DRAWN_TARGETS[n])}, target < "
                        f"{DRAWN_TARGETS[n]} s] | baseline page without chart {baseline:5.2f} s"
                    )
                    if before:
                        old_first, old_second, old_base = visits[before].medians()
                        print(
                            f"          before ({before}): first visit {old_first:5.2f} s, again "
                            f"{old_second:5.2f} s, page without chart {old_base:5.2f} s | now/before: "
                            f"first visit {first / old_first:.2f}x, again {second / old_second:.2f}x"
                        )
                finally:
                    for process, _url in servers.values():
                        stop(process)
        finally:
            browser.close()
    return ok


def _drawn(page: object, url: str, bars: int) -> float:
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_function(
        "n => document.querySelectorAll('#gantt-graph .barlayer .point').length >= n",
        arg=bars,
        timeout=60_000,
    )
    return time.perf_counter() - start


def _not_found(page: object, url: str) -> float:
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector("#not-found", timeout=60_000)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--skip-build", action="store_true", help="only the browser part")
    parser.add_argument("--before", help="also measure the browser part on this git ref's code")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = [] if args.skip_build else [bench_build(args.repeat), bench_callback(args.repeat, folder)]
        if not args.skip_browser:
            results.append(bench_browser(args.repeat, folder, args.before))
    print("all targets met" if all(results) else "some targets missed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
