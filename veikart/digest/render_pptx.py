"""The digest as a PowerPoint deck for the board meeting itself.

The same 16:9 slides as the export deck (`veikart.export.deck`), with real text and real
tables, never pictures of text, so they stay sharp, searchable and editable. One topic per
slide: a section with several tables opens with an overview slide (each table's count or
its "none" line), then each table on its own slides. Fonts never shrink to make things
fit: body text is BODY_PT (14 pt) and a table too long for one slide continues on the
next ("Risikoer (forts.)"), its header repeated. How many rows fit is estimated from the
text's length and the columns' widths in Arial, the font every slide uses (Liberation Sans
has the same widths where Arial is missing).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.table import _Cell
from pptx.text.text import _Paragraph, _Run
from pptx.util import Emu, Inches, Pt

from veikart.digest.sections import Cell, Document, Figure, Section, Table
from veikart.figures.text import lines_needed
from veikart.i18n import Lang, t

# The export deck's slide (`veikart.export.deck`), not imported from there: that module
# loads plotly and kaleido, which a deck of text and tables does not need.
SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
SLIDE_TITLE_PT = 28

BODY_PT = 14
"""Table and body text: the smallest text on any slide."""
LINE_PT = 18
"""Lines of text above a table and on text slides."""
FIGURE_PT = 40
FONT = "Arial"
MARGIN = Inches(0.5)
TITLE_TOP = Inches(0.3)
TITLE_HEIGHT = Inches(0.9)
BODY_TOP = Inches(1.3)
BODY_BOTTOM = SLIDE_HEIGHT - Inches(0.45)
CELL_MARGIN_PT = 4.0
"""python-pptx's default cell margins: 0.05 inch above and below."""
CELL_SIDE_PT = 7.2
"""... and 0.1 inch left and right."""
LINE_SPACING = 1.2
"""Line height in font sizes: Arial's is 1.15 in PowerPoint and LibreOffice."""
TITLE_ONLY_LAYOUT, TITLE_SLIDE_LAYOUT = 5, 0

INK = RGBColor(0x1F, 0x2A, 0x33)
MUTED = RGBColor(0x56, 0x63, 0x6C)
ACCENT = RGBColor(0x1B, 0x5E, 0x7E)
RULE = RGBColor(0xC9, 0xD1, 0xD8)
HEADER_FILL = RGBColor(0xE8, 0xEE, 0xF2)
ROW_FILLS = (RGBColor(0xFF, 0xFF, 0xFF), RGBColor(0xF5, 0xF7, 0xF9))
TONE_FILLS = {
    "green": RGBColor(0xD7, 0xEE, 0xD8),
    "yellow": RGBColor(0xFC, 0xEF, 0xC2),
    "red": RGBColor(0xF6, 0xD0, 0xD0),
}
"""Pale fills for traffic lights: the word stays legible in INK, and says the colour too."""
TONE_INK = {
    "high": RGBColor(0xB0, 0x1E, 0x1E),
    "red": RGBColor(0x8E, 0x1B, 0x1B),
    "late": RGBColor(0xB3, 0x41, 0x0C),
}
BOLD_TONES = frozenset({"high", "red", "late"})


# --- sizes -----------------------------------------------------------------------------


def _pt(emu: int) -> float:
    return emu / 12700


def text_lines(text: str, width_pt: float, size_pt: float = BODY_PT, bold: bool = False) -> int:
    """How many lines `text` wraps to in a box `width_pt` wide, measured in Arial's widths
    (the figures' own measure, `veikart.figures.text`)."""
    return lines_needed(text, width_pt, size_pt, bold=bold) if text else 1


def row_height_pt(
    cells: Sequence[str], widths_pt: Sequence[float], size_pt: float = BODY_PT, bold: bool = False
) -> float:
    """The height of a table row: its tallest cell's lines, and the cell margins."""
    inner = [w - 2 * CELL_SIDE_PT for w in widths_pt]
    lines = max(text_lines(text, width, size_pt, bold) for text, width in zip(cells, inner, strict=True))
    return lines * size_pt * LINE_SPACING + 2 * CELL_MARGIN_PT


def column_widths_emu(table: Table, total: int) -> list[int]:
    weight = sum(table.widths) or 1.0
    widths = [int(total * w / weight) for w in table.widths]
    widths[-1] += total - sum(widths)
    return widths


@dataclass(frozen=True)
class TablePage:
    rows: tuple[tuple[Cell, ...], ...]
    first: bool


def paginate(
    table: Table, widths_pt: Sequence[float], first_height_pt: float, height_pt: float
) -> list[TablePage]:
    """Split the rows into slides: the first has `first_height_pt` for the table, the rest
    `height_pt`; the header row is repeated on each."""
    header = row_height_pt(table.columns, widths_pt, bold=True)
    pages: list[TablePage] = []
    current: list[tuple[Cell, ...]] = []
    room = first_height_pt - header
    for row in table.rows:
        need = row_height_pt([c.text for c in row], widths_pt)
        if current and need > room:
            pages.append(TablePage(tuple(current), not pages))
            current, room = [], height_pt - header
        current.append(row)
        room -= need
    pages.append(TablePage(tuple(current), not pages))
    return pages


def fit_row(row: tuple[Cell, ...], widths_pt: Sequence[float], height_pt: float) -> tuple[Cell, ...]:
    """A row cut (with '…') to fit on one slide, when even alone it would not."""
    texts = [c.text for c in row]
    while row_height_pt(texts, widths_pt) > height_pt:
        longest = max(range(len(texts)), key=lambda i: len(texts[i]))
        if len(texts[longest]) < 20:
            break
        texts[longest] = texts[longest][: int(len(texts[longest]) * 0.8)].rstrip() + "…"
    return tuple(Cell(text, c.tone, c.href) for text, c in zip(texts, row, strict=True))


# --- drawing ---------------------------------------------------------------------------


def _style_run(run: _Run, size: float, *, bold: bool = False, color: RGBColor = INK) -> None:
    font = run.font
    font.size = Pt(size)
    font.name = FONT
    font.bold = bold
    font.color.rgb = color


def _title(slide: Slide, text: str) -> None:
    heading = slide.shapes.title
    if heading is None:
        raise ValueError("the slide layout has no title placeholder")
    heading.left, heading.top = MARGIN, TITLE_TOP
    heading.width, heading.height = Emu(SLIDE_WIDTH - 2 * MARGIN), TITLE_HEIGHT
    frame = heading.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    run = paragraph.add_run()
    run.text = text
    _style_run(run, SLIDE_TITLE_PT, bold=True, color=INK)


def _text_box(
    slide: Slide, top: int, lines: Sequence[str], size: float = LINE_PT, bullets: bool = False
) -> int:
    """Lines of text from `top`; returns the height used."""
    width = SLIDE_WIDTH - 2 * MARGIN
    height_pt = _lines_height_pt(lines, size)
    box = slide.shapes.add_textbox(MARGIN, Emu(top), Emu(width), Pt(height_pt))
    frame = box.text_frame
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(size * 0.35)
        run = paragraph.add_run()
        run.text = f"• {line}" if bullets else line
        _style_run(run, size, color=INK)
    return int(Pt(height_pt))


def _lines_height_pt(lines: Sequence[str], size: float) -> float:
    """The height of lines of text across the slide, with the space after each."""
    width = _pt(SLIDE_WIDTH - 2 * MARGIN) - 14.4
    return sum(text_lines(line, width, size) for line in lines) * size * 1.35 + 8


def _new_slide(presentation: Deck, title: str) -> Slide:
    slide: Slide = presentation.slides.add_slide(presentation.slide_layouts[TITLE_ONLY_LAYOUT])
    _title(slide, title)
    return slide


def _fill(cell: _Cell, color: RGBColor) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = color


def _table(slide: Slide, table: Table, rows: Sequence[tuple[Cell, ...]], top: int, widths: list[int]) -> int:
    """The table with `rows` at `top`; returns its (estimated) height."""
    widths_pt = [_pt(w) for w in widths]
    height = row_height_pt(table.columns, widths_pt, bold=True) + sum(
        row_height_pt([c.text for c in r], widths_pt) for r in rows
    )
    shape = slide.shapes.add_table(
        len(rows) + 1, len(table.columns), MARGIN, Emu(top), Emu(SLIDE_WIDTH - 2 * MARGIN), Pt(height)
    )
    grid = shape.table
    grid.first_row = True
    grid.horz_banding = False
    for index, width in enumerate(widths):
        grid.columns[index].width = Emu(width)
    grid.rows[0].height = Pt(row_height_pt(table.columns, widths_pt, bold=True))
    for index, name in enumerate(table.columns):
        cell = grid.cell(0, index)
        _fill(cell, HEADER_FILL)
        cell.text_frame.word_wrap = True
        run = cell.text_frame.paragraphs[0].add_run()
        run.text = name
        _style_run(run, BODY_PT, bold=True, color=INK)
    for r, row in enumerate(rows, start=1):
        grid.rows[r].height = Pt(row_height_pt([c.text for c in row], widths_pt))
        for c, value in enumerate(row):
            cell = grid.cell(r, c)
            _fill(cell, TONE_FILLS.get(value.tone or "", ROW_FILLS[(r - 1) % 2]))
            cell.text_frame.word_wrap = True
            run = cell.text_frame.paragraphs[0].add_run()
            run.text = value.text
            tone = value.tone or ""
            _style_run(run, BODY_PT, bold=tone in BOLD_TONES, color=TONE_INK.get(tone, INK))
            if value.href:
                run.hyperlink.address = value.href
    return int(Pt(height))


def _title_slide(presentation: Deck, document: Document) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[TITLE_SLIDE_LAYOUT])
    title, body = slide.placeholders[0], slide.placeholders[1]
    title.left, title.top, title.width, title.height = (
        MARGIN + Inches(0.3),
        Inches(1.2),
        Inches(11.7),
        Inches(2.2),
    )
    body.left, body.top, body.width, body.height = (
        MARGIN + Inches(0.3),
        Inches(3.6),
        Inches(11.7),
        Inches(3.4),
    )
    frame = title.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    kicker = frame.paragraphs[0]
    kicker.alignment = PP_ALIGN.LEFT
    _style_run(_add(kicker, document.kicker.upper()), 18, bold=True, color=ACCENT)
    heading = frame.add_paragraph()
    heading.alignment = PP_ALIGN.LEFT
    _style_run(_add(heading, document.title), 36, bold=True)
    lines = [document.subtitle] if document.subtitle else []
    lines += [f"{label}: {value}" for label, value in document.meta]
    body_frame = body.text_frame
    body_frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = body_frame.paragraphs[0] if index == 0 else body_frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        first = index == 0 and document.subtitle
        _style_run(_add(paragraph, line), 22 if first else LINE_PT, color=MUTED if first else INK)


def _add(paragraph: _Paragraph, text: str) -> _Run:
    run = paragraph.add_run()
    run.text = text
    return run


def _figures_slide(presentation: Deck, section: Section) -> None:
    slide = _new_slide(presentation, section.heading)
    figures: Sequence[Figure] = section.figures
    per_row = 4
    gap = Inches(0.25)
    width = (SLIDE_WIDTH - 2 * MARGIN - gap * (per_row - 1)) // per_row
    height = Inches(1.8)
    for index, figure in enumerate(figures):
        row, column = divmod(index, per_row)
        left = MARGIN + column * (width + gap)
        top = BODY_TOP + Inches(0.2) + row * (height + gap)
        box = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(left), Emu(top), Emu(width), height)
        box.fill.solid()
        box.fill.fore_color.rgb = ROW_FILLS[1]
        box.line.color.rgb = RULE
        frame = box.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.TOP
        frame.margin_left = frame.margin_right = Inches(0.2)
        value = frame.paragraphs[0]
        value.alignment = PP_ALIGN.LEFT
        _style_run(_add(value, figure.value), FIGURE_PT, bold=True, color=ACCENT)
        label = frame.add_paragraph()
        label.alignment = PP_ALIGN.LEFT
        _style_run(_add(label, figure.label), 16, color=INK)
        if figure.note:
            note = frame.add_paragraph()
            note.alignment = PP_ALIGN.LEFT
            _style_run(_add(note, figure.note), BODY_PT, color=MUTED)


def _table_slides(
    presentation: Deck,
    lang: Lang,
    title: str,
    table: Table,
    lines: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> None:
    """The table over as many slides as it needs, `lines` above it on the first, `notes`
    below it on the last (or on a slide of their own when the last is full)."""
    total = SLIDE_WIDTH - 2 * MARGIN
    widths = column_widths_emu(table, total)
    widths_pt = [_pt(w) for w in widths]
    full = _pt(BODY_BOTTOM - BODY_TOP)
    intro = _lines_height_pt(lines, LINE_PT) if lines else 0.0
    header = row_height_pt(table.columns, widths_pt)
    rows = tuple(fit_row(row, widths_pt, full - header) for row in table.rows)
    fitted = Table(table.key, table.heading, table.columns, rows, table.empty, table.widths)
    pages = paginate(fitted, widths_pt, full - intro, full)
    for page in pages:
        slide = _new_slide(presentation, title if page.first else t("digest.continued", lang, title=title))
        top: int = BODY_TOP
        if page.first and lines:
            top += _text_box(slide, BODY_TOP, lines)
        top += _table(slide, fitted, page.rows, top, widths)
    if notes:
        if _pt(BODY_BOTTOM - top) < _lines_height_pt(notes, LINE_PT):
            slide, top = _new_slide(presentation, t("digest.continued", lang, title=title)), BODY_TOP
        _text_box(slide, top + Inches(0.15), notes)


def _section_slides(presentation: Deck, lang: Lang, section: Section) -> None:
    """One topic per slide: key figures; an overview of a section with several tables, then
    each table that has rows; a single table with its lines above it; or the lines alone."""
    if section.figures:
        _figures_slide(presentation, section)
        return
    filled = [table for table in section.tables if not table.is_empty]
    if len(section.tables) > 1:
        overview = list(section.lines)
        for table in section.tables:
            heading = table.heading or section.heading
            overview.append(f"{heading}: {len(table.rows)}" if table.rows else f"{heading}: {table.empty}")
        overview += section.notes
        slide = _new_slide(presentation, section.heading)
        _text_box(slide, BODY_TOP, overview, LINE_PT + 2, bullets=True)
        for table in filled:
            title = f"{section.heading}: {table.heading}" if table.heading else section.heading
            _table_slides(presentation, lang, title, table)
        return
    if filled:
        _table_slides(presentation, lang, section.heading, filled[0], section.lines, section.notes)
        return
    slide = _new_slide(presentation, section.heading)
    lines = [*section.lines, *(table.empty for table in section.tables), *section.notes]
    _text_box(slide, BODY_TOP, lines, LINE_PT + 2)


def render_pptx(document: Document) -> bytes:
    """The digest as .pptx bytes: a title slide, then each section on its own slides."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    properties = presentation.core_properties
    properties.title = f"{document.kicker}: {document.title}"
    properties.language = document.lang
    properties.author = "veikart"
    _title_slide(presentation, document)
    for section in document.sections:
        _section_slides(presentation, document.lang, section)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


__all__ = ["BODY_PT", "column_widths_emu", "paginate", "render_pptx", "row_height_pt", "text_lines"]
