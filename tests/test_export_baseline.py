"""`veikart export --baseline REV`: ghosts in exports, read from the roadmap's git history.

Revisions are checked before git sees them; an unknown or refused revision, or a roadmap
outside a git work tree, is one clear line and exit status 2; a baseline with errors is
exit status 1 with its problems. HTML needs no Chromium, so these run in the quick lane.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from history_repo import COMMON, KJ, PLL, GitRoadmap

from veikart.cli import main
from veikart.commands import CommandError
from veikart.commands.export import baseline_label, load_baseline, load_frames
from veikart.export import ExportRequest
from veikart.export.request import view_figure


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> GitRoadmap:
    repo = GitRoadmap(tmp_path_factory.mktemp("baseline-repo"))
    repo.write("roadmap.yaml", _merged())
    repo.commit("Vedtatt veikart", "2023-06-01")
    repo.tag("v1")
    repo.edit(
        "roadmap.yaml", "    end: 2023-Q4\n    status: planning\n", "    end: 2024-Q2\n    status: planning\n"
    )
    repo.edit(
        "roadmap.yaml",
        "  - id: kj-b\n",
        "  - id: kj-ny\n    service: kj\n    title: Ny leveranse\n    start: 2024-Q1\n    end: 2024-Q2\n"
        "  - id: kj-b\n",
    )
    repo.commit("Dokumentdeling forsinket", "2023-09-01")
    return repo


def _merged() -> str:
    """COMMON with the services and deliverables of KJ and PLL in one list each."""
    kj_services, kj_items = KJ.split("deliverables:\n")
    pll_services, pll_items = PLL.split("deliverables:\n")
    return (
        COMMON
        + kj_services
        + pll_services.replace("services:\n", "")
        + "deliverables:\n"
        + kj_items
        + pll_items
    )


def figure_json(html: str) -> str:
    """The figure's data as plotly.js receives it in an exported HTML page."""
    match = re.search(r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*(\[.*?\]),\s*\{", html, re.DOTALL)
    assert match, "no figure in the page"
    return match.group(1)


def test_html_export_draws_the_baseline(repo: GitRoadmap, tmp_path: Path) -> None:
    out = tmp_path / "tidslinje.html"
    result = CliRunner().invoke(
        main, ["export", str(repo.root / "roadmap.yaml"), "--out", str(out), "--baseline", "v1"]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    data = json.loads(figure_json(html))
    names = {trace.get("name") for trace in data}
    assert {"baseline-ghosts", "badges"} <= names
    (badges,) = [trace for trace in data if trace.get("name") == "badges"]
    assert sorted(badges["text"]) == ["<b>+2 kv</b>", "<b>Ny</b>"]
    assert "Sammenlignet med v1" in html


def test_the_baseline_goes_through_the_request_to_every_view(repo: GitRoadmap) -> None:
    path = repo.root / "roadmap.yaml"
    frames, _ = load_frames(path, "en")
    changes = load_baseline(path, "v1", frames)
    assert changes.label == "v1" and list(changes.moved.index) == ["kj-b"] and changes.added == {"kj-ny"}
    figure = view_figure(frames, ExportRequest(view="gantt", baseline=changes), static=False)
    assert any(trace.name == "badges" for trace in figure.data)
    assert "Compared with v1" in figure.layout.title.subtitle.text


def test_a_commit_id_is_shortened_in_the_label(repo: GitRoadmap) -> None:
    sha = repo.git("rev-parse", "v1")
    assert baseline_label(sha, sha) == sha[:7]
    assert baseline_label("v1", sha) == "v1"
    frames, _ = load_frames(repo.root / "roadmap.yaml", "nb")
    assert load_baseline(repo.root / "roadmap.yaml", sha, frames).label == sha[:7]


@pytest.mark.parametrize(
    ("rev", "message"),
    [
        ("--output=/tmp/x", "starts with '-'"),
        ("v1..HEAD", "is not a tag, branch or commit id"),
        ("v1;rm -rf ~", "is not a tag, branch or commit id"),
        ("finnes-ikke", "unknown revision 'finnes-ikke'"),
    ],
)
def test_hostile_and_unknown_revisions_are_one_line_and_exit_2(
    repo: GitRoadmap, tmp_path: Path, rev: str, message: str
) -> None:
    out = tmp_path / "x.html"
    result = CliRunner().invoke(
        main, ["export", str(repo.root / "roadmap.yaml"), "--out", str(out), f"--baseline={rev}"]
    )
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("veikart: error: --baseline: ")
    assert message in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_roadmap_outside_git_has_no_baseline(tmp_path: Path) -> None:
    path = tmp_path / "roadmap.yaml"
    path.write_text(_merged(), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["export", str(path), "--out", str(tmp_path / "x.html"), "--baseline", "v1"]
    )
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"veikart: error: --baseline: {path} is not in a git work tree; history is unavailable"
    ]


def test_a_baseline_with_errors_fails_with_its_problems(tmp_path: Path) -> None:
    repo = GitRoadmap(tmp_path / "repo")
    repo.write("roadmap.yaml", _merged().replace("service: pll", "service: pl", 1))
    repo.commit("Skrivefeil", "2023-06-01")
    repo.tag("broken")
    repo.write("roadmap.yaml", _merged())
    repo.commit("Rettet", "2023-06-02")
    with pytest.raises(CommandError) as raised:
        frames, _ = load_frames(repo.root / "roadmap.yaml", "nb")
        load_baseline(repo.root / "roadmap.yaml", "broken", frames)
    assert raised.value.exit_code == 1
    assert "is not valid" in str(raised.value)
    assert any("'pl'" in str(problem) for problem in raised.value.problems)


def test_only_views_that_draw_the_baseline_say_they_compare(repo: GitRoadmap) -> None:
    path = repo.root / "roadmap.yaml"
    frames, _ = load_frames(path, "nb")
    changes = load_baseline(path, "v1", frames)
    for view, compared in (("gantt", True), ("phases", True), ("bands", False)):
        figure = view_figure(frames, ExportRequest(view=view, baseline=changes), static=False)
        assert ("Sammenlignet med v1" in figure.layout.title.subtitle.text) is compared, view
