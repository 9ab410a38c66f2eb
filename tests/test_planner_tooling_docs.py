"""docs/planner-tooling.md's snippets stay ready to copy: valid YAML that names what exists."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from veikart.problem_formats import FORMATS

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "planner-tooling.md").read_text()


def yaml_blocks() -> list[object]:
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", DOC, re.S)]


def block_with(key: str) -> dict:
    (block,) = [b for b in yaml_blocks() if isinstance(b, dict) and key in b]
    return block


def test_every_format_in_the_doc_exists_and_every_format_is_documented():
    assert set(re.findall(r"--format (\w+)", DOC)) <= set(FORMATS)
    for name in FORMATS:
        assert f"| `{name}`" in DOC


def test_pre_commit_snippet_names_the_hook_this_repository_provides():
    hooks = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    (repo,) = block_with("repos")["repos"]
    assert {hook["id"] for hook in repo["hooks"]} <= hooks
    assert repo["rev"] and repo["hooks"][0]["args"]


def test_github_workflow_pins_actions_to_commits_and_annotates():
    workflow = block_with("jobs")
    (job,) = workflow["jobs"].values()
    uses = [step["uses"] for step in job["steps"] if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", use) for use in uses)
    setup = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip"
    assert any(
        "veikart validate" in step.get("run", "") and "--format github" in step["run"]
        for step in job["steps"]
    )


def test_gitlab_job_uploads_the_report_it_writes_even_on_failure():
    (job,) = block_with("veikart").values()
    report = job["artifacts"]["reports"]["codequality"]
    assert job["artifacts"]["when"] == "always"
    assert any(f"--format gitlab > {report}" in line for line in job["script"])
    assert ".cache/pip" in job["cache"]["paths"]
