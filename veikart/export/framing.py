"""The frame around every exported figure: title, what is shown, when updated, from where.

A slide lifted out of its deck must still say what it shows, so the frame is drawn into
the figure itself: a header (roadmap title, subtitle, view and filters in words) and a
footer (source, "Oppdatert <date>"), in sizes legible on a projector.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from veikart.figures.text import fit_text, plotly_text, text_width, wrap_text
from veikart.filters import Filters, describe_filters, filter_frames
from veikart.frames import RoadmapFrames
from veikart.i18n import Lang, long_date, t

TITLE_PX = 34
"""Header title size in CSS pixels: ≥ 28 px stays legible at 1920×1080 on a projector."""
MIN_TITLE_PX = 28
"""A long title shrinks down to this size before it is cut."""
LINE_PX = 20
"""Subtitle and filter line size."""
FOOTER_PX = 16
"""Source and date line size: the smallest text the frame draws (≥ 14 px)."""
PAD_PX = 18
"""Space between the frame's text and the image edge."""
FONT_FAMILY = "Liberation Sans, Arial, Helvetica, sans-serif"
TEXT_COLOR = "#1b2631"
MUTED_COLOR = "#4d5656"
FOOTER_LINES = 2
"""The sources cited in the footer take at most this many lines; the rest are counted."""
NOMINAL_WIDTH = 1600
"""Width to wrap text for when the page decides the size."""
PLOTLY_DEFAULT_MARGIN = {"t": 100, "b": 80, "l": 80, "r": 80}


@dataclass(frozen=True)
class Caption:
    """The words of a frame; all plain text (escaped when drawn)."""

    title: str
    lines: tuple[str, ...] = ()
    """Lines under the title: subtitle, then the view and its filters in words."""
    source: str = ""
    """Where the figure comes from when the roadmap names no sources: its files and owner."""
    updated: str = ""
    sources: tuple[str, ...] = ()
    """The roadmap's sources (format version 2) behind what is shown, each in words."""

    def source_line(self, lang: Lang, width: float | None = None, font: float = 16) -> list[str]:
        """The footer's source text: the sources cited, as many as fit `width` in FOOTER_LINES
        lines and then how many more; else `source`. Without `width`, up to five sources."""
        if not self.sources:
            return [self.source] if self.source else []
        key = "export.source" if len(self.sources) == 1 else "export.sources"
        if width is None:
            shown, rest = list(self.sources[:5]), len(self.sources) - 5
            return [t(key, lang, source=_and_more(shown, max(0, rest), lang))]
        for n in range(len(self.sources), 0, -1):
            text = t(key, lang, source=_and_more(list(self.sources[:n]), len(self.sources) - n, lang))
            lines = wrap_text(text, width, font)
            if len(lines) <= FOOTER_LINES:
                return lines
        text = t(key, lang, source=_and_more([], len(self.sources), lang))
        return [fit_text(text, width, font, min_chars=1) or text]


def _and_more(shown: list[str], rest: int, lang: Lang) -> str:
    parts = "; ".join(shown)
    if rest and parts:
        return f"{parts} {t('gantt.more', lang, n=rest)}"
    if rest:
        return t("export.n_sources", lang, n=rest)
    return parts


def source_texts(frames: RoadmapFrames, filters: Filters, lang: Lang) -> tuple[str, ...]:
    """The roadmap's sources behind the shown items, in words: title (publisher, date).

    Sources named by a shown service or deliverable come first; a roadmap whose items
    name none cites all its sources. Empty for a roadmap without sources.
    """
    sources = frames.sources
    if sources.empty:
        return ()
    shown = filter_frames(frames, filters)
    cited: list[str] = []
    for table in (shown.services, shown.deliverables):
        if "sources" in table.columns:
            for ids in table["sources"]:
                if isinstance(ids, tuple | list):
                    cited.extend(str(i) for i in ids)
    order = {sid: i for i, sid in enumerate(dict.fromkeys(cited))}
    rows = sources[sources["id"].isin(order)] if order else sources
    texts = []
    for row in rows.to_dict("records"):
        details = [str(v) for v in (row.get("publisher"), _day(row.get("date"), lang)) if _present(v)]
        texts.append(f"{row['title']} ({', '.join(details)})" if details else str(row["title"]))
    return tuple(texts)


def _present(value: Any) -> bool:
    """Whether a frame cell holds a value (not None, NaN, NaT or empty text)."""
    return value is not None and value != "" and not (pd.api.types.is_scalar(value) and pd.isna(value))


def _day(value: Any, lang: Lang) -> str | None:
    if not _present(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return long_date(value, lang) if isinstance(value, dt.date) else str(value)


def source_words(files: Sequence[Path | str], owner: str | None, lang: Lang) -> str:
    """Where the figure comes from: 'Kilde: roadmap.yaml · Direktoratet for e-helse'."""
    paths = [Path(f) for f in files]
    if len(paths) <= 3:
        where = ", ".join(p.name for p in paths)
    else:
        parents = {p.parent for p in paths}
        folder = parents.pop().name if len(parents) == 1 else ""
        where = t("export.files", lang, n=len(paths), folder=folder + "/" if folder else "")
    parts = [p for p in (where, owner) if p]
    return t("export.source", lang, source=" · ".join(parts)) if parts else ""


def caption_for(
    frames: RoadmapFrames,
    filters: Filters,
    view_label: str,
    *,
    files: Sequence[Path | str] = (),
    title: str | None = None,
    subtitle: str | None = None,
    today: dt.date | None = None,
    baseline: str | None = None,
) -> Caption:
    """The caption of one exported view: overrides win over the roadmap's own words.

    With a `baseline` (its label), the line of what is shown says what it is compared with.
    """
    lang = frames.lang
    info = frames.info
    first = subtitle if subtitle is not None else (info.subtitle or "")
    what = f"{view_label} · {describe_filters(frames, filters, lang)}"
    if baseline:
        what += f" · {t('baseline.compared', lang, rev=baseline)}"
    if info.updated is not None:
        updated = t("updated", lang, date=long_date(info.updated, lang))
    elif today is not None:
        updated = t("export.exported", lang, date=long_date(today, lang))
    else:
        updated = ""
    return Caption(
        title=title if title is not None else info.title,
        lines=tuple(line for line in (first, what) if line),
        source=source_words(files, info.owner, lang),
        updated=updated,
        sources=source_texts(frames, filters, lang),
    )


def _wrap(text: str, width_px: float, font_px: int) -> list[str]:
    return wrap_text(text, width_px, font_px)


def _one_line(text: str, width_px: float) -> tuple[str, int]:
    """The title on one line: smaller down to MIN_TITLE_PX, then cut with an ellipsis.

    plotly misplaces multi-line titles anchored at the top, so titles never wrap.
    """
    size = TITLE_PX
    while size > MIN_TITLE_PX and text_width(text, size, bold=True) > width_px:
        size -= 1
    return fit_text(text, width_px, size, bold=True, min_chars=1) or text, size


def _header_height(title_px: int, n_lines: int) -> float:
    """Pixels from the image top to below the header's last line.

    Measured on plotly 7 / Chromium: the subtitle starts about title_px + 30 px below the
    top (with PAD_PX padding) and its lines are 1.3 × LINE_PX apart.
    """
    if n_lines == 0:
        return PAD_PX + title_px * 1.45 + PAD_PX * 0.5
    return 30 + title_px + (n_lines - 1) * LINE_PX * 1.3 + LINE_PX * 1.1 + PAD_PX * 0.5


def _escape(lines: Sequence[str]) -> str:
    return "<br>".join(plotly_text(line) for line in lines)


def _top_px(y: float, height: float) -> float:
    """Pixels from the image top of a container-anchored y."""
    return (1 - y) * height


def framed_figure(
    figure: go.Figure | dict[str, Any],
    caption: Caption,
    width: int | None,
    height: int | None,
    *,
    show_title: bool = True,
    lang: Lang = "nb",
) -> go.Figure:
    """A copy of `figure` at width × height with the caption drawn around it.

    None for width and height lets the figure fill its page (interactive HTML).
    The figure's margins are kept and the frame is added outside them, so the chart keeps
    its look. A title the figure draws itself is replaced by the frame's header (which
    says the same and more), and the band it took is given to the header. Legends placed
    in container coordinates keep their distance from the plot. With show_title=False
    (PowerPoint, whose slide title is real text) the frame draws no title line.
    """
    framed = go.Figure(figure)
    layout = framed.layout
    own_height = float(layout.height or height or 450)
    usable = (width or NOMINAL_WIDTH) - 2 * PAD_PX
    sub_lines = [wrapped for line in caption.lines for wrapped in _wrap(line, usable, LINE_PX)]
    if show_title:
        title, title_px = _one_line(caption.title, usable)
    else:
        title, title_px = (sub_lines.pop(0) if sub_lines else ""), LINE_PX
    header = _header_height(title_px, len(sub_lines))
    margin = {
        side: (getattr(layout.margin, side) if getattr(layout.margin, side) is not None else default)
        for side, default in PLOTLY_DEFAULT_MARGIN.items()
    }
    # An image's footer runs from edge to edge (the date at the right); a page's (no width)
    # under its plot area, whose width the reader's window decides.
    updated_px = text_width(caption.updated, FOOTER_PX) + 3 * PAD_PX if caption.updated else 0
    footer_left, footer_right = (PAD_PX, PAD_PX) if width else (margin["l"], margin["r"])
    footer_px = (width or NOMINAL_WIDTH) - footer_left - footer_right - updated_px
    source_lines = caption.source_line(lang, max(footer_px, 200), FOOTER_PX)
    footer = PAD_PX + FOOTER_PX * 1.4 * max(1, len(source_lines)) + PAD_PX * 0.5

    legends = [
        name for name in dir(layout) if name == "legend" or (name.startswith("legend") and name[6:].isdigit())
    ]
    anchored = [
        getattr(layout, name)
        for name in legends
        if getattr(layout, name).yref == "container" and getattr(layout, name).y is not None
    ]
    # the band above the highest container-anchored element held the figure's own title
    freed = 0.0
    if layout.title.text:
        tops = [_top_px(legend.y, own_height) for legend in anchored]
        freed = min([*tops, float(margin["t"])]) if tops else 0.0
    top = int(margin["t"] - freed + header)
    bottom = int(margin["b"] + footer)
    final_height = float(height or own_height - freed + header + footer)
    if layout.height and height:
        # A figure drawn shorter than the image keeps its own proportions (cards and rows
        # are not stretched): the spare height goes below it, above the footer.
        natural = own_height - margin["t"] - margin["b"]
        spare = (height - top - bottom) - natural
        if spare > 0:
            bottom += int(spare)
    for legend in anchored:
        legend.y = 1 - (_top_px(legend.y, own_height) - freed + header) / final_height

    # a trailing empty line: plotly places a one-line subtitle lower than a longer one
    subtitle_text = _escape([*sub_lines, " "]) if sub_lines else ""
    framed.update_layout(
        width=width,
        # without a size (HTML) the figure keeps its natural height and fills the page's width
        height=height or round(final_height),
        autosize=width is None,
        margin={"t": top, "b": bottom, "l": margin["l"], "r": margin["r"]},
        title={
            "text": plotly_text(title),
            "font": {"size": title_px, "family": FONT_FAMILY, "color": TEXT_COLOR},
            "subtitle": {
                "text": subtitle_text,
                "font": {"size": LINE_PX, "family": FONT_FAMILY, "color": MUTED_COLOR},
            },
            "xref": "container",
            "yref": "container",
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": PAD_PX, "l": PAD_PX, "b": 0, "r": 0},
            "automargin": False,
        },
    )
    footer_font = {"size": FOOTER_PX, "family": FONT_FAMILY, "color": MUTED_COLOR}
    below = -(bottom - PAD_PX * 0.75)  # the footer sits at the image's bottom edge
    # Annotations have no container coordinates: the edges are reached from the plot area's,
    # in its widths. Should plotly widen a margin, the text only moves inwards.
    plot_px = max(1.0, (width or NOMINAL_WIDTH) - margin["l"] - margin["r"])
    left_x = -(margin["l"] - footer_left) / plot_px if width else 0
    right_x = 1 + (margin["r"] - footer_right) / plot_px if width else 1
    for text, x, anchor in (
        (_escape(source_lines), left_x, "left"),
        (plotly_text(caption.updated), right_x, "right"),
    ):
        if text:
            framed.add_annotation(
                text=text,
                x=x,
                y=0,
                xref="paper",
                yref="paper",
                xanchor=anchor,
                yanchor="bottom",
                yshift=below,
                showarrow=False,
                font=footer_font,
                align=anchor,
            )
    return framed
