"""Component ids of the dashboard: namespaced constants, never string literals in pages.

Ids are `<namespace>-<name>`: `shell-` for what every page shares (header, stores,
banner), then one namespace per page (`gantt-`, `table-`, `phases-`). A page adds its own
ids here under its own heading, or builds them with `page_id(namespace, name)`.
Two ids are fixed by the issue and used by tests: `gantt-graph` and `deliverable-count`.
"""

from __future__ import annotations


def page_id(namespace: str, name: str) -> str:
    """The id `name` in a page's namespace: page_id("faser", "graph") -> "faser-graph"."""
    return f"{namespace}-{name}"


def filter_id(namespace: str, field: str) -> str:
    """The id of one filter control of a page's filter bar: "gantt-filter-area"."""
    return f"{namespace}-filter-{field}"


# --- shell: on every page -------------------------------------------------------------
URL = "shell-url"
"""dcc.Location of the shell (the pages router has its own)."""
VERSION = "shell-version"
"""dcc.Store: the stamp of the roadmap files as last loaded; pages redraw when it changes."""
PAGE_VERSION = "page-version"
"""Pattern-matching id type of each page's own copy of the version (see `page_version`)."""
POLL = "shell-poll"
"""dcc.Interval: asks the server for the stamp (cheap: no file is read in the callback)."""
PROBLEMS = "shell-problems"
"""The banner listing validation problems while the roadmap files are invalid."""
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


# --- Gantt view (tidslinje) -----------------------------------------------------------
GANTT = "gantt"
GANTT_GRAPH = "gantt-graph"
GANTT_COUNT = "deliverable-count"
GANTT_NOTICES = page_id(GANTT, "notices")
GANTT_COLOR_BY = page_id(GANTT, "color-by")
GANTT_DEPENDENCIES = page_id(GANTT, "dependencies")
GANTT_SELECTED = page_id(GANTT, "selected")
"""Hidden value: the id of the deliverable whose details are shown ("" for none)."""
GANTT_DETAILS = page_id(GANTT, "details")
GANTT_DETAILS_BODY = page_id(GANTT, "details-body")
GANTT_DEPENDENCY_LINK = page_id(GANTT, "dependency-link")
"""Pattern-matching id type of the dependency links in the details panel."""
GANTT_DOWNLOAD_SLOT = page_id(GANTT, "download-slot")
"""Where the export menu ("Last ned") goes in the Gantt toolbar."""
GANTT_CHART = page_id(GANTT, "chart")
GANTT_LEGEND = page_id(GANTT, "legend")

# --- table view (tabell) --------------------------------------------------------------
TABLE = "table"
TABLE_GRID = page_id(TABLE, "grid")
TABLE_COUNT = page_id(TABLE, "count")
TABLE_NOTICES = page_id(TABLE, "notices")
TABLE_CSV = page_id(TABLE, "csv")
TABLE_EXCEL = page_id(TABLE, "excel")
TABLE_DOWNLOAD = page_id(TABLE, "download")
TABLE_DOWNLOAD_SLOT = page_id(TABLE, "download-slot")

# --- not found ------------------------------------------------------------------------
NOT_FOUND = "not-found"
