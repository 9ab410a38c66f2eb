"""Benchmark: `veikart digest` of the bundled roadmap since a tag 50 commits back, whole process.

Builds a git repository in a temporary folder whose last commit is `data/roadmap.yaml` as
bundled and whose 50 earlier commits each undo one small edit (seeded, so every run
builds the same history): a deliverable or milestone a quarter or half-year earlier, an
earlier status, a deliverable not there yet, a greener traffic light. The tag
`styremote-forrige` marks the oldest version. Then times, as whole processes with the same
interpreter, alternating run after run so that a busy neighbour slows all alike (each
figure the median):

- `veikart digest --since styremote-forrige --format md` and `--format html` (the history
  read, every change attributed to its commit, the digest written);
- the same with `--public` (every version compared as its public output);
- `veikart validate` of the same file (the baseline: one version read and checked).

Target: Markdown and HTML under 5 s whole process (no browser). The ratios say what the
history and the digest cost beyond reading the roadmap once.

    python bench/bench_digest.py [--runs 5] [--commits 50]
    python bench/bench_digest.py --keep DIR   # build the history in DIR and keep it
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from veikart.roadmap import load_text
from veikart.roadmap.periods import Quarter, parse_time

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "roadmap.yaml"
TAG = "styremote-forrige"
TODAY = "2022-03-01"
TARGET_SECONDS = 5.0
IDENTITY = ("-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false")

_ENTRY = re.compile(r"^  - id: ([a-z0-9][a-z0-9_-]*)\s*$")
_TIME = re.compile(r"^    (start|end|at): (\S+)\s*$")
_STATUS = re.compile(r"^    status: (available|establishing|planning)\s*$")
EARLIER_STATUS = {"available": "establishing", "establishing": "planning"}


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", *IDENTITY, *args], cwd=root, check=True, capture_output=True, text=True, env=env
    )
    return done.stdout.strip()


def deliverable_blocks(lines: list[str]) -> list[tuple[str, int, int]]:
    """(id, first line, line after) of every entry under `deliverables:`."""
    start = lines.index("deliverables:")
    blocks: list[tuple[str, int, int]] = []
    for number in range(start + 1, len(lines)):
        match = _ENTRY.match(lines[number])
        if match:
            if blocks:
                ident, first, _ = blocks[-1]
                blocks[-1] = (ident, first, number)
            blocks.append((match.group(1), number, len(lines)))
    return blocks


def _earlier(value: str) -> str | None:
    """A time value one step earlier, in the same notation where possible."""
    if re.fullmatch(r"\d{4}-Q[1-4]", value):
        return str(Quarter.parse(value) + -1)
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-H1"
    if re.fullmatch(r"\d{4}-H2", value):
        return f"{value[:4]}-H1"
    return None


def undo_one(text: str, rng: random.Random, kind: str) -> str | None:
    """The text as it stood before one edit of `kind`, or None when no entry allows it."""
    lines = text.split("\n")
    blocks = deliverable_blocks(lines)
    rng.shuffle(blocks)
    for ident, first, after in blocks:
        body = lines[first:after]
        if kind == "slip":
            times = {m.group(1): (i, m.group(2)) for i, line in enumerate(body) if (m := _TIME.match(line))}
            key = "end" if "end" in times else "at"
            if key not in times:
                continue
            index, value = times[key]
            older = _earlier(value)
            if older is None:
                continue
            if "start" in times and parse_time(older).last < parse_time(times["start"][1]).first:
                continue
            lines[first + index] = f"    {key}: {older}"
            return "\n".join(lines)
        if kind == "status":
            for i, line in enumerate(body):
                match = _STATUS.match(line)
                if match and match.group(1) in EARLIER_STATUS:
                    lines[first + i] = f"    status: {EARLIER_STATUS[match.group(1)]}"
                    return "\n".join(lines)
        if kind == "new":
            block = "\n".join(body)
            cited = text.count(ident) > 1  # named by a dependency or a risk elsewhere
            if cited or "&" in block or "*" in block:
                continue
            del lines[first:after]
            return "\n".join(lines)
    if kind == "health" and "      progress: yellow" in text:
        return text.replace("      progress: yellow", "      progress: green", 1)
    return None


KINDS = ("slip", "status", "slip", "new", "slip", "status", "health", "slip", "new", "slip")


def older_versions(text: str, commits: int, seed: int = 15) -> list[str]:
    """The bundled text and `commits` versions before it, oldest first."""
    rng = random.Random(seed)
    states = [text]
    for step in range(commits):
        for attempt in range(len(KINDS)):
            older = undo_one(states[-1], rng, KINDS[(step + attempt) % len(KINDS)])
            if older is not None:
                states.append(older)
                break
        else:
            states.append(states[-1])
    return list(reversed(states))


def build_history(root: Path, commits: int = 50) -> Path:
    """A repository in `root` whose roadmap.yaml has `commits` + 1 versions; returns the file."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    versions = older_versions(BUNDLED.read_text(encoding="utf-8"), commits)
    problems = load_text(versions[0], "roadmap.yaml").problems
    if problems.errors:
        raise SystemExit(f"the oldest version is not valid: {problems.sorted()[0]}")
    path = root / "roadmap.yaml"
    for number, text in enumerate(versions):
        path.write_text(text, encoding="utf-8")
        stamp = f"2021-{1 + number // 5:02d}-{1 + 2 * (number % 5):02d}T12:00:00+00:00"
        env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        git(root, "add", "-A")
        git(root, "commit", "-q", "--allow-empty", "-m", f"Veikart: endring {number}", env=env)
        if number == 0:
            git(root, "tag", TAG)
    return path


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr.decode(errors='replace')}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--commits", type=int, default=50)
    parser.add_argument("--keep", type=Path, default=None, help="build the history here and keep it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="veikart-bench-digest-") as scratch:
        root = args.keep or Path(scratch) / "repo"
        started = time.perf_counter()
        path = build_history(root, args.commits)
        print(
            f"history: {args.commits + 1} commits of {path.name} built in {time.perf_counter() - started:.1f} s"
        )
        veikart = [sys.executable, "-m", "veikart"]
        digest = [*veikart, "digest", path.name, "--since", TAG, "--today", TODAY]
        commands: dict[str, list[str]] = {
            "validate": [*veikart, "validate", path.name],
            "digest md": [*digest, "--format", "md"],
            "digest html": [*digest, "--format", "html"],
            "digest md --public": [*digest, "--format", "md", "--public"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed(command, root))
        base = statistics.median(times["validate"])
        print(f"{'command':<22} {'median':>8} {'ratio':>7}   (runs: {args.runs})")
        for name, values in times.items():
            median = statistics.median(values)
            ratio = median / base
            mark = (
                ""
                if name == "validate" or median < TARGET_SECONDS
                else f"  over the {TARGET_SECONDS:.0f} s target"
            )
            print(f"{name:<22} {median:>7.2f}s {ratio:>6.1f}x{mark}")
        check: Callable[[str], bool] = lambda name: statistics.median(times[name]) < TARGET_SECONDS  # noqa: E731
        ok = all(check(name) for name in commands if name != "validate")
        print(f"target: md and html under {TARGET_SECONDS:.0f} s whole process: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
