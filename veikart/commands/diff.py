"""`veikart diff`: what changed in the roadmap between two versions, and which commit did it."""

from __future__ import annotations

from pathlib import Path

from veikart.commands import FAILED, CommandError
from veikart.i18n import Lang


def diff(
    path: Path,
    *,
    from_rev: str | None = None,
    to_rev: str | None = None,
    from_path: Path | None = None,
    output_format: str = "text",
    lang: Lang = "nb",
) -> str:
    """The report comparing `from_rev` (or the roadmap at `from_path`) with `to_rev` or the
    working tree, in `output_format` ("text", "markdown" or "json").

    Every way history cannot be read (no git, not a work tree, an unknown or refused
    revision) is a CommandError with exit status 2; a version with errors, status 1.
    """
    from veikart.history import (
        HistoryError,
        InvalidVersion,
        RoadmapHistory,
        check_revision,
        compare_paths,
        render,
    )

    if (from_rev is None) == (from_path is None):
        raise CommandError("give either --from REV or --from-path OTHER")
    if from_path is not None and to_rev is not None:
        raise CommandError("--to compares with a revision; with --from-path both sides are files on disk")
    try:
        if from_path is not None:
            report = compare_paths(from_path, path)
        else:
            assert from_rev is not None
            check_revision(from_rev)  # refused before git is even looked for
            if to_rev is not None:
                check_revision(to_rev)
            report = RoadmapHistory(path).compare(from_rev, to_rev)
    except InvalidVersion as exc:
        raise CommandError(str(exc), exit_code=FAILED, problems=exc.problems) from None
    except HistoryError as exc:
        raise CommandError(str(exc)) from None
    return render(report, output_format, lang)


__all__ = ["diff"]
