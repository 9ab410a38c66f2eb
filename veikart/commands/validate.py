"""`veikart validate`: every problem of a roadmap, one compiler-style line each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from veikart.commands import CommandError
from veikart.problem_formats import format_problems
from veikart.roadmap import LoadResult, RoadmapPathError, load_roadmap
from veikart.roadmap.messages import DEFAULT_LANG, Lang, Msg, Verbatim, plural


@dataclass(frozen=True)
class Validation:
    """The outcome of checking a roadmap: what to print and the exit status."""

    result: LoadResult
    strict: bool
    lang: Lang = DEFAULT_LANG
    """The language of the messages; locations and the words error/warning stay as they are."""
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
        """The report on standard output in one of `veikart.problem_formats.FORMATS`."""
        return format_problems(self.result.problems.sorted(), output_format, self.lang)

    def summary(self, path: Path) -> str:
        """One line for standard error: the verdict and the counts."""
        roadmap = self.result.roadmap
        nothing = Verbatim("")
        size = (
            Msg(
                "summary.size",
                services=plural("summary.services", len(roadmap.services)),
                deliverables=plural("summary.deliverables", len(roadmap.deliverables)),
            )
            if roadmap
            else nothing
        )
        strict_note = Msg("summary.strict") if self.strict and self.warnings and not self.errors else nothing
        return Msg(
            "summary",
            path=str(path),
            verdict=Msg("summary.not_valid" if self.failed else "summary.valid"),
            strict=strict_note,
            errors=plural("summary.errors", self.errors),
            warnings=plural("summary.warnings", self.warnings),
            size=size,
        ).render(self.lang)


def validate(
    path: Path, *, strict: bool = False, lang: Lang = DEFAULT_LANG, stale_today: dt.date | None = None
) -> Validation:
    """Check the roadmap at `path`; CommandError when the path cannot be read at all.

    With `stale_today`, also the time-dependent checks as of that day (`--stale`).
    """
    try:
        result = load_roadmap(path)
    except RoadmapPathError as exc:
        raise CommandError(exc.message.render(lang)) from None
    notes: tuple[str, ...] = ()
    if stale_today is not None and result.roadmap is not None:
        from veikart.history.stale import stale_check

        check = stale_check(path, result, stale_today, lang)
        result.problems.items.extend(check.problems)
        notes = (check.note,) if check.note else ()
    return Validation(result=result, strict=strict, lang=lang, notes=notes)


__all__ = ["Validation", "validate"]
