"""The Gantt figure, checked on its data: bars, markers, colours, rows, hover, dependencies."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from veikart.figures.gantt import (
    FLAG_STYLE,
    KIND_SYMBOLS,
    STATUS_COLORS,
    TEXT_ROW_LIMIT,
    dependency_chain,
    gantt_figure,
    phase_colors,
    with_hover_texts,
)
from veikart.figures.options import FigureOptions
from veikart.filters import Filters, filter_frames
from veikart.frames import roadmap_frames
from veikart.roadmap.load import load_text
from veikart.roadmap.periods import Quarter
from veikart.roadmap.synthetic import synthetic_roadmap_yaml

ROADMAP = """
roadmap: {title: Testveikart, start: 2022-Q1, end: 2024-Q4, updated: 2022-06-01}
phases:
  - {id: konsept, name: Konsept}
  - {id: utproving, name: Utprøving}
areas:
  - {id: kj, name: Kjernejournal, color: "#1f6f8b"}
  - {id: er, name: E-resept}
services:
  - {id: kj-api, name: Kjernejournal API, area: kj}
  - {id: pll, name: Pasientens legemiddelliste, area: er, critical: true}
  - {id: sfm, name: SFM, area: er}
deliverables:
  - {id: kj-1, service: kj-api, title: Første API, start: 2022-Q1, end: 2023-Q2, status: available,
     phase: konsept, flags: [geographic-variation, attention]}
  - {id: kj-2, service: kj-api, title: "<script>alert(1)</script> API", start: 2023-Q3, end: 2024-Q2,
     status: planning, depends_on: [kj-1]}
  - {id: pll-1, service: pll, title: Utprøving PLL, start: 2022-Q2, end: 2023-Q4, status: establishing,
     phase: utproving, depends_on: [kj-1]}
  - {id: pll-b, service: pll, title: Beslutte innføring, at: 2024-Q1, kind: decision, depends_on: [pll-1]}
  - {id: sfm-m, service: sfm, title: SFM i drift, at: 2023-Q2, status: available}
  - {id: sfm-1, service: sfm, title: SFM uten status, start: 2022-Q1, end: 2022-Q4}
"""


@pytest.fixture(scope="module")
def frames():
    result = load_text(ROADMAP)
    assert result.roadmap is not None, [str(p) for p in result.problems.errors]
    return roadmap_frames(result.roadmap)


def options(**changes) -> FigureOptions:
    return FigureOptions(**{"today": dt.date(2023, 5, 15), **changes})


def bars(figure: go.Figure) -> dict[str, go.Bar]:
    """The deliverable bar traces by name (the row band trace has no legend entry)."""
    return {tr.name: tr for tr in figure.data if tr.type == "bar" and tr.name != "rows"}


def markers(figure: go.Figure, name: str) -> go.Scatter:
    (trace,) = [tr for tr in figure.data if tr.type == "scatter" and tr.name == name and tr.x[0] is not None]
    return trace


def ms(day: str) -> int:
    return int(pd.Timestamp(day).value // 1_000_000)


def test_one_bar_trace_per_status_with_the_contract_labels_and_colours(frames):
    figure = gantt_figure(frames, options())
    by_name = bars(figure)
    assert set(by_name) == {
        "Tilgjengelig funksjonalitet",
        "Funksjonalitet under etablering",
        "Funksjonalitet i konsept eller planlegging",
        "Uten status",
    }
    assert by_name["Tilgjengelig funksjonalitet"].marker.color == STATUS_COLORS["available"]
    assert by_name["Funksjonalitet under etablering"].marker.color == STATUS_COLORS["establishing"]
    assert by_name["Funksjonalitet i konsept eller planlegging"].marker.color == STATUS_COLORS["planning"]
    assert by_name["Uten status"].marker.color == STATUS_COLORS[None]
    # period deliverables only: 4 bars, milestones are markers
    assert sum(len(tr.x) for tr in by_name.values()) == 4


def test_bars_start_at_the_first_day_and_end_after_the_last_day(frames):
    available = bars(gantt_figure(frames, options()))["Tilgjengelig funksjonalitet"]
    (start,) = available.base
    (length,) = available.x
    assert start == ms("2022-01-01")
    assert start + length == ms("2023-07-01")  # end 2023-Q2 is inclusive: the bar ends 1 July


def test_rows_follow_area_then_service_order_with_area_headings(frames):
    figure = gantt_figure(frames, options())
    labels = list(figure.layout.yaxis.ticktext)
    assert labels[0] == "<b>Kjernejournal</b>"
    assert labels[1] == "Kjernejournal API"
    assert labels[2] == "<b>E-resept</b>"
    assert labels[3].startswith("Pasientens legemiddelliste")
    assert labels[4] == "SFM"
    # the y axis runs top-down, so row 0 is at the top
    assert figure.layout.yaxis.range[0] > figure.layout.yaxis.range[1]


def test_critical_services_are_marked_and_in_the_legend(frames):
    figure = gantt_figure(frames, options())
    labels = list(figure.layout.yaxis.ticktext)
    assert "●" in labels[3] and "●" not in labels[1]
    assert any(tr.name == "Kritisk linje" for tr in figure.data)


def test_overlapping_deliverables_get_separate_lanes(frames):
    figure = gantt_figure(frames, options())
    # sfm-1 (2022) and the milestone (2023-Q2) do not overlap: they share a lane
    assert bars(figure)["Uten status"].y[0] == markers(figure, "Milepæl").y[0]
    overlapping = (
        ROADMAP
        + """
  - {id: sfm-2, service: sfm, title: Overlapper, start: 2022-Q2, end: 2022-Q3, status: available}
"""
    )
    more = roadmap_frames(load_text(overlapping).roadmap)
    lanes = gantt_figure(more, options())
    sfm_1 = bars(lanes)["Uten status"].y[0]
    available = bars(lanes)["Tilgjengelig funksjonalitet"]
    sfm_2 = available.y[list(more.deliverables.loc[list(available.customdata), "id"]).index("sfm-2")]
    assert sfm_2 == sfm_1 + 1


def test_milestones_and_decisions_have_distinct_markers_at_their_quarter(frames):
    figure = gantt_figure(frames, options())
    milestone = markers(figure, "Milepæl")
    decision = markers(figure, "Beslutning")
    assert milestone.marker.symbol == KIND_SYMBOLS["milestone"]
    assert decision.marker.symbol == KIND_SYMBOLS["decision"]
    assert milestone.marker.symbol != decision.marker.symbol
    (x,) = decision.x
    assert ms("2024-01-01") < x < ms("2024-04-01")
    assert list(milestone.marker.color) == [STATUS_COLORS["available"]]


def test_flags_are_symbols_with_a_legend_entry_each(frames):
    figure = gantt_figure(frames, options())
    for flag in ("geographic-variation", "attention"):
        (trace,) = [tr for tr in figure.data if tr.legendgroup == f"flag-{flag}"]
        assert trace.marker.symbol == FLAG_STYLE[flag][0]
        assert len(trace.x) == 1
        assert trace.x[0] > ms("2023-07-01")  # after the bar's end
    assert not [tr for tr in figure.data if tr.legendgroup == "flag-content-dependent"]


def test_hover_has_title_service_period_status_phase_flags_and_dependencies(frames):
    figure = gantt_figure(frames, options())
    available = bars(figure)["Tilgjengelig funksjonalitet"]
    (text,) = available.hovertext
    assert "<b>Første API</b>" in text
    assert "Kjernejournal API · 2022 K1–2023 K2" in text
    assert "Status: Tilgjengelig funksjonalitet" in text
    assert "Fase: Konsept" in text
    assert "Flagg: Geografisk variasjon, Krever oppmerksomhet (!)" in text
    assert "Grunnlag for:" in text and "Utprøving PLL" in text


def test_text_from_yaml_is_escaped_in_hover_and_on_bars(frames):
    figure = gantt_figure(frames, options())
    planning = bars(figure)["Funksjonalitet i konsept eller planlegging"]
    assert "<script>" not in planning.hovertext[0]
    assert "&lt;script&gt;" in planning.hovertext[0]
    assert all("<script>" not in str(t) for t in planning.text)


def test_customdata_points_back_to_the_deliverable_rows(frames):
    figure = gantt_figure(frames, options())
    for trace in bars(figure).values():
        for row in trace.customdata:
            assert frames.deliverables.loc[row, "id"]
    establishing = bars(figure)["Funksjonalitet under etablering"]
    assert frames.deliverables.loc[establishing.customdata[0], "id"] == "pll-1"


def test_colour_by_phase_uses_one_trace_per_phase(frames):
    figure = gantt_figure(frames, options(color_by="phase"))
    by_name = bars(figure)
    assert set(by_name) == {"Konsept", "Utprøving", "Fase ukjent"}
    assert by_name["Konsept"].marker.color == phase_colors(frames)["konsept"]


def test_dependencies_are_one_line_trace_with_none_separators(frames):
    assert not [tr for tr in gantt_figure(frames, options()).data if tr.legendgroup == "dependencies"]
    figure = gantt_figure(frames, options(show_dependencies=True))
    (trace,) = [tr for tr in figure.data if tr.legendgroup == "dependencies"]
    assert len(trace.x) == 3 * len(frames.dependencies)
    assert list(trace.x[2::3]) == [None] * len(frames.dependencies)
    assert trace.marker.symbol == "arrow"
    assert not figure.layout.shapes or len(figure.layout.shapes) < 10  # never a shape per arrow


def test_selected_deliverable_highlights_its_chain_and_dims_the_rest(frames):
    assert dependency_chain(frames, "pll-1") == {"kj-1", "pll-1", "pll-b"}
    figure = gantt_figure(frames, options(show_dependencies=True, selected="pll-1"))
    dependency_traces = [tr for tr in figure.data if tr.legendgroup == "dependencies"]
    assert len(dependency_traces) == 2  # the chain, drawn over the others
    highlighted = dependency_traces[1]
    assert len(highlighted.x) == 3 * 2  # kj-1 -> pll-1 -> pll-b
    planning = bars(figure)["Funksjonalitet i konsept eller planlegging"]  # kj-2: not in the chain
    assert list(planning.marker.opacity) == [pytest.approx(0.22)]
    establishing = bars(figure)["Funksjonalitet under etablering"]
    assert list(establishing.marker.line.width) == [3.0]


def test_quarter_grid_with_year_labels_and_a_today_line(frames):
    figure = gantt_figure(frames, options())
    assert list(figure.layout.xaxis.ticktext[:4]) == ["1. kv", "2. kv", "3. kv", "4. kv"]
    years = [a.text for a in figure.layout.annotations if a.text and a.text.startswith("<b>")]
    assert years == ["<b>2022</b>", "<b>2023</b>", "<b>2024</b>"]
    assert any(a.text == "I dag" for a in figure.layout.annotations)
    assert not any(
        a.text == "I dag" for a in gantt_figure(frames, options(today=dt.date(2030, 1, 1))).layout.annotations
    )


def test_english_labels(frames):
    figure = gantt_figure(frames, options(lang="en"))
    assert "Available functionality" in bars(figure)
    assert figure.layout.xaxis.ticktext[0] == "Q1"


def test_time_window_sets_the_x_range(frames):
    figure = gantt_figure(frames, options(start=Quarter(2023, 1), end=Quarter(2023, 4)))
    low, high = (pd.Timestamp(v) for v in figure.layout.xaxis.range)
    assert low == pd.Timestamp("2023-01-01") and high == pd.Timestamp("2024-01-01")
    assert len(figure.layout.xaxis.ticktext) == 4


def test_filtered_frames_draw_only_what_is_shown(frames):
    shown = filter_frames(frames, Filters(status=("available",)))
    figure = gantt_figure(shown, options())
    assert set(bars(figure)) == {"Tilgjengelig funksjonalitet"}


def test_no_deliverables_shows_a_message(frames):
    empty = filter_frames(frames, Filters(q="finnes ikke"))
    figure = gantt_figure(empty, options())
    assert any(a.text == "Ingen leveranser passer filtrene" for a in figure.layout.annotations)


def test_figure_is_valid_plotly(frames):
    # The builder skips plotly's validation for speed; validate the result here.
    for opts in (
        options(),
        options(show_dependencies=True, selected="pll-1", color_by="phase"),
        options(static=True),
    ):
        go.Figure(gantt_figure(frames, opts).to_dict())


def test_precomputed_hover_texts_give_the_same_figure(frames):
    plain = gantt_figure(frames, options())
    prepared = gantt_figure(with_hover_texts(frames), options())
    for a, b in zip(bars(plain).values(), bars(prepared).values(), strict=True):
        assert list(a.hovertext) == list(b.hovertext)


def test_static_figures_have_a_title_and_no_hover(frames):
    figure = gantt_figure(frames, options(static=True))
    assert "Testveikart" in figure.layout.title.text
    assert all(tr.hoverinfo == "skip" for tr in bars(figure).values())


@pytest.mark.parametrize("n_services", [5, 300])
def test_row_height_and_fonts_stay_legible(n_services):
    result = load_text(synthetic_roadmap_yaml(n_services * 3, n_services=n_services))
    frames = roadmap_frames(result.roadmap)
    figure = gantt_figure(frames, options())
    rows = len(figure.layout.yaxis.tickvals)
    assert figure.layout.yaxis.tickfont.size >= 10
    assert figure.layout.height >= 14 * rows  # the figure grows with its rows: the page scrolls
    assert figure.layout.height <= 40 * rows + 400


def test_thousands_of_bars_carry_no_text():
    result = load_text(synthetic_roadmap_yaml(1000))
    frames = roadmap_frames(result.roadmap)
    assert len(frames.deliverables) > TEXT_ROW_LIMIT
    figure = gantt_figure(frames, options())
    for trace in bars(figure).values():
        assert trace.text is None
    assert sum(len(tr.x) for tr in bars(figure).values()) == int((~frames.deliverables["is_milestone"]).sum())
    n = np.concatenate([np.asarray(tr.customdata) for tr in figure.data if tr.customdata is not None])
    assert len(n) == len(frames.deliverables)


def _rows(figure: go.Figure) -> int:
    low, high = figure.layout.yaxis.range
    return round(low - high)


def test_fixed_size_image_of_a_dense_roadmap_keeps_one_legible_row_per_service(bundled_frames):
    figure = gantt_figure(bundled_frames, FigureOptions(static=True, width=1920, height=1080))
    n_areas = bundled_frames.services["area"].nunique()
    assert _rows(figure) == n_areas + len(bundled_frames.services)
    assert all(trace.text is None for trace in figure.data)  # titles live on the per-area slides
    assert figure.layout.font.size >= 11


def test_fixed_size_image_of_one_area_keeps_titles_at_slide_size(bundled_frames):
    area = filter_frames(bundled_frames, Filters(area=("kjernejournal",)))
    figure = gantt_figure(area, FigureOptions(static=True, width=1920, height=1080))
    assert _rows(figure) > 1 + len(area.services)  # overlapping deliverables get their own lanes
    assert any(trace.text is not None for trace in figure.data if trace.type == "bar")
    assert figure.layout.font.size >= 14


def test_a_milestone_label_never_runs_into_the_next_item_of_its_lane():
    """A milestone written as a year spans a wide year, yet its title is drawn beside the marker."""
    text = ROADMAP.replace(
        "  - {id: sfm-m, service: sfm, title: SFM i drift, at: 2023-Q2, status: available}",
        "  - {id: sfm-m, service: sfm, title: Nasjonale veiledere klare, at: 2023, status: available}\n"
        "  - {id: sfm-d, service: sfm, title: Beslutte videre, at: 2023-Q4, kind: decision}",
    )
    shown = roadmap_frames(load_text(text).roadmap)
    figure = gantt_figure(shown, FigureOptions(static=True, width=1920, height=1080))
    y_of = {}
    for trace in figure.data:
        if trace.type == "scatter" and trace.customdata is not None:
            for row, y in zip(trace.customdata, trace.y, strict=True):
                y_of[shown.deliverables.loc[row, "id"]] = y
    assert y_of["sfm-m"] != y_of["sfm-d"]
