"""Pages of the dashboard without a browser: the Page protocol, navigation, router, titles."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from callback_client import CallbackClient
from dash import html

from veikart.app.factory import create_dashboard
from veikart.app.page import Page, PageBody, PageRequest
from veikart.app.pages import gantt, not_found_404, phases, table
from veikart.app.router import PageSet, discover_pages
from veikart.filters import Filters, filter_frames, parse_query

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "roadmap.yaml"
TITLE = "Veikart for nasjonale e-helseløsninger"


@pytest.fixture(scope="module")
def dashboard():
    return create_dashboard(BUNDLED, watch=False)


@pytest.fixture(scope="module")
def client(dashboard):
    return CallbackClient(dashboard.app)


def test_every_page_module_registers_a_page():
    page_set = discover_pages()
    assert all(isinstance(page, Page) for page in page_set.pages)
    assert [page.path for page in page_set.navigation] == ["/tidslinje", "/faser", "/tabell", "/styrenotat"]
    assert page_set.fallback is not_found_404.PAGE
    assert page_set.resolve("/") is gantt.PAGE
    assert page_set.resolve("tidslinje") is gantt.PAGE
    assert page_set.resolve("/tabell/") is table.PAGE
    assert page_set.resolve("/finnes-ikke") is not_found_404.PAGE


def test_render_is_pure_and_needs_no_browser(bundled_frames):
    filters, _ = parse_query({"area": "e-resept"}, bundled_frames)
    shown = filter_frames(bundled_frames, filters)
    view = gantt.render(bundled_frames, filters, gantt.GanttOptions(today=dt.date(2023, 6, 1)))
    assert view.count == f"Viser {len(shown.deliverables)} av {len(bundled_frames.deliverables)} leveranser"
    assert view.height > 300
    rows = table.render(bundled_frames, filters, table.TableOptions()).rows
    assert len(rows) == len(shown.deliverables)
    at_2022 = phases.render(bundled_frames, Filters(at=phases.Quarter(2022, 1)), phases.PhaseOptions())
    assert at_2022.quarter == phases.Quarter(2022, 1)


def test_the_phase_overview_defaults_to_today_inside_the_period_else_the_update(bundled_frames):
    inside = dt.date(2023, 5, 2)
    assert phases.default_quarter(bundled_frames, inside) == phases.Quarter(2023, 2)
    after = dt.date(2031, 1, 1)
    updated = bundled_frames.info.updated
    assert phases.default_quarter(bundled_frames, after) == phases.Quarter.of(updated)


@pytest.mark.parametrize(
    ("route", "name"),
    [
        ("/", "Tidslinje"),
        ("/tidslinje", "Tidslinje"),
        ("/faser", "Faseoversikt"),
        ("/tabell", "Tabell"),
        ("/finnes-ikke", "Fant ikke siden"),
    ],
)
def test_each_page_has_its_title_and_the_language_of_the_ui(client, route, name):
    page = client.client.get(route).get_data(as_text=True)
    assert '<html lang="nb">' in page
    assert re.search(r"<title>(.*?)</title>", page)[1] == f"{name} – {TITLE}"


def test_the_first_page_is_drawn_into_the_initial_layout(client):
    drawn = client.client.get("/_dash-layout", headers={"Referer": "http://localhost/tabell?area=e-resept"})
    assert drawn.headers["Vary"] == "Referer"
    layout = drawn.get_json()
    text = str(layout)
    assert "'table-grid'" in text and "'gantt-graph'" not in text
    assert "'pathname': '/tabell'" in text and "'search': '?area=e-resept'" in text
    # Another host's address, or none: the router draws the page after the page loads.
    for headers in ({"Referer": "http://elsewhere.example/tabell"}, {}):
        layout = client.client.get("/_dash-layout", headers=headers).get_json()
        assert "'table-grid'" not in str(layout)


def test_the_router_draws_the_page_and_its_title(client):
    status, body = client.call(
        "shell-content.children",
        {"shell-location.pathname": "/faser", "shell-location.search": "?at=2023-Q1"},
    )
    assert status == 200
    content = body["response"]
    assert "phase-graph" in str(content["shell-content"]["children"])
    assert content["shell-page-title"]["data"] == f"Faseoversikt – {TITLE}"


@dataclass(frozen=True)
class _Options:
    lang: str = "nb"


class ChangesPage:
    """A page added by one module (here: one class), as a newcomer would."""

    path = "/endringer"
    aliases = ()
    namespace = "changes"
    nav_key = "nav.table"
    nav_order = 5
    title_key = "nav.table"
    preload = ()

    @staticmethod
    def render(frames, filters, options):
        return len(filter_frames(frames, filters).deliverables)

    def layout(self, context, request: PageRequest) -> PageBody:
        shown = self.render(request.frames, request.filters, _Options())
        return PageBody([html.P(f"{shown} endringer", id="changes-count")], "", request.filters.to_query())

    def register(self, context) -> None:
        pass


def test_adding_a_page_is_one_module():
    page_set = PageSet.of([*discover_pages().pages, ChangesPage()])
    app = create_dashboard(BUNDLED, watch=False, pages=page_set).app
    client = CallbackClient(app)
    layout = client.client.get("/_dash-layout", headers={"Referer": "http://localhost/endringer"}).get_json()
    text = str(layout)
    assert "'shell-nav-endringer'" in text and "endringer'" in text and "changes-count" in text
    assert "changes-notices" in text  # the preamble's pieces come with it


def test_two_pages_cannot_share_a_path_or_namespace():
    pages = discover_pages().pages
    with pytest.raises(ValueError, match="same path"):
        PageSet.of([*pages, type("Twin", (ChangesPage,), {"path": "/faser", "namespace": "twin"})()])
    with pytest.raises(ValueError, match="same namespace"):
        PageSet.of([*pages, type("Twin", (ChangesPage,), {"namespace": "gantt"})()])
