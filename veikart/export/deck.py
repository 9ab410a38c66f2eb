"""A PowerPoint deck: title slide, each area's timeline, the phase overview.

Slides are 16:9 with real text titles; each image is drawn at the slide's pixel width,
so it is placed at its native size and never rescaled by PowerPoint.
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass

from pptx import Presentation
from pptx.enum.text import PP_ALIGN
from pptx.presentation import Presentation as Deck
from pptx.util import Emu, Inches, Pt

from veikart.export.framing import caption_for
from veikart.export.request import ExportRequest, has_content, view_figure, view_label
from veikart.export.session import ImageSession
from veikart.export.sizes import ImageSize
from veikart.export.timeline_parts import timeline_parts
from veikart.filters import filter_frames
from veikart.frames import RoadmapFrames
from veikart.i18n import t

SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
TITLE_BAND = Inches(1.0)
"""Height of the slide title above the image."""
SLIDE_TITLE_PT = 28
TITLE_ONLY_LAYOUT, TITLE_SLIDE_LAYOUT = 5, 0


@dataclass(frozen=True)
class Slide:
    """One picture slide: a text title and the export that draws its image."""

    title: str
    request: ExportRequest


def deck_plan(frames: RoadmapFrames, request: ExportRequest) -> list[Slide]:
    """The picture slides, in order: each area with deliverables shown, then phase overviews."""
    lang = frames.lang
    filters = request.filters
    shown = filter_frames(frames, filters)
    slides: list[Slide] = []
    for area_id, area_name in zip(frames.areas["id"], frames.areas["name"], strict=True):
        if area_id not in set(shown.deliverables["area"]):
            continue
        area_request = dataclasses.replace(request, view="gantt", filters=filters.replace(area=(area_id,)))
        groups = timeline_parts(frames, area_request, slide_image_size(request.size))
        title = t("export.slide.area", lang, area=area_name)
        if len(groups) == 1:
            slides.append(Slide(title, area_request))
            continue
        for number, group in enumerate(groups, start=1):
            part = dataclasses.replace(area_request, filters=area_request.filters.replace(service=group))
            slides.append(Slide(f"{title} ({number}/{len(groups)})", part))
    if has_content(shown, "phases"):
        quarters = request.quarters or ((filters.at,) if filters.at else ())
        if len(quarters) > 1:
            for quarter in quarters:
                slides.append(
                    Slide(
                        t("export.slide.phases_at", lang, quarter=quarter.label(lang)),
                        dataclasses.replace(request, view="phases", filters=filters.replace(at=quarter)),
                    )
                )
        else:
            slides.append(Slide(view_label("phases", lang), dataclasses.replace(request, view="phases")))
    return slides


def slide_image_size(size: ImageSize) -> ImageSize:
    """The pixel size filling the slide under its title, at the width asked for."""
    pixels_per_emu = size.width / SLIDE_WIDTH
    return ImageSize(size.width, round((SLIDE_HEIGHT - TITLE_BAND) * pixels_per_emu))


def _title_slide(presentation: Deck, frames: RoadmapFrames, request: ExportRequest) -> None:
    caption = caption_for(
        frames,
        request.filters,
        "",
        files=request.files,
        title=request.title,
        subtitle=request.subtitle,
        today=request.today,
        baseline=request.baseline.label if request.baseline is not None else None,
    )
    slide = presentation.slides.add_slide(presentation.slide_layouts[TITLE_SLIDE_LAYOUT])
    title, body = slide.placeholders[0], slide.placeholders[1]
    title.left, title.top, title.width, title.height = Inches(0.8), Inches(2.0), Inches(11.7), Inches(1.6)
    body.left, body.top, body.width, body.height = Inches(0.8), Inches(3.8), Inches(11.7), Inches(2.6)
    title.text = caption.title
    title.text_frame.paragraphs[0].runs[0].font.size = Pt(40)
    # the caption's last line is "<view> · <filters>"; the title slide has no view
    lines = [*caption.lines[:-1], caption.lines[-1].removeprefix(" · ")] if caption.lines else []
    lines += [line for line in (caption.updated, *caption.source_line(frames.lang)) if line]
    frame = body.text_frame
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(24 if index == 0 else 18)


def _picture_slide(presentation: Deck, title: str, png: bytes, size: ImageSize) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[TITLE_ONLY_LAYOUT])
    heading = slide.shapes.title
    heading.left, heading.top = Inches(0.4), Inches(0.15)
    heading.width, heading.height = SLIDE_WIDTH - Inches(0.8), TITLE_BAND - Inches(0.2)
    heading.text = title
    paragraph = heading.text_frame.paragraphs[0]
    paragraph.font.size = Pt(SLIDE_TITLE_PT)
    paragraph.alignment = PP_ALIGN.LEFT
    emu_per_pixel = SLIDE_WIDTH / size.width
    slide.shapes.add_picture(
        io.BytesIO(png),
        Emu(0),
        TITLE_BAND,
        width=Emu(round(size.width * emu_per_pixel)),
        height=Emu(round(size.height * emu_per_pixel)),
    )


def build_deck(
    frames: RoadmapFrames,
    request: ExportRequest,
    session: ImageSession,
    progress: object = None,
) -> bytes:
    """The deck as .pptx bytes; every image is drawn in the one `session`."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    presentation.core_properties.title = request.title or frames.info.title
    presentation.core_properties.language = frames.lang
    _title_slide(presentation, frames, request)
    image_size = slide_image_size(request.size)
    for slide in deck_plan(frames, request):
        # the title slide carries the subtitle; each picture says only what it shows
        picture = dataclasses.replace(slide.request, subtitle="")
        figure = view_figure(frames, picture, size=image_size, show_title=False)
        png = session.render(figure, "png", image_size.width, image_size.height, request.scale)
        _picture_slide(presentation, slide.title, png, image_size)
        if callable(progress):
            progress()
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()
