"""Labels for a deliverable's days, at the precision the planner wrote them."""

from __future__ import annotations

import datetime as dt

import pytest

from veikart.spans import edge_labels, span_label

D = dt.date


@pytest.mark.parametrize(
    ("first", "last", "milestone", "nb", "en"),
    [
        (D(2023, 1, 1), D(2023, 12, 31), True, "2023", "2023"),
        # a period's ends were written apart: its quarters, whatever days they make
        (D(2022, 1, 1), D(2023, 12, 31), False, "2022 K1–2023 K4", "2022 Q1–2023 Q4"),
        (D(2022, 1, 1), D(2023, 6, 30), False, "2022 K1–2023 K2", "2022 Q1–2023 Q2"),
        (D(2022, 7, 1), D(2022, 9, 30), True, "2022 K3", "2022 Q3"),
        (D(2022, 9, 1), D(2022, 9, 30), True, "2022-09", "2022-09"),
        (D(2022, 9, 15), D(2022, 9, 15), True, "2022-09-15", "2022-09-15"),
        # a period's month or day ends read as quarters
        (D(2022, 9, 15), D(2023, 2, 1), False, "2022 K3–2023 K1", "2022 Q3–2023 Q1"),
    ],
)
def test_span_label_keeps_the_written_precision(first, last, milestone, nb, en):
    assert span_label(first, last, "nb", milestone=milestone) == nb
    assert span_label(first, last, "en", milestone=milestone) == en


def test_edges_of_a_milestone_are_its_label_and_of_a_period_its_quarters():
    assert edge_labels(D(2023, 1, 1), D(2023, 12, 31), milestone=True) == ("2023", "2023")
    assert edge_labels(D(2020, 1, 1), D(2024, 12, 31)) == ("2020 K1", "2024 K4")


def test_the_frames_label_year_milestones_as_the_year(bundled_frames):
    d = bundled_frames.deliverables
    row = d[d["id"] == "pll-nasjonale-veiledere"].iloc[0]
    assert (row["period_label"], row["start_label"], row["end_label"]) == ("2023", "2023", "2023")
