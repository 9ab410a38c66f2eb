"""A valid roadmap whose every text field carries HTML that would run script if rendered as HTML."""

from __future__ import annotations

from typing import Any

import yaml

FLAG = "__veikart_xss"
"""The window property the payloads set; it must stay undefined."""


def payload(field: str) -> str:
    """Text that runs script if treated as HTML; `field` says which field leaked."""
    return (
        f'{field} <script>window.{FLAG}="{field}"</script>'
        f"<img src=x onerror=\"window.{FLAG}='{field}'\">"
        f"<svg onload=\"window.{FLAG}='{field}'\"></svg>"
    )


def hostile_roadmap() -> dict[str, Any]:
    """The roadmap as data: two services, a phase history and deliverables, every text hostile."""
    return {
        "roadmap": {
            "title": payload("roadmap.title"),
            "subtitle": payload("roadmap.subtitle"),
            "owner": payload("roadmap.owner"),
            "start": "2021-Q1",
            "end": "2023-Q4",
            "updated": "2021-11-24",
        },
        "phases": [
            {
                "id": "konsept",
                "name": payload("phase.name"),
                "goal": payload("phase.goal"),
                "description": payload("phase.description"),
            },
            {"id": "innforing", "name": payload("phase2.name")},
        ],
        "areas": [{"id": "omrade", "name": payload("area.name"), "color": "#1f6f8b"}],
        "audiences": [{"id": "alle", "name": payload("audience.name")}],
        "services": [
            {
                "id": "tjeneste",
                "name": payload("service.name"),
                "area": "omrade",
                "audiences": ["alle"],
                "owner": payload("service.owner"),
                "critical": True,
                "phase": "konsept",
                "description": payload("service.description") + "\n\n[lenke](https://example.org/)",
                "links": [{"title": payload("link.title"), "url": "https://example.org/x"}],
                "health": {"progress": "red", "comment": payload("health.comment")},
            },
            {"id": "annen", "name": payload("service2.name"), "area": "omrade"},
        ],
        "deliverables": [
            {
                "id": "leveranse",
                "service": "tjeneste",
                "title": payload("deliverable.title"),
                "start": "2021-Q1",
                "end": "2022-Q2",
                "status": "establishing",
                "phase": "konsept",
                "owner": payload("deliverable.owner"),
                "description": payload("deliverable.description"),
                "flags": ["attention"],
            },
            {
                "id": "beslutning",
                "service": "tjeneste",
                "title": payload("milestone.title"),
                "at": "2022-Q4",
                "kind": "decision",
                "phase": "innforing",
                "depends_on": ["leveranse"],
            },
            {
                "id": "annen-leveranse",
                "service": "annen",
                "title": payload("deliverable2.title"),
                "start": "2022-Q1",
                "end": "2023-Q2",
                "status": "planning",
            },
        ],
    }


def hostile_yaml() -> str:
    return yaml.safe_dump(hostile_roadmap(), allow_unicode=True, sort_keys=False)
