"""`veikart validate --format github|gitlab`: CI annotations in the shapes GitHub and GitLab document."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from veikart.cli import main
from veikart.problem_formats import escape_data, escape_property, github_annotation, gitlab_issues
from veikart.roadmap.problems import Location, Problem, Severity

MINIMAL = Path(__file__).parent / "corpus" / "valid" / "minimal.yaml"

# GitLab's "Code Quality report format" (docs.gitlab.com/ci/testing/code_quality/): one JSON
# array; each object has at least these, severity one of five; the line is location.lines.begin.
GITLAB_CODE_QUALITY_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1, "not": {"pattern": "^(/|\\./)"}},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}

# GitHub's workflow command for an annotation: ::error file={name},line={line},col={col},title={title}::{message}
WORKFLOW_COMMAND = re.compile(
    r"^::(?P<command>error|warning|notice) (?P<properties>[^:]*)::(?P<data>[^\r\n]*)$"
)
_ESCAPES = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}


def unescape(text: str) -> str:
    """What the Actions runner reads from an escaped value (one pass, so '%250A' stays '%0A')."""
    return re.sub("%(25|0D|0A|3A|2C)", lambda m: _ESCAPES[m.group()], text)


def read_annotation(line: str) -> tuple[str, dict[str, str], str]:
    match = WORKFLOW_COMMAND.match(line)
    assert match, line
    properties = dict(item.split("=", 1) for item in match["properties"].split(","))
    return match["command"], {k: unescape(v) for k, v in properties.items()}, unescape(match["data"])


def roadmap_repository(tmp_path: Path, folder: str = "roadmap") -> Path:
    """A roadmap repository with one error and one warning, in two files of a folder."""
    roadmap = tmp_path / folder
    head, deliverables = MINIMAL.read_text().split("deliverables:\n")
    (roadmap / "services").mkdir(parents=True)
    (roadmap / "00-roadmap.yaml").write_text(head.replace("area: e-resept", "area: eresept"))
    (roadmap / "services" / "pll.yaml").write_text(
        "deliverables:\n" + deliverables.replace("    at: 2023-Q4", "    at: 2022-Q2")
    )
    return roadmap


def validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str):
    monkeypatch.chdir(tmp_path)  # as CI runs it: from the repository's root
    return CliRunner().invoke(main, ["validate", *args], catch_exceptions=False)


def problems_as_json(tmp_path, monkeypatch, *args: str) -> list[dict]:
    return json.loads(validate(tmp_path, monkeypatch, "--format", "json", *args).stdout)


# --- github ---------------------------------------------------------------------------


def test_github_annotations_carry_every_problem_at_its_place(tmp_path, monkeypatch):
    roadmap_repository(tmp_path)
    result = validate(tmp_path, monkeypatch, "--format", "github", "roadmap")
    assert result.exit_code == 1
    annotations = [read_annotation(line) for line in result.stdout.splitlines()]
    expected = problems_as_json(tmp_path, monkeypatch, "roadmap")
    assert {p["severity"] for p in expected} == {"error", "warning"}
    assert annotations == [
        (
            p["severity"],
            {"file": p["file"], "line": str(p["line"]), "col": str(p["column"]), "title": "veikart validate"},
            p["text"],
        )
        for p in expected
    ]
    assert annotations[0][1]["file"] == "roadmap/00-roadmap.yaml"  # relative to the checkout
    assert "ikke gyldig: 1 feil, 1 advarsel" in result.stderr  # Norwegian unless --lang en


def test_github_escapes_what_would_end_the_command(tmp_path, monkeypatch):
    folder = "team,a:b%c"  # a ',' or ':' in a property would end it, '%' starts an escape
    roadmap = roadmap_repository(tmp_path, folder)
    services = roadmap / "services" / "pll.yaml"
    services.write_text(services.read_text().replace("service: pll\n", 'service: "p%l,l:\\r\\nx"\n', 1))
    result = validate(tmp_path, monkeypatch, "--format", "github", "--lang", "en", folder)
    lines = result.stdout.splitlines()
    expected = problems_as_json(tmp_path, monkeypatch, "--lang", "en", folder)
    assert len(lines) == len(expected)  # a line break in the YAML value did not start a new command
    odd = [p for p in expected if "p%l,l:" in p["text"]]
    assert odd and odd[0]["file"].startswith("team,a:b%c/")
    raw = next(line for line in lines if "x' is not a valid id" in line)
    assert "file=team%2Ca%3Ab%25c/services/pll.yaml," in raw
    assert "'p%25l,l:" in raw  # in the message ':' and ',' stay as they are, '%' is escaped
    assert [read_annotation(line)[2] for line in lines] == [p["text"] for p in expected]


def test_escaping_is_the_documented_one():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext%3A a%2C b"


@given(st.text(), st.text(min_size=1))
def test_any_text_gives_one_command_that_reads_back(message: str, file: str):
    problem = Problem(Location(file, 3, 7), Severity.WARNING, message)
    command, properties, data = read_annotation(github_annotation(problem))
    assert (command, properties["file"], properties["line"], properties["col"], data) == (
        "warning",
        file,
        "3",
        "7",
        message,
    )


# --- gitlab ---------------------------------------------------------------------------


def test_gitlab_report_matches_the_documented_format(tmp_path, monkeypatch):
    roadmap_repository(tmp_path)
    result = validate(tmp_path, monkeypatch, "--format", "gitlab", "roadmap")
    assert result.exit_code == 1
    assert not result.stdout.startswith("\ufeff")  # GitLab's parser refuses a byte order mark
    report = json.loads(result.stdout)
    jsonschema.validate(report, GITLAB_CODE_QUALITY_SCHEMA)
    expected = problems_as_json(tmp_path, monkeypatch, "roadmap")
    assert [
        (
            issue["description"],
            issue["location"]["path"],
            issue["location"]["lines"]["begin"],
            issue["severity"],
        )
        for issue in report
    ] == [
        (p["text"], p["file"], p["line"], {"error": "major", "warning": "minor"}[p["severity"]])
        for p in expected
    ]
    assert report[0]["location"]["path"] == "roadmap/00-roadmap.yaml"


def test_gitlab_fingerprints_are_unique_stable_and_survive_moved_lines(tmp_path, monkeypatch):
    roadmap = roadmap_repository(tmp_path)
    first = json.loads(validate(tmp_path, monkeypatch, "--format", "gitlab", "roadmap").stdout)
    again = json.loads(validate(tmp_path, monkeypatch, "--format", "gitlab", "roadmap").stdout)
    head = roadmap / "00-roadmap.yaml"
    head.write_text("# Veikart\n# eid av styringsgruppen\n" + head.read_text())
    moved = json.loads(validate(tmp_path, monkeypatch, "--format", "gitlab", "roadmap").stdout)
    fingerprints = [issue["fingerprint"] for issue in first]
    assert len(set(fingerprints)) == len(first) == 2
    assert [issue["fingerprint"] for issue in again] == fingerprints
    assert [issue["fingerprint"] for issue in moved] == fingerprints
    lines = [issue["location"]["lines"]["begin"] for issue in first]
    assert [issue["location"]["lines"]["begin"] for issue in moved] == [lines[0] + 2, lines[1]]


def test_gitlab_tells_apart_the_same_message_twice_in_a_file():
    twice = [Problem(Location("./a.yaml", line, 1), Severity.ERROR, "same words") for line in (3, 9)]
    issues = gitlab_issues(twice)
    assert issues[0]["fingerprint"] != issues[1]["fingerprint"]
    assert [issue["location"]["path"] for issue in issues] == ["a.yaml", "a.yaml"]
    jsonschema.validate(issues, GITLAB_CODE_QUALITY_SCHEMA)


@pytest.mark.parametrize("output_format", ["github", "gitlab", "json", "text"])
def test_a_valid_roadmap_reports_nothing_and_passes(output_format, tmp_path, monkeypatch):
    result = validate(tmp_path, monkeypatch, "--format", output_format, str(MINIMAL))
    assert result.exit_code == 0
    expected = {"github": "", "gitlab": "[]\n", "json": "[]\n", "text": ""}[output_format]
    assert result.stdout == expected


def test_strict_fails_on_warnings_in_every_format(tmp_path, monkeypatch):
    path = tmp_path / "roadmap.yaml"
    path.write_text(MINIMAL.read_text().replace("    at: 2023-Q4", "    at: 2022-Q2"))
    for output_format in ("github", "gitlab"):
        result = validate(tmp_path, monkeypatch, "--strict", "--format", output_format, "roadmap.yaml")
        assert result.exit_code == 1, output_format
        assert "warning" in result.stdout or "minor" in result.stdout
