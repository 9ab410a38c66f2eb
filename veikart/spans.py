"""Labels for the days a deliverable covers, at the precision the planner wrote them.

The model keeps a time value as its first and last day (`at: 2023` is 2023-01-01 to
2023-12-31). A milestone's days come from that one value, so they tell its precision
exactly: the whole of one year was written as the year and reads "2023", not
"2023 K1–2023 K4"; one month reads "2023-09", one day "2023-09-15". A period's two ends
were written separately (2021-Q1..2022-Q4 and 2021..2022 give the same days), so periods
keep their quarters.
"""

from __future__ import annotations

import datetime as dt

from veikart.roadmap.periods import Quarter, period_label


def _is_year_start(day: dt.date) -> bool:
    return day.month == 1 and day.day == 1


def _is_year_end(day: dt.date) -> bool:
    return day.month == 12 and day.day == 31


def _month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def span_label(first: dt.date, last: dt.date, lang: str = "nb", *, milestone: bool = False) -> str:
    """A period by quarters ("2022 K1–2023 K2"); a milestone as written: "2023", "2023 K3",
    "2023-09" or "2023-09-15".

    Month and day are written the ISO way, which sorts as text (the table sorts by it).
    """
    if milestone:
        if _is_year_start(first) and _is_year_end(last) and first.year == last.year:
            return str(first.year)
        if first == last:
            return first.isoformat()
        if first.day == 1 and _month_end(last) and (first.year, first.month) == (last.year, last.month):
            return f"{first.year}-{first.month:02d}"
    return period_label(first, last, lang)


def edge_labels(
    first: dt.date, last: dt.date, lang: str = "nb", *, milestone: bool = False
) -> tuple[str, str]:
    """The start and end as labels: a milestone's both ends are its `span_label`."""
    if milestone:
        label = span_label(first, last, lang, milestone=True)
        return label, label
    return Quarter.of(first).label(lang), Quarter.of(last).label(lang)


__all__ = ["edge_labels", "span_label"]
