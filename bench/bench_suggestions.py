"""Benchmark: validating a roadmap full of broken references ("did you mean" for each).

Generates 10,000 deliverables, then breaks 200 `depends_on` and 2,000 `service`
references with typical typos (a letter dropped, swapped or changed). Times, in the same
run: a bare libyaml load of the broken file (the baseline), veikart's load of the same
roadmap unbroken, and veikart's load of the broken one (every problem with its
suggestion). Before the suggestion index this took over 40 s. Target: within 2x of
loading the valid roadmap (the ratio decides; it was about 1x when written), which is
under 3 s on an idle 2-core machine.

    python bench/bench_suggestions.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from veikart.roadmap.load import load_roadmap
from veikart.roadmap.synthetic import synthetic_roadmap

TARGET_SECONDS = 3.0
TARGET_RATIO = 2.0
LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789-"


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def typo(word: str, known: set[str], rng: random.Random) -> str:
    """A near miss of `word` that names nothing."""
    while True:
        i = rng.randrange(len(word))
        kind = rng.choice("drsi")
        if kind == "d":
            wrong = word[:i] + word[i + 1 :]
        elif kind == "r":
            wrong = word[:i] + rng.choice(LETTERS) + word[i + 1 :]
        elif kind == "s" and i < len(word) - 1:
            wrong = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        else:
            wrong = word[:i] + rng.choice(LETTERS) + word[i:]
        if wrong not in known and wrong.strip("-_") == wrong:
            return wrong


def broken_roadmap(n: int, broken_dependencies: int, broken_services: int) -> tuple[dict, dict]:
    rng = random.Random(7)
    valid = synthetic_roadmap(n)
    broken = synthetic_roadmap(n)
    known = {d["id"] for d in broken["deliverables"]} | {s["id"] for s in broken["services"]}
    with_deps = [d for d in broken["deliverables"] if d.get("depends_on")]
    for item in rng.sample(with_deps, broken_dependencies):
        item["depends_on"] = [typo(item["depends_on"][0], known, rng)]
    others = [d for d in broken["deliverables"] if "depends_on" not in d]
    for item in rng.sample(others, broken_services):
        item["service"] = typo(item["service"], known, rng)
    return valid, broken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--deliverables", type=int, default=10_000)
    args = parser.parse_args()
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    valid, broken = broken_roadmap(args.deliverables, 200, 2_000)
    with tempfile.TemporaryDirectory() as tmp:
        valid_path, broken_path = Path(tmp) / "valid.yaml", Path(tmp) / "broken.yaml"
        valid_path.write_text(yaml.dump(valid, Dumper=dumper, allow_unicode=True, sort_keys=False))
        broken_path.write_text(yaml.dump(broken, Dumper=dumper, allow_unicode=True, sort_keys=False))
        result = load_roadmap(broken_path)
        errors = result.problems.errors
        hinted = sum("did you mean" in p.message for p in errors)
        base = median_seconds(
            lambda: yaml.load(broken_path.read_text(), Loader=yaml.CSafeLoader), args.repeat
        )
        plain = median_seconds(lambda: load_roadmap(valid_path), args.repeat)
        ours = median_seconds(lambda: load_roadmap(broken_path), args.repeat)
    print(f"{args.deliverables:,} deliverables; {len(errors):,} errors, {hinted:,} with 'did you mean'")
    print(f"{'yaml.load (C), broken file':<34} {base * 1000:>8.0f} ms  1.00x")
    print(f"{'veikart load, valid file':<34} {plain * 1000:>8.0f} ms  {plain / base:.2f}x")
    print(f"{'veikart load, broken file':<34} {ours * 1000:>8.0f} ms  {ours / base:.2f}x")
    ratio = ours / plain
    print(
        f"result: {'PASS' if ratio <= TARGET_RATIO else 'FAIL'} ({ratio:.2f}x the valid load, target "
        f"{TARGET_RATIO}x; broken file in {ours:.2f} s, {TARGET_SECONDS} s expected on an idle machine)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
