"""`veikart build`: the static site of the roadmap, for a web server or a file share."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from veikart.commands import CommandError, load_valid
from veikart.frames import roadmap_frames
from veikart.i18n import LANGS, Lang
from veikart.site import BuiltSite, build_site


def build(
    path: Path,
    out: Path,
    *,
    langs: tuple[Lang, ...] = LANGS,
    today: dt.date | None = None,
) -> BuiltSite:
    """Load the roadmap at `path` and write its static site into `out`.

    Raises CommandError when the path cannot be read, the roadmap has errors, or `out`
    is not a folder that can be written.
    """
    result = load_valid(path, "nothing was built")
    assert result.roadmap is not None
    if out.exists() and not out.is_dir():
        raise CommandError(f"{out}: exists and is not a folder")
    frames = {lang: roadmap_frames(result.roadmap, lang) for lang in langs}
    try:
        return build_site(
            frames,
            out,
            files=[f.name for f in result.files],
            today=today or dt.date.today(),
        )
    except OSError as exc:
        raise CommandError(f"{out}: cannot write the site: {exc.strerror or exc}") from None
