"""Shared fixtures: the bundled roadmap and small helpers for writing roadmap files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from veikart.export.browser import DEFAULT_BROWSER, HEADLESS_FLAGS

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "roadmap.yaml"
CORPUS = Path(__file__).resolve().parent / "corpus"
MINIMAL = CORPUS / "valid" / "minimal.yaml"


@pytest.fixture(scope="session")
def bundled_roadmap():
    from veikart.roadmap.load import load_roadmap

    result = load_roadmap(BUNDLED)
    assert result.roadmap is not None, [str(p) for p in result.problems.errors]
    return result.roadmap


@pytest.fixture(scope="session")
def bundled_frames(bundled_roadmap):
    from veikart.frames import roadmap_frames

    return roadmap_frames(bundled_roadmap)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, through Playwright, shared by every test in the run.

    One Playwright per process: a second `sync_playwright()` while one is running fails.
    Never `playwright install`: the browser comes from Debian (`make chromium`).
    """
    from playwright.sync_api import sync_playwright

    if not DEFAULT_BROWSER.exists():
        message = f"{DEFAULT_BROWSER} is not installed (run `make chromium` or apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=DEFAULT_BROWSER, args=list(HEADLESS_FLAGS))
        yield chromium
        chromium.close()
