"""docs/digest.md keeps up with `veikart digest`: every option and every section."""

from __future__ import annotations

from pathlib import Path

import pytest

from veikart.cli import main
from veikart.i18n import TEXTS

DOC = (Path(__file__).resolve().parent.parent / "docs" / "digest.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "option", [o for p in main.commands["digest"].params for o in p.opts if o.startswith("--")]
)
def test_every_option_is_documented(option: str):
    assert f"`{option}" in DOC, f"docs/digest.md lacks {option}"


@pytest.mark.parametrize(
    "key",
    [
        "digest.figures.heading",
        "digest.changes.slipped",
        "digest.changes.earlier",
        "digest.changes.added",
        "digest.changes.removed",
        "digest.changes.status",
        "digest.health.heading",
        "digest.risks.heading",
        "digest.overdue.heading",
        "digest.conflicts.heading",
        "digest.sources.heading",
    ],
)
def test_every_section_is_documented_by_its_norwegian_heading(key: str):
    assert TEXTS[key]["nb"] in DOC, f"docs/digest.md does not name {TEXTS[key]['nb']!r}"


def test_the_stylesheet_has_a_class_for_every_column_width():
    from veikart.digest.render_html import MAX_WIDTH, STYLESHEET

    css = STYLESHEET.read_text(encoding="utf-8")
    for n in range(1, MAX_WIDTH + 1):
        assert f".vkd-w{n} {{\n  width: {n}%;\n}}" in css
