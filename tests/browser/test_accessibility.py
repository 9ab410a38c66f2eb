"""WCAG 2.1 A/AA in real Chromium: axe-core on every page, on the bundled roadmap and a generated one.

axe-core is vendored (tests/browser/vendor/axe-core, see its README: CI needs no npm) and
checked against the hash axe-core publishes for its version. A serious or critical
violation fails the test and names the rule, the element and axe's own help.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SRI = "sha256-KTSJmUUM3yhJqOcLeRL8LahahJ2jnA0NU5T1HUqe2Vw="
"""axe-core 4.14.1's published hash of axe.min.js (sri-history.json of the npm package)."""
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
PAGES = ["/tidslinje", "/faser", "/tabell", "/endringer", "/risiko", "/finnes-ikke"]
SIZES = [(1920, 1080), (768, 1024)]
READY = {
    "/tidslinje": "#gantt-graph .main-svg",
    "/faser": "#phase-graph .main-svg",
    "/tabell": "#table-grid .ag-row",
    "/endringer": ".vk-page-changes h2",
    "/risiko": "#risks-list .vk-risk-card, #risks-list p",
    "/finnes-ikke": "#not-found",
}


def axe_source() -> str:
    data = AXE.read_bytes()
    digest = "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()
    assert digest == AXE_SRI, "the vendored axe.min.js is not the published file"
    return data.decode("utf-8")


@pytest.fixture(scope="module")
def generated_roadmap(start_server, tmp_path_factory):
    from veikart.roadmap.synthetic import synthetic_roadmap_yaml

    path = tmp_path_factory.mktemp("generated") / "roadmap.yaml"
    path.write_text(synthetic_roadmap_yaml(600, n_services=60), encoding="utf-8")
    return start_server(path)


def violations(page, source: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The serious and critical WCAG 2.1 A/AA violations on the page, one line per element."""
    page.add_script_tag(content=source)
    result = page.evaluate(
        """async (tags) => {
          const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
          return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n').slice(0, 3).join(' '))}));
        }""",
        WCAG_TAGS,
    )
    return [
        f"{v['impact']} {v['id']} ({v['help']}): {node}"
        for v in result
        if v["impact"] in BLOCKING
        for node in v["nodes"]
    ]


def check_pages(page, base: str, source: str) -> list[str]:  # type: ignore[no-untyped-def]
    found = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        for path in PAGES:
            page.goto(base + path)
            page.wait_for_selector(READY[path])
            page.wait_for_load_state("networkidle")
            found += [f"{path} at {width}x{height}: {line}" for line in violations(page, source)]
    return found


def test_every_page_of_the_bundled_roadmap_passes_axe(page, console, served_roadmap):
    found = check_pages(page, served_roadmap.url, axe_source())
    assert found == [], "\n".join(found)
    assert console.errors == []


def test_every_page_of_a_generated_roadmap_passes_axe(page, console, generated_roadmap):
    found = check_pages(page, generated_roadmap.url, axe_source())
    assert found == [], "\n".join(found)
    assert console.errors == []


def test_open_panels_and_menus_pass_axe(page, console, served_roadmap):
    source = axe_source()
    found = []
    page.goto(served_roadmap.url + "/tidslinje?area=e-resept&selected=pll-nasjonal-innforing&deps=1")
    page.locator("#gantt-details").wait_for(state="visible")
    found += [f"details panel: {line}" for line in violations(page, source)]
    page.keyboard.press("Escape")
    page.locator("#gantt-details").wait_for(state="hidden")
    page.get_by_role("button", name="Last ned").first.click()
    page.wait_for_selector(".vk-download .dropdown-menu.show")
    found += [f"download menu: {line}" for line in violations(page, source)]
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(served_roadmap.url + "/faser")
    page.wait_for_selector("#phase-graph .main-svg")
    page.click("#phases-filter-toggle")
    page.wait_for_selector("#phases-filter-collapse.show")
    found += [f"filters open on a tablet: {line}" for line in violations(page, source)]
    assert found == [], "\n".join(found)
    assert console.errors == []
