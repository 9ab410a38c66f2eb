"""How `veikart validate` writes its problems: for people, for programs, and for CI.

- `text`: one `FILE:LINE:COL: severity: message` line per problem, as compilers write.
- `json`: the same problems as a JSON list.
- `github`: GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`);
  the runner turns each into an annotation on the pull request's line.
- `gitlab`: a GitLab Code Quality report (a JSON array), for `artifacts:reports:codequality`.

The messages are written as given (in whichever language they were made); only the
CI formats' escaping and fields are decided here. This module imports no part of the
pipeline, so the CLI can read `FORMATS` without loading anything.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from veikart.i18n import Lang
    from veikart.roadmap.problems import Problem

GITHUB_TITLE = "veikart validate"
GITLAB_CHECK_NAME = "veikart-validate"
GITLAB_SEVERITY = {"error": "major", "warning": "minor"}
"""Code Quality severities (info, minor, major, critical, blocker) of veikart's two."""


def format_problems(problems: Sequence[Problem], output_format: str, lang: Lang = "en") -> list[str]:
    """The report on standard output, as lines, for problems in the order to show them.

    Messages are written in `lang`; locations and the words error/warning never change.
    """
    return _WRITERS[output_format](problems, lang)


def text_lines(problems: Sequence[Problem], lang: Lang) -> list[str]:
    return [problem.line(lang) for problem in problems]


def json_lines(problems: Sequence[Problem], lang: Lang) -> list[str]:
    """A JSON list: `message` in English for programs, `text` in `lang` for people."""
    return [json.dumps([problem.as_dict(lang) for problem in problems], ensure_ascii=False, indent=2)]


# --- GitHub Actions -------------------------------------------------------------------


def escape_data(text: str) -> str:
    """Escape a workflow command's message, as @actions/core does: %, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value: the message's escapes, plus ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, lang: Lang = "en") -> str:
    """`::error file=F,line=L,col=C,title=T::message` (or `::warning ...`) for one problem."""
    where = problem.location
    properties = {
        "file": where.file,
        "line": str(where.line),
        "col": str(where.column),
        "title": GITHUB_TITLE,
    }
    written = ",".join(f"{name}={escape_property(value)}" for name, value in properties.items())
    return f"::{problem.severity} {written}::{escape_data(problem.text(lang))}"


def github_lines(problems: Sequence[Problem], lang: Lang) -> list[str]:
    return [github_annotation(problem, lang) for problem in problems]


# --- GitLab Code Quality --------------------------------------------------------------


def repository_path(file: str) -> str:
    """The path as Code Quality wants it: relative, with forward slashes, no leading './'."""
    path = file.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def gitlab_issues(problems: Sequence[Problem], lang: Lang = "en") -> list[dict[str, object]]:
    """One Code Quality issue per problem.

    The fingerprint hashes the file, severity and message, not the line: an edit higher
    up in the file moves a problem without making GitLab report it as fixed and new. The
    same message twice in one file is told apart by its count, so every fingerprint in a
    report is different and each run gives the same ones.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    issues: list[dict[str, object]] = []
    for problem in problems:
        path = repository_path(problem.location.file)
        severity = str(problem.severity)
        message = problem.text(lang)
        key = (path, severity, message)
        seen[key] += 1
        identity = "\0".join((*key, str(seen[key])))
        issues.append(
            {
                "description": message,
                "check_name": GITLAB_CHECK_NAME,
                "fingerprint": hashlib.sha256(identity.encode("utf-8")).hexdigest(),
                "severity": GITLAB_SEVERITY[severity],
                "location": {"path": path, "lines": {"begin": problem.location.line}},
            }
        )
    return issues


def gitlab_lines(problems: Sequence[Problem], lang: Lang) -> list[str]:
    return [json.dumps(gitlab_issues(problems, lang), ensure_ascii=False, indent=2)]


_WRITERS: dict[str, Callable[[Sequence[Problem], Lang], list[str]]] = {
    "text": text_lines,
    "json": json_lines,
    "github": github_lines,
    "gitlab": gitlab_lines,
}
FORMATS: tuple[str, ...] = tuple(_WRITERS)
"""The `--format` choices of `veikart validate`."""

__all__ = [
    "FORMATS",
    "escape_data",
    "escape_property",
    "format_problems",
    "github_annotation",
    "gitlab_issues",
    "repository_path",
]
