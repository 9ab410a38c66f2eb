"""Legibility of the drawn charts, measured from the SVG Chromium draws (issue 12).

For filtered Gantt views and the whole roadmap, at a desktop, a laptop and a portrait
tablet, on the bundled roadmap, on a generated roadmap of 60 services and on one whose
dates are mostly estimates (hatched bars) with high risks (crosses), the text
bounding boxes in the page must show: no two labels overlapping by more than a quarter of
the smaller; no bar or marker title past the plot area; no light title past its bar; no
text under 11 px; at least 90 % of the view's deliverables titled. The phase overview
must not cut a word at any of the sizes.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml

from veikart.roadmap.synthetic import synthetic_roadmap, synthetic_roadmap_yaml

pytestmark = pytest.mark.browser

SIZES = [(1920, 1080), (1024, 768), (768, 1024)]
VIEWS = ["?area=helsenorge", "?area=e-resept", "?critical=1&from=2022-Q1&to=2023-Q4", ""]
GENERATED_SERVICES = 60
GENERATED_DELIVERABLES = 300

MEASURE = """
() => {
  const graph = document.querySelector('#gantt-graph .js-plotly-plot');
  const box = (e) => { const r = e.getBoundingClientRect(); return {x0: r.left, x1: r.right, y0: r.top, y1: r.bottom}; };
  const svg = graph.querySelector('.main-svg').getBoundingClientRect();
  const size = graph._fullLayout._size;
  const plot = {x0: svg.left + size.l, x1: svg.left + size.l + size.w, y0: svg.top + size.t, y1: svg.top + size.t + size.h};
  const texts = [];
  for (const svgEl of graph.querySelectorAll('svg.main-svg')) {
    for (const t of svgEl.querySelectorAll('text')) {
      if (t.closest('.hoverlayer') || t.closest('.legend') || !t.textContent.trim()) continue;
      const b = box(t);
      if (b.x1 - b.x0 < 0.5) continue;
      const sizes = [t, ...t.querySelectorAll('tspan')].map(e => parseFloat(getComputedStyle(e).fontSize));
      // A title is any text drawn by a bar or scatter trace (bar text or a text trace),
      // except the years repeated in the heading bands.
      const trace = t.closest('.barlayer .trace, .scatterlayer .trace');
      const name = trace && trace.__data__ && trace.__data__[0] ? trace.__data__[0].trace.name : '';
      texts.push({text: t.textContent, box: b, font: Math.min(...sizes),
                  kind: trace && name !== 'years' ? 'title' : 'other', fill: getComputedStyle(t).fill});
    }
  }
  const bars = [...graph.querySelectorAll('.barlayer .trace')]
    .filter(g => g.__data__ && g.__data__[0] && g.__data__[0].trace.name !== 'rows')
    .flatMap(g => [...g.querySelectorAll('.point path')].map(box));
  const count = document.getElementById('deliverable-count').innerText;
  return {plot, texts, bars, count};
}
"""


@pytest.fixture(scope="module")
def generated(start_server, tmp_path_factory):
    """`veikart serve` on a generated roadmap of 60 services."""
    folder: Path = tmp_path_factory.mktemp("generated")
    path = folder / "roadmap.yaml"
    path.write_text(
        synthetic_roadmap_yaml(GENERATED_DELIVERABLES, n_services=GENERATED_SERVICES), encoding="utf-8"
    )
    return start_server(path)


@pytest.fixture(scope="module")
def estimated(start_server, tmp_path_factory):
    """`veikart serve` on a generated roadmap whose dates are mostly estimates, with risks."""
    data = synthetic_roadmap(GENERATED_DELIVERABLES, n_services=GENERATED_SERVICES, seed=7, v2=True)
    rng = random.Random(7)
    for item in data["deliverables"]:
        item["tentative"] = rng.random() < 0.8
    for risk in data["risks"]:
        risk["level"] = "high"  # a cross on many bars, beside flags and titles
    path = tmp_path_factory.mktemp("estimated") / "roadmap.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return start_server(path)


def _settled(page) -> None:
    """Wait until the chart has been drawn for this window's width (its callbacks done)."""
    page.wait_for_selector("#gantt-graph .main-svg", state="attached")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")


def _overlap(a: dict, b: dict) -> float:
    w = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    h = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
    return max(0.0, w) * max(0.0, h)


def _area(a: dict) -> float:
    return (a["x1"] - a["x0"]) * (a["y1"] - a["y0"])


def _light(fill: str) -> bool:
    channels = [int(v) for v in re.findall(r"\d+", fill)[:3]]
    return len(channels) == 3 and min(channels) >= 200


def legibility_problems(drawn: dict) -> list[str]:
    """Everything in one measured view that a reader could not read."""
    problems = []
    texts = drawn["texts"]
    plot = drawn["plot"]
    for t in texts:
        if t["font"] < 11:
            problems.append(f"{t['text']!r} is {t['font']} px")
    titles = [t for t in texts if t["kind"] == "title"]
    for t in titles:
        b = t["box"]
        if b["x0"] < plot["x0"] - 1 or b["x1"] > plot["x1"] + 1:
            problems.append(f"title {t['text']!r} runs past the plot area")
        if _light(t["fill"]):
            inside = any(
                bar["x0"] - 1 <= b["x0"]
                and b["x1"] <= bar["x1"] + 1
                and bar["y0"] - 1 <= (b["y0"] + b["y1"]) / 2 <= bar["y1"] + 1
                for bar in drawn["bars"]
            )
            if not inside:
                problems.append(f"light title {t['text']!r} runs past its bar")
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            shared = _overlap(a["box"], b["box"])
            if shared and shared > 0.25 * min(_area(a["box"]), _area(b["box"])):
                problems.append(f"{a['text']!r} overlaps {b['text']!r}")
    shown = int(re.search(r"Viser (\d+)", drawn["count"]).group(1))
    if len(titles) < 0.9 * shown:
        problems.append(f"only {len(titles)} of {shown} deliverables titled")
    return problems


def _check_views(browser, url: str, views: list[str] = VIEWS) -> list[str]:
    problems = []
    for width, height in SIZES:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        try:
            for view in views:
                page.goto(url + "/tidslinje" + view)
                _settled(page)
                found = legibility_problems(page.evaluate(MEASURE))
                problems += [f"{width}x{height} {view or '(whole roadmap)'}: {p}" for p in found]
        finally:
            context.close()
    return problems


def test_gantt_views_of_the_bundled_roadmap_are_legible_at_every_size(browser, served_roadmap):
    problems = _check_views(browser, served_roadmap.url)
    assert problems == [], "\n".join(problems[:40])


def test_gantt_views_of_a_roadmap_of_60_services_are_legible_at_every_size(browser, generated):
    problems = _check_views(browser, generated.url)
    assert problems == [], "\n".join(problems[:40])


def test_gantt_views_of_a_roadmap_of_estimates_and_risks_are_legible_at_every_size(browser, estimated):
    problems = _check_views(browser, estimated.url, views=["?area=helsenorge", "?area=kjernejournal", ""])
    assert problems == [], "\n".join(problems[:40])


OVERVIEW_TEXTS = """
() => [...document.querySelectorAll('#phase-graph svg.main-svg text, #phases-bands svg.main-svg text')]
  .filter(t => !t.closest('.hoverlayer') && t.textContent.trim())
  .map(t => ({lines: [...t.querySelectorAll('tspan.line')].map(s => s.textContent).concat(
                t.querySelectorAll('tspan.line').length ? [] : [t.textContent]),
              font: Math.min(...[t, ...t.querySelectorAll('tspan')].map(e => parseFloat(getComputedStyle(e).fontSize)))}))
"""


@pytest.mark.parametrize(("width", "height"), [(768, 1024), (1024, 768), (1920, 1080)])
def test_the_phase_views_wrap_names_without_cutting_a_word(
    browser, served_roadmap, bundled_frames, width, height
):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(served_roadmap.url + "/faser")
        page.wait_for_selector("#phase-graph .main-svg", state="attached")
        page.wait_for_load_state("networkidle")
        page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")
        texts = page.evaluate(OVERVIEW_TEXTS)
    finally:
        context.close()
    assert texts
    assert [t for t in texts if t["font"] < 11] == []
    cut = [t["lines"] for t in texts if any(line.endswith("…") for line in t["lines"])]
    assert cut == []
    letters = {re.sub(r"[\s\-]", "", "".join(t["lines"])) for t in texts}
    for name in bundled_frames.services["name"]:
        assert re.sub(r"[\s\-]", "", name) in letters, name
