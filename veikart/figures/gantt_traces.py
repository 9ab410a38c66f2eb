"""The Gantt view's traces and layout, drawn from its row plan as plain plotly dicts.

plotly.js is slow at exactly the things a naive Gantt chart does, so:

- one horizontal bar trace per colour category (status or phase), with `base` at the
  start; never one trace per bar, and not `px.timeline` (twice as slow to build);
- every title is in ONE text trace placed by the plan, not bar text (plotly measures and
  fits bar text one by one, and drops or clips what it cannot fit);
- dependency arrows are ONE scatter trace with `None` separators per emphasis, not layout
  shapes or annotations (both become unusable at a few hundred);
- row bands (zebra, area headings) are one background bar trace, not a shape per row.

Every text from YAML goes through `plotly_text`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from veikart.figures.gantt_plan import GanttPlan, epoch_ms
from veikart.figures.legend import LegendItem, legend_trace
from veikart.figures.options import FigureOptions
from veikart.figures.style import (
    CRITICAL_COLOR,
    CRITICAL_GLYPH,
    CRITICAL_SYMBOL,
    FLAG_STYLE,
    FONT,
    INK,
    KIND_SYMBOLS,
    MUTED,
    PALE,
    RULE,
    STATUS_COLORS,
    STATUS_ORDER,
    UNKNOWN_COLOR,
    WHITE,
    ink_on,
    phase_colors,
    seen_through,
    shade,
    tint,
)
from veikart.figures.text import plotly_text
from veikart.frames import RoadmapFrames
from veikart.i18n import Lang, flag_label, status_label, t

DIM_OPACITY = 0.25
"""Bars and markers outside the selected dependency chain."""
AREA_TINT = 0.16
LEGEND_NEUTRAL = "#8a949c"


def halo(color: str) -> str:
    """A CSS text-shadow ringing text in `color` (Chromium draws it on SVG text)."""
    rings = [f"{x}px {y}px 1px {color}" for x, y in ((1, 1), (-1, -1), (1, -1), (-1, 1))]
    return ", ".join([*rings, f"0 0 3px {color}", f"0 0 3px {color}"])


@dataclass(frozen=True)
class Colouring:
    """What the bars' colours mean: a key per deliverable and a colour and name per key."""

    keys: np.ndarray
    categories: tuple[str, ...]
    colors: dict[str, str]
    names: dict[str, str]
    title: str

    @functools.cached_property
    def fills(self) -> np.ndarray:
        """Each deliverable's fill colour."""
        codes, uniques = pd.factorize(self.keys)
        table = np.array([self.colors.get(k, UNKNOWN_COLOR) for k in uniques] + [UNKNOWN_COLOR], dtype=object)
        return table[codes]


def colouring(frames: RoadmapFrames, options: FigureOptions) -> Colouring:
    d = frames.deliverables
    lang = options.lang
    if options.color_by == "phase":
        names = dict(zip(frames.phases["id"], frames.phases["name"], strict=True))
        names[""] = t("phase.unknown", lang)
        return Colouring(
            keys=d["phase"].fillna("").to_numpy(dtype=object),
            categories=(*frames.phases["id"], ""),
            colors=phase_colors(frames.phases["id"]),
            names=names,
            title=t("filter.phase", lang),
        )
    return Colouring(
        keys=d["status"].fillna("").to_numpy(dtype=object),
        categories=tuple(s or "" for s in STATUS_ORDER),
        colors={s or "": c for s, c in STATUS_COLORS.items()},
        names={s or "": status_label(s, lang) for s in STATUS_ORDER},
        title=t("filter.status", lang),
    )


def legend_items(frames: RoadmapFrames, options: FigureOptions, paint: Colouring) -> list[LegendItem]:
    """What the figure draws, in legend order: colours, kinds, flags, critical line, arrows."""
    d = frames.deliverables
    lang = options.lang
    present = set(paint.keys)
    items = [
        LegendItem(paint.names.get(key, key), "swatch", paint.colors.get(key, UNKNOWN_COLOR), f"color-{key}")
        for key in paint.categories
        if key in present
    ]
    kinds = set(d["kind"])
    items += [
        LegendItem(t(f"kind.{kind}", lang), "symbol", LEGEND_NEUTRAL, f"kind-{kind}", symbol)
        for kind, symbol in KIND_SYMBOLS.items()
        if kind in kinds
    ]
    flags = {flag for flags in d["flags"].to_numpy(dtype=object) for flag in flags}
    items += [
        LegendItem(flag_label(flag, lang), "symbol", color, f"flag-{flag}", symbol)
        for flag, (symbol, color) in FLAG_STYLE.items()
        if flag in flags
    ]
    if frames.services["critical"].astype(bool).any():
        items.append(LegendItem(t("critical", lang), "symbol", CRITICAL_COLOR, "critical", CRITICAL_SYMBOL))
    if options.show_dependencies and len(frames.dependencies):
        items.append(LegendItem(t("gantt.dependency", lang), "line", INK, "dependencies"))
    return items


def _trace(kind: str, **props: Any) -> dict[str, Any]:
    """A trace as a plain dict, without the properties left at None."""
    return {"type": kind, **{key: value for key, value in props.items() if value is not None}}


def _per_point(condition: np.ndarray, yes: ArrayLike, no: ArrayLike) -> ArrayLike:
    """A per-point style array where points differ, else one value (cheaper to draw)."""
    return np.where(condition, yes, no) if condition.any() else no


def row_bands(plan: GanttPlan) -> dict[str, Any]:
    """Zebra stripes for services and tinted bands for area headings, as one bar trace."""
    start = plan.axis.start.value // 1_000_000
    end = plan.axis.end.value // 1_000_000
    colors = [
        tint(row.color, AREA_TINT) if row.kind != "service" else (PALE if row.stripe else WHITE)
        for row in plan.rows
    ]
    return _trace(
        "bar",
        orientation="h",
        base=np.full(len(plan.rows), start),
        x=np.full(len(plan.rows), end - start),
        y=[row.middle for row in plan.rows],
        width=[row.height for row in plan.rows],
        marker={"color": colors, "line": {"width": 0}},
        hoverinfo="skip",
        showlegend=False,
        name="rows",
    )


def bar_traces(
    frames: RoadmapFrames,
    plan: GanttPlan,
    paint: Colouring,
    dim: np.ndarray,
    selected: np.ndarray,
    hover: np.ndarray | None,
    hover_template: str,
) -> list[dict[str, Any]]:
    """One bar trace per colour category, period deliverables only."""
    d = frames.deliverables
    start = epoch_ms(d["start"])
    finish = epoch_ms(d["finish"])
    rows = d.index.to_numpy(dtype=np.int64)
    period = ~d["is_milestone"].to_numpy(dtype=bool) & plan.shown
    traces = []
    for key in paint.categories:
        mask = period & (paint.keys == key)
        if not mask.any():
            continue
        color = paint.colors.get(key, UNKNOWN_COLOR)
        thickness = plan.thickness[mask]
        traces.append(
            _trace(
                "bar",
                orientation="h",
                name=plotly_text(paint.names.get(key, key)),
                legendgroup=f"color-{key}",
                showlegend=False,
                base=start[mask],
                x=finish[mask] - start[mask],
                y=plan.y[mask],
                width=thickness if np.ptp(thickness) > 0 else float(thickness[0]),
                # customdata is the deliverable's row label in frames.deliverables (filtering
                # keeps labels): a plain list, since plotly.js leaves typed-array customdata
                # out of click events.
                customdata=rows[mask].tolist(),
                hovertext=None if hover is None else hover[mask],
                hovertemplate=None if hover is None else hover_template,
                hoverinfo="skip" if hover is None else None,
                cliponaxis=True,
                marker={
                    "color": color,
                    "opacity": _per_point(dim[mask], DIM_OPACITY, 1.0),
                    "line": {
                        "color": _per_point(selected[mask], INK, shade(color)),
                        "width": _per_point(selected[mask], 3.0, 0.6),
                    },
                },
            )
        )
    return traces


def marker_traces(
    frames: RoadmapFrames,
    plan: GanttPlan,
    paint: Colouring,
    dim: np.ndarray,
    selected: np.ndarray,
    hover: np.ndarray | None,
    hover_template: str,
) -> list[dict[str, Any]]:
    """Milestones and decisions: one marker trace per kind, filled with their colour."""
    d = frames.deliverables
    middle = epoch_ms(d["start"]) + (epoch_ms(d["finish"]) - epoch_ms(d["start"])) // 2
    rows = d.index.to_numpy(dtype=np.int64)
    kinds = d["kind"].to_numpy()
    fill = paint.fills
    traces = []
    for kind, symbol in KIND_SYMBOLS.items():
        mask = (kinds == kind) & plan.shown
        if not mask.any():
            continue
        size = plan.marker_size[mask] + (2 if kind == "decision" else 0)
        traces.append(
            _trace(
                "scatter",
                x=middle[mask],
                y=plan.y[mask],
                mode="markers",
                name=t(f"kind.{kind}", frames.lang),
                legendgroup=f"kind-{kind}",
                showlegend=False,
                customdata=rows[mask].tolist(),
                hovertext=None if hover is None else hover[mask],
                hovertemplate=None if hover is None else hover_template,
                hoverinfo="skip" if hover is None else None,
                cliponaxis=False,
                marker={
                    "symbol": symbol,
                    "size": np.where(selected[mask], size + 6, size) if selected[mask].any() else size,
                    "color": fill[mask],
                    "opacity": _per_point(dim[mask], DIM_OPACITY, 1.0),
                    "line": {
                        "color": _per_point(selected[mask], INK, "#33414d"),
                        "width": _per_point(selected[mask], 2.5, 1.0),
                    },
                },
            )
        )
    return traces


def flag_traces(frames: RoadmapFrames, plan: GanttPlan) -> list[dict[str, Any]]:
    """One marker trace per flag, each symbol at the end of its bar or marker."""
    if not len(plan.flag_item):
        return []
    xs = plan.ms(plan.flag_x)
    ys = plan.y[plan.flag_item]
    traces = []
    for flag, (symbol, color) in FLAG_STYLE.items():
        mask = plan.flag_name == flag
        if not mask.any():
            continue
        traces.append(
            _trace(
                "scatter",
                x=np.asarray(xs)[mask],
                y=ys[mask],
                mode="markers",
                name=plotly_text(flag_label(flag, frames.lang)),
                legendgroup=f"flag-{flag}",
                showlegend=False,
                hoverinfo="skip",
                cliponaxis=False,
                marker={
                    "symbol": symbol,
                    "color": color,
                    "size": plan.sizes.flag,
                    "line": {"color": WHITE, "width": 1},
                },
            )
        )
    return traces


def label_trace(plan: GanttPlan, paint: Colouring, dim: np.ndarray) -> dict[str, Any] | None:
    """Every title in one text trace, where the plan put it, in ink that reads on what is under it."""
    drawn = plan.label != ""
    if not drawn.any():
        return None
    fills = paint.fills
    ink: dict[str, str] = {}
    n = int(drawn.sum())
    colors = np.empty(n, dtype=object)
    # A halo in the colour under the title keeps it clear of the lines it crosses (years, today).
    halos = np.empty(n, dtype=object)
    for j, i in enumerate(np.flatnonzero(drawn)):
        if plan.label_inside[i]:
            fill = seen_through(fills[i], DIM_OPACITY) if dim[i] else fills[i]
            colors[j] = ink.setdefault(fill, ink_on(fill))
            halos[j] = halo(fill)
        else:
            colors[j] = MUTED if dim[i] else INK
            halos[j] = halo(WHITE)
    return _trace(
        "scatter",
        x=plan.ms(plan.label_x[drawn]),
        y=plan.y[drawn],
        text=[plotly_text(text) for text in plan.label[drawn]],
        mode="text",
        textposition="middle right",
        textfont={
            "size": plan.sizes.label_font,
            "color": colors,
            "family": FONT,
            "shadow": halos if len(set(halos)) > 1 else halos[0],
        },
        hoverinfo="skip",
        showlegend=False,
        cliponaxis=False,
        name="titles",
    )


def repeated_years(plan: GanttPlan) -> dict[str, Any] | None:
    """The years again in every heading band below the top, for readers who have scrolled."""
    bands = [row for row in plan.rows if row.kind in ("area", "repeat") and row.top > 0]
    years = plan.axis.shown_years()
    if not bands or not years:
        return None
    return _trace(
        "scatter",
        x=[middle for _, middle in years] * len(bands),
        y=[row.middle for row in bands for _ in years],
        text=[str(year) for year, _ in years] * len(bands),
        mode="text",
        textposition="middle center",
        textfont={"size": max(11, plan.sizes.font - 1), "color": MUTED, "family": FONT},
        hoverinfo="skip",
        showlegend=False,
        cliponaxis=False,
        name="years",
    )


def dependency_traces(
    frames: RoadmapFrames, plan: GanttPlan, chain: set[str] | None, lang: Lang
) -> list[dict[str, Any]]:
    """Arrows from each upstream deliverable's end to its dependent's start edge, as line traces.

    They end on the edge of the bar or marker, never on a title, and are drawn under the titles.
    """
    deps = frames.dependencies
    d = frames.deliverables
    position = pd.Series(np.arange(len(d)), index=d["id"].to_numpy(dtype=object))
    src_at = deps["source"].map(position)
    tgt_at = deps["target"].map(position)
    ok = (src_at.notna() & tgt_at.notna()).to_numpy()
    src = src_at[ok].astype(int).to_numpy()
    tgt = tgt_at[ok].astype(int).to_numpy()
    keep = plan.shown[src] & plan.shown[tgt]
    src, tgt = src[keep], tgt[keep]
    if not len(src):
        return []
    sources = deps["source"].to_numpy(dtype=object)[ok][keep]
    targets = deps["target"].to_numpy(dtype=object)[ok][keep]
    in_chain = (
        np.array([s in chain and g in chain for s, g in zip(sources, targets, strict=True)])
        if chain
        else np.zeros(len(src), dtype=bool)
    )
    out_x = plan.ms(plan.right[src] + 1)
    in_x = plan.ms(plan.left[tgt] - 1)
    traces = []
    for highlighted, color, width, head in ((False, "rgba(60,72,84,0.55)", 1.2, 9), (True, INK, 2.6, 12)):
        mask = in_chain == highlighted
        if not mask.any():
            continue
        n = int(mask.sum())
        xs = np.empty(n * 3, dtype=object)
        ys = np.empty(n * 3, dtype=object)
        xs[0::3], xs[1::3], xs[2::3] = out_x[mask], in_x[mask], None
        ys[0::3], ys[1::3], ys[2::3] = plan.y[src[mask]], plan.y[tgt[mask]], None
        traces.append(
            _trace(
                "scatter",
                x=xs,
                y=ys,
                mode="lines+markers",
                name=plotly_text(t("gantt.dependency", lang)),
                legendgroup="dependencies",
                showlegend=False,
                hoverinfo="skip",
                connectgaps=False,
                cliponaxis=False,
                line={"color": color, "width": width},
                marker={
                    "symbol": "arrow",
                    "angleref": "previous",
                    "size": np.tile([0, head, 0], n),
                    "color": color,
                },
            )
        )
    return traces


def vertical_lines(plan: GanttPlan, shapes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Vertical line shapes (year lines, dated marks) as line traces drawn under the titles.

    Shapes are drawn either under every trace (hidden by the row bands) or over them all
    (through the titles); traces keep the order they are given.
    """
    traces = []
    for shape in shapes:
        line = shape["line"]
        traces.append(
            _trace(
                "scatter",
                x=[shape["x0"], shape["x1"]],
                y=[0, plan.units],
                mode="lines",
                line={
                    "color": line["color"],
                    "width": line.get("width", 1),
                    "dash": line.get("dash", "solid"),
                },
                hoverinfo="skip",
                showlegend=False,
                cliponaxis=True,
                name="lines",
            )
        )
    return traces


def row_ticks(plan: GanttPlan) -> tuple[list[float], list[str]]:
    """The y axis labels: area names in bold, service names with the critical-line dot."""
    values: list[float] = []
    texts: list[str] = []
    dot = f"<span style='color:{CRITICAL_COLOR}'>{CRITICAL_GLYPH}</span>"
    for row in plan.rows:
        if row.kind == "repeat":
            continue
        lines = [plotly_text(line) for line in row.lines]
        if row.kind == "area":
            lines = [f"<b>{line}</b>" for line in lines]
        elif row.critical and lines and lines[-1].endswith(CRITICAL_GLYPH):
            lines[-1] = lines[-1][: -len(CRITICAL_GLYPH)] + dot
        values.append(row.middle)
        texts.append("<br>".join(lines))
    return values, texts


def area_rules(plan: GanttPlan) -> list[dict[str, Any]]:
    """A line above every area heading but the first."""
    return [
        {
            "type": "line",
            "xref": "paper",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": row.top,
            "y1": row.top,
            "line": {"color": RULE, "width": 1},
            "layer": "above",
        }
        for row in plan.rows
        if row.kind == "area" and row.top > 0
    ]


def gantt_layout(
    frames: RoadmapFrames,
    plan: GanttPlan,
    options: FigureOptions,
    legend: Sequence[LegendItem],
    legend_title: str,
) -> dict[str, Any]:
    """The layout: sizes and margins from the plan, the quarter axis, marks, title and legend."""
    axis = plan.axis
    height = plan.height
    tickvals, ticktext = row_ticks(plan)
    _, mark_labels = axis.marks(options.today, frames.info.updated)
    layout: dict[str, Any] = {
        "height": height,
        "margin": {"l": plan.margin_left, "r": 16, "t": plan.top_px, "b": plan.bottom_px, "pad": 0},
        "barmode": "overlay",
        "bargap": 0,
        "plot_bgcolor": WHITE,
        "paper_bgcolor": WHITE,
        "font": {"family": FONT, "size": plan.sizes.font, "color": INK},
        "hoverlabel": {
            "bgcolor": WHITE,
            "bordercolor": RULE,
            "font": {"size": 13, "color": INK},
            "align": "left",
        },
        "hovermode": "closest",
        "dragmode": False,
        "showlegend": bool(options.legend and legend),
        "xaxis": axis.xaxis(),
        "yaxis": {
            "range": [plan.units, 0],
            "fixedrange": True,
            "tickmode": "array",
            "tickvals": tickvals,
            "ticktext": ticktext,
            "showgrid": False,
            "zeroline": False,
            "ticks": "",
            "ticklabelstandoff": 8,
            # Measured by the plan, not plotly: automargin measures every label and lays the
            # chart out again, about 0.9 s of a 5,000-deliverable chart in the browser.
            "automargin": False,
            "tickfont": {"size": plan.sizes.font, "color": INK},
        },
        "shapes": area_rules(plan),
        "annotations": [*axis.year_annotations(), *mark_labels],
    }
    if plan.fixed_width:
        layout["width"] = plan.width
    title_px = 64 if options.static else 0
    if options.legend and legend:
        layout["legend"] = {
            "orientation": "h",
            "yref": "container",
            "y": 1 - (title_px + 4) / height,
            "yanchor": "top",
            "xref": "container",
            "x": 0,
            "xanchor": "left",
            "font": {"size": 14 if options.static else 12},
            "itemsizing": "constant",
            "traceorder": "normal",
            "bgcolor": "rgba(0,0,0,0)",
            "title": {"text": f"<b>{plotly_text(legend_title)}</b>  "},
        }
    if options.static:
        info = frames.info
        subtitle = (
            f"<br><span style='font-size:14px;color:{MUTED}'>{plotly_text(info.subtitle)}</span>"
            if info.subtitle
            else ""
        )
        layout["title"] = {
            "text": f"<b>{plotly_text(info.title)}</b>{subtitle}",
            "x": 0,
            "xref": "paper",
            "y": 1 - 8 / height,
            "yanchor": "top",
            "font": {"size": 20},
        }
    if not len(frames.deliverables):
        layout["annotations"].append(
            {
                "text": plotly_text(t("gantt.empty", options.lang)),
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "showarrow": False,
                "font": {"size": 16, "color": MUTED},
            }
        )
    return layout


def legend_traces(items: Sequence[LegendItem], size: int) -> list[dict[str, Any]]:
    return [legend_trace(item, size) for item in items]
