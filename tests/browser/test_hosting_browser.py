"""The production server in headless Chromium: no CSP violations, no dev tools, hostile text stays text."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from hostile import FLAG, hostile_yaml, payload
from hosting_server import production_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "roadmap.yaml"
CSP_RECORDER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


class Requests:
    """Every URL the page asked for."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.urls: list[str] = []
        page.on("request", lambda r: self.urls.append(r.url))


@pytest.fixture(scope="module")
def bundled_server():
    with production_server(BUNDLED, env={"DASH_DEBUG": "true", "DASH_UI": "true"}) as base:
        yield base


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("hostile") / "roadmap.yaml"
    data.write_text(hostile_yaml(), encoding="utf-8")
    with production_server(data) as base:
        yield base


HOVER_FIRST_BAR = """
(graphId) => {
  const gd = document.querySelector(`#${graphId} .js-plotly-plot`);
  const index = gd.data.findIndex((t) => t.type === "bar" && t.hoverinfo !== "skip" && (t.x || []).length > 0);
  window.Plotly.Fx.hover(gd, [{curveNumber: index, pointNumber: 0}]);
  return index;
}
"""


def hover_first_bar(page, graph_id: str = "gantt-graph") -> None:  # type: ignore[no-untyped-def]
    """Show the hover label of the first bar (where plotly draws the deliverable's texts)."""
    page.wait_for_selector(f"#{graph_id} .main-svg")
    assert page.evaluate(HOVER_FIRST_BAR, graph_id) >= 0
    page.wait_for_selector(f"#{graph_id} .hoverlayer .hovertext")


def wait_for_page(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector("#shell-content")
    page.wait_for_load_state("networkidle")


def test_dashboard_runs_under_the_csp_without_dev_tools(page, console, bundled_server: str) -> None:
    page.add_init_script(CSP_RECORDER)
    page.set_default_timeout(60_000)  # the first figure of a cold production worker
    for path in ("/", "/faser", "/tabell", "/tidslinje?area=kjernejournal"):
        page.goto(bundled_server + path)
        wait_for_page(page)
        page.wait_for_selector(".js-plotly-plot .main-svg, .ag-root, table")
        assert page.evaluate("window.__csp") == [], path
    # Interact: the figure's hover and a filter, which run plotly.js and callbacks under the CSP.
    page.goto(bundled_server + "/")
    hover_first_bar(page)
    assert page.locator(".dash-debug-menu, .dash-debug-menu__outer").count() == 0
    assert page.evaluate("window.__csp") == []
    assert console.errors == []


def test_text_from_the_yaml_never_runs_as_script(page, console, hostile_server: str) -> None:
    requests = Requests(page)
    page.add_init_script(CSP_RECORDER)
    page.set_default_timeout(60_000)  # the first figure of a cold production worker
    reflected = quote(payload("url.area"))
    for path in (
        "/",
        "/tidslinje?selected=leveranse",
        "/tidslinje?selected=beslutning&deps=1",
        f"/tidslinje?area={reflected}&q={reflected}",
        "/faser",
        "/faser?at=2022-Q1",
        "/tabell",
    ):
        page.goto(hostile_server + path)
        wait_for_page(page)
        assert page.evaluate(f"typeof window.{FLAG}") == "undefined", path
    page.goto(hostile_server + "/")
    hover_first_bar(page)
    assert page.evaluate(f"typeof window.{FLAG}") == "undefined"
    # The payloads are on the page as text: they were received, and shown, not run.
    assert "roadmap.title <script>" in page.inner_text("body")
    assert not [url for url in requests.urls if url.rstrip("/").endswith("/x")]  # <img src=x> never loaded
    assert page.evaluate("window.__csp") == []
    assert console.errors == []
