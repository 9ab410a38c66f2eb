"""Validation messages in English and Norwegian from one catalogue (veikart.roadmap.messages)."""

from __future__ import annotations

import pickle
import re
import string
from pathlib import Path

import pytest

from veikart.roadmap.load import load_roadmap, load_text
from veikart.roadmap.messages import LANGS, MAX_SHOWN, MESSAGES, Msg, render
from veikart.roadmap.problems import Location, Problem, Severity
from veikart.roadmap.schema import REQUIRED_SECTIONS, SECTIONS

ROOT = Path(__file__).resolve().parent.parent
BAD = sorted((ROOT / "tests" / "corpus" / "bad").glob("*.yaml"))
MINIMAL = (ROOT / "tests" / "corpus" / "valid" / "minimal.yaml").read_text()


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_is_in_every_language_with_the_same_values(key: str):
    texts = MESSAGES[key]
    assert set(texts) == set(LANGS)
    assert placeholders(texts["nb"]) == placeholders(texts["en"])


def test_every_key_the_code_uses_is_in_the_catalogue():
    used: set[str] = set()
    for module in (ROOT / "veikart").rglob("*.py"):
        used |= set(re.findall(r"""\b(?:Msg|plural)\(\s*"([a-z_.]+)\"""", module.read_text()))
    used |= {f"{prefix}.{section}" for section in SECTIONS for prefix in ("kind", "another")}
    used |= {f"need.{section}" for section in REQUIRED_SECTIONS}
    plurals = {k.rsplit(".", 1)[0] for k in MESSAGES if k.endswith((".one", ".other"))}
    missing = {k for k in used if k not in MESSAGES and k not in plurals}
    assert not missing
    assert len(used) > 100


@pytest.mark.parametrize("case", BAD, ids=[p.stem for p in BAD])
def test_every_problem_of_the_corpus_is_said_in_norwegian(case: Path):
    try:
        problems = load_roadmap(case).problems
    except Exception as exc:  # pragma: no cover - the corpus has no path errors
        pytest.fail(f"{case.name}: {exc}")
    assert problems.items
    for problem in problems:
        assert isinstance(problem.message, Msg), problem
        assert problem.text("nb") != problem.text("en"), problem.text("en")


def test_problem_lines_keep_location_and_severity_words():
    problem = load_text(MINIMAL.replace("critical: true", "critcal: true"), "v.yaml").problems.items[0]
    assert (
        str(problem)
        == problem.line("en")
        == ("v.yaml:24:5: error: service 'pll': unknown key 'critcal' (did you mean 'critical'?)")
    )
    assert (
        problem.line("nb")
        == "v.yaml:24:5: error: tjeneste 'pll': ukjent nøkkel 'critcal' (mente du 'critical'?)"
    )
    assert problem.as_dict("nb") == {
        "file": "v.yaml",
        "line": 24,
        "column": 5,
        "severity": "error",
        "message": "service 'pll': unknown key 'critcal' (did you mean 'critical'?)",
        "key": "entry",
        "lang": "nb",
        "text": "tjeneste 'pll': ukjent nøkkel 'critcal' (mente du 'critical'?)",
    }


def test_a_message_is_its_english_text_and_survives_pickling():
    message = Msg("warning.no_deliverables", id="pll")
    assert message == "service 'pll' has no deliverables"
    assert isinstance(message, str) and message.startswith("service")
    again = pickle.loads(pickle.dumps(message))
    assert isinstance(again, Msg) and again.render("nb") == "tjenesten 'pll' har ingen leveranser"


def test_plain_text_problems_are_the_same_in_every_language():
    problem = Problem(Location("data"), Severity.ERROR, "could not be reloaded")
    assert problem.text("nb") == problem.text("en") == "could not be reloaded"
    assert render("plain", "nb") == "plain"
    assert problem.as_dict()["key"] is None


def test_a_planners_value_is_quoted_on_one_line_and_bounded():
    long_id = "\\e[2J\\u2028" + "x" * 500  # YAML escapes: ESC and LINE SEPARATOR in the value
    text = MINIMAL.replace(
        "    service: pll\n    title: Beslutte", f'    service: "{long_id}"\n    title: Beslutte'
    )
    (problem,) = load_text(text).problems.errors
    for lang in LANGS:
        line = problem.line(lang)
        assert line.isprintable() and "'\\x1b[2J\\u2028xxx" in line
        assert "xxx…'" in line and max(map(len, re.findall("x+", line))) < MAX_SHOWN  # 500 written
