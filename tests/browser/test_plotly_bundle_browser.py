"""The dashboard loads plotly.js's small bundle once, with the page, and never the full one."""

from __future__ import annotations

import pytest

from veikart.app.plotly_bundle import BASIC_FILE, basic_bundle_path

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("route", ["/tidslinje", "/faser"])
def test_views_draw_with_the_basic_bundle(page, console, served_roadmap, route):
    if basic_bundle_path() is None:
        pytest.skip("plotly.py writes for another plotly.js than the vendored bundle")
    page.goto(served_roadmap.url + route)
    page.wait_for_selector(".js-plotly-plot .main-svg", state="attached")
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert [url for url in loaded if BASIC_FILE in url] != []
    assert len([url for url in loaded if BASIC_FILE in url]) == 1
    assert not [url for url in loaded if url.endswith("plotly.min.js") or "package_data/plotly" in url]
    assert page.evaluate("window.Plotly.version") == BASIC_FILE.split("-")[2].removesuffix(".min.js")
