"""The view state in the URL query: read when a page is drawn, written as the viewer changes it.

The filters use `veikart.filters` (`parse_query` / `Filters.to_query`), so a link, a
screen and an export agree. View options of a page (colour, dependencies, the selected
item) are extra parameters after the filters. Unknown values are dropped with a notice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import parse_qs, urlencode

from veikart.filters import LIST_PARAMS, Filters, parse_query
from veikart.frames import RoadmapFrames
from veikart.i18n import Lang, t

LIST_FIELDS = LIST_PARAMS
"""Filters chosen from lists (multi-select dropdowns), named as in the URL."""
FILTER_FIELDS = (*LIST_FIELDS, "critical", "q", "from", "to")
"""Every filter control a filter bar can show, named as in the URL."""


def query_mapping(search: str | None) -> dict[str, str]:
    """'?area=a,b&q=x' -> {'area': 'a,b', 'q': 'x'} (the last value of a repeated key wins)."""
    parsed = parse_qs((search or "").lstrip("?"), keep_blank_values=False)
    return {key: values[-1] for key, values in parsed.items() if values}


def control_values(filters: Filters) -> dict[str, object]:
    """The value of each filter control for `filters` (lists, a bool, text, quarters)."""
    values: dict[str, object] = {name: list(getattr(filters, name)) for name in LIST_FIELDS}
    values["critical"] = filters.critical
    values["q"] = filters.q
    values["from"] = str(filters.start) if filters.start else None
    values["to"] = str(filters.end) if filters.end else None
    return values


def filters_from_controls(
    values: Mapping[str, object], frames: RoadmapFrames, lang: Lang
) -> tuple[Filters, list[str]]:
    """Filters from filter-control values, checked the same way as a URL query."""
    query: dict[str, str] = {}
    for name, value in values.items():
        if name in LIST_FIELDS and value:
            items = value if isinstance(value, list | tuple) else [value]
            query[name] = ",".join(str(v) for v in items)
        elif name == "critical" and value:
            query["critical"] = "1"
        elif name in ("q", "from", "to") and value:
            query[name] = str(value)
    return parse_query(query, frames, lang)


def view_query(filters: Filters, extra: Sequence[tuple[str, str | None]] = ()) -> str:
    """The URL query of a view: the filters, then the page's own options when set."""
    query = filters.to_query()
    pairs = [(key, value) for key, value in extra if value]
    if not pairs:
        return query
    return (query + "&" if query else "?") + urlencode(pairs, safe=",")


def choice_param(
    query: Mapping[str, str], name: str, allowed: Sequence[str], default: str, lang: Lang, notices: list[str]
) -> str:
    """A page option from the query, one of `allowed`; anything else gives a notice."""
    value = query.get(name, "")
    if not value:
        return default
    if value in allowed:
        return value
    notices.append(t("notice.unknown_value", lang, param=name, value=value))
    return default
