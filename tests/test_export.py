"""Exports without a browser: sizes, browser discovery, the frame, the deck plan, CLI options, HTML."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from click.testing import CliRunner
from plotly_html import figures_in_html, strings_in

from veikart.cli import main
from veikart.commands import CommandError
from veikart.commands.export import FilterOptions, filters_from_options
from veikart.export import (
    DEFAULT_SIZE,
    BrowserMissing,
    ExportRequest,
    ImageSize,
    NothingToExport,
    SizeError,
    export_bytes,
    find_chromium,
    parse_size,
    standard_set,
    view_figure,
)
from veikart.export.browser import BROWSER_ENV
from veikart.export.deck import deck_plan, slide_image_size
from veikart.export.framing import (
    FOOTER_PX,
    LINE_PX,
    PAD_PX,
    TITLE_PX,
    Caption,
    caption_for,
    framed_figure,
    source_words,
)
from veikart.export.pdf_info import with_document_info
from veikart.export.request import figure_options
from veikart.export.timeline_parts import balanced_runs
from veikart.figures.gantt import gantt_plan
from veikart.figures.text import text_width
from veikart.filters import Filters, filter_frames, parse_query
from veikart.frames import RoadmapFrames
from veikart.registry import VIEW_NAMES
from veikart.roadmap.periods import Quarter

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "roadmap.yaml"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["export", *args], env=env, catch_exceptions=False)


# --- sizes -------------------------------------------------------------------------------


def test_sizes_parse_pixels_and_presets():
    assert parse_size("1920x1080") == DEFAULT_SIZE
    assert parse_size(" 1280×720 ") == ImageSize(1280, 720)
    assert parse_size("16:9") == ImageSize(1920, 1080)
    assert parse_size("4:3").aspect == pytest.approx(4 / 3)
    assert parse_size("A4-landscape").aspect == pytest.approx(297 / 210, rel=1e-3)


@pytest.mark.parametrize("text", ["1920", "wide", "10x10", "99999x1080", "16:10"])
def test_bad_sizes_say_what_is_expected(text):
    with pytest.raises(SizeError, match=r"1920x1080|200 to 8000"):
        parse_size(text)


# --- finding Chromium ----------------------------------------------------------------------


def test_explicit_browser_path_is_used(tmp_path):
    assert find_chromium({BROWSER_ENV: sys.executable}) == Path(sys.executable)


def test_bogus_browser_path_is_an_error_not_a_fallback(tmp_path):
    with pytest.raises(BrowserMissing) as caught:
        find_chromium({BROWSER_ENV: str(tmp_path / "no-chromium")})
    message = str(caught.value)
    assert "No Chromium found at VEIKART_CHROMIUM=" in message
    assert "apt-get install chromium" in message
    assert "HTML export" in message


def test_no_browser_anywhere(tmp_path, monkeypatch):
    monkeypatch.setattr("veikart.export.browser.DEFAULT_BROWSER", tmp_path / "chromium")
    with pytest.raises(BrowserMissing, match="apt-get install chromium"):
        find_chromium({"PATH": str(tmp_path)})


# --- the frame ---------------------------------------------------------------------------


def test_caption_names_title_filters_date_and_source(bundled_frames):
    filters = Filters(area=("kjernejournal",), status=("planning",))
    caption = caption_for(bundled_frames, filters, "Tidslinje", files=["data/roadmap.yaml"])
    assert caption.title == "Veikart for nasjonale e-helseløsninger"
    assert caption.lines[-1] == (
        "Tidslinje · Område: Kjernejournal · Status: Funksjonalitet i konsept eller planlegging"
    )
    assert caption.updated == "Oppdatert 1. desember 2021"
    assert caption.source == "Kilde: roadmap.yaml · Direktoratet for e-helse"


def test_caption_overrides_and_english(bundled_roadmap):
    from veikart.frames import roadmap_frames

    frames = roadmap_frames(bundled_roadmap, "en")
    caption = caption_for(frames, Filters(), "Timeline", title="Board, May", subtitle="")
    assert caption.title == "Board, May"
    assert caption.lines == ("Timeline · All deliverables",)
    assert caption.updated == "Updated 1 December 2021"


def test_source_of_many_files_names_the_folder():
    files = [f"data/teams/{name}.yaml" for name in "abcde"]
    assert source_words(files, None, "nb") == "Kilde: 5 filer i teams/"


def _plain_figure() -> go.Figure:
    return go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h")).update_layout(
        margin={"t": 40, "b": 30, "l": 20, "r": 20}
    )


def test_frame_adds_header_and_footer_outside_the_figures_margins():
    caption = Caption(
        "Veikart <b>2025</b>", ("Undertittel", "Tidslinje · Alle leveranser"), "Kilde: x", "Oppdatert"
    )
    framed = framed_figure(_plain_figure(), caption, 1920, 1080)
    layout = framed.layout
    assert (layout.width, layout.height) == (1920, 1080)
    assert layout.margin.t > 40 + TITLE_PX + 2 * LINE_PX
    assert layout.margin.b > 30 + FOOTER_PX
    # YAML text is shown as text: tags are escaped, never interpreted
    assert layout.title.text == "Veikart &lt;b>2025&lt;/b>"
    assert layout.title.subtitle.text.startswith("Undertittel<br>Tidslinje · Alle leveranser")
    assert [a.text for a in layout.annotations] == ["Kilde: x", "Oppdatert"]


def test_frame_text_is_legible_on_a_projector():
    framed = framed_figure(_plain_figure(), Caption("T", ("a", "b"), "s", "u"), 1920, 1080)
    assert framed.layout.title.font.size >= 28
    assert framed.layout.title.subtitle.font.size >= 14
    assert all(a.font.size >= 14 for a in framed.layout.annotations)


def test_long_title_shrinks_then_is_cut_never_wraps():
    framed = framed_figure(_plain_figure(), Caption("Veikart " * 60), 1920, 1080)
    assert framed.layout.title.font.size == 28
    assert framed.layout.title.text.endswith("…")
    assert "<br>" not in framed.layout.title.text


def test_figures_own_title_gives_way_and_its_legend_keeps_below_the_header():
    figure = _plain_figure().update_layout(
        height=800,
        margin={"t": 120},
        title={"text": "Own title", "yref": "container", "y": 0.99},
        legend={"yref": "container", "y": 1 - 70 / 800, "yanchor": "top"},
    )
    framed = framed_figure(figure, Caption("Frame title", ("line",)), 1920, 1080)
    assert framed.layout.title.text == "Frame title"
    legend_top = (1 - framed.layout.legend.y) * 1080
    header = framed.layout.margin.t - (120 - 70)
    assert legend_top == pytest.approx(header)


def test_slide_pictures_have_no_title_line():
    framed = framed_figure(
        _plain_figure(), Caption("Title", ("View · filters",)), 1920, 900, show_title=False
    )
    assert framed.layout.title.text == "View · filters"
    assert framed.layout.title.font.size == LINE_PX


# --- what gets exported ------------------------------------------------------------------


def test_every_view_builds_a_framed_static_figure(bundled_frames):
    for view in VIEW_NAMES:
        request = ExportRequest(view=view, filters=Filters(area=("kjernejournal",)))
        figure = view_figure(bundled_frames, request, size=DEFAULT_SIZE)
        assert figure.layout.width == 1920
        assert figure.layout.title.text == "Veikart for nasjonale e-helseløsninger"
        assert "Område: Kjernejournal" in figure.layout.title.subtitle.text


def test_phase_overview_caption_names_the_quarter_it_shows(bundled_frames):
    request = ExportRequest(view="phases", filters=Filters(at=Quarter(2023, 2)))
    figure = view_figure(bundled_frames, request, size=DEFAULT_SIZE)
    assert "Kvartal: 2023 K2" in figure.layout.title.subtitle.text


def test_filters_that_leave_nothing_are_reported(bundled_frames):
    request = ExportRequest(filters=Filters(q="no such words anywhere"))
    with pytest.raises(NothingToExport):
        view_figure(bundled_frames, request, size=DEFAULT_SIZE)


def test_deck_has_a_slide_per_area_then_the_phase_overview(bundled_frames):
    slides = deck_plan(bundled_frames, ExportRequest(fmt="pptx"))
    dense = "Felles grunnmur og helhetlig samhandling: tidslinje"
    parts = [s.title for s in slides if s.title.startswith(dense)]
    assert len(parts) >= 2 and parts == [f"{dense} ({i}/{len(parts)})" for i in range(1, len(parts) + 1)]
    expected = []
    for area in bundled_frames.areas["name"]:
        title = f"{area}: tidslinje"
        expected += parts if title == dense else [title]
    assert [s.title for s in slides] == [*expected, "Faseoversikt"]
    assert {s.request.view for s in slides} == {"gantt", "phases"}


def test_a_dense_area_is_split_evenly_over_slides_that_keep_their_titles(bundled_frames):
    slides = [s for s in deck_plan(bundled_frames, ExportRequest(fmt="pptx")) if "(" in s.title]
    assert len(slides) >= 2
    options = figure_options(slides[0].request, "nb", static=True, size=slide_image_size(DEFAULT_SIZE))
    shown_services = []
    sizes = []
    for slide in slides:
        part = filter_frames(bundled_frames, slide.request.filters)
        plan = gantt_plan(part, options)
        assert plan.mode == "titled" and plan.all_titled, slide.title
        shown_services += list(slide.request.filters.service)
        sizes.append(len(part.deliverables))
    area = filter_frames(bundled_frames, Filters(area=("felles-grunnmur",)))
    with_deliverables = [s for s in area.services["id"] if s in set(area.deliverables["service"])]
    assert shown_services == with_deliverables  # every service once, in order
    assert gantt_plan(area, options).mode == "overview"  # on one slide the titles would not fit
    assert min(sizes) >= max(sizes) / 2  # even: no crammed slide next to one with a single bar


def test_balanced_runs_keep_order_and_even_out_the_heaviest():
    assert balanced_runs([1, 1, 1, 1], 2) == [(0, 2), (2, 4)]
    assert balanced_runs([5, 1, 1, 1, 1, 1], 2) == [(0, 1), (1, 6)]
    assert balanced_runs([3, 3, 3], 5) == [(0, 1), (1, 2), (2, 3)]


def test_deck_has_a_phase_slide_per_quarter_when_several_are_given(bundled_frames):
    quarters = (Quarter(2021, 1), Quarter(2023, 3))
    request = ExportRequest(fmt="pptx", filters=Filters(area=("e-resept",)), quarters=quarters)
    titles = [s.title for s in deck_plan(bundled_frames, request)]
    assert titles == ["E-resept: tidslinje", "Faseoversikt 2021 K1", "Faseoversikt 2023 K3"]


def test_slide_images_fill_the_slide_under_its_title_at_native_size():
    size = slide_image_size(DEFAULT_SIZE)
    assert size.width == 1920
    assert size.height == pytest.approx(1080 * 6.5 / 7.5, abs=1)


def test_standard_set_covers_every_view_and_area(bundled_frames):
    items = standard_set(bundled_frames, ExportRequest(), VIEW_NAMES)
    names = {item.name for item in items}
    for scope in ["alle", *bundled_frames.areas["id"]]:
        for view in VIEW_NAMES:
            assert f"{scope}-{view}.png" in names or f"{scope}-{view}-1.png" in names
    # the dense area's timeline comes in parts (as on its slides), each image with its titles
    parts = [i for i in items if i.name.startswith("felles-grunnmur-gantt-")]
    assert len(parts) >= 2 and "felles-grunnmur-gantt.png" not in names
    options = figure_options(parts[0].request, "nb", static=True, size=DEFAULT_SIZE)
    for part in parts:
        assert gantt_plan(filter_frames(bundled_frames, part.request.filters), options).all_titled
    assert {"veikart.pptx", "veikart-gantt.html"} <= names
    kj = next(i for i in items if i.name == "kjernejournal-gantt.png")
    assert kj.request.filters.area == ("kjernejournal",)


# --- filters from the command line -------------------------------------------------------


def test_cli_filters_are_read_like_the_url(bundled_frames):
    options = FilterOptions(
        lists={"area": ["kjernejournal,e-resept"], "status": ["planning", "establishing"]},
        critical=True,
        start="2022-Q1",
        end="2023-Q4",
        at=["2022-Q3"],
    )
    filters = filters_from_options(bundled_frames, options, "nb")
    query = {k: v for k, v in (p.split("=") for p in filters.to_query()[1:].split("&"))}
    assert parse_query(query, bundled_frames)[0] == filters
    assert filters.area == ("kjernejournal", "e-resept")
    assert filters.status == ("planning", "establishing")
    assert (filters.start, filters.end, filters.at) == (Quarter(2022, 1), Quarter(2023, 4), Quarter(2022, 3))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            FilterOptions(lists={"area": ["kjerne"]}),
            "unknown --area value 'kjerne'; did you mean 'kjernejournal'?",
        ),
        (FilterOptions(lists={"status": ["done"]}), "unknown --status value 'done'"),
        (FilterOptions(start="2022-Q5"), "--from '2022-Q5' is not a quarter such as 2022-Q3"),
        (FilterOptions(start="2023-Q1", end="2022-Q1"), "--to 2022-Q1 is before --from 2023-Q1"),
    ],
)
def test_unknown_cli_filter_values_are_errors(bundled_frames, options, message):
    with pytest.raises(CommandError) as caught:
        filters_from_options(bundled_frames, options, "nb")
    assert message in str(caught.value)


# --- the command, without a browser ----------------------------------------------------


def test_missing_browser_is_a_clear_message_and_exit_2(tmp_path):
    out = tmp_path / "gantt.png"
    result = run(str(BUNDLED), "--out", str(out), env={BROWSER_ENV: str(tmp_path / "nowhere")})
    assert result.exit_code == 2
    assert "No Chromium found at VEIKART_CHROMIUM=" in result.output
    assert "apt-get install chromium" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_html_needs_no_browser(tmp_path):
    out = tmp_path / "gantt.html"
    result = run(str(BUNDLED), "--out", str(out), "--area", "kjernejournal", env={BROWSER_ENV: "/nowhere"})
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<html lang="nb">' in page
    assert "<title>Veikart for nasjonale e-helseløsninger</title>" in page
    # plotly.js is inline: no script is loaded from anywhere
    assert not re.search(r"<script[^>]+src=", page)
    assert len(page) > 3_000_000


def test_invalid_roadmap_prints_problems_and_exits_1(tmp_path):
    bad = tmp_path / "roadmap.yaml"
    bad.write_text("roadmap:\n  title: x\n")
    result = run(str(bad), "--format", "html", "--out", str(tmp_path / "x.html"))
    assert result.exit_code == 1
    assert re.search(r"roadmap\.yaml:\d+:\d+: error: ", result.output)
    assert "is not valid" in result.output


def test_missing_roadmap_exits_2(tmp_path):
    result = run(str(tmp_path / "nope.yaml"), "--format", "html")
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--area", "nowhere"], "unknown --area value 'nowhere'"),
        (["--size", "huge"], "is not WIDTHxHEIGHT"),
        (["--format", "pdf", "--out", "x.png"], "ends in .png but --format is pdf"),
        (["--at", "2022-Q1", "--at", "2023-Q1"], "only make sense with --format pptx"),
        (["--all", "--view", "phases"], "--all writes every view"),
    ],
)
def test_usage_problems_exit_2(args, message, tmp_path):
    result = run(str(BUNDLED), *args, env={BROWSER_ENV: "/nowhere"})
    assert result.exit_code == 2
    assert message in result.output


def test_html_export_bytes_in_english(bundled_roadmap):
    from veikart.frames import roadmap_frames

    frames = roadmap_frames(bundled_roadmap, "en")
    page = export_bytes(frames, ExportRequest(view="bands", fmt="html")).decode("utf-8")
    assert '<html lang="en">' in page
    (figure,) = figures_in_html(page)
    assert any("Phases over time · All deliverables" in text for text in strings_in(figure["layout"]))


def test_cli_colours_by_phase_and_draws_dependencies(tmp_path):
    out = tmp_path / "e-resept.html"
    result = run(
        str(BUNDLED), "--area", "e-resept", "--color-by", "phase", "--dependencies", "--format", "html",
        "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert "Nasjonal tilrettelegging" in page  # a phase in the legend
    assert "Avhengighet" in page  # the dependency arrows' legend entry
    plain = tmp_path / "plain.html"
    assert run(str(BUNDLED), "--area", "e-resept", "--format", "html", "--out", str(plain)).exit_code == 0
    assert "Avhengighet" not in plain.read_text()


# --- sources in the footer (format version 2) ----------------------------------------------


def _with_sources(frames: RoadmapFrames) -> RoadmapFrames:
    """The frames with three known sources, cited by one deliverable of two areas only."""
    sources = pd.DataFrame(
        {
            "id": ["nehs-2020-12", "pds-2021-12", "akson-2020"],
            "title": [
                "Nasjonalt e-helsestyre 16.12.2020, sak 31/20",
                "Programstyret PDS 1.12.2021",
                "Akson 2020",
            ],
            "date": [pd.Timestamp(2020, 12, 16), pd.NaT, pd.NaT],
            "publisher": ["Direktoratet for e-helse", None, None],
            "url": [None, None, None],
            "cited_by": [(), (), ()],
        }
    )
    d = frames.deliverables
    first_of = d.groupby("area")["id"].first()
    cited = {first_of["kjernejournal"]: ("pds-2021-12",), first_of["e-resept"]: ("nehs-2020-12",)}
    return dataclasses.replace(
        frames,
        deliverables=d.assign(sources=[cited.get(i, ()) for i in d["id"]]),
        services=frames.services.assign(sources=[()] * len(frames.services)),
        sources=sources,
    )


def _without_sources(frames: RoadmapFrames) -> RoadmapFrames:
    """The frames of a roadmap written before format version 2: no sources at all."""
    return dataclasses.replace(
        frames,
        deliverables=frames.deliverables.assign(sources=[()] * len(frames.deliverables)),
        services=frames.services.assign(sources=[()] * len(frames.services)),
        sources=frames.sources.iloc[0:0],
    )


def test_footer_cites_the_sources_behind_what_is_shown(bundled_frames):
    frames = _with_sources(bundled_frames)
    kj = caption_for(frames, Filters(area=("kjernejournal",)), "Tidslinje")
    assert kj.sources == ("Programstyret PDS 1.12.2021",)
    assert kj.source_line("nb", 1800) == ["Kilde: Programstyret PDS 1.12.2021"]
    every = caption_for(frames, Filters(), "Tidslinje")
    assert set(every.sources) == {
        "Programstyret PDS 1.12.2021",
        "Nasjonalt e-helsestyre 16.12.2020, sak 31/20 (Direktoratet for e-helse, 16. desember 2020)",
    }
    # an area whose items name no source cites the roadmap's sources
    akson = caption_for(frames, Filters(area=("akson",)), "Tidslinje")
    assert len(akson.sources) == 3
    line = " ".join(akson.source_line("nb", 1800))
    assert line.startswith("Kilder: Nasjonalt e-helsestyre") and "Akson 2020" in line


def test_the_bundled_roadmap_cites_the_board_papers_behind_an_area(bundled_frames):
    regional = caption_for(bundled_frames, Filters(area=("regionale-journallosninger",)), "Tidslinje")
    titles = dict(zip(bundled_frames.sources["id"], bundled_frames.sources["title"], strict=True))
    cited = ("akson-toppnotat-2020", "akson-ssd-vedlegg-2020", "pds-2021-12", "nehs-2020-09")
    assert sorted(text.split(" (")[0] for text in regional.sources) == sorted(titles[i] for i in cited)


def test_a_roadmap_without_sources_names_its_files_and_owner(bundled_frames):
    frames = _without_sources(bundled_frames)
    caption = caption_for(frames, Filters(), "Tidslinje", files=["data/roadmap.yaml"])
    assert caption.sources == ()
    assert caption.source_line("nb", 1800) == ["Kilde: roadmap.yaml · Direktoratet for e-helse"]


def test_many_sources_take_two_footer_lines_then_are_counted():
    caption = Caption("T", sources=tuple(f"Styrepapir nummer {i} fra programmet" for i in range(40)))
    lines = caption.source_line("nb", 900, 16)
    assert len(lines) <= 2
    assert lines[-1].endswith("til")  # "... og N til"
    framed = framed_figure(_plain_figure(), caption, 1000, 700)
    (footer,) = [a for a in framed.layout.annotations if a.text.startswith("Kilder:")]
    assert footer.text.count("<br>") == len(lines) - 1


def test_an_images_footer_spans_the_image_whatever_the_figures_margins():
    """Wide row labels (a large left margin) must not push the cited sources off the image."""
    sources = tuple(f"Styrepapir nummer {i} om framdriften i programmet" for i in range(6))
    caption = Caption("T", sources=sources, updated="Oppdatert 1. desember 2021")
    figure = _plain_figure().update_layout(margin={"l": 400, "r": 16})
    framed = framed_figure(figure, caption, 1920, 1080)
    footer, updated = framed.layout.annotations
    plot_px = 1920 - 400 - 16
    assert footer.xanchor == "left" and 400 + footer.x * plot_px == pytest.approx(PAD_PX)
    assert updated.xanchor == "right" and 400 + updated.x * plot_px == pytest.approx(1920 - PAD_PX)
    room = 1920 - 2 * PAD_PX - text_width(caption.updated, FOOTER_PX)
    for line in footer.text.split("<br>"):
        assert text_width(line, FOOTER_PX) <= room


def test_footer_sources_in_slides_title_slide_are_bounded():
    caption = Caption("T", sources=tuple(f"Kilde {i}" for i in range(9)))
    (line,) = caption.source_line("nb")
    assert line == "Kilder: Kilde 0; Kilde 1; Kilde 2; Kilde 3; Kilde 4 og 4 til"


# --- PDF document information --------------------------------------------------------------


def _tiny_pdf() -> bytes:
    """A one-page PDF in the classic form Chromium writes (Info, catalog, xref table)."""
    objects = [
        b"<</Title (Kaleido-fier)\n/Producer (Skia/PDF m156)>>",
        b"<</Type /Catalog\n/Pages 3 0 R\n/Lang (en-US)>>",
        b"<</Type /Pages\n/Kids [4 0 R]\n/Count 1>>",
        b"<</Type /Page\n/Parent 3 0 R\n/MediaBox [0 0 10 10]>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size 5\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_pdf_gets_the_roadmaps_title_and_language_by_an_incremental_update():
    original = _tiny_pdf()
    amended = with_document_info(original, "Veikart «Nord» & <sør>", "nb", "Direktoratet for e-helse")
    assert amended.startswith(original)  # nothing before is touched
    tail = amended[len(original) :]
    title = "Veikart «Nord» & <sør>".encode("utf-16-be").hex().upper().encode()
    assert b"/Title <FEFF" + title + b">" in tail
    assert b"/Lang <FEFF" + "nb".encode("utf-16-be").hex().upper().encode() + b">" in tail
    trailer = tail[tail.rindex(b"trailer") :]
    assert (
        b"/Info 5 0 R" in trailer
        and b"/Root 2 0 R" in trailer
        and b"/Prev %d" % original.index(b"xref") in trailer
    )
    # every new cross-reference entry points at its object
    xref = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", amended).group(1))
    for number, offset in re.findall(rb"(\d+) 1\n(\d{10}) 00000 n", amended[xref:]):
        assert amended[int(offset) :].startswith(number + b" 0 obj")


def test_a_pdf_of_another_structure_is_left_as_it_is():
    assert with_document_info(b"%PDF-1.7\nnot a classic file", "T", "nb") == b"%PDF-1.7\nnot a classic file"
