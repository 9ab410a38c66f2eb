"""`?baseline=`, `/endringer` and `?asof=` in real Chromium, against `veikart serve` on a git
repository built in a temporary folder (tests/history_repo.py): six commits, two tags, a
hostile commit subject and author, an uncommitted edit.

Every test ends with no console error (the `page` fixture). The hostile-revision test runs
its own server with a `git` on PATH that logs its arguments, and checks that no refused or
unknown revision from the address ever reached git.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from history_repo import HOSTILE_SUBJECT, board_history
from test_accessibility import axe_source, violations

pytestmark = pytest.mark.browser

BASE = "styremote-2023-01"
SUMMARY = f"Siden {BASE}: 1 forsinket, 1 fremskyndet, 1 ny, 1 fjernet, 1 endret status, 7 andre endringer"
GRAPH_READY = "#gantt-graph .main-svg"


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    return board_history(tmp_path_factory.mktemp("history-browser") / "repo")


@pytest.fixture(scope="module")
def server(board, start_server):
    repo, _ = board
    return start_server(repo.root / "roadmap")


def trace_names(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate(
        "() => document.getElementById('gantt-graph').querySelector('.js-plotly-plot').data.map(t => t.name || '')"
    )


def figure_texts(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate(
        """() => document.getElementById('gantt-graph').querySelector('.js-plotly-plot').data
             .map(t => [].concat(t.text || [], t.y || []).join(' ')).join(' ')"""
    )


def test_a_baseline_draws_ghosts_and_summarises_the_changes(page, console, server):
    page.goto(server.url + f"/tidslinje?baseline={BASE}")
    page.wait_for_selector(GRAPH_READY)
    assert page.inner_text("#change-summary") == SUMMARY
    names = trace_names(page)
    assert "baseline-ghosts" in names and "baseline-removed" in names
    texts = figure_texts(page)
    assert "+2 kv" in texts and "Ny" in texts
    assert "Plassering i styremote-2023-01" in page.inner_text("#gantt-legend")
    # every navigation link carries the baseline
    page.wait_for_function(
        "() => document.getElementById('shell-nav-tabell').getAttribute('href').includes('baseline=')"
    )
    assert console.errors == []


def test_the_table_gets_an_endring_column(page, console, server):
    page.goto(server.url + f"/tabell?baseline={BASE}")
    page.wait_for_selector("#table-grid .ag-row")
    headers = page.locator("#table-grid .ag-header-cell-text").all_inner_texts()
    assert headers[headers.index("Leveranse") + 1] == "Endring"
    row = page.locator("#table-grid .ag-row", has_text="Multidose i PLL").first
    assert "Ny" in row.inner_text()
    row = page.locator("#table-grid .ag-row", has_text="Kritisk informasjon").first
    assert "+2 kv" in row.inner_text()
    assert console.errors == []


def test_choosing_a_baseline_in_the_selector_navigates_and_keeps_the_filters(page, console, server):
    page.goto(server.url + "/tidslinje?area=kjernejournal")
    page.wait_for_selector(GRAPH_READY)
    assert page.locator("#change-summary").count() == 0
    page.click("#gantt-baseline")
    page.locator(".dash-dropdown-option", has_text=BASE).first.click()
    page.wait_for_selector("#change-summary")
    assert page.inner_text("#change-summary") == SUMMARY
    query = parse_qs(urlparse(page.url).query)
    assert query["baseline"] == [BASE] and query["area"] == ["kjernejournal"]
    assert "baseline-ghosts" in trace_names(page)
    assert console.errors == []


def test_the_changes_page_lists_groups_with_commits_and_links_to_the_timeline(page, console, server, board):
    _, ids = board
    page.goto(server.url + f"/endringer?baseline={BASE}")
    page.wait_for_selector("#changes-list h3")
    headings = page.locator("#changes-list h3").all_inner_texts()
    assert headings == [
        "Forsinket (1)",
        "Fremskyndet (1)",
        "Nye (1)",
        "Fjernet (1)",
        "Endret status (1)",
        "Andre endringer (7)",
    ]
    slipped = page.locator("#changes-list [data-group=slipped] tbody tr").first
    assert ids["c3"][:7] in slipped.inner_text() and "+2 kv" in slipped.inner_text()
    # filtering works as in the other views
    page.click("#changes-filter-area")
    page.locator(".dash-dropdown-option", has_text="E-resept").first.click()
    page.keyboard.press("Escape")
    page.wait_for_function(
        "() => !document.querySelector('#changes-list').innerText.includes('Dokumentdeling')"
    )
    page.wait_for_function("() => window.location.search.includes('area=e-resept')")
    # each change links to its item in the timeline, compared with the same baseline
    page.locator("#changes-list a", has_text="Multidose i PLL").click()
    page.wait_for_selector(GRAPH_READY)
    query = parse_qs(urlparse(page.url).query)
    assert query["selected"] == ["pll-c"] and query["baseline"] == [BASE]
    page.wait_for_selector("#gantt-details.show")
    details = page.inner_text("#gantt-details-body")
    assert "Sist endret" in details and ids["c2"][:7] in details
    assert console.errors == []


def test_a_script_in_a_commit_subject_stays_text(page, console, server):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server.url + f"/endringer?baseline={BASE}")
    page.wait_for_selector("#changes-list h3")
    text = page.inner_text("#changes-list")
    assert HOSTILE_SUBJECT[: HOSTILE_SUBJECT.index("|")].strip() in text
    assert page.locator("#changes-list script").count() == 0
    assert page.locator("#changes-list a[href^='javascript']").count() == 0
    page.click("#changes-baseline")
    options = page.locator(".dash-dropdown-option").all_inner_texts()
    assert any('<script>alert("x")</script>' in option for option in options)
    page.keyboard.press("Escape")
    assert dialogs == []
    assert console.errors == []


def test_asof_shows_the_roadmap_as_it_stood_with_a_banner(page, console, server):
    page.goto(server.url + f"/tidslinje?asof={BASE}")
    page.wait_for_selector(GRAPH_READY)
    banner = page.inner_text(".vk-asof-banner")
    assert "Slik veikartet så ut ved styremote-2023-01 (10. januar 2023)" in banner
    texts = figure_texts(page)
    assert "Dokumentdeling" in texts and "Multidose i PLL" not in texts  # removed later, added later
    # every page shows that version: the phase overview too
    page.click("#shell-nav-faser")
    page.wait_for_selector("#phase-graph .main-svg")
    assert "asof=" in page.url and page.locator(".vk-asof-banner").is_visible()
    # and back to the current roadmap
    page.click("#phases-asof-clear")
    page.wait_for_function("() => !window.location.search.includes('asof=')")
    page.wait_for_function("() => !document.querySelector('.vk-asof-banner')")
    assert console.errors == []


def test_asof_and_baseline_together_compare_the_old_version(page, console, server):
    page.goto(server.url + f"/tidslinje?asof=styremote-2023-03&baseline={BASE}")
    page.wait_for_selector("#change-summary")
    assert page.inner_text("#change-summary").startswith(f"Fra {BASE} til styremote-2023-03: 1 forsinket")
    assert console.errors == []


def test_the_staleness_notice_and_history_bar_pass_axe(page, console, server):
    source = axe_source()
    found = []
    for width, height in ((1920, 1080), (768, 1024)):
        page.set_viewport_size({"width": width, "height": height})
        for path, ready in (
            (f"/tidslinje?baseline={BASE}", GRAPH_READY),
            (f"/endringer?baseline={BASE}", "#changes-list h3"),
            (f"/tabell?asof={BASE}&baseline=styremote-2023-03", "#table-grid .ag-row"),
        ):
            page.goto(server.url + path)
            page.wait_for_selector(ready)
            page.wait_for_load_state("networkidle")
            found += [f"{path} at {width}x{height}: {line}" for line in violations(page, source)]
    assert "Veikartet bør oppdateres" in page.inner_text("#shell-stale")
    assert found == []
    assert console.errors == []


# --- hostile revisions: a git that logs what it is asked ------------------------------------


@pytest.fixture(scope="module")
def logged_git(board, tmp_path_factory, start_server):
    """A server whose `git` logs its arguments (one line per call), and the log."""
    repo, _ = board
    folder = tmp_path_factory.mktemp("git-shim")
    log = folder / "calls.log"
    shim = folder / "git"
    real = "/usr/bin/git"
    shim.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec {real} "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    old = os.environ["PATH"]
    os.environ["PATH"] = f"{folder}{os.pathsep}{old}"  # the server inherits it
    try:
        server = start_server(repo.root / "roadmap")
    finally:
        os.environ["PATH"] = old
    return server, log


HOSTILE = [
    ("baseline", "--upload-pack=touch pwned", "er ikke en tag, en gren eller en commit-id"),
    ("asof", "$(id)", "er ikke en tag, en gren eller en commit-id"),
    ("baseline", "HEAD:roadmap/kj.yaml", "er ikke en tag, en gren eller en commit-id"),
    ("asof", "finnes-ikke", "fant ingen versjon"),
    ("baseline", "origin/../../etc", "er ikke en tag, en gren eller en commit-id"),
]


@pytest.mark.parametrize(("param", "value", "notice"), HOSTILE)
def test_hostile_revisions_get_a_notice_and_never_reach_git(page, console, logged_git, param, value, notice):
    server, log = logged_git
    from urllib.parse import quote

    page.goto(server.url + f"/tidslinje?{param}={quote(value)}")
    page.wait_for_selector(GRAPH_READY)
    assert notice in page.inner_text("#gantt-notices")
    calls = log.read_text() if log.exists() else ""
    assert calls, "the shim saw no git call at all (is it on the server's PATH?)"
    assert value not in calls
    assert console.errors == []


def test_a_commit_id_reaches_git_only_as_a_commit_id(page, console, logged_git, board):
    server, log = logged_git
    _, ids = board
    short = ids["c2"][:9]
    page.goto(server.url + f"/tidslinje?baseline={short}")
    page.wait_for_selector("#change-summary")
    lines = [line for line in Path(log).read_text().splitlines() if short in line]
    assert lines and all(re.search(rf"--end-of-options {short}\^{{commit}}$", line) for line in lines)
    assert console.errors == []
