"""The figures inside an exported HTML page, decoded, so tests compare values, not JSON escaping.

plotly's JSON writer escapes non-ASCII text (`·` as `\\u00b7`) or not, depending on
whether orjson is installed; a test that searches the page's bytes for text depends on
that. Decoding the `Plotly.newPlot(...)` arguments gives the same strings either way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

# a call with a literal element id: plotly.js's own source mentions `Plotly.newPlot(gd, ...`
_CALL = re.compile(r'Plotly\.newPlot\(\s*(?=")')


def figures_in_html(page: str) -> list[dict[str, Any]]:
    """Each `Plotly.newPlot("id", data, layout, ...)` call in the page as {"data", "layout"}."""
    decoder = json.JSONDecoder()
    figures = []
    for call in _CALL.finditer(page):
        arguments = []
        at = call.end()
        for _ in range(3):  # the element id, the traces, the layout
            at = _skip(page, at, ",")
            value, at = decoder.raw_decode(page, at)
            arguments.append(value)
        figures.append({"data": arguments[1], "layout": arguments[2]})
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
