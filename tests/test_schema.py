"""The JSON Schema for editors agrees with the validator on real and bad roadmaps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jsonschema
import pytest
import yaml

from veikart.roadmap.schema import json_schema

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "corpus" / "bad"


def as_editor_sees_it(path: Path) -> object:
    """YAML as yaml-language-server reads it (YAML 1.2: dates are plain strings)."""

    def norm(value: object) -> object:
        if isinstance(value, dict):
            return {str(k): norm(v) for k, v in value.items()}
        if isinstance(value, list):
            return [norm(v) for v in value]
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    return norm(yaml.safe_load(path.read_text()))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize(
    "path",
    [
        ROOT / "data" / "roadmap.yaml",
        ROOT / "tests" / "corpus" / "valid" / "minimal.yaml",
        ROOT / "tests" / "corpus" / "valid" / "version2.yaml",
    ],
)
def test_valid_roadmaps_satisfy_the_schema(validator, path):
    assert [e.message for e in validator.iter_errors(as_editor_sees_it(path))] == []


@pytest.mark.parametrize(
    "case",
    [
        "unknown-key",
        "unknown-top-level-key",
        "bad-slug",
        "bad-colour",
        "javascript-url",
        "data-url",
        "at-and-start",
        "start-without-end",
        "no-time",
        "bad-quarter",
        "bad-status",
        "bad-flag",
        "duplicate-flag",
        "critical-not-bool",
        "depends-on-not-list",
        "bad-health-level",
        "missing-title",
        "services-not-a-list",
        "entry-not-a-mapping",
        "text-is-a-list",
        "bad-risk-level",
        "missing-risk-level",
        "source-url-scheme",
        "tentative-not-bool",
        "unknown-source-key",
        "affects-not-a-list",
        "internal-on-phase",
    ],
)
def test_editors_underline_what_the_validator_rejects(validator, case):
    assert list(validator.iter_errors(as_editor_sees_it(BAD / f"{case}.yaml"))), case
