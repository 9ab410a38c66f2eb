"""A baseline (the roadmap at another revision) in the figures, checked on their data.

`baseline_changes` compares two sets of frames by deliverable id; the Gantt view draws
where moved deliverables were (ghosts on their own lane), their shift as a badge, "Ny" on
new ones and removed ones as dashed outlines in their service's lanes, with a legend for
each; the row plan keeps badges, titles, flags and ghosts of a lane apart; the phase
overview frames services in another phase than in the baseline.
"""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
import yaml

from veikart.figures.baseline import baseline_changes
from veikart.figures.gantt import gantt_chart
from veikart.figures.options import FigureOptions
from veikart.figures.phases import baseline_phase_changes, phase_overview_figure
from veikart.figures.style import BASELINE_FRAME_COLOR, MOVED_COLOR
from veikart.figures.text import text_width
from veikart.filters import Filters, filter_frames
from veikart.frames import roadmap_frames
from veikart.roadmap.load import load_text
from veikart.roadmap.periods import Quarter
from veikart.roadmap.synthetic import synthetic_roadmap

HEAD = """
roadmap: {title: Sammenligning, start: 2022-Q1, end: 2024-Q4, updated: 2022-06-01}
phases:
  - {id: konsept, name: Konsept}
  - {id: utproving, name: Utprøving}
areas:
  - {id: kj, name: Kjernejournal}
  - {id: er, name: E-resept}
"""
NOW = (
    HEAD
    + """
services:
  - {id: kj-api, name: Kjernejournal API, area: kj}
  - {id: pll, name: Pasientens legemiddelliste, area: er}
deliverables:
  - {id: kj-1, service: kj-api, title: Første API, start: 2022-Q1, end: 2022-Q4, status: available}
  - {id: kj-2, service: kj-api, title: Andre API, start: 2023-Q1, end: 2024-Q2, status: planning}
  - {id: kj-m, service: kj-api, title: Beslutning om API, at: 2024-Q3, kind: decision}
  - {id: pll-1, service: pll, title: Utprøving PLL, start: 2022-Q2, end: 2023-Q4, phase: konsept}
  - {id: pll-2, service: pll, title: Innføring PLL, start: 2023-Q4, end: 2024-Q3, status: planning}
  - {id: pll-3, service: pll, title: Ny leveranse, start: 2024-Q1, end: 2024-Q2}
"""
)
THEN = (
    HEAD
    + """
services:
  - {id: kj-api, name: Kjernejournal API, area: kj}
  - {id: pll, name: Pasientens legemiddelliste, area: er}
  - {id: gammel, name: Gammel tjeneste, area: kj}
deliverables:
  - {id: kj-1, service: kj-api, title: Første API, start: 2022-Q1, end: 2022-Q4, status: available}
  - {id: kj-2, service: kj-api, title: Andre API, start: 2023-Q1, end: 2023-Q4, status: planning}
  - {id: kj-m, service: kj-api, title: Beslutning om API, at: 2024-Q1, kind: decision}
  - {id: kj-old, service: kj-api, title: "Fjernet <leveranse>", start: 2022-Q2, end: 2022-Q3}
  - {id: pll-1, service: pll, title: Utprøving PLL, start: 2022-Q1, end: 2023-Q4, phase: konsept}
  - {id: pll-2, service: pll, title: Innføring PLL, start: 2024-Q1, end: 2024-Q4, status: planning}
  - {id: gone-1, service: gammel, title: Borte med tjenesten, start: 2022-Q1, end: 2022-Q2}
"""
)


def frames_of(text: str, lang: str = "nb"):
    result = load_text(text)
    assert result.roadmap is not None, [str(p) for p in result.problems.errors]
    return roadmap_frames(result.roadmap, lang)


@pytest.fixture(scope="module")
def now():
    return frames_of(NOW)


@pytest.fixture(scope="module")
def changes(now):
    return baseline_changes(now, frames_of(THEN), "styremote-2023-06")


def options(**changes) -> FigureOptions:
    return FigureOptions(**{"today": dt.date(2023, 5, 15), "fit_width": 1400, **changes})


def position(frames, ident: str) -> int:
    return list(frames.deliverables["id"]).index(ident)


# --- the comparison ------------------------------------------------------------------------


def test_changes_say_what_moved_by_how_much_what_is_new_and_what_went(changes):
    moved = changes.moved
    assert sorted(moved.index) == ["kj-2", "kj-m", "pll-1", "pll-2"]
    assert moved.at["kj-2", "shift"] == 2 and moved.at["kj-2", "start_shift"] == 0
    assert moved.at["kj-m", "shift"] == 2 and moved.at["kj-m", "was_milestone"]
    assert moved.at["pll-1", "shift"] == 0 and moved.at["pll-1", "start_shift"] == 1
    assert moved.at["pll-2", "shift"] == -1
    assert moved.at["kj-2", "finish"] == np.datetime64("2024-01-01")  # the baseline's, exclusive
    assert changes.added == {"pll-3"}
    assert list(changes.removed["id"]) == ["kj-old", "gone-1"]
    assert changes.phase_at("pll", "2022-Q1") == "konsept"
    assert changes.phase_at("gammel", "2022-Q1") is not None
    assert changes.phase_at("pll", "2030-Q1") is None


def test_an_unchanged_roadmap_has_no_changes(now):
    same = baseline_changes(now, frames_of(NOW), "v1")
    assert same.empty
    chart = gantt_chart(now, options(baseline=same))
    assert not any(str(tr.get("name", "")).startswith("baseline") for tr in chart.figure["data"])
    assert not [item for item in chart.legend if item.group.startswith("baseline")]


# --- the Gantt view --------------------------------------------------------------------------


def test_ghosts_are_drawn_where_the_baseline_had_them_on_the_same_lane(now, changes):
    chart = gantt_chart(now, options(baseline=changes))
    plan = chart.plan
    (bars,) = [tr for tr in chart.figure["data"] if tr.get("name") == "baseline-ghosts"]
    (points,) = [tr for tr in chart.figure["data"] if tr.get("name") == "baseline-ghost-markers"]
    rows = [position(now, i) for i in ("kj-2", "pll-1", "pll-2")]
    assert list(bars["y"]) == list(plan.y[rows])
    starts = [np.datetime64(d, "ms").astype(np.int64) for d in ("2023-01-01", "2022-01-01", "2024-01-01")]
    assert list(bars["base"]) == starts
    assert list(points["y"]) == [plan.y[position(now, "kj-m")]]
    # faint: an outline on an almost transparent fill, under the bars of today
    assert "rgba" in bars["marker"]["color"]
    names = [tr.get("name") for tr in chart.figure["data"]]
    first_bar = next(i for i, tr in enumerate(chart.figure["data"]) if tr.get("customdata"))
    assert names.index("baseline-ghosts") < first_bar


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nb", {"kj-2": "+2 kv", "kj-m": "+2 kv", "pll-1": "start +1 kv", "pll-2": "-1 kv", "pll-3": "Ny"}),
        ("en", {"kj-2": "+2 q", "kj-m": "+2 q", "pll-1": "start +1 q", "pll-2": "-1 q", "pll-3": "New"}),
    ],
)
def test_badges_give_the_shift_in_quarters_and_mark_new_items(lang, expected):
    now = frames_of(NOW, lang)
    changes = baseline_changes(now, frames_of(THEN, lang), "v1")
    chart = gantt_chart(now, options(lang=lang, baseline=changes))
    ids = list(now.deliverables["id"])
    badges = {ids[i]: chart.plan.badge[i] for i in np.flatnonzero(chart.plan.badge != "")}
    assert badges == expected
    (trace,) = [tr for tr in chart.figure["data"] if tr.get("name") == "badges"]
    assert sorted(trace["text"]) == sorted(f"<b>{text}</b>" for text in expected.values())


def test_removed_items_are_dashed_outlines_in_their_service_lanes(now, changes):
    chart = gantt_chart(now, options(baseline=changes))
    plan = chart.plan
    assert plan.removed is not None and plan.removed.shown.all()
    (row,) = [row for row in plan.rows if row.kind == "service" and row.id == "kj-api"]
    assert row.top < plan.removed.y[0] < row.top + row.height
    (outline,) = [tr for tr in chart.figure["data"] if tr.get("name") == "baseline-removed"]
    assert outline["line"]["dash"]
    (titles,) = [tr for tr in chart.figure["data"] if tr.get("name") == "removed-titles"]
    assert titles["text"] == ["Fjernet &lt;leveranse>"]
    (hover,) = [tr for tr in chart.figure["data"] if tr.get("name") == "baseline-removed-hover"]
    assert "Fjernet siden styremote-2023-06" in hover["hovertext"][0]
    assert "customdata" not in hover  # not a deliverable of the roadmap: nothing to click


def test_the_legend_explains_ghosts_badges_new_and_removed(now, changes):
    chart = gantt_chart(now, options(baseline=changes))
    legend = {item.group: item for item in chart.legend}
    assert legend["baseline-ghost"].name == "Plassering i styremote-2023-06"
    assert legend["baseline-shift"].sample == "+1 kv"
    assert legend["baseline-new"].sample == "Ny"
    assert legend["baseline-removed"].dash
    # gone-1 went with its service: no row to draw it in, so the legend counts it
    assert "1 fjernet med tjenesten sin" in legend["baseline-removed"].name


def test_hover_names_where_the_baseline_had_the_item(now, changes):
    chart = gantt_chart(now, options(baseline=changes))
    texts = {
        now.deliverables.at[row, "id"]: text
        for tr in chart.figure["data"]
        if tr.get("customdata") and tr.get("hovertext") is not None
        for row, text in zip(tr["customdata"], tr["hovertext"], strict=True)
    }
    assert "I styremote-2023-06: 2023 K1–2023 K4 (+2 kv)" in texts["kj-2"]
    assert "Ny siden styremote-2023-06" in texts["pll-3"]
    assert "styremote" not in texts["kj-1"]


def test_a_filtered_view_draws_only_its_own_removed_items(now, changes):
    shown = filter_frames(now, Filters(area=("er",)))
    chart = gantt_chart(shown, options(baseline=changes))
    assert chart.plan.removed is None
    assert "baseline-removed" not in {item.group for item in chart.legend}


def test_static_images_carry_ghosts_badges_and_no_hover(now, changes):
    chart = gantt_chart(now, options(baseline=changes, static=True, width=1600, height=900, fit_width=None))
    names = {tr.get("name") for tr in chart.figure["data"]}
    assert {"baseline-ghosts", "badges", "baseline-removed", "removed-titles"} <= names
    assert "baseline-removed-hover" not in names
    ghosts = next(tr for tr in chart.figure["data"] if tr.get("name") == "baseline-ghosts")
    assert ghosts["hoverinfo"] == "skip"


# --- legibility: the plan keeps every lane's contents apart ------------------------------


def _extents(chart) -> list[tuple[float, float, float, str, str]]:
    """Everything drawn on a lane as (y, x0, x1, kind, owner), in px from the plot's left edge."""
    plan = chart.plan
    font = plan.sizes.label_font
    found = []
    for i in np.flatnonzero(plan.shown):
        y, owner = float(plan.y[i]), f"deliverable {i}"
        found.append((y, plan.left[i], plan.right[i], "item", owner))
        if plan.label[i] and not plan.label_inside[i]:
            x = plan.label_x[i]
            found.append((y, x, x + text_width(plan.label[i], font), "title", owner))
        if plan.badge[i] and not plan.badge_inside[i]:
            x = plan.badge_x[i]
            found.append((y, x, x + text_width(plan.badge[i], font, bold=True), "badge", owner))
    for i in np.flatnonzero(plan.ghost_shown):
        marks = plan.marks
        start, finish = plan.axis.start.value // 1_000_000, plan.axis.end.value // 1_000_000
        px = plan.plot_px / (finish - start)
        x0 = max(0.0, (marks.ghost_start[i] - start) * px)
        x1 = min(plan.plot_px, (marks.ghost_finish[i] - start) * px)
        if marks.ghost_milestone[i]:
            middle, half = (x0 + x1) / 2, plan.sizes.marker / 2
            x0, x1 = middle - half, middle + half
        found.append((float(plan.y[i]), x0, x1, "ghost", f"deliverable {i}"))
    for k, i in enumerate(plan.flag_item):
        half = plan.sizes.flag / 2
        found.append(
            (float(plan.y[i]), plan.flag_x[k] - half, plan.flag_x[k] + half, "flag", f"deliverable {i}")
        )
    removed = plan.removed
    if removed is not None:
        for j in np.flatnonzero(removed.shown):
            y, owner = float(removed.y[j]), f"removed {j}"
            found.append((y, removed.left[j], removed.right[j], "item", owner))
            if removed.label[j]:
                x = removed.label_x[j]
                found.append((y, x, x + text_width(removed.label[j], font), "title", owner))
    return found


def _overlaps(chart) -> list[str]:
    """Pairs of things on one lane that overlap, but for a title or flags inside their own
    bar and a ghost under its own deliverable (drawn faint, under it)."""
    by_lane: dict[float, list[tuple[float, float, str, str]]] = {}
    for y, x0, x1, kind, owner in _extents(chart):
        by_lane.setdefault(round(y, 6), []).append((x0, x1, kind, owner))
    problems = []
    for y, items in by_lane.items():
        for n, (a0, a1, a, owner_a) in enumerate(items):
            for b0, b1, b, owner_b in items[n + 1 :]:
                if min(a1, b1) - max(a0, b0) <= 0.5:
                    continue
                if owner_a == owner_b and (
                    {a, b} in ({"item", "title"}, {"item", "flag"}) or "ghost" in (a, b)
                ):
                    continue
                problems.append(
                    f"lane {y}: {owner_a} {a} [{a0:.0f}, {a1:.0f}] overlaps {owner_b} {b} [{b0:.0f}, {b1:.0f}]"
                )
    return problems


def _perturbed(data: dict, seed: int) -> dict:
    """An older version: some deliverables a few quarters off, some gone, some extra."""
    rng = random.Random(seed)
    data = yaml.safe_load(yaml.safe_dump(data))  # a copy
    kept = []
    for item in data["deliverables"]:
        roll = rng.random()
        if roll < 0.08:
            continue  # new since the baseline
        if roll < 0.35:
            for key in ("end", "at"):
                if key in item:
                    moved = Quarter.parse(item[key]) + rng.choice((-3, -2, -1, 1, 2))
                    moved = max(moved, Quarter.parse(item.get("start", item[key])))
                    item[key] = str(moved)
        item.pop("depends_on", None)
        kept.append(item)
    for k in range(len(data["deliverables"]) // 12):
        service = rng.choice(data["services"])["id"]
        start = Quarter(2021, 1) + rng.randint(0, 20)
        kept.append(
            {
                "id": f"fjernet-{k:04d}",
                "service": service,
                "title": f"Fjernet leveranse nummer {k}",
                "start": str(start),
                "end": str(start + rng.randint(0, 4)),
            }
        )
    data["deliverables"] = kept
    return data


@pytest.mark.parametrize(("width", "static"), [(1900, False), (760, False), (1920, True)])
def test_badges_titles_flags_and_ghosts_never_collide(width, static):
    data = synthetic_roadmap(240, n_services=24, seed=3, v2=True)
    now = roadmap_frames(load_text(yaml.safe_dump(data, allow_unicode=True)).roadmap)
    then_text = yaml.safe_dump(_perturbed(data, seed=5), allow_unicode=True)
    then = load_text(then_text)
    assert then.roadmap is not None, [str(p) for p in then.problems.errors][:3]
    changes = baseline_changes(now, roadmap_frames(then.roadmap), "v1")
    assert len(changes.moved) > 20 and len(changes.removed) > 10 and len(changes.added) > 5
    for area in ("helsenorge", "kjernejournal"):
        shown = filter_frames(now, Filters(area=(area,)))
        size = {"width": width, "height": 1080, "static": True} if static else {"fit_width": width}
        chart = gantt_chart(shown, FigureOptions(today=dt.date(2023, 5, 1), baseline=changes, **size))
        assert chart.plan.mode == "titled"
        assert (chart.plan.badge != "").sum() > 3
        assert _overlaps(chart) == []
        plan = chart.plan
        for i in np.flatnonzero(plan.badge != ""):
            end = plan.badge_x[i] + text_width(plan.badge[i], plan.sizes.label_font, bold=True)
            assert plan.badge_x[i] >= 0 and end <= plan.plot_px + 1
        assert plan.ghost_shown.any()


# --- the phase overview ----------------------------------------------------------------------


def test_phase_overview_frames_services_in_another_phase_than_the_baseline(now, changes):
    at = Quarter(2022, 1)
    assert baseline_phase_changes(now, at, options(baseline=changes)) == {"pll": "konsept"}
    figure = phase_overview_figure(now, options(at=at, baseline=changes))
    (frames,) = [tr for tr in figure["data"] if tr.get("meta") == "baseline-frames"]
    assert frames["line"]["color"] == BASELINE_FRAME_COLOR != MOVED_COLOR
    assert frames["line"]["dash"]  # dashed, unlike the solid "moved" frame
    assert frames["x"].count(None) == 1  # one service framed
    assert frames["name"] == "Annen fase enn i styremote-2023-06"
    hover = [row[3] for tr in figure["data"] if tr.get("meta") == "cards" for row in tr["customdata"]]
    assert "Fase i styremote-2023-06: Konsept" in hover
    later = phase_overview_figure(now, options(at=Quarter(2023, 1), baseline=changes))
    assert not [tr for tr in later["data"] if tr.get("meta") == "baseline-frames"]


def test_an_overview_keeps_only_the_legend_entries_it_draws():
    """A dense image draws thin rows without symbols or badges: its legend does not list them."""
    data = synthetic_roadmap(400, n_services=40, seed=3, v2=True)
    now = roadmap_frames(load_text(yaml.safe_dump(data, allow_unicode=True)).roadmap)
    then = roadmap_frames(load_text(yaml.safe_dump(_perturbed(data, seed=5), allow_unicode=True)).roadmap)
    changes = baseline_changes(now, then, "v1")
    chart = gantt_chart(now, FigureOptions(baseline=changes, static=True, width=1920, height=1080))
    assert chart.plan.mode == "overview"
    groups = {item.group for item in chart.legend}
    assert {"baseline-ghost", "baseline-removed", "tentative"} <= groups
    assert not [g for g in groups if g.startswith(("flag-", "risk", "baseline-shift", "baseline-new"))]
    assert not [tr for tr in chart.figure["data"] if tr.get("name") == "badges"]
