"""Benchmark: `veikart validate` as a whole process against a bare libyaml load process.

A pre-commit hook pays for the whole process: interpreter start, imports, reading,
checking. So this times processes, not functions: `python -m veikart validate FILE`
against `python -c "import yaml; yaml.load(open(FILE), Loader=yaml.CSafeLoader)"` (the
baseline: parsing alone, no locations, no checks) on the same file, with the same
interpreter and environment, in the same run. The two commands alternate, run after
run, so a neighbour's load on the machine slows both alike; each figure is the median.

Targets: at most 5x on the bundled roadmap (start-up dominates: every import counts) and
at most 1.35x on a generated roadmap of 10,000 deliverables (the checks dominate).

    python bench/bench_validate.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from veikart.roadmap.synthetic import synthetic_roadmap_yaml

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "roadmap.yaml"
TARGETS = {"bundled": 5.0, "10,000": 1.35}


@dataclass(frozen=True)
class Timing:
    name: str
    lines: int
    baseline: float
    veikart: float
    target: float

    @property
    def ratio(self) -> float:
        return self.veikart / self.baseline


def baseline_command(path: Path) -> list[str]:
    code = "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)"
    return [sys.executable, "-c", code, str(path)]


def veikart_command(path: Path) -> list[str]:
    return [sys.executable, "-m", "veikart", "validate", str(path)]


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def time_file(name: str, path: Path, runs: int, target: float) -> Timing:
    """Median whole-process seconds of both commands on `path`, alternating."""
    base_command, ours_command = baseline_command(path), veikart_command(path)
    seconds(base_command), seconds(ours_command)  # warm the file cache and .pyc files alike
    base, ours = [], []
    for _ in range(runs):
        base.append(seconds(base_command))
        ours.append(seconds(ours_command))
    lines = path.read_bytes().count(b"\n")
    return Timing(name, lines, statistics.median(base), statistics.median(ours), target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command per file")
    args = parser.parse_args()
    timings = []
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "roadmap-10000.yaml"
        big.write_text(synthetic_roadmap_yaml(10_000), encoding="utf-8")
        timings.append(time_file("bundled", BUNDLED, args.runs, TARGETS["bundled"]))
        timings.append(time_file("10,000", big, max(5, args.runs // 3), TARGETS["10,000"]))
    print(f"{'roadmap':>8} {'lines':>7} {'yaml.load (C)':>14} {'veikart validate':>17} {'ratio':>6}  target")
    for t in timings:
        print(
            f"{t.name:>8} {t.lines:>7,} {t.baseline * 1000:>12.0f}ms {t.veikart * 1000:>15.0f}ms "
            f"{t.ratio:>5.2f}x  <= {t.target}x"
        )
    missed = [t.name for t in timings if t.ratio > t.target]
    verdict = "PASS" if not missed else f"FAIL ({', '.join(missed)})"
    print(f"result: {verdict} (whole processes, median of alternating runs, {sys.executable})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
