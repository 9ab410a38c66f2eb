"""What each `veikart` command does, as plain typed functions (no click here).

`veikart.cli` parses the command line and calls these; each module imports only what its
command needs, so `veikart validate` never loads pandas, plotly or Dash. A command that
cannot do what was asked raises `CommandError`; the CLI prints its message as one line
(never a traceback) and exits with its `exit_code`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from veikart.roadmap import LoadResult, Problem, RoadmapPathError, load_roadmap

USAGE = 2
"""Exit status of a usage or I/O problem (missing path, bad option, no Chromium)."""
FAILED = 1
"""Exit status when the input was read but the command could not do its work."""


class CommandError(Exception):
    """A command could not do what was asked; the message says why, for a planner."""

    def __init__(self, message: str, exit_code: int = USAGE, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.problems = tuple(problems)
        """Validation problems to print before the message (an invalid roadmap)."""


def load_valid(path: Path, what: str = "nothing was done") -> LoadResult:
    """The roadmap at `path`, or CommandError carrying its problems when it is not valid.

    A path that cannot be read is a usage problem (exit 2); a roadmap with errors fails
    the command (exit 1) and lists its problems, as `veikart validate` would.
    """
    try:
        result = load_roadmap(path)
    except RoadmapPathError as exc:
        raise CommandError(str(exc)) from None
    if result.roadmap is None:
        errors = len(result.problems.errors)
        raise CommandError(
            f"{path} is not valid ({errors} error{'s' * (errors != 1)}); {what}",
            exit_code=FAILED,
            problems=result.problems.sorted(),
        )
    return result


__all__ = ["FAILED", "USAGE", "CommandError", "load_valid"]
