"""The validated roadmap: plain, immutable records in the order planners wrote them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from veikart.roadmap.problems import Location


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Health:
    progress: str | None = None
    cost: str | None = None
    quality: str | None = None
    risk: str | None = None
    comment: str | None = None


@dataclass(frozen=True)
class RoadmapInfo:
    title: str
    start: dt.date
    end: dt.date
    """First and last day of the default period, inclusive."""
    subtitle: str | None = None
    owner: str | None = None
    updated: dt.date | None = None


@dataclass(frozen=True)
class Source:
    """A document the roadmap's facts come from."""

    id: str
    title: str
    date: dt.date | None = None
    publisher: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Phase:
    id: str
    name: str
    goal: str | None = None
    description: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    color: str | None = None


@dataclass(frozen=True)
class Audience:
    id: str
    name: str


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    area: str
    audiences: tuple[str, ...] = ()
    owner: str | None = None
    critical: bool = False
    phase: str | None = None
    description: str | None = None
    links: tuple[Link, ...] = ()
    health: Health | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None
    """The planners' own note: never in public outputs."""
    internal: bool = False
    """Left out of public outputs, with all its deliverables."""
    source: Location | None = None


@dataclass(frozen=True)
class Deliverable:
    id: str
    service: str
    title: str
    start: dt.date
    end: dt.date
    """First and last day, inclusive. A milestone's are those of its `at` value."""
    is_milestone: bool = False
    kind: str | None = None
    """`milestone` or `decision` for milestones, None for period deliverables."""
    status: str | None = None
    phase: str | None = None
    depends_on: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    owner: str | None = None
    description: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None
    """The planners' own note: never in public outputs."""
    internal: bool = False
    """Its own flag; the deliverables of an internal service are internal too."""
    tentative: bool = False
    """The dates are an estimate that no decision or source fixes."""
    depends_on_internal: int = 0
    """How many dependencies `public_roadmap` removed because they are internal."""
    source: Location | None = None


@dataclass(frozen=True)
class Risk:
    """A risk the board follows, and the services and deliverables it affects."""

    id: str
    title: str
    level: str
    """`low`, `medium` or `high`."""
    affects: tuple[str, ...] = ()
    """Service or deliverable ids."""
    owner: str | None = None
    mitigation: str | None = None
    sources: tuple[str, ...] = ()
    internal: bool = False
    note: str | None = None
    source: Location | None = None


class Citing(Protocol):
    """A phase, service, deliverable or risk: an item with an id that cites sources by id."""

    @property
    def id(self) -> str: ...

    @property
    def sources(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Roadmap:
    info: RoadmapInfo
    phases: tuple[Phase, ...]
    areas: tuple[Area, ...]
    audiences: tuple[Audience, ...] = ()
    services: tuple[Service, ...] = ()
    deliverables: tuple[Deliverable, ...] = ()
    sources: tuple[Source, ...] = ()
    risks: tuple[Risk, ...] = ()
    files: tuple[str, ...] = field(default=())
    """The files it was read from, as shown in messages."""
