"""`veikart diff` on a real git repository: each change, its shift, its commit; the
formats; and every way the command refuses or fails, as a planner or CI would run it."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from history_repo import COMMON, HOSTILE_SUBJECT, KJ, PLL, GitRoadmap, board_history

from veikart.cli import main
from veikart.roadmap import model


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRoadmap, dict[str, str]]:
    return board_history(tmp_path_factory.mktemp("board"))


@pytest.fixture
def in_board(board, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(board[0].root)
    return board


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def diff_json(*args: str) -> dict:
    result = run("diff", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def by_kind(report: dict) -> dict[tuple[str, str, str], dict]:
    return {(c["item"], c["kind"], c["id"]): c for c in report["changes"]}


def test_each_change_with_its_shift_and_commit(in_board):
    _, ids = in_board
    report = diff_json("roadmap", "--from", "styremote-2023-01")
    changes = by_kind(report)
    expected = {
        ("deliverable", "moved", "kj-a"): "c3",
        ("deliverable", "moved", "pll-b"): "c2",
        ("deliverable", "added", "pll-c"): "c2",
        ("deliverable", "removed", "kj-b"): "c3",
        ("deliverable", "status", "pll-a"): None,
        ("deliverable", "phase", "pll-b"): "c4",
        ("deliverable", "dependencies", "pll-b"): "c4",
        ("deliverable", "flags", "pll-a"): "c4",
        ("deliverable", "title", "kj-a"): "c5",
        ("service", "health", "pll"): "c4",
        ("service", "critical", "kj"): "c4",
        ("service", "phase", "kj"): "c4",
    }
    assert set(changes) == set(expected)
    for key, step in expected.items():
        commit = changes[key]["commit"]
        if step is None:
            assert commit is None and changes[key]["uncommitted"] is True, key
        else:
            assert commit["sha"] == ids[step], (key, commit["subject"])
            assert changes[key]["uncommitted"] is False

    slipped = changes[("deliverable", "moved", "kj-a")]
    assert slipped["shift_quarters"] == 2  # one quarter in c1, one more in c3
    assert slipped["start_shift_quarters"] == 1
    assert slipped["before"] == {"start": "2023-01-01", "end": "2023-06-30", "milestone": False}
    assert slipped["after"] == {"start": "2023-04-01", "end": "2023-12-31", "milestone": False}
    decision = changes[("deliverable", "moved", "pll-b")]
    assert (decision["shift_quarters"], decision["start_shift_quarters"]) == (-1, -1)
    assert decision["after"]["milestone"] is True
    assert changes[("deliverable", "status", "pll-a")]["before"] == "planning"
    assert changes[("deliverable", "status", "pll-a")]["after"] == "available"
    assert changes[("deliverable", "dependencies", "pll-b")]["after"] == []
    assert changes[("deliverable", "flags", "pll-a")]["after"] == ["attention"]
    health = changes[("service", "health", "pll")]
    assert (health["before"]["progress"], health["after"]["progress"]) == ("yellow", "red")
    assert changes[("service", "critical", "kj")]["after"] is True
    assert "shift_quarters" not in changes[("deliverable", "status", "pll-a")]


def test_json_shape_and_commit_details(in_board):
    _, ids = in_board
    report = diff_json("roadmap", "--from", "styremote-2023-01")
    assert set(report) == {"from", "to", "summary", "changes"}
    assert report["from"] == {
        "rev": "styremote-2023-01",
        "commit": ids["c0"],
        "date": "2023-01-10T12:00:00+00:00",
        "path": "roadmap",
    }
    assert report["to"] == {"rev": None, "commit": None, "date": None, "path": "roadmap"}
    assert report["summary"] == {
        "slipped": 1,
        "earlier": 1,
        "moved": 0,
        "added": 1,
        "removed": 1,
        "status": 1,
        "other": 7,
    }
    change = by_kind(report)[("deliverable", "removed", "kj-b")]
    assert set(change) >= {"kind", "id", "title", "service", "before", "after", "commit"}
    assert change["title"] == "Dokumentdeling"
    assert change["service"] == "kj"
    assert change["after"] is None
    assert change["commit"] == {
        "sha": ids["c3"],
        "short": ids["c3"][: len(change["commit"]["short"])],
        "date": "2023-03-01T12:00:00+00:00",
        "author": "Kari Nordmann",
        "subject": "KJ: kritisk info enda et kvartal; dokumentdeling utgår",
    }
    # kinds in report order: additions and removals first, then moves, then the rest
    kinds = [c["kind"] for c in report["changes"]]
    assert kinds[:4] == ["added", "removed", "moved", "moved"]


def test_to_a_revision_leaves_out_the_working_tree(in_board):
    _, ids = in_board
    report = diff_json("roadmap", "--from", "styremote-2023-01", "--to", "styremote-2023-03")
    status = by_kind(report)[("deliverable", "status", "pll-a")]
    assert (status["after"], status["commit"]["sha"]) == ("establishing", ids["c2"])
    assert report["to"]["commit"] == ids["c5"]
    # a range inside the history: only what changed after c3
    later = by_kind(diff_json("roadmap", "--from", ids["c3"], "--to", ids["c4"]))
    assert {k[1:] for k in later} == {
        ("phase", "pll-b"),
        ("dependencies", "pll-b"),
        ("flags", "pll-a"),
        ("health", "pll"),
        ("critical", "kj"),
        ("phase", "kj"),
    }
    assert {c["commit"]["sha"] for c in later.values()} == {ids["c4"]}


def test_no_changes(in_board):
    result = run("diff", "roadmap", "--from", "styremote-2023-03", "--to", "HEAD")
    assert result.exit_code == 0
    assert "Ingen endringer." in result.stdout
    assert diff_json("roadmap", "--from", "HEAD", "--to", "HEAD")["changes"] == []


def test_text_report_in_both_languages(in_board):
    nb = run("diff", "roadmap", "--from", "styremote-2023-01").stdout
    assert "1 forsinket, 1 fremskyndet, 1 ny, 1 fjernet, 1 endret status, 7 andre endringer" in nb
    assert "2023 K1–2023 K2 → 2023 K2–2023 K4  +2 kv, start +1 kv" in nb
    assert "ikke committet" in nb
    en = run("diff", "roadmap", "--from", "styremote-2023-01", "--lang", "en").stdout
    assert "1 delayed, 1 brought forward, 1 new, 1 removed, 1 changed status, 7 other changes" in en
    assert "2023 Q1–2023 Q2 → 2023 Q2–2023 Q4  +2 q, start +1 q" in en
    assert "not committed" in en


def test_markdown_tables_keep_hostile_commit_text_as_text(in_board):
    _, ids = in_board
    result = run("diff", "roadmap", "--from", "styremote-2023-01", "--format", "markdown")
    assert result.exit_code == 0
    md = result.stdout
    assert md.startswith("### Endringer i veikartet\n")
    assert "**1 forsinket, 1 fremskyndet, 1 ny, 1 fjernet, 1 endret status, 7 andre endringer**" in md
    assert "#### Forsinket" in md and "#### Andre endringer" in md
    title_row = next(line for line in md.splitlines() if "Kritisk informasjon" in line and "Tittel" in line)
    # the row has exactly the table's cells: no '|' from the subject or author splits it
    cells = [c for c in title_row.replace("\\|", "").split("|")[1:-1]]
    assert len(cells) == 5
    assert "<script>" not in md and "<b>" not in md
    assert "\\<script\\>" in md
    assert not re.search(r"(?<!\\)\]\(", md)  # no link survives: its brackets are escaped
    assert "@board" not in md  # no @-mention of a user
    assert f"`{ids['c5'][:7]}" in md
    assert HOSTILE_SUBJECT not in md


def test_json_keeps_commit_text_exactly(in_board):
    report = diff_json("roadmap", "--from", "styremote-2023-01")
    title = by_kind(report)[("deliverable", "title", "kj-a")]
    assert title["commit"]["subject"] == HOSTILE_SUBJECT
    assert (title["before"], title["after"]) == ("Kritisk info i kjernejournal", "Kritisk informasjon")


def test_merged_branch_change_is_the_branch_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    repo = GitRoadmap(tmp_path)
    repo.write("roadmap.yaml", COMMON + KJ)
    repo.commit("start", "2023-01-01")
    repo.tag("v1")
    repo.git("checkout", "-q", "-b", "slip")
    repo.edit("roadmap.yaml", "    end: 2023-Q4", "    end: 2024-Q2")
    slip = repo.commit("Dokumentdeling to kvartal senere", "2023-02-01")
    repo.git("checkout", "-q", "main")
    repo.edit("roadmap.yaml", "title: Veikart for historikk", "title: Veikart")
    repo.commit("Ny tittel", "2023-02-02")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge branch 'slip'", "slip")
    monkeypatch.chdir(tmp_path)
    changes = by_kind(diff_json("roadmap.yaml", "--from", "v1"))
    moved = changes[("deliverable", "moved", "kj-b")]
    assert (moved["shift_quarters"], moved["commit"]["sha"]) == (2, slip)


def test_from_path_compares_files_without_git(tmp_path: Path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(COMMON + PLL)
    new.write_text((COMMON + PLL).replace("at: 2024-Q1", "at: 2024-Q3"))
    report = diff_json(str(new), "--from-path", str(old))
    (change,) = report["changes"]
    assert (change["kind"], change["id"], change["shift_quarters"]) == ("moved", "pll-b", 2)
    assert change["commit"] is None and change["uncommitted"] is False
    assert report["from"]["rev"] is None and report["from"]["commit"] is None


def test_from_path_with_a_directory(tmp_path: Path):
    for name, kj in (("before", KJ), ("after", KJ.replace("status: planning", "status: establishing"))):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.yaml").write_text(COMMON + PLL)
        (tmp_path / name / "b.yaml").write_text(kj.replace("services:", "services:", 1))
    report = diff_json(str(tmp_path / "after"), "--from-path", str(tmp_path / "before"))
    assert [(c["kind"], c["id"]) for c in report["changes"]] == [("status", "kj-b")]


# --- refusals and failures: one line, exit 2, git never asked -------------------------


@pytest.fixture
def git_log_shim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `git` first on PATH that records each call, then runs the real git."""
    import shutil

    real = shutil.which("git")
    assert real
    shim = tmp_path / "shim"
    shim.mkdir()
    calls = tmp_path / "git-calls.log"
    script = shim / "git"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{calls}"\nexec "{real}" "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{shim}{os.pathsep}{os.environ['PATH']}")
    return calls


HOSTILE_REVISIONS = [
    "--output=/tmp/veikart-pwned",
    "-n1",
    "-p",
    "HEAD;rm -rf x",
    "$(touch x)",
    "`id`",
    "main with spaces",
    "main\nHEAD",
    "a" * 300,
    "HEAD:roadmap/kj.yaml",
    ":/Første",
    "styremote-2023-01..HEAD",
    "",
    "../../etc/passwd",
    "main\x00x",
]


@pytest.mark.parametrize("revision", HOSTILE_REVISIONS, ids=range(len(HOSTILE_REVISIONS)))
@pytest.mark.parametrize("option", ["--from", "--to"])
def test_hostile_revisions_are_refused_before_git_runs(
    in_board, git_log_shim: Path, option: str, revision: str
):
    args = ["diff", "roadmap", f"{option}={revision}"]
    if option == "--to":
        args += ["--from", "styremote-2023-01"]
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("veikart: error: the revision"), result.stderr
    assert not git_log_shim.exists(), git_log_shim.read_text()
    assert not Path("/tmp/veikart-pwned").exists()


def test_a_revision_as_a_separate_argument_is_refused_too(in_board, git_log_shim: Path):
    result = run("diff", "roadmap", "--from", "--output=/tmp/veikart-pwned")
    assert result.exit_code == 2
    assert not git_log_shim.exists()


def test_the_shim_sees_git_when_the_revision_is_fine(in_board, git_log_shim: Path):
    assert run("diff", "roadmap", "--from", "styremote-2023-01").exit_code == 0
    calls = git_log_shim.read_text().splitlines()
    assert calls, "the shim is not on the path git is run from"
    # read-only commands only, never one that writes or fetches
    assert {_verb(c) for c in calls} <= {"rev-parse", "log", "cat-file", "for-each-ref"}
    assert all("--no-optional-locks" in c and "protocol.allow=never" in c for c in calls)


def _verb(call: str) -> str:
    words = iter(call.split())
    for word in words:
        if word == "-c":
            next(words)
        elif not word.startswith("-"):
            return word
    return ""


def test_unknown_revision(in_board):
    result = run("diff", "roadmap", "--from", "styremote-1999")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("veikart: error: unknown revision 'styremote-1999'")
    assert len(result.stderr.strip().splitlines()) == 1


def test_not_a_git_work_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "roadmap.yaml").write_text(COMMON + PLL)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run("diff", "roadmap.yaml", "--from", "main")
    assert result.exit_code == 2
    assert result.stderr == "veikart: error: roadmap.yaml is not in a git work tree; history is unavailable\n"


def test_git_missing(in_board, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    empty = tmp_path / "no-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run("diff", "roadmap", "--from", "styremote-2023-01")
    assert result.exit_code == 2
    assert result.stderr == (
        "veikart: error: git is not installed (no 'git' command on PATH); history is unavailable\n"
    )


def test_path_missing_at_the_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    repo = GitRoadmap(tmp_path)
    repo.write("README.md", "tom\n")
    repo.commit("tomt", "2023-01-01")
    repo.write("roadmap.yaml", COMMON + PLL)
    monkeypatch.chdir(tmp_path)
    result = run("diff", "roadmap.yaml", "--from", "HEAD")
    assert result.exit_code == 2
    assert "roadmap.yaml does not exist at commit" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_invalid_version_lists_its_problems_at_the_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    repo = GitRoadmap(tmp_path)
    repo.write(
        "roadmap.yaml",
        (COMMON + PLL).replace("service: pll\n    title: Utprøving", "service: pl\n    title: Utprøving"),
    )
    sha = repo.commit("feil", "2023-01-01")
    repo.write("roadmap.yaml", COMMON + PLL)
    monkeypatch.chdir(tmp_path)
    result = run("diff", "roadmap.yaml", "--from", "HEAD")
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{sha[:7]}:roadmap.yaml:") and "unknown service 'pl'" in first
    assert result.stderr.splitlines()[-1].startswith("veikart: error: roadmap.yaml at HEAD is not valid")


def test_from_or_from_path_is_required(in_board):
    result = run("diff", "roadmap")
    assert result.exit_code == 2
    assert result.stderr == "veikart: error: give either --from REV or --from-path OTHER\n"


def test_nothing_is_written_to_the_repository(in_board):
    repo, _ = in_board
    git_dir = repo.root / ".git"

    def snapshot() -> dict[str, tuple[int, int]]:
        return {
            str(p.relative_to(git_dir)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in git_dir.rglob("*")
            if p.is_file()
        }

    before = snapshot()
    assert run("diff", "roadmap", "--from", "styremote-2023-01", "--format", "json").exit_code == 0
    assert run("validate", "roadmap", "--stale", "--today", "2024-01-01").exit_code == 0
    assert snapshot() == before


@pytest.mark.skipif(
    not hasattr(model, "Risk") or "tentative" not in {f.name for f in dataclasses.fields(model.Deliverable)},
    reason="format version 2 (risks, tentative) is not in the roadmap model yet",
)
def test_version2_risks_and_estimates_through_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    repo = GitRoadmap(tmp_path)
    risks = "risks:\n  - id: r1\n    title: Rettsgrunnlag\n    level: medium\n  - id: r2\n    title: Borte\n    level: low\n"
    repo.write("roadmap.yaml", COMMON + PLL + risks)
    repo.commit("start", "2023-01-01")
    repo.tag("v1")
    repo.edit("roadmap.yaml", "level: medium", "level: high")
    repo.edit("roadmap.yaml", "    at: 2024-Q1\n", "    at: 2024-Q1\n    tentative: true\n")
    step = repo.commit("Høyere risiko; beslutningen er et anslag", "2023-02-01")
    repo.edit(
        "roadmap.yaml",
        "  - id: r2\n    title: Borte\n    level: low\n",
        "  - id: r3\n    title: Ny\n    level: high\n",
    )
    monkeypatch.chdir(tmp_path)
    changes = by_kind(diff_json("roadmap.yaml", "--from", "v1"))
    assert {k: (c["before"], c["after"]) for k, c in changes.items()} == {
        ("risk", "added", "r3"): (None, {"level": "high"}),
        ("risk", "removed", "r2"): ({"level": "low"}, None),
        ("risk", "level", "r1"): ("medium", "high"),
        ("deliverable", "tentative", "pll-b"): (False, True),
    }
    assert changes[("risk", "level", "r1")]["commit"]["sha"] == step
    assert changes[("deliverable", "tentative", "pll-b")]["commit"]["sha"] == step
    assert changes[("risk", "added", "r3")]["uncommitted"] is True


def test_a_shallow_clone_is_told_to_fetch_the_history(board, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    repo, _ = board
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)],
        check=True,
        capture_output=True,
    )
    monkeypatch.chdir(clone)
    result = run("diff", "roadmap", "--from", "styremote-2023-01")
    assert result.exit_code == 2
    assert "unknown revision 'styremote-2023-01'" in result.stderr
    assert "git fetch --unshallow --tags" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
