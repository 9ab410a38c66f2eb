"""Reading git: which revisions pass, what a revision's directory roadmap is, and the
one-line failures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from history_repo import COMMON, KJ, PLL, GitRoadmap

from veikart.history.git import (
    GitMissing,
    HistoryError,
    NotAWorkTree,
    Repository,
    TreeFile,
    UnknownRevision,
    UnsafeRevision,
    check_revision,
)
from veikart.history.versions import files_at, roadmap_at, roadmap_files


@pytest.mark.parametrize(
    "revision",
    [
        "main",
        "v1.2",
        "origin/main",
        "styremote-2023-06",
        "HEAD~3",
        "HEAD^2",
        "main@{1}",
        "@{-1}",
        "a" * 200,
        "3f2a9c1",
        "release_2024+rc1",
    ],
)
def test_revisions_people_type_pass(revision: str):
    assert check_revision(revision) == revision


@pytest.mark.parametrize(
    "revision",
    [
        "",
        "-n1",
        "--output=/tmp/x",
        ".hidden",
        "/etc/passwd",
        "a..b",
        "a...b",
        "HEAD:file",
        ":/message",
        "a b",
        "a\nb",
        "a\tb",
        "a;b",
        "$(x)",
        "`x`",
        "a|b",
        "a>b",
        "a" * 201,
        "å",
        "main\x00",
        "a*",
        "a?",
        "a[1]",
        "a\\b",
    ],
)
def test_revisions_refused(revision: str):
    with pytest.raises(UnsafeRevision):
        check_revision(revision)


def test_refusal_message_shows_the_text_safely():
    with pytest.raises(UnsafeRevision) as caught:
        check_revision("a\x1b[31mb c")
    assert "\x1b" not in str(caught.value)
    with pytest.raises(UnsafeRevision) as caught:
        check_revision("x" * 5000)
    assert len(str(caught.value)) < 200


@pytest.fixture
def repo(tmp_path: Path) -> GitRoadmap:
    repo = GitRoadmap(tmp_path / "repo")
    repo.write("roadmap/b/pll.yaml", PLL)
    repo.write("roadmap/a-kj.yaml", KJ)
    repo.write("roadmap/0.yaml", COMMON)
    repo.write("roadmap/.pre-commit-config.yaml", "repos: []\n")
    repo.write("roadmap/.github/workflows/ci.yml", "on: push\n")
    repo.write("roadmap/notes.txt", "ikke yaml\n")
    repo.write("roadmap/UPPER.YML", "services: []\n")
    os.symlink("0.yaml", repo.root / "roadmap" / "link.yaml")
    repo.commit("start", "2023-01-01")
    return repo


def test_directory_at_a_revision_follows_the_contract(repo: GitRoadmap):
    git = Repository.containing(repo.root / "roadmap")
    head = git.resolve("HEAD")
    files = [f.path for f in files_at(git, head, "roadmap")]
    # sorted by path parts as the loader sorts Paths; dot names, other suffixes and links skipped
    assert files == ["roadmap/0.yaml", "roadmap/UPPER.YML", "roadmap/a-kj.yaml", "roadmap/b/pll.yaml"]
    result = roadmap_at(git, head, "roadmap")
    assert result.roadmap is not None, [str(p) for p in result.problems]
    assert result.roadmap.files[0] == f"{head[:7]}:roadmap/0.yaml"


def test_sort_by_parts_not_by_string():
    files = [TreeFile("a/b.yaml", "1" * 40), TreeFile("a-c.yaml", "2" * 40)]
    # "a-c.yaml" < "a/b.yaml" as strings, but the loader sorts Path("a/b.yaml") first
    assert [f.path for f in roadmap_files(files, "")] == ["a/b.yaml", "a-c.yaml"]
    assert sorted([Path("a-c.yaml"), Path("a/b.yaml")]) == [Path("a/b.yaml"), Path("a-c.yaml")]


def test_single_file_and_root_directory(repo: GitRoadmap):
    repo.write("one.yaml", COMMON + PLL)
    repo.commit("one file", "2023-01-02")
    git = Repository.containing(repo.root)
    head = git.resolve("HEAD")
    assert [f.path for f in files_at(git, head, "one.yaml")] == ["one.yaml"]
    assert git.relative(repo.root) == ""
    assert git.relative(repo.root / "roadmap" / "a-kj.yaml") == "roadmap/a-kj.yaml"


def test_resolve_and_unknown(repo: GitRoadmap):
    git = Repository.containing(repo.root / "roadmap")
    head = repo.git("rev-parse", "HEAD")
    assert git.resolve("HEAD") == head == git.resolve(head) == git.resolve(head[:7])
    with pytest.raises(UnknownRevision, match="unknown revision 'nope'"):
        git.resolve("nope")
    with pytest.raises(UnsafeRevision):
        git.resolve("--all")


def test_branches_are_resolved_afresh(repo: GitRoadmap):
    git = Repository.containing(repo.root)
    first = git.resolve("main")
    second = repo.commit("more", "2023-01-03")
    assert git.resolve("main") == second != first


def test_not_a_work_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "x").mkdir()
    with pytest.raises(NotAWorkTree, match="is not in a git work tree"):
        Repository.containing(tmp_path / "x" / "roadmap.yaml")


def test_inside_the_git_directory_is_not_a_work_tree(repo: GitRoadmap):
    with pytest.raises(NotAWorkTree):
        Repository.containing(repo.root / ".git" / "objects")


def test_git_missing(repo: GitRoadmap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    with pytest.raises(GitMissing, match="git is not installed"):
        Repository.containing(repo.root)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to hand the repository to another user")
def test_a_repository_of_another_user_is_explained(repo: GitRoadmap, monkeypatch: pytest.MonkeyPatch):
    for path in [repo.root, *repo.root.rglob("*")]:
        os.lchown(path, 65534, 65534)
    monkeypatch.delenv("SUDO_UID", raising=False)
    with pytest.raises(HistoryError, match=r"safe\.directory"):
        Repository.containing(repo.root / "roadmap")


def test_blobs_and_object_types(repo: GitRoadmap):
    git = Repository.containing(repo.root)
    head = git.resolve("HEAD")
    kinds = git.object_types(
        [f"{head}:roadmap", f"{head}:roadmap/0.yaml", f"{head}:nope", f"{head}:roadmap/with space"]
    )
    assert kinds[f"{head}:roadmap"][1] == "tree"
    assert kinds[f"{head}:roadmap/0.yaml"][1] == "blob"
    assert kinds[f"{head}:nope"] is None and kinds[f"{head}:roadmap/with space"] is None
    blob = kinds[f"{head}:roadmap/0.yaml"][0]
    assert git.blobs([blob, blob]) == {blob: COMMON.encode()}


def test_log_lists_commits_that_changed_the_path_with_details(repo: GitRoadmap):
    repo.write("README.md", "ikke veikart\n")
    repo.commit("readme", "2023-02-01")
    repo.edit("roadmap/a-kj.yaml", "Dokumentdeling", "Deling")
    sha = repo.commit("Ny | tittel", "2023-02-02", author="Åse Ærlig")
    git = Repository.containing(repo.root)
    commits = git.log(["roadmap"], until=git.resolve("HEAD"))
    assert [c.subject for c in commits] == ["Ny | tittel", "start"]
    newest = commits[0]
    assert (newest.sha, newest.author, newest.date.isoformat()) == (
        sha,
        "Åse Ærlig",
        "2023-02-02T12:00:00+00:00",
    )
    assert newest.short == sha[: len(newest.short)]
    # the parent is rewritten past the README commit, to the last commit that touched the roadmap
    assert newest.parents == (commits[1].sha,)
    # a single commit's details carry its real parent: the README commit
    alone = git.commit(sha)
    assert (alone.subject, alone.author) == ("Ny | tittel", "Åse Ærlig")
    assert alone.parents == (repo.git("rev-parse", "HEAD~1"),)
