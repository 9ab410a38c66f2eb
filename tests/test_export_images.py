"""Real files drawn by Chromium: PNG size, SVG text, PDF page, PowerPoint slides, the CLI.

One Chromium serves every test here (a session fixture): starting one costs ~3 s.
"""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Emu

from veikart.cli import main
from veikart.export import ExportRequest, ImageSession, ImageSize, export_bytes
from veikart.export.deck import SLIDE_HEIGHT, SLIDE_WIDTH, TITLE_BAND, deck_plan
from veikart.export.framing import source_texts
from veikart.filters import Filters
from veikart.roadmap.periods import Quarter

pytestmark = pytest.mark.export

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "roadmap.yaml"
KJ = Filters(area=("kjernejournal",))
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="session")
def image_session():
    with ImageSession() as session:
        yield session


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """Each page's MediaBox width and height, in points."""
    assert data.startswith(b"%PDF-")
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", data)
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert len(boxes) == len(pages)
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]


def export(frames, session, **fields) -> bytes:
    return export_bytes(frames, ExportRequest(**fields), session)


@pytest.mark.parametrize(("size", "scale"), [(ImageSize(1920, 1080), 1.0), (ImageSize(1280, 720), 2.0)])
def test_png_pixels_are_size_times_scale(bundled_frames, image_session, size, scale):
    data = export(bundled_frames, image_session, fmt="png", filters=KJ, size=size, scale=scale)
    assert png_size(data) == (round(size.width * scale), round(size.height * scale))


@pytest.mark.parametrize("view", ["gantt", "phases", "bands"])
def test_svg_carries_the_frame_text(bundled_frames, image_session, view):
    data = export(bundled_frames, image_session, view=view, fmt="svg", filters=KJ, files=("roadmap.yaml",))
    assert data.startswith(b"<svg")
    # parsed, so the comparison holds however the browser escapes characters in the file
    texts = ["".join(node.itertext()) for node in ElementTree.fromstring(data).iter(f"{SVG}text")]
    # The bundled roadmap names its sources: the footer cites them, first the first one cited.
    cited = source_texts(bundled_frames, KJ, "nb")
    assert cited
    for text in (
        "Veikart for nasjonale e-helseløsninger",
        "Område: Kjernejournal",
        "Oppdatert 1. desember 2021",
        f"{'Kilde' if len(cited) == 1 else 'Kilder'}: {cited[0][:30]}",
    ):
        assert any(text in line for line in texts), (text, texts)


def test_svg_title_override_is_escaped_text(bundled_frames, image_session):
    data = export(bundled_frames, image_session, fmt="svg", filters=KJ, title="Styret <mai> & juni")
    texts = ["".join(node.itertext()) for node in ElementTree.fromstring(data).iter(f"{SVG}text")]
    assert "Styret <mai> & juni" in texts
    assert not list(ElementTree.fromstring(data).iter("mai"))


@pytest.mark.parametrize("size", [ImageSize(1920, 1080), ImageSize(1754, 1240)])
def test_pdf_has_one_page_of_the_right_aspect(bundled_frames, image_session, size):
    data = export(bundled_frames, image_session, fmt="pdf", filters=KJ, size=size)
    pages = pdf_pages(data)
    assert len(pages) == 1
    width, height = pages[0]
    assert width / height == pytest.approx(size.aspect, rel=1e-3)


def test_pdf_is_titled_with_the_roadmap_in_its_language(bundled_frames, image_session):
    data = export(bundled_frames, image_session, fmt="pdf", filters=KJ)
    info = re.findall(rb"/Info (\d+) 0 R", data)[-1]
    (body,) = re.findall(rb"(?<![0-9])" + info + rb" 0 obj\s*<<(.*?)>>\s*endobj", data, re.DOTALL)
    title = re.search(rb"/Title <FEFF([0-9A-F]+)>", body).group(1)
    assert bytes.fromhex(title.decode()).decode("utf-16-be") == "Veikart for nasjonale e-helseløsninger"
    assert b"Kaleido-fier" not in body


def test_pptx_has_title_slide_area_slides_and_phase_slides(bundled_frames, image_session):
    quarters = (Quarter(2021, 1), Quarter(2023, 3))
    filters = Filters(area=("kjernejournal", "e-resept"))
    data = export(bundled_frames, image_session, fmt="pptx", filters=filters, quarters=quarters)
    deck = Presentation(io.BytesIO(data))
    assert (deck.slide_width, deck.slide_height) == (SLIDE_WIDTH, SLIDE_HEIGHT)
    assert deck.slide_width / deck.slide_height == pytest.approx(16 / 9, rel=1e-3)
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles == [
        "Veikart for nasjonale e-helseløsninger",
        "Kjernejournal: tidslinje",
        "E-resept: tidslinje",
        "Faseoversikt 2021 K1",
        "Faseoversikt 2023 K3",
    ]
    for slide in list(deck.slides)[1:]:
        (picture,) = [shape for shape in slide.shapes if shape.shape_type == 13]
        width, height = png_size(picture.image.blob)
        # native size: the picture's pixels map 1:1 onto the slide width at 144 ppi
        assert width == 1920
        assert picture.width == SLIDE_WIDTH
        assert picture.top == TITLE_BAND
        assert abs(picture.height - Emu(round(height * SLIDE_WIDTH / width))) <= 1
        assert picture.top + picture.height <= SLIDE_HEIGHT + 1


def test_cli_png_and_pptx_reuse_a_running_browser(image_session, bundled_frames, tmp_path):
    runner = CliRunner()
    obj = {"image_session": image_session}
    before = image_session.images_drawn
    png = tmp_path / "kj.png"
    result = runner.invoke(
        main,
        [
            "export",
            str(BUNDLED),
            "--area",
            "kjernejournal",
            "--size",
            "1280x720",
            "--scale",
            "1.5",
            "--out",
            str(png),
        ],
        obj=obj,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert png_size(png.read_bytes()) == (1920, 1080)
    deck = tmp_path / "deck.pptx"
    result = runner.invoke(
        main,
        [
            "export",
            str(BUNDLED),
            "--format",
            "pptx",
            "--at",
            "2022-Q1",
            "--at",
            "2024-Q1",
            "--out",
            str(deck),
        ],
        obj=obj,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    plan = deck_plan(bundled_frames, ExportRequest(fmt="pptx", quarters=(Quarter(2022, 1), Quarter(2024, 1))))
    assert len(plan) == 7 + 2 + 2  # seven areas, Felles grunnmur on three slides, two quarters
    assert len(Presentation(str(deck)).slides) == 1 + len(plan)
    assert image_session.images_drawn == before + 1 + len(plan)


def test_cli_all_writes_the_standard_set_with_one_browser(image_session, tmp_path):
    out = tmp_path / "set"
    result = CliRunner().invoke(
        main,
        ["export", str(BUNDLED), "--all", "--area", "e-resept,akson", "--out", str(out)],
        obj={"image_session": image_session},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    views = ["bands", "gantt", "phases"]
    expected = [f"{scope}-{v}.png" for scope in ("akson", "alle", "e-resept") for v in views]
    assert names == sorted([*expected, "veikart-gantt.html", "veikart.pptx"])
    for name in expected:
        assert png_size((out / name).read_bytes()) == (1920, 1080)
    assert f"{out}: 11 files" in result.output


@pytest.mark.parametrize("view", ["gantt", "phases", "bands"])
def test_svg_draws_yaml_markup_as_text(image_session, view):
    import yaml
    from markup_text import LINKED, PHASE, ROADMAP, STYLED

    from veikart.frames import roadmap_frames
    from veikart.roadmap.load import load_text

    frames = roadmap_frames(load_text(yaml.safe_dump(ROADMAP, allow_unicode=True)).roadmap)
    data = export(frames, image_session, view=view, fmt="svg", filters=Filters(at=Quarter(2022, 3)))
    tree = ElementTree.fromstring(data)
    texts = ["".join(node.itertext()) for node in tree.iter(f"{SVG}text")]
    assert "Tekst <em>som</em> tekst" in texts  # the roadmap title in the frame

    # names may wrap (at spaces or syllables): compare their letters
    def letters(text: str) -> str:
        return text.replace(" ", "").replace("-", "")

    compact = [letters(t) for t in texts]
    assert any(t.startswith(letters(LINKED)) for t in compact)
    assert letters(STYLED) in compact
    assert not list(tree.iter(f"{SVG}a"))
    # an entity shows only where the YAML wrote one: in the phase's name
    assert all(PHASE in t for t in texts if "&quot;" in t)
    if view != "gantt":
        assert any(PHASE in t for t in texts)
