"""`veikart validate --stale --today`: each warning, where it points, and life without git."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from history_repo import COMMON, KJ, PLL, GitRoadmap, board_history

from veikart.cli import main
from veikart.history.git import Commit
from veikart.history.stale import (
    health_unchanged,
    past_end,
    updated_behind_git,
    updated_too_old,
)
from veikart.roadmap import load_text
from veikart.roadmap.problems import Location


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> GitRoadmap:
    return board_history(tmp_path_factory.mktemp("stale"))[0]


@pytest.fixture
def in_board(board: GitRoadmap, monkeypatch: pytest.MonkeyPatch) -> GitRoadmap:
    monkeypatch.chdir(board.root)
    return board


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English, whatever the default language of `veikart validate` is."""
    monkeypatch.setenv("VEIKART_LANG", "en")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def where(repo: GitRoadmap, path: str, line_text: str, value: str | None = None) -> str:
    """FILE:LINE:COL of a line (its first non-space character, or of `value` on it)."""
    lines = (repo.root / path).read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.strip() == line_text)
    line = lines[number - 1]
    column = line.index(value) + 1 if value else len(line) - len(line.lstrip()) + 1
    return f"{path}:{number}:{column}"


def test_every_warning_at_its_place(in_board: GitRoadmap):
    repo = in_board
    result = run("validate", "roadmap", "--stale", "--today", "2024-02-01")
    assert result.exit_code == 0, result.stderr
    updated = where(repo, "roadmap/00-felles.yaml", "updated: 2023-01-10", "2023-01-10")
    c4 = repo.git("rev-parse", "--short", "HEAD~1")
    c0 = repo.git("rev-parse", "--short", "styremote-2023-01^{commit}")
    c5 = repo.git("rev-parse", "--short", "HEAD")
    assert result.stdout.splitlines() == [
        f"{updated}: warning: roadmap.updated is 2023-01-10, more than 120 days before 2024-02-01; "
        "review the roadmap and set a new date",
        f"{updated}: warning: roadmap.updated is 2023-01-10, but the roadmap's files last changed on "
        f"2023-03-20 (commit {c5}); set a new date",
        f"{where(repo, 'roadmap/kj.yaml', 'health:')}: warning: service 'kj': its traffic lights (health) "
        f"are unchanged since 2023-01-10 (commit {c0}), more than 120 days before 2024-02-01; review them",
        f"{where(repo, 'roadmap/kj.yaml', 'end: 2023-Q4', '2023-Q4')}: warning: deliverable 'kj-a' was due "
        "2023-Q4 but its status is still 'establishing'; update its status or its dates",
        f"{where(repo, 'roadmap/pll.yaml', 'health:')}: warning: service 'pll': its traffic lights (health) "
        f"are unchanged since 2023-03-10 (commit {c4}), more than 120 days before 2024-02-01; review them",
    ]
    assert "0 errors, 5 warnings" in result.stderr
    assert "note" not in result.stderr


def test_a_recent_day_has_only_the_git_date_warning(in_board: GitRoadmap):
    result = run("validate", "roadmap", "--stale", "--today", "2023-04-01")
    assert result.exit_code == 0
    (line,) = result.stdout.splitlines()
    assert "but the roadmap's files last changed on 2023-03-20" in line


def test_without_stale_nothing_about_time(in_board: GitRoadmap):
    result = run("validate", "roadmap")
    assert result.stdout == ""
    assert "0 errors, 0 warnings" in result.stderr


def test_strict_turns_stale_warnings_into_failure(in_board: GitRoadmap):
    assert run("validate", "roadmap", "--stale", "--today", "2024-02-01", "--strict").exit_code == 1


def test_json_format_carries_the_warnings(in_board: GitRoadmap):
    import json

    result = run("validate", "roadmap", "--stale", "--today", "2024-02-01", "--format", "json")
    problems = json.loads(result.stdout)
    assert {p["severity"] for p in problems} == {"warning"} and len(problems) == 5


def test_today_needs_stale_and_a_date(in_board: GitRoadmap):
    result = run("validate", "roadmap", "--today", "2024-02-01")
    assert result.exit_code == 2 and "--today applies only with --stale" in result.stderr
    result = run("validate", "roadmap", "--stale", "--today", "1. februar")
    assert result.exit_code == 2


def test_uncommitted_traffic_lights_are_fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    repo = GitRoadmap(tmp_path)
    repo.write("roadmap.yaml", (COMMON + PLL).replace("updated: 2023-01-10", "updated: 2023-06-01"))
    repo.commit("start", "2023-01-01")
    monkeypatch.chdir(tmp_path)
    stale = run("validate", "roadmap.yaml", "--stale", "--today", "2023-07-01")
    assert "service 'pll': its traffic lights (health) are unchanged since 2023-01-01" in stale.stdout
    repo.edit("roadmap.yaml", "progress: yellow", "progress: green")
    fresh = run("validate", "roadmap.yaml", "--stale", "--today", "2023-07-01")
    assert "traffic lights" not in fresh.stdout


def test_health_changed_back_counts_from_the_change_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    repo = GitRoadmap(tmp_path)
    repo.write("roadmap.yaml", COMMON + PLL)
    repo.commit("gul", "2023-01-01")
    repo.edit("roadmap.yaml", "progress: yellow", "progress: red")
    repo.commit("rød", "2023-02-01")
    repo.edit("roadmap.yaml", "progress: red", "progress: yellow")
    repo.commit("gul igjen", "2023-05-01")
    monkeypatch.chdir(tmp_path)
    result = run("validate", "roadmap.yaml", "--stale", "--today", "2023-10-01")
    assert "unchanged since 2023-05-01" in result.stdout


def test_without_git_the_rest_works_and_one_note_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "roadmap.yaml").write_text(COMMON + KJ)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run("validate", "roadmap.yaml", "--stale", "--today", "2024-02-01")
    assert result.exit_code == 0
    assert [line.split(": warning: ")[1].split(" ")[0:2] for line in result.stdout.splitlines()] == [
        ["roadmap.updated", "is"],
        ["deliverable", "'kj-a'"],
        ["deliverable", "'kj-b'"],
    ]
    notes = [line for line in result.stderr.splitlines() if line.startswith("veikart: note:")]
    assert notes == [
        "veikart: note: history is unavailable (roadmap.yaml is not in a git work tree); "
        "the checks against git were skipped"
    ]


def test_git_missing_is_one_note(in_board: GitRoadmap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-git"))
    result = run("validate", "roadmap", "--stale", "--today", "2024-02-01")
    assert result.exit_code == 0
    assert result.stderr.count("veikart: note:") == 1
    assert "git is not installed" in result.stderr
    assert "was due 2023-Q4" in result.stdout


# --- the checks as pure functions -------------------------------------------------------


ROADMAP = load_text(COMMON + KJ).roadmap


def nowhere(section: str, ident: str | None, key: str, near: Location | None) -> Location | None:
    return None


def commit(day: str) -> Commit:
    return Commit("a" * 40, "aaaaaaa", dt.datetime.fromisoformat(f"{day}T12:00:00+02:00"), "Kari", "endring")


def test_past_end_is_strictly_after_the_last_day():
    assert ROADMAP is not None
    # kj-a ends 2023-06-30 (establishing), kj-b 2023-12-31 (planning)
    assert past_end(ROADMAP, dt.date(2023, 6, 30), nowhere) == []
    (warning,) = past_end(ROADMAP, dt.date(2023, 7, 1), nowhere)
    assert "'kj-a'" in warning.message and warning.location == ROADMAP.deliverables[0].source
    assert len(past_end(ROADMAP, dt.date(2024, 1, 1), nowhere)) == 2
    assert (
        "leveranse 'kj-a' skulle vært ferdig"
        in past_end(ROADMAP, dt.date(2024, 1, 1), nowhere, "nb")[0].message
    )


def test_available_deliverables_are_never_past_their_end():
    roadmap = load_text((COMMON + KJ).replace("status: establishing", "status: available")).roadmap
    assert roadmap is not None
    assert [w.message.split("'")[1] for w in past_end(roadmap, dt.date(2030, 1, 1), nowhere)] == ["kj-b"]


def test_updated_boundaries():
    assert ROADMAP is not None  # updated 2023-01-10
    assert updated_too_old(ROADMAP, dt.date(2023, 5, 10), nowhere) == []  # 120 days
    assert len(updated_too_old(ROADMAP, dt.date(2023, 5, 11), nowhere)) == 1
    assert updated_behind_git(ROADMAP, commit("2023-01-10"), nowhere) == []
    assert len(updated_behind_git(ROADMAP, commit("2023-01-11"), nowhere)) == 1
    assert updated_behind_git(ROADMAP, None, nowhere) == []


def test_health_boundaries():
    assert ROADMAP is not None
    changed = {"kj": commit("2023-01-01")}
    assert health_unchanged(ROADMAP, dt.date(2023, 5, 1), changed, nowhere) == []  # 120 days
    (warning,) = health_unchanged(ROADMAP, dt.date(2023, 5, 2), changed, nowhere)
    assert warning.message.startswith(
        "service 'kj': its traffic lights (health) are unchanged since 2023-01-01"
    )
    assert health_unchanged(ROADMAP, dt.date(2030, 1, 1), {"kj": None}, nowhere) == []
