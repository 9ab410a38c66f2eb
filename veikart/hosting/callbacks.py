"""Refuse malformed callback requests with 400 before Dash dispatches them.

Dash answers a POST to /_dash-update-component naming an unknown callback with a
KeyError (a 500 and a traceback in the log), and passes the values of pattern-matching
ids ({"type": "download-file", "view": ...}) straight to the callback, where a view or
format name is looked up. Every id in veikart is a slug, so anything else in an id
(a '/', '..', a NUL) is refused here, for every callback, present and future.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import dash
import flask

SAFE_ID_VALUE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}$")
CALLBACK_ROUTE = "_dash-update-component"


class BadCallback(ValueError):
    """The request is not a callback of this app."""


def _entries(section: object) -> Iterator[dict[str, object]]:
    items = section if isinstance(section, list) else [section]
    for item in items:
        if isinstance(item, list):  # ALL / ALLSMALLER wildcards: a list of entries
            yield from (entry for entry in item if isinstance(entry, dict))
        elif isinstance(item, dict):
            yield item


def check_callback_body(body: object, known_outputs: set[str]) -> None:
    """Raise BadCallback unless `body` names a known callback and its ids are plain slugs."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        raise BadCallback("not a callback request")
    if body["output"] not in known_outputs:
        raise BadCallback("no such callback")
    for section in ("outputs", "inputs", "state"):
        for entry in _entries(body.get(section, [])):
            component = entry.get("id")
            values = component.values() if isinstance(component, dict) else [component]
            for value in values:
                if isinstance(value, bool | int | float):
                    continue
                if not isinstance(value, str) or ".." in value or not SAFE_ID_VALUE.match(value):
                    raise BadCallback("bad component id")


def install_callback_guard(app: dash.Dash) -> None:
    """Answer 400 to callback requests that are not well-formed calls of this app's callbacks."""
    path = f"{app.config.routes_pathname_prefix or '/'}{CALLBACK_ROUTE}"

    def guard() -> flask.Response | None:
        request = flask.request
        if request.path != path or request.method != "POST":
            return None
        try:
            check_callback_body(request.get_json(silent=True), set(app.callback_map))
        except BadCallback as exc:
            return flask.Response(f"Bad request: {exc}\n", status=400, mimetype="text/plain")
        return None

    app.server.before_request(guard)
