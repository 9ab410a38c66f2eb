"""Call a Dash app's callbacks over HTTP the way dash-renderer does, without a browser."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import dash


def _id_text(component_id: object) -> str:
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)


def _outputs(key: str) -> list[dict[str, object]]:
    from dash._utils import split_callback_id  # the inverse of how Dash names callbacks

    parts = split_callback_id(key)
    parts = parts if isinstance(parts, list) else [parts]
    return [
        {
            "id": json.loads(p["id"]) if p["id"].startswith("{") else p["id"],
            "property": p["property"].split("@")[0],
        }
        for p in parts
    ]


@dataclass
class CallbackClient:
    """POST /_dash-update-component for a callback found by one of its outputs."""

    app: dash.Dash

    def __post_init__(self) -> None:
        self.client = self.app.server.test_client()
        self.prefix = self.app.config.routes_pathname_prefix or "/"
        assert self.client.get(self.prefix).status_code == 200  # Dash finishes its set-up here

    def key(self, output: str) -> str:
        """The callback whose outputs include `output` ("gantt-graph.figure")."""
        if output in self.app.callback_map:
            return output
        found = [k for k in self.app.callback_map if output in k]
        assert len(found) == 1, (output, found)
        return found[0]

    def body(self, output: str, values: Mapping[str, Any], changed: str | None = None) -> dict:
        """The request body: `values` by "id.property" (pattern ids as sorted JSON)."""
        key = self.key(output)
        spec = self.app.callback_map[key]

        def entries(items: list[dict]) -> list[dict]:
            return [
                {
                    "id": item["id"],
                    "property": item["property"],
                    "value": values.get(f"{_id_text(item['id'])}.{item['property']}"),
                }
                for item in items
            ]

        return {
            "output": key,
            "outputs": _outputs(key),
            "inputs": entries(spec["inputs"]),
            "state": entries(spec.get("state", [])),
            "changedPropIds": [changed or next(iter(values), "")],
        }

    def post(self, body: object) -> tuple[int, Any]:
        response = self.client.post(
            f"{self.prefix}_dash-update-component", data=json.dumps(body), content_type="application/json"
        )
        data = response.get_json(silent=True) if response.status_code == 200 else response.data
        return response.status_code, data

    def call(self, output: str, values: Mapping[str, Any], changed: str | None = None) -> tuple[int, Any]:
        return self.post(self.body(output, values, changed))
