"""Normalise a validated roadmap into the tidy pandas frames every view and export uses.

`roadmap_frames` is the single interface between data and views: figures, the dashboard
and exports read these frames and nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from veikart.i18n import DEFAULT_LANG, Lang, t
from veikart.roadmap.model import Citing, Roadmap, RoadmapInfo
from veikart.roadmap.periods import Quarter, quarter_range
from veikart.roadmap.schema import RISK_LEVELS
from veikart.spans import edge_labels, span_label

# Colour-blind-safe defaults for areas without a colour (Okabe-Ito, darkened for white).
AREA_PALETTE = ("#1f6f8b", "#b5563b", "#3d7a3a", "#7a4f9a", "#9a7b1c", "#2b5797", "#8c3b5e", "#4f6d7a")
UNKNOWN_PHASE = ""
"""The `phase` value of a service whose phase at a quarter is not known."""


@dataclass(frozen=True)
class RoadmapFrames:
    info: RoadmapInfo
    lang: Lang
    deliverables: pd.DataFrame
    """One row per deliverable or milestone, in row order (area, service, start)."""
    services: pd.DataFrame
    """One row per service, in row order (area order, then as written)."""
    dependencies: pd.DataFrame
    """One row per edge: `source` must be done before `target`."""
    phase_timeline: pd.DataFrame
    """One row per service and quarter of the roadmap period: the phase the service is in."""
    phases: pd.DataFrame
    areas: pd.DataFrame
    audiences: pd.DataFrame
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    """One row per source, as written, with the ids of the items that cite it."""
    risks: pd.DataFrame = field(default_factory=pd.DataFrame)
    """One row per risk, as written, with what it affects resolved to services and areas."""

    @property
    def quarters(self) -> list[Quarter]:
        """The quarters of the roadmap's default period."""
        return quarter_range(Quarter.of(self.info.start), Quarter.of(self.info.end))


def _ts(day: dt.date) -> pd.Timestamp:
    return pd.Timestamp(day)


def is_missing(value: object) -> bool:
    """Whether a frame cell holds no value: None, NaN, pd.NA or NaT (a list or tuple is a value)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and bool(np.isnan(value))


def roadmap_frames(roadmap: Roadmap, lang: Lang = DEFAULT_LANG) -> RoadmapFrames:
    """Turn a validated roadmap into tidy frames, labelled in `lang`."""
    phases = pd.DataFrame(
        {
            "id": [p.id for p in roadmap.phases],
            "name": [p.name for p in roadmap.phases],
            "goal": [p.goal for p in roadmap.phases],
            "description": [p.description for p in roadmap.phases],
            "sources": [p.sources for p in roadmap.phases],
            "note": [p.note for p in roadmap.phases],
            "order": range(len(roadmap.phases)),
        }
    )
    areas = pd.DataFrame(
        {
            "id": [a.id for a in roadmap.areas],
            "name": [a.name for a in roadmap.areas],
            "color": [a.color or AREA_PALETTE[i % len(AREA_PALETTE)] for i, a in enumerate(roadmap.areas)],
            "order": range(len(roadmap.areas)),
        }
    )
    audiences = pd.DataFrame(
        {"id": [a.id for a in roadmap.audiences], "name": [a.name for a in roadmap.audiences]}
    )
    services = _services_frame(roadmap, areas)
    deliverables = _deliverables_frame(roadmap, services, phases, lang)
    services["n_deliverables"] = (
        services["id"].map(deliverables.groupby("service").size()).fillna(0).astype(int)
    )
    dependencies = _dependencies_frame(deliverables)
    deliverables["dependents"] = (
        deliverables["id"]
        .map(dependencies.groupby("source")["target"].agg(tuple))
        .apply(lambda v: v if isinstance(v, tuple) else ())
    )
    frames = RoadmapFrames(
        info=roadmap.info,
        lang=lang,
        deliverables=deliverables,
        services=services,
        dependencies=dependencies,
        phase_timeline=pd.DataFrame(),
        phases=phases,
        areas=areas,
        audiences=audiences,
        sources=_sources_frame(roadmap),
        risks=_risks_frame(roadmap, services),
    )
    return RoadmapFrames(**{**frames.__dict__, "phase_timeline": _phase_timeline(frames)})


def _services_frame(roadmap: Roadmap, areas: pd.DataFrame) -> pd.DataFrame:
    area = areas.set_index("id").to_dict("index")
    rows = [
        {
            "id": s.id,
            "name": s.name,
            "area": s.area,
            "area_name": area[s.area]["name"],
            "area_color": area[s.area]["color"],
            "area_order": int(area[s.area]["order"]),
            "written_order": i,
            "audiences": s.audiences,
            "owner": s.owner,
            "critical": s.critical,
            "phase": s.phase,
            "description": s.description,
            "links": tuple({"title": link.title, "url": link.url} for link in s.links),
            "health_progress": s.health.progress if s.health else None,
            "health_cost": s.health.cost if s.health else None,
            "health_quality": s.health.quality if s.health else None,
            "health_risk": s.health.risk if s.health else None,
            "health_comment": s.health.comment if s.health else None,
            "sources": s.sources,
            "note": s.note,
            "internal": s.internal,
            "source": str(s.source) if s.source else None,
        }
        for i, s in enumerate(roadmap.services)
    ]
    columns = list(rows[0]) if rows else ["id", "name", "area", "area_order", "written_order"]
    frame = pd.DataFrame(rows, columns=columns)
    frame = frame.sort_values(["area_order", "written_order"], kind="stable").reset_index(drop=True)
    frame["order"] = range(len(frame))
    return frame.drop(columns="written_order")


def _deliverables_frame(
    roadmap: Roadmap, services: pd.DataFrame, phases: pd.DataFrame, lang: Lang
) -> pd.DataFrame:
    service = services.set_index("id")
    phase_order = dict(zip(phases["id"], phases["order"], strict=True))
    phase_name = dict(zip(phases["id"], phases["name"], strict=True))
    items = roadmap.deliverables
    frame = pd.DataFrame(
        {
            "id": [d.id for d in items],
            "service": [d.service for d in items],
            "title": [d.title for d in items],
            "start": pd.to_datetime([d.start for d in items]),
            "end": pd.to_datetime([d.end for d in items]),
            "is_milestone": np.array([d.is_milestone for d in items], dtype=bool),
            "kind": [d.kind if d.is_milestone else "period" for d in items],
            "status": [d.status for d in items],
            "phase": [d.phase for d in items],
            "flags": [d.flags for d in items],
            "depends_on": [d.depends_on for d in items],
            "own_owner": [d.owner for d in items],
            "description": [d.description for d in items],
            "sources": [d.sources for d in items],
            "note": [d.note for d in items],
            "own_internal": np.array([d.internal for d in items], dtype=bool),
            "tentative": np.array([d.tentative for d in items], dtype=bool),
            "depends_on_internal": np.array([d.depends_on_internal for d in items], dtype=int),
            "source": [str(d.source) if d.source else None for d in items],
            "written_order": range(len(items)),
        }
    )
    frame["finish"] = frame["end"] + pd.Timedelta(days=1)
    """Exclusive end, for drawing: a bar for 2022-Q1 spans 1 Jan to 1 Apr."""
    for column in ("service_name", "area", "area_name", "area_color", "critical", "audiences"):
        source = "name" if column == "service_name" else column
        frame[column] = frame["service"].map(service[source])
    frame["service_order"] = frame["service"].map(service["order"]).astype(int)
    frame["owner"] = frame["own_owner"].where(
        frame["own_owner"].notna(), frame["service"].map(service["owner"])
    )
    frame["phase_name"] = frame["phase"].map(phase_name)
    frame["phase_order"] = frame["phase"].map(phase_order).fillna(-1).astype(int)
    frame["critical"] = frame["critical"].astype(bool)
    # A deliverable of an internal service is internal whatever its own flag says.
    frame["internal"] = frame["own_internal"] | frame["service"].map(service["internal"]).astype(bool)
    starts = [Quarter.of(d.start) for d in items]
    ends = [Quarter.of(d.end) for d in items]
    frame["start_quarter"] = [str(q) for q in starts]
    frame["end_quarter"] = [str(q) for q in ends]
    edges = [edge_labels(d.start, d.end, lang, milestone=d.is_milestone) for d in items]
    frame["start_label"] = [start for start, _ in edges]
    frame["end_label"] = [end for _, end in edges]
    frame["period_label"] = [span_label(d.start, d.end, lang, milestone=d.is_milestone) for d in items]
    frame = frame.sort_values(["service_order", "start", "written_order"], kind="stable")
    return frame.drop(columns=["own_owner", "own_internal", "written_order"]).reset_index(drop=True)


def _sources_frame(roadmap: Roadmap) -> pd.DataFrame:
    cited_by: dict[str, list[str]] = {s.id: [] for s in roadmap.sources}
    citing: tuple[Citing, ...] = (*roadmap.phases, *roadmap.services, *roadmap.deliverables, *roadmap.risks)
    for item in citing:
        for source_id in item.sources:
            cited_by[source_id].append(item.id)
    return pd.DataFrame(
        {
            "id": [s.id for s in roadmap.sources],
            "title": [s.title for s in roadmap.sources],
            "date": [pd.Timestamp(s.date) if s.date else pd.NaT for s in roadmap.sources],
            "publisher": [s.publisher for s in roadmap.sources],
            "url": [s.url for s in roadmap.sources],
            "cited_by": [tuple(cited_by[s.id]) for s in roadmap.sources],
        },
        columns=["id", "title", "date", "publisher", "url", "cited_by"],
    )


RISK_LEVEL_ORDER = {level: i for i, level in enumerate(RISK_LEVELS)}


def _risks_frame(roadmap: Roadmap, services: pd.DataFrame) -> pd.DataFrame:
    """Risks as written; `affects` split into services and deliverables, and the areas hit.

    An id naming both a service and a deliverable affects both.
    """
    service_area = dict(zip(services["id"], services["area"], strict=True))
    deliverable_service = {d.id: d.service for d in roadmap.deliverables}
    rows = []
    for r in roadmap.risks:
        hit_services = tuple(a for a in r.affects if a in service_area)
        hit_deliverables = tuple(a for a in r.affects if a in deliverable_service)
        areas = dict.fromkeys(
            [service_area[s] for s in hit_services]
            + [service_area[deliverable_service[d]] for d in hit_deliverables]
        )
        rows.append(
            {
                "id": r.id,
                "title": r.title,
                "level": r.level,
                "level_order": RISK_LEVEL_ORDER[r.level],
                "affects": r.affects,
                "affects_services": hit_services,
                "affects_deliverables": hit_deliverables,
                "areas": tuple(areas),
                "owner": r.owner,
                "mitigation": r.mitigation,
                "sources": r.sources,
                "internal": r.internal,
                "note": r.note,
                "source": str(r.source) if r.source else None,
            }
        )
    columns = [
        "id", "title", "level", "level_order", "affects", "affects_services", "affects_deliverables",
        "areas", "owner", "mitigation", "sources", "internal", "note", "source",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _dependencies_frame(deliverables: pd.DataFrame) -> pd.DataFrame:
    edges = deliverables[["id", "depends_on", "start"]].explode("depends_on").dropna(subset=["depends_on"])
    edges = edges.rename(columns={"id": "target", "depends_on": "source", "start": "target_start"})
    ends = deliverables.set_index("id")["end"]
    edges["source_end"] = edges["source"].map(ends)
    edges["late"] = edges["source_end"] >= edges["target_start"]
    return edges[["source", "target", "source_end", "target_start", "late"]].reset_index(drop=True)


def _phase_timeline(frames: RoadmapFrames) -> pd.DataFrame:
    """The phase of every service in every quarter of the roadmap period.

    A service is in the last phase (in value-chain order) among its deliverables that
    carry a phase and have started by the end of the quarter. A service with no phased
    deliverable is in its own `phase` for every quarter; otherwise the phase is unknown
    (before its first phased deliverable starts, or when it has no phase at all).
    """
    quarters = frames.quarters
    quarter_ends = np.array([np.datetime64(q.last_day) for q in quarters], dtype="datetime64[ns]")
    d = frames.deliverables
    phased = d.loc[d["phase_order"] >= 0, ["service", "start", "phase_order"]]
    phased = phased.sort_values(["service", "start"], kind="stable")
    services = phased["service"].to_numpy()
    starts = phased["start"].to_numpy()
    orders = phased["phase_order"].to_numpy()
    # One sort, then each service is a contiguous slice [lo, hi) of the arrays.
    bounds: dict[str, tuple[int, int]] = {}
    if len(services):
        edges = np.flatnonzero(services[1:] != services[:-1]) + 1
        for lo, hi in zip(np.r_[0, edges], np.r_[edges, len(services)], strict=True):
            bounds[services[lo]] = (int(lo), int(hi))
    order_to_phase = dict(zip(frames.phases["order"], frames.phases["id"], strict=True))
    own_phase = dict(zip(frames.services["id"], frames.services["phase"], strict=True))
    records: list[tuple[str, str, str]] = []
    labels = [str(q) for q in quarters]
    for service_id in frames.services["id"]:
        if service_id not in bounds:
            own = own_phase[service_id]
            own = own if isinstance(own, str) and own else UNKNOWN_PHASE
            records.extend((service_id, label, own) for label in labels)
            continue
        lo, hi = bounds[service_id]
        running = np.maximum.accumulate(orders[lo:hi])
        started = np.searchsorted(starts[lo:hi], quarter_ends, side="right")
        for label, count in zip(labels, started, strict=True):
            phase = order_to_phase[int(running[count - 1])] if count else UNKNOWN_PHASE
            records.append((service_id, label, phase))
    timeline = pd.DataFrame(records, columns=["service", "quarter", "phase"])
    order = dict(zip(frames.phases["id"], frames.phases["order"], strict=True))
    names = dict(zip(frames.phases["id"], frames.phases["name"], strict=True))
    timeline["phase_order"] = timeline["phase"].map(order).fillna(-1).astype(int)
    timeline["phase_name"] = timeline["phase"].map(names).fillna(t("phase.unknown", frames.lang))
    quarter_starts = {str(q): _ts(q.first_day) for q in quarters}
    timeline["quarter_start"] = timeline["quarter"].map(quarter_starts)
    return timeline


def phases_at(frames: RoadmapFrames, quarter: Quarter) -> pd.DataFrame:
    """Each service with the phase it is in at `quarter` (clamped to the roadmap period)."""
    quarters = frames.quarters
    quarter = min(max(quarter, quarters[0]), quarters[-1])
    at = frames.phase_timeline[frames.phase_timeline["quarter"] == str(quarter)]
    return frames.services.merge(
        at[["service", "phase", "phase_order", "phase_name"]].rename(
            columns={"phase": "phase_now", "service": "id"}
        ),
        on="id",
        how="left",
    )
