"""/styrenotat in headless Chromium against a real `veikart serve` on a roadmap in git:
the digest since the baseline, choosing another version, and the print preview
(`page.pdf()`, the print stylesheet on A4) without the dashboard's header."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from digest_repo import HOSTILE_SUBJECT, board_repo

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def board_server(tmp_path_factory: pytest.TempPathFactory, start_server):
    repo = board_repo(tmp_path_factory.mktemp("digest-served"))
    repo.tag("styremote-2", date="2023-03-01")
    return start_server(repo.root / "roadmap.yaml")


def open_digest(page, base: str, query: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/styrenotat{query}")
    page.wait_for_selector("article.vkd section#vkd-sources")


def test_the_digest_since_the_baseline_with_hostile_text_as_text(page, board_server, console) -> None:
    open_digest(page, board_server.url, "?baseline=styremote-1")
    assert page.inner_text("#vkd-changes h2") == "Endringer siden styremote-1"
    slipped = page.inner_text("#vkd-changes table.vkd-table-slipped")
    assert "Kritisk informasjon" in slipped and "+2 kv" in slipped
    assert HOSTILE_SUBJECT in slipped
    assert page.locator("article.vkd script").count() == 0
    assert page.title().startswith("Styrenotat – ")
    assert console.errors == []


def test_choosing_another_version_redraws_the_digest(page, board_server, console) -> None:
    open_digest(page, board_server.url, "?baseline=styremote-1")
    page.click("a.vkd-version:text-is('styremote-2')")
    page.wait_for_function(
        "document.querySelector('#vkd-changes h2').textContent === 'Endringer siden styremote-2'"
    )
    assert "baseline=styremote-2" in page.url
    assert page.inner_text(".vkd-version-current") == "styremote-2"
    assert console.errors == []


def test_a_refused_revision_in_the_link_gets_a_notice(page, board_server, console) -> None:
    open_digest(page, board_server.url, "?baseline=--output=/tmp/x")
    assert "Ukjent verdi i lenken ble ignorert: baseline=--output=/tmp/x" in page.inner_text("body")
    assert console.errors == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_print_preview_is_the_digest_alone_on_a4(page, board_server, console, tmp_path: Path) -> None:
    open_digest(page, board_server.url, "?baseline=styremote-1")
    # The roadmap of 2023 is stale today; the notice comes once the server's watcher has
    # read the history (a moment after it starts).
    for _ in range(40):
        if page.locator(".vk-stale").count():
            break
        page.wait_for_timeout(500)
        open_digest(page, board_server.url, "?baseline=styremote-1")
    page.emulate_media(media="print")
    assert page.locator(".vk-header").is_hidden()
    assert page.locator(".vkd-tools").is_hidden()
    stale = page.locator(".vk-stale")
    assert stale.count() == 1  # the dashboard says the roadmap is stale,
    assert stale.is_hidden()  # the paper says so in its own section
    pdf = tmp_path / "styrenotat.pdf"
    pdf.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for heading in ("Nøkkeltall", "Endringer siden styremote-1", "Risikoer", "Kilder"):
        assert heading in text
    assert "Tidslinje" not in text  # the navigation is not printed
    assert "Sammenlign med" not in text  # nor the page's tools
    assert "Veikartet bør oppdateres" not in text  # nor the dashboard's staleness notice
    assert console.errors == []
