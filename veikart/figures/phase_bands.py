"""The phase bands (faser over tid): each service's phases over the period, on the quarter axis.

Rows as in the Gantt view: an area heading, then its services, names wrapped (never cut)
into a label column measured for the figure's width. One bar trace per phase.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from veikart.figures.legend import legend_height
from veikart.figures.options import FigureOptions
from veikart.figures.phases import overview_quarter
from veikart.figures.quarter_axis import TimeAxis, selected_quarter_marker
from veikart.figures.style import (
    CRITICAL_COLOR,
    CRITICAL_GLYPH,
    FONT,
    INK,
    MUTED,
    RULE,
    UNKNOWN_COLOR,
    WHITE,
    phase_colors,
    tint,
)
from veikart.figures.text import NBSP, plotly_text, text_width, wrap_text
from veikart.frames import UNKNOWN_PHASE, RoadmapFrames
from veikart.i18n import Lang, t
from veikart.roadmap.periods import Quarter

DEFAULT_WIDTH = 1100
ROW_PX = 24
FONT_SIZE = 12
LINE_HEIGHT = 1.25
TITLE_PX = 40
LEGEND_FONT = 12
BOTTOM_PX = 44
"""Room under the plot for the selected quarter's label."""
MARGIN_RIGHT = 20
LABEL_COLUMN_SHARE = 0.3
LABEL_COLUMN_MIN = 130
LABEL_COLUMN_MAX = 360
AREA_TINT = 0.16


def _runs(phases: list[str]) -> list[tuple[int, int, str]]:
    """Consecutive runs of the same phase: (first index, last index, phase)."""
    runs: list[tuple[int, int, str]] = []
    for i, phase in enumerate(phases):
        if runs and runs[-1][2] == phase:
            runs[-1] = (runs[-1][0], i, phase)
        else:
            runs.append((i, i, phase))
    return runs


def phase_bands(frames: RoadmapFrames) -> pd.DataFrame:
    """Each service's phases over the period as segments: service, phase, first and last quarter."""
    quarters = frames.quarters
    records = []
    timeline = frames.phase_timeline
    by_service = {sid: g for sid, g in timeline.groupby("service", sort=False)}
    for sid in frames.services.sort_values("order")["id"]:
        group = by_service.get(sid)
        if group is None:
            continue
        phase_by_quarter = dict(zip(group["quarter"], group["phase"], strict=True))
        sequence = [phase_by_quarter.get(str(q), UNKNOWN_PHASE) for q in quarters]
        for first, last, phase in _runs(sequence):
            records.append((sid, phase, quarters[first], quarters[last]))
    return pd.DataFrame(records, columns=["service", "phase", "first", "last"])


def _period(first: Quarter, last: Quarter, lang: Lang) -> str:
    return first.label(lang) if first == last else f"{first.label(lang)}–{last.label(lang)}"


def _rows(services: pd.DataFrame, column: float) -> tuple[list[dict[str, Any]], dict[str, float], float]:
    """Heading and service rows: kind, lines, top, height (in rows); each service's middle."""
    line_units = FONT_SIZE * LINE_HEIGHT / ROW_PX
    rows: list[dict[str, Any]] = []
    middle: dict[str, float] = {}
    top = 0.0
    area = None
    for sid, name, area_id, area_name, color, critical in zip(
        *(services[c] for c in ("id", "name", "area", "area_name", "area_color", "critical")), strict=True
    ):
        if area_id != area:
            area = area_id
            lines = wrap_text(str(area_name), column, FONT_SIZE, bold=True)
            height = max(1.0, len(lines) * line_units + 0.2)
            rows.append({"kind": "area", "lines": lines, "top": top, "height": height, "color": color})
            top += height
        text = str(name) + (NBSP + CRITICAL_GLYPH if critical else "")
        lines = wrap_text(text, column, FONT_SIZE)
        height = max(1.0, len(lines) * line_units + 0.15)
        rows.append(
            {"kind": "service", "lines": lines, "top": top, "height": height, "critical": bool(critical)}
        )
        middle[str(sid)] = top + height / 2
        top += height
    return rows, middle, max(top, 1.0)


def _tick_text(row: dict[str, Any]) -> str:
    lines = [plotly_text(line) for line in row["lines"]]
    if row["kind"] == "area":
        return "<br>".join(f"<b>{line}</b>" for line in lines)
    if row["critical"] and lines[-1].endswith(CRITICAL_GLYPH):
        lines[-1] = (
            lines[-1][: -len(CRITICAL_GLYPH)]
            + f"<span style='color:{CRITICAL_COLOR}'>{CRITICAL_GLYPH}</span>"
        )
    return "<br>".join(lines)


def phase_bands_figure(frames: RoadmapFrames, options: FigureOptions) -> dict[str, Any]:
    """One row per service with its phases over time, on the Gantt view's quarter axis."""
    lang = options.lang
    quarters = frames.quarters
    first = options.start or quarters[0]
    last = options.end or quarters[-1]
    at = overview_quarter(frames, options)
    services = frames.services.sort_values("order").reset_index(drop=True)
    width = options.drawn_width or DEFAULT_WIDTH
    column = float(np.clip(width * LABEL_COLUMN_SHARE, LABEL_COLUMN_MIN, LABEL_COLUMN_MAX))
    rows, middle, units = _rows(services, column)
    widest = max(
        [text_width(line, FONT_SIZE, bold=row["kind"] == "area") for row in rows for line in row["lines"]]
        or [40.0]
    )
    margin_left = int(np.ceil(min(column, widest) + 14))
    plot_px = max(120.0, width - margin_left - MARGIN_RIGHT)
    marks = any(
        day is not None and first.first_day <= day <= last.last_day
        for day in (options.today, frames.info.updated)
    )
    axis = TimeAxis(first, last, plot_px, lang, font=FONT_SIZE, marks_strip=marks)

    bands = phase_bands(frames)
    phases = frames.phases.sort_values("order")
    colors = phase_colors(frames.phases["id"])
    names = dict(zip(phases["id"], phases["name"], strict=True))
    service_names = dict(zip(services["id"], services["name"], strict=True))
    start = axis.start.value // 1_000_000
    end = axis.end.value // 1_000_000
    traces: list[dict[str, Any]] = [
        {
            "type": "bar",
            "orientation": "h",
            "base": [start] * len(rows),
            "x": [end - start] * len(rows),
            "y": [row["top"] + row["height"] / 2 for row in rows],
            "width": [row["height"] for row in rows],
            "marker": {
                "color": [tint(row["color"], AREA_TINT) if row["kind"] == "area" else WHITE for row in rows],
                "line": {"width": 0},
            },
            "hoverinfo": "skip",
            "showlegend": False,
            "name": "rows",
        }
    ]
    legend: list[str] = []
    for phase in [*phases["id"], UNKNOWN_PHASE]:
        segments = bands[bands["phase"] == phase]
        if segments.empty:
            continue
        unknown = phase == UNKNOWN_PHASE
        starts = [pd.Timestamp(q.first_day) for q in segments["first"]]
        finishes = [pd.Timestamp((q + 1).first_day) for q in segments["last"]]
        name = t("phase.unknown", lang) if unknown else names[phase]
        legend.append(name)
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "base": starts,
                # Durations in milliseconds: plotly's date axis adds them to `base`.
                "x": [(b - a).total_seconds() * 1000 for a, b in zip(starts, finishes, strict=True)],
                "y": [middle[s] for s in segments["service"]],
                "width": 0.72,
                "name": plotly_text(name),
                "showlegend": True,
                "marker": {
                    "color": WHITE if unknown else colors[phase],
                    "line": {"color": UNKNOWN_COLOR if unknown else WHITE, "width": 1},
                    **({"pattern": {"shape": "/", "fgcolor": UNKNOWN_COLOR, "size": 6}} if unknown else {}),
                },
                "customdata": [
                    [s, plotly_text(service_names[s]), plotly_text(name), _period(a, b, lang)]
                    for s, a, b in zip(segments["service"], segments["first"], segments["last"], strict=True)
                ],
                "hovertemplate": "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>",
                "meta": "bands",
            }
        )
    shapes = axis.year_lines()
    shapes += [
        {
            "type": "line",
            "xref": "paper",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": row["top"],
            "y1": row["top"],
            "line": {"color": RULE, "width": 1},
            "layer": "above",
        }
        for row in rows
        if row["kind"] == "area" and row["top"] > 0
    ]
    annotations = axis.year_annotations()
    if first <= at <= last:
        shape, label = selected_quarter_marker(at, lang)
        shapes.append(shape)
        annotations.append(label)
    mark_lines, mark_labels = axis.marks(options.today, frames.info.updated)
    shapes += mark_lines
    annotations += mark_labels
    legend_px = legend_height(legend, plot_px, LEGEND_FONT)
    top = TITLE_PX + legend_px + axis.height_above + 4
    height = int(np.ceil(top + units * ROW_PX + BOTTOM_PX))
    layout: dict[str, Any] = {
        "title": {
            "text": f"<b>{plotly_text(t('phases.bands_title', lang))}</b>",
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "pad": {"l": 10},
            "y": 1 - 10 / height,
            "yref": "container",
            "yanchor": "top",
            "font": {"size": 18, "color": INK},
        },
        "font": {"family": FONT, "color": INK, "size": FONT_SIZE},
        "height": height,
        "margin": {"l": margin_left, "r": MARGIN_RIGHT, "t": top, "b": BOTTOM_PX, "pad": 0},
        "paper_bgcolor": WHITE,
        "plot_bgcolor": WHITE,
        "barmode": "overlay",
        "bargap": 0,
        "showlegend": bool(legend),
        "legend": {
            "orientation": "h",
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "y": 1 - TITLE_PX / height,
            "yref": "container",
            "yanchor": "top",
            "traceorder": "normal",
            "font": {"size": LEGEND_FONT},
        },
        "xaxis": axis.xaxis(),
        "yaxis": {
            "tickmode": "array",
            "tickvals": [row["top"] + row["height"] / 2 for row in rows],
            "ticktext": [_tick_text(row) for row in rows],
            "range": [units, 0],
            "automargin": False,
            "ticks": "",
            "ticklabelstandoff": 8,
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
            "tickfont": {"size": FONT_SIZE, "color": INK},
        },
        "shapes": shapes,
        "annotations": annotations,
        "hovermode": "closest",
        "hoverlabel": {"font": {"family": FONT, "size": 13}},
        "dragmode": False,
        "clickmode": "event",
        "uirevision": "phase-bands",
    }
    if options.width:
        layout["width"] = options.width
    if services.empty:
        annotations.append(
            {
                "x": 0.5,
                "y": 0.5,
                "xref": "paper",
                "yref": "paper",
                "text": plotly_text(t("phases.empty", lang)),
                "showarrow": False,
                "font": {"size": 15, "color": MUTED},
            }
        )
    return {"data": traces, "layout": layout}


__all__ = ["phase_bands", "phase_bands_figure"]
