"""The Gantt view (tidslinje): services as rows grouped under their area, on a quarter grid.

`gantt_figure(frames, options)` is pure and fast on thousands of deliverables, because
plotly.js is slow at exactly the things a naive Gantt chart does:

- one horizontal `go.Bar` trace per colour category (status or phase), with `base` at the
  start; never one trace per bar, and not `px.timeline` (twice as slow to build);
- titles are drawn on bars only while few rows are visible; otherwise they are in the hover;
- dependency arrows are ONE scatter trace with `None` separators, not layout shapes or
  annotations (both become unusable at a few hundred);
- zebra row bands are one background bar trace, not a shape per row.

Deliverables of one service that overlap in time are packed into lanes (sub-rows), so
bars and their titles do not hide each other; the number of lanes is capped so a
roadmap with hundreds of services stays a readable height.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from veikart.figures.options import FigureOptions
from veikart.figures.quarter_axis import quarter_axis, today_marker, year_annotations, year_lines
from veikart.figures.style import FONT, INK, MUTED
from veikart.frames import RoadmapFrames
from veikart.i18n import Lang, flag_label, status_label, t
from veikart.roadmap.periods import Quarter

STATUS_ORDER: tuple[str | None, ...] = ("available", "establishing", "planning", None)
"""Legend order: from what can be used today to what is only planned."""
STATUS_COLORS: dict[str | None, str] = {
    "available": "#1b5e7e",
    "establishing": "#3d97c4",
    "planning": "#a9d3e8",
    None: "#c4c9cf",
}
"""A single-hue ramp: darker means more mature, which also survives greyscale printing."""
PHASE_COLORS = ("#6b4c9a", "#2f6fa7", "#21918c", "#7cb342", "#e0a030", "#c75b39", "#8c6d62")
"""Phases in value-chain order; the ramp goes from concept (violet) to practice in use."""
UNKNOWN_PHASE_COLOR = "#c4c9cf"
FLAG_STYLE: dict[str, tuple[str, str]] = {
    "geographic-variation": ("hexagon", "#5e548e"),
    "content-dependent": ("square", "#33658a"),
    "mutual-participation": ("circle-cross", "#2a7f62"),
    "attention": ("triangle-up", "#d1495b"),
}
"""Flag -> (marker symbol, colour); drawn just after the bar's end."""
KIND_SYMBOLS = {"milestone": "diamond", "decision": "star"}
CRITICAL_COLOR = "#b3261e"
CRITICAL_MARK = "●"
ZEBRA = ("#ffffff", "#f3f6f8")

MAX_ROWS = 420
"""Lane budget: beyond it services get fewer lanes (overlapping bars share a lane)."""
MAX_LANES = 12
TEXT_ROW_LIMIT = 250
"""Titles are drawn on bars only up to this many deliverables (text is slow in browsers)."""
NOMINAL_PLOT_WIDTH = 1150
"""Plot-area width (CSS px) titles are fitted to when the figure sizes itself."""
CHAR_PX = 6.4
"""Average width of a character of the bar font, for fitting titles."""
STATIC_CHAR_PX = 8.3
"""The same for fixed-size images, whose titles are drawn up to 15 px (see _Scale)."""
MS_PER_DAY = 86_400_000
STATIC_FRAME_PX = 300
"""Height a fixed-size image spends outside the rows: caption, legend, axis, footer."""
STATIC_MIN_ROW_PX = 20
"""Thinnest row of a fixed-size image whose titles still read on a projector."""


@dataclass(frozen=True)
class _Scale:
    """Sizes that depend on how many rows are drawn, so 5 and 300 services both read well."""

    row_px: int
    font: int
    bar_font: int
    bar_width: float
    marker: int

    @classmethod
    def for_rows(cls, rows: int) -> _Scale:
        if rows <= 40:
            return cls(row_px=30, font=13, bar_font=12, bar_width=0.66, marker=14)
        if rows <= 140:
            return cls(row_px=24, font=12, bar_font=11, bar_width=0.7, marker=12)
        if rows <= 320:
            return cls(row_px=19, font=11, bar_font=10, bar_width=0.72, marker=10)
        return cls(row_px=15, font=10, bar_font=9, bar_width=0.76, marker=8)

    @classmethod
    def for_row_height(cls, row_px: float) -> _Scale:
        """Sizes for a fixed-size image: as large as the row height allows, for slides."""
        return cls(
            row_px=round(row_px),
            font=int(np.clip(row_px * 0.6, 11, 16)),
            bar_font=int(np.clip(row_px * 0.55, 10, 15)),
            bar_width=0.72,
            marker=int(np.clip(row_px * 0.6, 8, 16)),
        )


def status_key(value: object) -> str | None:
    """A status value or None for missing (NaN/None/'')."""
    return (
        None if value is None or (isinstance(value, float) and np.isnan(value)) or value == "" else str(value)
    )


def phase_colors(frames: RoadmapFrames) -> dict[str, str]:
    """The colour of each phase id, in value-chain order; '' is the unknown phase."""
    colors = {pid: PHASE_COLORS[i % len(PHASE_COLORS)] for i, pid in enumerate(frames.phases["id"])}
    colors[""] = UNKNOWN_PHASE_COLOR
    return colors


def dependency_chain(frames: RoadmapFrames, selected: str) -> set[str]:
    """The selected deliverable with everything it depends on and everything that depends on it."""
    deps = frames.dependencies
    upstream: dict[str, list[str]] = {}
    downstream: dict[str, list[str]] = {}
    for source, target in zip(deps["source"], deps["target"], strict=True):
        upstream.setdefault(target, []).append(source)
        downstream.setdefault(source, []).append(target)
    chain = {selected}
    for graph in (upstream, downstream):
        queue = deque([selected])
        while queue:
            for other in graph.get(queue.popleft(), ()):
                if other not in chain:
                    chain.add(other)
                    queue.append(other)
    return chain


def _ms(values: pd.Series) -> np.ndarray:
    """Timestamps as milliseconds since the epoch: plotly date axes take numbers, fast."""
    return values.to_numpy(dtype="datetime64[ms]").astype(np.int64)


def _esc(value: object) -> str:
    """Text from YAML as plotly text: escaped, so tags are shown, never interpreted."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = str(value)
    # Most titles need no escaping; checking first is several times faster at 10,000 rows.
    return html.escape(text) if ("<" in text or ">" in text or "&" in text or '"' in text) else text


def _truncate(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: max(1, chars - 1)].rstrip() + "…"


def _names(ids: Iterable[str], titles: dict[str, str], lang: Lang) -> str:
    ids = list(ids)
    shown = [_esc(_truncate(titles.get(i, i), 60)) for i in ids[:3]]
    if len(ids) > 3:
        shown.append(t("gantt.more", lang, n=len(ids) - 3))
    return ", ".join(shown)


def _window(frames: RoadmapFrames, options: FigureOptions) -> tuple[Quarter, Quarter]:
    first = options.start or Quarter.of(frames.info.start)
    last = options.end or Quarter.of(frames.info.end)
    return (first, last) if first <= last else (last, first)


def _pack_lanes(starts: np.ndarray, ends: np.ndarray, services: np.ndarray, max_lanes: int) -> np.ndarray:
    """Greedy interval packing per service: each item goes to the first lane free at its start.

    Rows arrive sorted by service, then start. When `max_lanes` lanes are full, the item
    goes to the lane that frees up first (it overlaps there, as in a one-lane chart).
    """
    lanes = np.zeros(len(starts), dtype=np.int64)
    if max_lanes <= 1:
        return lanes
    lane_ends: list[int] = []
    current = None
    for i in range(len(starts)):
        if services[i] != current:
            current = services[i]
            lane_ends = []
        start = starts[i]
        lane = next((k for k, end in enumerate(lane_ends) if end <= start), -1)
        if lane < 0 and len(lane_ends) < max_lanes:
            lane_ends.append(0)
            lane = len(lane_ends) - 1
        elif lane < 0:
            lane = int(np.argmin(lane_ends))
        lane_ends[lane] = max(lane_ends[lane], ends[i])
        lanes[i] = lane
    return lanes


def gantt_figure(frames: RoadmapFrames, options: FigureOptions) -> go.Figure:
    """Draw the roadmap as a Gantt chart: one row (or a few lanes) per service."""
    lang = options.lang
    d = frames.deliverables
    services = frames.services.sort_values("order", kind="stable")
    first_q, last_q = _window(frames, options)
    x0 = pd.Timestamp(first_q.first_day)
    x1 = pd.Timestamp(last_q.last_day) + pd.Timedelta(days=1)
    window_days = max(1.0, (x1 - x0).days)

    n_services = max(1, len(services))
    n_areas = services["area"].nunique() if len(services) else 0
    max_lanes = int(np.clip((MAX_ROWS - n_areas) // n_services, 1, MAX_LANES))
    show_text = options.static or (len(d) <= TEXT_ROW_LIMIT and max_lanes > 1)

    plot_px = float(options.width - 330) if options.width else float(NOMINAL_PLOT_WIDTH)
    days_per_px = window_days / max(200.0, plot_px)
    is_ms = d["is_milestone"].to_numpy(dtype=bool)
    start_ms = _ms(d["start"])
    finish_ms = _ms(d["finish"])
    mid_ms = start_ms + (finish_ms - start_ms) // 2
    n_flags = np.fromiter(map(len, d["flags"].to_numpy()), dtype=np.int64, count=len(d))

    # What each item occupies in its lane, in ms: the bar (or marker) plus flags and
    # a title drawn beside it, so packed lanes never overlap.
    px_ms = days_per_px * MS_PER_DAY
    titles = d["title"].to_numpy(dtype=object)
    bar_px = (finish_ms - start_ms) / px_ms
    title_len = np.fromiter(map(len, titles), dtype=float, count=len(d))
    # A milestone's title is always drawn beside its marker, never inside.
    char_px = STATIC_CHAR_PX if options.static and options.height else CHAR_PX
    fits_inside = (bar_px >= title_len * char_px + 14) & ~is_ms
    occupied_from = np.where(is_ms, mid_ms - 8 * px_ms, start_ms)
    # Integer codes per service: numpy indexing instead of per-row dict lookups.
    service_code, service_ids = pd.factorize(d["service"].to_numpy(dtype=object))

    def pack(with_titles: bool, cap: int) -> tuple[np.ndarray, np.ndarray]:
        """Lanes per item, and the width of a title drawn beside it, in px."""
        beside = with_titles & ~fits_inside
        label_px = np.where(beside, np.minimum(title_len, 28) * char_px + 10, 0.0) if len(d) else np.zeros(0)
        occupied_to = np.where(is_ms, mid_ms + 8 * px_ms, finish_ms) + (n_flags * 13 + 6 + label_px) * px_ms
        lanes = _pack_lanes(occupied_from.astype(np.int64), occupied_to.astype(np.int64), service_code, cap)
        return lanes, label_px

    def lanes_per_service(lanes: np.ndarray) -> np.ndarray:
        counts = np.zeros(len(service_ids), dtype=np.int64)
        np.maximum.at(counts, service_code, lanes)
        return counts + 1

    lanes, label_px = pack(show_text, max_lanes)
    if options.static and options.height and len(d):
        # A fixed-size image has a row budget. Past it, titles go (the per-area images
        # carry them) and services share fewer lanes, so names and bars stay legible.
        budget = max(1, (options.height - STATIC_FRAME_PX) // STATIC_MIN_ROW_PX)
        empty_services = n_services - len(service_ids)
        if n_areas + empty_services + lanes_per_service(lanes).sum() > budget:
            show_text = False
            needed = lanes_per_service(pack(False, MAX_LANES)[0])
            cap = 1
            for k in range(MAX_LANES, 1, -1):
                if n_areas + empty_services + np.minimum(needed, k).sum() <= budget:
                    cap = k
                    break
            lanes, label_px = pack(False, cap)

    # Row positions: an area heading row, then each service's lanes (top to bottom).
    service_lanes = dict(zip(service_ids, lanes_per_service(lanes), strict=True))
    tickvals: list[float] = []
    ticktext: list[str] = []
    band_y: list[float] = []
    band_w: list[float] = []
    band_color: list[str] = []
    area_rules: list[float] = []
    first_row: dict[str, int] = {}
    row = 0
    current_area = None
    stripe = 0
    columns = ("id", "name", "area", "area_name", "area_color", "critical")
    for sid, sname, area, area_name, area_color, critical in zip(
        *(services[c].to_numpy(dtype=object) for c in columns), strict=True
    ):
        if area != current_area:
            current_area = area
            if row:
                area_rules.append(row - 0.5)
            tickvals.append(row)
            ticktext.append(f"<b>{_esc(area_name)}</b>")
            band_y.append(row)
            band_w.append(1.0)
            band_color.append(_tint(area_color, 0.16))
            row += 1
            stripe = 0
        n = int(service_lanes.get(sid, 1))
        first_row[sid] = row
        name = _esc(_truncate(str(sname), 46))
        if critical:
            name = f"{name} <span style='color:{CRITICAL_COLOR}'>{CRITICAL_MARK}</span>"
        tickvals.append(row + (n - 1) / 2)
        ticktext.append(name)
        band_y.append(row + (n - 1) / 2)
        band_w.append(float(n))
        band_color.append(ZEBRA[stripe % 2])
        stripe += 1
        row += n
    n_rows = max(row, 1)
    if options.static and options.height:
        scale = _Scale.for_row_height((options.height - STATIC_FRAME_PX) / n_rows)
    else:
        scale = _Scale.for_rows(n_rows)
    y = np.array([first_row[sid] for sid in service_ids], dtype=float)[service_code] + lanes

    chain: set[str] | None = None
    if options.selected and options.show_dependencies and options.selected in set(d["id"]):
        chain = dependency_chain(frames, options.selected)
    ids = d["id"].to_numpy(dtype=object)
    # customdata is the deliverable's row label in frames.deliverables (filtering keeps
    # labels): numbers are cheaper to copy and encode than thousands of id strings. A plain
    # list, not a numpy array: plotly.js leaves typed-array customdata out of click events.
    rows = d.index.to_numpy(dtype=np.int64)
    dim = np.array([i not in chain for i in ids], dtype=bool) if chain else np.zeros(len(d), dtype=bool)
    selected = ids == options.selected if options.selected else np.zeros(len(d), dtype=bool)

    if options.color_by == "phase":
        colors = phase_colors(frames)
        keys = d["phase"].fillna("").to_numpy(dtype=object)
        names = dict(zip(frames.phases["id"], frames.phases["name"], strict=True))
        names[""] = t("phase.unknown", lang)
        categories = [*frames.phases["id"], ""]
        legend_title = t("filter.phase", lang)
    else:
        colors = {s or "": c for s, c in STATUS_COLORS.items()}
        keys = d["status"].fillna("").to_numpy(dtype=object)
        names = {s or "": status_label(s, lang) for s in STATUS_ORDER}
        categories = [s or "" for s in STATUS_ORDER]
        legend_title = t("filter.status", lang)

    key_code, key_values = pd.factorize(keys)
    color_of = np.array([colors.get(k, UNKNOWN_PHASE_COLOR) for k in key_values], dtype=object)[key_code]
    hover = None
    if not options.static:
        hover = d["hover"].to_numpy(dtype=object) if "hover" in d.columns else hover_texts(frames, lang)
    hover_template = f"%{{hovertext}}<br><i>{t('gantt.click_hint', lang)}</i><extra></extra>"
    traces: list[dict] = [
        _trace(
            "bar",
            orientation="h",
            base=np.full(len(band_y), _ms(pd.Series([x0]))[0] - 400 * MS_PER_DAY),
            x=np.full(len(band_y), (window_days + 800) * MS_PER_DAY),
            y=band_y,
            width=band_w,
            marker={"color": band_color, "line": {"width": 0}},
            hoverinfo="skip",
            showlegend=False,
            name="rows",
        )
    ]
    period = ~is_ms
    for key in categories:
        mask = period & (keys == key)
        if not mask.any():
            continue
        color = colors.get(key, UNKNOWN_PHASE_COLOR)
        text_color = _text_color(color)
        text = None
        textposition = None
        if show_text:
            budget = np.floor((bar_px[mask] - 12) / char_px).astype(int)
            inside = fits_inside[mask] | (budget >= 14)
            text = [
                _esc(_truncate(title, b if ins else 28))
                for title, b, ins in zip(titles[mask], budget, inside, strict=True)
            ]
            textposition = np.where(inside, "inside", "outside")
        traces.append(
            _trace(
                "bar",
                orientation="h",
                name=names.get(key, key),
                legendgroup=f"color-{key}",
                base=start_ms[mask],
                x=finish_ms[mask] - start_ms[mask],
                y=y[mask],
                width=scale.bar_width,
                customdata=rows[mask].tolist(),
                hovertext=None if hover is None else hover[mask],
                hovertemplate=None if hover is None else hover_template,
                hoverinfo="skip" if hover is None else None,
                text=text,
                textposition=textposition,
                insidetextanchor="start",
                textfont={"size": scale.bar_font},
                insidetextfont={"color": text_color, "size": scale.bar_font},
                outsidetextfont={"color": INK, "size": scale.bar_font},
                constraintext="none",
                cliponaxis=True,
                marker={
                    "color": color,
                    "opacity": _per_point(dim[mask], 0.22, 1.0),
                    "line": {
                        "color": _per_point(selected[mask], INK, _shade(color)),
                        "width": _per_point(selected[mask], 3.0, 0.6),
                    },
                },
            )
        )

    for kind, symbol in KIND_SYMBOLS.items():
        mask = is_ms & (d["kind"].to_numpy() == kind)
        if not mask.any():
            continue
        marker_colors = color_of[mask]
        traces.append(
            _trace(
                "scatter",
                x=mid_ms[mask],
                y=y[mask],
                mode="markers+text" if show_text else "markers",
                name=t(f"kind.{kind}", lang),
                legendgroup=f"kind-{kind}",
                showlegend=False,
                customdata=rows[mask].tolist(),
                hovertext=None if hover is None else hover[mask],
                hovertemplate=None if hover is None else hover_template,
                hoverinfo="skip" if hover is None else None,
                text=[_esc(_truncate(s, 28)) for s in titles[mask]] if show_text else None,
                textposition="middle right",
                textfont={"size": scale.bar_font, "color": INK},
                cliponaxis=False,
                marker={
                    "symbol": symbol,
                    "size": _per_point(
                        selected[mask], scale.marker + 6, scale.marker + (2 if kind == "decision" else 0)
                    ),
                    "color": marker_colors,
                    "opacity": _per_point(dim[mask], 0.25, 1.0),
                    "line": {
                        "color": _per_point(selected[mask], INK, "#33414d"),
                        "width": _per_point(selected[mask], 2.5, 1.0),
                    },
                },
            )
        )
        # The legend shows the symbol in a neutral colour: the fill is the status/phase.
        traces.append(_legend_entry(t(f"kind.{kind}", lang), symbol, "#8a949c", f"kind-{kind}", scale.marker))

    # Flags go after the bar (or marker) and after a title drawn beside it.
    flag_end = np.where(is_ms, mid_ms + 10 * px_ms, finish_ms) + label_px * px_ms
    flag_points: dict[str, list[tuple[float, float]]] = {flag: [] for flag in FLAG_STYLE}
    flag_lists = d["flags"].to_numpy()
    for i in np.flatnonzero(n_flags):
        for k, flag in enumerate(flag_lists[i]):
            flag_points.setdefault(flag, []).append((flag_end[i] + (k * 13 + 8) * px_ms, y[i]))
    for flag, (symbol, color) in FLAG_STYLE.items():
        positions = flag_points[flag]
        if not positions:
            continue
        xs, ys = zip(*positions, strict=True)
        traces.append(
            _trace(
                "scatter",
                x=np.array(xs, dtype=np.int64),
                y=np.array(ys),
                mode="markers",
                name=flag_label(flag, lang),
                legendgroup=f"flag-{flag}",
                hoverinfo="skip",
                cliponaxis=False,
                marker={
                    "symbol": symbol,
                    "color": color,
                    "size": scale.marker - 3,
                    "line": {"color": "white", "width": 1},
                },
            )
        )

    if options.show_dependencies and len(frames.dependencies):
        traces.extend(
            _dependency_traces(
                frames,
                dict(zip(ids, range(len(d)), strict=True)),
                start_ms,
                finish_ms,
                mid_ms,
                is_ms,
                y,
                chain,
                lang,
            )
        )

    if services["critical"].astype(bool).any():
        traces.append(_legend_entry(t("critical", lang), "circle", CRITICAL_COLOR, "critical", 9))

    layout = _layout(frames, options, first_q, last_q, x0, x1, n_rows, scale, tickvals, ticktext, area_rules)
    layout["legend"]["title"] = {"text": f"<b>{legend_title}</b>  "}
    # What a caller cannot see in the traces: whether titles fit (exports split dense
    # areas over several slides when they do not) and how many rows were drawn.
    layout["meta"] = {"titles": bool(show_text), "rows": n_rows}
    if not len(d):
        layout["annotations"] = [
            *layout["annotations"],
            {
                "text": t("gantt.empty", lang),
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "showarrow": False,
                "font": {"size": 16, "color": MUTED},
            },
        ]
    # Validation is the largest cost of building a figure with thousands of points, and
    # everything here is built from known-good literals; tests validate the result.
    # Hover texts are attached after construction: plotly deep-copies its input item by
    # item, which for thousands of strings cost more than building the rest of the figure.
    heavy = [{key: trace.pop(key) for key in ("hovertext", "customdata") if key in trace} for trace in traces]
    figure = go.Figure(data=traces, layout=layout, _validate=False)
    for props, arrays in zip(figure._data, heavy, strict=True):
        props.update(arrays)
    return figure


def _per_point(condition: np.ndarray, yes: object, no: object) -> object:
    """A per-point style array where points differ, else one value (cheaper to draw)."""
    return np.where(condition, yes, no) if condition.any() else no


def _trace(kind: str, **props: object) -> dict:
    """A trace as a plain dict, without the properties left at None."""
    return {"type": kind, **{key: value for key, value in props.items() if value is not None}}


def _legend_entry(name: str, symbol: str, color: str, group: str, size: int) -> dict:
    """A legend-only item: a symbol with a name, drawing nothing on the plot."""
    return _trace(
        "scatter",
        x=[None],
        y=[None],
        mode="markers",
        name=name,
        legendgroup=group,
        hoverinfo="skip",
        marker={"symbol": symbol, "color": color, "size": size, "line": {"color": "#33414d", "width": 1}},
    )


def _dependency_traces(
    frames: RoadmapFrames,
    position: dict[str, int],
    start_ms: np.ndarray,
    finish_ms: np.ndarray,
    mid_ms: np.ndarray,
    is_ms: np.ndarray,
    y: np.ndarray,
    chain: set[str] | None,
    lang: Lang,
) -> list[dict]:
    """Arrows from each upstream deliverable's end to its dependent's start, as line traces."""
    deps = frames.dependencies
    src = deps["source"].map(position)
    tgt = deps["target"].map(position)
    ok = src.notna() & tgt.notna()
    src = src[ok].astype(int).to_numpy()
    tgt = tgt[ok].astype(int).to_numpy()
    if not len(src):
        return []
    in_chain = (
        np.array(
            [s in chain and t_ in chain for s, t_ in zip(deps["source"][ok], deps["target"][ok], strict=True)]
        )
        if chain
        else np.zeros(len(src), dtype=bool)
    )
    out_x = np.where(is_ms[src], mid_ms[src], finish_ms[src])
    in_x = np.where(is_ms[tgt], mid_ms[tgt], start_ms[tgt])
    traces = []
    for highlighted, color, width, name in (
        (False, "rgba(60,72,84,0.55)", 1.2, t("gantt.dependency", lang)),
        (True, INK, 2.6, None),
    ):
        mask = in_chain == highlighted
        if not mask.any():
            continue
        n = int(mask.sum())
        xs = np.empty(n * 3, dtype=object)
        ys = np.empty(n * 3, dtype=object)
        xs[0::3], xs[1::3], xs[2::3] = out_x[mask], in_x[mask], None
        ys[0::3], ys[1::3], ys[2::3] = y[src[mask]], y[tgt[mask]], None
        sizes = np.tile([0, 9 if not highlighted else 12, 0], n)
        traces.append(
            _trace(
                "scatter",
                x=xs,
                y=ys,
                mode="lines+markers",
                name=name or t("gantt.dependency", lang),
                legendgroup="dependencies",
                showlegend=name is not None,
                hoverinfo="skip",
                connectgaps=False,
                cliponaxis=False,
                line={"color": color, "width": width},
                marker={"symbol": "arrow", "angleref": "previous", "size": sizes, "color": color},
            )
        )
    return traces


def hover_texts(frames: RoadmapFrames, lang: Lang) -> np.ndarray:
    """One hover text per deliverable: title, service, period, status, phase, flags, dependencies.

    One lean pass with per-value parts looked up, not formatted per row: hover text was
    the largest cost of the figure at 10,000 rows.
    """
    d = frames.deliverables
    if not len(d):
        return np.zeros(0, dtype=str)
    services = {name: _esc(name) for name in d["service_name"].unique()}
    kinds = {"period": "", **{k: f" · {t(f'kind.{k}', lang)}" for k in ("milestone", "decision")}}
    statuses = {s: f"<br>{t('filter.status', lang)}: {status_label(s, lang)}" for s in STATUS_ORDER if s}
    phase_word = t("filter.phase", lang)
    phases = {p: f"<br>{phase_word}: {_esc(p)}" for p in d["phase_name"].dropna().unique() if p}
    esc = _esc
    head = [
        f"<b>{esc(title if len(title) <= 90 else _truncate(title, 90))}</b><br>{services[service]} · {period}"
        f"{kinds.get(kind, '')}{statuses.get(status, '')}{phases.get(phase, '')}"
        for title, service, period, kind, status, phase in zip(
            d["title"].to_numpy(dtype=object),
            d["service_name"].to_numpy(),
            d["period_label"].to_numpy(),
            d["kind"].to_numpy(),
            d["status"].to_numpy(),
            d["phase_name"].to_numpy(),
            strict=True,
        )
    ]
    titles: dict[str, str] | None = None
    labels = (t("gantt.flags", lang), t("gantt.depends_on", lang), t("gantt.dependents", lang))
    columns = (d["flags"].to_numpy(), d["depends_on"].to_numpy(), d["dependents"].to_numpy())
    for i, (flags, up, down) in enumerate(zip(*columns, strict=True)):
        if not (flags or up or down):
            continue
        extra = []
        if flags:
            extra.append(f"<br>{labels[0]}: {', '.join(flag_label(f, lang) for f in flags)}")
        if up or down:
            titles = titles or dict(
                zip(d["id"].to_numpy(dtype=object), d["title"].to_numpy(dtype=object), strict=True)
            )
            if up:
                extra.append(f"<br>{labels[1]}: {_names(up, titles, lang)}")
            if down:
                extra.append(f"<br>{labels[2]}: {_names(down, titles, lang)}")
        head[i] += "".join(extra)
    return np.array(head, dtype=object)


def with_hover_texts(frames: RoadmapFrames) -> RoadmapFrames:
    """The frames with a `hover` column, so figures of filtered views need not rebuild it.

    The dashboard calls this once per loaded roadmap; `gantt_figure` uses the column when
    present and builds the texts itself otherwise.
    """
    deliverables = frames.deliverables.assign(hover=hover_texts(frames, frames.lang))
    return dataclasses.replace(frames, deliverables=deliverables)


def _layout(
    frames: RoadmapFrames,
    options: FigureOptions,
    first_q: Quarter,
    last_q: Quarter,
    x0: pd.Timestamp,
    x1: pd.Timestamp,
    n_rows: int,
    scale: _Scale,
    tickvals: list[float],
    ticktext: list[str],
    area_rules: list[float],
) -> dict:
    lang = options.lang

    title_px = 64 if options.static else 0
    legend_px = (86 if options.static else 58) if options.legend else 0
    top = title_px + legend_px + 54
    bottom = 24
    height = options.height or top + bottom + n_rows * scale.row_px
    shapes: list[dict] = year_lines(first_q, last_q)
    shapes += [
        {
            "type": "line",
            "xref": "paper",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": r,
            "y1": r,
            "line": {"color": "#9aa5ae", "width": 1},
            "layer": "above",
        }
        for r in area_rules
    ]
    annotations = year_annotations(first_q, last_q, font_size=scale.font + 1)
    today = options.today
    if today is not None and x0 <= pd.Timestamp(today) < x1:
        line, label = today_marker(today, lang, font_size=scale.font - 1)
        shapes.append(line)
        annotations.append(label)
    layout: dict = {
        "height": height,
        "margin": {"l": _label_margin(ticktext, scale.font), "r": 24, "t": top, "b": bottom, "pad": 4},
        "barmode": "overlay",
        "bargap": 0,
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "font": {"family": FONT, "size": scale.font, "color": INK},
        "hoverlabel": {
            "bgcolor": "white",
            "bordercolor": "#9aa5ae",
            "font": {"size": 13, "color": INK},
            "align": "left",
        },
        "hovermode": "closest",
        "dragmode": False,
        "showlegend": options.legend,
        "legend": {
            "orientation": "h",
            "yref": "container",
            "y": 1 - (title_px + 4) / height,
            "yanchor": "top",
            "x": 0,
            "xanchor": "left",
            "font": {"size": 14 if options.static else 12},
            "itemsizing": "constant",
            "traceorder": "normal",
            "bgcolor": "rgba(0,0,0,0)",
        },
        "xaxis": quarter_axis(first_q, last_q, lang, font_size=scale.font - 1),
        "yaxis": {
            "range": [n_rows - 0.5, -0.5],
            "fixedrange": True,
            "tickmode": "array",
            "tickvals": tickvals,
            "ticktext": ticktext,
            "showgrid": False,
            "zeroline": False,
            "ticks": "",
            # Measured by us, not plotly: automargin measures every label and lays the
            # chart out again, about 0.9 s of a 5,000-deliverable chart in the browser.
            "automargin": False,
            "tickfont": {"size": scale.font},
        },
        "shapes": shapes,
        "annotations": annotations,
        "uniformtext": {"minsize": max(8, scale.bar_font - 3), "mode": "hide"},
    }
    if options.width:
        layout["width"] = options.width
    if options.static:
        info = frames.info
        subtitle = (
            f"<br><span style='font-size:14px;color:{MUTED}'>{_esc(info.subtitle)}</span>"
            if info.subtitle
            else ""
        )
        layout["title"] = {
            "text": f"<b>{_esc(info.title)}</b>{subtitle}",
            "x": 0,
            "xref": "paper",
            "y": 1 - 8 / height,
            "yanchor": "top",
            "font": {"size": 20},
        }
    return layout


_TAG = re.compile(r"<[^>]+>")
LABEL_CHAR_EM = 0.58
"""Average width of a label character in em, generous for bold area names."""


def _label_margin(labels: list[str], font_px: int) -> int:
    """The left margin (px) the longest row label needs at this font size."""
    longest = max((len(html.unescape(_TAG.sub("", label))) for label in labels), default=8)
    return int(min(420, 18 + longest * font_px * LABEL_CHAR_EM))


def _rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    if len(c) == 3:
        c = "".join(ch * 2 for ch in c)
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _tint(color: str, amount: float) -> str:
    """Mix `color` with white: `amount` of the colour remains."""
    r, g, b = _rgb(color)
    return "#{:02x}{:02x}{:02x}".format(*(round(255 - (255 - v) * amount) for v in (r, g, b)))


def _shade(color: str) -> str:
    r, g, b = _rgb(color)
    return "#{:02x}{:02x}{:02x}".format(*(round(v * 0.72) for v in (r, g, b)))


def _text_color(color: str) -> str:
    """White on dark fills, ink on light ones (WCAG relative luminance)."""

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(color))
    return "white" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.35 else INK


__all__ = [
    "FLAG_STYLE",
    "KIND_SYMBOLS",
    "PHASE_COLORS",
    "STATUS_COLORS",
    "STATUS_ORDER",
    "dependency_chain",
    "gantt_figure",
    "hover_texts",
    "phase_colors",
    "status_key",
    "with_hover_texts",
]
