"""The phase a service is in at each quarter (the contract's "Phases over time" rule)."""

from __future__ import annotations

import textwrap

import pytest

from veikart.frames import UNKNOWN_PHASE, RoadmapFrames, phases_at, roadmap_frames
from veikart.roadmap.load import load_text
from veikart.roadmap.periods import Quarter

ROADMAP = """
roadmap:
  title: Test
  start: 2022-Q1
  end: 2023-Q4
phases:
  - {id: konsept, name: Konsept, goal: Oppslutning om konsept}
  - {id: nasjonal, name: Nasjonal tilrettelegging}
  - {id: tjenesten, name: Tilrettelegging i tjenesten}
  - {id: endring, name: Endring i virksomhetene}
  - {id: i-bruk, name: Ny praksis i bruk}
areas:
  - {id: kj, name: Kjernejournal}
services:
  - {id: stepper, name: Stepper, area: kj}
  - {id: skipper, name: Skipper, area: kj}
  - {id: own, name: Own phase, area: kj, phase: endring}
  - {id: none, name: No phase at all, area: kj}
  - {id: late, name: Starts after the period, area: kj}
  - {id: early, name: Started before the period, area: kj}
  - {id: back, name: Written out of order, area: kj}
deliverables:
  - {id: s1, service: stepper, title: a, start: 2022-Q2, end: 2022-Q3, phase: konsept}
  - {id: s2, service: stepper, title: b, start: 2022-Q4, end: 2023-Q2, phase: nasjonal}
  - {id: s3, service: stepper, title: c, at: 2023-Q3, phase: tjenesten}
  - {id: s4, service: stepper, title: unphased, start: 2022-Q1, end: 2023-Q4}
  - {id: k1, service: skipper, title: a, start: 2022-Q1, end: 2022-Q2, phase: konsept}
  - {id: k2, service: skipper, title: b, start: 2022-Q3, end: 2022-Q4, phase: endring}
  - {id: o1, service: own, title: unphased, start: 2022-Q1, end: 2022-Q4}
  - {id: n1, service: none, title: unphased, start: 2022-Q1, end: 2022-Q4}
  - {id: l1, service: late, title: a, start: 2024-Q2, end: 2024-Q4, phase: i-bruk}
  - {id: e1, service: early, title: a, start: 2020-Q1, end: 2021-Q4, phase: nasjonal}
  - {id: b1, service: back, title: late first, start: 2023-Q1, end: 2023-Q2, phase: konsept}
  - {id: b2, service: back, title: early second, start: 2022-Q1, end: 2022-Q4, phase: tjenesten}
"""


def frames_of(text: str) -> RoadmapFrames:
    result = load_text(textwrap.dedent(text))
    assert result.roadmap is not None, [str(p) for p in result.problems.sorted()]
    return roadmap_frames(result.roadmap)


@pytest.fixture(scope="module")
def frames() -> RoadmapFrames:
    return frames_of(ROADMAP)


def phases_of(frames: RoadmapFrames, service: str) -> dict[str, str]:
    rows = frames.phase_timeline[frames.phase_timeline["service"] == service]
    return dict(zip(rows["quarter"], rows["phase"], strict=True))


def test_one_row_per_service_and_quarter(frames: RoadmapFrames) -> None:
    timeline = frames.phase_timeline
    assert len(timeline) == len(frames.services) * len(frames.quarters) == 7 * 8
    assert not timeline.duplicated(["service", "quarter"]).any()


def test_phase_is_the_last_phase_of_started_deliverables(frames: RoadmapFrames) -> None:
    assert phases_of(frames, "stepper") == {
        "2022-Q1": UNKNOWN_PHASE,  # only an unphased deliverable has started
        "2022-Q2": "konsept",
        "2022-Q3": "konsept",
        "2022-Q4": "nasjonal",
        "2023-Q1": "nasjonal",
        "2023-Q2": "nasjonal",
        "2023-Q3": "tjenesten",  # a milestone counts from its quarter
        "2023-Q4": "tjenesten",
    }


def test_phases_may_be_skipped(frames: RoadmapFrames) -> None:
    phases = phases_of(frames, "skipper")
    assert phases["2022-Q2"] == "konsept"
    assert phases["2022-Q3"] == "endring"


def test_the_last_phase_in_value_chain_order_wins_not_the_last_started(frames: RoadmapFrames) -> None:
    phases = phases_of(frames, "back")
    assert phases["2022-Q4"] == "tjenesten"
    # a later deliverable in an earlier phase does not move the service back
    assert phases["2023-Q1"] == "tjenesten"


def test_service_without_phased_deliverables_uses_its_own_phase(frames: RoadmapFrames) -> None:
    assert set(phases_of(frames, "own").values()) == {"endring"}


def test_service_with_neither_is_unknown_and_kept(frames: RoadmapFrames) -> None:
    rows = frames.phase_timeline[frames.phase_timeline["service"] == "none"]
    assert len(rows) == len(frames.quarters)
    assert set(rows["phase"]) == {UNKNOWN_PHASE}
    assert set(rows["phase_order"]) == {-1}
    assert set(rows["phase_name"]) == {"Fase ukjent"}


def test_deliverables_starting_after_the_period_have_not_started(frames: RoadmapFrames) -> None:
    assert set(phases_of(frames, "late").values()) == {UNKNOWN_PHASE}


def test_deliverables_started_before_the_period_count_from_its_first_quarter(frames: RoadmapFrames) -> None:
    assert set(phases_of(frames, "early").values()) == {"nasjonal"}


def test_unknown_phase_is_an_empty_string_when_other_services_have_a_phase(frames: RoadmapFrames) -> None:
    # pandas 3 stores a text column with gaps as `str` with NaN for the gaps; the
    # unknown phase must still be "" so that views can compare it with UNKNOWN_PHASE.
    assert frames.services.loc[frames.services["id"] == "none", "phase"].isna().all()
    assert not frames.phase_timeline["phase"].isna().any()


def test_phases_at_merges_the_phase_into_services_and_clamps_the_quarter(frames: RoadmapFrames) -> None:
    at = phases_at(frames, Quarter(2022, 4)).set_index("id")
    assert at.at["stepper", "phase_now"] == "nasjonal"
    assert at.at["stepper", "phase_name"] == "Nasjonal tilrettelegging"
    assert at.at["none", "phase_now"] == UNKNOWN_PHASE
    before = phases_at(frames, Quarter(2019, 1)).set_index("id")
    assert before.at["stepper", "phase_now"] == UNKNOWN_PHASE  # clamped to 2022-Q1
    after = phases_at(frames, Quarter(2030, 1)).set_index("id")
    assert after.at["stepper", "phase_now"] == "tjenesten"  # clamped to 2023-Q4
    assert list(at.index) == list(frames.services["id"])


def test_english_frames_name_the_unknown_phase_in_english() -> None:
    result = load_text(textwrap.dedent(ROADMAP))
    assert result.roadmap is not None
    frames = roadmap_frames(result.roadmap, lang="en")
    rows = frames.phase_timeline[frames.phase_timeline["service"] == "none"]
    assert set(rows["phase_name"]) == {"Phase unknown"}
