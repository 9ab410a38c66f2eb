"""Benchmark: the timeline's filter callback with `?baseline=` at 1,000 deliverables.

Builds a git repository in a temporary folder (`bench_diff.build_repository`: a generated
roadmap of 1,000 deliverables as a directory of files, 50 commits that slip, retitle,
re-status, add and remove deliverables, the first commit tagged `start`), makes the
dashboard in this process (`create_dashboard(..., watch=False)`), and draws the timeline's
page once for `?baseline=start`, as a reader's first visit does (that loads the version and
builds the comparison; its time is printed too).

Then it posts the Gantt chart's callback (`/_dash-update-component`, through Flask's test
client: routing, input checks, JSON both ways; no network) for a series of filter choices
(none: all 1,000 deliverables; every area, every status, a search), alternating with and without the baseline so a busy
neighbour slows both alike:

- uncached: the snapshot's render cache emptied before each call (a choice nobody made
  before: the figure is drawn, with ghosts and badges when comparing);
- cached: the same choices again (answered from the render cache).

Prints p50/p95 of each and the ratio with/without baseline measured in the same run.
Target: the uncached `?baseline=` callback's p95 under 300 ms.

    python bench/bench_baseline_callback.py [--deliverables 1000] [--commits 50] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_diff import build_repository

from veikart.app.factory import create_dashboard
from veikart.app.history_choice import layout_shown

TARGET_MS = 300.0
OUTPUT = "gantt-graph.figure"


def callback_key(app: Any) -> str:
    found = [key for key in app.callback_map if OUTPUT in key]
    assert len(found) == 1, found
    return found[0]


def outputs_of(key: str) -> list[dict[str, Any]]:
    from dash._utils import split_callback_id

    parts = split_callback_id(key)
    parts = parts if isinstance(parts, list) else [parts]
    return [
        {
            "id": json.loads(p["id"]) if p["id"].startswith("{") else p["id"],
            "property": p["property"].split("@")[0],
        }
        for p in parts
    ]


def body(app: Any, values: dict[str, Any], changed: str) -> dict[str, Any]:
    """The request dash-renderer sends for the Gantt callback, with `values` by "id.property"."""
    key = callback_key(app)
    spec = app.callback_map[key]

    def text(component_id: Any) -> str:
        if isinstance(component_id, dict):
            return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
        return str(component_id)

    def entries(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {
                "id": item["id"],
                "property": item["property"],
                "value": values.get(f"{text(item['id'])}.{item['property']}"),
            }
            for item in items
        ]

    return {
        "output": key,
        "outputs": outputs_of(key),
        "inputs": entries(spec["inputs"]),
        "state": entries(spec.get("state", [])),
        "changedPropIds": [changed],
    }


def choices(frames: Any) -> list[tuple[str, Any]]:
    """Filter choices a reader makes: all (the filter cleared), each area, each status, a search."""
    out: list[tuple[str, Any]] = [("gantt-filter-area.value", [])]
    out += [("gantt-filter-area.value", [a]) for a in frames.areas["id"]]
    out += [("gantt-filter-status.value", [s]) for s in ("planning", "establishing", "available")]
    out += [("gantt-filter-q.value", "leveranse 1")]
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliverables", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = build_repository(Path(tmp), "directory", args.deliverables, args.commits)
        started = time.perf_counter()
        dashboard = create_dashboard(path, watch=False)
        made = time.perf_counter() - started
        app, source = dashboard.app, dashboard.source
        client = app.server.test_client()
        assert client.get("/").status_code == 200
        snapshot = source.snapshot()
        started = time.perf_counter()
        shown = layout_shown(source, snapshot, {"baseline": "start"}, "nb")
        first_layout = time.perf_counter() - started
        assert shown.comparison is not None
        changes = len(shown.comparison.report.changes)
        started = time.perf_counter()
        response = client.get(
            "/_dash-layout", headers={"Referer": "http://localhost/tidslinje?baseline=start"}
        )
        page_layout = time.perf_counter() - started
        assert response.status_code == 200 and "change-summary" in response.get_data(as_text=True)
        assert snapshot.frames is not None
        runs: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.rounds):
            for cached in (False, True):
                for changed, value in choices(snapshot.frames):
                    for history in ("", "baseline=start"):
                        values = {changed: value, "gantt-history-value.value": history}
                        request = body(app, values, changed)
                        if not cached:
                            snapshot.renders._items.clear()  # a choice nobody made before
                        started = time.perf_counter()
                        answer = client.post("/_dash-update-component", json=request)
                        elapsed = (time.perf_counter() - started) * 1000
                        assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
                        if history:
                            names = [
                                t.get("name")
                                for t in answer.get_json()["response"]["gantt-graph"]["figure"]["data"]
                            ]
                            assert (
                                "baseline-ghosts" in names
                                or "baseline-removed" in names
                                or changed.endswith("q.value")
                            )
                        key = ("cached" if cached else "uncached", "baseline" if history else "none")
                        runs.setdefault(key, []).append(elapsed)
    print(
        f"{args.deliverables:,} deliverables, {args.commits} commits; {changes} changes since `start`; "
        f"dashboard made in {made:.2f} s (history read: revisions, last changes, staleness)"
    )
    print(
        f"first layout with ?baseline=start (version loaded, comparison built): {first_layout * 1000:.0f} ms"
    )
    print(f"page layout with ?baseline=start afterwards (/_dash-layout): {page_layout * 1000:.0f} ms")
    print(f"{'callback':>10} {'baseline':>9} {'n':>4} {'p50':>8} {'p95':>8}")
    for (cache, history), values in sorted(runs.items()):
        print(
            f"{cache:>10} {history:>9} {len(values):>4} {statistics.median(values):>6.0f}ms "
            f"{percentile(values, 95):>6.0f}ms"
        )
    for cache in ("uncached", "cached"):
        with_baseline = statistics.median(runs[(cache, "baseline")])
        without = statistics.median(runs[(cache, "none")])
        print(f"ratio baseline/none ({cache}, p50): {with_baseline / without:.2f}x")
    p95 = percentile(runs[("uncached", "baseline")], 95)
    verdict = "PASS" if p95 < TARGET_MS else "FAIL"
    print(f"result: {verdict} (uncached ?baseline= callback p95 {p95:.0f} ms, target < {TARGET_MS:.0f} ms)")
    return 0 if p95 < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
