"""The quarter time axis of the time views: "1. kv … 4. kv" under year labels.

The Gantt view and the phase bands both draw their time axis with these helpers: the same
tick texts, grid, year lines, year labels and today line, so that quarters line up and read
the same on every page and slide.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from veikart.figures.style import GRID, INK, MUTED, TODAY_COLOR
from veikart.i18n import Lang, t
from veikart.roadmap.periods import Quarter, quarter_range

YEAR_LINE_COLOR = "#9aa5ae"
SELECTED_COLOR = "#1f2a33"


def quarter_middle(quarter: Quarter) -> pd.Timestamp:
    """The middle of a quarter, where its tick label sits."""
    first = pd.Timestamp(quarter.first_day)
    return first + (pd.Timestamp((quarter + 1).first_day) - first) / 2


def axis_range(first: Quarter, last: Quarter) -> list[pd.Timestamp]:
    """The x range covering `first` to `last` completely."""
    return [pd.Timestamp(first.first_day), pd.Timestamp((last + 1).first_day)]


def quarter_labels(quarters: list[Quarter], lang: Lang) -> list[str]:
    """ "1. kv" while they fit, then bare numbers, then nothing (as in the Gantt view)."""
    if len(quarters) <= 28:
        return [t("quarter.tick", lang, n=q.number) for q in quarters]
    if len(quarters) <= 48:
        return [str(q.number) for q in quarters]
    return ["" for _ in quarters]


def quarter_axis(first: Quarter, last: Quarter, lang: Lang, *, font_size: int = 12) -> dict[str, Any]:
    """An x axis on top of the plot, labelled by quarter and gridded at quarter starts."""
    quarters = quarter_range(first, last)
    return {
        "type": "date",
        "side": "top",
        "range": axis_range(first, last),
        "fixedrange": True,
        "tickmode": "array",
        "tickvals": [quarter_middle(q) for q in quarters],
        "ticktext": quarter_labels(quarters, lang),
        "tickangle": 0,
        "ticks": "",
        "showgrid": False,
        "zeroline": False,
        "showline": False,
        "tickfont": {"size": font_size, "color": MUTED},
        "minor": {
            "tickmode": "array",
            "tickvals": [pd.Timestamp(q.first_day) for q in quarters[1:]],
            "showgrid": True,
            "gridcolor": GRID,
            "ticks": "",
        },
    }


def year_annotations(first: Quarter, last: Quarter, *, font_size: int = 14) -> list[dict[str, Any]]:
    """Year labels centred over their quarters, above the quarter labels."""
    x0, x1 = axis_range(first, last)
    annotations = []
    for year in range(first.year, last.year + 1):
        a = max(pd.Timestamp(dt.date(year, 1, 1)), x0)
        b = min(pd.Timestamp(dt.date(year + 1, 1, 1)), x1)
        annotations.append(
            {
                "text": f"<b>{year}</b>",
                "x": a + (b - a) / 2,
                "xref": "x",
                "y": 1,
                "yref": "paper",
                "yanchor": "bottom",
                "yshift": 26,
                "showarrow": False,
                "font": {"size": font_size, "color": INK},
            }
        )
    return annotations


def year_lines(first: Quarter, last: Quarter) -> list[dict[str, Any]]:
    """Vertical lines at the year boundaries inside the period."""
    x0, _ = axis_range(first, last)
    return [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": pd.Timestamp(dt.date(year, 1, 1)),
            "x1": pd.Timestamp(dt.date(year, 1, 1)),
            "y0": 0,
            "y1": 1,
            "line": {"color": YEAR_LINE_COLOR, "width": 1.2},
            "layer": "above",
        }
        for year in range(first.year, last.year + 1)
        if pd.Timestamp(dt.date(year, 1, 1)) > x0
    ]


def today_marker(today: dt.date, lang: Lang, *, font_size: int = 12) -> tuple[dict[str, Any], dict[str, Any]]:
    """A dotted line at today and its label under the plot, as (shape, annotation)."""
    day = pd.Timestamp(today)
    line = {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": day,
        "x1": day,
        "y0": 0,
        "y1": 1,
        "line": {"color": TODAY_COLOR, "width": 2, "dash": "dot"},
        "layer": "above",
    }
    label = {
        "text": t("today", lang),
        "x": day,
        "xref": "x",
        "y": 0,
        "yref": "paper",
        "yanchor": "top",
        "showarrow": False,
        "font": {"size": font_size, "color": TODAY_COLOR},
        "bgcolor": "white",
    }
    return line, label


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
        "font": {"size": 12, "color": "white"},
        "bgcolor": SELECTED_COLOR,
        "borderpad": 3,
    }
    return shape, label
