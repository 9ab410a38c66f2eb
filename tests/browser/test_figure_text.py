"""Text from YAML is drawn exactly as written in every figure: no markup, no entities (issue 11).

plotly reads a few HTML tags and entities in any text; a roadmap's names, titles and goals
must reach the reader's screen character for character, in the timeline, the phase
overview and the phase bands, and in their hover boxes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from markup_text import AREA, GOAL, LINKED, MILESTONE, PHASE, ROADMAP, STYLED, TITLE

pytestmark = pytest.mark.browser

TEXTS = """
(selector) => [...document.querySelectorAll(selector + ' svg.main-svg text')].map(t => {
  const lines = [...t.querySelectorAll('tspan.line')].map(s => s.textContent);
  return {text: t.textContent, lines: lines.length ? lines : [t.textContent]};
})
"""


@pytest.fixture(scope="module")
def hostile(start_server, tmp_path_factory):
    folder: Path = tmp_path_factory.mktemp("text")
    path = folder / "roadmap.yaml"
    path.write_text(yaml.safe_dump(ROADMAP, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return start_server(path)


def _drawn(page, selector: str) -> set[str]:
    texts = page.evaluate(TEXTS, selector)
    return {t["text"] for t in texts} | {line for t in texts for line in t["lines"]}


def _open(page, url: str, selector: str) -> None:
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(url)
    page.wait_for_selector(f"{selector} .main-svg", state="attached")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")


def _no_markup(page, selector: str) -> None:
    assert page.locator(f"{selector} svg.main-svg a").count() == 0  # no link was made
    styled = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector + ' svg.main-svg tspan[style]')]
            .map(s => s.getAttribute('style')).filter(s => /red|italic/.test(s))""",
        selector,
    )
    assert styled == []  # no <span style> or <i> was applied


def test_the_timeline_draws_yaml_text_as_written(page, console, hostile):
    _open(page, hostile.url + "/tidslinje", "#gantt-graph")
    drawn = _drawn(page, "#gantt-graph")
    for text in (AREA, STYLED, TITLE, MILESTONE):
        assert text in drawn, text
    assert any(t.startswith(LINKED) for t in drawn)  # the service's name, then its critical-line dot
    assert not any("&quot;" in t for t in drawn)
    _no_markup(page, "#gantt-graph")
    # the hover box of the bar shows the title as written too
    page.evaluate(
        """() => { const gd = document.querySelector('#gantt-graph .js-plotly-plot');
                   const i = gd.data.findIndex(t => t.type === 'bar' && t.name !== 'rows');
                   Plotly.Fx.hover(gd, [{curveNumber: i, pointNumber: 0}]); }"""
    )
    page.wait_for_selector("#gantt-graph .hoverlayer text")
    hover = page.evaluate(
        "() => [...document.querySelectorAll('#gantt-graph .hoverlayer tspan.line')].map(s => s.textContent)"
    )
    assert TITLE in hover
    assert page.locator("#gantt-graph .hoverlayer a").count() == 0
    assert console.errors == []


def test_the_phase_views_draw_yaml_text_as_written(page, console, hostile):
    _open(page, hostile.url + "/faser?at=2022-Q3", "#phase-graph")
    overview = _drawn(page, "#phase-graph")
    for text in (LINKED, STYLED, PHASE, AREA):
        assert text in overview, text
    assert any(GOAL in t for t in overview)
    bands = _drawn(page, "#phases-bands")
    for text in (STYLED, PHASE, AREA):
        assert text in bands, text
    assert any(t.startswith(LINKED) for t in bands)
    for selector in ("#phase-graph", "#phases-bands"):
        _no_markup(page, selector)
    assert console.errors == []
