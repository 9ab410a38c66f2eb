"""Find the Chromium that renders static images; never download one."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

BROWSER_ENV = "VEIKART_CHROMIUM"
"""Environment variable naming the Chromium (or Chrome) executable to use."""
DEFAULT_BROWSER = Path("/usr/bin/chromium")
HEADLESS_FLAGS = (
    "--headless=new",
    "--no-sandbox",  # as root in containers and CI
    "--disable-dev-shm-usage",
    "--disable-gpu",
    # No calls home: on a closed network they fail, many at a time, at every start.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
)
"""How veikart's tests and benchmarks start Chromium for a page (kaleido has its own)."""
PATH_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


class BrowserMissing(Exception):
    """No usable Chromium: static images (PNG, SVG, PDF, PowerPoint) cannot be made."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        """What was looked for and not found, without the advice that follows."""
        super().__init__(
            f"{detail}. PNG, SVG, PDF and PowerPoint exports need Chromium to draw the figures. "
            "Install it with `apt-get install chromium` (Debian/Ubuntu), or point "
            f"{BROWSER_ENV} at a Chromium or Chrome executable. "
            "HTML export (--format html) works without a browser."
        )


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_chromium(environ: Mapping[str, str] | None = None) -> Path:
    """Return the Chromium to use: $VEIKART_CHROMIUM, /usr/bin/chromium, then PATH.

    An explicit $VEIKART_CHROMIUM that does not point at an executable is an error rather
    than a reason to look elsewhere, so a typo never silently picks another browser.
    """
    env = os.environ if environ is None else environ
    chosen = env.get(BROWSER_ENV, "").strip()
    if chosen:
        path = Path(chosen).expanduser()
        if _is_executable(path):
            return path
        raise BrowserMissing(f"No Chromium found at {BROWSER_ENV}={chosen}")
    if _is_executable(DEFAULT_BROWSER):
        return DEFAULT_BROWSER
    for name in PATH_NAMES:
        found = shutil.which(name, path=env.get("PATH"))
        if found:
            return Path(found)
    raise BrowserMissing(
        f"No Chromium found (looked for {DEFAULT_BROWSER} and {', '.join(PATH_NAMES)} on PATH)"
    )
