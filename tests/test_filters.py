"""Filters: URL query in and out, masks on the frames, words for captions."""

from __future__ import annotations

import re

import pytest

from veikart.filters import Filters, describe_filters, file_stem, filter_frames, parse_query
from veikart.roadmap.periods import Quarter


def test_query_round_trip(bundled_frames):
    query = "?area=kjernejournal,e-resept&status=planning&critical=1&q=api&from=2022-Q1&to=2024-Q4&at=2023-Q2"
    from urllib.parse import parse_qs

    filters, notices = parse_query(parse_qs(query[1:]), bundled_frames)
    assert notices == []
    assert filters == Filters(
        area=("kjernejournal", "e-resept"),
        status=("planning",),
        critical=True,
        q="api",
        start=Quarter(2022, 1),
        end=Quarter(2024, 4),
        at=Quarter(2023, 2),
    )
    assert filters.to_query() == query


def test_unknown_values_are_dropped_with_a_gentle_notice(bundled_frames):
    filters, notices = parse_query(
        {"area": "kjernejournal,atlantis", "status": "done", "from": "soon", "critical": "maybe"},
        bundled_frames,
    )
    assert filters == Filters(area=("kjernejournal",), status=())
    assert notices == [
        "Ukjent verdi i lenken ble ignorert: area=atlantis",
        "Ukjent verdi i lenken ble ignorert: status=done",
        "Ukjent verdi i lenken ble ignorert: critical=maybe",
        "Ukjent verdi i lenken ble ignorert: from=soon",
    ]


def test_reversed_window_drops_the_end(bundled_frames):
    filters, notices = parse_query({"from": "2024-Q1", "to": "2022-Q1"}, bundled_frames)
    assert filters.end is None and len(notices) == 1


def test_area_filter_keeps_only_that_area(bundled_frames):
    shown = filter_frames(bundled_frames, Filters(area=("kjernejournal",)))
    assert set(shown.deliverables["area"]) == {"kjernejournal"}
    assert set(shown.services["area"]) == {"kjernejournal"}
    assert len(shown.deliverables) == (bundled_frames.deliverables["area"] == "kjernejournal").sum()


def test_status_filter_hides_services_without_matches(bundled_frames):
    shown = filter_frames(bundled_frames, Filters(status=("planning",)))
    assert set(shown.deliverables["status"]) == {"planning"}
    assert set(shown.services["id"]) == set(shown.deliverables["service"])


def test_critical_and_text_search(bundled_frames):
    critical = filter_frames(bundled_frames, Filters(critical=True))
    assert critical.deliverables["critical"].all() and len(critical.deliverables) > 0
    search = filter_frames(bundled_frames, Filters(q="LEGEMIDDEL"))
    assert len(search.deliverables) > 0
    text = (
        search.deliverables["title"]
        + " "
        + search.deliverables["description"].fillna("")
        + " "
        + search.deliverables["service_name"]
    ).str.lower()
    assert text.str.contains("legemiddel").all()


def test_time_window_keeps_overlapping_deliverables(bundled_frames):
    window = Filters(start=Quarter(2022, 1), end=Quarter(2022, 4))
    shown = filter_frames(bundled_frames, window).deliverables
    assert (shown["end"] >= "2022-01-01").all() and (shown["start"] <= "2022-12-31").all()
    dependencies = filter_frames(bundled_frames, window).dependencies
    assert set(dependencies["source"]) <= set(shown["id"])


@pytest.mark.parametrize(
    ("filters", "lang", "words"),
    [
        (Filters(), "nb", "Alle leveranser"),
        (Filters(area=("kjernejournal",)), "nb", "Område: Kjernejournal"),
        (
            Filters(status=("planning",), critical=True),
            "en",
            "Status: Functionality in concept or planning · Critical line only",
        ),
        (Filters(start=Quarter(2022, 1), end=Quarter(2023, 2)), "nb", "Periode: 2022 K1–2023 K2"),
    ],
)
def test_filters_in_words(bundled_frames, filters, lang, words):
    assert describe_filters(bundled_frames, filters, lang) == words


def test_phase_views_keep_only_the_filters_that_choose_services():
    full = Filters(
        area=("kj",), service=("pll",), audience=("innbygger",), phase=("konsept",), status=("planning",),
        owner=("KS",), critical=True, q="api", start=Quarter(2022, 1), end=Quarter(2023, 4), at=Quarter(2022, 3),
    )  # fmt: skip
    assert full.choosing_services() == Filters(
        area=("kj",), service=("pll",), audience=("innbygger",), critical=True, q="api", at=Quarter(2022, 3)
    )


def test_download_file_names_carry_the_filters_in_safe_characters():
    filters = Filters(area=("kjernejournal",), status=("planning",))
    assert file_stem("veikart-leveranser", filters) == "veikart-leveranser-kjernejournal-planlegging"
    hostile = Filters(q="../../etc/passwd; rm -rf / <Sør-Øst>", owner=("Helse Sør-Øst RHF",), critical=True)
    stem = file_stem("veikart-leveranser", hostile)
    assert re.fullmatch(r"[a-z0-9-]+", stem)
    assert stem == "veikart-leveranser-helse-sor-ost-rhf-kritisk-etc-passwd-rm-rf-sor-ost"
    window = Filters(start=Quarter(2022, 1), end=Quarter(2024, 4))
    assert file_stem("veikart-leveranser", window, "en") == "veikart-leveranser-from-2022-q1-to-2024-q4"
    assert len(file_stem("x", Filters(q="a" * 5000))) <= 120
