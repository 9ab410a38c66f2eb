"""The dashboard's addresses under its base path: a page's path -> its link, an address -> its page.

The whole dashboard lives under one prefix, `/` by default or e.g. `/veikart/` behind an
intranet's proxy (`veikart serve --base-path`, `VEIKART_BASE_PATH`). It is Dash's
`url_base_pathname`: the server answers under it and the browser asks under it, so the
proxy passes the path on unchanged (nginx: `proxy_pass` without a URI part) and the same
server also works when reached directly. Pages know only their own path (`/faser`).

Links are built with Dash's `app.get_relative_path`. An address is read back here rather
than with `app.strip_relative_path`, which raises for an address outside the prefix: a
router pathname or a Referer is the reader's to forge, and that would be a 500 instead of
the not-found page.
"""

from __future__ import annotations


def page_path(pathname: str | None, prefix: str) -> str | None:
    """The page's path of an address under `prefix` ('/veikart/faser' -> '/faser'); None when outside it.

    The prefix itself, with or without its last slash, is the root page ('/').
    """
    if not pathname or not pathname.startswith("/"):
        return None
    if prefix == "/":
        return pathname
    if pathname == prefix.rstrip("/"):
        return "/"
    if pathname.startswith(prefix):
        return "/" + pathname[len(prefix) :]
    return None


__all__ = ["page_path"]
