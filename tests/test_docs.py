"""The documentation keeps up with the code (after datasette's test_docs.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from veikart.i18n import TEXTS
from veikart.roadmap.schema import FLAGS, RISK_LEVELS, ROADMAP, SECTIONS, STATUSES, all_field_names

ROOT = Path(__file__).resolve().parent.parent
FORMAT_DOC = (ROOT / "docs" / "format.md").read_text()
README = (ROOT / "README.md").read_text()


@pytest.mark.parametrize("name", sorted(all_field_names()))
def test_every_field_is_documented(name: str):
    assert f"`{name}`" in FORMAT_DOC, f"docs/format.md does not mention the field `{name}`"


def doc_section(key: str) -> str:
    """The text of the docs section headed by `key` (such as "## 8. `services` – ...")."""
    found = re.search(rf"^## \d+\. `{key}` .*?(?=^## )", FORMAT_DOC, re.S | re.M)
    assert found, f"docs/format.md has no section headed `{key}`"
    return found.group(0)


@pytest.mark.parametrize(
    ("section", "name"),
    [(section, f.name) for section, fields in {"roadmap": ROADMAP, **SECTIONS}.items() for f in fields],
)
def test_every_field_has_a_row_in_its_sections_table(section: str, name: str):
    assert re.search(rf"^\| `{name}` ", doc_section(section), re.M), (
        f"the `{section}` section of docs/format.md has no table row for `{name}`"
    )


def test_every_risk_level_is_documented():
    table = doc_section("risks")
    assert " / ".join(f"`{level}`" for level in RISK_LEVELS) in table


@pytest.mark.parametrize("value", [*STATUSES, *FLAGS])
def test_every_status_and_flag_is_documented_with_its_norwegian_label(value: str):
    kind = "status" if value in STATUSES else "flag"
    assert f"`{value}`" in FORMAT_DOC
    assert TEXTS[f"{kind}.{value}"]["nb"].rstrip(" (!)") in FORMAT_DOC


def test_every_time_form_is_documented():
    for form in ("2022-Q3", "2022Q3", "Q3 2022", "2022-K3", "2022-H2", "2022-09", "2022-09-15"):
        assert form in FORMAT_DOC


def test_readme_setup_is_two_commands_that_ci_runs():
    section = re.search(r"## Set-up on a fresh machine\n(.*?)\n## ", README, re.S)
    assert section, "README lacks the set-up section"
    block = re.search(r"```sh\n(.*?)\n```", section.group(1), re.S)
    assert block, "the set-up section has no sh block"
    lines = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert lines == ["make serve", "make test"], lines
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci, "CI must call the README's test command"


def test_every_cli_command_is_in_the_readme():
    from veikart.cli import main

    for name in main.commands:
        assert f"veikart {name}" in README, f"README does not show `veikart {name}`"
