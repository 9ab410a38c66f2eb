"""Time values of the roadmap format and quarter arithmetic.

A written time value ("2022-Q3", "2022-H2", 2022, "2022-09", 2022-09-15) stands for a
span of days. As a start it means the span's first day, as an end or `at` its last day:
ends are inclusive.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache, total_ordering

MIN_YEAR = 1900
MAX_YEAR = 2200
"""The years a roadmap may name. A year outside them is a typo (2924-Q4) or a probe
(9999-Q4, 0001-Q1); accepting it would stretch every axis, slow every export and
overflow date arithmetic at year 9999. URL and export time windows clamp to them too."""

TIME_HINT = (
    "write a quarter such as 2022-Q3 (also 2022Q3, Q3 2022 or 2022-K3), "
    "a half year 2022-H2, a year 2022, a month 2022-09 or a date 2022-09-15"
)

# [0-9], not \d: \d also matches Arabic-Indic, fullwidth and other digits, which int()
# then reads as numbers. Patterns are used with fullmatch: `$` would allow a trailing newline.
_QUARTER = re.compile(r"([0-9]{4})-?[QK]([1-4])", re.IGNORECASE)
_QUARTER_FIRST = re.compile(r"[QK]([1-4])\s+([0-9]{4})", re.IGNORECASE)
_HALF = re.compile(r"([0-9]{4})-H([12])", re.IGNORECASE)
_YEAR = re.compile(r"([0-9]{4})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


class TimeValueError(ValueError):
    """A time value that is not one of the accepted forms."""


@dataclass(frozen=True)
class TimeSpan:
    """The days a written time value covers, both ends inclusive."""

    first: dt.date
    last: dt.date
    text: str

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise TimeValueError(f"{self.text!r} ends before it starts")


@lru_cache(maxsize=4096)
def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months(year: int, first_month: int, last_month: int, text: str) -> TimeSpan:
    return TimeSpan(dt.date(year, first_month, 1), _month_end(year, last_month), text)


def year_in_range(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


class YearRangeError(TimeValueError):
    """A well-formed time or date in a year outside MIN_YEAR..MAX_YEAR."""

    def __init__(self, text: str, year: int) -> None:
        super().__init__(
            f"'{text}' is in the year {year}, outside the years a roadmap can show "
            f"({MIN_YEAR}–{MAX_YEAR}); is it a typo?"
        )
        self.text = text
        self.year = year


def _year(digits: str, text: str) -> int:
    year = int(digits)
    if not year_in_range(year):
        raise YearRangeError(text, year)
    return year


def parse_date(value: object) -> dt.date | None:
    """An ISO date (2021-11-24) written as a YAML date or as text; None if it is no date.

    Raises YearRangeError for a date outside the accepted years.
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if not year_in_range(value.year):
            raise YearRangeError(value.isoformat(), value.year)
        return value
    if isinstance(value, str) and (m := _DATE.fullmatch(value.strip())):
        year = _year(m[1], value.strip())
        try:
            return dt.date(year, int(m[2]), int(m[3]))
        except ValueError:  # 2022-02-30
            return None
    return None


def parse_time(value: object) -> TimeSpan:
    """Parse a time value of the roadmap format into the days it covers."""
    if isinstance(value, bool):  # bool is an int in Python; `yes` is no time
        raise TimeValueError(f"{value!r} is not a time; {TIME_HINT}")
    if isinstance(value, dt.date):
        day = parse_date(value)
        assert day is not None
        return TimeSpan(day, day, day.isoformat())
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise TimeValueError(f"{value!r} is not a time; {TIME_HINT}")
    try:
        return _parse_text(text)
    except ValueError as exc:  # datetime's own range errors, e.g. 2022-02-30
        if isinstance(exc, TimeValueError):
            raise
        raise TimeValueError(f"'{text}' is not a valid date ({exc}); {TIME_HINT}") from None


@lru_cache(maxsize=4096)
def _parse_text(text: str) -> TimeSpan:
    if m := _QUARTER.fullmatch(text):
        return Quarter(_year(m[1], text), int(m[2])).span(text)
    if m := _QUARTER_FIRST.fullmatch(text):
        return Quarter(_year(m[2], text), int(m[1])).span(text)
    if m := _HALF.fullmatch(text):
        half = int(m[2])
        return _months(_year(m[1], text), 6 * half - 5, 6 * half, text)
    if m := _YEAR.fullmatch(text):
        return _months(_year(m[1], text), 1, 12, text)
    if m := _MONTH.fullmatch(text):
        month = int(m[2])
        if not 1 <= month <= 12:
            raise TimeValueError(f"'{text}' has no month {month}; {TIME_HINT}")
        return _months(_year(m[1], text), month, month, text)
    if m := _DATE.fullmatch(text):
        day = dt.date(_year(m[1], text), int(m[2]), int(m[3]))
        return TimeSpan(day, day, text)
    if any(c.isdigit() and not c.isascii() for c in text):
        raise TimeValueError(f"'{text}' has digits other than 0-9; write the digits 0-9, such as 2022-Q3")
    raise TimeValueError(f"'{text}' is not a time; {TIME_HINT}")


@total_ordering
@dataclass(frozen=True)
class Quarter:
    """A calendar quarter; quarters order and add like integers."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"quarter number must be 1-4, not {self.number}")

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def from_index(cls, index: int) -> Quarter:
        return cls(index // 4, index % 4 + 1)

    @classmethod
    def parse(cls, value: object) -> Quarter:
        """The quarter a time value starts in ("2022-H2" -> 2022-Q3)."""
        return cls.of(parse_time(value).first)

    @property
    def index(self) -> int:
        return self.year * 4 + self.number - 1

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> dt.date:
        return _month_end(self.year, 3 * self.number)

    def span(self, text: str | None = None) -> TimeSpan:
        return TimeSpan(self.first_day, self.last_day, text or str(self))

    def __add__(self, quarters: int) -> Quarter:
        return Quarter.from_index(self.index + quarters)

    def __sub__(self, other: Quarter) -> int:
        return self.index - other.index

    def __lt__(self, other: Quarter) -> bool:
        return self.index < other.index

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    def label(self, lang: str = "nb") -> str:
        """A short label: "2022 K3" in Norwegian, "2022 Q3" in English."""
        letter = "K" if lang == "nb" else "Q"
        return f"{self.year} {letter}{self.number}"


def quarter_range(first: Quarter, last: Quarter) -> list[Quarter]:
    """Every quarter from first to last, both included."""
    return [Quarter.from_index(i) for i in range(first.index, last.index + 1)]


def period_label(first: dt.date, last: dt.date, lang: str = "nb") -> str:
    """Describe an inclusive span by quarters: "2022 K1–2023 K2", or "2022 K3" alone."""
    a, b = Quarter.of(first), Quarter.of(last)
    return a.label(lang) if a == b else f"{a.label(lang)}–{b.label(lang)}"
