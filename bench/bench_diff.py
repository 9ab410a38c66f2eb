"""Benchmark: `veikart diff` over 50 commits of a 1,000-deliverable roadmap, whole process.

Builds a git repository in a temporary folder: a generated roadmap of 1,000 deliverables
(`veikart.roadmap.synthetic`), then 50 commits that each change a few deliverables (a
slip, a status, a title; every tenth commit also adds one and removes one). Then times,
as whole processes with the same interpreter, alternating run after run so that a busy
neighbour slows all alike (each figure the median):

- `veikart diff --from start --format json` (all versions read, every change attributed);
- `veikart validate` of the same roadmap (the baseline: one version read and checked);
- `git log -p` over the same range (the baseline of reading the history itself).

Once for the roadmap as one file, once as a directory of one file per area. Target:
`veikart diff` under 3 s whole process; the ratios say what the history costs beyond
reading one version.

    python bench/bench_diff.py [--runs 5] [--commits 50] [--deliverables 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from veikart.roadmap.periods import Quarter
from veikart.roadmap.synthetic import synthetic_roadmap

TARGET_SECONDS = 3.0
IDENTITY = ("-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *IDENTITY, *args], cwd=root, check=True, capture_output=True)


def dump(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )


def write_roadmap(root: Path, data: dict[str, Any], layout: str) -> None:
    if layout == "file":
        (root / "roadmap.yaml").write_text(dump(data), encoding="utf-8")
        return
    folder = root / "roadmap"
    folder.mkdir(exist_ok=True)
    common = {k: data[k] for k in ("roadmap", "phases", "areas", "audiences")}
    (folder / "00-felles.yaml").write_text(dump(common), encoding="utf-8")
    for area in [a["id"] for a in data["areas"]]:
        services = [s for s in data["services"] if s["area"] == area]
        ids = {s["id"] for s in services}
        part = {
            "services": services,
            "deliverables": [d for d in data["deliverables"] if d["service"] in ids],
        }
        (folder / f"{area}.yaml").write_text(dump(part), encoding="utf-8")


def _later(value: str, quarters: int) -> str:
    return str(Quarter.parse(value) + quarters)


def mutate(data: dict[str, Any], rng: random.Random, step: int) -> None:
    """A few planners' edits: one slip, one status, one title; now and then one new, one gone."""
    periods = [d for d in data["deliverables"] if "end" in d]
    slip = rng.choice(periods)
    slip["end"] = _later(slip["end"], rng.randint(1, 2))
    rng.choice(data["deliverables"])["status"] = rng.choice(["planning", "establishing", "available"])
    rng.choice(data["deliverables"])["title"] += " (revidert)"
    if step % 10 == 9:
        victim = rng.choice(
            [
                d
                for d in data["deliverables"]
                if not any(d["id"] in o.get("depends_on", ()) for o in data["deliverables"])
            ]
        )
        data["deliverables"].remove(victim)
        data["deliverables"].append(
            {
                "id": f"ny-leveranse-{step}",
                "service": victim["service"],
                "title": f"Ny leveranse {step}",
                "start": "2025-Q1",
                "end": "2025-Q4",
                "status": "planning",
            }
        )


def build_repository(root: Path, layout: str, deliverables: int, commits: int) -> Path:
    git(root, "init", "-q", "-b", "main")
    data = synthetic_roadmap(deliverables)
    rng = random.Random(14)
    write_roadmap(root, data, layout)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    git(root, "tag", "start")
    for step in range(commits):
        mutate(data, rng, step)
        write_roadmap(root, data, layout)
        git(root, "commit", "-q", "-am", f"Endring {step + 1}")
    return root / ("roadmap.yaml" if layout == "file" else "roadmap")


def seconds(command: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"}
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done.stdout


def median_of(commands: dict[str, list[str]], cwd: Path, runs: int) -> dict[str, float]:
    for command in commands.values():
        seconds(command, cwd)  # warm the file cache and .pyc files alike
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(seconds(command, cwd)[0])
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--commits", type=int, default=50)
    parser.add_argument("--deliverables", type=int, default=1000)
    args = parser.parse_args()
    veikart = [sys.executable, "-m", "veikart"]
    print(
        f"{'layout':>9} {'changes':>8} {'git log -p':>11} {'validate':>9} {'diff':>7} "
        f"{'diff/validate':>14} {'diff/git log':>13}  target"
    )
    worst = 0.0
    for layout in ("file", "directory"):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            path = build_repository(root, layout, args.deliverables, args.commits).name
            diff = [*veikart, "diff", path, "--from", "start", "--format", "json"]
            report = json.loads(seconds(diff, root)[1])
            missing = [c for c in report["changes"] if c["commit"] is None]
            assert not missing, f"{len(missing)} changes without a commit"
            commands: dict[str, list[str]] = {
                "git": ["git", "--no-pager", "log", "-p", "start..HEAD", "--", path],
                "validate": [*veikart, "validate", path],
                "diff": diff,
            }
            median = median_of(commands, root, args.runs)
            worst = max(worst, median["diff"])
            print(
                f"{layout:>9} {len(report['changes']):>8} {median['git'] * 1000:>9.0f}ms "
                f"{median['validate'] * 1000:>7.0f}ms {median['diff'] * 1000:>5.0f}ms "
                f"{median['diff'] / median['validate']:>13.2f}x {median['diff'] / median['git']:>12.1f}x"
                f"  < {TARGET_SECONDS:.0f} s"
            )
    print(
        f"result: {'PASS' if worst < TARGET_SECONDS else 'FAIL'} ({worst:.2f} s for {args.commits} commits "
        f"of {args.deliverables:,} deliverables, whole process)"
    )
    return 0 if worst < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
