"""`veikart validate`: every problem of a roadmap, one compiler-style line each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from veikart.commands import CommandError
from veikart.roadmap import LoadResult, RoadmapPathError, load_roadmap
from veikart.roadmap.problems import problems_as_json


@dataclass(frozen=True)
class Validation:
    """The outcome of checking a roadmap: what to print and the exit status."""

    result: LoadResult
    strict: bool
    notes: tuple[str, ...] = ()
    """Lines for standard error besides the summary (checks that were skipped, and why)."""

    @property
    def errors(self) -> int:
        return len(self.result.problems.errors)

    @property
    def warnings(self) -> int:
        return len(self.result.problems.warnings)

    @property
    def failed(self) -> bool:
        return self.errors > 0 or (self.strict and self.warnings > 0)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def lines(self, output_format: str) -> list[str]:
        """The report on standard output: one line per problem, or a JSON list."""
        if output_format == "json":
            return [problems_as_json(self.result.problems)]
        return [str(problem) for problem in self.result.problems.sorted()]

    def summary(self, path: Path) -> str:
        """One line for standard error: the verdict and the counts."""
        roadmap = self.result.roadmap
        size = (
            f" ({len(roadmap.services)} services, {len(roadmap.deliverables)} deliverables)"
            if roadmap
            else ""
        )
        verdict = "not valid" if self.failed else "valid"
        strict_note = (
            " (--strict: warnings count as errors)"
            if self.strict and self.warnings and not self.errors
            else ""
        )
        errors, warnings = self.errors, self.warnings
        return (
            f"{path}: {verdict}{strict_note}: {errors} error{'s' * (errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)}{size}"
        )


def validate(path: Path, *, strict: bool = False, stale_today: dt.date | None = None) -> Validation:
    """Check the roadmap at `path`; CommandError when the path cannot be read at all.

    With `stale_today`, also the time-dependent checks as of that day (`--stale`).
    """
    try:
        result = load_roadmap(path)
    except RoadmapPathError as exc:
        raise CommandError(str(exc)) from None
    notes: tuple[str, ...] = ()
    if stale_today is not None and result.roadmap is not None:
        from veikart.history.stale import stale_check

        check = stale_check(path, result, stale_today)
        result.problems.items.extend(check.problems)
        notes = (check.note,) if check.note else ()
    return Validation(result=result, strict=strict, notes=notes)


__all__ = ["Validation", "validate"]
