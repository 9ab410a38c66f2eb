"""`veikart build`: the static site of the roadmap, for a web server or a file share."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from veikart.frames import roadmap_frames
from veikart.i18n import LANGS, Lang
from veikart.load import RoadmapPathError, load_roadmap
from veikart.static_site import BuiltSite, build_site


class BuildProblem(Exception):
    """The site cannot be built; the message says why."""


def build(
    path: Path,
    out: Path,
    *,
    langs: tuple[Lang, ...] = LANGS,
    today: dt.date | None = None,
) -> BuiltSite:
    """Load the roadmap at `path` and write its static site into `out`.

    Raises BuildProblem when the path cannot be read, the roadmap has errors, or `out`
    is not a folder that can be written.
    """
    try:
        result = load_roadmap(path)
    except RoadmapPathError as exc:
        raise BuildProblem(str(exc)) from None
    if result.roadmap is None:
        first = result.problems.sorted()[0] if result.problems.errors else None
        more = len(result.problems.errors) - 1
        detail = f"\n{first}" + (f"\n... and {more} more (run `veikart validate`)" if more > 0 else "")
        raise BuildProblem(f"{path}: the roadmap has errors; nothing was built{detail}")
    if out.exists() and not out.is_dir():
        raise BuildProblem(f"{out}: exists and is not a folder")
    frames = {lang: roadmap_frames(result.roadmap, lang) for lang in langs}
    try:
        return build_site(
            frames,
            out,
            files=[f.name for f in result.files],
            today=today or dt.date.today(),
        )
    except OSError as exc:
        raise BuildProblem(f"{out}: cannot write the site: {exc.strerror or exc}") from None
