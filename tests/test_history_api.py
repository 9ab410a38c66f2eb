"""`RoadmapHistory`, as the dashboard will use it: revisions for a selector, versions by
commit id, comparisons and last changes; from many threads at once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from history_repo import COMMON, PLL, GitRoadmap, board_history

import veikart.history.repository as repository_module
from veikart.history import RoadmapHistory, render
from veikart.history.render import clean_text, markdown_text


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRoadmap, dict[str, str]]:
    repo, ids = board_history(tmp_path_factory.mktemp("api"))
    repo.tag("ok$(id)")  # a name git accepts but a URL must not carry to git
    return repo, ids


@pytest.fixture
def history(board, monkeypatch: pytest.MonkeyPatch) -> RoadmapHistory:
    monkeypatch.chdir(board[0].root)
    return RoadmapHistory(Path("roadmap"))


def test_revisions_tags_newest_first_then_commits(history: RoadmapHistory, board):
    _, ids = board
    revisions = history.revisions(limit=3)
    assert [(r.kind, r.name) for r in revisions[:2]] == [
        ("tag", "styremote-2023-03"),
        ("tag", "styremote-2023-01"),
    ]
    assert revisions[1].commit == ids["c0"]  # an annotated tag is peeled to its commit
    assert [r.commit for r in revisions[2:]] == [ids["c5"], ids["c4"], ids["c3"]]
    assert all(r.kind == "commit" and r.name == r.commit[: len(r.name)] for r in revisions[2:])
    assert revisions[3].subject == "Faser, avhengigheter og trafikklys"
    assert "ok$(id)" not in {r.name for r in revisions}


def test_roadmap_at_is_read_once_per_commit(history: RoadmapHistory, board):
    _, ids = board
    first = history.roadmap_at(ids["c2"])
    assert first.roadmap is not None
    assert history.roadmap_at(ids["c2"]) is first
    assert RoadmapHistory(Path("roadmap")).roadmap_at(ids["c2"]) is first
    assert [d.id for d in first.roadmap.deliverables] == ["kj-a", "kj-b", "pll-b", "pll-a", "pll-c"]


def test_last_changed(history: RoadmapHistory, board):
    _, ids = board
    assert history.last_changed("kj-a").commit.sha == ids["c5"]
    assert str(history.last_changed("kj-a").date) == "2023-03-20"
    assert history.last_changed("pll-c").commit.sha == ids["c2"]
    assert history.last_changed("pll-b").commit.sha == ids["c4"]
    assert history.last_changed("pll", "service").commit.sha == ids["c4"]
    assert history.last_changed("kj", "service", aspect="health").commit.sha == ids["c0"]
    assert history.last_changed("kj-b") is None  # removed before HEAD
    assert history.last_changes() is history.last_changes()  # cached per head commit


def _attributions(history: RoadmapHistory) -> list[tuple[str, str, str | None]]:
    report = history.compare("styremote-2023-01")
    return [(a.change.kind, a.change.id, a.commit.sha if a.commit else None) for a in report.changes]


def test_the_loaders_reading_gives_the_same_commits(history: RoadmapHistory, monkeypatch: pytest.MonkeyPatch):
    fast = _attributions(history)
    monkeypatch.setattr(repository_module, "agrees", lambda *args: False)
    assert _attributions(history) == fast


def test_many_threads_get_the_same_report(history: RoadmapHistory):
    expected = render(history.compare("styremote-2023-01"), "json")
    results: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            fresh = RoadmapHistory(Path("roadmap"))
            results.append(render(fresh.compare("styremote-2023-01"), "json"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == [expected] * 6


def test_a_broken_commit_in_between_is_read_as_far_as_it_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    repo = GitRoadmap(tmp_path)
    repo.write("roadmap.yaml", COMMON + PLL)
    repo.commit("start", "2023-01-01")
    repo.tag("v1")
    repo.edit("roadmap.yaml", "at: 2024-Q1", "at: 2024-Q3")
    repo.edit("roadmap.yaml", "area: e-resept", "area: e-rsept")  # an unknown area: the roadmap has an error
    broken = repo.commit("flytt beslutning (med feil)", "2023-02-01")
    repo.edit("roadmap.yaml", "area: e-rsept", "area: e-resept")
    repo.commit("rett feilen", "2023-02-02")
    monkeypatch.chdir(tmp_path)
    history = RoadmapHistory(Path("roadmap.yaml"))
    assert history.roadmap_at(broken).roadmap is None
    (attributed,) = history.compare("v1").changes
    assert (attributed.change.kind, attributed.change.shift_quarters) == ("moved", 2)
    assert attributed.commit is not None and attributed.commit.sha == broken


def test_untrusted_text_is_printable_and_bounded():
    assert clean_text("a\x1b[31mb\u202ec\nd\te") == "a [31mbc d e"
    assert clean_text("x" * 500) == "x" * 119 + "…"
    assert clean_text(None) == ""


def test_markdown_text_is_inert():
    assert markdown_text("<img src=x> | **b** [l](u) `c` @kari &amp;") == (
        "\\<img src=x\\> \\| \\*\\*b\\*\\* \\[l\\](u) \\`c\\` @\u2060kari \\&amp;"
    )


HOSTILE_CELLS = [
    "<img src=x onerror=alert(1)> | **b** [l](u) ![i](u) `c` ~~s~~ _e_ &amp; &#60;",
    "# heading",
    "> quote",
    "+4 kv (steg 2): planlegging",
    "see https://evil.example/x and www.evil.example",
    "trailing backslash \\",
    "{+ GitLab's inline diff +} and $x$ (GitHub's maths)",
    "Planfase (OA2): 50% og 3:2, start +1 kv",
]


@pytest.mark.parametrize("text", HOSTILE_CELLS)
def test_markdown_text_renders_as_exactly_the_text(text: str):
    """Rendered by a CommonMark parser (with tables), after a label as in a list of facts
    and in a table cell, the escaped text is the text itself: no element, no link, no
    entity decoded."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    escaped = markdown_text(text)
    for source, prefix in ((f"Tittel: {escaped}", "Tittel: "), (f"| a |\n| --- |\n| {escaped} |", "")):
        tokens = md.parse(source)
        inline = [t for t in tokens if t.type == "inline"][-1]
        kinds = {child.type for child in inline.children or []}
        assert kinds <= {"text", "softbreak"}, (source, kinds)
        shown = "".join(child.content for child in inline.children or [])
        assert shown.replace("\u2060", "") == prefix + text
    # plain text stays readable: only what could be markup is escaped
    if text.startswith("Planfase"):
        assert escaped == text


def test_a_server_passes_its_loaded_roadmap(history: RoadmapHistory):
    from veikart.roadmap import load_roadmap

    snapshot = load_roadmap(Path("roadmap"))
    assert history.compare("styremote-2023-01", worktree=snapshot) == history.compare("styremote-2023-01")
