"""Benchmark: veikart's full load + validate + normalise against a bare libyaml load.

Generates roadmaps of 1,000 and 10,000 deliverables, then times, in the same run and on
the same file, `yaml.load(text, Loader=yaml.CSafeLoader)` (the baseline: parsing alone,
no locations, no checks) and `load_roadmap(path)` + `roadmap_frames(...)` (everything
veikart does before a view can be drawn). Prints medians and the ratio; target: at most
1.5x at 10,000 deliverables.

    python bench/bench_load.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from veikart.frames import roadmap_frames
from veikart.roadmap.load import load_roadmap
from veikart.roadmap.synthetic import synthetic_roadmap_yaml

TARGET = 1.5


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def baseline(path: Path) -> object:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def veikart_full(path: Path) -> object:
    result = load_roadmap(path)
    assert result.roadmap is not None, result.problems.errors[:3]
    return roadmap_frames(result.roadmap)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'deliverables':>12} {'lines':>7} {'yaml.load (C)':>14} {'veikart':>9} {'ratio':>6}  target")
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for n in (1_000, 10_000):
            path = Path(tmp) / f"roadmap-{n}.yaml"
            path.write_text(synthetic_roadmap_yaml(n), encoding="utf-8")
            lines = path.read_text().count("\n")
            veikart_full(path)  # warm imports and caches for both sides alike
            base = median_seconds(lambda p=path: baseline(p), args.repeat)
            ours = median_seconds(lambda p=path: veikart_full(p), args.repeat)
            ratio = ours / base
            if n == 10_000:
                worst = ratio
            print(
                f"{n:>12,} {lines:>7,} {base * 1000:>12.0f}ms {ours * 1000:>7.0f}ms {ratio:>5.2f}x  <= {TARGET}x"
            )
    print(f"result: {'PASS' if worst <= TARGET else 'FAIL'} ({worst:.2f}x at 10,000 deliverables)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
