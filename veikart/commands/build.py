"""`veikart build`: the static site of the roadmap, for a web server or a file share.

`--public` (or VEIKART_PUBLIC=1) builds it from the public roadmap (`public_roadmap`):
no internal item and no note in any page, figure or script.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from veikart.commands import CommandError, load_valid
from veikart.frames import roadmap_frames
from veikart.i18n import LANGS, Lang
from veikart.roadmap.public import public_roadmap, public_setting
from veikart.site import BuiltSite, build_site


def build(
    path: Path,
    out: Path,
    *,
    langs: tuple[Lang, ...] = LANGS,
    today: dt.date | None = None,
    public: bool = False,
) -> BuiltSite:
    """Load the roadmap at `path` and write its static site into `out` (`public`, or
    VEIKART_PUBLIC: of the public roadmap only).

    Raises CommandError when the path cannot be read, the roadmap has errors, or `out`
    is not a folder that can be written.
    """
    result = load_valid(path, "nothing was built")
    assert result.roadmap is not None
    if out.exists() and not out.is_dir():
        raise CommandError(f"{out}: exists and is not a folder")
    roadmap = public_roadmap(result.roadmap) if public_setting(public) else result.roadmap
    frames = {lang: roadmap_frames(roadmap, lang) for lang in langs}
    try:
        return build_site(
            frames,
            out,
            files=[f.name for f in result.files],
            today=today or dt.date.today(),
        )
    except OSError as exc:
        raise CommandError(f"{out}: cannot write the site: {exc.strerror or exc}") from None
