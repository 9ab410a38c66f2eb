"""Which plotly.js the dashboard's browsers load.

The views draw only bar and scatter traces, so the dashboard serves plotly.js's "basic"
partial bundle (scatter, bar, pie: 1.2 MB, a quarter of the full bundle, and about 1 s
less to compile on a tablet). It is used only when its version is exactly the plotly.js
that the installed plotly.py writes figures for; otherwise dcc.Graph loads the full
bundle that plotly.py ships, as it always does.
"""

from __future__ import annotations

from pathlib import Path

from plotly.offline import get_plotlyjs_version

VENDOR = Path(__file__).resolve().parent.parent / "assets" / "vendor"
BASIC_VERSION = "4.1.1"
BASIC_FILE = f"plotly-basic-{BASIC_VERSION}.min.js"
META_NAME = "veikart-plotly"
"""A <meta> naming the bundle; assets/05-plotly-early.js loads it with the page."""


def basic_bundle_file() -> Path | None:
    """The vendored basic bundle, when it matches the installed plotly.py; else None."""
    path = VENDOR / BASIC_FILE
    return path if get_plotlyjs_version() == BASIC_VERSION and path.is_file() else None


def basic_bundle_path() -> str | None:
    """The bundle's URL under the app's prefix ('assets/vendor/...'), or None to use dcc's own."""
    if basic_bundle_file() is None:
        return None
    # ?m= marks it as a file that never changes under this name (cached for a year).
    return f"assets/vendor/{BASIC_FILE}?m={BASIC_VERSION}"


def plotly_meta_tags() -> list[dict[str, str]]:
    path = basic_bundle_path()
    return [{"name": META_NAME, "content": path}] if path else []
