"""`veikart validate`: every problem of a roadmap, one compiler-style line each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from veikart.commands import CommandError
from veikart.problem_formats import format_problems
from veikart.roadmap import LoadResult, RoadmapPathError, load_roadmap


@dataclass(frozen=True)
class Validation:
    """The outcome of checking a roadmap: what to print and the exit status."""

    result: LoadResult
    strict: bool

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
        """The report on standard output in one of `veikart.problem_formats.FORMATS`."""
        return format_problems(self.result.problems.sorted(), output_format)

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


def validate(path: Path, *, strict: bool = False) -> Validation:
    """Check the roadmap at `path`; CommandError when the path cannot be read at all."""
    try:
        result = load_roadmap(path)
    except RoadmapPathError as exc:
        raise CommandError(str(exc)) from None
    return Validation(result=result, strict=strict)


__all__ = ["Validation", "validate"]
