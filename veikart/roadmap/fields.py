"""Check one YAML entry against its declared fields and return clean values."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from veikart.roadmap.messages import Msg, Verbatim, listing, shown
from veikart.roadmap.periods import TimeSpan, TimeValueError, parse_date, parse_time
from veikart.roadmap.problems import Location, Problems
from veikart.roadmap.schema import COLOR, NESTED, SLUG, Field, Kind
from veikart.roadmap.suggest import Suggester
from veikart.roadmap.yamlsource import Coerced, LocList, LocMap

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_UNSAFE_IN_URL = re.compile(r"[\s\x00-\x1f\x7f]")

MISSING = object()


def suggestion(word: str, candidates: Iterable[str]) -> Msg | Verbatim:
    """' (did you mean 'x'?)' for the closest candidate, or ''.

    For one question about a few candidates (keys, choices); many questions about the
    same large set go to one `Suggester`.
    """
    return Suggester(candidates).hint(word)


NOTHING = Verbatim("")


def slug_hint(value: str) -> Msg | Verbatim:
    slug = re.sub(r"[^a-z0-9_-]+", "-", value.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a"))
    slug = slug.strip("-_")
    return Msg("hint.for_example", slug=slug) if slug and SLUG.fullmatch(slug) and slug != value else NOTHING


def coerced_message(name: str, raw: Coerced) -> Msg:
    """Ask for quotes around a value YAML 1.1 would read as something else."""
    return Msg("coerced", name=name, text=raw.text, value=describe(raw.value))


def describe(value: object) -> Msg:
    """Name what a planner wrote, in words."""
    if value is None:
        return Msg("value.nothing")
    if isinstance(value, bool):
        return Msg("value.bool", text=str(value).lower())
    if isinstance(value, LocMap | dict):
        return Msg("value.block")
    if isinstance(value, LocList | list):
        return Msg("value.list")
    if isinstance(value, Coerced):
        return Msg("value.coerced", text=value.text, value=describe(value.value))
    if isinstance(value, dt.datetime):
        return Msg("value.datetime", when=value.isoformat(" "))
    if isinstance(value, dt.date):
        return Msg("value.date", date=value.isoformat())
    if isinstance(value, int | float):
        return Msg("value.number", number=value)
    if isinstance(value, str):
        return Msg("value.text", text=value)
    return Msg("value.other", text=value)


class EntryReader:
    """Read the fields of one entry, reporting each problem where it was written."""

    def __init__(self, entry: LocMap, label: Callable[[], Msg], problems: Problems) -> None:
        self.entry = entry
        self.label = label
        """Made only when a problem needs it: most entries have none."""
        self.problems = problems
        self.times: dict[str, TimeSpan] = {}

    def error(self, where: Location, message: Msg) -> None:
        self.problems.error(where, Msg("entry", label=self.label(), problem=message))

    def read(self, fields: tuple[Field, ...]) -> dict[str, Any]:
        known = {f.name: f for f in fields}
        for key in self.entry:
            if key not in known:
                hint = suggestion(key, known) or Msg("hint.known_keys", keys=listing(known))
                self.error(self.entry.key_location(key), Msg("key.unknown", key=key, hint=hint))
        values: dict[str, Any] = {}
        for field in fields:
            raw = self.entry.get(field.name, MISSING)
            if raw is None and field.kind is Kind.COLOR:
                self.error(self.entry.key_location(field.name), Msg("color.empty", name=field.name))
                continue
            if raw is MISSING or raw is None:
                if field.required:
                    where = self.entry.key_location(field.name) if raw is None else self.entry.where
                    key = "field.empty" if raw is None else "field.missing"
                    self.error(where, Msg(key, name=field.name))
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
                return self.fail(where, Msg("text.expected", name=name, value=describe(raw)))
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
                    return self.fail(where, Msg("time.invalid", name=name, reason=exc.message))
                self.times[name] = span
                return span
            case Kind.DATE:
                if isinstance(raw, Coerced) and isinstance(raw.value, dt.date):
                    raw = raw.value
                try:
                    day = parse_date(raw)
                except TimeValueError as exc:
                    return self.fail(where, Msg("time.invalid", name=name, reason=exc.message))
                if day is None:
                    return self.fail(where, Msg("date.expected", name=name, value=describe(raw)))
                return day
            case Kind.BOOL:
                if isinstance(raw, bool):
                    return raw
                return self.fail(where, Msg("bool.expected", name=name, value=describe(raw)))
            case Kind.COLOR:
                if isinstance(raw, str) and COLOR.fullmatch(raw.strip()):
                    return raw.strip()
                return self.fail(where, Msg("color.expected", name=name, value=describe(raw)))
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
                        self.error(at, Msg("choice.twice", value=value, name=name))
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
                        self.error(at, Msg("links.entry", name=name, value=describe(item)))
                        continue
                    links.append(
                        EntryReader(item, self.child("label.link"), self.problems).read(NESTED[name])
                    )
                return tuple(links)
            case Kind.HEALTH:
                if not isinstance(raw, LocMap):
                    return self.fail(where, Msg("health.expected", name=name))
                return EntryReader(raw, self.child("label.health"), self.problems).read(NESTED[name])
        raise AssertionError(field.kind)  # pragma: no cover

    def child(self, key: str) -> Callable[[], Msg]:
        """The label of a block inside this entry ("service 'pll', link")."""
        parent = self.label
        return lambda: Msg(key, label=parent())

    def fail(self, where: Location, message: Msg) -> object:
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
            return self.fail(where, Msg("slug.invalid", name=name, value=raw, hint=slug_hint(raw)))
        return self.fail(where, Msg("slug.expected", name=name, value=describe(raw)))

    def items(self, name: str, raw: Any, where: Location) -> list[tuple[Any, Location]] | None:
        if not isinstance(raw, LocList):
            example = Verbatim(f"[{shown(raw)}]") if isinstance(raw, str) else Verbatim("[a, b]")
            self.error(where, Msg("list.expected", name=name, example=example, value=describe(raw)))
            return None
        return [(item, raw.item_location(i)) for i, item in enumerate(raw)]

    def choice(self, field: Field, raw: Any, where: Location) -> Any:
        if isinstance(raw, str) and raw in field.choices:
            return raw
        hint = suggestion(raw, field.choices) if isinstance(raw, str) else NOTHING
        return self.fail(
            where,
            Msg(
                "choice.invalid",
                name=field.name,
                value=describe(raw),
                allowed=listing(field.choices),
                hint=hint,
            ),
        )

    def url(self, name: str, raw: Any, where: Location) -> Any:
        if not isinstance(raw, str) or not raw.strip():
            return self.fail(where, Msg("url.expected", name=name, value=describe(raw)))
        url = raw.strip()
        if _UNSAFE_IN_URL.search(url):
            return self.fail(where, Msg("url.unsafe", name=name))
        scheme = _SCHEME.match(url)
        if scheme and scheme[1].lower() not in ("http", "https"):
            return self.fail(where, Msg("url.scheme", name=name, scheme=scheme[1]))
        return url
