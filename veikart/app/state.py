"""The view state in the URL query: read when a page is drawn, written as the viewer changes it.

The filters use `veikart.filters` (`parse_query` / `Filters.to_query`), so a link, a
screen and an export agree. View options of a page (colour, dependencies, the selected
item) are extra parameters after the filters. Unknown values are dropped with a notice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypedDict
from urllib.parse import parse_qs, urlencode

from veikart.filters import CHOICE_PARAMS, LIST_PARAMS, Filters, parse_query
from veikart.frames import RoadmapFrames
from veikart.i18n import Lang, t

LIST_FIELDS = LIST_PARAMS
"""Filters of the roadmap's items chosen from lists (multi-select dropdowns), named as in the URL."""
CHOICE_FIELDS = CHOICE_PARAMS
"""Every filter chosen from a list, the risks page's `level` too."""
FILTER_FIELDS = (*LIST_FIELDS, "critical", "q", "from", "to")
"""The filter controls a filter bar shows by default, named as in the URL (a page passes
`fields=` for others, e.g. the risks page's `level`)."""

_ListValue = list[str] | str | None
FilterValues = TypedDict(
    "FilterValues",
    {
        "area": _ListValue,
        "service": _ListValue,
        "audience": _ListValue,
        "phase": _ListValue,
        "status": _ListValue,
        "owner": _ListValue,
        "level": _ListValue,
        "critical": bool | None,
        "q": str | None,
        "from": str | None,
        "to": str | None,
    },
    total=False,
)
"""What a filter bar's controls send to a callback (`filter_inputs`); checked by `@checked`."""


MAX_QUERY_CHARS = 8192
"""A longer query is cut here: no link a person shares is longer, and a forged one stays cheap."""
MAX_VALUE_CHARS = 2048


def query_mapping(search: object) -> dict[str, str]:
    """'?area=a,b&q=x' -> {'area': 'a,b', 'q': 'x'} (the last value of a repeated key wins)."""
    text = search if isinstance(search, str) else ""
    if len(text) > MAX_QUERY_CHARS:
        text = text[: text.rfind("&", 0, MAX_QUERY_CHARS) + 1]  # whole parameters only
    parsed = parse_qs(text.lstrip("?"), keep_blank_values=False)
    return plain_query(parsed)


def plain_query(query: Mapping[str, object]) -> dict[str, str]:
    """One bounded text value per key: the last of a list (as parse_qs gives), other types dropped."""
    plain: dict[str, str] = {}
    for key, value in query.items():
        if isinstance(value, list | tuple):
            value = value[-1] if value else None
        if isinstance(key, str) and isinstance(value, str) and value:
            plain[key] = value[:MAX_VALUE_CHARS]
    return plain


ControlValue = list[str] | bool | str | None
"""The value of one filter control: the ids chosen, a checkbox, text, or a quarter (or none)."""


def control_values(filters: Filters) -> dict[str, ControlValue]:
    """The value of each filter control for `filters` (lists, a bool, text, quarters)."""
    values: dict[str, ControlValue] = {name: list(getattr(filters, name)) for name in CHOICE_FIELDS}
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
        if name in CHOICE_FIELDS and value:
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
