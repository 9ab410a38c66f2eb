"""Component ids of the dashboard's shell, and the helpers pages build their own ids with.

Ids are `<namespace>-<name>`: `shell-` for what every page shares (header, router, stores,
banner); each page has its own namespace (`Page.namespace`) and keeps its ids in its own
module, built with `page_id(namespace, name)`, so adding a page touches no file but its own.
"""

from __future__ import annotations


def page_id(namespace: str, name: str) -> str:
    """The id `name` in a page's namespace: page_id("phases", "graph") -> "phases-graph"."""
    return f"{namespace}-{name}"


def filter_id(namespace: str, field: str) -> str:
    """The id of one filter control of a page's filter bar: "gantt-filter-area"."""
    return f"{namespace}-filter-{field}"


def notices(namespace: str) -> str:
    """The page's notice area (unknown values in its link), drawn by the page preamble."""
    return page_id(namespace, "notices")


# --- shell: on every page -------------------------------------------------------------
LOCATION = "shell-location"
"""dcc.Location of the router: its pathname and search choose and fill the page."""
CONTENT = "shell-content"
"""Where the router puts the page."""
PAGE_TITLE = "shell-page-title"
"""dcc.Store: the browser tab's title of the page shown; a client-side callback sets it."""
TITLE_DONE = "shell-title-done"
NAV_PATHS = "shell-nav-paths"
"""dcc.Store: the navigation's paths and aliases, for marking the current page's link."""
VERSION = "shell-version"
"""dcc.Store: the stamp of the roadmap files as last loaded; pages redraw when it changes."""
PAGE_VERSION = "page-version"
"""Pattern-matching id type of each page's own copy of the version (see `page_version`)."""
POLL = "shell-poll"
"""dcc.Interval: asks the server for the stamp (cheap: no file is read in the callback)."""
PROBLEMS = "shell-problems"
"""The banner listing validation problems while the roadmap files are invalid."""
PROBLEMS_ALERT = "shell-problems-alert"
WARNINGS = "shell-warnings"
"""The roadmap's warnings, folded under one line (also while the roadmap is valid)."""
WARNINGS_ALERT = "shell-warnings-list"
STALE = "shell-stale"
"""The staleness notice (`veikart validate --stale`'s checks as of today), folded under one line."""
STALE_NOTICE = "shell-stale-list"
RELOAD = "shell-reload"
"""Dummy output of the client-side callback that reloads a page drawn without a roadmap."""
URL_STATE = "url-state"
"""Pattern-matching id type of each page's URL-state store (see `url_state`)."""
URL_SYNC_DONE = "shell-url-sync-done"
HEADER_TITLE = "shell-title"
HEADER_SUBTITLE = "shell-subtitle"
HEADER_UPDATED = "shell-updated"
NAV = "shell-nav"


def page_version(namespace: str) -> dict[str, str]:
    """The id of a page's version store. The shell's poll writes to every such store, so a
    page callback can take it as an Input that lives inside the page: Dash then honours
    prevent_initial_call (with an Input from outside the page, it fires on every render)."""
    return {"type": PAGE_VERSION, "page": namespace}


def url_state(namespace: str) -> dict[str, str]:
    """The id of a page's URL-state store: {"search": ..., "shared": ..., "paths": [...]}.

    The shell writes `search` into the address bar and `shared` onto the navigation links.
    """
    return {"type": URL_STATE, "page": namespace}


def nav_link(path: str) -> str:
    """The id of the navigation link to `path` ("/tidslinje" -> "shell-nav-tidslinje")."""
    return f"shell-nav-{path.strip('/') or 'home'}"
