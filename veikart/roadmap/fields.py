"""Check one YAML entry against its declared fields and return clean values."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from veikart.roadmap.periods import TimeSpan, TimeValueError, parse_date, parse_time
from veikart.roadmap.problems import Location, Problems
from veikart.roadmap.schema import COLOR, NESTED, SLUG, Field, Kind
from veikart.roadmap.suggest import Suggester
from veikart.roadmap.yamlsource import Coerced, LocList, LocMap

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_UNSAFE_IN_URL = re.compile(r"[\s\x00-\x1f\x7f]")

MISSING = object()


def suggestion(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest candidate, or ''.

    For one question about a few candidates (keys, choices); many questions about the
    same large set go to one `Suggester`.
    """
    return Suggester(candidates).hint(word)


def slug_hint(value: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", value.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a"))
    slug = slug.strip("-_")
    return f" (for example '{slug}')" if slug and SLUG.fullmatch(slug) and slug != value else ""


def coerced_message(name: str, raw: Coerced) -> str:
    """Ask for quotes around a value YAML 1.1 would read as something else."""
    what = describe(raw.value)
    return (
        f"'{name}': YAML reads {raw.text} as {what}, not as the text written; "
        f'put it in quotes: {name}: "{raw.text}"'
    )


def describe(value: object) -> str:
    """Name what a planner wrote, in words."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (yes/no)"
    if isinstance(value, LocMap | dict):
        return "a block of keys"
    if isinstance(value, LocList | list):
        return "a list"
    if isinstance(value, Coerced):
        return f"{value.text} (which YAML reads as {describe(value.value)})"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat(' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"'{value}'"


class EntryReader:
    """Read the fields of one entry, reporting each problem where it was written."""

    def __init__(self, entry: LocMap, label: str, problems: Problems) -> None:
        self.entry = entry
        self.label = label
        self.problems = problems
        self.times: dict[str, TimeSpan] = {}

    def error(self, where: Location, message: str) -> None:
        self.problems.error(where, f"{self.label}: {message}")

    def read(self, fields: tuple[Field, ...]) -> dict[str, Any]:
        known = {f.name: f for f in fields}
        for key in self.entry:
            if key not in known:
                hint = suggestion(key, known) or f" (known keys: {', '.join(known)})"
                self.error(self.entry.key_location(key), f"unknown key '{key}'{hint}")
        values: dict[str, Any] = {}
        for field in fields:
            raw = self.entry.get(field.name, MISSING)
            if raw is None and field.kind is Kind.COLOR:
                self.error(
                    self.entry.key_location(field.name),
                    f"'{field.name}' is empty; write the colour in quotes, such as \"#1f6f8b\" "
                    "(without quotes YAML reads '#' as the start of a comment)",
                )
                continue
            if raw is MISSING or raw is None:
                if field.required:
                    where = self.entry.key_location(field.name) if raw is None else self.entry.where
                    verb = "is empty" if raw is None else "is missing"
                    self.error(where, f"'{field.name}' {verb}; it is required")
                continue
            value = self.value(field, raw, self.entry.value_location(field.name))
            if value is not MISSING:
                values[field.name] = value
        return values

    def value(self, field: Field, raw: Any, where: Location) -> Any:
        name = field.name
        match field.kind:
            case Kind.TEXT | Kind.MARKDOWN:
                if isinstance(raw, str):
                    return raw
                if isinstance(raw, Coerced):
                    return self.fail(where, coerced_message(name, raw))
                if isinstance(raw, int | float | dt.date) and not isinstance(raw, bool):
                    return str(raw)  # reads back exactly as written: 2022, 1.5, 2022-09-15
                return self.fail(where, f"'{name}' should be text, not {describe(raw)}; put it in quotes")
            case Kind.SLUG | Kind.REF:
                return self.slug(name, raw, where)
            case Kind.REFS:
                items = self.items(name, raw, where)
                if items is None:
                    return MISSING
                out = [self.slug(name, item, at) for item, at in items]
                return tuple(x for x in out if x is not MISSING)
            case Kind.TIME:
                if isinstance(raw, Coerced) and isinstance(raw.value, dt.date):
                    raw = raw.value  # 2022-9-5 or 2022-09-05 10:00 where a time is expected: that day
                try:
                    span = parse_time(raw)
                except TimeValueError as exc:
                    return self.fail(where, f"'{name}': {exc}")
                self.times[name] = span
                return span
            case Kind.DATE:
                if isinstance(raw, Coerced) and isinstance(raw.value, dt.date):
                    raw = raw.value
                try:
                    day = parse_date(raw)
                except TimeValueError as exc:
                    return self.fail(where, f"'{name}': {exc}")
                if day is None:
                    return self.fail(
                        where, f"'{name}' should be a date such as 2021-11-24, not {describe(raw)}"
                    )
                return day
            case Kind.BOOL:
                if isinstance(raw, bool):
                    return raw
                return self.fail(where, f"'{name}' should be true or false, not {describe(raw)}")
            case Kind.COLOR:
                if isinstance(raw, str) and COLOR.fullmatch(raw.strip()):
                    return raw.strip()
                return self.fail(
                    where, f'\'{name}\' should be a colour such as "#1f6f8b" or "#18b", not {describe(raw)}'
                )
            case Kind.CHOICE:
                return self.choice(field, raw, where)
            case Kind.CHOICES:
                items = self.items(name, raw, where)
                if items is None:
                    return MISSING
                chosen: list[str] = []
                for item, at in items:
                    value = self.choice(field, item, at)
                    if value is MISSING:
                        continue
                    if value in chosen:
                        self.error(at, f"'{value}' is listed twice in '{name}'")
                        continue
                    chosen.append(value)
                return tuple(chosen)
            case Kind.URL:
                return self.url(name, raw, where)
            case Kind.LINKS:
                items = self.items(name, raw, where)
                if items is None:
                    return MISSING
                links = []
                for item, at in items:
                    if not isinstance(item, LocMap):
                        self.error(
                            at, f"each entry of '{name}' needs 'title' and 'url', not {describe(item)}"
                        )
                        continue
                    links.append(EntryReader(item, f"{self.label}, link", self.problems).read(NESTED[name]))
                return tuple(links)
            case Kind.HEALTH:
                if not isinstance(raw, LocMap):
                    return self.fail(
                        where, f"'{name}' should be a block with progress, cost, quality, risk, comment"
                    )
                return EntryReader(raw, f"{self.label}, health", self.problems).read(NESTED[name])
        raise AssertionError(field.kind)  # pragma: no cover

    def fail(self, where: Location, message: str) -> object:
        self.error(where, message)
        return MISSING

    def slug(self, name: str, raw: Any, where: Location) -> Any:
        if isinstance(raw, Coerced):
            return self.fail(where, coerced_message(name, raw))
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = str(raw)  # reads back as written: 2023
        if isinstance(raw, str) and SLUG.fullmatch(raw):
            return raw
        if isinstance(raw, str):
            return self.fail(
                where,
                f"'{name}': '{raw}' is not a valid id: use lowercase letters a-z, digits, '-' and '_', "
                f"starting with a letter or digit{slug_hint(raw)}",
            )
        return self.fail(where, f"'{name}' should be an id, not {describe(raw)}")

    def items(self, name: str, raw: Any, where: Location) -> list[tuple[Any, Location]] | None:
        if not isinstance(raw, LocList):
            example = f"[{raw}]" if isinstance(raw, str) else "[a, b]"
            self.error(where, f"'{name}' should be a list such as {example}, not {describe(raw)}")
            return None
        return [(item, raw.item_location(i)) for i, item in enumerate(raw)]

    def choice(self, field: Field, raw: Any, where: Location) -> Any:
        if isinstance(raw, str) and raw in field.choices:
            return raw
        allowed = ", ".join(field.choices)
        hint = suggestion(raw, field.choices) if isinstance(raw, str) else ""
        return self.fail(where, f"'{field.name}': {describe(raw)} is not one of {allowed}{hint}")

    def url(self, name: str, raw: Any, where: Location) -> Any:
        if not isinstance(raw, str) or not raw.strip():
            return self.fail(where, f"'{name}' should be a web address, not {describe(raw)}")
        url = raw.strip()
        if _UNSAFE_IN_URL.search(url):
            return self.fail(where, f"'{name}' must not contain spaces or control characters")
        scheme = _SCHEME.match(url)
        if scheme and scheme[1].lower() not in ("http", "https"):
            return self.fail(
                where,
                f"'{name}' uses '{scheme[1]}:', which is not allowed; "
                "use an http:// or https:// address or a relative path",
            )
        return url
