"""Reading a version entry by entry gives the loader's items, or falls back to reading the
file whole; never a different item."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from history_repo import COMMON, KJ, PLL

from veikart.history.chunks import split_entries
from veikart.history.items import INVALID
from veikart.history.repository import model_items
from veikart.history.versions import index_items, text_items
from veikart.roadmap import load_roadmap, load_text
from veikart.roadmap.synthetic import synthetic_roadmap_yaml

ROOT = Path(__file__).resolve().parent.parent


def loader_items(text: str) -> dict:
    result = load_text(text)
    assert result.roadmap is not None, [str(p) for p in result.problems.errors]
    return {k: dataclasses.replace(v, source=None) for k, v in model_items(result.roadmap).items()}


def assert_same_items(text: str) -> None:
    assert index_items(text_items(text)) == loader_items(text)


@pytest.mark.parametrize(
    "path", [ROOT / "data" / "roadmap.yaml", *sorted((ROOT / "tests" / "corpus" / "valid").glob("*.yaml"))]
)
def test_entry_reading_matches_the_loader(path: Path):
    text = path.read_text(encoding="utf-8")
    assert split_entries(text) is not None, "a roadmap as planners write it is cut, not parsed whole"
    assert_same_items(text)
    assert load_roadmap(path).roadmap is not None


def test_entry_reading_matches_the_loader_on_a_large_roadmap():
    assert_same_items(synthetic_roadmap_yaml(400, seed=3))


def _single() -> str:
    """The test roadmap in one file: KJ's sections hold PLL's entries too."""
    services_kj, deliverables_kj = KJ.split("deliverables:\n")
    services_pll, deliverables_pll = PLL.split("deliverables:\n")
    return (
        COMMON
        + services_kj
        + services_pll.removeprefix("services:\n")
        + "deliverables:\n"
        + deliverables_kj
        + deliverables_pll
    )


BASE = _single()


def test_base_roadmap_is_cut_into_its_entries():
    chunks = split_entries(BASE)
    assert chunks is not None
    assert [(c.section, c.whole_section) for c in chunks][:3] == [
        ("roadmap", True),
        ("phases", False),
        ("phases", False),
    ]
    assert [c.text.split("\n")[0].strip() for c in chunks if c.section == "deliverables"] == [
        "- id: kj-a",
        "- id: kj-b",
        "- id: pll-a",
        "- id: pll-b",
    ]
    first = next(c for c in chunks if c.section == "deliverables")
    assert BASE.split("\n")[first.first_line - 1] == "  - id: kj-a"


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param(
            lambda t: t.replace("\n  - id:", "\n- id:").replace("\n    ", "\n  "), id="indentless lists"
        ),
        pytest.param(
            lambda t: t.replace("deliverables:\n", "# --- leveranser ---\ndeliverables:\n  # kj\n"),
            id="comments",
        ),
        pytest.param(lambda t: t.replace("\n  - id: kj-b", "\n\n\n  - id: kj-b"), id="blank lines"),
        pytest.param(
            lambda t: t.replace(
                "title: Dokumentdeling",
                "title: Dokumentdeling\n    description: |\n      - ikke et punkt\n      # ikke en kommentar\n",
            ),
            id="block text with list and comment lines",
        ),
        pytest.param(
            lambda t: t.replace("roadmap:\n", "roadmap:   # hovedblokk\n"), id="comment after a key"
        ),
        pytest.param(lambda t: t.replace("areas:\n", "audiences: []\nareas:\n"), id="an empty flow list"),
        pytest.param(
            lambda t: t.replace(
                "    status: planning\n", "    status: planning\n    description: |\n      Slutt.\n"
            ),
            id="block text ending an entry",
        ),
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="CRLF line ends"),
    ],
)
def test_layouts_that_are_cut(layout):
    text = layout(BASE)
    assert split_entries(text) is not None
    assert_same_items(text)


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param(lambda t: "---\n" + t, id="document marker"),
        pytest.param(lambda t: "%YAML 1.1\n---\n" + t, id="directive"),
        pytest.param(lambda t: t.replace("areas:\n", '"areas":\n'), id="quoted key"),
        pytest.param(
            lambda t: t.replace("title: Dokumentdeling", 'title: "Dokument\n  deling"'),
            id="text less indented than its item",
        ),
    ],
)
def test_layouts_read_whole(layout):
    text = layout(BASE)
    assert split_entries(text) is None
    assert_same_items(text)


def test_a_quoted_text_over_a_cut_line_is_read_whole():
    # libyaml lets a quoted text continue at any indentation: "Dokumentdeling - id: x"
    text = BASE.replace("title: Dokumentdeling", 'title: "Dokumentdeling\n  - og mer"')
    assert split_entries(text) is not None  # the cut is made, but an entry then fails alone
    items = index_items(text_items(text))
    assert items[("deliverable", "kj-b")].title == "Dokumentdeling - og mer"
    assert_same_items(text)


def test_an_alias_to_another_entry_is_read_whole():
    text = BASE.replace("title: Dokumentdeling", "title: &felles Dokumentdeling").replace(
        "title: Utprøving av PLL", "title: *felles"
    )
    items = index_items(text_items(text))
    assert items[("deliverable", "pll-a")].title == "Dokumentdeling"
    assert_same_items(text)


def test_an_entry_with_an_error_is_invalid_not_dropped():
    text = BASE.replace("    status: planning\n", "    status: planlagt\n", 1)
    items = index_items(text_items(text))
    assert items[("deliverable", "kj-b")] is INVALID
    assert items[("deliverable", "kj-a")].status == "establishing"


def test_the_first_of_two_entries_with_one_id_counts():
    text = BASE + "  - id: kj-a\n    service: kj\n    title: Duplikat\n    at: 2025-Q1\n"
    assert index_items(text_items(text))[("deliverable", "kj-a")].title == "Kritisk info i kjernejournal"


def test_text_that_is_not_a_roadmap_gives_no_items():
    assert text_items("") == ()
    assert text_items("- a\n- b\n") == ()
    assert text_items("deliverables: 3\n") == ()
    assert text_items("\tdeliverables:\n") == ()
