"""Every bad input of the corpus gives exactly the expected FILE:LINE:COL problems.

Each `tests/corpus/bad/NAME.yaml` has a `NAME.expected` beside it holding the exact lines
`veikart validate NAME.yaml` must print, run from that folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from veikart.cli import main

CORPUS = Path(__file__).parent / "corpus"
BAD = sorted((CORPUS / "bad").glob("*.yaml"))


def validate_in(folder: Path, *args: str, lang: str = "en"):
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(folder)
    try:
        return runner.invoke(main, ["validate", "--lang", lang, *args], catch_exceptions=False)
    finally:
        os.chdir(old)


NORWEGIAN = sorted((CORPUS / "bad").glob("*.nb.expected"))


_LIBYAML_WORDS = re.compile(r"(: YAML syntax error: ).*?( \(|$)")


def veikarts_words(line: str) -> str:
    """The line without libyaml's own description of a syntax error, which its versions may word
    differently; the place, the severity and veikart's hint in brackets stay."""
    return _LIBYAML_WORDS.sub(r"\1…\2", line, count=1)


def test_corpus_is_large_and_distinct():
    expected = {p.with_suffix(".expected").read_text() for p in BAD}
    assert len(BAD) >= 30
    assert len(expected) == len(BAD), "two corpus cases expect the same output"


@pytest.mark.parametrize("case", BAD, ids=[p.stem for p in BAD])
def test_bad_input_reports_exact_locations(case: Path):
    result = validate_in(case.parent, case.name)
    expected = case.with_suffix(".expected").read_text().splitlines()
    assert result.exit_code == 1
    assert list(map(veikarts_words, result.stdout.splitlines())) == list(map(veikarts_words, expected))
    assert expected and all(line.startswith(f"{case.name}:") for line in expected)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("expected", NORWEGIAN, ids=[p.name.split(".")[0] for p in NORWEGIAN])
def test_bad_input_in_norwegian_keeps_locations_and_severity_words(expected: Path):
    case = expected.with_name(expected.name.replace(".nb.expected", ".yaml"))
    result = validate_in(case.parent, case.name, lang="nb")
    lines = expected.read_text().splitlines()
    assert result.exit_code == 1
    assert result.stdout.splitlines() == lines
    english = validate_in(case.parent, case.name, lang="en").stdout.splitlines()
    # The same places and error/warning words for tools; only the messages differ.
    assert [line.split(": ", 2)[:2] for line in lines] == [line.split(": ", 2)[:2] for line in english]
    assert all(nb != en for nb, en in zip(lines, english, strict=True))


def test_norwegian_is_the_default_and_veikart_lang_chooses(monkeypatch):
    case = CORPUS / "bad" / "unknown-service.yaml"
    runner = CliRunner()
    monkeypatch.chdir(case.parent)
    monkeypatch.delenv("VEIKART_LANG", raising=False)
    default = runner.invoke(main, ["validate", case.name])
    assert default.stdout == case.with_suffix(".nb.expected").read_text()
    assert default.stderr == "unknown-service.yaml: ikke gyldig: 1 feil, 0 advarsler\n"
    monkeypatch.setenv("VEIKART_LANG", "en")
    english = runner.invoke(main, ["validate", case.name])
    assert english.stdout == case.with_suffix(".expected").read_text()
    assert english.stderr == "unknown-service.yaml: not valid: 1 error, 0 warnings\n"
    monkeypatch.setenv("VEIKART_LANG", "de")
    assert runner.invoke(main, ["validate", case.name]).exit_code == 2


def test_minimal_roadmap_is_valid():
    result = validate_in(CORPUS / "valid", "minimal.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "valid: 0 errors, 0 warnings (1 service, 2 deliverables)" in result.stderr


def test_directory_problems_point_into_the_file_that_holds_them():
    result = validate_in(CORPUS, "dir-bad")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "dir-bad/services/kjernejournal.yaml:11:18: warning: deliverable 'kj-api' starts 2022-Q1 "
        "before its dependency 'tag-1' ends 2022-Q3",
        "dir-bad/services/tag.yml:1:1: error: 'roadmap:' may appear in one file only; "
        "it is already given at dir-bad/00-roadmap.yaml:1",
        "dir-bad/services/tag.yml:15:9: error: deliverable 'kj-api': the id is already used by "
        "another deliverable at dir-bad/services/kjernejournal.yaml:6",
    ]
