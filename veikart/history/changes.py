"""What changed between two roadmaps: a pure function of two models, no git, no files.

`roadmap_changes(before, after)` compares deliverables, services and risks by id (a
renamed id is a removal and an addition) and returns one `Change` per item and kind, in
a fixed order: by kind, then in the order the roadmap lists the items.

Each kind reads one *facet* of an item (`facet(item_type, kind, item)`); attribution
(finding the commit that made a change) asks the same facets of every version in between,
so "changed" means the same thing in the diff and in the commit search.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from veikart.roadmap.model import Deliverable, Health, Risk, Roadmap, Service
from veikart.roadmap.periods import Quarter

DELIVERABLE = "deliverable"
SERVICE = "service"
RISK = "risk"
ITEM_TYPES = (DELIVERABLE, SERVICE, RISK)
Item = Deliverable | Service | Risk
"""What a change is about: a deliverable, a service or a risk."""

ADDED = "added"
REMOVED = "removed"
MOVED = "moved"

DELIVERABLE_KINDS = ("moved", "status", "phase", "title", "dependencies", "flags", "tentative")
SERVICE_KINDS = ("health", "critical", "phase")
RISK_KINDS = ("level",)
KIND_ORDER = (
    ADDED,
    REMOVED,
    MOVED,
    "status",
    "phase",
    "title",
    "dependencies",
    "flags",
    "tentative",
    "health",
    "critical",
    "level",
)
"""Every kind a change can have, in the order reports list them."""


@dataclass(frozen=True)
class Change:
    """One change of one item between two versions of a roadmap.

    `before` and `after` are plain JSON values (None where the item does not exist);
    `shift_quarters` is how many quarters the end (or `at`) moved, positive = later, and
    `start_shift_quarters` the same for the start; both only for `moved`.
    """

    kind: str
    item: str
    id: str
    title: str
    service: str | None
    before: Any
    after: Any
    shift_quarters: int | None = None
    start_shift_quarters: int | None = None

    @property
    def slipped(self) -> bool:
        return self.kind == MOVED and (self.shift_quarters or 0) > 0

    @property
    def earlier(self) -> bool:
        return self.kind == MOVED and (self.shift_quarters or 0) < 0


def _span(d: Deliverable) -> tuple[dt.date, dt.date]:
    return (d.start, d.end)


def _health(s: Service) -> Hashable:
    health: Health | None = s.health
    if health is None:
        return None
    return (health.progress, health.cost, health.quality, health.risk, health.comment)


_FACETS: dict[tuple[str, str], Callable[[Any], Hashable]] = {
    (DELIVERABLE, "moved"): _span,
    (DELIVERABLE, "status"): lambda d: d.status,
    (DELIVERABLE, "phase"): lambda d: d.phase,
    (DELIVERABLE, "title"): lambda d: d.title,
    (DELIVERABLE, "dependencies"): lambda d: frozenset(d.depends_on),
    (DELIVERABLE, "flags"): lambda d: frozenset(d.flags),
    (DELIVERABLE, "tentative"): lambda d: bool(d.tentative),
    (SERVICE, "health"): _health,
    (SERVICE, "critical"): lambda s: bool(s.critical),
    (SERVICE, "phase"): lambda s: s.phase,
    (RISK, "level"): lambda r: r.level,
}


def facet(item_type: str, kind: str, item: Any) -> Hashable:
    """The part of an item a change of `kind` compares (order-free for lists)."""
    return _FACETS[(item_type, kind)](item)


def _plain_health(s: Service) -> dict[str, str | None] | None:
    if s.health is None:
        return None
    h = s.health
    return {
        "progress": h.progress,
        "cost": h.cost,
        "quality": h.quality,
        "risk": h.risk,
        "comment": h.comment,
    }


def _plain_span(d: Deliverable) -> dict[str, Any]:
    return {"start": d.start.isoformat(), "end": d.end.isoformat(), "milestone": d.is_milestone}


_PLAIN: dict[tuple[str, str], Callable[[Any], Any]] = {
    (DELIVERABLE, "moved"): _plain_span,
    (DELIVERABLE, "dependencies"): lambda d: list(d.depends_on),
    (DELIVERABLE, "flags"): lambda d: list(d.flags),
    (SERVICE, "health"): _plain_health,
}


def plain_value(item_type: str, kind: str, item: Any) -> Any:
    """The facet as a JSON value, lists in the order they were written."""
    plain = _PLAIN.get((item_type, kind))
    return plain(item) if plain else facet(item_type, kind, item)


def item_title(item_type: str, item: Item) -> str:
    return item.name if isinstance(item, Service) else item.title


def item_service(item_type: str, item: Item) -> str | None:
    if isinstance(item, Deliverable):
        return item.service
    if isinstance(item, Service):
        return item.id
    return None


def _presence(item_type: str, item: Item) -> dict[str, Any]:
    """What `added` / `removed` show of an item: its time for a deliverable, else its level."""
    if isinstance(item, Deliverable):
        return {**_plain_span(item), "status": item.status}
    if isinstance(item, Risk):
        return {"level": item.level}
    return {"critical": bool(item.critical), "phase": item.phase}


def items_of(roadmap: Roadmap, item_type: str) -> Sequence[Item]:
    """The deliverables, services or risks of a roadmap."""
    if item_type == DELIVERABLE:
        return roadmap.deliverables
    if item_type == SERVICE:
        return roadmap.services
    return roadmap.risks


def kinds_of(item_type: str) -> tuple[str, ...]:
    return {DELIVERABLE: DELIVERABLE_KINDS, SERVICE: SERVICE_KINDS, RISK: RISK_KINDS}[item_type]


def roadmap_changes(before: Roadmap, after: Roadmap) -> list[Change]:
    """Every change from `before` to `after`, by kind then in roadmap order."""
    found: list[tuple[int, int, int, Change]] = []
    for type_rank, item_type in enumerate(ITEM_TYPES):
        old = {item.id: item for item in items_of(before, item_type)}
        new = {item.id: item for item in items_of(after, item_type)}
        for position, (ident, item) in enumerate(new.items()):
            if ident not in old:
                if item_type != SERVICE:  # a new service shows through its new deliverables
                    found.append((type_rank, position, 0, _added(item_type, item)))
                continue
            for kind in kinds_of(item_type):
                change = _changed(item_type, kind, old[ident], item)
                if change is not None:
                    found.append((type_rank, position, 0, change))
        for position, (ident, item) in enumerate(old.items()):
            if ident not in new and item_type != SERVICE:
                found.append((type_rank, len(new) + position, 0, _removed(item_type, item)))
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    found.sort(key=lambda entry: (rank[entry[3].kind], entry[0], entry[1]))
    return [entry[3] for entry in found]


def _added(item_type: str, item: Item) -> Change:
    return Change(
        kind=ADDED,
        item=item_type,
        id=item.id,
        title=item_title(item_type, item),
        service=item_service(item_type, item),
        before=None,
        after=_presence(item_type, item),
    )


def _removed(item_type: str, item: Item) -> Change:
    return Change(
        kind=REMOVED,
        item=item_type,
        id=item.id,
        title=item_title(item_type, item),
        service=item_service(item_type, item),
        before=_presence(item_type, item),
        after=None,
    )


def _changed(item_type: str, kind: str, old: Item, new: Item) -> Change | None:
    if facet(item_type, kind, old) == facet(item_type, kind, new):
        return None
    shift = start_shift = None
    if kind == MOVED and isinstance(old, Deliverable) and isinstance(new, Deliverable):
        shift = Quarter.of(new.end) - Quarter.of(old.end)
        start_shift = Quarter.of(new.start) - Quarter.of(old.start)
    return Change(
        kind=kind,
        item=item_type,
        id=new.id,
        title=item_title(item_type, new),
        service=item_service(item_type, new),
        before=plain_value(item_type, kind, old),
        after=plain_value(item_type, kind, new),
        shift_quarters=shift,
        start_shift_quarters=start_shift,
    )


def holds(change: Change, item: Any, expected: Hashable) -> bool:
    """Whether a version whose item (None: absent) is `item` shows `change`.

    `expected` is the facet of the changed item in the newer roadmap (unused for
    additions and removals).
    """
    if change.kind == ADDED:
        return item is not None
    if change.kind == REMOVED:
        return item is None
    return item is not None and facet(change.item, change.kind, item) == expected


@dataclass(frozen=True)
class Summary:
    """How many changes of each sort, for the headline of a report."""

    slipped: int = 0
    earlier: int = 0
    moved: int = 0
    added: int = 0
    removed: int = 0
    status: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.slipped + self.earlier + self.moved + self.added + self.removed + self.status + self.other


def summarise(changes: Iterable[Change]) -> Summary:
    counts = dict.fromkeys(("slipped", "earlier", "moved", "added", "removed", "status", "other"), 0)
    for change in changes:
        counts[group_of(change)] += 1
    return Summary(**counts)


def group_of(change: Change) -> str:
    """The report section a change belongs to."""
    if change.kind == MOVED:
        return "slipped" if change.slipped else "earlier" if change.earlier else "moved"
    if change.kind in (ADDED, REMOVED) and change.item == DELIVERABLE:
        return change.kind
    if change.kind == "status":
        return "status"
    return "other"


GROUPS = ("slipped", "earlier", "moved", "added", "removed", "status", "other")


__all__ = [
    "ADDED",
    "DELIVERABLE",
    "GROUPS",
    "ITEM_TYPES",
    "KIND_ORDER",
    "MOVED",
    "REMOVED",
    "RISK",
    "SERVICE",
    "Change",
    "Summary",
    "facet",
    "group_of",
    "holds",
    "items_of",
    "roadmap_changes",
    "summarise",
]
