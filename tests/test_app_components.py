"""Pieces of the dashboard's pages, drawn from the same data as the figures."""

from __future__ import annotations

from veikart.app.components import figure_legend
from veikart.figures.gantt import gantt_chart
from veikart.figures.options import FigureOptions


def _swatches(legend: list[object]) -> dict[str, dict]:
    """Each entry's name and the style of its swatch (or glyph)."""
    out = {}
    for entry in legend[1:]:
        decoration, name = entry.children
        out[name] = decoration.children.style
    return out


def test_html_legend_draws_estimates_hatched_like_the_chart(bundled_frames):
    chart = gantt_chart(bundled_frames, FigureOptions(legend=False))
    legend = figure_legend(chart.legend, chart.legend_title)
    styles = _swatches(legend)
    estimated = styles["Anslått tidspunkt"]
    assert "repeating-linear-gradient" in estimated["backgroundImage"]
    assert estimated["border"].startswith("1px solid")
    planned = styles["Funksjonalitet i konsept eller planlegging"]
    assert "backgroundImage" not in planned  # a decided date is a plain swatch


def test_html_legend_marks_decoration_hidden_and_keeps_the_words(bundled_frames):
    chart = gantt_chart(bundled_frames, FigureOptions(legend=False, show_dependencies=True))
    legend = figure_legend(chart.legend, chart.legend_title)
    assert legend[0].children == chart.legend_title
    for entry in legend[1:]:
        decoration, name = entry.children
        assert decoration.to_plotly_json()["props"]["aria-hidden"] == "true"
        assert isinstance(name, str) and name  # the meaning is in words, not in colour
