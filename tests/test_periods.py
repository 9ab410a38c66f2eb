"""Time values and quarter arithmetic, with properties checked by Hypothesis."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veikart.roadmap.periods import (
    MAX_YEAR,
    MIN_YEAR,
    Quarter,
    TimeValueError,
    YearRangeError,
    parse_date,
    parse_time,
    period_label,
    quarter_range,
)

quarters = st.builds(Quarter, st.integers(MIN_YEAR, MAX_YEAR), st.integers(1, 4))


@pytest.mark.parametrize(
    ("written", "first", "last"),
    [
        ("2022-Q3", dt.date(2022, 7, 1), dt.date(2022, 9, 30)),
        ("2022Q3", dt.date(2022, 7, 1), dt.date(2022, 9, 30)),
        ("Q3 2022", dt.date(2022, 7, 1), dt.date(2022, 9, 30)),
        ("2022-K3", dt.date(2022, 7, 1), dt.date(2022, 9, 30)),
        ("2022-H2", dt.date(2022, 7, 1), dt.date(2022, 12, 31)),
        ("2022-H1", dt.date(2022, 1, 1), dt.date(2022, 6, 30)),
        (2022, dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
        ("2022", dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
        ("2022-09", dt.date(2022, 9, 1), dt.date(2022, 9, 30)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2022-09-15", dt.date(2022, 9, 15), dt.date(2022, 9, 15)),
        (dt.date(2022, 9, 15), dt.date(2022, 9, 15), dt.date(2022, 9, 15)),
    ],
)
def test_every_written_form_of_the_contract(written, first, last):
    span = parse_time(written)
    assert (span.first, span.last) == (first, last)


@pytest.mark.parametrize(
    "bad", ["2022-Q5", "2022-Q0", "Q3-2022", "2022-13", "2022-02-30", "22-Q1", "", True, 3.5, None]
)
def test_other_values_are_not_times(bad):
    with pytest.raises(TimeValueError) as info:
        parse_time(bad)
    assert "2022-Q3" in str(info.value)  # the message shows what to write instead


@given(
    st.integers(0, 9999).filter(lambda y: not MIN_YEAR <= y <= MAX_YEAR),
    st.sampled_from(["{y:04d}-Q4", "{y:04d}", "{y:04d}-H1", "{y:04d}-03", "{y:04d}-03-01", "Q1 {y:04d}"]),
)
def test_years_outside_the_range_are_refused_in_every_form(year: int, form: str):
    with pytest.raises(YearRangeError) as info:
        parse_time(form.format(y=year))
    assert f"{MIN_YEAR}–{MAX_YEAR}" in str(info.value)


def test_the_range_ends_are_accepted():
    assert parse_time(f"{MIN_YEAR}-Q1").first == dt.date(MIN_YEAR, 1, 1)
    assert parse_time(f"{MAX_YEAR}-Q4").last == dt.date(MAX_YEAR, 12, 31)
    with pytest.raises(YearRangeError):
        parse_time(dt.date(9999, 12, 31))
    with pytest.raises(YearRangeError):
        parse_time(MAX_YEAR + 1)


@pytest.mark.parametrize(
    "written",
    ["٢٠٢٢-Q3", "２０２２-Q3", "۲۰۲۲", "2022-०९", "Q3 ２０２２", "𝟐𝟎𝟐𝟐"],
)
def test_only_ascii_digits_make_a_time(written: str):
    with pytest.raises(TimeValueError, match="digits other than 0-9"):
        parse_time(written)


def test_dates_are_iso_dates_in_the_accepted_years():
    assert parse_date("2021-11-24") == dt.date(2021, 11, 24)
    assert parse_date(dt.datetime(2021, 11, 24, 10, 30)) == dt.date(2021, 11, 24)
    assert parse_date("20211124") is None  # fromisoformat would take it; the format says 2021-11-24
    assert parse_date("2021-W47-3") is None
    assert parse_date("٢٠٢١-١١-٢٤") is None
    assert parse_date("2022-02-30") is None
    with pytest.raises(YearRangeError):
        parse_date("9999-01-01")


@given(quarters)
def test_written_forms_of_a_quarter_agree(q: Quarter):
    forms = [
        f"{q.year}-Q{q.number}",
        f"{q.year}Q{q.number}",
        f"Q{q.number} {q.year}",
        f"{q.year}-K{q.number}",
    ]
    spans = {(parse_time(f).first, parse_time(f).last) for f in forms}
    assert spans == {(q.first_day, q.last_day)}


@given(quarters)
def test_quarter_round_trips_through_text_and_dates(q: Quarter):
    assert Quarter.parse(str(q)) == q
    assert Quarter.of(q.first_day) == q
    assert Quarter.of(q.last_day) == q
    assert Quarter.from_index(q.index) == q


@given(quarters)
def test_quarters_tile_the_calendar(q: Quarter):
    assert (q + 1).first_day == q.last_day + dt.timedelta(days=1)
    assert q.first_day <= q.last_day


@given(quarters, st.integers(-400, 400))
def test_quarter_addition_and_difference(q: Quarter, n: int):
    assert (q + n) - q == n
    assert (q + n > q) == (n > 0)
    assert (q + n) + (-n) == q


@given(quarters, quarters)
def test_ordering_matches_dates(a: Quarter, b: Quarter):
    assert (a < b) == (a.first_day < b.first_day)
    assert (a == b) == (a.first_day == b.first_day)


@given(quarters, st.integers(0, 40))
def test_range_is_inclusive(q: Quarter, n: int):
    quarters_ = quarter_range(q, q + n)
    assert len(quarters_) == n + 1
    assert quarters_[0] == q and quarters_[-1] == q + n


@given(st.builds(Quarter, st.integers(MIN_YEAR, MAX_YEAR - 3), st.integers(1, 4)), st.integers(0, 12))
def test_inclusive_end_makes_one_quarter_long(q: Quarter, n: int):
    start, end = parse_time(str(q)), parse_time(str(q + n))
    days = (end.last - start.first).days + 1
    assert 90 * (n + 1) <= days <= 92 * (n + 1)


@given(st.integers(MIN_YEAR, MAX_YEAR), st.integers(1, 2))
def test_half_year_covers_two_quarters(year: int, half: int):
    span = parse_time(f"{year}-H{half}")
    assert Quarter.of(span.first) == Quarter(year, 2 * half - 1)
    assert Quarter.of(span.last) == Quarter(year, 2 * half)


@given(st.dates(dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)))
def test_dates_are_one_day_and_months_contain_them(day: dt.date):
    assert parse_time(day.isoformat()) == parse_time(day)
    month = parse_time(f"{day.year}-{day.month:02d}")
    assert month.first <= day <= month.last
    assert Quarter.of(month.first) == Quarter.of(day)


def test_labels():
    assert Quarter(2022, 3).label("nb") == "2022 K3"
    assert Quarter(2022, 3).label("en") == "2022 Q3"
    assert period_label(dt.date(2022, 1, 1), dt.date(2023, 6, 30)) == "2022 K1–2023 K2"
    assert period_label(dt.date(2022, 7, 1), dt.date(2022, 9, 30), "en") == "2022 Q3"
