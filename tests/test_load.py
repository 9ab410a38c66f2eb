"""Loader behaviour beyond the corpus: hostile YAML, merging, warnings, the model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from veikart.roadmap.load import RoadmapPathError, load_roadmap, load_text
from veikart.roadmap.yamlsource import MAX_DEPTH

MINIMAL = (Path(__file__).parent / "corpus" / "valid" / "minimal.yaml").read_text()


def messages(result) -> list[str]:
    return [str(p) for p in result.problems.sorted()]


def test_minimal_model():
    roadmap = load_text(MINIMAL).roadmap
    assert roadmap is not None
    assert roadmap.info.start == dt.date(2021, 1, 1)
    assert roadmap.info.end == dt.date(2025, 12, 31)
    assert roadmap.info.updated == dt.date(2021, 11, 24)
    decision = roadmap.deliverables[1]
    assert decision.is_milestone and decision.kind == "decision"
    assert (decision.start, decision.end) == (dt.date(2023, 10, 1), dt.date(2023, 12, 31))
    period = roadmap.deliverables[0]
    assert not period.is_milestone and period.kind is None
    assert period.flags == ("geographic-variation",)
    assert roadmap.services[0].links[0].url == "https://example.org/pll"
    assert roadmap.services[0].health.progress == "yellow"


def test_milestone_kind_defaults_to_milestone():
    roadmap = load_text(MINIMAL.replace("    kind: decision\n", "")).roadmap
    assert roadmap.deliverables[1].kind == "milestone"


def test_python_tags_never_run_code(tmp_path: Path):
    marker = tmp_path / "ran"
    text = MINIMAL.replace(
        "title: Utprøving av PLL i Helse Vest",
        f'title: !!python/object/apply:os.system ["touch {marker}"]',
    )
    result = load_text(text)
    assert result.roadmap is None
    assert not marker.exists()


def test_alias_bomb_is_harmless():
    bomb = "".join(
        f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]\n"
        if prev
        else f'{name}: &{name} ["x","x","x","x","x","x","x","x","x"]\n'
        for prev, name in zip([None, *"abcdefgh"], "abcdefghi", strict=True)
    )
    result = load_text("x_" + bomb.replace("\n", "\nx_", bomb.count("\n") - 1))
    # Aliases share their values, so this neither expands nor hangs; it is just not a roadmap.
    assert result.roadmap is None
    assert any("unknown top-level key" in m for m in messages(result))


def test_alias_bomb_inside_a_field_is_reported_as_wrong_type():
    text = 'x: &a ["l","l","l","l","l","l","l","l"]\n' + MINIMAL.replace(
        "    title: Utprøving av PLL i Helse Vest", "    title: [*a, *a, *a, *a, *a, *a, *a, *a]"
    )
    assert any("'title' should be text, not a list" in m for m in messages(load_text(text)))


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        "- " * 50_000 + "x",
        "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 400)),
    ],
)
def test_deep_nesting_is_refused_not_crashed(text: str):
    result = load_text(text, "deep.yaml")
    assert result.roadmap is None
    assert any(f"nested more than {MAX_DEPTH} levels" in m for m in messages(result))


def test_deep_flow_nesting_is_located_at_the_bracket_past_the_limit():
    """Whether PyYAML or veikart's own walk notices first (PyYAML 6.0.4 refuses deep flow
    nesting while scanning), the problem points at the bracket where nesting passed the
    limit (counting the mapping around it, or not), never at 1:1."""
    for brackets in (300, 100_000):
        result = load_text("x: 1\ny: " + "[" * brackets + "]" * brackets, "deep.yaml")
        (problem,) = result.problems.errors
        assert problem.location.line == 2
        assert 3 + MAX_DEPTH <= problem.location.column <= 4 + MAX_DEPTH


def test_bom_and_crlf_are_fine():
    result = load_text("\ufeff" + MINIMAL.replace("\n", "\r\n"))
    assert result.ok, messages(result)


def test_directory_merges_like_one_file(tmp_path: Path):
    head, deliverables = MINIMAL.split("deliverables:\n")
    (tmp_path / "a.yaml").write_text(head)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yml").write_text("deliverables:\n" + deliverables)
    (tmp_path / "notes.txt").write_text("not yaml: [")
    merged = load_roadmap(tmp_path)
    single = load_text(MINIMAL)
    assert merged.ok, messages(merged)
    assert merged.roadmap.deliverables == tuple(
        d.__class__(**{**d.__dict__, "source": m.source})
        for d, m in zip(single.roadmap.deliverables, merged.roadmap.deliverables, strict=True)
    )
    assert merged.roadmap.deliverables[0].source.file.endswith("sub/b.yml")
    assert [p.name for p in merged.files] == ["a.yaml", "b.yml"]


def test_empty_file_in_a_directory_is_only_a_warning(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(MINIMAL)
    (tmp_path / "b.yaml").write_text("# nothing yet\n")
    result = load_roadmap(tmp_path)
    assert result.ok
    assert [p.message for p in result.problems.warnings] == ["the file is empty"]


@pytest.mark.parametrize("make", [lambda p: p / "missing.yaml", lambda p: p])
def test_unusable_paths_raise_path_errors(tmp_path: Path, make):
    with pytest.raises(RoadmapPathError):
        load_roadmap(make(tmp_path))


def test_warnings_listed_by_the_contract():
    text = (
        MINIMAL.replace("    at: 2023-Q4", "    at: 2022-Q2")
        .replace(
            "deliverables:\n", "  - id: tom\n    name: Tom tjeneste\n    area: e-resept\ndeliverables:\n"
        )
        .replace(
            "  - id: pll-beslutning",
            "  - id: pll-gammel\n    service: pll\n    title: Gammel\n    at: 2019\n  - id: pll-beslutning",
        )
    )
    result = load_text(text, "w.yaml")
    assert result.ok
    assert [p.message for p in result.problems.sorted()] == [
        "service 'tom' has no deliverables",
        "deliverable 'pll-gammel' lies entirely outside the roadmap period 2021-Q1..2025-Q4, "
        "so the default view does not show it",
        "deliverable 'pll-beslutning' starts 2022-Q2 before its dependency 'pll-utproving' ends 2022-Q4",
    ]


def test_every_problem_is_reported_in_one_run():
    text = (
        MINIMAL.replace("critical: true", "critcal: true")
        .replace('color: "#1f6f8b"', 'color: "blå"')
        .replace("status: establishing", "status: done")
        .replace("    service: pll\n    title: Beslutte", "    service: pl\n    title: Beslutte")
    )
    assert len(load_text(text).problems.errors) == 4


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("0123", "83"),
        ("10:30", "630"),
        ("0x1F", "31"),
        ("1_000", "1000"),
        ("0b101", "5"),
        ("1.50", "1.5"),
        ("+7", "7"),
    ],
)
def test_yaml_1_1_numbers_in_text_and_ids_ask_for_quotes(written: str, number: str):
    text = MINIMAL.replace("title: Utprøving av PLL i Helse Vest", f"title: {written}").replace(
        "  - id: pll-beslutning", f"  - id: {written}"
    )
    result = load_text(text, "n.yaml")
    assert result.roadmap is None
    found = [p.message for p in result.problems.errors]
    assert any(
        m.endswith(
            f"'title': YAML reads {written} as the number {number}, not as the text written; "
            f'put it in quotes: title: "{written}"'
        )
        for m in found
    ), found
    assert any(f"'id': YAML reads {written} as the number {number}" in m for m in found), found


def test_quoted_yaml_1_1_numbers_are_the_text_written():
    text = MINIMAL.replace("title: Utprøving av PLL i Helse Vest", 'title: "10:30"').replace(
        "name: Helsepersonell",
        "name: 0o17",  # not a number in YAML 1.1: text as written
    )
    roadmap = load_text(text).roadmap
    assert roadmap.deliverables[0].title == "10:30"
    assert roadmap.audiences[0].name == "0o17"


def test_a_date_and_time_where_a_time_is_expected_is_that_day():
    text = MINIMAL.replace("at: 2023-Q4", "at: 2023-9-5 10:30:00")
    roadmap = load_text(text).roadmap
    assert roadmap.deliverables[1].start == roadmap.deliverables[1].end == dt.date(2023, 9, 5)


def test_a_number_key_is_named_as_written():
    result = load_text(MINIMAL.replace("    critical: true", "    0123: true"), "k.yaml")
    assert [p.message for p in result.problems.errors] == [
        "service 'pll': unknown key '0123' (known keys: id, name, area, audiences, owner, critical, phase, "
        "description, links, health, sources, note, internal)"
    ]


def test_unicode_line_breaks_do_not_shift_lines_of_any_problem():
    """libyaml counts NEL, U+2028 and U+2029 as line breaks; editors do not."""
    breaks = "\x85\u2028\u2029" * 3
    text = MINIMAL.replace("goal: Oppslutning om konsept", f"goal: 'Oppslutning{breaks}om konsept'")
    text = text.replace("\n", "\r\n").replace("critical: true", "critcal: true")
    text = text.replace("  - id: pll-beslutning", "  - id: Pll-beslutning")
    plain = MINIMAL.replace("critical: true", "critcal: true").replace(
        "  - id: pll-beslutning", "  - id: Pll-beslutning"
    )
    located = [(p.location.line, p.location.column) for p in load_text(text).problems.sorted()]
    assert located == [(p.location.line, p.location.column) for p in load_text(plain).problems.sorted()]
    assert len(located) == 2


def test_messages_never_break_their_line():
    text = MINIMAL.replace("  - id: pll-beslutning", '  - id: "pll\u2028\\e[2J\\nx"')
    problems = load_text(text, "c.yaml").problems
    assert problems.has_errors
    for problem in problems:
        assert str(problem).isprintable(), str(problem)


def test_a_half_written_file_that_parses_carries_its_warnings():
    """Saved half-way through adding a service: valid, but the reader should hear about it."""
    text = MINIMAL + "  - id: ny-leveranse\n    service: pll\n    title: Ny\n    at: 2030\n"
    text = text.replace(
        "deliverables:\n", "  - id: ny\n    name: Ny tjeneste\n    area: e-resept\ndeliverables:\n"
    )
    result = load_text(text, "halv.yaml")
    assert result.ok
    assert [str(p) for p in result.warnings] == [
        "halv.yaml:30:9: warning: service 'ny' has no deliverables",
        "halv.yaml:52:9: warning: deliverable 'ny-leveranse' lies entirely outside the roadmap period "
        "2021-Q1..2025-Q4, so the default view does not show it",
    ]


def test_numbers_and_dates_are_accepted_as_text_and_ids():
    text = MINIMAL.replace("title: Utprøving av PLL i Helse Vest", "title: 2022").replace(
        "  - id: pll-beslutning", "  - id: 2023"
    )
    roadmap = load_text(text).roadmap
    assert roadmap.deliverables[0].title == "2022"
    assert roadmap.deliverables[1].id == "2023"


# ---------------------------------------------------------------- reading a directory


def roadmap_repository(root: Path) -> Path:
    """A roadmap repository as planners keep it: data files beside CI and hook configs."""
    head, deliverables = MINIMAL.split("deliverables:\n")
    (root / "data" / "tjenester").mkdir(parents=True)
    (root / "data" / "00-felles.yaml").write_text(head)
    (root / "data" / "tjenester" / "pll.yml").write_text("deliverables:\n" + deliverables)
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs:\n  validate: {runs-on: x}\n")
    (root / ".pre-commit-config.yaml").write_text("repos:\n  - repo: local\n")
    (root / ".gitlab-ci.yml").write_text("validate:\n  script: [veikart validate data/]\n")
    (root / "data" / ".utkast").mkdir()
    (root / "data" / ".utkast" / "halvferdig.yaml").write_text("deliverables: [{id: x\n")
    (root / "data" / ".#pll.yml").write_text("an editor's lock file\n")
    return root


def test_hidden_files_and_folders_are_skipped(tmp_path: Path):
    root = roadmap_repository(tmp_path)
    result = load_roadmap(root)
    assert result.ok and not result.problems.items, messages(result)
    assert [p.relative_to(root).as_posix() for p in result.files] == [
        "data/00-felles.yaml",
        "data/tjenester/pll.yml",
    ]


def test_validate_a_repository_with_ci_files(tmp_path: Path, monkeypatch):
    from click.testing import CliRunner

    from veikart.cli import main

    monkeypatch.chdir(roadmap_repository(tmp_path))
    result = CliRunner().invoke(main, ["validate", "--lang", "en", "."])
    assert result.exit_code == 0, result.output
    assert "valid: 0 errors, 0 warnings" in result.stderr


def test_links_that_cannot_be_followed_are_warnings_at_the_link(tmp_path: Path, monkeypatch):
    (tmp_path / "a.yaml").write_text(MINIMAL)
    (tmp_path / "borte.yaml").symlink_to("finnes-ikke.yaml")
    (tmp_path / "seg-selv.yaml").symlink_to("seg-selv.yaml")
    (tmp_path / "ring-1.yml").symlink_to("ring-2.yml")
    (tmp_path / "ring-2.yml").symlink_to("ring-1.yml")
    (tmp_path / "notater.txt").symlink_to("finnes-ikke.txt")  # not a roadmap file: no word
    monkeypatch.chdir(tmp_path)
    result = load_roadmap(Path("."))
    assert result.ok
    assert messages(result) == [
        "borte.yaml:1:1: warning: this link points to 'finnes-ikke.yaml', which does not exist; "
        "the file is skipped",
        "ring-1.yml:1:1: warning: this link to 'ring-2.yml' goes round in a loop of links; the file is skipped",
        "ring-2.yml:1:1: warning: this link to 'ring-1.yml' goes round in a loop of links; the file is skipped",
        "seg-selv.yaml:1:1: warning: this link to 'seg-selv.yaml' goes round in a loop of links; "
        "the file is skipped",
    ]


def test_a_folder_link_back_up_is_read_once(tmp_path: Path, monkeypatch):
    (tmp_path / "a.yaml").write_text(MINIMAL)
    (tmp_path / "under").mkdir()
    (tmp_path / "under" / "opp").symlink_to("..")
    monkeypatch.chdir(tmp_path)
    result = load_roadmap(Path("."))
    assert result.ok
    assert [p.name for p in result.files] == ["a.yaml"]
    assert messages(result) == [
        "under/opp:1:1: warning: this link leads to a folder that is already read; it is skipped"
    ]


def test_a_looping_roadmap_path_is_a_path_error(tmp_path: Path):
    (tmp_path / "data").symlink_to("data")
    with pytest.raises(RoadmapPathError, match="a link that leads nowhere or to itself"):
        load_roadmap(tmp_path / "data")


@pytest.fixture
def unreadable(monkeypatch):
    """Make a path unreadable as a non-root user would find it (root reads anything)."""
    import errno
    import os

    import veikart.roadmap.load as load_module

    def make(path: Path) -> None:
        if os.geteuid() != 0:
            path.chmod(0)
            return
        real_scandir, real_read_bytes = os.scandir, Path.read_bytes

        def scandir(folder):
            if Path(os.path.abspath(folder)) == path:
                raise PermissionError(errno.EACCES, "Permission denied", str(folder))
            return real_scandir(folder)

        def read_bytes(self):
            if self.absolute() == path:
                raise PermissionError(errno.EACCES, "Permission denied", str(self))
            return real_read_bytes(self)

        monkeypatch.setattr(load_module.os, "scandir", scandir)
        monkeypatch.setattr(Path, "read_bytes", read_bytes)

    made: list[Path] = []
    yield lambda path: (made.append(path), make(path))
    for path in made:
        path.chmod(0o755)


@pytest.mark.parametrize("what", ["tjenester", "tjenester/pll.yml"])
def test_an_unreadable_folder_or_file_is_a_usage_problem(tmp_path: Path, monkeypatch, unreadable, what: str):
    from click.testing import CliRunner

    from veikart.cli import main

    root = roadmap_repository(tmp_path)
    monkeypatch.chdir(root)
    unreadable(root / "data" / what)
    with pytest.raises(RoadmapPathError, match=rf"^data/{what}: cannot be read \(Permission denied\)$"):
        load_roadmap(Path("data"))
    result = CliRunner().invoke(main, ["validate", "--lang", "en", "data"])
    assert result.exit_code == 2
    assert result.stderr == f"veikart: error: data/{what}: cannot be read (Permission denied)\n"


# ---------------------------------------------------------------- the working directory


def test_display_path_needs_no_working_directory(tmp_path: Path, monkeypatch):
    from veikart.roadmap.problems import display_path

    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert display_path(Path("/srv/data/roadmap.yaml")) == "/srv/data/roadmap.yaml"
    assert display_path(Path("data/roadmap.yaml")) == "data/roadmap.yaml"


def test_display_path_of_a_link_loop_and_a_link(tmp_path: Path, monkeypatch):
    from veikart.roadmap.problems import display_path

    monkeypatch.chdir(tmp_path)
    (tmp_path / "ring").symlink_to("ring")
    (tmp_path / "lenke.yaml").symlink_to("/etc/hostname")
    assert display_path(tmp_path / "ring") == "ring"
    assert display_path(tmp_path / "lenke.yaml") == "lenke.yaml"  # the link, not where it leads


def test_validate_runs_in_a_deleted_working_directory(tmp_path: Path):
    import os
    import subprocess
    import sys

    gone = tmp_path / "release-41"
    gone.mkdir()
    roadmap = tmp_path / "roadmap.yaml"
    roadmap.write_text(MINIMAL)
    script = (
        f"import os, subprocess, sys; os.chdir({str(gone)!r}); os.rmdir({str(gone)!r}); "
        f"sys.exit(subprocess.run([sys.executable, '-m', 'veikart', 'validate', '--lang', 'en', {str(roadmap)!r}])"
        ".returncode)"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env={**os.environ}
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert f"{roadmap}: valid: 0 errors, 0 warnings" in run.stderr
