"""The Gantt figure, checked on its data: bars, markers, colours, rows, hover, dependencies.

`gantt_figure` returns a plain dict; `drawn` validates it with plotly (the builder itself
skips validation for speed) and gives attribute access for the assertions.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from veikart.figures.gantt import dependency_chain, gantt_chart, gantt_figure
from veikart.figures.gantt_plan import LABEL_LIMIT
from veikart.figures.gantt_traces import DIM_OPACITY
from veikart.figures.options import FigureOptions
from veikart.figures.style import (
    CRITICAL_GLYPH,
    FLAG_STYLE,
    KIND_SYMBOLS,
    STATUS_COLORS,
    phase_colors,
)
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


def drawn(frames, opts: FigureOptions) -> go.Figure:
    """The figure, validated by plotly."""
    return go.Figure(gantt_figure(frames, opts))


def bars(figure: go.Figure) -> dict[str, go.Bar]:
    """The deliverable bar traces by name (the row band trace is called 'rows')."""
    return {tr.name: tr for tr in figure.data if tr.type == "bar" and tr.name != "rows"}


def markers(figure: go.Figure, name: str) -> go.Scatter:
    (trace,) = [tr for tr in figure.data if tr.type == "scatter" and tr.name == name and tr.x[0] is not None]
    return trace


def ms(day: str) -> int:
    return int(pd.Timestamp(day).value // 1_000_000)


def test_the_figure_is_a_plain_dict_that_plotly_accepts(frames):
    for opts in (
        options(),
        options(show_dependencies=True, selected="pll-1", color_by="phase"),
        options(static=True, width=1920, height=1080),
        options(fit_width=700, legend=False),
    ):
        figure = gantt_figure(frames, opts)
        assert isinstance(figure, dict) and set(figure) == {"data", "layout"}
        go.Figure(figure)  # raises on anything plotly would not draw


def test_one_bar_trace_per_status_with_the_contract_labels_and_colours(frames):
    by_name = bars(drawn(frames, options()))
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
    available = bars(drawn(frames, options()))["Tilgjengelig funksjonalitet"]
    (start,) = available.base
    (length,) = available.x
    assert start == ms("2022-01-01")
    assert start + length == ms("2023-07-01")  # end 2023-Q2 is inclusive: the bar ends 1 July


def test_rows_follow_area_then_service_order_with_area_headings(frames):
    figure = drawn(frames, options())
    labels = list(figure.layout.yaxis.ticktext)
    assert labels[0] == "<b>Kjernejournal</b>"
    assert labels[1] == "Kjernejournal API"
    assert labels[2] == "<b>E-resept</b>"
    assert labels[3].startswith("Pasientens legemiddelliste")
    assert labels[4] == "SFM"
    # the y axis runs top-down, so row 0 is at the top
    assert figure.layout.yaxis.range[0] > figure.layout.yaxis.range[1]


def test_critical_services_carry_the_one_critical_symbol_and_a_legend_entry(frames):
    chart = gantt_chart(frames, options())
    labels = list(go.Figure(chart.figure).layout.yaxis.ticktext)
    assert CRITICAL_GLYPH in labels[3] and CRITICAL_GLYPH not in labels[1]
    (critical,) = [item for item in chart.legend if item.group == "critical"]
    assert (critical.symbol, critical.glyph) == ("circle", CRITICAL_GLYPH)


def test_overlapping_deliverables_get_separate_lanes(frames):
    plan = gantt_chart(frames, options()).plan
    y = dict(zip(frames.deliverables["id"], plan.y, strict=True))
    # sfm-1 (2022) and the milestone (2023-Q2) do not overlap: they share a lane
    assert y["sfm-1"] == y["sfm-m"]
    overlapping = ROADMAP + (
        "  - {id: sfm-2, service: sfm, title: Overlapper, start: 2022-Q2, end: 2022-Q3, status: available}\n"
    )
    more = roadmap_frames(load_text(overlapping).roadmap)
    lanes = dict(zip(more.deliverables["id"], gantt_chart(more, options()).plan.y, strict=True))
    assert lanes["sfm-2"] == lanes["sfm-1"] + 1


def test_milestones_and_decisions_have_distinct_markers_at_their_quarter(frames):
    figure = drawn(frames, options())
    milestone = markers(figure, "Milepæl")
    decision = markers(figure, "Beslutning")
    assert milestone.marker.symbol == KIND_SYMBOLS["milestone"]
    assert decision.marker.symbol == KIND_SYMBOLS["decision"]
    (x,) = decision.x
    assert ms("2024-01-01") < x < ms("2024-04-01")
    assert list(milestone.marker.color) == [STATUS_COLORS["available"]]


def test_flags_sit_right_at_the_end_of_their_bar_at_a_legible_size(frames):
    chart = gantt_chart(frames, options())
    figure = go.Figure(chart.figure)
    for flag in ("geographic-variation", "attention"):
        (trace,) = [tr for tr in figure.data if tr.legendgroup == f"flag-{flag}" and tr.x[0] is not None]
        assert trace.marker.symbol == FLAG_STYLE[flag][0]
        assert trace.marker.color == FLAG_STYLE[flag][1]
        assert trace.marker.size >= 12
        (x,) = trace.x
        assert x > ms("2023-07-01")  # after the bar's end (1 July 2023)
    plan = chart.plan
    size = plan.sizes.flag
    for item, x in zip(plan.flag_item, plan.flag_x, strict=True):
        # beside the bar's end, the second one beside the first: never detached
        assert 0 < x - size / 2 - plan.right[item] <= 2 * (size + 2) + 3
    assert not [tr for tr in figure.data if tr.legendgroup == "flag-content-dependent"]


def test_flags_differ_in_shape_and_in_colour():
    shapes = [symbol for symbol, _ in FLAG_STYLE.values()]
    colours = [colour for _, colour in FLAG_STYLE.values()]
    assert len(set(shapes)) == len(shapes) and len(set(colours)) == len(colours)
    assert not set(colours) & set(STATUS_COLORS.values())


def test_hover_has_title_service_period_status_phase_flags_and_dependencies(frames):
    available = bars(drawn(frames, options()))["Tilgjengelig funksjonalitet"]
    (text,) = available.hovertext
    assert "<b>Første API</b>" in text
    assert "Kjernejournal API · 2022 K1–2023 K2" in text
    assert "Status: Tilgjengelig funksjonalitet" in text
    assert "Fase: Konsept" in text
    assert "Flagg: Geografisk variasjon, Krever oppmerksomhet (!)" in text
    assert "Grunnlag for:" in text and "Utprøving PLL" in text


def test_a_filtered_view_builds_its_own_hover_and_counts_what_it_hides(frames):
    shown = filter_frames(frames, Filters(service=("pll",)))
    establishing = bars(drawn(shown, options()))["Funksjonalitet under etablering"]
    (text,) = establishing.hovertext
    assert "Avhenger av: 1 utenfor utvalget" in text  # kj-1 is filtered away


def test_text_from_yaml_is_escaped_in_hover_and_titles(frames):
    figure = drawn(frames, options())
    planning = bars(figure)["Funksjonalitet i konsept eller planlegging"]
    assert "<script>" not in planning.hovertext[0]
    assert "&lt;script>alert(1)&lt;/script> API" in planning.hovertext[0]
    (titles,) = [tr for tr in figure.data if tr.name == "titles"]
    assert "&lt;script>alert(1)&lt;/script> API" in titles.text


def test_customdata_points_back_to_the_deliverable_rows(frames):
    figure = drawn(frames, options())
    for trace in bars(figure).values():
        for row in trace.customdata:
            assert frames.deliverables.loc[row, "id"]
    establishing = bars(figure)["Funksjonalitet under etablering"]
    assert frames.deliverables.loc[establishing.customdata[0], "id"] == "pll-1"


def test_colour_by_phase_uses_one_trace_per_phase(frames):
    by_name = bars(drawn(frames, options(color_by="phase")))
    assert set(by_name) == {"Konsept", "Utprøving", "Fase ukjent"}
    assert by_name["Konsept"].marker.color == phase_colors(frames.phases["id"])["konsept"]


def test_dependencies_are_one_line_trace_with_none_separators(frames):
    def arrows(figure: go.Figure) -> list[go.Scatter]:
        return [tr for tr in figure.data if tr.legendgroup == "dependencies" and tr.mode == "lines+markers"]

    assert not arrows(drawn(frames, options()))
    figure = drawn(frames, options(show_dependencies=True))
    (trace,) = arrows(figure)
    assert len(trace.x) == 3 * len(frames.dependencies)
    assert list(trace.x[2::3]) == [None] * len(frames.dependencies)
    assert trace.marker.symbol == "arrow"
    assert not figure.layout.shapes or len(figure.layout.shapes) < 10  # never a shape per arrow


def test_arrows_end_on_the_edges_of_bars_and_markers_not_on_titles(frames):
    chart = gantt_chart(frames, options(show_dependencies=True))
    plan = chart.plan
    (trace,) = [tr for tr in chart.figure["data"] if tr.get("mode") == "lines+markers"]
    index = {d: i for i, d in enumerate(frames.deliverables["id"])}
    edges = zip(frames.dependencies["source"], frames.dependencies["target"], strict=True)
    for k, (source, target) in enumerate(edges):
        start_px = (trace["x"][3 * k] - plan.ms(0)) / (plan.ms(1) - plan.ms(0))
        end_px = (trace["x"][3 * k + 1] - plan.ms(0)) / (plan.ms(1) - plan.ms(0))
        assert start_px == pytest.approx(plan.right[index[source]] + 1, abs=0.01)
        assert end_px == pytest.approx(plan.left[index[target]] - 1, abs=0.01)
        t = index[target]
        if plan.label[t] and not plan.label_inside[t]:
            assert not plan.label_x[t] <= end_px <= plan.label_x[t] + 1  # the head is off the title


def test_selected_deliverable_highlights_its_chain_and_dims_the_rest_with_readable_titles(frames):
    assert dependency_chain(frames, "pll-1") == {"kj-1", "pll-1", "pll-b"}
    figure = drawn(frames, options(show_dependencies=True, selected="pll-1"))
    dependency_traces = [tr for tr in figure.data if tr.legendgroup == "dependencies" and tr.mode]
    arrows = [tr for tr in dependency_traces if tr.mode == "lines+markers"]
    assert len(arrows) == 2  # the chain, drawn over the others
    assert len(arrows[1].x) == 3 * 2  # kj-1 -> pll-1 -> pll-b
    planning = bars(figure)["Funksjonalitet i konsept eller planlegging"]  # kj-2: not in the chain
    assert list(planning.marker.opacity) == [pytest.approx(DIM_OPACITY)]
    establishing = bars(figure)["Funksjonalitet under etablering"]
    assert list(establishing.marker.line.width) == [3.0]
    # a dimmed bar is pale: its title is drawn in dark ink, never white
    (titles,) = [tr for tr in figure.data if tr.name == "titles"]
    colour = dict(zip(titles.text, titles.textfont.color, strict=True))
    assert colour["&lt;script>alert(1)&lt;/script> API"] != "#ffffff"


def test_quarter_grid_with_year_labels_and_today_and_updated_marked_at_the_top(frames):
    figure = drawn(frames, options())
    assert list(figure.layout.xaxis.ticktext[:4]) == ["1. kv", "2. kv", "3. kv", "4. kv"]
    years = [a.text for a in figure.layout.annotations if a.text and a.text.startswith("<b>")]
    assert years == ["<b>2022</b>", "<b>2023</b>", "<b>2024</b>"]
    marks = {a.text: a for a in figure.layout.annotations if a.text in ("I dag", "Oppdatert")}
    assert set(marks) == {"I dag", "Oppdatert"}
    assert all(a.y == 1 and a.yanchor == "bottom" for a in marks.values())  # above the plot
    later = drawn(frames, options(today=dt.date(2030, 1, 1)))
    assert not any(a.text == "I dag" for a in later.layout.annotations)


def test_years_are_repeated_in_every_heading_band_below_the_top(frames):
    figure = drawn(frames, options())
    (years,) = [tr for tr in figure.data if tr.name == "years"]
    assert sorted(set(years.text)) == ["2022", "2023", "2024"]
    assert len(years.text) == 3  # one heading band below the top: E-resept


def test_english_labels(frames):
    figure = drawn(frames, options(lang="en"))
    assert "Available functionality" in bars(figure)
    assert figure.layout.xaxis.ticktext[0] == "Q1"


def test_time_window_sets_the_x_range(frames):
    figure = drawn(frames, options(start=Quarter(2023, 1), end=Quarter(2023, 4)))
    low, high = (pd.Timestamp(v) for v in figure.layout.xaxis.range)
    assert low == pd.Timestamp("2023-01-01") and high == pd.Timestamp("2024-01-01")
    assert len(figure.layout.xaxis.ticktext) == 4


def test_filtered_frames_draw_only_what_is_shown(frames):
    shown = filter_frames(frames, Filters(status=("available",)))
    assert set(bars(drawn(shown, options()))) == {"Tilgjengelig funksjonalitet"}


def test_no_deliverables_shows_a_message(frames):
    empty = filter_frames(frames, Filters(q="finnes ikke"))
    figure = drawn(empty, options())
    assert any(a.text == "Ingen leveranser passer filtrene" for a in figure.layout.annotations)


def test_static_figures_have_a_title_and_no_hover(frames):
    figure = drawn(frames, options(static=True))
    assert "Testveikart" in figure.layout.title.text
    assert all(tr.hoverinfo == "skip" for tr in bars(figure).values())


def test_the_legend_entries_are_what_is_drawn(frames):
    chart = gantt_chart(frames, options(show_dependencies=True))
    groups = [item.group for item in chart.legend]
    assert groups == [
        "color-available",
        "color-establishing",
        "color-planning",
        "color-",
        "kind-milestone",
        "kind-decision",
        "flag-geographic-variation",
        "flag-attention",
        "critical",
        "dependencies",
    ]
    assert chart.legend_title == "Status"
    assert chart.legend[0].name == "Tilgjengelig funksjonalitet"  # plain text, for HTML legends


@pytest.mark.parametrize("n_services", [5, 300])
def test_row_height_and_fonts_stay_legible(n_services):
    frames = roadmap_frames(load_text(synthetic_roadmap_yaml(n_services * 3, n_services=n_services)).roadmap)
    figure = drawn(frames, options())
    rows = len(figure.layout.yaxis.tickvals)
    assert figure.layout.yaxis.tickfont.size >= 11
    assert figure.layout.xaxis.tickfont.size >= 11
    assert figure.layout.height >= 18 * rows  # the figure grows with its rows: the page scrolls
    assert figure.layout.height <= 60 * rows + 400


def test_thousands_of_bars_carry_no_titles():
    frames = roadmap_frames(load_text(synthetic_roadmap_yaml(1000)).roadmap)
    assert len(frames.deliverables) > LABEL_LIMIT
    figure = gantt_figure(frames, options())
    assert not [tr for tr in figure["data"] if tr.get("name") == "titles"]
    bar_traces = [tr for tr in figure["data"] if tr["type"] == "bar" and tr["name"] != "rows"]
    assert sum(len(tr["x"]) for tr in bar_traces) == int((~frames.deliverables["is_milestone"]).sum())
    n = np.concatenate([np.asarray(tr["customdata"]) for tr in figure["data"] if "customdata" in tr])
    assert len(n) == len(frames.deliverables)


def test_a_fixed_size_image_of_the_whole_roadmap_is_an_overview_with_a_row_per_service(bundled_frames):
    chart = gantt_chart(bundled_frames, FigureOptions(static=True, width=1920, height=1080))
    plan = chart.plan
    n_areas = bundled_frames.services["area"].nunique()
    assert plan.mode == "overview"
    assert plan.units == n_areas + len(bundled_frames.services)
    assert not [tr for tr in chart.figure["data"] if tr.get("name") == "titles"]
    # overlapping deliverables of a service get thin sub-lanes of its one row, never hide each other
    d = bundled_frames.deliverables
    for service, rows in d.groupby("service").groups.items():
        ys = plan.y[rows]
        assert len(set(zip(ys, d.loc[rows, "start"], strict=True))) == len(rows), service
    assert chart.figure["layout"]["font"]["size"] >= 11
    assert plan.height <= 1080


def test_a_fixed_size_image_of_one_area_keeps_every_title_at_slide_size(bundled_frames):
    area = filter_frames(bundled_frames, Filters(area=("kjernejournal",)))
    plan = gantt_chart(area, FigureOptions(static=True, width=1920, height=1080)).plan
    assert plan.mode == "titled" and plan.all_titled
    assert plan.sizes.label_font >= 12
    assert plan.height <= 1080


# --- the row plan: where titles go -------------------------------------------------------


def _title_boxes(frames, plan):
    """Each drawn title as (lane y, left, right) in px, with the extent of every item body."""
    from veikart.figures.text import text_width

    boxes = []
    for i, text in enumerate(plan.label):
        if text:
            boxes.append(
                (plan.y[i], plan.label_x[i], plan.label_x[i] + text_width(text, plan.sizes.label_font), i)
            )
    return boxes


@pytest.mark.parametrize("width", [1860, 964, 708, 560])
@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(area=("e-resept",)),
        Filters(critical=True, start=Quarter(2022, 1), end=Quarter(2023, 4)),
    ],
)
def test_titles_fit_the_plot_never_collide_and_light_ones_stay_on_their_bar(bundled_frames, width, filters):
    shown = filter_frames(bundled_frames, filters)
    chart = gantt_chart(shown, options(fit_width=width, legend=False, start=filters.start, end=filters.end))
    plan = chart.plan
    assert plan.titled == int(plan.shown.sum())  # every deliverable in the window is titled
    boxes = _title_boxes(shown, plan)
    for _, left, right, i in boxes:
        assert left >= -0.5 and right <= plan.plot_px + 0.5, shown.deliverables["title"].iloc[i]
        if plan.label_inside[i]:
            assert plan.left[i] <= left and right <= plan.right[i] + 0.5
    # no title covers another item's bar or marker of its lane, nor another title there
    for y, left, right, i in boxes:
        same_lane = np.isclose(plan.y, y) & plan.shown
        for j in np.flatnonzero(same_lane):
            if j != i:
                assert right <= plan.left[j] or left >= plan.right[j], (i, j)
        for y2, left2, right2, j in boxes:
            if j != i and np.isclose(y, y2):
                assert right <= left2 or right2 <= left, (i, j)
    # fonts stay legible at every width
    assert plan.sizes.label_font >= 11 and plan.sizes.font >= 11


def test_a_bar_starting_before_the_window_has_its_title_pinned_to_the_left_edge(bundled_frames):
    filters = Filters(critical=True, start=Quarter(2022, 1), end=Quarter(2023, 4))
    shown = filter_frames(bundled_frames, filters)
    plan = gantt_chart(shown, options(fit_width=1024, start=filters.start, end=filters.end)).plan
    early = (shown.deliverables["start"] < pd.Timestamp("2022-01-01")).to_numpy()
    assert early.any()
    for i in np.flatnonzero(early & plan.label_inside):
        assert plan.left[i] == 0 and plan.label_x[i] == pytest.approx(4)


def test_a_milestone_title_uses_the_room_it_has(frames):
    long = "Programstyret behandler oppstart av innbyggertjenestene for prøvesvar"
    text = ROADMAP.replace("title: SFM i drift, at: 2023-Q2", f"title: {long}, at: 2023-Q2")
    shown = roadmap_frames(load_text(text).roadmap)
    plan = gantt_chart(shown, options(fit_width=1600)).plan
    i = list(shown.deliverables["id"]).index("sfm-m")
    assert plan.label[i] == long  # far more than 28 characters, since there is room
    narrow = gantt_chart(shown, options(fit_width=600)).plan
    assert narrow.label[i] and narrow.label[i].endswith("…")  # shortened to its room, not dropped
