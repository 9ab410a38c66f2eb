"""Build one deliverable, service or risk from its YAML entry, without the whole roadmap.

`veikart.roadmap.load.build_roadmap` checks a roadmap as a whole (references, cycles) and
builds its items; it has no way in for one entry. Finding the commit that made a change
needs the items of every version in a range, and checking each whole version would cost
0.06 s per version at 1,000 deliverables. So this module reads one entry with the
loader's own `EntryReader` against the loader's own field declarations (`SECTIONS`) and
builds the item as `_Checker.build` does (written here, not in veikart/roadmap, which this
package does not change). Cross-entry checks are left out: the two versions compared are
always loaded in full by `build_roadmap`, and `attribution` verifies on those two that
this reading agrees with the loader before relying on it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from veikart.roadmap import model
from veikart.roadmap.fields import EntryReader
from veikart.roadmap.messages import Msg
from veikart.roadmap.problems import Problems
from veikart.roadmap.schema import SECTIONS
from veikart.roadmap.yamlsource import LocMap

ITEM_SECTIONS = {"deliverables": "deliverable", "services": "service", "risks": "risk"}
"""The sections whose items a diff compares, and the item type each holds."""

INVALID = object()
"""An entry that is there but not valid on its own at this version: shows no change."""


def _fields(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def build_item(section: str, raw: Any) -> tuple[str, Any] | None:
    """(id, item) for an entry of `section`; the item is INVALID when the entry has errors.

    None when the entry has no usable id (it cannot be matched across versions).
    """
    if section not in SECTIONS or not isinstance(raw, LocMap):
        return None
    problems = Problems()
    # Only whether the entry has errors matters here; the label names its kind.
    reader = EntryReader(raw, lambda: Msg(f"kind.{section}"), problems)
    values = reader.read(SECTIONS[section])
    ident = values.get("id")
    if not isinstance(ident, str):
        return None
    if problems.has_errors:
        return ident, INVALID
    if section == "deliverables":
        return ident, _deliverable(raw, values, reader) or INVALID
    if section == "services":
        return ident, _service(values)
    risk_class = getattr(model, "Risk", None)
    if risk_class is None:
        return None
    return ident, risk_class(**_known(risk_class, values))


def _known(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    names = _fields(cls)
    return {k: v for k, v in values.items() if k in names}


def _deliverable(raw: LocMap, values: dict[str, Any], reader: EntryReader) -> model.Deliverable | None:
    times = reader.times
    has = {k for k in ("start", "end", "at") if k in raw}
    if has == {"at"} and "at" in times:
        first, last, milestone = times["at"].first, times["at"].last, True
    elif has == {"start", "end"} and "start" in times and "end" in times:
        first, last, milestone = times["start"].first, times["end"].last, False
        if last < first or "kind" in raw:
            return None
    else:
        return None
    plain = {k: v for k, v in values.items() if k not in ("start", "end", "at")}
    if milestone:
        plain.setdefault("kind", "milestone")
    return model.Deliverable(
        **_known(model.Deliverable, plain), start=first, end=last, is_milestone=milestone
    )


def _service(values: dict[str, Any]) -> model.Service:
    plain = dict(values)
    links = tuple(model.Link(**link) for link in plain.pop("links", ()))
    health = plain.pop("health", None)
    return model.Service(
        **_known(model.Service, plain),
        links=links,
        health=model.Health(**health) if health else None,
    )


__all__ = ["INVALID", "ITEM_SECTIONS", "build_item"]
