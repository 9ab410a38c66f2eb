"""The risks page, the details panel's sources, risks and note, and estimated bars, in Chromium,
at a desktop (1920x1080) and a tablet (768x1024) size.

Each test saves screenshots (to $VEIKART_SCREENSHOTS when set, else a tmp folder) for a
person to look at; the assertions check what they show: level words beside level colours,
filters in the address, links into the timeline, the note marked internal, hatched bars
with their legend entry. axe-core checks the risks page with its filters open and the
panel with every new section in it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from public_marker import INTERNAL_DELIVERABLE, MARKER, PUBLIC_DELIVERABLE, planted_roadmap
from test_accessibility import axe_source, violations

pytestmark = pytest.mark.browser

SIZES = [(1920, 1080), (768, 1024)]
NOTE_HEADING = "Internt notat – vises ikke i offentlige visninger"
LEVEL_WORDS = {"high": "Høy", "medium": "Middels", "low": "Lav"}


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("VEIKART_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def internal_server(start_server, tmp_path_factory):  # type: ignore[no-untyped-def]
    return start_server(planted_roadmap(tmp_path_factory.mktemp("planted")), env={"VEIKART_PUBLIC": None})


def open_filters_on_a_tablet(page, namespace: str) -> None:  # type: ignore[no-untyped-def]
    toggle = page.locator(f"#{namespace}-filter-toggle")
    if toggle.is_visible():
        toggle.click()
        page.wait_for_selector(f"#{namespace}-filter-collapse.show")


def choose(page, control: str, option: str) -> None:  # type: ignore[no-untyped-def]
    page.click(control)
    page.locator(".dash-dropdown-option", has_text=option).first.click()
    page.keyboard.press("Escape")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_risks_page_by_level_and_area(
    page, console, served_roadmap, bundled_frames, shots, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(served_roadmap.url + "/risiko")
    cards = page.locator("#risks-list .vk-risk-card")
    cards.first.wait_for()
    risks = bundled_frames.risks
    assert cards.count() == len(risks)
    # colour is never alone: every card's badge says its level in words
    badges = page.eval_on_selector_all(
        "#risks-list .vk-risk-card",
        "cards => cards.map(c => [c.dataset.level, c.querySelector('.vk-level').innerText,"
        " getComputedStyle(c.querySelector('.vk-level')).backgroundColor])",
    )
    assert [level for level, _, _ in badges] == sorted(risks["level"], key=list(LEVEL_WORDS).index)
    assert all(word == LEVEL_WORDS[level] for level, word, _ in badges)
    assert len({colour for _, _, colour in badges}) == 3
    page.wait_for_load_state("networkidle")
    page.screenshot(path=shots / f"risks-{width}x{height}.png")

    open_filters_on_a_tablet(page, "risks")
    choose(page, "#risks-filter-level", "Høy")
    page.wait_for_url(re.compile(r"/risiko\?level=high$"))
    high = int((risks["level"] == "high").sum())
    page.wait_for_function(
        "n => document.querySelectorAll('#risks-list .vk-risk-card').length === n", arg=high
    )
    assert page.inner_text("#risks-count") == f"{high} av {len(risks)} risikoer · Høy: {high}"
    choose(page, "#risks-filter-area", "Helsenorge")
    page.wait_for_url(re.compile(r"area=helsenorge&level=high"))
    page.wait_for_load_state("networkidle")
    page.screenshot(path=shots / f"risks-filtered-{width}x{height}.png", full_page=True)
    # the navigation carries the area (not the level) to the other views
    assert page.get_attribute("#shell-nav-tidslinje", "href") == "/tidslinje?area=helsenorge"
    # a link to what the risk affects opens it in the timeline, details shown
    link = page.locator("#risks-list .vk-affects a", has_text="Utprøving av NILAR for helsepersonell")
    link.click()
    page.wait_for_url(re.compile(r"/tidslinje\?service=nilar&selected=nilar-utproving$"))
    page.locator("#gantt-details").wait_for(state="visible")
    assert page.inner_text("#gantt-details-body h2") == "Utprøving av NILAR for helsepersonell"
    assert "Anbefalt løsning for NILAR kan mangle rettsgrunnlag" in page.inner_text("#gantt-details-body")
    assert console.errors == []


def test_a_link_restores_the_risks_filters_and_names_unknown_levels(page, console, served_roadmap):
    page.goto(served_roadmap.url + "/risiko?level=high,alvorlig&area=kjernejournal")
    page.wait_for_selector("#risks-notices .vk-notice")
    assert "level=alvorlig" in page.inner_text("#risks-notices")
    page.wait_for_url(re.compile(r"/risiko\?area=kjernejournal&level=high$"))
    levels = page.eval_on_selector_all(
        "#risks-list .vk-risk-card", "cards => cards.map(c => c.dataset.level)"
    )
    assert levels and set(levels) == {"high"}
    assert console.errors == []


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_details_panel_shows_sources_risks_estimate_and_note(
    page, console, internal_server, shots, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{internal_server.url}/tidslinje?selected={PUBLIC_DELIVERABLE}")
    body = page.locator("#gantt-details-body")
    body.locator(".vk-note").first.wait_for()
    assert body.locator(".vk-estimate").inner_text() == (
        "Anslått tidspunkt: ingen beslutning eller kilde fastsetter tidspunktet"
    )
    sources = body.locator(".vk-sources").first.inner_text()
    assert "Programstyret for program digital samhandling" in sources and "1. desember 2021" in sources
    risk_levels = body.locator(".vk-risks-list .vk-level").all_inner_texts()
    assert risk_levels == ["Høy", "Middels"]
    note = body.locator(".vk-note").first
    assert note.locator("h3").inner_text() == NOTE_HEADING
    assert f"Leveransenotat {MARKER}" in note.inner_text()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=shots / f"details-{width}x{height}.png")
    body.locator(".vk-risks-list").scroll_into_view_if_needed()
    page.screenshot(path=shots / f"details-risks-{width}x{height}.png")
    found = [f"details panel: {line}" for line in violations(page, axe_source())]
    page.goto(f"{internal_server.url}/tidslinje?selected={INTERNAL_DELIVERABLE}")
    page.locator("#gantt-details-body .vk-internal-mark").first.wait_for()
    assert found == [], "\n".join(found)
    assert console.errors == []


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_estimated_bars_are_hatched_and_named_in_the_legend(
    page, console, served_roadmap, shots, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(served_roadmap.url + "/tidslinje?area=helsenorge,kjernejournal")
    page.wait_for_selector("#gantt-graph .main-svg")
    page.wait_for_load_state("networkidle")
    hatched = page.evaluate(
        "() => document.querySelector('#gantt-graph .js-plotly-plot').data"
        ".filter(t => t.meta === 'tentative' && t.marker && t.marker.pattern && t.marker.pattern.shape === '/')"
        ".reduce((n, t) => n + t.x.length, 0)"
    )
    assert hatched > 0
    entry = page.locator("#gantt-legend .vk-legend-item", has_text="Anslått tidspunkt")
    assert "repeating-linear-gradient" in entry.locator(".vk-swatch").evaluate(
        "e => getComputedStyle(e).backgroundImage"
    )
    page.screenshot(path=shots / f"tentative-{width}x{height}.png")
    assert console.errors == []


def test_the_risks_page_with_filters_open_on_a_tablet_passes_axe(page, console, served_roadmap):
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(served_roadmap.url + "/risiko?level=high")
    page.wait_for_selector("#risks-list .vk-risk-card")
    open_filters_on_a_tablet(page, "risks")
    found = violations(page, axe_source())
    assert found == [], "\n".join(found)
    assert console.errors == []
