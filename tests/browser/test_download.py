"""The "Last ned" menu in the dashboard: the file is the view on screen, with its filters."""

from __future__ import annotations

import struct
from pathlib import Path
from xml.etree import ElementTree

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.export]

EXPORT_MS = 90_000
"""An export starts its own Chromium on the server: a few seconds, more on a busy machine."""
SVG = "{http://www.w3.org/2000/svg}"


def base_url(server: object) -> str:
    return str(getattr(server, "url", server))


def download(page, toolbar: str, entry: str, target: Path) -> tuple[str, bytes]:  # type: ignore[no-untyped-def]
    """Open the toolbar's "Last ned" menu, pick an entry, return the file name and content."""
    menu = page.locator(f"{toolbar} .vk-download")
    menu.get_by_role("button", name="Last ned").click()
    with page.expect_download(timeout=EXPORT_MS) as started:
        menu.locator(".dropdown-item", has_text=entry).click()
        # While the file is made (a few seconds), the reader is told so, also by a screen reader.
        progress = page.locator(f"{toolbar} .vk-progress[aria-live='polite']")
        progress.filter(has_text="Lager fil").wait_for(timeout=EXPORT_MS)
    started.value.save_as(target)
    page.wait_for_function(
        "sel => document.querySelector(sel).innerText === ''", arg=f"{toolbar} .vk-progress"
    )
    return started.value.suggested_filename, target.read_bytes()


def svg_texts(data: bytes) -> str:
    """Every text of the SVG, one line each (lines of one text element are tspans)."""
    root = ElementTree.fromstring(data)
    lines = []
    for node in root.iter(f"{SVG}text"):
        spans = [span for span in node.iter(f"{SVG}tspan") if "line" in span.get("class", "")]
        lines += ["".join(span.itertext()) for span in spans] or ["".join(node.itertext())]
    return "\n".join(lines)


def test_png_of_the_filtered_timeline(page, console, served_roadmap, tmp_path) -> None:
    page.goto(f"{base_url(served_roadmap)}/tidslinje?area=kjernejournal&status=planning")
    page.wait_for_selector("#gantt-graph .main-svg")
    name, data = download(page, ".vk-page-gantt", "Bilde (PNG)", tmp_path / "gantt.png")
    assert name == "veikart-gantt-kjernejournal-planlegging.png"
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1920, 1080)
    # the same address as SVG: the frame names the filters that were on screen
    name, data = download(page, ".vk-page-gantt", "Vektorbilde (SVG)", tmp_path / "gantt.svg")
    texts = svg_texts(data)
    assert (
        "\nTidslinje · Område: Kjernejournal · Status: Funksjonalitet i konsept eller planlegging\n" in texts
    )
    assert "Kritisk informasjon gjennom datadeling" in texts
    assert "Legemidler i bruk (LiB) for alle pasienter" not in texts  # available: filtered out
    assert console.errors == []


def test_phase_overview_exports_its_quarter(page, console, served_roadmap, tmp_path) -> None:
    page.goto(f"{base_url(served_roadmap)}/faser?area=e-resept&at=2023-Q1")
    page.wait_for_selector("#phase-graph .main-svg")
    name, data = download(page, ".vk-page-phases", "Vektorbilde (SVG)", tmp_path / "phases.svg")
    assert name == "veikart-phases-e-resept-2023-q1.svg"
    assert "\nFaseoversikt · Område: E-resept · Kvartal: 2023 K1\n" in svg_texts(data)
    assert console.errors == []
