"""Benchmark: the Gantt figure with a baseline against the same figure without one.

The dashboard's `?baseline=` callback (target: p95 under 300 ms at 1,000 deliverables)
does, per request, what the figure side does here: compare the roadmap with the baseline
(`baseline_changes`, cacheable per snapshot and revision, timed on its own) and build the
Gantt figure with ghosts, badges and removed items. In the same run, on a synthetic
roadmap of 1,000 deliverables (format version 2: estimates, risks) and an older version of
it (a quarter of the deliverables moved by -3..+3 quarters, 8 % new, 80 removed):

- `baseline_changes(frames, baseline_frames)`;
- `gantt_figure` of the whole roadmap and of one area, with and without the baseline,
  alternating, median and p95 of --repeat runs: the ratio says what a baseline costs.

    python bench/bench_baseline.py [--repeat 21] [--n 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from collections.abc import Callable

import yaml

from veikart.figures.baseline import BaselineChanges, baseline_changes
from veikart.figures.gantt import gantt_figure
from veikart.figures.options import FigureOptions
from veikart.filters import Filters, filter_frames
from veikart.frames import RoadmapFrames, roadmap_frames
from veikart.roadmap.load import load_text
from veikart.roadmap.periods import Quarter
from veikart.roadmap.synthetic import synthetic_roadmap

FIGURE_P95_TARGET = 0.300
"""The whole callback's budget; the figure with its baseline must leave room for the rest."""


def seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def frames_of(data: dict) -> RoadmapFrames:
    result = load_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert result.roadmap is not None, [str(p) for p in result.problems.errors][:3]
    return roadmap_frames(result.roadmap)


def older_version(data: dict, seed: int = 1) -> dict:
    """The same roadmap as it stood earlier: some deliverables elsewhere, some not yet, some since removed."""
    rng = random.Random(seed)
    data = yaml.safe_load(yaml.safe_dump(data))
    kept = []
    for item in data["deliverables"]:
        roll = rng.random()
        if roll < 0.08:
            continue  # added since
        if roll < 0.33:
            key = "at" if "at" in item else "end"
            moved = Quarter.parse(item[key]) + rng.choice((-3, -2, -1, 1, 2, 3))
            if "start" in item:
                moved = max(moved, Quarter.parse(item["start"]))
            item[key] = str(moved)
        item.pop("depends_on", None)
        kept.append(item)
    for k in range(80):
        start = Quarter(2021, 1) + rng.randint(0, 20)
        kept.append(
            {
                "id": f"fjernet-{k:03d}",
                "service": rng.choice(data["services"])["id"],
                "title": f"Leveranse som senere ble fjernet ({k})",
                "start": str(start),
                "end": str(start + rng.randint(0, 4)),
            }
        )
    data["deliverables"] = kept
    for risk in data.get("risks", []):
        risk["affects"] = [
            a for a in risk["affects"] if a in {d["id"] for d in kept} | {s["id"] for s in data["services"]}
        ]
    return data


def timings(work: Callable[[], object], repeat: int) -> list[float]:
    work()  # warm caches (text widths, hyphenation)
    return [seconds(work) for _ in range(repeat)]


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--n", type=int, default=1000)
    args = parser.parse_args()

    data = synthetic_roadmap(args.n, seed=0, v2=True)
    now = frames_of(data)
    then = frames_of(older_version(data))
    compare = timings(lambda: baseline_changes(now, then, "v1"), args.repeat)
    changes: BaselineChanges = baseline_changes(now, then, "v1")
    print(
        f"{len(now.deliverables)} deliverables; baseline: {len(changes.moved)} moved, "
        f"{len(changes.added)} new, {len(changes.removed)} removed"
    )
    print(
        f"baseline_changes: median {statistics.median(compare) * 1000:.1f} ms, p95 {p95(compare) * 1000:.1f} ms"
    )

    area = str(now.areas["id"].iloc[0])
    views = {"whole roadmap": now, f"area {area}": filter_frames(now, Filters(area=(area,)))}
    ok = True
    for name, shown in views.items():
        plain_options = FigureOptions(today=dt.date(2023, 5, 1), fit_width=1400, legend=False)
        with_options = FigureOptions(
            today=dt.date(2023, 5, 1), fit_width=1400, legend=False, baseline=changes
        )
        plain: list[float] = []
        compared: list[float] = []
        gantt_figure(shown, plain_options)
        gantt_figure(shown, with_options)
        for _ in range(args.repeat):  # alternating, so both see the same machine load
            plain.append(seconds(lambda s=shown, o=plain_options: gantt_figure(s, o)))
            compared.append(seconds(lambda s=shown, o=with_options: gantt_figure(s, o)))
        ratio = statistics.median(compared) / statistics.median(plain)
        total_p95 = p95([c + statistics.median(compare) for c in compared])
        ok &= total_p95 <= FIGURE_P95_TARGET
        print(
            f"{name}: without {statistics.median(plain) * 1000:.0f} ms (p95 {p95(plain) * 1000:.0f}), "
            f"with baseline {statistics.median(compared) * 1000:.0f} ms (p95 {p95(compared) * 1000:.0f}); "
            f"ratio {ratio:.2f}; with the comparison p95 {total_p95 * 1000:.0f} ms "
            f"(target {FIGURE_P95_TARGET * 1000:.0f}: {'ok' if total_p95 <= FIGURE_P95_TARGET else 'MISSED'})"
        )
    print("all within target" if ok else "a target was MISSED")


if __name__ == "__main__":
    main()
