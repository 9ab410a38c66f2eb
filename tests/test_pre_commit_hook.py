"""The `veikart-validate` hook of `.pre-commit-hooks.yaml`, run by the real pre-commit tool.

A roadmap repository names this repository in its `.pre-commit-config.yaml`; pre-commit
clones it at a revision, installs it into a virtualenv of its own (pip, from the package
index) and runs `veikart validate`. Here the hook repository is a copy of this working
tree committed in a temporary git repository, so the test checks the code as it is now.
Installing veikart and its dependencies into the hook's virtualenv takes about 15 s with
a warm pip cache, hence the `slow` mark (it still runs in `make test`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "corpus" / "valid" / "minimal.yaml"

pytestmark = pytest.mark.slow


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=veikart tests", "-c", "user.email=tests@veikart.invalid", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.strip()


def hook_repository(tmp_path: Path) -> tuple[Path, str]:
    """This working tree's package and hook definition, committed; and the commit's id."""
    repo = tmp_path / "veikart"
    repo.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(ROOT / "veikart", repo / "veikart", ignore=shutil.ignore_patterns("__pycache__"))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "veikart as it is now")
    return repo, git(repo, "rev-parse", "HEAD")


def pre_commit(cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("PYTHONPATH", None)  # the hook runs the veikart installed in its own virtualenv
    env.pop("VEIKART_LANG", None)  # the default language: Norwegian
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_hook_definition_is_what_a_roadmap_repository_needs():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "veikart-validate"
    assert hook["entry"] == "veikart validate"
    # the roadmap is checked whole (references cross files): its path comes from `args`
    assert hook["pass_filenames"] is False
    assert hook["types"] == ["yaml"]


def test_pre_commit_reports_the_planted_error_at_its_place_then_passes_when_fixed(tmp_path: Path):
    hook_repo, rev = hook_repository(tmp_path)
    plans = tmp_path / "plans"  # the planners' repository: the roadmap in a folder
    (plans / "roadmap").mkdir(parents=True)
    good = MINIMAL.read_text()
    roadmap = plans / "roadmap" / "roadmap.yaml"
    roadmap.write_text(good.replace("area: e-resept", "area: eresept"))
    line = roadmap.read_text().splitlines().index("    area: eresept") + 1
    config = {
        "repos": [
            {"repo": str(hook_repo), "rev": rev, "hooks": [{"id": "veikart-validate", "args": ["roadmap/"]}]}
        ]
    }
    (plans / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    git(plans, "init", "-q")
    git(plans, "add", "-A")

    failed = pre_commit(plans, tmp_path / "pre-commit-home")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    # planners read the message in Norwegian (VEIKART_LANG is not set); the place is for tools
    assert f"roadmap/roadmap.yaml:{line}:11: error: tjeneste 'pll': ukjent område 'eresept'" in failed.stdout
    assert "Traceback" not in failed.stdout + failed.stderr

    roadmap.write_text(good)
    git(plans, "add", "-A")
    passed = pre_commit(plans, tmp_path / "pre-commit-home")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "veikart validate" in passed.stdout and "Passed" in passed.stdout
