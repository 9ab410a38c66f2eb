"""The static site (`veikart build`) in headless Chromium from file://: offline, no errors, text stays text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hostile import FLAG, hostile_yaml

from veikart.commands.build import build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("secret-source-folder")
    (source / "roadmap.yaml").write_text(hostile_yaml(), encoding="utf-8")
    out = tmp_path_factory.mktemp("site")
    build(source / "roadmap.yaml", out, today=dt.date(2022, 5, 17))
    return out


def test_site_works_from_file_urls_offline(page, console, hostile_site: Path) -> None:
    requests: list[str] = []
    warnings: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.goto((hostile_site / "index.html").as_uri())
    page.wait_for_selector("#figure .main-svg")
    for label, filename in (("Faseoversikt", "phases.html"), ("Faser over tid", "bands.html")):
        page.get_by_role("link", name=label, exact=True).click()
        page.wait_for_url(f"**/{filename}")
        page.wait_for_selector("#figure .main-svg")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/bands.html")
    page.wait_for_selector("#figure .main-svg")
    page.get_by_role("link", name="Timeline", exact=True).click()
    page.wait_for_url("**/en/index.html")
    # Show the hover label of a bar: plotly draws the deliverable's texts there.
    index = page.evaluate(
        """() => {
          const gd = document.getElementById("figure");
          const i = gd.data.findIndex((t) => t.type === "bar" && t.hoverinfo !== "skip" && (t.x || []).length);
          window.Plotly.Fx.hover(gd, [{curveNumber: i, pointNumber: 0}]);
          return i;
        }"""
    )
    assert index >= 0
    page.wait_for_selector("#figure .hoverlayer .hovertext")
    assert page.evaluate(f"typeof window.{FLAG}") == "undefined"
    assert [url for url in requests if not url.startswith("file://")] == []
    assert warnings == []
    assert console.errors == []
