"""The board digest as data: what a board member reads before a meeting, and nothing else.

`build_digest` is a pure function of the roadmap as it stands, the comparison with an
earlier version (a `DiffReport` from git), today's date, a horizon in quarters and
whether the digest is public. It reads the model (`veikart.roadmap`), never pandas, so a
Markdown or HTML digest costs no more than reading the roadmap and its history.

The sections, in the order the digest shows them:

1. the header: title, period, "Oppdatert", the revision compared with;
2. key figures: deliverables by status, on the critical line, delayed since the baseline;
3. changes since the baseline: delayed (with their quarters and the commit), brought
   forward, new, removed, changed status;
4. decisions and milestones in the next `horizon` quarters, counted from today's quarter;
5. services with a yellow or red traffic light, with their comments;
6. risks, high first, with what they affect;
7. deliverables past their end that are not available ("bør oppdateres");
8. dependency conflicts (a dependency that ends after its dependent starts);
9. the sources cited.

A public digest is built from `public_roadmap` of both versions compared (the caller
compares them that way, see `veikart.commands.digest`), so no internal item and no note
can appear; it also leaves out commit subjects, which are the planners' own words. Notes
never appear in any digest: they are the planners' working notes, not text for the board.
Words are added by `veikart.digest.sections`; everything here is plain data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from veikart.history.attribution import AttributedChange
from veikart.history.changes import DELIVERABLE, Change, group_of
from veikart.history.git import Commit
from veikart.history.report import DiffReport
from veikart.history.stale import STALE_DAYS, overdue
from veikart.i18n import Lang
from veikart.roadmap.model import Deliverable, Phase, Risk, Roadmap, Service
from veikart.roadmap.periods import Quarter
from veikart.roadmap.public import internal_deliverable_ids

DEFAULT_HORIZON = 2
"""Quarters ahead, today's included, whose decisions and milestones the digest lists."""
MAX_HORIZON = 12
STATUSES: tuple[str | None, ...] = ("available", "establishing", "planning", None)
"""Status order of the key figures: from what can be used today to what is only planned."""
HEALTH_LIGHTS = ("progress", "cost", "quality", "risk")
LEVEL_RANK = {"red": 0, "yellow": 1}
RISK_RANK = {"high": 0, "medium": 1, "low": 2}


# --- the parts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CommitRef:
    """A commit as the digest shows it; `subject` is None in public digests."""

    short: str
    date: dt.date
    subject: str | None = None

    @classmethod
    def of(cls, commit: Commit, public: bool) -> CommitRef:
        return cls(commit.short, commit.date.date(), None if public else commit.subject)


@dataclass(frozen=True)
class Baseline:
    """The version compared with: the revision as given, its commit and the commit's date."""

    rev: str
    commit: CommitRef


@dataclass(frozen=True)
class Header:
    title: str
    subtitle: str | None
    owner: str | None
    start: dt.date
    end: dt.date
    """The roadmap's period, first and last day."""
    updated: dt.date | None
    today: dt.date
    baseline: Baseline | None
    public: bool


@dataclass(frozen=True)
class KeyFigures:
    deliverables: int
    """Deliverables and milestones in all."""
    by_status: tuple[tuple[str | None, int], ...]
    """(status, count) in STATUSES order; "no status" only when some have none."""
    critical_deliverables: int
    critical_services: int
    slipped: int | None
    """Deliverables delayed since the baseline; None without one."""


@dataclass(frozen=True)
class ChangeEntry:
    """A change of a deliverable since the baseline and the commit that made it."""

    change: Change
    service_name: str
    commit: CommitRef | None
    uncommitted: bool
    internal: bool
    """The item is internal (only ever True in digests that are not public)."""


@dataclass(frozen=True)
class Changes:
    slipped: tuple[ChangeEntry, ...]
    """Ends later than at the baseline, the largest delay first."""
    earlier: tuple[ChangeEntry, ...]
    """Ends earlier, or only its start moved."""
    added: tuple[ChangeEntry, ...]
    removed: tuple[ChangeEntry, ...]
    status: tuple[ChangeEntry, ...]
    other: int
    """Other changes (phase, title, dependencies, flags, traffic lights, risks) not listed."""
    phase_names: Mapping[str, str]


@dataclass(frozen=True)
class DueItem:
    """A decision or milestone whose time falls in the horizon."""

    id: str
    title: str
    service_name: str
    kind: str
    """"decision" or "milestone"."""
    start: dt.date
    end: dt.date
    status: str | None
    tentative: bool
    internal: bool


@dataclass(frozen=True)
class Due:
    first: Quarter
    last: Quarter
    items: tuple[DueItem, ...]


@dataclass(frozen=True)
class HealthItem:
    """A service with at least one yellow or red light."""

    id: str
    name: str
    area_name: str
    lights: tuple[tuple[str, str | None], ...]
    """(light, level) for progress, cost, quality and risk; level None when not given."""
    comment: str | None
    worst: str
    """"red" or "yellow"."""
    internal: bool


@dataclass(frozen=True)
class Health:
    items: tuple[HealthItem, ...]
    any_lights: bool
    """Whether any service has traffic lights at all."""


@dataclass(frozen=True)
class RiskItem:
    id: str
    title: str
    level: str
    affects: tuple[str, ...]
    """Names of the services and titles of the deliverables it affects."""
    owner: str | None
    mitigation: str | None
    internal: bool


@dataclass(frozen=True)
class OverdueItem:
    id: str
    title: str
    service_name: str
    start: dt.date
    end: dt.date
    status: str
    internal: bool


@dataclass(frozen=True)
class Overdue:
    items: tuple[OverdueItem, ...]
    updated_days: int | None
    """Days from `roadmap.updated` to today when more than STALE_DAYS, else None."""


@dataclass(frozen=True)
class Conflict:
    """A deliverable that starts before a deliverable it depends on ends."""

    id: str
    title: str
    service_name: str
    start: dt.date
    dependency_id: str
    dependency_title: str
    dependency_end: dt.date
    internal: bool
    dependency_internal: bool


@dataclass(frozen=True)
class SourceItem:
    id: str
    title: str
    publisher: str | None
    date: dt.date | None
    url: str | None
    cited_by: int
    """How many items of the roadmap cite it."""


@dataclass(frozen=True)
class Digest:
    """Everything the digest shows, section by section, as plain data."""

    lang: Lang
    horizon: int
    header: Header
    figures: KeyFigures
    changes: Changes | None
    """None when there is no baseline to compare with."""
    due: Due
    health: Health
    risks: tuple[RiskItem, ...]
    overdue: Overdue
    conflicts: tuple[Conflict, ...]
    sources: tuple[SourceItem, ...]


# --- building it ----------------------------------------------------------------------------


def build_digest(
    roadmap: Roadmap,
    report: DiffReport | None,
    *,
    today: dt.date,
    horizon: int = DEFAULT_HORIZON,
    lang: Lang = "nb",
    public: bool = False,
    baseline: Roadmap | None = None,
) -> Digest:
    """The digest of `roadmap` (as it stands) compared as `report` says with an earlier version.

    For a public digest, `roadmap`, `baseline` and `report` must already be public (made
    from `public_roadmap` of both versions); `public` then also drops commit subjects.
    `baseline` (the earlier roadmap) only serves to mark removed internal items.
    """
    if not 1 <= horizon <= MAX_HORIZON:
        raise ValueError(f"horizon must be 1 to {MAX_HORIZON} quarters, not {horizon}")
    internal = (
        frozenset()
        if public
        else internal_deliverable_ids(roadmap)
        | (internal_deliverable_ids(baseline) if baseline else frozenset())
    )
    services = {s.id: s for s in roadmap.services}
    service_names = {**(report.service_names if report else {}), **{s.id: s.name for s in roadmap.services}}
    changes = _changes(report, service_names, internal, public) if report is not None else None
    return Digest(
        lang=lang,
        horizon=horizon,
        header=_header(roadmap, report, today, public),
        figures=_figures(roadmap, services, changes),
        changes=changes,
        due=_due(roadmap, services, today, horizon, internal),
        health=_health(roadmap, public),
        risks=_risks(roadmap, services, public),
        overdue=_overdue(roadmap, services, today, internal),
        conflicts=_conflicts(roadmap, services, internal),
        sources=_sources(roadmap),
    )


def _service_name(services: Mapping[str, Service], ident: str) -> str:
    service = services.get(ident)
    return service.name if service else ident


def _header(roadmap: Roadmap, report: DiffReport | None, today: dt.date, public: bool) -> Header:
    info = roadmap.info
    baseline = None
    if report is not None and report.before.commit is not None:
        commit = report.before.commit
        baseline = Baseline(rev=report.before.rev or commit.short, commit=CommitRef.of(commit, public))
    return Header(
        title=info.title,
        subtitle=info.subtitle,
        owner=info.owner,
        start=info.start,
        end=info.end,
        updated=info.updated,
        today=today,
        baseline=baseline,
        public=public,
    )


def _figures(roadmap: Roadmap, services: Mapping[str, Service], changes: Changes | None) -> KeyFigures:
    counts = {status: 0 for status in STATUSES}
    for d in roadmap.deliverables:
        counts[d.status if d.status in counts else None] += 1
    by_status = tuple((s, n) for s, n in counts.items() if s is not None or n)
    critical = {s.id for s in roadmap.services if s.critical}
    return KeyFigures(
        deliverables=len(roadmap.deliverables),
        by_status=by_status,
        critical_deliverables=sum(1 for d in roadmap.deliverables if d.service in critical),
        critical_services=len(critical),
        slipped=len(changes.slipped) if changes is not None else None,
    )


def _changes(
    report: DiffReport, service_names: Mapping[str, str], internal: frozenset[str], public: bool
) -> Changes:
    groups: dict[str, list[ChangeEntry]] = {
        g: [] for g in ("slipped", "earlier", "added", "removed", "status")
    }
    other = 0
    for attributed in report.changes:
        change = attributed.change
        group = group_of(change)
        if group == "moved":  # only the start moved
            group = "earlier"
        if group not in groups or change.item != DELIVERABLE:
            other += 1
            continue
        groups[group].append(_entry(attributed, service_names, internal, public))
    slipped = sorted(groups["slipped"], key=lambda e: -(e.change.shift_quarters or 0))
    return Changes(
        slipped=tuple(slipped),
        earlier=tuple(groups["earlier"]),
        added=tuple(groups["added"]),
        removed=tuple(groups["removed"]),
        status=tuple(groups["status"]),
        other=other,
        phase_names=dict(report.phase_names),
    )


def _entry(
    attributed: AttributedChange, service_names: Mapping[str, str], internal: frozenset[str], public: bool
) -> ChangeEntry:
    change = attributed.change
    service = change.service or ""
    return ChangeEntry(
        change=change,
        service_name=service_names.get(service, service),
        commit=CommitRef.of(attributed.commit, public) if attributed.commit else None,
        uncommitted=attributed.uncommitted,
        internal=change.id in internal,
    )


def horizon_quarters(today: dt.date, horizon: int) -> tuple[Quarter, Quarter]:
    """The first and last quarter of the horizon: today's quarter and `horizon - 1` after it."""
    first = Quarter.of(today)
    return first, first + (horizon - 1)


def _due(
    roadmap: Roadmap, services: Mapping[str, Service], today: dt.date, horizon: int, internal: frozenset[str]
) -> Due:
    first, last = horizon_quarters(today, horizon)
    window_start, window_end = first.first_day, last.last_day
    items = [
        DueItem(
            id=d.id,
            title=d.title,
            service_name=_service_name(services, d.service),
            kind=d.kind or "milestone",
            start=d.start,
            end=d.end,
            status=d.status,
            tentative=d.tentative,
            internal=d.id in internal,
        )
        for d in roadmap.deliverables
        # a milestone given as a year or half-year counts when its span meets the horizon
        if d.is_milestone and d.start <= window_end and d.end >= window_start
    ]
    items.sort(key=lambda item: (item.end, item.start))
    return Due(first, last, tuple(items))


def _health(roadmap: Roadmap, public: bool) -> Health:
    areas = {a.id: a.name for a in roadmap.areas}
    internal = not public
    items = []
    any_lights = False
    for s in roadmap.services:
        if s.health is None:
            continue
        lights = tuple((light, getattr(s.health, light)) for light in HEALTH_LIGHTS)
        any_lights = any_lights or any(level for _, level in lights)
        levels = [level for _, level in lights if level in LEVEL_RANK]
        if not levels:
            continue
        items.append(
            HealthItem(
                id=s.id,
                name=s.name,
                area_name=areas.get(s.area, s.area),
                lights=lights,
                comment=s.health.comment,
                worst=min(levels, key=LEVEL_RANK.__getitem__),
                internal=internal and s.internal,
            )
        )
    items.sort(key=lambda item: LEVEL_RANK[item.worst])  # stable: roadmap order within a level
    return Health(tuple(items), any_lights)


def _risks(roadmap: Roadmap, services: Mapping[str, Service], public: bool) -> tuple[RiskItem, ...]:
    titles = {d.id: d.title for d in roadmap.deliverables}
    items = [
        RiskItem(
            id=r.id,
            title=r.title,
            level=r.level,
            affects=tuple(services[a].name if a in services else titles.get(a, a) for a in r.affects),
            owner=r.owner,
            mitigation=r.mitigation,
            internal=not public and r.internal,
        )
        for r in roadmap.risks
    ]
    items.sort(key=lambda item: RISK_RANK.get(item.level, len(RISK_RANK)))
    return tuple(items)


def _overdue(
    roadmap: Roadmap, services: Mapping[str, Service], today: dt.date, internal: frozenset[str]
) -> Overdue:
    items = tuple(
        OverdueItem(
            id=d.id,
            title=d.title,
            service_name=_service_name(services, d.service),
            start=d.start,
            end=d.end,
            status=d.status or "",
            internal=d.id in internal,
        )
        for d in sorted(overdue(roadmap, today), key=lambda d: d.end)
    )
    updated = roadmap.info.updated
    days = (today - updated).days if updated is not None else None
    return Overdue(items, days if days is not None and days > STALE_DAYS else None)


def _conflicts(
    roadmap: Roadmap, services: Mapping[str, Service], internal: frozenset[str]
) -> tuple[Conflict, ...]:
    by_id = {d.id: d for d in roadmap.deliverables}
    out = []
    for d in roadmap.deliverables:
        for dep_id in d.depends_on:
            dep = by_id.get(dep_id)
            # the validator's rule (`warning.late_dependency`): a dependency ends before its
            # dependent starts
            if dep is None or dep.id == d.id or dep.end < d.start:
                continue
            out.append(
                Conflict(
                    id=d.id,
                    title=d.title,
                    service_name=_service_name(services, d.service),
                    start=d.start,
                    dependency_id=dep.id,
                    dependency_title=dep.title,
                    dependency_end=dep.end,
                    internal=d.id in internal,
                    dependency_internal=dep.id in internal,
                )
            )
    return tuple(out)


def _sources(roadmap: Roadmap) -> tuple[SourceItem, ...]:
    cited: dict[str, int] = {}
    for item in _citing(roadmap):
        for ident in item.sources:
            cited[ident] = cited.get(ident, 0) + 1
    chosen = [s for s in roadmap.sources if s.id in cited] or list(roadmap.sources)
    return tuple(
        SourceItem(
            id=s.id,
            title=s.title,
            publisher=s.publisher,
            date=s.date,
            url=s.url,
            cited_by=cited.get(s.id, 0),
        )
        for s in chosen
    )


def _citing(roadmap: Roadmap) -> Iterable[Phase | Service | Deliverable | Risk]:
    yield from roadmap.phases
    yield from roadmap.services
    yield from roadmap.deliverables
    yield from roadmap.risks


__all__ = [
    "DEFAULT_HORIZON",
    "MAX_HORIZON",
    "Baseline",
    "ChangeEntry",
    "Changes",
    "CommitRef",
    "Conflict",
    "Digest",
    "Due",
    "DueItem",
    "Header",
    "Health",
    "HealthItem",
    "KeyFigures",
    "Overdue",
    "OverdueItem",
    "RiskItem",
    "SourceItem",
    "build_digest",
    "horizon_quarters",
]
