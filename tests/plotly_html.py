"""The figures inside an exported HTML page, decoded, so tests compare values, not JSON escaping.

plotly's JSON writer escapes non-ASCII text (`·` as `\\u00b7`) or not, depending on
whether orjson is installed; a test that searches the page's bytes for text depends on
that. Decoding the `Plotly.newPlot(...)` arguments gives the same strings either way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

_CALL = "Plotly.newPlot("


def figures_in_html(page: str) -> list[dict[str, Any]]:
    """Each `Plotly.newPlot(id, data, layout, ...)` call in the page as {"data", "layout"}."""
    decoder = json.JSONDecoder()
    figures = []
    start = page.find(_CALL)
    while start != -1:
        arguments = []
        at = start + len(_CALL)
        for _ in range(3):  # the element id, the traces, the layout
            at = _skip(page, at, ",")
            value, at = decoder.raw_decode(page, at)
            arguments.append(value)
        figures.append({"data": arguments[1], "layout": arguments[2]})
        start = page.find(_CALL, at)
    return figures


def strings_in(value: Any) -> Iterator[str]:
    """Every string held anywhere in a decoded JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def _skip(page: str, at: int, separators: str) -> int:
    while page[at].isspace() or page[at] in separators:
        at += 1
    return at
