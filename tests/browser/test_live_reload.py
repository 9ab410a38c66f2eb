"""Live reload: edits show without a restart; invalid edits keep the chart under a banner."""

from __future__ import annotations

import pytest
import yaml
from hostile import FLAG, hostile_yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser

BARS = "#gantt-graph .barlayer .trace .point path"
BANNER = "#shell-problems-alert"
EXTRA = """
  - id: ny-leveranse-fra-test
    service: pll
    title: Ny leveranse lagt til under testen
    start: 2024-Q1
    end: 2024-Q4
    status: planning
"""


@pytest.fixture(scope="module")
def live(start_server, roadmap_copy):
    return start_server(roadmap_copy)


def count_is(page, text: str) -> None:
    page.wait_for_function(
        "text => document.getElementById('deliverable-count').innerText === text", arg=text, timeout=20_000
    )


def test_edits_show_and_invalid_edits_keep_the_chart_under_a_banner(page, console, live, roadmap_copy):
    original = roadmap_copy.read_text(encoding="utf-8")
    total = len(yaml.safe_load(original)["deliverables"])
    page.goto(live.url + "/tidslinje")
    page.wait_for_selector(BARS, state="attached")
    assert page.inner_text("#deliverable-count") == f"Viser {total} av {total} leveranser"
    try:
        # A valid edit shows by itself (the page polls every 2 s; the server checks every 1 s).
        roadmap_copy.write_text(original + EXTRA, encoding="utf-8")
        count_is(page, f"Viser {total + 1} av {total + 1} leveranser")

        # An invalid edit: the banner lists FILE:LINE: message; the last valid chart stays.
        broken = original.replace("status: planning", "status: planned", 1)
        line = original[: original.index("status: planning")].count("\n") + 1
        roadmap_copy.write_text(broken, encoding="utf-8")
        banner = page.wait_for_selector(BANNER, timeout=20_000)
        text = banner.inner_text()
        assert f"roadmap.yaml:{line}:" in text
        assert "planned" in text
        assert "viser siste gyldige versjon" in text
        assert page.inner_text("#deliverable-count") == f"Viser {total + 1} av {total + 1} leveranser"
        assert page.locator(BARS).count() > 0

        # Fixing it clears the banner.
        roadmap_copy.write_text(original, encoding="utf-8")
        page.wait_for_selector(BANNER, state="detached", timeout=20_000)
        count_is(page, f"Viser {total} av {total} leveranser")
    finally:
        roadmap_copy.write_text(original, encoding="utf-8")
    assert console.errors == []


def test_starts_on_an_invalid_roadmap_and_shows_it_once_fixed(page, console, start_server, tmp_path):
    path = tmp_path / "roadmap.yaml"
    valid = hostile_yaml()
    path.write_text(valid.replace("status: establishing", "status: nesten", 1), encoding="utf-8")
    server = start_server(path)
    page.goto(server.url + "/")
    banner = page.wait_for_selector(BANNER)
    assert "kan ikke vises før feilene er rettet" in banner.inner_text()
    assert "nesten" in banner.inner_text()
    assert "Traceback" not in page.content()
    path.write_text(valid, encoding="utf-8")
    # The page reloads by itself and draws the chart.
    page.wait_for_selector(BARS, state="attached", timeout=25_000)
    page.wait_for_selector(BANNER, state="detached")
    assert console.errors == []


def hover_first_bar(page, tries: int = 10) -> str:  # type: ignore[no-untyped-def]
    """The hover text of the first bar, hovered with the mouse as a reader would.

    The graph is redrawn when the details panel closes; a bar's box read during the redraw
    is stale, so the mouse is moved again (off the graph, then onto the bar as it is now)
    until plotly shows the hover box.
    """
    bar = page.locator("#gantt-graph .barlayer .trace:not(:first-child) .point path").first
    for _ in range(tries):
        box = bar.bounding_box()
        if box is not None:
            page.mouse.move(0, 0)
            page.mouse.move(box["x"] + 10, box["y"] + box["height"] / 2)
            hover = page.locator("#gantt-graph .hoverlayer .hovertext")
            try:
                hover.first.wait_for(state="attached", timeout=1_500)
            except PlaywrightTimeout:
                continue
            return hover.first.text_content() or ""
        page.wait_for_timeout(200)
    raise AssertionError("no hover box over the first bar")


def test_yaml_text_is_shown_as_text_and_never_runs(page, console, start_server, tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile_yaml(), encoding="utf-8")
    server = start_server(path)
    page.goto(server.url + "/tidslinje?selected=leveranse")
    page.wait_for_selector(BARS, state="attached")
    page.locator("#gantt-details").wait_for(state="visible")
    body = page.inner_text("#gantt-details-body")
    assert "<script>" in body and "<img src=x onerror" in body
    assert "deliverable.description" in body
    assert (
        page.locator("#gantt-details-body script, #gantt-details-body img, #gantt-details-body svg").count()
        == 0
    )
    assert "<script>" in page.inner_text("h1")
    # hover text is escaped too: close the panel, hover the bar
    page.keyboard.press("Escape")
    page.locator("#gantt-details").wait_for(state="hidden")
    hover = hover_first_bar(page)
    assert "<script>" in hover
    page.goto(server.url + "/tabell")
    page.wait_for_selector("#table-grid .ag-cell")
    assert page.evaluate(f"() => window.{FLAG}") is None
    assert console.errors == []


def test_english(page, console, start_server, roadmap_copy):
    server = start_server(roadmap_copy, lang="en")
    page.goto(server.url + "/tidslinje?status=planning")
    page.wait_for_selector(BARS, state="attached")
    assert page.inner_text("#deliverable-count").startswith("Showing ")
    assert "Functionality in concept or planning" in page.inner_text("#gantt-legend")
    assert page.locator("#gantt-graph .xtick text", has_text="Q1").count() > 0
    assert "Timeline" in page.inner_text("header nav")
    assert console.errors == []
