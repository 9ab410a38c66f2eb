"""The phase overview and phase bands figures, asserted on their data (no browser)."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import textwrap
from collections import Counter

import pandas as pd
import plotly.graph_objects as go
import pytest

from veikart.figures import phase_bands as bands_module
from veikart.figures import phases as overview_module
from veikart.figures.options import FigureOptions
from veikart.figures.phase_bands import phase_bands
from veikart.figures.phases import moved_services, overview_columns, overview_quarter
from veikart.figures.style import CRITICAL_GLYPH, CRITICAL_SYMBOL
from veikart.figures.text import text_width
from veikart.filters import Filters, filter_frames
from veikart.frames import UNKNOWN_PHASE, RoadmapFrames, roadmap_frames
from veikart.roadmap.load import load_text
from veikart.roadmap.periods import Quarter
from veikart.roadmap.synthetic import synthetic_roadmap_yaml

ROADMAP = """
roadmap:
  title: Test
  start: 2022-Q1
  end: 2023-Q4
phases:
  - {id: konsept, name: Konsept, goal: Oppslutning om konsept}
  - {id: nasjonal, name: Nasjonal tilrettelegging, goal: Nasjonal tjeneste er operativ}
  - {id: tjenesten, name: Tilrettelegging i tjenesten}
  - {id: endring, name: Endring i virksomhetene}
  - {id: i-bruk, name: Ny praksis i bruk}
areas:
  - {id: kj, name: Kjernejournal, color: "#a63d40"}
  - {id: er, name: E-resept}
services:
  - {id: mover, name: Flytter seg, area: kj, critical: true}
  - {id: steady, name: Står stille, area: er, phase: endring}
  - {id: nophase, name: Uten fase, area: er}
deliverables:
  - {id: m1, service: mover, title: a, start: 2022-Q1, end: 2022-Q2, phase: konsept}
  - {id: m2, service: mover, title: b, start: 2022-Q3, end: 2023-Q4, phase: tjenesten}
  - {id: s1, service: steady, title: a, start: 2022-Q1, end: 2022-Q4}
  - {id: n1, service: nophase, title: a, start: 2022-Q1, end: 2022-Q4}
"""


def frames_of(text: str, lang: str = "nb") -> RoadmapFrames:
    result = load_text(textwrap.dedent(text))
    assert result.roadmap is not None, [str(p) for p in result.problems.sorted()]
    return roadmap_frames(result.roadmap, lang=lang)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def frames() -> RoadmapFrames:
    return frames_of(ROADMAP)


@pytest.fixture(scope="module")
def large() -> RoadmapFrames:
    result = load_text(synthetic_roadmap_yaml(3000, n_services=300))
    assert result.roadmap is not None
    return roadmap_frames(result.roadmap)


def phase_overview_figure(frames: RoadmapFrames, options: FigureOptions) -> go.Figure:
    """The overview, validated by plotly (the builder returns a plain dict)."""
    return go.Figure(overview_module.phase_overview_figure(frames, options))


def phase_bands_figure(frames: RoadmapFrames, options: FigureOptions) -> go.Figure:
    return go.Figure(bands_module.phase_bands_figure(frames, options))


def traces(fig: go.Figure, meta: str) -> list:
    return [trace for trace in fig.data if trace.meta == meta]


def card_columns(fig: go.Figure, meta: str = "cards") -> dict[str, int]:
    """Service id -> column index (0 = leftmost) of each card of the kind `meta`."""
    placed: dict[str, int] = {}
    for trace in traces(fig, meta):
        for base, data in zip(trace.base, trace.customdata, strict=True):
            assert data[0] not in placed, f"{data[0]} drawn twice"
            placed[data[0]] = math.floor(base)
    return placed


def column_index(fig_frames: RoadmapFrames, quarter: Quarter) -> dict[str, int]:
    return {c.phase: c.order for c in overview_columns(fig_frames, quarter)}


# --- columns and quarter ------------------------------------------------------------


def test_columns_are_the_unknown_group_then_the_value_chain(frames: RoadmapFrames) -> None:
    columns = overview_columns(frames, Quarter(2022, 1))
    assert [c.phase for c in columns] == [
        UNKNOWN_PHASE,
        "konsept",
        "nasjonal",
        "tjenesten",
        "endring",
        "i-bruk",
    ]
    assert columns[0].name == "Fase ukjent"
    assert columns[1].goal == "Oppslutning om konsept"
    assert columns[3].goal is None


def test_columns_hold_the_services_in_their_phase_at_the_quarter(frames: RoadmapFrames) -> None:
    by_phase = {c.phase: c.services for c in overview_columns(frames, Quarter(2022, 2))}
    assert by_phase["konsept"] == ("mover",)
    assert by_phase["endring"] == ("steady",)
    assert by_phase[UNKNOWN_PHASE] == ("nophase",)
    later = {c.phase: c.service_names for c in overview_columns(frames, Quarter(2022, 3))}
    assert later["tjenesten"] == ("Flytter seg",)
    assert later["konsept"] == ()


def test_no_unknown_column_when_every_service_always_has_a_phase(frames: RoadmapFrames) -> None:
    known = filter_frames(frames, Filters(service=("mover", "steady")))
    assert overview_columns(known, Quarter(2022, 1))[0].phase == "konsept"


def test_quarter_is_the_chosen_one_else_today_clamped_to_the_period(frames: RoadmapFrames) -> None:
    assert overview_quarter(frames, FigureOptions(at=Quarter(2023, 2))) == Quarter(2023, 2)
    assert overview_quarter(frames, FigureOptions(today=dt.date(2022, 8, 15))) == Quarter(2022, 3)
    assert overview_quarter(frames, FigureOptions(today=dt.date(2030, 1, 1))) == Quarter(2023, 4)
    assert overview_quarter(frames, FigureOptions(at=Quarter(2019, 1))) == Quarter(2022, 1)


def test_past_the_period_the_quarter_is_the_one_the_roadmap_was_updated_in() -> None:
    updated = frames_of(ROADMAP.replace("  end: 2023-Q4", "  end: 2023-Q4\n  updated: 2022-05-02"))
    assert overview_quarter(updated, FigureOptions(today=dt.date(2030, 1, 1))) == Quarter(2022, 2)
    assert overview_quarter(updated, FigureOptions(today=dt.date(2023, 2, 1))) == Quarter(2023, 1)


def test_movers_are_services_whose_phase_changed_since_the_quarter_before(frames: RoadmapFrames) -> None:
    assert moved_services(frames, Quarter(2022, 3)) == {"mover": "konsept"}
    assert moved_services(frames, Quarter(2022, 4)) == {}
    assert moved_services(frames, Quarter(2022, 1)) == {}  # nothing before the first quarter


# --- the overview figure ------------------------------------------------------------


def test_cards_sit_in_the_column_of_their_phase(frames: RoadmapFrames) -> None:
    fig = phase_overview_figure(frames, FigureOptions(at=Quarter(2022, 2)))
    index = column_index(frames, Quarter(2022, 2))
    assert card_columns(fig) == {
        "mover": index["konsept"],
        "steady": index["endring"],
        "nophase": index[UNKNOWN_PHASE],
    }
    later = phase_overview_figure(frames, FigureOptions(at=Quarter(2023, 4)))
    assert card_columns(later)["mover"] == index["tjenesten"]


def test_cards_are_grouped_in_one_trace_per_area_coloured_by_area(frames: RoadmapFrames) -> None:
    fig = phase_overview_figure(frames, FigureOptions(at=Quarter(2022, 2)))
    cards = traces(fig, "cards")
    assert [trace.name for trace in cards] == ["Kjernejournal", "E-resept"]
    assert cards[0].marker.line.color == "#a63d40"


def test_unknown_services_are_listed_apart_not_dropped(frames: RoadmapFrames) -> None:
    fig = phase_overview_figure(frames, FigureOptions(at=Quarter(2023, 4)))
    assert card_columns(fig)["nophase"] == 0
    headers = [a.text for a in fig.layout.annotations]
    assert "<b>Fase ukjent</b>" in headers


def test_columns_are_headed_by_phase_name_and_goal(frames: RoadmapFrames) -> None:
    fig = phase_overview_figure(frames, FigureOptions(at=Quarter(2022, 2)))
    texts = " ".join(a.text for a in fig.layout.annotations)
    for name in ("Konsept", "Nasjonal", "Ny praksis i bruk"):
        assert name in texts
    assert "Mål for fase: Oppslutning om konsept" in texts.replace("<br>", " ")


def test_movers_are_highlighted_with_a_ghost_of_the_old_place_and_an_arrow(frames: RoadmapFrames) -> None:
    fig = phase_overview_figure(frames, FigureOptions(at=Quarter(2022, 3)))
    index = column_index(frames, Quarter(2022, 3))
    assert card_columns(fig)["mover"] == index["tjenesten"]
    assert card_columns(fig, "ghosts") == {"mover": index["konsept"]}
    (moved,) = traces(fig, "moved")
    assert math.floor(moved.base[0]) == index["tjenesten"]
    assert moved.name == "Flyttet fase siden 2022 K2"
    (arrows,) = traces(fig, "arrows")
    xs = [x for x in arrows.x if x is not None]
    assert math.floor(xs[0]) == index["konsept"] and math.floor(xs[-1]) == index["tjenesten"]
    hover = next(trace for trace in traces(fig, "cards") if trace.name == "Kjernejournal").customdata[0]
    assert "Fra «Konsept» i 2022 K2" in hover


def test_quarters_without_moves_have_no_ghosts_or_arrows(frames: RoadmapFrames) -> None:
    fig = phase_overview_figure(frames, FigureOptions(at=Quarter(2022, 4)))
    assert not traces(fig, "ghosts") and not traces(fig, "moved") and not traces(fig, "arrows")


def test_critical_line_services_are_marked_with_the_one_critical_symbol(frames: RoadmapFrames) -> None:
    fig = phase_overview_figure(frames, FigureOptions(at=Quarter(2022, 2)))
    (critical,) = traces(fig, "critical")
    assert len(critical.x) == 1
    assert critical.name == "Kritisk linje"
    assert critical.marker.symbol == CRITICAL_SYMBOL


def test_labels_are_one_text_trace_not_annotations(frames: RoadmapFrames) -> None:
    fig = phase_overview_figure(frames, FigureOptions(at=Quarter(2022, 2)))
    (labels,) = traces(fig, "labels")
    assert sorted(labels.text) == ["Flytter seg", "Står stille", "Uten fase"]


def test_the_columns_end_under_the_fullest_column_of_the_quarter(bundled_frames: RoadmapFrames) -> None:
    for width in (1860, 964, 708):
        fig = phase_overview_figure(bundled_frames, FigureOptions(at=Quarter(2025, 4), fit_width=width))
        bottom = max(
            y + h / 2 for trace in traces(fig, "cards") for y, h in zip(trace.y, trace.width, strict=True)
        )
        assert fig.layout.yaxis.range[0] - bottom < 40, width  # no band of empty columns


def test_no_gap_between_the_legend_and_the_column_headers(bundled_frames: RoadmapFrames) -> None:
    for width in (1860, 964, 708):
        fig = phase_overview_figure(bundled_frames, FigureOptions(at=Quarter(2023, 2), fit_width=width))
        names = [trace.name for trace in fig.data if trace.showlegend]
        items = [44 + text_width(name, 12) for name in names]
        rows, x = 1, 0.0
        for item in items:
            if x and x + item > width - 30:
                rows, x = rows + 1, 0.0
            x += item
        assert fig.layout.margin.t <= 64 + rows * 29 + 20, width


def test_names_wrap_whole_words_or_at_syllables_never_cut(bundled_frames: RoadmapFrames) -> None:
    for width in (964, 708, 600):
        fig = phase_overview_figure(bundled_frames, FigureOptions(at=Quarter(2023, 2), fit_width=width))
        (labels,) = traces(fig, "labels")
        for text in labels.text:
            assert "…" not in text
        # every letter of every name is drawn: only spaces, line breaks and hyphens differ
        drawn = {_letters(t.replace("<b>", "").replace("</b>", "")) for t in labels.text}
        for name in bundled_frames.services["name"]:
            assert _letters(name) in drawn, (width, name)
        headers = [a.text for a in fig.layout.annotations if a.text.startswith("<b>")]
        assert all("…" not in h for h in headers)


def _letters(text: str) -> str:
    return text.replace("<br>", "").replace("-", "").replace(" ", "")


def test_english_labels(frames: RoadmapFrames) -> None:
    english = frames_of(ROADMAP, lang="en")
    fig = phase_overview_figure(english, FigureOptions(lang="en", at=Quarter(2022, 3)))
    assert fig.layout.title.text == "<b>Phase overview 2022 Q3</b>"
    assert "<b>Phase unknown</b>" in [a.text for a in fig.layout.annotations]


def test_a_filter_that_matches_nothing_gives_an_empty_but_valid_figure(frames: RoadmapFrames) -> None:
    empty = filter_frames(frames, Filters(q="finnes ikke"))
    fig = phase_overview_figure(empty, FigureOptions(at=Quarter(2022, 2)))
    assert not traces(fig, "cards")
    assert "Ingen tjenester passer filteret" in [a.text for a in fig.layout.annotations]
    bands = phase_bands_figure(empty, FigureOptions(at=Quarter(2022, 2)))
    assert "Ingen tjenester passer filteret" in [a.text for a in bands.layout.annotations]


def test_300_services_each_drawn_once_without_overlap_and_with_few_traces(large: RoadmapFrames) -> None:
    at = Quarter(2023, 2)
    fig = phase_overview_figure(large, FigureOptions(at=at, width=1900))
    placed = card_columns(fig)
    assert len(placed) == 300
    assert len(fig.data) < 25
    assert len(fig.layout.annotations) < 20  # column headers only: labels are traces
    boxes = [
        (b, b + w, y - h / 2, y + h / 2)
        for trace in traces(fig, "cards")
        for b, w, y, h in zip(trace.base, trace.x, trace.y, trace.width, strict=True)
    ]
    slots: dict[float, list[tuple[float, float]]] = {}
    for x0, x1, y0, y1 in boxes:
        # Cards in different slots of a column must not overlap sideways either.
        assert all(
            x1 <= other_x0 + 1e-9 or other_x1 <= x0 + 1e-9 for other_x0, other_x1 in slots if other_x0 != x0
        )
        slots.setdefault((x0, x1), []).append((y0, y1))
    for stacked in slots.values():
        stacked.sort()
        assert all(a1 <= b0 for (_, a1), (b0, _) in itertools.pairwise(stacked))
    # Wide columns share rows when crowded, so the figure stays a scrollable length.
    assert len({round(b, 6) for b, *_ in boxes}) > len({math.floor(b) for b, *_ in boxes})
    assert fig.layout.yaxis.range[0] == pytest.approx(fig.layout.height - fig.layout.margin.t - 16, abs=2)


# --- the phase bands figure ---------------------------------------------------------


def test_bands_cover_every_quarter_of_every_service_in_order(frames: RoadmapFrames) -> None:
    bands = phase_bands(frames)
    for service, rows in bands.groupby("service"):
        quarters = [
            q for first, last in zip(rows["first"], rows["last"], strict=True) for q in _span(first, last)
        ]
        assert quarters == frames.quarters, service
    mover = bands[bands["service"] == "mover"]
    assert list(mover["phase"]) == ["konsept", "tjenesten"]
    assert (mover["first"].iloc[1], mover["last"].iloc[1]) == (Quarter(2022, 3), Quarter(2023, 4))


def _span(first: Quarter, last: Quarter) -> list[Quarter]:
    return [first + i for i in range(last - first + 1)]


def test_bands_figure_draws_one_trace_per_phase_on_the_quarter_axis(frames: RoadmapFrames) -> None:
    fig = phase_bands_figure(frames, FigureOptions(at=Quarter(2022, 3)))
    names = [trace.name for trace in traces(fig, "bands")]
    assert names == ["Konsept", "Tilrettelegging i tjenesten", "Endring i virksomhetene", "Fase ukjent"]
    konsept = traces(fig, "bands")[0]
    first_service = fig.layout.yaxis.tickvals[1]  # under the heading of its area
    assert konsept.y == (first_service,)  # the mover's row, first
    assert pd.Timestamp(konsept.base[0]) == pd.Timestamp("2022-01-01")
    assert konsept.x[0] == (pd.Timestamp("2022-07-01") - pd.Timestamp("2022-01-01")).total_seconds() * 1000
    assert list(fig.layout.xaxis.ticktext[:4]) == ["1. kv", "2. kv", "3. kv", "4. kv"]
    years = [a.text for a in fig.layout.annotations if a.text in ("<b>2022</b>", "<b>2023</b>")]
    assert years == ["<b>2022</b>", "<b>2023</b>"]


def test_bands_mark_the_selected_quarter(frames: RoadmapFrames) -> None:
    fig = phase_bands_figure(frames, FigureOptions(at=Quarter(2023, 2)))
    marked = [s for s in fig.layout.shapes if s.type == "rect"]
    assert [(pd.Timestamp(s.x0), pd.Timestamp(s.x1)) for s in marked] == [
        (pd.Timestamp("2023-04-01"), pd.Timestamp("2023-07-01"))
    ]
    assert "<b>2023 K2</b>" in [a.text for a in fig.layout.annotations]


def test_bands_rows_follow_service_order_under_area_headings(frames: RoadmapFrames) -> None:
    fig = phase_bands_figure(frames, FigureOptions(at=Quarter(2023, 2)))
    labels = list(fig.layout.yaxis.ticktext)
    assert labels[0] == "<b>Kjernejournal</b>" and labels[2] == "<b>E-resept</b>"
    services = [label for label in labels if not label.startswith("<b>")]
    assert services[0].startswith("Flytter seg") and CRITICAL_GLYPH in services[0]
    assert services[1:] == ["Står stille", "Uten fase"]


def test_bands_wrap_long_names_instead_of_cutting_them(bundled_frames: RoadmapFrames) -> None:
    fig = phase_bands_figure(bundled_frames, FigureOptions(fit_width=708))
    labels = [label.replace("<b>", "").replace("</b>", "") for label in fig.layout.yaxis.ticktext]
    assert all("…" not in label for label in labels)
    assert any("<br>" in label for label in labels)
    assert "Nasjonal informasjonstjeneste for laboratorie- og radiologisvar (NILAR)" in [
        label.replace("<br>", " ") for label in labels
    ]


def test_large_bands_figure_has_a_row_per_service(large: RoadmapFrames) -> None:
    fig = phase_bands_figure(large, FigureOptions(at=Quarter(2023, 2)))
    rows = Counter(y for trace in traces(fig, "bands") for y in trace.y)
    assert len(rows) == 300
    assert len(fig.data) <= 7


def test_yaml_text_reaches_plotly_escaped_in_every_text_of_both_figures() -> None:
    import yaml
    from markup_text import AREA, GOAL, LINKED, PHASE, ROADMAP, STYLED

    from veikart.figures.text import plotly_text

    frames = frames_of(yaml.safe_dump(ROADMAP, allow_unicode=True))
    for figure in (
        overview_module.phase_overview_figure(frames, FigureOptions(at=Quarter(2022, 3))),
        bands_module.phase_bands_figure(frames, FigureOptions(at=Quarter(2022, 3))),
    ):
        text = repr(figure)
        for raw in (AREA, LINKED, STYLED, PHASE):
            assert plotly_text(raw) in text, raw
            assert raw not in text.replace(plotly_text(raw), ""), raw
    overview = overview_module.phase_overview_figure(frames, FigureOptions(at=Quarter(2022, 3)))
    assert any(plotly_text(GOAL) in a["text"].replace("<br>", " ") for a in overview["layout"]["annotations"])
