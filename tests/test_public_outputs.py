"""Public outputs: `--public` (or VEIKART_PUBLIC=1) leaves every internal item and note out.

A unique marker is planted in an internal deliverable, an internal service (and its
deliverable), an internal risk, a source only internal items cite, a baseline's internal
deliverable, and the notes of a phase, a service, a deliverable and a risk. Every export
format (PNG: the figure as sent to Chromium and the same view as SVG text; SVG; PDF via
pdftotext; HTML; PowerPoint via python-pptx and its XML) and every file of the static site
(figure scripts and compressed copies included) must be free of it. Without `--public`
the same outputs do carry it, so the search is known to find it.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import zipfile
from pathlib import Path

import brotli
import plotly.io as pio
import pytest
from click.testing import CliRunner
from history_repo import GitRoadmap
from pptx import Presentation

from veikart.cli import main
from veikart.export import ImageSession
from veikart.roadmap.public import PUBLIC_ENV

MARKER = "QX7INTERNMARKOR"

ROADMAP = f"""
roadmap: {{title: Offentlig veikart, start: 2022-Q1, end: 2024-Q4, updated: 2023-01-10}}
sources:
  - {{id: offentlig, title: Styresak 12/22, date: 2022-05-02, url: "https://example.org/sak.pdf"}}
  - {{id: hemmelig, title: "{MARKER} internt notat", date: 2022-06-01}}
phases:
  - {{id: konsept, name: Konsept, note: "{MARKER} fasenotat"}}
  - {{id: innforing, name: Innføring}}
areas:
  - {{id: kj, name: Kjernejournal}}
services:
  - {{id: kj, name: Kjernejournal, area: kj, note: "{MARKER} tjenestenotat", sources: [offentlig]}}
  - {{id: intern, name: "{MARKER} intern tjeneste", area: kj, internal: true}}
deliverables:
  - {{id: kj-a, service: kj, title: Kritisk info, start: 2022-Q1, end: 2022-Q4, status: available,
     phase: konsept, note: "{MARKER} leveransenotat", sources: [offentlig]}}
  - {{id: kj-b, service: kj, title: Dokumentdeling, start: 2023-Q1, end: 2024-Q2, status: planning,
     phase: innforing, tentative: true, sources: [offentlig]}}
  - {{id: kj-hemmelig, service: kj, title: "{MARKER} intern leveranse", start: 2022-Q3, end: 2023-Q2,
     internal: true, sources: [hemmelig]}}
  - {{id: intern-a, service: intern, title: "{MARKER} leveranse i intern tjeneste", start: 2022-Q1,
     end: 2022-Q2}}
risks:
  - {{id: r-1, title: Forsinket innføring, level: high, affects: [kj, intern-a], note: "{MARKER} risikonotat"}}
  - {{id: r-2, title: "{MARKER} intern risiko", level: high, affects: [kj-a], internal: true}}
"""
BASELINE_EXTRA = f"""  - {{id: fjernet-intern, service: kj, title: "{MARKER} fjernet intern", start: 2022-Q2,
     end: 2022-Q3, internal: true}}
  - {{id: fjernet-i-intern, service: intern, title: "{MARKER} fjernet i intern tjeneste", start: 2022-Q2,
     end: 2022-Q3}}
"""

pytestmark = pytest.mark.export


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> GitRoadmap:
    """The roadmap in git: v1 had two internal deliverables since removed, and kj-b earlier."""
    repo = GitRoadmap(tmp_path_factory.mktemp("public-repo"))
    older = ROADMAP.replace("end: 2024-Q2", "end: 2023-Q4").replace("risks:\n", "")
    older = older.split("  - {id: r-1")[0]
    repo.write("roadmap.yaml", older + BASELINE_EXTRA)
    repo.commit("Vedtatt", "2023-01-10")
    repo.tag("v1")
    repo.write("roadmap.yaml", ROADMAP)
    repo.commit("Oppdatert", "2023-03-01")
    return repo


class RecordingSession:
    """Chromium, recording every figure it is asked to draw (as JSON), then drawing it."""

    def __init__(self, session: ImageSession) -> None:
        self.session = session
        self.figures: list[str] = []

    def render(self, figure, fmt, width, height, scale):
        self.figures.append(pio.to_json(figure))
        return self.session.render(figure, fmt, width, height, scale)


@pytest.fixture(scope="module")
def session():
    with ImageSession() as images:
        yield images


def export(repo: GitRoadmap, out: Path, session, *extra: str, env: dict | None = None) -> RecordingSession:
    recording = RecordingSession(session)
    args = ["export", str(repo.root / "roadmap.yaml"), "--out", str(out), "--baseline", "v1", *extra]
    result = CliRunner(env=env or {}).invoke(main, args, obj={"image_session": recording})
    assert result.exit_code == 0, result.output
    return recording


def svg_text(data: bytes) -> str:
    return data.decode("utf-8")


def pdf_text(path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pptx_text(path: Path) -> str:
    deck = Presentation(str(path))
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    texts.append(deck.core_properties.title or "")
    with zipfile.ZipFile(path) as archive:
        texts += [archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml")]
    return "\n".join(texts)


def outputs(repo: GitRoadmap, folder: Path, session, *flags: str, env: dict | None = None) -> dict[str, str]:
    """Every format's searchable text, by a name saying what it is."""
    found: dict[str, str] = {}
    for view in ("gantt", "phases", "bands"):
        for fmt in ("png", "svg", "pdf"):
            out = folder / f"{view}.{fmt}"
            recording = export(repo, out, session, "--view", view, *flags, env=env)
            found[f"{view}.{fmt} figure"] = "\n".join(recording.figures)
            if fmt == "svg":
                found[f"{view}.svg"] = svg_text(out.read_bytes())
            if fmt == "pdf":
                found[f"{view}.pdf"] = pdf_text(out)
        html = folder / f"{view}.html"
        export(repo, html, session, "--view", view, *flags, env=env)
        found[f"{view}.html"] = html.read_text(encoding="utf-8")
    deck = folder / "veikart.pptx"
    recording = export(repo, deck, session, *flags, env=env)
    found["pptx figures"] = "\n".join(recording.figures)
    found["pptx"] = pptx_text(deck)
    return found


def site_texts(site: Path) -> dict[str, str]:
    """Every file of a built site as text, compressed copies decompressed."""
    texts = {}
    for file in site.rglob("*"):
        if not file.is_file() or file.suffix == ".ico":
            continue
        data = file.read_bytes()
        if file.suffix == ".gz":
            data = gzip.decompress(data)
        elif file.suffix == ".br":
            data = brotli.decompress(data)
        texts[str(file.relative_to(site))] = data.decode("utf-8", errors="replace")
    return texts


def test_public_exports_carry_no_internal_item_and_no_note(repo, session, tmp_path):
    public = outputs(repo, tmp_path / "public", session, "--public")
    leaks = [name for name, text in public.items() if MARKER in text]
    assert leaks == []
    # what the public may see is there: the estimate, the public risk and source
    assert "Dokumentdeling" in public["gantt.svg"]
    assert "Anslått tidspunkt" in public["gantt.svg"]
    assert "Styresak 12/22" in public["gantt.svg"]
    assert "Høy risiko" in public["gantt.svg"]
    assert "+2 kv" in public["gantt.svg"]  # the baseline is there, reduced to its public part


def test_the_environment_asks_for_public_exports_too(repo, session, tmp_path):
    out = tmp_path / "env.svg"
    export(repo, out, session, env={PUBLIC_ENV: "1"})
    assert MARKER not in out.read_text(encoding="utf-8")


def test_without_public_the_same_search_finds_the_marker(repo, session, tmp_path):
    internal = outputs(repo, tmp_path / "internal", session)
    for name in ("gantt.svg", "gantt.html", "gantt.pdf", "gantt.png figure", "pptx"):
        assert MARKER in internal[name], name


def test_public_site_has_no_internal_item_and_no_note(repo, tmp_path):
    site = tmp_path / "site"
    result = CliRunner(env={}).invoke(
        main, ["build", str(repo.root / "roadmap.yaml"), "--out", str(site), "--public"]
    )
    assert result.exit_code == 0, result.output
    texts = site_texts(site)
    assert any(name.endswith(".js.br") for name in texts)
    assert [name for name, text in texts.items() if MARKER in text] == []
    assert "Styresak 12/22" in texts["index.html"]
    assert "Forsinket innføring" in texts["risks.html"]
    internal = tmp_path / "internal-site"
    result = CliRunner(env={}).invoke(
        main, ["build", str(repo.root / "roadmap.yaml"), "--out", str(internal)]
    )
    assert result.exit_code == 0, result.output
    assert any(MARKER in text for text in site_texts(internal).values())


def test_the_environment_asks_for_a_public_site(repo, tmp_path):
    site = tmp_path / "site"
    result = CliRunner(env={PUBLIC_ENV: "true"}).invoke(
        main, ["build", str(repo.root / "roadmap.yaml"), "--out", str(site)]
    )
    assert result.exit_code == 0, result.output
    assert not any(MARKER in text for text in site_texts(site).values())
