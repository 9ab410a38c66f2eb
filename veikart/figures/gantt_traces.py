"""The Gantt view's traces and layout, drawn from its row plan as plain plotly dicts.

plotly.js is slow at exactly the things a naive Gantt chart does, so:

- one horizontal bar trace per colour category (status or phase), with `base` at the
  start; never one trace per bar, and not `px.timeline` (twice as slow to build);
- every title is in ONE text trace placed by the plan, not bar text (plotly measures and
  fits bar text one by one, and drops or clips what it cannot fit);
- dependency arrows are ONE scatter trace with `None` separators per emphasis, not layout
  shapes or annotations (both become unusable at a few hundred);
- row bands (zebra, area headings) are one background bar trace, not a shape per row;
- estimated (tentative) bars are their colour's own trace, hatched with `marker.pattern`
  inside a darker outline; estimated milestones are open (white, outlined) markers;
- a baseline's ghosts are one faint bar trace (and one faint marker trace), removed
  deliverables one dashed line trace of outlines, badges one text trace.

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

from veikart.figures.gantt_marks import RISK_MARK, Marks
from veikart.figures.gantt_plan import GanttPlan, epoch_ms
from veikart.figures.legend import LegendItem, legend_trace
from veikart.figures.options import FigureOptions
from veikart.figures.style import (
    CRITICAL_COLOR,
    CRITICAL_GLYPH,
    CRITICAL_SYMBOL,
    FLAG_STYLE,
    FONT,
    GHOST_FILL,
    GHOST_LINE,
    GHOST_MARKER_FILL,
    INK,
    KIND_SYMBOLS,
    MUTED,
    NEW_COLOR,
    PALE,
    REMOVED_DASH,
    REMOVED_LINE,
    RISK_COLOR,
    RISK_SYMBOL,
    RULE,
    SHIFT_EARLIER_COLOR,
    SHIFT_LATER_COLOR,
    STATUS_COLORS,
    STATUS_ORDER,
    TENTATIVE_LEGEND_COLOR,
    TENTATIVE_PATTERN,
    TENTATIVE_SHARE,
    UNKNOWN_COLOR,
    WHITE,
    ink_on,
    outline_for,
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


def legend_items(
    frames: RoadmapFrames, options: FigureOptions, paint: Colouring, marks: Marks | None = None
) -> list[LegendItem]:
    """What the figure draws, in legend order: colours, estimates, kinds, flags, high risks,
    critical line, arrows, and a baseline's ghosts, shifts, new and removed deliverables."""
    d = frames.deliverables
    lang = options.lang
    present = set(paint.keys)
    items = [
        LegendItem(paint.names.get(key, key), "swatch", paint.colors.get(key, UNKNOWN_COLOR), f"color-{key}")
        for key in paint.categories
        if key in present
    ]
    tentative = d["tentative"].to_numpy(dtype=bool) if "tentative" in d else np.zeros(len(d), bool)
    if tentative.any():
        name = t("gantt.tentative", lang)
        if (tentative & ~d["is_milestone"].to_numpy(dtype=bool)).any():
            items.append(
                LegendItem(
                    name,
                    "swatch",
                    tint(TENTATIVE_LEGEND_COLOR, TENTATIVE_SHARE),
                    "tentative",
                    pattern="/",
                    outline=TENTATIVE_LEGEND_COLOR,
                )
            )
        else:
            items.append(LegendItem(name, "symbol", TENTATIVE_LEGEND_COLOR, "tentative", "diamond-open"))
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
    if marks is not None and marks.risky.any():
        items.append(LegendItem(t("gantt.high_risk", lang), "symbol", RISK_COLOR, "risk", RISK_SYMBOL))
    if frames.services["critical"].astype(bool).any():
        items.append(LegendItem(t("critical", lang), "symbol", CRITICAL_COLOR, "critical", CRITICAL_SYMBOL))
    if options.show_dependencies and len(frames.dependencies):
        items.append(LegendItem(t("gantt.dependency", lang), "line", INK, "dependencies"))
    if marks is not None and marks.baseline:
        items += baseline_legend(marks, lang)
    return items


def baseline_legend(marks: Marks, lang: Lang) -> list[LegendItem]:
    """The legend's entries for a baseline: only those the figure draws."""
    rev = marks.baseline
    items = []
    if marks.moved.any():
        items.append(
            LegendItem(
                t("baseline.ghost", lang, rev=rev), "swatch", GHOST_FILL, "baseline-ghost", outline=GHOST_LINE
            )
        )
    if (marks.badge[~marks.new] != "").any():
        later = bool((marks.shift >= 0).any())
        items.append(
            LegendItem(
                t("baseline.shift", lang, rev=rev),
                "text",
                SHIFT_LATER_COLOR if later else SHIFT_EARLIER_COLOR,
                "baseline-shift",
                sample=t("diff.shift", lang, n=1 if later else -1),
            )
        )
    if marks.new.any():
        items.append(
            LegendItem(
                t("baseline.new", lang, rev=rev),
                "text",
                NEW_COLOR,
                "baseline-new",
                sample=t("baseline.new_badge", lang),
            )
        )
    if len(marks.removed) or marks.removed_elsewhere:
        name = t("baseline.removed", lang, rev=rev)
        if marks.removed_elsewhere:
            name += " · " + t("baseline.removed_services", lang, n=marks.removed_elsewhere, rev=rev)
        items.append(LegendItem(name, "line", REMOVED_LINE, "baseline-removed", dash=REMOVED_DASH))
    return items


def _trace(kind: str, **props: Any) -> dict[str, Any]:
    """A trace as a plain dict, without the properties left at None."""
    return {"type": kind, **{key: value for key, value in props.items() if value is not None}}


def _per_point(condition: np.ndarray, yes: ArrayLike, no: ArrayLike) -> ArrayLike:
    """A per-point style array where points differ, else one value (cheaper to draw)."""
    return np.where(condition, yes, no) if condition.any() else no


def _compact(values: np.ndarray) -> object:
    """One value where all points share it (cheaper to draw), else the array."""
    if len(values) and (values == values[0]).all():
        first = values[0]
        return first.item() if isinstance(first, np.generic) else first
    return values


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


def tentative_ground(color: str) -> str:
    """The fill under an estimated bar's hatching: what its title is drawn on."""
    return tint(color, TENTATIVE_SHARE)


def _tentative(frames: RoadmapFrames) -> np.ndarray:
    d = frames.deliverables
    return d["tentative"].to_numpy(dtype=bool) if "tentative" in d else np.zeros(len(d), dtype=bool)


def bar_traces(
    frames: RoadmapFrames,
    plan: GanttPlan,
    paint: Colouring,
    dim: np.ndarray,
    selected: np.ndarray,
    hover: np.ndarray | None,
    hover_template: str,
) -> list[dict[str, Any]]:
    """One bar trace per colour category, and one more for its estimated (hatched) bars."""
    d = frames.deliverables
    start = epoch_ms(d["start"])
    finish = epoch_ms(d["finish"])
    rows = d.index.to_numpy(dtype=np.int64)
    period = ~d["is_milestone"].to_numpy(dtype=bool) & plan.shown
    tentative = _tentative(frames)
    traces = []
    for key in paint.categories:
        for estimated in (False, True):
            mask = period & (paint.keys == key) & (tentative == estimated)
            if not mask.any():
                continue
            color = paint.colors.get(key, UNKNOWN_COLOR)
            name = paint.names.get(key, key)
            if estimated:
                name = f"{name} · {t('gantt.tentative', frames.lang)}"
                # A pale ground, hatched in the colour (darkened where the colour is pale, so
                # the hatching shows), inside an outline that stands out against white.
                marker: dict[str, Any] = {
                    "color": tentative_ground(color),
                    "pattern": {**TENTATIVE_PATTERN, "fgcolor": outline_for(color, 1.8)},
                    "line": {
                        "color": _per_point(selected[mask], INK, outline_for(color)),
                        "width": _per_point(selected[mask], 3.0, 1.5),
                    },
                }
            else:
                marker = {
                    "color": color,
                    "line": {
                        "color": _per_point(selected[mask], INK, shade(color)),
                        "width": _per_point(selected[mask], 3.0, 0.6),
                    },
                }
            marker["opacity"] = _per_point(dim[mask], DIM_OPACITY, 1.0)
            thickness = plan.thickness[mask]
            traces.append(
                _trace(
                    "bar",
                    orientation="h",
                    name=plotly_text(name),
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
                    marker=marker,
                    meta="tentative" if estimated else None,
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
    """Milestones and decisions: one marker trace per kind, filled with their colour;
    estimated ones open (white inside an outline in their colour)."""
    d = frames.deliverables
    middle = epoch_ms(d["start"]) + (epoch_ms(d["finish"]) - epoch_ms(d["start"])) // 2
    rows = d.index.to_numpy(dtype=np.int64)
    kinds = d["kind"].to_numpy()
    fill = paint.fills
    tentative = _tentative(frames)
    outlines: dict[str, str] = {}
    traces = []
    for kind, symbol in KIND_SYMBOLS.items():
        mask = (kinds == kind) & plan.shown
        if not mask.any():
            continue
        size = plan.marker_size[mask] + (2 if kind == "decision" else 0)
        estimated = tentative[mask]
        fills = fill[mask]
        line_color = np.array(
            [
                outlines.setdefault(f, outline_for(f)) if e else "#33414d"
                for f, e in zip(fills, estimated, strict=True)
            ],
            dtype=object,
        )
        chosen = selected[mask]
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
                    "color": np.where(estimated, WHITE, fills) if estimated.any() else fills,
                    "opacity": _per_point(dim[mask], DIM_OPACITY, 1.0),
                    "line": {
                        "color": _compact(np.where(chosen, INK, line_color)),
                        "width": _compact(np.where(chosen, 2.5, np.where(estimated, 2.2, 1.0))),
                    },
                },
            )
        )
    return traces


def flag_traces(frames: RoadmapFrames, plan: GanttPlan, static: bool = False) -> list[dict[str, Any]]:
    """One marker trace per flag, each symbol at the end of its bar or marker; then the
    high-risk crosses, whose hover lists the risks."""
    if not len(plan.flag_item):
        return []
    xs = np.asarray(plan.ms(plan.flag_x))
    ys = plan.y[plan.flag_item]
    traces = []
    for flag, (symbol, color) in FLAG_STYLE.items():
        mask = plan.flag_name == flag
        if not mask.any():
            continue
        traces.append(
            _trace(
                "scatter",
                x=xs[mask],
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
    risky = plan.flag_name == RISK_MARK
    if risky.any():
        hover = None
        if not static and plan.marks is not None:
            ids = frames.deliverables["id"].to_numpy(dtype=object)[plan.flag_item[risky]]
            heading = f"<b>{plotly_text(t('gantt.high_risk', frames.lang))}</b>"
            hover = [
                heading + "".join(f"<br>{plotly_text(title)}" for title in plan.marks.risks.get(i, ()))
                for i in ids
            ]
        traces.append(
            _trace(
                "scatter",
                x=xs[risky],
                y=ys[risky],
                mode="markers",
                name=plotly_text(t("gantt.high_risk", frames.lang)),
                legendgroup="risk",
                showlegend=False,
                hovertext=hover,
                hovertemplate=None if hover is None else "%{hovertext}<extra></extra>",
                hoverinfo="skip" if hover is None else None,
                cliponaxis=False,
                marker={
                    "symbol": RISK_SYMBOL,
                    "color": RISK_COLOR,
                    "size": plan.sizes.flag,
                    "line": {"color": WHITE, "width": 1},
                },
                meta="risk",
            )
        )
    return traces


def _grounds(paint: Colouring, tentative: np.ndarray) -> np.ndarray:
    """What each bar's title and badge are drawn on: its fill, or an estimate's pale ground."""
    fills = paint.fills
    if not tentative.any():
        return fills
    grounds = fills.copy()
    cache: dict[str, str] = {}
    for i in np.flatnonzero(tentative):
        grounds[i] = cache.setdefault(fills[i], tentative_ground(fills[i]))
    return grounds


def label_trace(
    plan: GanttPlan, paint: Colouring, dim: np.ndarray, tentative: np.ndarray | None = None
) -> dict[str, Any] | None:
    """Every title in one text trace, where the plan put it, in ink that reads on what is under it."""
    drawn = plan.label != ""
    if not drawn.any():
        return None
    grounds = _grounds(paint, tentative if tentative is not None else np.zeros(len(drawn), dtype=bool))
    ink: dict[str, str] = {}
    n = int(drawn.sum())
    colors = np.empty(n, dtype=object)
    # A halo in the colour under the title keeps it clear of the lines it crosses (years,
    # today, an estimate's hatching).
    halos = np.empty(n, dtype=object)
    for j, i in enumerate(np.flatnonzero(drawn)):
        if plan.label_inside[i]:
            fill = seen_through(grounds[i], DIM_OPACITY) if dim[i] else grounds[i]
            colors[j] = ink.setdefault(fill, ink_on(fill))
            halos[j] = halo(fill)
        else:
            colors[j] = MUTED if dim[i] else INK
            halos[j] = halo(WHITE)
    texts = [plotly_text(text) for text in plan.label[drawn]]
    return _label_trace("titles", plan, plan.label_x[drawn], drawn, texts, colors, halos)


def _label_trace(
    name: str,
    plan: GanttPlan,
    x: np.ndarray,
    drawn: np.ndarray,
    texts: list[str],
    colors: Sequence[str] | np.ndarray,
    halos: Sequence[str] | np.ndarray,
) -> dict[str, Any]:
    """Text right of `x` on the rows `drawn`, each in its colour with its halo (titles, badges)."""
    return _trace(
        "scatter",
        x=plan.ms(x),
        y=plan.y[drawn],
        text=texts,
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
        name=name,
    )


def ghost_traces(frames: RoadmapFrames, plan: GanttPlan, hover: bool) -> list[dict[str, Any]]:
    """Where moved deliverables were in the baseline: faint outline bars and open markers,
    on their own lane, under everything the roadmap has now."""
    marks = plan.marks
    if marks is None or not plan.ghost_shown.any():
        return []
    d = frames.deliverables
    lang = frames.lang
    texts = None
    if hover:
        moved = marks.moved
        was = np.full(len(d), "", dtype=object)
        titles = d["title"].to_numpy(dtype=object)
        for i in np.flatnonzero(moved):
            was[i] = (
                f"<b>{plotly_text(titles[i])}</b><br>"
                + plotly_text(t("baseline.was", lang, rev=marks.baseline, period=marks.was_period[i]))
                + (f" · {plotly_text(marks.badge[i])}" if marks.badge[i] else "")
            )
        texts = was
    traces = []
    bars = plan.ghost_shown & ~marks.ghost_milestone
    if bars.any():
        traces.append(
            _trace(
                "bar",
                orientation="h",
                name="baseline-ghosts",
                showlegend=False,
                legendgroup="baseline-ghost",
                base=marks.ghost_start[bars],
                x=marks.ghost_finish[bars] - marks.ghost_start[bars],
                y=plan.y[bars],
                width=float(plan.thickness[bars][0])
                if np.ptp(plan.thickness[bars]) == 0
                else plan.thickness[bars],
                marker={"color": GHOST_FILL, "line": {"color": GHOST_LINE, "width": 1.2}},
                hovertext=None if texts is None else texts[bars],
                hovertemplate=None if texts is None else "%{hovertext}<extra></extra>",
                hoverinfo="skip" if texts is None else None,
                cliponaxis=True,
            )
        )
    points = plan.ghost_shown & marks.ghost_milestone
    if points.any():
        middle = marks.ghost_start[points] + (marks.ghost_finish[points] - marks.ghost_start[points]) / 2
        traces.append(
            _trace(
                "scatter",
                mode="markers",
                name="baseline-ghost-markers",
                showlegend=False,
                legendgroup="baseline-ghost",
                x=middle,
                y=plan.y[points],
                # Faint and grey like the ghost bars; an estimated milestone is white inside
                # an outline in its colour.
                marker={
                    "symbol": "diamond",
                    "size": plan.marker_size[points],
                    "color": GHOST_MARKER_FILL,
                    "line": {"color": GHOST_LINE, "width": 1.2},
                },
                hovertext=None if texts is None else texts[points],
                hovertemplate=None if texts is None else "%{hovertext}<extra></extra>",
                hoverinfo="skip" if texts is None else None,
                cliponaxis=False,
            )
        )
    return traces


def removed_traces(frames: RoadmapFrames, plan: GanttPlan, hover: bool) -> list[dict[str, Any]]:
    """The baseline's removed deliverables: dashed outlines (one line trace) and a
    transparent bar trace that carries their hover."""
    marks, removed = plan.marks, plan.removed
    if marks is None or removed is None or not removed.shown.any():
        return []
    rows = marks.removed
    lang = frames.lang
    shown = removed.shown
    start = epoch_ms(rows["start"])
    finish = epoch_ms(rows["finish"])
    is_ms = rows["is_milestone"].to_numpy(dtype=bool)
    px_ms = float(np.asarray(plan.ms(1.0)) - np.asarray(plan.ms(0.0)))
    xs: list[float | None] = []
    ys: list[float | None] = []
    for i in np.flatnonzero(shown):
        y = removed.y[i]
        if is_ms[i]:
            middle = (start[i] + finish[i]) / 2
            half_x = removed.marker_size[i] / 2 * px_ms
            half_y = removed.marker_size[i] / 2 / plan.sizes.row_px
            xs += [middle - half_x, middle, middle + half_x, middle, middle - half_x, None]
            ys += [y, y - half_y, y, y + half_y, y, None]
        else:
            top, bottom = y - removed.thickness[i] / 2, y + removed.thickness[i] / 2
            xs += [start[i], finish[i], finish[i], start[i], start[i], None]
            ys += [top, top, bottom, bottom, top, None]
    traces = [
        _trace(
            "scatter",
            mode="lines",
            name="baseline-removed",
            legendgroup="baseline-removed",
            showlegend=False,
            x=xs,
            y=ys,
            line={"color": REMOVED_LINE, "width": 1.5, "dash": REMOVED_DASH},
            hoverinfo="skip",
            connectgaps=False,
            cliponaxis=True,
        )
    ]
    if hover:
        word = plotly_text(t("baseline.removed", lang, rev=marks.baseline))
        texts = np.array(
            [
                f"<b>{plotly_text(title)}</b><br>{plotly_text(service)} · {plotly_text(period)}<br><i>{word}</i>"
                for title, service, period in zip(
                    rows["title"], rows["service_name"], rows["period_label"], strict=True
                )
            ],
            dtype=object,
        )
        width = np.where(is_ms, removed.marker_size / plan.sizes.row_px, removed.thickness)
        half = np.where(is_ms, removed.marker_size / 2 * px_ms, 0)
        traces.append(
            _trace(
                "bar",
                orientation="h",
                name="baseline-removed-hover",
                showlegend=False,
                legendgroup="baseline-removed",
                base=(np.where(is_ms, (start + finish) / 2 - half, start))[shown],
                x=(np.where(is_ms, 2 * half, finish - start))[shown],
                y=removed.y[shown],
                width=width[shown],
                marker={"color": "rgba(0,0,0,0)", "line": {"width": 0}},
                hovertext=texts[shown],
                hovertemplate="%{hovertext}<extra></extra>",
                cliponaxis=True,
            )
        )
    return traces


def removed_title_trace(plan: GanttPlan) -> dict[str, Any] | None:
    """The removed deliverables' titles, in muted ink, where the plan put them."""
    removed = plan.removed
    if removed is None:
        return None
    titled = removed.shown & (removed.label != "")
    if not titled.any():
        return None
    return _trace(
        "scatter",
        mode="text",
        name="removed-titles",
        showlegend=False,
        x=plan.ms(removed.label_x[titled]),
        y=removed.y[titled],
        text=[plotly_text(text) for text in removed.label[titled]],
        textposition="middle right",
        textfont={"size": plan.sizes.label_font, "color": MUTED, "family": FONT, "shadow": halo(WHITE)},
        hoverinfo="skip",
        cliponaxis=False,
    )


def badge_trace(
    plan: GanttPlan, paint: Colouring, tentative: np.ndarray, dim: np.ndarray
) -> dict[str, Any] | None:
    """A baseline's badges ('+2 kv', 'Ny') in one text trace, where the plan left room."""
    marks = plan.marks
    drawn = plan.badge != ""
    if marks is None or not drawn.any():
        return None
    grounds = _grounds(paint, tentative)
    colors = []
    halos = []
    for i in np.flatnonzero(drawn):
        if plan.badge_inside[i]:
            fill = seen_through(grounds[i], DIM_OPACITY) if dim[i] else grounds[i]
            colors.append(ink_on(fill))
            halos.append(halo(fill))
            continue
        if marks.new[i]:
            colors.append(NEW_COLOR)
        else:
            colors.append(SHIFT_LATER_COLOR if marks.shift[i] > 0 else SHIFT_EARLIER_COLOR)
        halos.append(halo(WHITE))
    texts = [f"<b>{plotly_text(text)}</b>" for text in plan.badge[drawn]]
    return _label_trace("badges", plan, plan.badge_x[drawn], drawn, texts, colors, halos)


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
