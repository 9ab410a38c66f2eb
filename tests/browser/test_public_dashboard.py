"""`veikart serve --public`: nothing internal reaches the browser, whatever a reader does.

The server runs on a copy of the bundled roadmap with a marker planted in internal
deliverables, an internal service (and its deliverables), an internal risk, a source only
internal items cite, and notes on a phase, services, deliverables and risks
(`public_marker`). A reader then visits every page and does what the pages offer: filters,
search, colour and dependency mode, clicks on bars and cards, links in the details panel,
the quarter slider and the play button, the risks page's filters and links, the table's
CSV and Excel, and every format of the "Last ned" menu. Every response the browser gets
(HTML, layout, callbacks, downloads: CSV, Excel, SVG, PDF, PowerPoint decoded from the
callback responses) is recorded, and the marker (any case) must be in none of them.

The internal server on the same file shows what the public one leaves out: the crawl's
search finds the marker there, and the planners' note is shown, marked as internal.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from history_repo import GitRoadmap
from public_marker import (
    INTERNAL_DELIVERABLE,
    INTERNAL_SERVICE,
    MARKER,
    PUBLIC_DELIVERABLE,
    PUBLIC_SERVICE,
    download_names,
    earlier_version,
    leaks,
    planted_yaml,
    searchable_text,
)

from veikart.app.router import discover_pages

pytestmark = pytest.mark.browser

EXPORT_MS = 90_000
"""A "Last ned" export starts its own Chromium on the server: seconds, more on a busy machine."""
NOTE_HEADING = "Internt notat – vises ikke i offentlige visninger"
READY = {
    "/tidslinje": "#gantt-graph .main-svg",
    "/faser": "#phase-graph .main-svg",
    "/tabell": "#table-grid .ag-row",
    "/risiko": "#risks-list .vk-risk-card",
    "/finnes-ikke": "#not-found",
}
"""What each page shows once drawn; a page added later (e.g. /endringer) waits for its content."""


@dataclass
class Recorder:
    """Every response of the server to the page, with its request, as searchable text."""

    base: str
    texts: dict[str, str] = field(default_factory=dict)
    callbacks: int = 0
    downloads: list[str] = field(default_factory=list)
    paused: bool = False

    def attach(self, page) -> None:  # type: ignore[no-untyped-def]
        page.route(re.compile(re.escape(self.base) + r"/.*"), self.handle)

    def handle(self, route) -> None:  # type: ignore[no-untyped-def]
        response = route.fetch()
        body = response.body()
        if not self.paused:
            request = route.request
            name = f"{len(self.texts):04d} {request.method} {request.url.removeprefix(self.base)}"
            text = searchable_text(request.url, body)
            if "/_dash-update-component" in request.url:
                self.callbacks += 1
                name += f" <- {(request.post_data or '')[:200]}"
                with contextlib.suppress(ValueError):
                    self.downloads += download_names(json.loads(body))
            self.texts[name] = text
        route.fulfill(response=response, body=body)


def choose(page, control: str, option: str) -> None:  # type: ignore[no-untyped-def]
    """Pick an option of a filter dropdown, as a reader does."""
    page.click(control)
    page.locator(".dash-dropdown-option", has_text=option).first.click()
    page.keyboard.press("Escape")


def settle(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_load_state("networkidle")


def click_first_bar(page) -> None:  # type: ignore[no-untyped-def]
    settle(page)  # the figure is drawn again once fitted to the window's width
    bar = page.locator("#gantt-graph .barlayer .trace:not(:first-child) .point path").first
    box = bar.bounding_box()
    assert box is not None
    x, y = box["x"] + min(20, box["width"] / 2), box["y"] + box["height"] / 2
    page.mouse.move(x, y)  # plotly reports a click on the point under the hover
    page.wait_for_selector("#gantt-graph .hoverlayer .hovertext")
    page.mouse.click(x, y)
    page.locator("#gantt-details").wait_for(state="visible")


def click_service_card(page, service: str) -> None:  # type: ignore[no-untyped-def]
    point = page.evaluate(
        """(service) => {
          const gd = document.querySelector('#phase-graph .js-plotly-plot');
          const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
          for (const trace of gd._fullData) {
            if (trace.meta !== 'cards') continue;
            const i = trace.customdata.findIndex(row => row[0] === service);
            if (i < 0) continue;
            const y = ya._offset + ya.l2p(trace.y[i]);
            window.scrollTo({top: gd.getBoundingClientRect().top + window.scrollY + y - 200, behavior: 'instant'});
            const box = gd.getBoundingClientRect();
            return {x: box.left + xa._offset + xa.l2p(trace.base[i] + trace.x[i] / 2), y: box.top + y};
          }
          return null;
        }""",
        service,
    )
    assert point is not None, service
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector("#phases-details-body h2")


def download_from_menu(page, toolbar: str, entry: str) -> str:  # type: ignore[no-untyped-def]
    menu = page.locator(f"{toolbar} .vk-download")
    menu.get_by_role("button", name="Last ned").click()
    with page.expect_download(timeout=EXPORT_MS) as started:
        menu.locator(".dropdown-item", has_text=entry).click()
    name = started.value.suggested_filename
    page.wait_for_function(
        "sel => document.querySelector(sel).innerText === ''", arg=f"{toolbar} .vk-progress"
    )
    return name


def crawl_timeline(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/tidslinje")
    page.wait_for_selector(READY["/tidslinje"])
    choose(page, "#gantt-filter-area", "Kjernejournal")
    page.wait_for_function("() => window.location.search.includes('area=kjernejournal')")
    choose(page, "#gantt-filter-owner", "Norsk helsenett")
    page.wait_for_function("() => window.location.search.includes('owner=')")
    page.fill("#gantt-filter-q", "intern")
    page.wait_for_function("() => window.location.search.includes('q=intern')")
    page.fill("#gantt-filter-q", "")
    page.click("label[for='_dbcprivate_radioitems_gantt-color-by_input_phase']")
    page.wait_for_function("() => window.location.search.includes('color=phase')")
    page.focus("#gantt-dependencies")
    page.keyboard.press("Space")
    page.wait_for_function("() => window.location.search.includes('deps=1')")
    settle(page)
    # a click on a bar, the details, a dependency link in them, then the selection cleared
    page.goto(f"{base}/tidslinje?service={PUBLIC_SERVICE}&deps=1")
    page.wait_for_selector(READY["/tidslinje"])
    click_first_bar(page)
    page.wait_for_function("() => window.location.search.includes('selected=')")
    page.goto(f"{base}/tidslinje?service={PUBLIC_SERVICE}&selected={PUBLIC_DELIVERABLE}")
    page.locator("#gantt-details").wait_for(state="visible")
    links = page.locator("#gantt-details-body .vk-dep-link")
    if links.count():
        links.first.click()
        page.wait_for_function(
            "id => !window.location.search.includes('selected=' + id)", arg=PUBLIC_DELIVERABLE
        )
    page.click("#gantt-clear-selection")
    page.wait_for_function("() => !window.location.search.includes('selected=')")
    settle(page)


def crawl_phases(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/faser?at=2022-Q1")
    page.wait_for_selector(READY["/faser"])
    choose(page, "#phases-filter-area", "Kjernejournal")
    page.wait_for_function("() => window.location.search.includes('area=kjernejournal')")
    thumb = page.locator('#phases-slider [role="slider"]')
    thumb.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.location.search.includes('at=2022-Q2')")
    click_service_card(page, PUBLIC_SERVICE)
    page.keyboard.press("Escape")
    page.goto(f"{base}/faser?at=2025-Q3")
    page.wait_for_selector(READY["/faser"])
    page.click("#phases-play")
    page.wait_for_function("() => window.location.search.includes('at=2025-Q4')", timeout=20_000)
    page.wait_for_selector('#phases-play:has-text("Spill av")', timeout=20_000)
    settle(page)


def crawl_table(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/tabell")
    page.wait_for_selector(READY["/tabell"])
    choose(page, "#table-filter-status", "planlegging")
    page.wait_for_function("() => window.location.search.includes('status=')")
    page.goto(f"{base}/tabell")
    page.wait_for_selector(READY["/tabell"])
    for button in ("#table-csv", "#table-excel"):
        with page.expect_download():
            page.click(button)
    settle(page)


def crawl_risks(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/risiko")
    page.wait_for_selector(READY["/risiko"])
    choose(page, "#risks-filter-level", "Høy")
    page.wait_for_function("() => window.location.search.includes('level=high')")
    choose(page, "#risks-filter-area", "Kjernejournal")
    page.wait_for_function("() => window.location.search.includes('area=kjernejournal')")
    page.fill("#risks-filter-q", "API")
    page.wait_for_function("() => window.location.search.includes('q=API')")
    page.goto(f"{base}/risiko")
    page.wait_for_selector(READY["/risiko"])
    # a link to an affected deliverable opens it in the timeline
    page.locator(
        "#risks-list .vk-affects a", has_text="Utprøving av API for overfølsomhetsreaksjoner"
    ).click()
    page.locator("#gantt-details").wait_for(state="visible")
    settle(page)


def crawl_digest(page, base: str) -> None:  # type: ignore[no-untyped-def]
    """The board digest (/styrenotat), when the dashboard has it: every version link."""
    if "/styrenotat" not in {p.path for p in discover_pages().pages}:
        return
    page.goto(f"{base}/styrenotat")
    page.wait_for_selector("#shell-content .vk-page")
    settle(page)
    links = page.locator(".vkd-version")
    for i in range(links.count()):
        links.nth(i).click()
        settle(page)
    page.goto(f"{base}/styrenotat?baseline=styremote-1")
    page.wait_for_selector("#shell-content .vk-page")
    settle(page)


def crawl_history(page, base: str) -> None:  # type: ignore[no-untyped-def]
    """Every page compared with the tag from before the internal deliverable, the changes
    page included, and the timeline as of that tag: the selector lists commits whose
    subjects name internal work, the change list names each change's commit."""
    for path in [p.path for p in discover_pages().navigation]:
        page.goto(f"{base}{path}?baseline=styremote-1")
        page.wait_for_selector(READY.get(path, "#shell-content .vk-page"))
        settle(page)
    page.goto(f"{base}/tidslinje?asof=styremote-1")
    page.wait_for_selector(READY["/tidslinje"])
    settle(page)


def visit_every_page(page, base: str) -> list[str]:  # type: ignore[no-untyped-def]
    paths = [p.path for p in discover_pages().navigation] + ["/finnes-ikke"]
    for path in paths:
        page.goto(base + path)
        page.wait_for_selector(READY.get(path, "#shell-content .vk-page"))
        settle(page)
    return paths


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The planted roadmap in git: tagged before its internal deliverable was added, and
    commit subjects that name internal work (the digest page reads the history)."""
    repo = GitRoadmap(tmp_path_factory.mktemp("planted"))
    repo.write("roadmap.yaml", planted_yaml(earlier_version()))
    repo.commit(f"Veikart før styremøtet ({MARKER})", "2021-11-01")
    repo.tag("styremote-1")
    repo.write("roadmap.yaml", planted_yaml())
    repo.commit(f"Ny intern leveranse {MARKER}", "2021-12-01")
    return repo.root / "roadmap.yaml"


@pytest.fixture(scope="module")
def public_server(start_server, planted):  # type: ignore[no-untyped-def]
    return start_server(planted, args=("--public",), env={"VEIKART_PUBLIC": None})


@pytest.fixture(scope="module")
def internal_server(start_server, planted):  # type: ignore[no-untyped-def]
    return start_server(planted, env={"VEIKART_PUBLIC": None})


def crawl(page, base: str, steps: list[Callable]) -> Recorder:  # type: ignore[no-untyped-def]
    recorder = Recorder(base)
    recorder.attach(page)
    for step in steps:
        step(page, base)
    return recorder


@pytest.mark.export
def test_no_response_of_the_public_dashboard_carries_the_marker(page, console, public_server):
    page.set_default_timeout(30_000)
    steps = [crawl_timeline, crawl_phases, crawl_table, crawl_risks, crawl_digest, crawl_history]
    recorder = crawl(page, public_server.url, steps)
    paths = visit_every_page(page, public_server.url)
    assert {"/tidslinje", "/faser", "/tabell", "/risiko"} <= set(paths)
    # every format of the "Last ned" menu, from the views that offer it
    page.goto(f"{public_server.url}/tidslinje?area=kjernejournal")
    page.wait_for_selector(READY["/tidslinje"])
    for entry in ("Bilde (PNG)", "Vektorbilde (SVG)", "PDF", "PowerPoint"):
        download_from_menu(page, ".vk-page-gantt", entry)
    page.goto(f"{public_server.url}/faser?area=kjernejournal")
    page.wait_for_selector(READY["/faser"])
    download_from_menu(page, ".vk-page-phases", "Vektorbilde (SVG)")

    assert leaks(recorder.texts) == []
    # the crawl did reach what it searched: callbacks of every kind and every download
    assert recorder.callbacks >= 30
    extensions = {name.rsplit(".", 1)[-1] for name in recorder.downloads}
    assert extensions == {"csv", "xlsx", "png", "svg", "pdf", "pptx"}
    everything = "\n".join(recorder.texts.values())
    assert "Utprøving av API for overfølsomhetsreaksjoner i Helse Vest" in everything
    assert "Avhenger også av noe som ikke vises offentlig." in everything
    assert "Anslått tidspunkt" in everything
    if "/styrenotat" in paths:
        assert "Offentlig versjon" in everything  # the board digest was drawn, as the public's
    assert console.errors == []


def test_the_same_crawl_finds_the_marker_on_the_internal_dashboard(page, console, internal_server):
    recorder = crawl(page, internal_server.url, [crawl_table, crawl_risks, crawl_digest])
    found = leaks(recorder.texts)
    assert any("/_dash-layout" in name for name in found)
    assert any("table-download" in name for name in found)  # the CSV and Excel files
    if "/styrenotat" in {p.path for p in discover_pages().pages}:  # the digest names it
        assert [name for name in found if "Nøkkeltall" in recorder.texts[name]]
    assert console.errors == []


def test_an_internal_id_in_a_public_link_is_an_unknown_id(page, console, public_server):
    def notice(value: str) -> str:
        page.goto(f"{public_server.url}/tidslinje?service={value}&selected={value}")
        page.wait_for_selector("#gantt-notices .vk-notice")
        return page.inner_text("#gantt-notices").replace(value, "<id>")

    recorder = Recorder(public_server.url)
    recorder.attach(page)
    internal = notice(INTERNAL_SERVICE)
    assert internal == notice("finnes-ikke-7f3a")
    assert "service=<id>" in internal
    page.goto(f"{public_server.url}/tabell?service={INTERNAL_DELIVERABLE}&owner=Eier")
    page.wait_for_selector("#table-notices .vk-notice")
    # Only what the reader typed comes back: the address, quoted in the notice.
    typed = (INTERNAL_SERVICE, INTERNAL_DELIVERABLE)
    cleaned = {name: re.sub("|".join(typed), "", text) for name, text in recorder.texts.items()}
    assert leaks(cleaned) == []
    assert MARKER not in page.inner_text("body")
    assert console.errors == []


def test_the_internal_dashboard_shows_the_note_marked_internal(page, console, internal_server):
    page.goto(f"{internal_server.url}/tidslinje?selected={PUBLIC_DELIVERABLE}")
    note = page.locator("#gantt-details-body .vk-note").first
    note.wait_for(state="visible")
    assert note.locator("h3").inner_text() == NOTE_HEADING
    assert f"Leveransenotat {MARKER}" in note.inner_text()
    assert page.locator("#gantt-details-body p.vk-internal-mark").count() == 0  # a public item
    assert page.locator("#gantt-details-body .vk-risk .vk-internal-mark").count() == 1  # its internal risk
    page.goto(f"{internal_server.url}/tidslinje?selected={INTERNAL_DELIVERABLE}")
    page.locator("#gantt-details-body p.vk-internal-mark").first.wait_for(state="visible")
    assert console.errors == []
