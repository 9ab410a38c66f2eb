"""The dashboard under a base path (`--base-path /veikart/`, VEIKART_BASE_PATH): URLs built and read.

Every address a page holds (scripts, styles, the layout, callbacks, navigation links, the
links the shell writes after a filter change, the not-found page's link) must be under the
base path, and an address outside it must never be a 500.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from callback_client import CallbackClient
from click.testing import CliRunner
from digest_repo import board_repo
from history_repo import board_history

from veikart.app.factory import create_dashboard
from veikart.app.paths import page_path
from veikart.app.router import discover_pages
from veikart.cli import main
from veikart.hosting.headers import IMMUTABLE
from veikart.hosting.health import RoadmapHealth
from veikart.hosting.production import harden
from veikart.hosting.settings import Settings, SettingsError, parse_base_path, settings_from_env

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "roadmap.yaml"
PREFIX = "/veikart/"
NAV_LINKS = [PREFIX + page.path.lstrip("/") for page in discover_pages().navigation]
"""The navigation's links under /veikart/: "/veikart/tidslinje", "/veikart/faser", ..."""
URL_ATTRIBUTE = re.compile(r'(?:src|href)="([^"]+)"')


# --- the setting --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/veikart/", "/veikart/"),
        ("/veikart", "/veikart/"),
        ("veikart", "/veikart/"),
        (" /verktoy/veikart-2.0/ ", "/verktoy/veikart-2.0/"),
        ("/", "/"),
        ("", "/"),
    ],
)
def test_base_path_is_read_as_dash_wants_it(text: str, expected: str) -> None:
    assert parse_base_path(text) == expected


@pytest.mark.parametrize(
    "text",
    ["/../etc/", "/veikart/./", "//veikart/", "/veikart//x/", "/vei kart/", "/veikart?x=1", "/veikart#x",
     "/<script>/", "/væikart/", "\\veikart\\", "/%2e%2e/", "/" + "a" * 250 + "/"],
)  # fmt: skip
def test_an_unsafe_base_path_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="expected a path"):
        parse_base_path(text)


def test_the_base_path_comes_from_the_environment_and_the_option_wins() -> None:
    settings = settings_from_env({"VEIKART_BASE_PATH": "verktoy/veikart"})
    assert settings.base_path == "/verktoy/veikart/"
    assert settings.with_options(base_path="/annet/").base_path == "/annet/"
    assert settings_from_env({}).base_path == "/"
    with pytest.raises(SettingsError, match=r"VEIKART_BASE_PATH: expected a path such as /veikart/"):
        settings_from_env({"VEIKART_BASE_PATH": "/../"})


@pytest.mark.parametrize("name", ["DASH_URL_BASE_PATHNAME", "dash_routes_pathname_prefix", "DASH_APP_NAME"])
def test_dashs_own_path_variables_are_refused_with_ours_named(name: str) -> None:
    with pytest.raises(SettingsError, match=f"{name.upper()} is not used by veikart; set VEIKART_BASE_PATH"):
        settings_from_env({name: "/veikart/"})


def test_serve_refuses_a_bad_base_path_as_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["serve", str(BUNDLED), "--base-path", "/a/../b/"])
    assert result.exit_code == 2
    assert "--base-path" in result.output and "expected a path such as /veikart/" in result.output


def test_serve_refuses_dashs_path_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASH_URL_BASE_PATHNAME", "/veikart/")
    monkeypatch.setattr("dash.Dash.run", lambda *_a, **_k: pytest.fail("the server started"))
    result = CliRunner().invoke(main, ["serve", str(BUNDLED), "--base-path", "/veikart/"])
    assert result.exit_code != 0
    assert "set VEIKART_BASE_PATH (or --base-path) instead" in result.output


# --- reading an address back --------------------------------------------------------------


@pytest.mark.parametrize(
    ("pathname", "prefix", "expected"),
    [
        ("/veikart/faser", PREFIX, "/faser"),
        ("/veikart/", PREFIX, "/"),
        ("/veikart", PREFIX, "/"),
        ("/veikart/tabell/", PREFIX, "/tabell/"),
        ("/faser", PREFIX, None),
        ("/veikartfaser", PREFIX, None),
        ("/annet/veikart/faser", PREFIX, None),
        ("veikart/faser", PREFIX, None),
        ("", PREFIX, None),
        (None, PREFIX, None),
        ("/faser", "/", "/faser"),
        ("faser", "/", None),
    ],
)
def test_page_path_of_an_address(pathname: str | None, prefix: str, expected: str | None) -> None:
    assert page_path(pathname, prefix) == expected


# --- the dashboard under /veikart/ -----------------------------------------------------------


@pytest.fixture(scope="module")
def dashboard():
    return create_dashboard(BUNDLED, watch=False, base_path=PREFIX)


@pytest.fixture(scope="module")
def client(dashboard) -> CallbackClient:
    return CallbackClient(dashboard.app)


def test_every_address_in_a_page_is_under_the_base_path(client: CallbackClient) -> None:
    page = client.client.get("/veikart/faser").get_data(as_text=True)
    urls = URL_ATTRIBUTE.findall(page)
    assert len(urls) > 10
    assert [url for url in urls if not url.startswith(PREFIX)] == []
    # Dash's config tells the renderer where to send the layout and callback requests.
    config = json.loads(
        re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page)[1]
    )
    assert config["url_base_pathname"] == PREFIX and config["requests_pathname_prefix"] == PREFIX
    # The plotly bundle is named relative to the base path; assets/05-plotly-early.js puts
    # its own URL's prefix in front.
    bundle = re.search(r'<meta name="veikart-plotly" content="([^"]+)"', page)[1]
    assert bundle.startswith("assets/vendor/")
    assert client.client.get(PREFIX + bundle).status_code == 200


def test_the_pages_are_answered_only_under_the_base_path(client: CallbackClient) -> None:
    for path in ("/veikart/", *NAV_LINKS):
        assert client.client.get(path).status_code == 200, path
    for path in ("/faser", "/_dash-layout", "/assets/10-veikart.css"):
        assert client.client.get(path).status_code == 404, path
    root = client.client.get("/")
    assert root.status_code == 302 and root.headers["Location"] == PREFIX


def test_navigation_and_shell_links_are_under_the_base_path(client: CallbackClient) -> None:
    layout = client.client.get(
        "/veikart/_dash-layout", headers={"Referer": "http://localhost/veikart/faser?area=e-resept"}
    ).get_json()
    text = json.dumps(layout)
    hrefs = re.findall(r'"href": "([^"]*)"', text)
    assert set(NAV_LINKS) <= set(hrefs)
    assert [href for href in hrefs if not href.startswith(PREFIX)] == []
    # The router's location is the address as the browser has it, and the page is drawn in.
    assert '"pathname": "/veikart/faser"' in text and "phase-graph" in text
    # What the browser script matches the current address against (assets/20-veikart.js).
    nav = re.search(r'"data": (\{"paths": .*?\}\})', text)[1]
    assert json.loads(nav) == {
        "paths": NAV_LINKS,
        "aliases": {"/veikart/": "/veikart/tidslinje"},
    }


def test_the_router_draws_pages_under_the_base_path_and_the_not_found_page_outside_it(
    client: CallbackClient,
) -> None:
    status, body = client.call(
        "shell-content.children", {"shell-location.pathname": "/veikart/tabell", "shell-location.search": ""}
    )
    assert status == 200 and "table-grid" in str(body)
    # The links the shell writes onto the navigation after a page's filters change.
    state = json.loads(re.search(r"\"value\": \"(\{.*?\})\"", json.dumps(body)).group(1).replace('\\"', '"'))
    assert state["paths"] == NAV_LINKS
    for outside in ("/tabell", "/veikartfaser", "/annet/", "relative"):
        status, body = client.call(
            "shell-content.children", {"shell-location.pathname": outside, "shell-location.search": ""}
        )
        assert status == 200, outside
        text = json.dumps(body)
        assert "not-found" in text and '"href": "/veikart/tidslinje"' in text, outside


def test_a_reload_under_the_base_path_follows_the_page(client: CallbackClient) -> None:
    for pathname in ("/veikart/faser", "/faser", None):
        status, body = client.call(
            "shell-problems.children", {"shell-version.data": "v", "shell-location.pathname": pathname}
        )
        assert status == 200, pathname
    assert body["response"]["shell-page-title"]["data"].startswith("Tidslinje – ")


def test_the_phase_details_link_to_the_timeline_under_the_base_path(client: CallbackClient) -> None:
    status, body = client.call(
        "phases-details-body.children",
        {"phase-graph.clickData": {"points": [{"customdata": ["pll"]}]}, "phases-slider.value": 0},
        changed="phase-graph.clickData",
    )
    assert status == 200, body
    assert '"href": "/veikart/tidslinje?service=pll"' in json.dumps(body)


def test_the_table_download_is_answered_under_the_base_path(client: CallbackClient) -> None:
    status, body = client.call("table-download.data", {"table-csv.n_clicks": 1})
    assert status == 200
    download = body["response"]["table-download"]["data"]
    assert download["filename"].endswith(".csv") and "Leveranse" in download["content"]


# --- production hardening under /veikart/ ------------------------------------------------------


def test_production_serves_health_and_callbacks_under_the_base_path(tmp_path: Path) -> None:
    dashboard = create_dashboard(BUNDLED, watch=False, base_path=PREFIX)
    app = harden(dashboard.app, Settings(base_path=PREFIX), lambda: RoadmapHealth(None, 3))
    client = app.server.test_client()
    assert client.get("/veikart/healthz").get_json()["deliverables"] == 3
    assert client.get("/healthz").status_code == 404  # only under the base path
    forged = client.post("/veikart/_dash-update-component", json={"output": "nope.children"})
    assert forged.status_code == 400
    page = client.get("/veikart/faser", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "gzip"
    assert page.headers["Cache-Control"] == "no-cache"
    css = next(
        u for u in URL_ATTRIBUTE.findall(client.get("/veikart/").get_data(as_text=True)) if ".css?m=" in u
    )
    assert client.get(css).headers["Cache-Control"] == IMMUTABLE
    revalidated = client.get("/veikart/faser", headers={"If-None-Match": page.headers["ETag"]})
    assert revalidated.status_code == 304


def test_the_digest_links_its_versions_under_the_base_path(tmp_path: Path) -> None:
    board = board_repo(tmp_path)
    client = CallbackClient(create_dashboard(board.root / "roadmap.yaml", watch=False, base_path=PREFIX).app)
    status, body = client.call(
        "shell-content.children",
        {"shell-location.pathname": "/veikart/styrenotat", "shell-location.search": ""},
    )
    assert status == 200
    hrefs = re.findall(r'"href": "([^"#][^"]*)"', json.dumps(body))
    versions = [href for href in hrefs if "baseline=" in href]
    assert versions and all(href.startswith("/veikart/styrenotat?baseline=") for href in versions)
    assert [href for href in hrefs if not href.startswith((PREFIX, "https://"))] == []


# --- the pages' own links under /veikart/ --------------------------------------------------------

HREF = re.compile(r'"href": "([^"#][^"]*)"')
"""The links a layout or callback answer holds (a link within the page, '#…', is no address)."""


def _page(client: CallbackClient, pathname: str, search: str = "") -> str:
    status, body = client.call(
        "shell-content.children", {"shell-location.pathname": pathname, "shell-location.search": search}
    )
    assert status == 200, body
    return json.dumps(body)


def _own_links(text: str) -> list[str]:
    """The links to the dashboard's pages (not the roadmap's own links to documents)."""
    return [href for href in HREF.findall(text) if not href.startswith(("https://", "http://"))]


def test_the_risks_page_links_what_a_risk_affects_under_the_base_path(client: CallbackClient) -> None:
    links = _own_links(_page(client, "/veikart/risiko"))
    assert [href for href in links if href.startswith("/veikart/tidslinje?service=")]
    assert [href for href in links if not href.startswith(PREFIX)] == []
    # The list the filters redraw links the same way.
    status, body = client.call("risks-list.children", {"risks-filter-level.value": ["high", "medium"]})
    assert status == 200, body
    redrawn = _own_links(json.dumps(body))
    assert redrawn and [href for href in redrawn if not href.startswith(PREFIX)] == []


@pytest.fixture(scope="module")
def history_client(tmp_path_factory: pytest.TempPathFactory) -> CallbackClient:
    repo, _ = board_history(tmp_path_factory.mktemp("base-path-history") / "repo")
    return CallbackClient(create_dashboard(repo.root / "roadmap", watch=False, base_path=PREFIX).app)


def test_the_changes_page_links_the_timeline_under_the_base_path(history_client: CallbackClient) -> None:
    baseline = "styremote-2023-01"
    links = _own_links(_page(history_client, "/veikart/endringer", f"?baseline={baseline}"))
    # Each change links to its item in the timeline, compared with the same baseline.
    assert f"/veikart/tidslinje?selected=kj-a&baseline={baseline}" in links
    assert f"/veikart/tidslinje?service=kj&baseline={baseline}" in links  # kj-b, removed
    assert [href for href in links if not href.startswith(PREFIX)] == []
    # The list the filters redraw links the same way.
    status, body = history_client.call(
        "changes-list.children",
        {
            "changes-filter-area.value": ["kjernejournal"],
            "changes-history-value.value": f"baseline={baseline}",
        },
        changed="changes-filter-area.value",
    )
    assert status == 200, body
    redrawn = _own_links(json.dumps(body))
    assert f"/veikart/tidslinje?selected=kj-a&baseline={baseline}" in redrawn
    assert [href for href in redrawn if not href.startswith(PREFIX)] == []


def test_the_changes_page_offers_the_latest_tags_under_the_base_path(history_client: CallbackClient) -> None:
    links = _own_links(_page(history_client, "/veikart/endringer"))
    tags = [href for href in links if "baseline=" in href]
    assert tags[:2] == [
        "/veikart/endringer?baseline=styremote-2023-03",
        "/veikart/endringer?baseline=styremote-2023-01",
    ]
    assert [href for href in links if not href.startswith(PREFIX)] == []
