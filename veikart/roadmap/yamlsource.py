"""Read YAML into plain values that remember where they were written.

libyaml composes the node graph in C (fast, with marks); a small walk turns nodes into
`LocMap` / `LocList` (a dict / list that also holds the location of every key and item)
and plain scalars. The walk checks what plain loaders let slip: a key repeated in one
mapping, tags that ask for Python objects, alias bombs and runaway nesting.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from veikart.roadmap.problems import Location, Problems

try:  # libyaml is what makes large roadmaps fast; fall back only if it is missing
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_DEPTH = 200
"""Deeper nesting is never a roadmap and would exhaust the C composer's stack."""
MAX_VALUES = 2_000_000
"""More values than this after expanding aliases is an alias bomb."""

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_TRUE = {"true", "yes", "on", "y"}
_STR = "tag:yaml.org,2002:str"
_constructor = SafeConstructor()


def _location(file: str, mark: Any) -> Location:
    return Location(file, mark.line + 1, mark.column + 1)


class LocMap(dict):  # type: ignore[type-arg]
    """A mapping that knows where it, each key and each value was written.

    It keeps libyaml's marks and makes `Location`s only when asked: most values are
    never at fault, and building a location per node would double the load time.
    """

    __slots__ = ("file", "key_marks", "mark", "value_marks")

    file: str
    mark: Any
    key_marks: dict[Any, Any]
    value_marks: dict[Any, Any]

    @property
    def where(self) -> Location:
        return _location(self.file, self.mark)

    def key_location(self, key: str) -> Location:
        mark = self.key_marks.get(key)
        return self.where if mark is None else _location(self.file, mark)

    def value_location(self, key: str) -> Location:
        mark = self.value_marks.get(key)
        return self.where if mark is None else _location(self.file, mark)


class LocList(list):  # type: ignore[type-arg]
    """A sequence that knows where it and each item was written."""

    __slots__ = ("file", "item_marks", "mark")

    file: str
    mark: Any
    item_marks: list[Any]

    @property
    def where(self) -> Location:
        return _location(self.file, self.mark)

    def item_location(self, index: int) -> Location:
        if index < len(self.item_marks):
            return _location(self.file, self.item_marks[index])
        return self.where


def location_of(value: object, fallback: Location) -> Location:
    return value.where if isinstance(value, LocMap | LocList) else fallback


@dataclass
class YamlDocument:
    path: Path
    display: str
    data: Any
    """The document's value, or None when the file is empty or unreadable."""


class _TooMany(Exception):
    pass


class _Walker:
    def __init__(self, file: str, problems: Problems) -> None:
        self.file = file
        self.problems = problems
        self.count = 0
        self.seen: dict[int, Any] = {}  # aliases share one converted value, as in PyYAML

    def at(self, node: yaml.Node) -> Location:
        return _location(self.file, node.start_mark)

    def value(self, node: yaml.Node) -> Any:
        if node.tag == _STR and type(node) is yaml.ScalarNode:
            return node.value  # most values: plain text, the fast path
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooMany
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if id(node) in self.seen:
            return self.seen[id(node)]
        if isinstance(node, yaml.SequenceNode):
            return self.sequence(node)
        return self.mapping(node)

    def sequence(self, node: yaml.SequenceNode) -> LocList:
        self.check_tag(node, "tag:yaml.org,2002:seq")
        out = LocList()
        self.seen[id(node)] = out
        out.file = self.file
        out.mark = node.start_mark
        out.item_marks = [item.start_mark for item in node.value]
        value = self.value
        out.extend([value(item) for item in node.value])
        return out

    def mapping(self, node: yaml.MappingNode) -> LocMap:
        self.check_tag(node, "tag:yaml.org,2002:map")
        out = LocMap()
        self.seen[id(node)] = out
        out.file = self.file
        out.mark = node.start_mark
        key_marks: dict[Any, Any] = {}
        value_marks: dict[Any, Any] = {}
        out.key_marks = key_marks
        out.value_marks = value_marks
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.error(
                    self.at(key_node),
                    "YAML merge keys ('<<') are not supported; write the keys out",
                )
                continue
            is_text = key_node.tag == _STR and type(key_node) is yaml.ScalarNode
            key = key_node.value if is_text else self.value(key_node)
            if isinstance(key, LocMap | LocList):
                self.problems.error(self.at(key_node), "a key must be a plain name, not a list or mapping")
                continue
            if not isinstance(key, str):  # `1:` or `yes:` as a key: keep it visible, as text
                key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in out:
                first = out.key_location(key)
                self.problems.error(
                    self.at(key_node),
                    f"key '{key}' is written twice in the same block (first at line {first.line}); "
                    "YAML would silently keep only the last one",
                )
                continue
            out[key] = self.value(value_node)
            key_marks[key] = key_node.start_mark
            value_marks[key] = value_node.start_mark
        return out

    def check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            self.problems.error(self.at(node), _tag_message(node.tag))

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        text = node.value
        if tag == "tag:yaml.org,2002:str":
            return text
        if tag not in _STANDARD_TAGS:
            self.problems.error(self.at(node), _tag_message(tag))
            return text
        if tag == "tag:yaml.org,2002:int":
            return _constructor.construct_yaml_int(node)
        if tag == "tag:yaml.org,2002:bool":
            return text.lower() in _TRUE
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:float":
            return _constructor.construct_yaml_float(node)
        if tag == "tag:yaml.org,2002:timestamp":
            try:
                return _constructor.construct_yaml_timestamp(node)
            except ValueError:  # e.g. 2022-02-30: keep the text, the time check reports it
                return text
        self.problems.error(self.at(node), f"a {tag.rsplit(':', 1)[-1]} cannot stand here")
        return text


def _tag_message(tag: str) -> str:
    tag = tag.replace("tag:yaml.org,2002:", "!!")
    return (
        f"YAML tag '{tag}' is not allowed: a roadmap holds only plain text, numbers, dates, "
        "lists and mappings"
    )


_BRACKETS = re.compile(r"[\[\]{}]")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _max_depth_bound(text: str) -> int:
    """An upper bound on nesting depth, cheap enough to run on every file."""
    brackets = _BRACKETS.findall(text)
    deepest = max(accumulate(_STEP[b] for b in brackets), default=0) if len(brackets) > MAX_DEPTH else 0
    longest_line = max(map(len, text.splitlines()), default=0)
    # Each block level costs at least one column of indentation or a "- " on the line.
    return deepest + longest_line


def _too_deep(text: str) -> int | None:
    """The line at which nesting passes MAX_DEPTH, if it does."""
    if _max_depth_bound(text) <= MAX_DEPTH:
        return None
    depth = 0
    opening = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    closing = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, opening):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1
            elif isinstance(event, closing):
                depth -= 1
    except yaml.YAMLError:
        # Newer PyYAML (6.0.4) refuses deep flow nesting while scanning ahead, before the
        # first event arrives; the brackets then say where it passed our limit. Otherwise
        # the composer reports the syntax error with its place.
        return _bracket_depth_line(text)
    return None


def _bracket_depth_line(text: str) -> int | None:
    """The line at which open brackets pass MAX_DEPTH, if they do (quotes not considered)."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += _STEP[match.group()]
        if depth > MAX_DEPTH:
            return text.count("\n", 0, match.start()) + 1
    return None


def decode(raw: bytes, file: str, problems: Problems) -> str | None:
    """Decode UTF-8 (with or without BOM); report the place of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        problems.error(
            Location(file, line, column),
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} here); save it as UTF-8 in your editor",
        )
        return None


def parse_yaml(text: str, file: str, problems: Problems) -> Any:
    """Turn YAML text into located values; report every problem into `problems`."""
    deep_line = _too_deep(text)
    if deep_line is not None:
        problems.error(
            Location(file, deep_line, 1),
            f"the YAML is nested more than {MAX_DEPTH} levels deep here; a roadmap never needs that",
        )
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        where = _error_location(exc, file)
        problems.error(where, _syntax_message(exc, _char_at(text, where)))
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports marks
        problems.error(Location(file), f"YAML syntax error: {exc}")
        return None
    if node is None:
        return None
    walker = _Walker(file, problems)
    try:
        return walker.value(node)
    except _TooMany:
        problems.error(
            Location(file, node.start_mark.line + 1, node.start_mark.column + 1),
            f"the file expands to more than {MAX_VALUES:,} values through YAML aliases (*name); "
            "write the values out instead",
        )
        return None


def _error_location(exc: yaml.MarkedYAMLError, file: str) -> Location:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:  # pragma: no cover
        return Location(file)
    return Location(file, mark.line + 1, mark.column + 1)


def _char_at(text: str, where: Location) -> str:
    lines = text.splitlines()
    if 0 < where.line <= len(lines) and 0 < where.column <= len(lines[where.line - 1]):
        return lines[where.line - 1][where.column - 1]
    return ""


def _syntax_message(exc: yaml.MarkedYAMLError, char: str) -> str:
    problem = (exc.problem or "").strip()
    if char == "\t" or "'\\t'" in problem:
        return "a tab character is not allowed here: indent YAML with spaces, not tabs"
    context = (exc.context or "").strip()
    if "expected a single document" in f"{context} {problem}":
        return "the file holds more than one YAML document ('---'); keep one per file"
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = " (a ':' inside a text needs quotes around the text, or the indentation is off)"
    elif "could not find expected ':'" in problem:
        hint = " (a line is missing ':' after its key, or the indentation is off)"
    elif "expected '-' indicator" in problem or "expected <block end>" in problem:
        hint = " (check the indentation: the keys of one entry must start in the same column)"
    elif "found undefined alias" in problem:
        hint = " (an alias *name needs an anchor &name before it)"
    words = f"{context}; {problem}" if context and context not in problem else problem
    return f"YAML syntax error: {words}{hint}"


def read_yaml(path: Path, display: str, problems: Problems) -> YamlDocument:
    """Read one file. I/O failures raise OSError for the caller to report as usage errors."""
    raw = path.read_bytes()
    text = decode(raw, display, problems)
    data = None if text is None else parse_yaml(text, display, problems)
    return YamlDocument(path=path, display=display, data=data)


__all__ = [
    "LocList",
    "LocMap",
    "YamlDocument",
    "dt",
    "location_of",
    "parse_yaml",
    "read_yaml",
]
