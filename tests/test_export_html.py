"""The exported HTML page in real headless Chromium: draws offline, asks for nothing, no errors."""

from __future__ import annotations

import pytest

from veikart.export import ExportRequest, export_bytes
from veikart.filters import Filters

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("view", ["gantt", "phases", "bands"])
def test_html_draws_from_file_without_network_or_console_errors(browser, bundled_frames, tmp_path, view):
    page_file = tmp_path / f"{view}.html"
    request = ExportRequest(view=view, fmt="html", filters=Filters(area=("kjernejournal",)))
    page_file.write_bytes(export_bytes(bundled_frames, request))
    requested: list[str] = []
    problems: list[str] = []

    def only_files(route):
        requested.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    page = browser.new_page(viewport={"width": 1600, "height": 900})
    try:
        page.route("**/*", only_files)
        page.on("request", lambda r: requested.append(r.url))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(page_file.as_uri())
        page.wait_for_selector(".main-svg .gtitle", timeout=20_000)
        title = page.text_content(".main-svg .gtitle")
        assert title == "Veikart for nasjonale e-helseløsninger"
        assert page.title() == "Veikart for nasjonale e-helseløsninger"
        # interactive: plotly's modebar is there
        assert page.locator(".modebar-container").count() == 1
    finally:
        page.close()
    assert requested, "the page itself was not requested"
    assert all(url.startswith("file://") for url in requested), requested
    assert problems == []
