"""The roadmap format, declared once.

The loader validates against these declarations, `veikart schema` turns them into a JSON
Schema for editors, and a test checks that docs/format.md mentions every field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
TIME_PATTERN = r"^([0-9]{4}(-?[QqKk][1-4]|-[Hh][12]|-[0-9]{2}|-[0-9]{2}-[0-9]{2})?|[QqKk][1-4]\s+[0-9]{4})$"


class Kind(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    SLUG = "slug"
    REF = "ref"
    REFS = "refs"
    TIME = "time"
    DATE = "date"
    BOOL = "bool"
    COLOR = "color"
    CHOICE = "choice"
    CHOICES = "choices"
    URL = "url"
    LINKS = "links"
    HEALTH = "health"


STATUSES = ("available", "establishing", "planning")
FLAGS = ("geographic-variation", "content-dependent", "mutual-participation", "attention")
MILESTONE_KINDS = ("milestone", "decision")
HEALTH_LEVELS = ("green", "yellow", "red")
RISK_LEVELS = ("low", "medium", "high")


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    doc: str
    required: bool = False
    ref: str | tuple[str, ...] | None = None
    """For REF/REFS: the top-level section (or sections) whose ids it names."""
    choices: tuple[str, ...] = ()


ROADMAP = (
    Field("title", Kind.TEXT, "Title of the roadmap, shown on every view and export.", required=True),
    Field("subtitle", Kind.TEXT, "Line under the title."),
    Field("owner", Kind.TEXT, "Who owns the roadmap."),
    Field("start", Kind.TIME, "First quarter shown by default.", required=True),
    Field("end", Kind.TIME, "Last quarter shown by default.", required=True),
    Field("updated", Kind.DATE, "ISO date when planners last revised the roadmap."),
)
PHASE = (
    Field("id", Kind.SLUG, "Unique slug of the phase.", required=True),
    Field("name", Kind.TEXT, "Name of the phase.", required=True),
    Field("goal", Kind.TEXT, "What the phase aims at (Mål for fase)."),
    Field("description", Kind.MARKDOWN, "Longer text, Markdown."),
    Field("sources", Kind.REFS, "Sources that state the phase's facts.", ref="sources"),
    Field("note", Kind.TEXT, "The planners' own note; never in public outputs."),
)
AREA = (
    Field("id", Kind.SLUG, "Unique slug of the area.", required=True),
    Field("name", Kind.TEXT, "Name of the area.", required=True),
    Field("color", Kind.COLOR, "Colour of the area, #rgb or #rrggbb."),
)
AUDIENCE = (
    Field("id", Kind.SLUG, "Unique slug of the audience.", required=True),
    Field("name", Kind.TEXT, "Name of the audience.", required=True),
)
LINK = (
    Field("title", Kind.TEXT, "Text of the link.", required=True),
    Field("url", Kind.URL, "http://, https:// or a relative path.", required=True),
)
HEALTH = (
    Field("progress", Kind.CHOICE, "Traffic light for progress.", choices=HEALTH_LEVELS),
    Field("cost", Kind.CHOICE, "Traffic light for cost.", choices=HEALTH_LEVELS),
    Field("quality", Kind.CHOICE, "Traffic light for quality.", choices=HEALTH_LEVELS),
    Field("risk", Kind.CHOICE, "Traffic light for risk.", choices=HEALTH_LEVELS),
    Field("comment", Kind.TEXT, "Why the lights are as they are."),
)
SERVICE = (
    Field("id", Kind.SLUG, "Unique slug of the service.", required=True),
    Field("name", Kind.TEXT, "Name of the service.", required=True),
    Field("area", Kind.REF, "The area (swimlane) the service belongs to.", required=True, ref="areas"),
    Field("audiences", Kind.REFS, "Who benefits from the service.", ref="audiences"),
    Field("owner", Kind.TEXT, "Who owns the service."),
    Field("critical", Kind.BOOL, "On the critical line (default false)."),
    Field("phase", Kind.REF, "Current phase, used when no deliverable has a phase.", ref="phases"),
    Field("description", Kind.MARKDOWN, "Longer text, Markdown."),
    Field("links", Kind.LINKS, "Links with title and url."),
    Field("health", Kind.HEALTH, "Traffic lights: progress, cost, quality, risk, comment."),
    Field("sources", Kind.REFS, "Sources that state the service's facts.", ref="sources"),
    Field("note", Kind.TEXT, "The planners' own note; never in public outputs."),
    Field("internal", Kind.BOOL, "Left out of public outputs, with its deliverables (default false)."),
)
DELIVERABLE = (
    Field("id", Kind.SLUG, "Unique slug of the deliverable, across all services.", required=True),
    Field("service", Kind.REF, "The service it belongs to.", required=True, ref="services"),
    Field("title", Kind.TEXT, "What is delivered.", required=True),
    Field("start", Kind.TIME, "First quarter of a period deliverable (with end)."),
    Field("end", Kind.TIME, "Last quarter of a period deliverable, inclusive (with start)."),
    Field("at", Kind.TIME, "When a milestone happens (instead of start and end)."),
    Field("kind", Kind.CHOICE, "For milestones: milestone or decision.", choices=MILESTONE_KINDS),
    Field("status", Kind.CHOICE, "available, establishing or planning.", choices=STATUSES),
    Field("phase", Kind.REF, "Phase of the value chain the deliverable belongs to.", ref="phases"),
    Field("depends_on", Kind.REFS, "Deliverables this one depends on.", ref="deliverables"),
    Field("flags", Kind.CHOICES, "Conditions shown as symbols.", choices=FLAGS),
    Field("owner", Kind.TEXT, "Who delivers it."),
    Field("description", Kind.MARKDOWN, "Longer text, Markdown."),
    Field("sources", Kind.REFS, "Sources that state the deliverable's facts.", ref="sources"),
    Field("note", Kind.TEXT, "The planners' own note; never in public outputs."),
    Field("internal", Kind.BOOL, "Left out of public outputs (default false)."),
    Field("tentative", Kind.BOOL, "The date is an estimate no decision or source fixes (default false)."),
)
SOURCE = (
    Field("id", Kind.SLUG, "Unique slug of the source.", required=True),
    Field("title", Kind.TEXT, "Title of the document.", required=True),
    Field("date", Kind.DATE, "ISO date of the document."),
    Field("publisher", Kind.TEXT, "Who published the document."),
    Field("url", Kind.URL, "Where to read it: http://, https:// or a relative path."),
)
RISK = (
    Field("id", Kind.SLUG, "Unique slug of the risk.", required=True),
    Field("title", Kind.TEXT, "What may go wrong.", required=True),
    Field("level", Kind.CHOICE, "low, medium or high.", required=True, choices=RISK_LEVELS),
    Field(
        "affects", Kind.REFS, "Services or deliverables the risk affects.", ref=("services", "deliverables")
    ),
    Field("owner", Kind.TEXT, "Who follows the risk up."),
    Field("mitigation", Kind.MARKDOWN, "What is done about it, Markdown."),
    Field("sources", Kind.REFS, "Sources that state the risk.", ref="sources"),
    Field("internal", Kind.BOOL, "Left out of public outputs (default false)."),
    Field("note", Kind.TEXT, "The planners' own note; never in public outputs."),
)

SECTIONS: dict[str, tuple[Field, ...]] = {
    "phases": PHASE,
    "areas": AREA,
    "audiences": AUDIENCE,
    "services": SERVICE,
    "deliverables": DELIVERABLE,
    "sources": SOURCE,
    "risks": RISK,
}
"""Top-level list sections and the fields of their items, in the order they are read."""

TOP_LEVEL = ("roadmap", *SECTIONS)
REQUIRED_SECTIONS = ("phases", "areas", "services")
SINGULAR = {
    "phases": "phase",
    "areas": "area",
    "audiences": "audience",
    "services": "service",
    "deliverables": "deliverable",
    "sources": "source",
    "risks": "risk",
}
NESTED: dict[str, tuple[Field, ...]] = {"links": LINK, "health": HEALTH}


def all_field_names() -> set[str]:
    """Every key a planner can write, for the documentation check."""
    names = set(TOP_LEVEL)
    for fields in (ROADMAP, LINK, HEALTH, *SECTIONS.values()):
        names.update(f.name for f in fields)
    return names


# ---------------------------------------------------------------- JSON Schema


def _field_schema(field: Field) -> dict[str, Any]:
    doc = {"description": field.doc}
    match field.kind:
        case Kind.TEXT | Kind.MARKDOWN:
            return {"type": "string", **doc}
        case Kind.SLUG | Kind.REF:
            return {"type": "string", "pattern": SLUG.pattern, **doc}
        case Kind.REFS:
            return {"type": "array", "items": {"type": "string", "pattern": SLUG.pattern}, **doc}
        case Kind.TIME:
            return {
                "anyOf": [{"type": "string", "pattern": TIME_PATTERN}, {"type": "integer"}],
                **doc,
            }
        case Kind.DATE:
            return {"type": "string", "format": "date", **doc}
        case Kind.BOOL:
            return {"type": "boolean", **doc}
        case Kind.COLOR:
            return {"type": "string", "pattern": COLOR.pattern, **doc}
        case Kind.CHOICE:
            return {"enum": list(field.choices), **doc}
        case Kind.CHOICES:
            return {"type": "array", "items": {"enum": list(field.choices)}, "uniqueItems": True, **doc}
        case Kind.URL:
            return {"type": "string", "pattern": r"^(https?://|(?![a-zA-Z][a-zA-Z0-9+.-]*:))", **doc}
        case Kind.LINKS:
            return {"type": "array", "items": _record_schema(LINK), **doc}
        case Kind.HEALTH:
            return {**_record_schema(HEALTH), **doc}
    raise AssertionError(field.kind)  # pragma: no cover


def _record_schema(fields: tuple[Field, ...]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {f.name: _field_schema(f) for f in fields},
        "additionalProperties": False,
    }
    required = [f.name for f in fields if f.required]
    if required:
        schema["required"] = required
    return schema


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of one roadmap file, for editors."""
    deliverable = _record_schema(DELIVERABLE)
    deliverable["oneOf"] = [
        {"required": ["start", "end"], "not": {"required": ["at"]}},
        {"required": ["at"], "not": {"anyOf": [{"required": ["start"]}, {"required": ["end"]}]}},
    ]
    sections = {name: _record_schema(fields) for name, fields in SECTIONS.items()}
    sections["deliverables"] = deliverable
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://veikart.invalid/schema/roadmap.json",
        "title": "veikart roadmap file",
        "description": (
            "One roadmap YAML file. In a directory of files, `roadmap` appears in one file "
            "and the lists are joined."
        ),
        "type": "object",
        "properties": {
            "roadmap": _record_schema(ROADMAP),
            **{name: {"type": "array", "items": s} for name, s in sections.items()},
        },
        "additionalProperties": False,
    }
