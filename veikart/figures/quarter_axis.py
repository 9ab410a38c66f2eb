"""The quarter time axis of the time views: years over "1. kv … 4. kv", and dated marks.

The Gantt view and the phase bands both draw their time axis with `TimeAxis`: the same
tick texts, grid, year lines, year labels and "today"/"updated" marks, so that quarters
line up and read the same on every page and slide. The axis knows how many pixels the
plot is wide, so it picks tick texts that fit and keeps every text at least 11 px.

Above the plot, from the top: year labels, quarter labels, then a strip holding the
labels of the dated marks ("I dag", "Oppdatert"), whose lines run down the whole plot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from veikart.figures.style import GRID, INK, MUTED, RULE, SELECTED_COLOR, TODAY_COLOR, UPDATED_COLOR, WHITE
from veikart.figures.text import plotly_text, text_width
from veikart.i18n import Lang, t
from veikart.roadmap.periods import Quarter, quarter_range

MIN_FONT = 11
"""No text in a figure is smaller (WCAG-minded; 11 px reads on a tablet held at arm's length)."""
MARK_STRIP = 20
"""Least height of the strip above the plot holding the dated marks' labels (px)."""


def quarter_middle(quarter: Quarter) -> pd.Timestamp:
    """The middle of a quarter, where its tick label sits."""
    first = pd.Timestamp(quarter.first_day)
    return first + (pd.Timestamp((quarter + 1).first_day) - first) / 2


def axis_range(first: Quarter, last: Quarter) -> list[pd.Timestamp]:
    """The x range covering `first` to `last` completely."""
    return [pd.Timestamp(first.first_day), pd.Timestamp((last + 1).first_day)]


@dataclass(frozen=True)
class Mark:
    """A dated vertical line with a label above the plot."""

    day: dt.date
    text: str
    color: str
    dash: str


@dataclass(frozen=True)
class TimeAxis:
    """The quarters `first`..`last` across a plot `plot_px` CSS pixels wide."""

    first: Quarter
    last: Quarter
    plot_px: float
    lang: Lang
    font: int = 12
    marks_strip: bool = True
    """Leave the strip for dated marks above the plot (off when no mark can be drawn)."""

    @property
    def start(self) -> pd.Timestamp:
        return pd.Timestamp(self.first.first_day)

    @property
    def end(self) -> pd.Timestamp:
        return pd.Timestamp((self.last + 1).first_day)

    @property
    def quarters(self) -> list[Quarter]:
        return quarter_range(self.first, self.last)

    @property
    def px_per_day(self) -> float:
        return self.plot_px / max(1, (self.end - self.start).days)

    def px(self, day: dt.date | pd.Timestamp) -> float:
        """Pixels from the plot's left edge to `day`."""
        return (pd.Timestamp(day) - self.start).days * self.px_per_day

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= pd.Timestamp(day) < self.end

    @property
    def quarter_font(self) -> int:
        return max(MIN_FONT, self.font - 1)

    def quarter_labels(self) -> list[str]:
        """'1. kv' where it fits a quarter's width, else the bare number, else nothing."""
        quarters = self.quarters
        room = self.plot_px / max(1, len(quarters)) - 4
        for style in ("quarter.tick", "number"):
            texts = [
                t(style, self.lang, n=q.number) if style != "number" else str(q.number) for q in quarters
            ]
            if max(text_width(x, self.quarter_font) for x in texts) <= room:
                return texts
        return ["" for _ in quarters]

    @property
    def year_font(self) -> int:
        return max(MIN_FONT, self.font + 1)

    @property
    def height_above(self) -> int:
        """Pixels above the plot taken by year labels, quarter labels and the marks' strip."""
        return self._quarter_offset + self.quarter_font + 6 + self.year_font + 6

    @property
    def mark_font(self) -> int:
        return max(MIN_FONT, self.font - 1)

    @property
    def _quarter_offset(self) -> int:
        """The strip for the marks' labels: their text and padding, at least MARK_STRIP."""
        return max(MARK_STRIP, self.mark_font + 9) if self.marks_strip else 2

    def xaxis(self) -> dict[str, Any]:
        """An x axis on top of the plot, labelled by quarter and gridded at quarter starts."""
        quarters = self.quarters
        return {
            "type": "date",
            "side": "top",
            "range": [self.start, self.end],
            "fixedrange": True,
            "tickmode": "array",
            "tickvals": [quarter_middle(q) for q in quarters],
            "ticktext": self.quarter_labels(),
            "tickangle": 0,
            "ticks": "",
            "ticklabelstandoff": self._quarter_offset,
            "showgrid": False,
            "zeroline": False,
            "showline": False,
            "tickfont": {"size": self.quarter_font, "color": MUTED},
            "minor": {
                "tickmode": "array",
                "tickvals": [pd.Timestamp(q.first_day) for q in quarters[1:]],
                "showgrid": True,
                "gridcolor": GRID,
                "ticks": "",
            },
        }

    def year_spans(self) -> list[tuple[int, pd.Timestamp, float]]:
        """Each year shown: (year, middle of its visible part, visible width in px)."""
        spans = []
        for year in range(self.first.year, self.last.year + 1):
            a = max(pd.Timestamp(dt.date(year, 1, 1)), self.start)
            b = min(pd.Timestamp(dt.date(year + 1, 1, 1)), self.end)
            spans.append((year, a + (b - a) / 2, self.px(b) - self.px(a)))
        return spans

    def shown_years(self) -> list[tuple[int, pd.Timestamp]]:
        """The years to label: every year while "2024" fits its width, else every n-th."""
        spans = self.year_spans()
        label_px = text_width("2024", self.year_font, bold=True) + 8
        step = 1
        full = [w for _, _, w in spans if w > 0]
        if full and max(full) < label_px:
            step = int(-(-label_px // max(1.0, max(full))))
        return [
            (year, middle) for i, (year, middle, width) in enumerate(spans) if i % step == 0 and width > 0
        ]

    def year_annotations(self) -> list[dict[str, Any]]:
        """Year labels centred over their quarters, above the quarter labels."""
        shift = self._quarter_offset + self.quarter_font + 6
        return [
            {
                "text": f"<b>{year}</b>",
                "x": middle,
                "xref": "x",
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "yshift": shift,
                "showarrow": False,
                "font": {"size": self.year_font, "color": INK},
            }
            for year, middle in self.shown_years()
        ]

    def year_lines(self) -> list[dict[str, Any]]:
        """Vertical lines at the year boundaries inside the period."""
        return [
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": pd.Timestamp(dt.date(year, 1, 1)),
                "x1": pd.Timestamp(dt.date(year, 1, 1)),
                "y0": 0,
                "y1": 1,
                "line": {"color": RULE, "width": 1.2},
                "layer": "above",
            }
            for year in range(self.first.year, self.last.year + 1)
            if pd.Timestamp(dt.date(year, 1, 1)) > self.start
        ]

    def marks(
        self, today: dt.date | None, updated: dt.date | None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Lines at today and at the roadmap's `updated` date, labelled in the strip above the plot.

        Each label sits over its line where it can; close marks push their labels apart,
        and no label leaves the plot's width (`place_labels`).
        """
        wanted = []
        if self.contains(updated):
            assert updated is not None
            wanted.append(Mark(updated, t("gantt.updated_mark", self.lang), UPDATED_COLOR, "dash"))
        if self.contains(today):
            assert today is not None
            wanted.append(Mark(today, t("today", self.lang), TODAY_COLOR, "dot"))
        if not wanted or not self.marks_strip:
            return [], []
        wanted.sort(key=lambda mark: mark.day)
        size = self.mark_font
        pad = 2
        widths = [text_width(mark.text, size) + 2 * pad + 2 for mark in wanted]
        lefts = place_labels([self.px(mark.day) for mark in wanted], widths, self.plot_px)
        shapes = []
        annotations = []
        for mark, left in zip(wanted, lefts, strict=True):
            day = pd.Timestamp(mark.day)
            shapes.append(
                {
                    "type": "line",
                    "xref": "x",
                    "yref": "paper",
                    "x0": day,
                    "x1": day,
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": mark.color, "width": 2, "dash": mark.dash},
                    "layer": "above",
                }
            )
            annotations.append(
                {
                    "text": plotly_text(mark.text),
                    "x": self.start + pd.Timedelta(milliseconds=round(left / self.px_per_day * 86_400_000)),
                    "xref": "x",
                    "xanchor": "left",
                    "y": 1,
                    "yref": "paper",
                    "yanchor": "bottom",
                    "yshift": 1,
                    "showarrow": False,
                    "font": {"size": size, "color": WHITE},
                    "bgcolor": mark.color,
                    "borderpad": pad,
                }
            )
        return shapes, annotations


def place_labels(centres: list[float], widths: list[float], room: float, gap: float = 4) -> list[float]:
    """Left edges of labels in one row: each centred on its point where it can, none overlapping,
    all inside 0..room. Points come sorted from left to right."""
    lefts = [min(max(0.0, c - w / 2), max(0.0, room - w)) for c, w in zip(centres, widths, strict=True)]
    for i in range(1, len(lefts)):
        lefts[i] = max(lefts[i], lefts[i - 1] + widths[i - 1] + gap)
    for i in range(len(lefts) - 1, -1, -1):
        limit = room - widths[i] if i == len(lefts) - 1 else lefts[i + 1] - gap - widths[i]
        lefts[i] = max(0.0, min(lefts[i], limit))
    return lefts


def selected_quarter_marker(quarter: Quarter, lang: Lang) -> tuple[dict[str, Any], dict[str, Any]]:
    """A band over the selected quarter and its label under the plot, as (shape, annotation)."""
    shape = {
        "type": "rect",
        "xref": "x",
        "yref": "paper",
        "x0": pd.Timestamp(quarter.first_day),
        "x1": pd.Timestamp((quarter + 1).first_day),
        "y0": 0,
        "y1": 1,
        "fillcolor": "rgba(31, 42, 51, 0.10)",
        "line": {"color": SELECTED_COLOR, "width": 2},
        "layer": "above",
    }
    label = {
        "x": quarter_middle(quarter),
        "xref": "x",
        "y": 0,
        "yref": "paper",
        "yanchor": "top",
        "text": f"<b>{quarter.label(lang)}</b>",
        "showarrow": False,
        "font": {"size": 12, "color": WHITE},
        "bgcolor": SELECTED_COLOR,
        "borderpad": 3,
    }
    return shape, label
