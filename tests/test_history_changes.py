"""The comparison of two roadmap models: a pure function, no git."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from history_repo import COMMON, KJ, PLL

from veikart.history.changes import (
    Change,
    facet,
    group_of,
    roadmap_changes,
    summarise,
)
from veikart.roadmap import load_text
from veikart.roadmap.model import Deliverable, Risk, Roadmap


def roadmap(text: str) -> Roadmap:
    result = load_text(text)
    assert result.roadmap is not None, [str(p) for p in result.problems.errors]
    return result.roadmap


def _parts(text: str) -> tuple[str, str]:
    services, deliverables = text.split("deliverables:\n")
    return services.removeprefix("services:\n"), deliverables


KJ_SERVICES, KJ_DELIVERABLES = _parts(KJ)
PLL_SERVICES, PLL_DELIVERABLES = _parts(PLL)
BASE = (
    COMMON
    + "services:\n"
    + KJ_SERVICES
    + PLL_SERVICES
    + "deliverables:\n"
    + KJ_DELIVERABLES
    + PLL_DELIVERABLES
)


def test_base_is_one_valid_roadmap():
    assert [d.id for d in roadmap(BASE).deliverables] == ["kj-a", "kj-b", "pll-a", "pll-b"]


def changes_after(*edits: tuple[str, str]) -> list[Change]:
    text = BASE
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return roadmap_changes(roadmap(BASE), roadmap(text))


def only(changes: list[Change]) -> Change:
    assert len(changes) == 1, changes
    return changes[0]


def test_identical_roadmaps_have_no_changes():
    assert roadmap_changes(roadmap(BASE), roadmap(BASE)) == []


def test_slip_counts_quarters_of_end_and_start():
    change = only(changes_after(("start: 2023-Q1\n    end: 2023-Q2", "start: 2023-Q3\n    end: 2024-Q1")))
    assert (change.kind, change.id, change.item) == ("moved", "kj-a", "deliverable")
    assert (change.shift_quarters, change.start_shift_quarters) == (3, 2)
    assert change.slipped and not change.earlier
    assert change.before == {"start": "2023-01-01", "end": "2023-06-30", "milestone": False}
    assert change.service == "kj"


def test_earlier_milestone():
    change = only(changes_after(("at: 2024-Q1", "at: 2023-Q3")))
    assert (change.kind, change.shift_quarters, change.start_shift_quarters) == ("moved", -2, -2)
    assert change.earlier and group_of(change) == "earlier"


def test_a_move_inside_the_quarter_is_a_move_of_zero_quarters():
    change = only(changes_after(("end: 2023-Q2", "end: 2023-05")))
    assert (change.kind, change.shift_quarters) == ("moved", 0)
    assert group_of(change) == "moved"


def test_the_same_time_written_another_way_is_no_change():
    assert changes_after(("end: 2023-Q2", "end: 2023K2"), ("at: 2024-Q1", "at: Q1 2024")) == []


@pytest.mark.parametrize(
    ("edit", "kind", "before", "after"),
    [
        (("status: planning", "status: available"), "status", "planning", "available"),
        (
            ("phase: utproving\n  - id: kj-b", "phase: innforing\n  - id: kj-b"),
            "phase",
            "utproving",
            "innforing",
        ),
        (
            ("title: Dokumentdeling", "title: Deling av dokumenter"),
            "title",
            "Dokumentdeling",
            "Deling av dokumenter",
        ),
        (("depends_on: [pll-a]", "depends_on: [pll-a, kj-a]"), "dependencies", ["pll-a"], ["pll-a", "kj-a"]),
        (("status: planning", "status: planning\n    flags: [attention]"), "flags", [], ["attention"]),
    ],
)
def test_each_deliverable_kind(edit, kind, before, after):
    change = only(changes_after(edit))
    assert (change.kind, change.before, change.after) == (kind, before, after)
    assert change.shift_quarters is None


def test_reordering_a_list_is_no_change():
    text = BASE.replace("depends_on: [pll-a]", "depends_on: [pll-a, kj-a]")
    swapped = text.replace("depends_on: [pll-a, kj-a]", "depends_on: [kj-a, pll-a]")
    assert roadmap_changes(roadmap(text), roadmap(swapped)) == []


def test_renamed_id_is_removed_and_added():
    changes = changes_after(("id: kj-b", "id: kj-dokumentdeling"))
    assert [(c.kind, c.id) for c in changes] == [("added", "kj-dokumentdeling"), ("removed", "kj-b")]
    assert changes[0].after == {
        "start": "2023-01-01",
        "end": "2023-12-31",
        "milestone": False,
        "status": "planning",
    }
    assert changes[1].before == changes[0].after and changes[1].after is None


def test_service_kinds():
    changes = changes_after(
        ("progress: green", "progress: red"),
        ("critical: true", "critical: false"),
        ("phase: konsept", "phase: innforing"),
    )
    assert {(c.item, c.kind, c.id): (c.before, c.after) for c in changes} == {
        ("service", "health", "kj"): (
            {"progress": "green", "cost": "green", "quality": None, "risk": None, "comment": None},
            {"progress": "red", "cost": "green", "quality": None, "risk": None, "comment": None},
        ),
        ("service", "critical", "pll"): (True, False),
        ("service", "phase", "kj"): ("konsept", "innforing"),
    }


def test_a_new_service_shows_through_its_deliverables():
    text = BASE.replace(
        "deliverables:\n", "  - id: ny\n    name: Ny tjeneste\n    area: e-resept\ndeliverables:\n"
    )
    text += "  - id: ny-a\n    service: ny\n    title: Ny\n    at: 2024-Q2\n"
    changes = roadmap_changes(roadmap(BASE), roadmap(text))
    assert [(c.item, c.kind, c.id) for c in changes] == [("deliverable", "added", "ny-a")]


def test_order_is_by_kind_then_roadmap_order():
    changes = changes_after(
        ("title: Beslutte innføring", "title: Beslutte"),
        ("id: kj-b", "id: kj-c"),
        ("status: planning\n    phase: utproving", "status: available\n    phase: utproving"),
        ("start: 2023-Q1\n    end: 2023-Q2", "start: 2023-Q1\n    end: 2023-Q3"),
    )
    assert [(c.kind, c.id) for c in changes] == [
        ("added", "kj-c"),
        ("removed", "kj-b"),
        ("moved", "kj-a"),
        ("status", "pll-a"),
        ("title", "pll-b"),
    ]
    summary = summarise(changes)
    assert (summary.added, summary.removed, summary.slipped, summary.status, summary.other) == (1, 1, 1, 1, 1)
    assert summary.total == 5


# --- format version 2 fields: tentative deliverables and risks ---------------------------


def _with(roadmap_: Roadmap, **fields: Any) -> Roadmap:
    return dataclasses.replace(roadmap_, **fields)


def test_tentative_changes():
    base = roadmap(BASE)
    estimated = [dataclasses.replace(d, tentative=d.id == "kj-a") for d in base.deliverables]
    change = only(roadmap_changes(base, _with(base, deliverables=tuple(estimated))))
    assert (change.kind, change.id, change.before, change.after) == ("tentative", "kj-a", False, True)


def test_a_model_without_tentative_reads_as_not_tentative():
    d = roadmap(BASE).deliverables[0]
    assert isinstance(d, Deliverable)
    assert facet("deliverable", "tentative", d) is False


def risk(ident: str, level: str, title: str = "Risiko") -> Risk:
    return Risk(id=ident, title=title, level=level, affects=("pll",))


def test_risks_added_removed_and_level():
    base = roadmap(BASE)
    before = _with(base, risks=(risk("r1", "low"), risk("r2", "high", "Mangler rettsgrunnlag")))
    after = _with(base, risks=(risk("r1", "high"), risk("r3", "medium")))
    changes = roadmap_changes(before, after)
    assert [(c.item, c.kind, c.id, c.before, c.after) for c in changes] == [
        ("risk", "added", "r3", None, {"level": "medium"}),
        ("risk", "removed", "r2", {"level": "high"}, None),
        ("risk", "level", "r1", "low", "high"),
    ]
    assert {group_of(c) for c in changes} == {"other"}
    assert changes[1].title == "Mangler rettsgrunnlag" and changes[1].service is None


def test_a_roadmap_without_risks_has_no_risk_changes():
    base = roadmap(BASE)
    assert roadmap_changes(base, _with(base, risks=())) == []
    assert base.risks == ()


def test_dates_are_plain_json():
    change = only(changes_after(("at: 2024-Q1", "at: 2024-02-15")))
    assert change.after == {"start": "2024-02-15", "end": "2024-02-15", "milestone": True}
    assert dt.date.fromisoformat(change.after["start"]) == dt.date(2024, 2, 15)
