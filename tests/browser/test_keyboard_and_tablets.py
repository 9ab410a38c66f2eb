"""Keyboard use, tablets and the page's own words, in real Chromium against `veikart serve`.

Every control is reached with Tab and shows where the focus is; dropdowns, the filter
button, the slider and the play button work from the keyboard; filters fold away on
tablets in both orientations so the chart starts above the fold; the timeline's selection
can be cleared and goes when its panel closes; each page has its title and language.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

BARS = "#gantt-graph .barlayer .trace .point path"
VISIBLE_FOCUS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  return {id: el.id, tag: el.tagName, cls: String(el.className), text: (el.innerText || '').slice(0, 40),
          visible: outline || shadow};
}"""


def tab_through(page, presses: int) -> list[dict]:  # type: ignore[no-untyped-def]
    """Press Tab `presses` times from the top; what had the focus each time."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(VISIBLE_FOCUS))
    return seen


def test_every_control_is_reached_by_tab_and_shows_its_focus(page, console, served_roadmap):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(served_roadmap.url + "/tidslinje")
    page.wait_for_selector(BARS, state="attached")
    seen = tab_through(page, 30)
    ids = [item["id"] for item in seen]
    for wanted in (
        "shell-nav-tidslinje",
        "shell-nav-faser",
        "gantt-filter-area",
        "gantt-filter-status",
        "gantt-filter-q",
        "gantt-filter-from",
        "gantt-filter-critical",
        "gantt-dependencies",
    ):
        assert wanted in ids, (wanted, ids)
    assert any("dropdown-toggle" in item["cls"] and "Last ned" in item["text"] for item in seen), seen
    invisible = [item for item in seen if not item["visible"] and item["tag"] != "BODY"]
    assert invisible == []
    assert console.errors == []


def test_a_dropdown_filter_works_from_the_keyboard(page, console, served_roadmap):
    page.goto(served_roadmap.url + "/tidslinje")
    page.wait_for_selector(BARS, state="attached")
    page.focus("#gantt-filter-area")
    page.keyboard.press("Enter")
    page.wait_for_selector(".dash-dropdown-option")
    page.wait_for_function("() => document.activeElement.classList.contains('dash-dropdown-search')")
    page.keyboard.press("ArrowDown")  # to the first area
    page.wait_for_function(
        "() => document.activeElement.classList.contains('dash-options-list-option-checkbox')"
    )
    page.keyboard.press("Space")  # chooses it
    page.wait_for_function("() => document.getElementById('gantt-filter-area').innerText.trim() !== 'Alle'")
    page.keyboard.press("Escape")
    page.wait_for_function("() => window.location.search.includes('area=')", timeout=30_000)
    assert page.evaluate("() => document.activeElement.id") == "gantt-filter-area"
    assert console.errors == []


@pytest.mark.parametrize("size", [(1024, 768), (768, 1024)])
def test_filters_fold_away_on_tablets_and_the_chart_starts_above_the_fold(
    page, console, served_roadmap, size
):
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    page.goto(served_roadmap.url + "/tidslinje?area=e-resept&status=planning")
    page.wait_for_selector(BARS, state="attached")
    assert not page.is_visible("#gantt-filter-area")
    chart_top = page.evaluate("() => document.getElementById('gantt-graph').getBoundingClientRect().top")
    assert chart_top < height * 0.6
    toggle = page.locator("#gantt-filter-toggle")
    assert toggle.inner_text() == "Filtre (2)"
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#gantt-filter-area", state="visible")
    assert toggle.get_attribute("aria-expanded") == "true"
    # Choosing a filter updates the count on the button.
    page.click("label[for='gantt-filter-critical']")
    page.wait_for_function("() => document.getElementById('gantt-filter-toggle').innerText === 'Filtre (3)'")
    assert console.errors == []


def test_the_selection_can_be_cleared_and_goes_with_its_panel(page, console, served_roadmap):
    page.goto(served_roadmap.url + "/tidslinje?area=e-resept&deps=1&selected=pll-nasjonal-innforing")
    page.locator("#gantt-details").wait_for(state="visible")
    clear = page.locator("#gantt-clear-selection")
    assert clear.is_visible() and clear.inner_text().endswith("Fjern markeringen")
    clear.click()
    page.locator("#gantt-details").wait_for(state="hidden")
    page.wait_for_function("() => !window.location.search.includes('selected=')")
    assert not clear.is_visible()
    assert "deps=1" in page.url
    # Opening a deliverable again and closing its panel ends the selection too.
    page.goto(served_roadmap.url + "/tidslinje?area=e-resept&deps=1&selected=pll-nasjonal-innforing")
    page.locator("#gantt-details").wait_for(state="visible")
    page.keyboard.press("Escape")
    page.locator("#gantt-details").wait_for(state="hidden")
    page.wait_for_function("() => !window.location.search.includes('selected=')")
    page.wait_for_function("() => document.getElementById('gantt-clear-selection').hidden")
    assert console.errors == []


def test_the_quarter_slider_is_named_and_moves_with_its_label(page, console, served_roadmap):
    page.goto(served_roadmap.url + "/faser?at=2022-Q1")
    page.wait_for_selector("#phase-graph .main-svg")
    thumb = page.locator('#phases-slider [role="slider"]')
    page.wait_for_function(
        "() => document.querySelector('#phases-slider [role=slider]').getAttribute('aria-valuetext') === '2022 K1'"
    )
    assert thumb.get_attribute("aria-label") == "Kvartal"
    thumb.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.getElementById('phases-quarter').innerText === '2022 K2'")
    page.wait_for_function(
        "() => document.querySelector('#phases-slider [role=slider]').getAttribute('aria-valuetext') === '2022 K2'"
    )
    assert console.errors == []


def test_while_playing_the_label_keeps_step_with_the_slider(page, console, served_roadmap):
    page.goto(served_roadmap.url + "/faser?at=2024-Q1")
    page.wait_for_selector("#phase-graph .main-svg")
    page.focus("#phases-play")
    page.keyboard.press("Enter")
    labels = page.evaluate("() => JSON.parse(document.getElementById('phases-texts').value).labels")
    in_step = """(labels) => {
      const index = Number(document.querySelector('#phases-slider [role=slider]').getAttribute('aria-valuenow'));
      return document.getElementById('phases-quarter').innerText === labels[index];
    }"""
    checks = []
    for quarter in ("2024 K2", "2024 K3"):
        page.wait_for_function(
            "q => document.getElementById('phases-quarter').innerText === q", arg=quarter, timeout=15_000
        )
        checks.append(page.evaluate(in_step, labels))
    assert checks == [True, True]
    page.focus("#phases-play")
    page.keyboard.press("Enter")  # pause
    page.wait_for_selector('#phases-play:has-text("Spill av")')
    assert console.errors == []


def test_status_filter_offers_uten_status(page, console, served_roadmap, bundled_frames):
    page.goto(served_roadmap.url + "/tabell?status=none")
    page.wait_for_selector("#table-grid .ag-row")
    assert "Uten status" in page.inner_text("#table-filter-status")
    without = int(bundled_frames.deliverables["status"].isna().sum())
    assert (
        page.inner_text("#table-count") == f"Viser {without} av {len(bundled_frames.deliverables)} leveranser"
    )
    statuses = set(page.locator('#table-grid .ag-center-cols-container [col-id="status"]').all_inner_texts())
    assert statuses == {"Uten status"}
    assert console.errors == []


def test_each_page_has_its_title_and_language(page, console, served_roadmap, bundled_frames):
    page.goto(served_roadmap.url + "/tidslinje")
    page.wait_for_selector(BARS, state="attached")
    title = bundled_frames.info.title
    assert page.title() == f"Tidslinje – {title}"
    assert page.get_attribute("html", "lang") == "nb"
    page.click("#shell-nav-faser")
    page.wait_for_selector("#phase-graph .main-svg")
    page.wait_for_function("t => document.title === t", arg=f"Faseoversikt – {title}")
    page.click("#shell-nav-tabell")
    page.wait_for_function("t => document.title === t", arg=f"Tabell – {title}")
    assert re.search(r"/tabell", page.url)
    assert console.errors == []
