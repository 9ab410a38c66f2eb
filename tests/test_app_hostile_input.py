"""Hostile input at the dashboard's doors: query strings, forged callbacks, Markdown from the YAML.

Whatever arrives, the answer is a page (with a notice), a 400 or nothing: never a 500,
never a traceback, never a response that grows with the attack.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from callback_client import CallbackClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veikart.app.factory import create_dashboard
from veikart.app.inputs import is_checked
from veikart.app.markdown import allowed_url, markdown_components, safe_html
from veikart.app.router import discover_pages
from veikart.app.state import query_mapping
from veikart.filters import MAX_NOTICES, Filters, filter_frames, parse_query, time_window_bounds
from veikart.roadmap.periods import Quarter

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "roadmap.yaml"
PAGES = ["/", "/tidslinje", "/faser", "/tabell", "/styrenotat", "/finnes-ikke"]
KEYS = [
    "area",
    "service",
    "audience",
    "phase",
    "status",
    "owner",
    "critical",
    "q",
    "from",
    "to",
    "at",
    "color",
    "deps",
    "selected",
    "baseline",
    "horizon",
    "bogus",
]


@pytest.fixture(scope="module")
def dashboard():
    return create_dashboard(BUNDLED, watch=False)


@pytest.fixture(scope="module")
def client(dashboard):
    return CallbackClient(dashboard.app)


# --- time windows -----------------------------------------------------------------------


def test_time_windows_from_a_link_are_clamped_to_the_period_and_a_year(bundled_frames):
    first, last = time_window_bounds(bundled_frames)
    assert (first, last) == (
        Quarter.of(bundled_frames.info.start) + -4,
        Quarter.of(bundled_frames.info.end) + 4,
    )
    filters, notices = parse_query({"from": "1950-Q1", "to": "2150-Q4"}, bundled_frames)
    assert (filters.start, filters.end) == (first, last)
    assert len(notices) == 2 and all("utenfor veikartet" in n for n in notices)
    # Years no roadmap may use are clamped too, or dropped with a notice: never unbounded.
    filters, notices = parse_query({"from": "0001-Q1", "to": "9999-Q4"}, bundled_frames)
    assert filters.start in (None, first) and filters.end in (None, last) and len(notices) == 2
    filters, _ = parse_query({"at": "2099-Q1"}, bundled_frames)
    assert filters.at == Quarter.of(bundled_frames.info.end)
    inside, notices = parse_query({"from": "2022-Q1", "to": "2023-Q4"}, bundled_frames)
    assert (inside.start, inside.end, notices) == (Quarter(2022, 1), Quarter(2023, 4), [])


def test_status_none_chooses_the_deliverables_without_a_status(bundled_frames):
    filters, notices = parse_query({"status": "none"}, bundled_frames)
    assert notices == [] and filters.status == ("none",)
    shown = filter_frames(bundled_frames, filters).deliverables
    d = bundled_frames.deliverables
    assert len(shown) == int(d["status"].isna().sum()) > 0
    both = filter_frames(bundled_frames, Filters(status=("none", "planning"))).deliverables
    assert len(both) == len(shown) + int((d["status"] == "planning").sum())
    assert Filters(status=("none",)).to_query() == "?status=none"


# --- notices ------------------------------------------------------------------------------


def test_a_flood_of_unknown_values_gives_few_short_notices(bundled_frames, client):
    flood = ",".join(f"finnes-ikke-{i}" for i in range(100_000))
    filters, notices = parse_query({"area": flood}, bundled_frames)
    assert filters.area == ()
    assert len(notices) <= MAX_NOTICES + 2 and sum(map(len, notices)) < 3_000
    same = ",".join(["finnes-ikke"] * 100_000)
    assert len(parse_query({"area": same}, bundled_frames)[1]) == 2  # too many values; the one unknown
    # Over HTTP: the router callback with 100,000 repeated ?area= values answers small.
    search = "?" + "&".join(["area=finnes-ikke"] * 100_000)
    status, body = client.call(
        "shell-content.children", {"shell-location.pathname": "/tidslinje", "shell-location.search": search}
    )
    assert status == 200
    assert len(json.dumps(body)) < 400_000
    assert json.dumps(body).count("area=finnes-ikke") == 1


# --- every query string -------------------------------------------------------------------

query_values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "e-resept",
            "kjernejournal",
            "none",
            "planning",
            "1",
            "2022-Q1",
            "9999-Q4",
            "0001-K1",
            "2022-13",
            "-1",
            "nan",
            "²⁰²²-Q1",
            "..",
            "%00",
            "<script>",
            "a,b,,c",
            "phase",
            "\u2028",
        ]
    ),
)
queries = st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), query_values, max_size=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=queries)
def test_no_query_string_breaks_the_filters(bundled_frames, query):
    filters, notices = parse_query(query, bundled_frames)
    first, last = time_window_bounds(bundled_frames)
    for quarter in (filters.start, filters.end):
        assert quarter is None or first <= quarter <= last
    assert len(notices) <= MAX_NOTICES + 1
    filter_frames(bundled_frames, filters)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PAGES), query=queries)
def test_no_query_string_gets_a_500(client, path, query):
    search = "?" + urlencode(query)
    page = client.client.get(path + search)
    assert page.status_code == 200
    layout = client.client.get("/_dash-layout", headers={"Referer": f"http://localhost{path}{search}"})
    assert layout.status_code == 200
    status, _ = client.call(
        "shell-content.children", {"shell-location.pathname": path, "shell-location.search": search}
    )
    assert status == 200


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(max_size=300))
def test_raw_search_text_is_read_without_failing(client, raw):
    assert isinstance(query_mapping(raw), dict)
    status, _ = client.call(
        "shell-content.children", {"shell-location.pathname": "/tabell", "shell-location.search": raw}
    )
    assert status == 200
    assert client.client.get("/tidslinje?" + quote(raw, safe="=&?")).status_code == 200


# --- forged callbacks ----------------------------------------------------------------------

FORGED = [
    ("phase-graph.figure", {"phases-slider.value": "abc"}),
    ("phase-graph.figure", {"phases-width.data": -100}),
    ("phase-graph.figure", {"phases-width.data": float("nan")}),
    ("phase-graph.figure", {"phases-width.data": 10**12}),
    ("phase-graph.figure", {"phases-filter-q.value": ["liste"]}),
    ("gantt-graph.figure", {"gantt-filter-q.value": 42}),
    ("gantt-graph.figure", {"gantt-filter-area.value": {"a": 1}}),
    ("gantt-graph.figure", {"gantt-filter-from.value": ["2022-Q1"]}),
    ("gantt-graph.figure", {"gantt-color-by.value": "regnbue"}),
    ("gantt-graph.figure", {"gantt-dependencies.value": "ja"}),
    ("gantt-graph.figure", {"gantt-filter-critical.value": [True]}),
    ("table-grid.rowData", {"table-filter-status.value": [1, 2]}),
    ("table-download.data", {"table-csv.n_clicks": "1"}),
    ("shell-content.children", {"shell-location.pathname": ["/tidslinje"]}),
    ("shell-content.children", {"shell-location.search": {"area": "x"}}),
    (
        "..gantt-selected.value...gantt-details.is_open..",
        {"gantt-graph.clickData": {"points": [{"customdata": "0; DROP"}]}},
    ),
    ("..gantt-selected.value...gantt-details.is_open..", {"gantt-graph.clickData": {"points": "ingen"}}),
    ("phases-details-body.children", {"phase-graph.clickData": {"points": [{"customdata": [[1]]}]}}),
    ("phases-details-body.children", {"phases-slider.value": -5}),
]


@pytest.mark.parametrize(("output", "values"), FORGED)
def test_forged_callbacks_are_refused_or_ignored_never_500(client, output, values):
    body = client.body(output, values)
    response = client.client.post(
        "/_dash-update-component", data=json.dumps(body, allow_nan=True), content_type="application/json"
    )
    assert response.status_code in (200, 204, 400), response.data[:300]
    assert b"Traceback" not in response.data


def test_every_callback_of_the_dashboard_checks_its_inputs(dashboard):
    """Every server callback of the pages and the shell goes through @checked."""
    server_side = {
        key: spec["callback"] for key, spec in dashboard.app.callback_map.items() if "callback" in spec
    }
    assert len(server_side) >= 10
    unchecked = [key for key, function in server_side.items() if not is_checked(function)]
    assert unchecked == [], unchecked


# --- Markdown from the YAML ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[a](javascript:alert(1))",
        "[a](jav&#x61;script:alert(1))",
        "[a](%6A%61vascript:alert(1))",
        "[a](JaVaScRiPt:alert(1))",
        "[a](data:text/html;base64,PHNjcmlwdD4=)",
        "[a](//evil.example/x)",
        "[a](/\\evil.example/x)",
        "[a](\\\\evil.example)",
        "[a][r]\n\n[r]: //evil.example",
        "[a][r]\n\n[r]: javascript:alert(1)",
        "<a href='https://evil.example'>x</a>",
        "<img src=x onerror=alert(1)>",
        "![bilde](https://evil.example/p.png)",
        "![bilde][r]\n\n[r]: https://evil.example/p.png",
        "<https://evil.example/autolink>",
    ],
)
def test_markdown_keeps_no_dangerous_link_and_loads_no_image(text):
    cleaned = safe_html(text)
    assert "<img" not in cleaned and "<script" not in cleaned and "<a href='" not in cleaned
    for href in re.findall(r'href="([^"]*)"', cleaned):
        assert allowed_url(html.unescape(href)), href

    def hrefs(nodes: list) -> list[str]:
        found = []
        for node in nodes:
            if hasattr(node, "href"):
                found.append(node.href)
            children = getattr(node, "children", None)
            found += hrefs(children if isinstance(children, list) else [children] if children else [])
        return found

    for href in hrefs(markdown_components(text)):
        assert allowed_url(href) and not href.startswith("//")


def test_markdown_keeps_text_and_safe_links():
    nodes = markdown_components(
        "Se [veiledningen](https://www.ehelse.no/x) og [lokal](docs/a.md). 1 < 2 & **viktig**"
    )
    from veikart.app.markdown import markdown

    text = json.dumps(markdown("x").to_plotly_json() | {"nodes": nodes}, default=lambda c: c.to_plotly_json())
    assert "https://www.ehelse.no/x" in text and "docs/a.md" in text
    assert "1 < 2 & " in text and "viktig" in text
    assert allowed_url("https://x.no") and allowed_url("docs/a.md") and allowed_url("/tidslinje")
    assert not allowed_url("//x.no") and not allowed_url("/\\x.no") and not allowed_url("mailto:a@b.no")


def test_pages_are_discovered_for_the_fuzzing():
    assert {page.path for page in discover_pages().pages} >= {"/tidslinje", "/faser", "/tabell"}
