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


def test_numbers_and_dates_are_accepted_as_text_and_ids():
    text = MINIMAL.replace("title: Utprøving av PLL i Helse Vest", "title: 2022").replace(
        "  - id: pll-beslutning", "  - id: 2023"
    )
    roadmap = load_text(text).roadmap
    assert roadmap.deliverables[0].title == "2022"
    assert roadmap.deliverables[1].id == "2023"
