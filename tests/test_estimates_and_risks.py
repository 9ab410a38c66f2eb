"""Estimated (tentative) dates and high risks in the figures, checked on the figures' data.

An estimate is hatched (bars) or open (milestones) in both colour modes, has its legend
entry and says so in the hover, without the planners' note; a high risk puts one crimson
cross beside every deliverable it affects (directly or through its service), placed by
the row plan, with the risks' titles in its hover; the risks table lists risks most
serious first, with their level in words.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import plotly.graph_objects as go
import pytest

from veikart.figures.gantt import gantt_chart, gantt_figure
from veikart.figures.gantt_marks import RISK_MARK
from veikart.figures.legend import legend_trace
from veikart.figures.options import FigureOptions
from veikart.figures.phases import estimated_phases, phase_overview_figure
from veikart.figures.risks import RiskOptions, high_risks, risks_table
from veikart.figures.style import (
    FLAG_STYLE,
    KIND_SYMBOLS,
    RISK_COLOR,
    RISK_LEVEL_COLORS,
    RISK_SYMBOL,
    WHITE,
    contrast,
)
from veikart.figures.text import text_width
from veikart.frames import roadmap_frames
from veikart.roadmap.load import load_text
from veikart.roadmap.periods import Quarter

NOTE = "NOTAT-SOM-ALDRI-VISES"

ROADMAP = f"""
roadmap: {{title: Anslag og risiko, start: 2022-Q1, end: 2024-Q4, updated: 2022-06-01}}
phases:
  - {{id: konsept, name: Konsept}}
  - {{id: utproving, name: Utprøving}}
areas:
  - {{id: kj, name: Kjernejournal}}
  - {{id: er, name: E-resept}}
services:
  - {{id: kj-api, name: Kjernejournal API, area: kj}}
  - {{id: pll, name: Pasientens legemiddelliste, area: er}}
deliverables:
  - {{id: kj-1, service: kj-api, title: Første API, start: 2022-Q1, end: 2022-Q4, status: available,
     phase: konsept}}
  - {{id: kj-2, service: kj-api, title: Andre API, start: 2023-Q1, end: 2024-Q2, status: planning,
     tentative: true, note: {NOTE}, phase: utproving, flags: [attention]}}
  - {{id: kj-m, service: kj-api, title: Beslutning om API, at: 2024-Q3, kind: decision, tentative: true,
     status: establishing}}
  - {{id: pll-1, service: pll, title: Utprøving PLL, start: 2022-Q2, end: 2023-Q4, status: establishing,
     phase: konsept, tentative: true}}
  - {{id: pll-2, service: pll, title: Innføring PLL, start: 2024-Q1, end: 2024-Q4, status: planning}}
risks:
  - {{id: r-api, title: "API <kan> bli forsinket", level: high, affects: [kj-2]}}
  - {{id: r-pll, title: PLL mangler rettsgrunnlag, level: high, affects: [pll]}}
  - {{id: r-middels, title: Middels risiko, level: medium, affects: [kj-1]}}
  - {{id: r-lav, title: Lav risiko uten mål, level: low}}
"""


@pytest.fixture(scope="module")
def frames():
    result = load_text(ROADMAP)
    assert result.roadmap is not None, [str(p) for p in result.problems.errors]
    return roadmap_frames(result.roadmap)


def options(**changes) -> FigureOptions:
    return FigureOptions(**{"today": dt.date(2023, 5, 15), **changes})


def bar_traces(figure: dict) -> list[dict]:
    """The deliverables' bars (not the row bands, not the legend's samples)."""
    return [tr for tr in figure["data"] if tr["type"] == "bar" and tr.get("customdata")]


def ids_of(frames, trace: dict) -> list[str]:
    return [frames.deliverables.at[row, "id"] for row in trace["customdata"]]


# --- estimates ---------------------------------------------------------------------------


@pytest.mark.parametrize("color_by", ["status", "phase"])
def test_estimated_bars_are_hatched_and_outlined_and_others_are_not(frames, color_by):
    figure = gantt_figure(frames, options(color_by=color_by))
    hatched = [tr for tr in bar_traces(figure) if tr["marker"].get("pattern")]
    plain = [tr for tr in bar_traces(figure) if not tr["marker"].get("pattern")]
    assert sorted(i for tr in hatched for i in ids_of(frames, tr)) == ["kj-2", "pll-1"]
    assert sorted(i for tr in plain for i in ids_of(frames, tr)) == ["kj-1", "pll-2"]
    for trace in hatched:
        assert trace["marker"]["pattern"]["shape"] == "/"
        assert trace["marker"]["line"]["width"] >= 1.5
        # the outline is visible against the white page (WCAG non-text contrast)
        assert contrast(trace["marker"]["line"]["color"], WHITE) >= 3
    go.Figure(figure)  # plotly accepts every property


def test_estimated_milestones_are_open_markers(frames):
    figure = gantt_figure(frames, options())
    (decisions,) = [
        tr for tr in figure["data"] if tr.get("legendgroup") == "kind-decision" and tr.get("customdata")
    ]
    assert decisions["marker"]["color"] == WHITE or list(decisions["marker"]["color"]) == [WHITE]
    line = decisions["marker"]["line"]
    assert line["width"] >= 2
    assert contrast(line["color"], WHITE) >= 3


def test_titles_on_estimated_bars_keep_their_contrast(frames):
    chart = gantt_chart(frames, options(fit_width=1400))
    (titles,) = [tr for tr in chart.figure["data"] if tr.get("name") == "titles"]
    drawn = np.flatnonzero(chart.plan.label != "")
    hatched = {i for tr in bar_traces(chart.figure) if tr["marker"].get("pattern") for i in tr["customdata"]}
    grounds = {
        row: tr["marker"]["color"]
        for tr in bar_traces(chart.figure)
        if tr["marker"].get("pattern")
        for row in tr["customdata"]
    }
    checked = 0
    for j, i in enumerate(drawn):
        row = frames.deliverables.index[i]
        if chart.plan.label_inside[i] and row in hatched:
            assert contrast(titles["textfont"]["color"][j], grounds[row]) >= 4.5
            checked += 1
    assert checked >= 1


@pytest.mark.parametrize(("lang", "word"), [("nb", "Anslått tidspunkt"), ("en", "Estimated date")])
def test_the_legend_explains_estimates(lang, word):
    result = load_text(ROADMAP)
    frames = roadmap_frames(result.roadmap, lang)
    chart = gantt_chart(frames, options(lang=lang))
    (item,) = [item for item in chart.legend if item.group == "tentative"]
    assert item.name == word
    assert item.pattern == "/" and item.kind == "swatch"
    assert "repeating-linear-gradient" in item.swatch_style["backgroundImage"]
    assert legend_trace(item)["marker"]["pattern"]["shape"] == "/"
    # and plotly's own legend (exports) draws it
    assert word in [tr["name"] for tr in chart.figure["data"] if tr.get("showlegend")]


def test_no_estimate_entry_without_estimates(frames):
    firm = type(frames)(**{**frames.__dict__, "deliverables": frames.deliverables.assign(tentative=False)})
    assert "tentative" not in [item.group for item in gantt_chart(firm, options()).legend]


def test_hover_says_estimated_and_why_but_never_the_note(frames):
    figure = gantt_figure(frames, options())
    hovers = {
        i: text
        for tr in figure["data"]
        if tr.get("customdata") and tr.get("hovertext") is not None
        for i, text in zip(ids_of(frames, tr), tr["hovertext"], strict=True)
    }
    assert "Anslått tidspunkt" in hovers["kj-2"] and "ingen beslutning eller kilde" in hovers["kj-2"]
    assert "Anslått tidspunkt" in hovers["kj-m"]
    assert "Anslått tidspunkt" not in hovers["kj-1"]
    assert NOTE not in str(figure)


def test_phase_overview_hatches_services_whose_phase_rests_on_estimates(frames):
    at = Quarter(2023, 2)
    # kj-api: utproving comes from kj-2 (tentative); pll: konsept from pll-1 (tentative)
    assert estimated_phases(frames, at) == {"kj-api", "pll"}
    assert estimated_phases(frames, Quarter(2022, 3)) == {"pll"}  # kj-api is in konsept by kj-1
    figure = phase_overview_figure(frames, options(at=at))
    overlays = [tr for tr in figure["data"] if tr.get("meta") == "estimated"]
    assert sum(len(tr["y"]) for tr in overlays) == 2
    cards = [tr for tr in figure["data"] if tr.get("meta") == "cards"]
    assert all("pattern" not in tr["marker"] for tr in cards)  # the area's legend swatch stays plain
    hover = [row[3] for tr in cards for row in tr["customdata"]]
    assert sum("Fasen bygger på et anslått tidspunkt" in h for h in hover) == 2


# --- risks -------------------------------------------------------------------------------


def test_high_risks_hit_deliverables_directly_and_through_their_service(frames):
    hit = high_risks(frames)
    assert hit == {
        "kj-2": ("API <kan> bli forsinket",),
        "pll-1": ("PLL mangler rettsgrunnlag",),
        "pll-2": ("PLL mangler rettsgrunnlag",),
    }


def test_risk_marks_are_one_symbol_apart_from_flags_and_kinds(frames):
    chart = gantt_chart(frames, options())
    plan = chart.plan
    ids = frames.deliverables["id"].to_numpy()
    marked = sorted(ids[plan.flag_item[plan.flag_name == RISK_MARK]])
    assert marked == ["kj-2", "pll-1", "pll-2"]
    (trace,) = [tr for tr in chart.figure["data"] if tr.get("meta") == "risk"]
    assert trace["marker"]["symbol"] == RISK_SYMBOL and trace["marker"]["color"] == RISK_COLOR
    assert RISK_SYMBOL not in {symbol for symbol, _ in FLAG_STYLE.values()} | set(KIND_SYMBOLS.values())
    assert RISK_COLOR not in {color for _, color in FLAG_STYLE.values()}
    # the hover lists the risk titles, escaped as plotly text
    assert any("API &lt;kan> bli forsinket" in text for text in trace["hovertext"])
    (item,) = [item for item in chart.legend if item.group == "risk"]
    assert item.name == "Høy risiko" and item.symbol == RISK_SYMBOL


def test_the_cross_sits_after_the_flags_and_clear_of_the_title(frames):
    chart = gantt_chart(frames, options(fit_width=1400))
    plan = chart.plan
    i = list(frames.deliverables["id"]).index("kj-2")
    xs = plan.flag_x[plan.flag_item == i]
    names = list(plan.flag_name[plan.flag_item == i])
    assert names == ["attention", RISK_MARK]
    assert xs[0] < xs[1]
    if plan.label[i] and not plan.label_inside[i]:
        half = plan.sizes.flag / 2
        title = (plan.label_x[i], plan.label_x[i] + text_width(plan.label[i], plan.sizes.label_font))
        assert all(x + half <= title[0] or x - half >= title[1] for x in xs)


def test_static_risk_marks_carry_no_hover(frames):
    figure = gantt_figure(frames, options(static=True, width=1600, height=900))
    (trace,) = [tr for tr in figure["data"] if tr.get("meta") == "risk"]
    assert trace["hoverinfo"] == "skip" and "hovertext" not in trace


def test_risks_table_lists_the_most_serious_first_with_words_and_what_they_affect(frames):
    table = risks_table(frames)
    assert list(table["id"]) == ["r-api", "r-pll", "r-middels", "r-lav"]
    assert list(table["level_label"]) == ["Høy", "Høy", "Middels", "Lav"]
    assert list(table["level_color"][:1]) == [RISK_LEVEL_COLORS["high"]]
    assert table.set_index("id").at["r-pll", "affects"] == ("Pasientens legemiddelliste",)
    assert table.set_index("id").at["r-api", "affects"] == ("Andre API",)
    assert table.set_index("id").at["r-api", "area_names"] == ("Kjernejournal",)
    english = risks_table(frames, RiskOptions(lang="en"))
    assert list(english["level_label"]) == ["High", "High", "Medium", "Low"]


def test_risks_table_filters_by_level_and_area(frames):
    assert list(risks_table(frames, RiskOptions(levels=("high",)))["id"]) == ["r-api", "r-pll"]
    assert list(risks_table(frames, RiskOptions(areas=("er",)))["id"]) == ["r-pll"]
    assert list(risks_table(frames, RiskOptions(levels=("low",), areas=("kj",)))["id"]) == []


def test_level_colours_carry_white_text():
    for color in RISK_LEVEL_COLORS.values():
        assert contrast(color, WHITE) >= 4.5
