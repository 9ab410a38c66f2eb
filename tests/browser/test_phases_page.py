"""The phase overview page (/faser) in headless Chromium against the real server.

Column placement is read from the page's screen-reader list of services per column
(`#phases-columns section[data-phase=...] li[data-service=...]`) and cross-checked in the
figure itself (the card traces of `#phase-graph`), so both what a screen reader hears and
what is drawn are tested.

The bundled roadmap's "Pasientens legemiddelliste (PLL)" is in "Nasjonal tilrettelegging"
in 2022 K1 and in "Endring i virksomhetene" in 2024 K4.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

SERVICE = "pll"
PLACES = {
    "2022-Q1": "nasjonal-tilrettelegging",
    "2024-Q4": "endring-i-virksomhetene",
}
CARD_COLUMNS = """
() => {
  const gd = document.querySelector('#phase-graph .js-plotly-plot');
  const placed = {};
  for (const trace of gd.data) {
    if (trace.meta !== 'cards') continue;
    trace.customdata.forEach((row, i) => { placed[row[0]] = Math.floor(trace.base[i]); });
  }
  return placed;
}
"""


def in_column(phase: str, service: str) -> str:
    return f'#phases-columns section[data-phase="{phase}"] li[data-service="{service}"]'


def column_order(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all("#phases-columns section", "els => els.map(e => e.dataset.phase)")


def open_phases(page, base: str, query: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/faser{query}")
    page.wait_for_selector("#phase-graph .js-plotly-plot .main-svg")
    page.wait_for_selector("#phases-columns section", state="attached")
    # The page redraws once after load to fit card labels to the window width.
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("quarter", list(PLACES))
def test_a_known_service_is_in_the_column_of_its_phase(page, served_roadmap, console, quarter: str) -> None:
    open_phases(page, served_roadmap.url, f"?at={quarter}")
    expected = PLACES[quarter]
    page.wait_for_selector(in_column(expected, SERVICE), state="attached")
    others = [phase for phase in PLACES.values() if phase != expected]
    for phase in others:
        assert page.locator(in_column(phase, SERVICE)).count() == 0
    # The drawn card sits in the same column as the list says.
    placed = page.evaluate(CARD_COLUMNS)
    assert placed[SERVICE] == column_order(page).index(expected)
    assert page.inner_text("#phases-quarter") == quarter.replace("-Q", " K")
    assert console.errors == []


def test_moving_the_slider_updates_the_url_and_the_columns(page, served_roadmap, console) -> None:
    open_phases(page, served_roadmap.url, "?at=2022-Q1")
    thumb = page.locator('#phases-slider [role="slider"]')
    thumb.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"/faser\?at=2022-Q2$"))
    page.wait_for_function("document.querySelector('#phases-quarter').innerText === '2022 K2'")
    page.wait_for_selector('#phases-columns h2:has-text("2022 K2")', state="attached")
    page.keyboard.press("End")
    page.wait_for_url(re.compile(r"at=2025-Q4"))
    page.wait_for_selector(in_column("endring-i-virksomhetene", SERVICE), state="attached")
    assert console.errors == []


def test_the_play_button_steps_to_the_end_and_stops(page, served_roadmap, console) -> None:
    open_phases(page, served_roadmap.url, "?at=2025-Q3")
    page.click("#phases-play")
    page.wait_for_url(re.compile(r"at=2025-Q4"), timeout=15_000)
    # At the last quarter the player stops by itself and offers to play again.
    page.wait_for_selector('#phases-play:has-text("Spill av")', timeout=15_000)
    assert console.errors == []


def test_filters_from_the_url_and_the_filter_bar_apply(page, served_roadmap, console) -> None:
    open_phases(page, served_roadmap.url, "?area=e-resept&at=2022-Q1")
    page.wait_for_selector(in_column("nasjonal-tilrettelegging", SERVICE), state="attached")
    listed = page.eval_on_selector_all("#phases-columns li", "els => els.map(e => e.dataset.service)")
    assert SERVICE in listed
    assert not [s for s in listed if s.startswith("kj-")]
    assert set(page.evaluate(CARD_COLUMNS)) == set(listed)
    # The filter bar changes what is shown and writes the filters into the URL, quarter kept.
    page.click("label[for='phases-filter-critical']")
    page.wait_for_url(re.compile(r"area=e-resept&critical=1&at=2022-Q1"))
    page.wait_for_function("() => !document.querySelector('#phases-columns li[data-service=\"pll\"]')")
    critical = page.eval_on_selector_all("#phases-columns li", "els => els.map(e => e.dataset.service)")
    assert critical == ["e-resept"]
    assert "Viser 1 av" in page.inner_text("#phases-count")
    assert console.errors == []


def test_clicking_a_service_opens_its_details_with_a_link_to_the_timeline(
    page, served_roadmap, console
) -> None:
    open_phases(page, served_roadmap.url, "?at=2024-Q4")
    point = page.evaluate(
        """(service) => {
          const gd = document.querySelector('#phase-graph .js-plotly-plot');
          const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
          for (const trace of gd._fullData) {
            if (trace.meta !== 'cards') continue;
            const i = trace.customdata.findIndex(row => row[0] === service);
            if (i < 0) continue;
            const y = ya._offset + ya.l2p(trace.y[i]);
            // Bring the card into the viewport before taking its position on screen.
            window.scrollTo({
              top: gd.getBoundingClientRect().top + window.scrollY + y - 200,
              behavior: 'instant',  // Bootstrap makes scrolling smooth, i.e. late
            });
            const box = gd.getBoundingClientRect();
            return {x: box.left + xa._offset + xa.l2p(trace.base[i] + trace.x[i] / 2), y: box.top + y};
          }
          return null;
        }""",
        SERVICE,
    )
    assert point is not None
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector("#phases-details-body h2:has-text('Pasientens legemiddelliste')")
    assert "Fase i 2024 K4: Endring i virksomhetene" in page.inner_text("#phases-details-body")
    link = page.locator("#phases-details-body a", has_text="Vis tjenesten i tidslinjen")
    assert link.get_attribute("href") == f"/tidslinje?service={SERVICE}"
    assert console.errors == []


def test_turning_a_tablet_rewraps_the_cards(page, served_roadmap, console) -> None:
    open_phases(page, served_roadmap.url, "?at=2022-Q1")
    labels = "() => Array.from(document.querySelectorAll('#phase-graph .textpoint')).map(t => t.textContent).join('|')"
    before = page.evaluate(labels)

    def carries_new_width(request) -> bool:  # type: ignore[no-untyped-def]
        body = request.post_data or ""
        return "_dash-update-component" in request.url and '"phases-width"' in body and "800" in body

    with page.expect_response(lambda response: carries_new_width(response.request)):
        page.set_viewport_size({"width": 800, "height": 1100})
    page.wait_for_function(f"() => ({labels})() !== {before!r}")
    assert page.locator(in_column("nasjonal-tilrettelegging", SERVICE)).count() == 1  # still in place
    assert console.errors == []
