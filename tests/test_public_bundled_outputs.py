"""`veikart export --public` in every format and `veikart build --public`, on the bundled roadmap
with a marker planted in everything public outputs leave out (`public_marker`).

The same planted file serves the dashboard test (tests/browser/test_public_dashboard.py),
so the dashboard, the exports and the static site are searched for the same marker. PNG
has no text: what Chromium was asked to draw (the figure) is searched, as is the same
view's SVG. Without `--public` the same search finds the marker, so it is known to work.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli
import plotly.io as pio
import pytest
from click.testing import CliRunner
from public_marker import leaks, planted_roadmap, searchable_text

from veikart.cli import main
from veikart.export import ImageSession
from veikart.registry import FORMAT_NAMES, VIEW_NAMES

pytestmark = pytest.mark.export

AREA = ("--area", "kjernejournal")
"""The area of the planted internal service and deliverable, risk and notes: it keeps every
planted item in view, and a PDF of the whole bundled timeline takes Chromium about a minute."""


class RecordingSession:
    """Chromium, recording every figure it is asked to draw (as JSON), then drawing it."""

    def __init__(self, session: ImageSession) -> None:
        self.session = session
        self.figures: list[str] = []

    def render(self, figure, fmt, width, height, scale):  # type: ignore[no-untyped-def]
        self.figures.append(pio.to_json(figure))
        return self.session.render(figure, fmt, width, height, scale)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return planted_roadmap(tmp_path_factory.mktemp("planted"))


@pytest.fixture(scope="module")
def session():
    with ImageSession() as images:
        yield images


def export_texts(planted: Path, folder: Path, session, *flags: str, env=None) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Every view in every format (and the deck), as searchable text, by file name."""
    texts: dict[str, str] = {}
    jobs = [(view, fmt) for view in VIEW_NAMES for fmt in FORMAT_NAMES if fmt != "pptx"] + [("gantt", "pptx")]
    for view, fmt in jobs:
        out = folder / f"{view}.{fmt}"
        recording = RecordingSession(session)
        args = ["export", str(planted), "--view", view, "--format", fmt, "--out", str(out), *AREA, *flags]
        result = CliRunner(env={"VEIKART_PUBLIC": None, **(env or {})}).invoke(
            main, args, obj={"image_session": recording}
        )
        assert result.exit_code == 0, (view, fmt, result.output)
        texts[out.name] = searchable_text(out.name, out.read_bytes()) if fmt != "png" else ""
        texts[f"{out.name} (figures drawn)"] = "\n".join(recording.figures)
    return texts


def site_texts(site: Path) -> dict[str, str]:
    texts = {}
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        data = file.read_bytes()
        if file.suffix == ".br":
            data = brotli.decompress(data)
        elif file.suffix == ".gz":
            data = gzip.decompress(data)
        texts[str(file.relative_to(site))] = searchable_text(file.name, data)
    return texts


def test_every_public_export_is_free_of_the_marker(planted, session, tmp_path):
    texts = export_texts(planted, tmp_path, session, "--public")
    assert len(texts) == 2 * (len(VIEW_NAMES) * (len(FORMAT_NAMES) - 1) + 1)
    assert leaks(texts) == []
    assert "Anslått tidspunkt" in texts["gantt.svg"]


def test_the_environment_makes_exports_public(planted, session, tmp_path):
    texts = export_texts(planted, tmp_path, session, env={"VEIKART_PUBLIC": "1"})
    assert leaks(texts) == []


def test_without_public_the_search_finds_the_marker(planted, session, tmp_path):
    texts = export_texts(planted, tmp_path, session)
    assert {"gantt.svg", "gantt.pdf", "gantt.html", "gantt.pptx", "gantt.png (figures drawn)"} <= set(
        leaks(texts)
    )


def test_every_file_of_a_public_site_is_free_of_the_marker(planted, tmp_path):
    site = tmp_path / "site"
    result = CliRunner(env={"VEIKART_PUBLIC": None}).invoke(
        main, ["build", str(planted), "--out", str(site), "--public"]
    )
    assert result.exit_code == 0, result.output
    texts = site_texts(site)
    assert any(name.endswith(".br") for name in texts) and "risks.html" in texts
    assert leaks(texts) == []
    internal = tmp_path / "internal"
    result = CliRunner(env={"VEIKART_PUBLIC": None}).invoke(
        main, ["build", str(planted), "--out", str(internal)]
    )
    assert result.exit_code == 0, result.output
    assert leaks(site_texts(internal))
