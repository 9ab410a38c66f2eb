"""The tidy frames every view reads, including phases over time."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from veikart.frames import phases_at, roadmap_frames
from veikart.roadmap.load import load_text
from veikart.roadmap.periods import Quarter

MINIMAL = (Path(__file__).parent / "corpus" / "valid" / "minimal.yaml").read_text()

HEAD = """
roadmap: {title: T, start: 2021-Q1, end: 2022-Q4}
phases:
  - {id: konsept, name: Konsept}
  - {id: tilrettelegging, name: Tilrettelegging}
  - {id: endring, name: Endring}
  - {id: i-bruk, name: Ny praksis i bruk}
areas: [{id: a, name: A}, {id: b, name: B, color: "#123"}]
"""


def frames_of(text: str, lang: str = "nb"):
    result = load_text(text)
    assert result.ok, [str(p) for p in result.problems]
    return roadmap_frames(result.roadmap, lang)


def test_deliverables_frame_columns_and_values():
    f = frames_of(MINIMAL)
    d = f.deliverables.set_index("id")
    row = d.loc["pll-utproving"]
    assert row["start"] == pd.Timestamp("2021-01-01")
    assert row["end"] == pd.Timestamp("2022-12-31")
    assert row["finish"] == pd.Timestamp("2023-01-01")
    assert row["period_label"] == "2021 K1–2022 K4"
    assert (row["start_quarter"], row["end_quarter"]) == ("2021-Q1", "2022-Q4")
    assert row["area"] == "e-resept" and row["area_name"] == "E-resept"
    assert row["critical"] and not row["is_milestone"]
    assert row["status"] == "establishing" and row["phase_name"] == "Konsept"
    assert row["flags"] == ("geographic-variation",)
    assert row["dependents"] == ("pll-beslutning",)
    decision = d.loc["pll-beslutning"]
    assert decision["is_milestone"] and decision["kind"] == "decision"
    assert decision["period_label"] == "2023 K4"
    assert decision["depends_on"] == ("pll-utproving",)


def test_english_labels():
    f = frames_of(MINIMAL, "en")
    assert f.deliverables.set_index("id").loc["pll-utproving", "period_label"] == "2021 Q1–2022 Q4"


def test_dependencies_frame():
    deps = frames_of(MINIMAL).dependencies
    assert deps[["source", "target"]].values.tolist() == [["pll-utproving", "pll-beslutning"]]
    assert not deps["late"].any()


def test_services_in_area_order_with_counts_and_default_colours():
    text = (
        HEAD
        + """
services:
  - {id: s-b, name: In B, area: b}
  - {id: s-a1, name: First in A, area: a}
  - {id: s-a2, name: Second in A, area: a}
deliverables:
  - {id: x, service: s-a2, title: X, at: 2021}
"""
    )
    services = frames_of(text).services
    assert services["id"].tolist() == ["s-a1", "s-a2", "s-b"]
    assert services["n_deliverables"].tolist() == [0, 1, 0]
    assert services.set_index("id").loc["s-b", "area_color"] == "#123"
    assert services.set_index("id").loc["s-a1", "area_color"].startswith("#")


def timeline(text: str) -> dict[tuple[str, str], str]:
    t = frames_of(text).phase_timeline
    return {(r.service, r.quarter): r.phase for r in t.itertuples()}


PHASED = (
    HEAD
    + """
services:
  - {id: steps, name: Steps, area: a, phase: i-bruk}
  - {id: own, name: Own phase, area: a, phase: endring}
  - {id: none, name: Nothing, area: b}
  - {id: late, name: Late, area: b, phase: konsept}
deliverables:
  - {id: s1, service: steps, title: S1, start: 2021-Q2, end: 2021-Q4, phase: konsept}
  - {id: s2, service: steps, title: S2, start: 2021-Q3, end: 2022-Q4, phase: endring}
  - {id: s3, service: steps, title: S3, start: 2022-Q2, end: 2022-Q4, phase: tilrettelegging}
  - {id: o1, service: own, title: O1, start: 2021-Q1, end: 2022-Q4}
  - {id: l1, service: late, title: L1, start: 2024-Q1, end: 2024-Q4, phase: i-bruk}
"""
)


def test_phase_is_the_last_phase_started_so_far_in_value_chain_order():
    t = timeline(PHASED)
    assert t[("steps", "2021-Q1")] == ""  # nothing phased has started yet
    assert t[("steps", "2021-Q2")] == "konsept"
    assert t[("steps", "2021-Q3")] == "endring"  # skips tilrettelegging
    # a later-starting deliverable of an earlier phase does not move the service back
    assert t[("steps", "2022-Q2")] == "endring"


def test_service_without_phased_deliverables_uses_its_own_phase_every_quarter():
    t = timeline(PHASED)
    assert {t[("own", str(Quarter(2021, 1) + i))] for i in range(8)} == {"endring"}


def test_service_with_neither_is_unknown_not_dropped():
    t = frames_of(PHASED).phase_timeline
    none = t[t["service"] == "none"]
    assert len(none) == 8
    assert set(none["phase"]) == {""} and set(none["phase_name"]) == {"Fase ukjent"}


def test_deliverables_starting_after_the_period_leave_the_phase_unknown():
    t = timeline(PHASED)
    assert t[("late", "2022-Q4")] == ""


def test_phases_at_clamps_to_the_period():
    f = frames_of(PHASED)
    before = phases_at(f, Quarter(2015, 1)).set_index("id")
    after = phases_at(f, Quarter(2030, 1)).set_index("id")
    assert before.loc["steps", "phase_now"] == ""
    assert after.loc["steps", "phase_now"] == "endring"
    assert len(after) == 4


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_bundled_roadmap_frames_are_consistent(bundled_roadmap, lang):
    f = roadmap_frames(bundled_roadmap, lang)
    assert len(f.deliverables) == len(bundled_roadmap.deliverables)
    assert f.deliverables["id"].is_unique
    assert (f.deliverables["finish"] > f.deliverables["start"]).all()
    assert set(f.deliverables["service"]) <= set(f.services["id"])
    assert len(f.phase_timeline) == len(f.services) * len(f.quarters)
