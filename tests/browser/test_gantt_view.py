"""The Gantt view and the table in real Chromium against `veikart serve` on the bundled roadmap."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from veikart.filters import filter_frames, parse_query

pytestmark = pytest.mark.browser

BARS = "#gantt-graph .barlayer .trace .point path"


def count_text(shown: int, total: int) -> str:
    return f"Viser {shown} av {total} leveranser"


def drawn_bars(page) -> int:
    return page.locator(BARS).count()


def open_gantt(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(BARS, state="attached")


def test_renders_the_bundled_roadmap(page, console, served_roadmap, bundled_frames):
    open_gantt(page, served_roadmap.url + "/")
    total = len(bundled_frames.deliverables)
    assert page.inner_text("#deliverable-count") == count_text(total, total)
    assert page.inner_text("h1") == bundled_frames.info.title
    assert "Oppdatert 1. desember 2021" in page.inner_text("header")
    # every bar plus the row bands is drawn; the legend uses the contract's labels
    assert drawn_bars(page) > int((~bundled_frames.deliverables["is_milestone"]).sum())
    assert "Funksjonalitet under etablering" in page.inner_text("#gantt-legend")
    assert page.locator("#gantt-graph .xtick text", has_text="1. kv").count() > 0
    assert console.errors == []


def test_choosing_a_filter_changes_the_count_bars_and_url(page, console, served_roadmap, bundled_frames):
    open_gantt(page, served_roadmap.url + "/tidslinje")
    before = drawn_bars(page)
    page.click("#gantt-filter-area")
    page.locator(".dash-dropdown-option", has_text="E-resept").first.click()
    page.keyboard.press("Escape")
    shown = filter_frames(bundled_frames, parse_query({"area": "e-resept"}, bundled_frames)[0])
    total = len(bundled_frames.deliverables)
    expected = count_text(len(shown.deliverables), total)
    page.wait_for_function(
        "text => document.getElementById('deliverable-count').innerText === text", arg=expected
    )
    page.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length < n", arg=[BARS, before])
    page.wait_for_function("() => window.location.search.includes('area=e-resept')")
    assert parse_qs(urlparse(page.url).query) == {"area": ["e-resept"]}
    assert console.errors == []


def test_a_link_restores_the_filters(page, console, served_roadmap, bundled_frames):
    query = {
        "area": "kjernejournal,e-resept",
        "status": "planning",
        "q": "api",
        "from": "2022-Q1",
        "to": "2024-Q4",
    }
    url = served_roadmap.url + "/tidslinje?" + "&".join(f"{k}={v}" for k, v in query.items())
    open_gantt(page, url)
    filters, notices = parse_query(query, bundled_frames)
    assert notices == []
    shown = filter_frames(bundled_frames, filters)
    assert len(shown.deliverables) > 0
    total = len(bundled_frames.deliverables)
    assert page.inner_text("#deliverable-count") == count_text(len(shown.deliverables), total)
    assert page.input_value("#gantt-filter-q") == "api"
    area = page.inner_text("#gantt-filter-area")
    assert "Kjernejournal" in area and "E-resept" in area
    assert "Funksjonalitet i konsept eller planlegging" in page.inner_text("#gantt-filter-status")
    assert "2022 K1" in page.inner_text("#gantt-filter-from")
    # the address keeps the query: a reload shows the same view
    page.reload()
    page.wait_for_selector("#deliverable-count")
    assert page.inner_text("#deliverable-count") == count_text(len(shown.deliverables), total)
    assert console.errors == []


def test_critical_only_from_the_url(page, console, served_roadmap, bundled_frames):
    open_gantt(page, served_roadmap.url + "/tidslinje?critical=1")
    shown = filter_frames(bundled_frames, parse_query({"critical": "1"}, bundled_frames)[0])
    total = len(bundled_frames.deliverables)
    assert page.inner_text("#deliverable-count") == count_text(len(shown.deliverables), total)
    assert page.is_checked("#gantt-filter-critical")
    assert console.errors == []


def test_unknown_values_in_the_url_give_a_gentle_notice(page, console, served_roadmap, bundled_frames):
    open_gantt(page, served_roadmap.url + "/tidslinje?area=finnes-ikke&color=regnbue&from=2022-Q9")
    notice = page.inner_text("#gantt-notices")
    assert "area=finnes-ikke" in notice
    assert "color=regnbue" in notice
    assert "from=2022-Q9" in notice
    total = len(bundled_frames.deliverables)
    assert page.inner_text("#deliverable-count") == count_text(total, total)
    assert console.errors == []


def test_clicking_a_bar_opens_its_details(page, console, served_roadmap, bundled_frames):
    open_gantt(page, served_roadmap.url + "/tidslinje?service=pll")
    bar = page.locator("#gantt-graph .barlayer .trace:not(:first-child) .point path").first
    box = bar.bounding_box()
    assert box is not None
    x, y = box["x"] + min(20, box["width"] / 2), box["y"] + box["height"] / 2
    # plotly reports a click on the point under the hover: hover first, as a person does
    page.mouse.move(x, y)
    page.wait_for_selector("#gantt-graph .hoverlayer .hovertext")
    page.mouse.click(x, y)
    panel = page.locator("#gantt-details")
    panel.wait_for(state="visible")
    titles = set(bundled_frames.deliverables.loc[bundled_frames.deliverables["service"] == "pll", "title"])
    heading = page.inner_text("#gantt-details-body h2")
    assert heading in titles
    assert "Pasientens legemiddelliste" in page.inner_text("#gantt-details-body")
    page.wait_for_function("() => window.location.search.includes('selected=')")
    assert console.errors == []


def test_dependencies_toggle_draws_arrows_and_highlights_the_chain(page, console, served_roadmap):
    open_gantt(page, served_roadmap.url + "/tidslinje?area=e-resept&selected=pll-nasjonal-innforing")
    page.locator("#gantt-details").wait_for(state="visible")
    # a dependency in the details panel is a link to that deliverable
    page.locator("#gantt-details-body .vk-dep-link", has_text="Beslutte").first.click()
    page.wait_for_function(
        "() => document.querySelector('#gantt-details-body h2').innerText.startsWith('Beslutte')"
    )
    # The panel leaves the chart in view: with dependencies on, the chain is highlighted.
    page.focus("#gantt-dependencies")
    page.keyboard.press("Space")
    traces = (
        "n => document.getElementById('gantt-graph').querySelector('.js-plotly-plot').data"
        ".filter(t => t.legendgroup === 'dependencies').length === n"
    )
    page.wait_for_function(traces, arg=2)
    page.wait_for_function("() => window.location.search.includes('deps=1')")
    assert "Avhengighet" in page.inner_text("#gantt-legend")
    # Closing the panel ends the selection: every arrow drawn alike again.
    page.keyboard.press("Escape")
    page.locator("#gantt-details").wait_for(state="hidden")
    page.wait_for_function(traces, arg=1)
    page.wait_for_function("() => !window.location.search.includes('selected=')")
    assert console.errors == []


def test_colour_by_phase(page, console, served_roadmap, bundled_frames):
    open_gantt(page, served_roadmap.url + "/tidslinje")
    page.click("label[for='_dbcprivate_radioitems_gantt-color-by_input_phase']")
    first_phase = bundled_frames.phases["name"].iloc[0]
    page.wait_for_function(
        "name => document.getElementById('gantt-legend').innerText.includes(name)", arg=first_phase
    )
    page.wait_for_function("() => window.location.search.includes('color=phase')")
    assert console.errors == []


def test_table_view_with_the_same_filters_and_downloads(page, console, served_roadmap, bundled_frames):
    page.goto(served_roadmap.url + "/tabell?area=e-resept&status=planning")
    page.wait_for_selector("#table-grid .ag-row")
    query = {"area": "e-resept", "status": "planning"}
    shown = filter_frames(bundled_frames, parse_query(query, bundled_frames)[0])
    total = len(bundled_frames.deliverables)
    assert page.inner_text("#table-count") == count_text(len(shown.deliverables), total)
    rows = page.locator("#table-grid .ag-center-cols-container .ag-row")
    assert rows.count() == len(shown.deliverables)
    headings = page.locator("#table-grid .ag-header-cell-text").all_inner_texts()
    assert "Leveranse" in headings and "Periode" in headings
    assert "id" not in headings  # readers see no raw ids
    cells = page.inner_text("#table-grid .ag-center-cols-container")
    assert "K1" in cells or "K2" in cells or "K3" in cells or "K4" in cells
    assert "-Q" not in cells
    with page.expect_download() as download:
        page.click("#table-csv")
    assert download.value.suggested_filename == "veikart-leveranser-e-resept-planlegging.csv"
    page.wait_for_function(
        "() => document.getElementById('table-download-status').innerText.includes('klar')"
    )
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    assert len(lines) == len(shown.deliverables) + 1
    assert lines[0].split(";")[:3] == ["Område", "Tjeneste", "Leveranse"]
    assert "-Q" not in text and ";id" not in lines[0]
    with page.expect_download() as download:
        page.click("#table-excel")
    assert download.value.suggested_filename == "veikart-leveranser-e-resept-planlegging.xlsx"
    # the navigation carries the filters to the chart
    href = page.get_attribute("#shell-nav-tidslinje", "href")
    assert href == "/tidslinje?area=e-resept&status=planning"
    assert console.errors == []


def test_the_table_sorts_by_keyboard_and_shows_years_as_written(
    page, console, served_roadmap, bundled_frames
):
    d = bundled_frames.deliverables
    whole_year = d[
        d["is_milestone"]
        & (d["start"].dt.strftime("%m-%d") == "01-01")
        & (d["end"].dt.strftime("%m-%d") == "12-31")
    ]
    assert not whole_year.empty
    title = whole_year["title"].iloc[0]
    page.goto(served_roadmap.url + "/tabell?service=" + whole_year["service"].iloc[0])
    page.wait_for_selector("#table-grid .ag-row")
    row = page.locator("#table-grid .ag-center-cols-container .ag-row", has_text=title).first
    period = row.locator('[col-id="period"]').inner_text()
    estimate = " (anslått)" if whole_year["tentative"].iloc[0] else ""
    assert period == f"{whole_year['start'].iloc[0].year}{estimate}"
    # Sorting from the keyboard: focus a heading, Enter sorts, the heading says so.
    heading = page.locator('#table-grid .ag-header-cell[col-id="title"]')
    heading.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('#table-grid .ag-header-cell[col-id=\"title\"]')"
        ".getAttribute('aria-sort') === 'ascending'"
    )
    titles = page.locator('#table-grid .ag-center-cols-container .ag-row [col-id="title"]').all_inner_texts()
    assert titles == sorted(titles, key=str.casefold) or titles == sorted(titles)
    assert console.errors == []


def test_unknown_pages_are_friendly(page, console, served_roadmap):
    page.goto(served_roadmap.url + "/finnes-ikke")
    page.wait_for_selector("#not-found")
    assert "Fant ikke siden" in page.inner_text("#not-found")
    assert "/finnes-ikke" in page.inner_text("#not-found")
    page.click("#not-found a")
    page.wait_for_selector(BARS, state="attached")
    assert re.search(r"/tidslinje$", page.url)
    assert console.errors == []
