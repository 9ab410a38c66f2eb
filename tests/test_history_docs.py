"""docs/history.md keeps up with `veikart diff` and its pull-request jobs stay runnable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from veikart.cli import main
from veikart.history.changes import KIND_ORDER

DOC = (Path(__file__).resolve().parent.parent / "docs" / "history.md").read_text(encoding="utf-8")


def yaml_blocks() -> list[dict]:
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", DOC, re.S)]


@pytest.mark.parametrize("command", ["diff", "validate"])
def test_every_option_is_documented(command: str):
    wanted = {"diff": None, "validate": {"--stale", "--today"}}[command]
    for param in main.commands[command].params:
        for option in param.opts:
            if option.startswith("--") and (wanted is None or option in wanted):
                assert f"`{option}" in DOC or f"{option} " in DOC, f"docs/history.md lacks {option}"


@pytest.mark.parametrize("kind", KIND_ORDER)
def test_every_change_kind_is_documented(kind: str):
    assert f"`{kind}`" in DOC


def test_github_workflow():
    (workflow,) = [b for b in yaml_blocks() if isinstance(b, dict) and "jobs" in b]
    steps = workflow["jobs"]["diff"]["steps"]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert uses and all(re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", u) for u in uses), uses
    assert steps[0]["with"]["fetch-depth"] == 0
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write"}
    script = "\n".join(s.get("run", "") for s in steps)
    assert "veikart diff" in script and "--format markdown" in script
    assert "<!-- veikart-diff -->" in script and "PATCH" in script
    assert "${{" not in script  # untrusted values reach the shell only through env


def test_gitlab_job():
    (job,) = [b["veikart-diff"] for b in yaml_blocks() if isinstance(b, dict) and "veikart-diff" in b]
    assert job["variables"]["GIT_DEPTH"] == 0
    script = "\n".join(job["script"])
    assert "veikart diff" in script and "--format markdown" in script
    assert "<!-- veikart-diff -->" in script and "PUT" in script
    assert job["rules"][0]["if"] == '$CI_PIPELINE_SOURCE == "merge_request_event"'
