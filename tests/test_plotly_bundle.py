"""The dashboard's small plotly.js bundle: the right version, and enough for every view."""

from __future__ import annotations

import pytest

from veikart.app import plotly_bundle
from veikart.figures.options import FigureOptions
from veikart.registry import VIEWS
from veikart.roadmap.periods import Quarter

BASIC_TRACE_TYPES = {"scatter", "bar", "pie"}
"""What plotly.js's "basic" partial bundle can draw."""


def test_vendored_file_is_the_version_it_claims():
    head = (plotly_bundle.VENDOR / plotly_bundle.BASIC_FILE).read_text()[:200]
    assert f"plotly.js (basic - minified) v{plotly_bundle.BASIC_VERSION}" in head
    assert (plotly_bundle.VENDOR / "plotly-basic-LICENSE.txt").read_text().startswith("MIT License")


def test_bundle_is_named_only_when_it_matches_plotly_py(monkeypatch):
    monkeypatch.setattr(plotly_bundle, "get_plotlyjs_version", lambda: plotly_bundle.BASIC_VERSION)
    assert plotly_bundle.plotly_meta_tags() == [
        {
            "name": "veikart-plotly",
            "content": f"assets/vendor/{plotly_bundle.BASIC_FILE}?m={plotly_bundle.BASIC_VERSION}",
        }
    ]
    monkeypatch.setattr(plotly_bundle, "get_plotlyjs_version", lambda: "99.0.0")
    assert plotly_bundle.plotly_meta_tags() == []  # dcc then loads plotly.py's full bundle


@pytest.mark.parametrize("view", sorted(VIEWS))
@pytest.mark.parametrize("color_by", ["status", "phase"])
def test_every_view_draws_only_what_the_basic_bundle_has(bundled_frames, view, color_by):
    options = FigureOptions(color_by=color_by, show_dependencies=True, at=Quarter(2022, 1))
    figure = VIEWS[view].builder(bundled_frames, options)
    assert {trace["type"] for trace in figure["data"]} <= BASIC_TRACE_TYPES
