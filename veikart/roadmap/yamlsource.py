"""Read YAML into plain values that remember where they were written.

libyaml composes the node graph in C (fast, with marks); a small walk turns nodes into
`LocMap` / `LocList` (a dict / list that also holds the location of every key and item)
and plain scalars. The walk checks what plain loaders let slip: a key repeated in one
mapping, tags that ask for Python objects, alias bombs and runaway nesting.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from veikart.roadmap.messages import Msg, Verbatim
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


_ODD_BREAKS = ("\x85", "\u2028", "\u2029")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class SourceLines:
    """Turns libyaml's marks into the line and column an editor shows.

    libyaml also counts NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR
    (U+2029) as line breaks, as YAML 1.1 says; editors, git and grep do not, so after one
    of them every line number would be off. Marks carry the character offset too: when
    the text holds such a character, lines are counted from the offset instead.
    """

    __slots__ = ("file", "starts")

    def __init__(self, file: str, text: str = "") -> None:
        self.file = file
        self.starts: list[int] | None = None
        if any(c in text for c in _ODD_BREAKS):
            self.starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]

    def location(self, mark: Any) -> Location:
        if self.starts is None:
            return Location(self.file, mark.line + 1, mark.column + 1)
        line = bisect_right(self.starts, mark.index) - 1
        return Location(self.file, line + 1, mark.index - self.starts[line] + 1)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset, counting lines as editors do."""
    head = text[:offset]
    line = head.count("\n") + head.count("\r") - head.count("\r\n") + 1
    start = max(head.rfind("\n"), head.rfind("\r")) + 1
    return line, offset - start + 1


class Coerced:
    """A plain scalar that YAML 1.1 turns into a value that does not read back as written.

    `0123` is the number 83 (octal), `10:30` is 630 (base 60), `0x1F` is 31, `1_000` is
    1000, `2022-1-5` the date 2022-01-05. Other YAML readers (YAML 1.2, editors) read
    most of these differently again. Where text or an id is expected, the loader reports
    it and asks for quotes rather than guess; where a date is expected, the date is meant.
    """

    __slots__ = ("text", "value")

    def __init__(self, text: str, value: object) -> None:
        self.text = text
        self.value = value

    def __repr__(self) -> str:
        return f"Coerced({self.text!r}, {self.value!r})"


class LocMap(dict[Any, Any]):
    """A mapping that knows where it, each key and each value was written.

    It keeps libyaml's marks and makes `Location`s only when asked: most values are
    never at fault, and building a location per node would double the load time.
    """

    __slots__ = ("key_marks", "lines", "mark", "value_marks")

    lines: SourceLines
    mark: Any
    key_marks: dict[Any, Any]
    value_marks: dict[Any, Any]

    @property
    def where(self) -> Location:
        return self.lines.location(self.mark)

    def key_location(self, key: str) -> Location:
        mark = self.key_marks.get(key)
        return self.where if mark is None else self.lines.location(mark)

    def value_location(self, key: str) -> Location:
        mark = self.value_marks.get(key)
        return self.where if mark is None else self.lines.location(mark)


class LocList(list[Any]):
    """A sequence that knows where it and each item was written."""

    __slots__ = ("item_marks", "lines", "mark")

    lines: SourceLines
    mark: Any
    item_marks: list[Any]

    @property
    def where(self) -> Location:
        return self.lines.location(self.mark)

    def item_location(self, index: int) -> Location:
        if index < len(self.item_marks):
            return self.lines.location(self.item_marks[index])
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
    def __init__(self, lines: SourceLines, problems: Problems) -> None:
        self.lines = lines
        self.problems = problems
        self.count = 0
        self.seen: dict[int, Any] = {}  # aliases share one converted value, as in PyYAML

    def at(self, node: yaml.Node) -> Location:
        return self.lines.location(node.start_mark)

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
        assert isinstance(node, yaml.MappingNode)  # the composer makes no other kind of node
        return self.mapping(node)

    def sequence(self, node: yaml.SequenceNode) -> LocList:
        self.check_tag(node, "tag:yaml.org,2002:seq")
        out = LocList()
        self.seen[id(node)] = out
        out.lines = self.lines
        out.mark = node.start_mark
        out.item_marks = [item.start_mark for item in node.value]
        value = self.value
        out.extend([value(item) for item in node.value])
        return out

    def mapping(self, node: yaml.MappingNode) -> LocMap:
        self.check_tag(node, "tag:yaml.org,2002:map")
        out = LocMap()
        self.seen[id(node)] = out
        out.lines = self.lines
        out.mark = node.start_mark
        key_marks: dict[Any, Any] = {}
        value_marks: dict[Any, Any] = {}
        out.key_marks = key_marks
        out.value_marks = value_marks
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.error(self.at(key_node), Msg("yaml.merge_key"))
                continue
            if type(key_node) is not yaml.ScalarNode:
                self.problems.error(self.at(key_node), Msg("yaml.key_not_plain"))
                continue
            if key_node.tag != _STR:
                self.scalar(key_node)  # reports tags that are not allowed
            key = key_node.value  # `0123:` or `yes:` as a key: the name as written
            if key in out:
                first = out.key_location(key)
                self.problems.error(
                    self.at(key_node),
                    Msg("yaml.key_twice", key=key, line=first.line),
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
            number = _constructor.construct_yaml_int(node)
            return number if str(number) == text else Coerced(text, number)
        if tag == "tag:yaml.org,2002:bool":
            return text.lower() in _TRUE
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:float":
            real = _constructor.construct_yaml_float(node)
            return real if str(real) == text else Coerced(text, real)
        if tag == "tag:yaml.org,2002:timestamp":
            try:
                when = _constructor.construct_yaml_timestamp(node)
            except (ValueError, OverflowError):  # e.g. 2022-02-30: keep the text, the time check reports it
                return text
            return when if when.isoformat() == text else Coerced(text, when)
        self.problems.error(self.at(node), Msg("yaml.cannot_stand", kind=tag.rsplit(":", 1)[-1]))
        return text


def _tag_message(tag: str) -> Msg:
    return Msg("yaml.tag", tag=tag.replace("tag:yaml.org,2002:", "!!"))


_BRACKETS = re.compile(r"[\[\]{}]")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _max_depth_bound(text: str) -> int:
    """An upper bound on nesting depth, cheap enough to run on every file."""
    brackets = _BRACKETS.findall(text)
    deepest = max(accumulate(_STEP[b] for b in brackets), default=0) if len(brackets) > MAX_DEPTH else 0
    longest_line = max(map(len, text.splitlines()), default=0)
    # Each block level costs at least one column of indentation or a "- " on the line.
    return deepest + longest_line


def _too_deep(text: str, lines: SourceLines) -> Location | None:
    """Where nesting passes MAX_DEPTH, if it does."""
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
                    return lines.location(event.start_mark)
            elif isinstance(event, closing):
                depth -= 1
    except yaml.YAMLError:
        # Newer PyYAML (6.0.4) refuses deep flow nesting while scanning ahead, before the
        # first event arrives; the brackets then say where it passed our limit. Otherwise
        # the composer reports the syntax error with its place.
        return _bracket_depth_location(text, lines.file)
    return None


def _bracket_depth_location(text: str, file: str) -> Location | None:
    """Where open brackets pass MAX_DEPTH, if they do (quotes not considered)."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += _STEP[match.group()]
        if depth > MAX_DEPTH:
            line, column = line_and_column(text, match.start())
            return Location(file, line, column)
    return None


def decode(raw: bytes, file: str, problems: Problems) -> str | None:
    """Decode UTF-8 (with or without BOM); report the place of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8-sig")
        line, column = line_and_column(before, len(before))
        problems.error(
            Location(file, line, column),
            Msg("file.not_utf8", byte=f"{raw[exc.start]:02x}"),
        )
        return None


# YAML allows tab, line breaks and printable characters; libyaml refuses the rest with a
# technical message at the start of the file.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BACKSPACE",
    0x0B: "VERTICAL TAB",
    0x0C: "FORM FEED",
    0x1B: "ESC",
    0x7F: "DELETE",
}
MAX_CONTROL_REPORTS = 10
"""Control characters reported one by one per file; the rest are counted."""


def _control_characters(text: str, file: str, problems: Problems) -> bool:
    """Report every control character YAML does not allow, where it is; True if any."""
    found = 0
    for match in _CONTROL.finditer(text):
        found += 1
        if found > MAX_CONTROL_REPORTS:
            continue
        code = ord(match.group())
        name = _CONTROL_NAMES.get(code) or Msg("yaml.control_char.unnamed")
        line, column = line_and_column(text, match.start())
        problems.error(
            Location(file, line, column),
            Msg("yaml.control_char", name=name, code=f"{code:04X}"),
        )
    if found > MAX_CONTROL_REPORTS:
        first = _CONTROL.search(text)
        assert first is not None
        line, column = line_and_column(text, first.start())
        problems.error(
            Location(file, line, column),
            Msg("yaml.control_more", count=found - MAX_CONTROL_REPORTS, shown=MAX_CONTROL_REPORTS),
        )
    return found > 0


def parse_yaml(text: str, file: str, problems: Problems) -> Any:
    """Turn YAML text into located values; report every problem into `problems`."""
    if _control_characters(text, file, problems):
        return None
    lines = SourceLines(file, text)
    deep = _too_deep(text, lines)
    if deep is not None:
        problems.error(
            deep,
            Msg("yaml.too_deep", depth=MAX_DEPTH),
        )
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        where, message = syntax_problem(exc, text, lines)
        problems.error(where, message)
        return None
    except (
        yaml.YAMLError
    ) as exc:  # pragma: no cover - libyaml reports marks; control characters are caught above
        problems.error(Location(file), Msg("yaml.unreadable", detail=exc))
        return None
    if node is None:
        return None
    walker = _Walker(lines, problems)
    try:
        return walker.value(node)
    except _TooMany:
        problems.error(
            lines.location(node.start_mark),
            Msg("yaml.alias_bomb", count=f"{MAX_VALUES:,}"),
        )
        return None


_ODD_BREAK_NAMES = {
    "\x85": "NEXT LINE, U+0085",
    "\u2028": "LINE SEPARATOR, U+2028",
    "\u2029": "PARAGRAPH SEPARATOR, U+2029",
}


def _odd_break_before(text: str, exc: yaml.MarkedYAMLError) -> int | None:
    """The offset of a NEL/LS/PS on the lines of a syntax error, which likely caused it."""
    marks = [m.index for m in (exc.context_mark, exc.problem_mark) if m is not None]
    if not marks or not any(c in text for c in _ODD_BREAKS):
        return None
    end = max(marks)
    start = max(text.rfind("\n", 0, min(marks)), text.rfind("\r", 0, min(marks))) + 1
    found = [i for c in _ODD_BREAKS if (i := text.find(c, start, end + 1)) >= 0]
    return min(found) if found else None


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, lines: SourceLines) -> tuple[Location, Msg]:
    """Where a YAML syntax error is, and what it means for a planner.

    libyaml says what its parser expected ("while parsing a flow sequence; did not find
    expected ',' or ']'"); a planner needs to know what to fix. Errors not recognised
    here keep libyaml's words after a plain explanation.
    """
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    mark = exc.problem_mark or exc.context_mark
    opened = exc.context_mark or mark
    where = lines.location(mark) if mark is not None else Location(lines.file)
    opened_at = lines.location(opened) if opened is not None else where
    char = text[mark.index] if mark is not None and 0 <= mark.index < len(text) else ""
    odd = _odd_break_before(text, exc)
    if odd is not None:
        line, column = line_and_column(text, odd)
        return Location(lines.file, line, column), Msg("syntax.odd_break", name=_ODD_BREAK_NAMES[text[odd]])
    if char == "\t" or "'\\t'" in problem or "tab character" in problem:
        return where, Msg("syntax.tab")
    if "expected a single document" in f"{context} {problem}":
        return where, Msg("syntax.two_documents")
    if "mapping values are not allowed" in problem:
        return where, Msg("syntax.colon")
    if "could not find expected ':'" in problem:
        return where, Msg("syntax.missing_colon")
    if any(words in problem for words in _INDENTATION):
        return where, Msg("syntax.indentation")
    if "found undefined alias" in problem:
        return where, Msg("syntax.undefined_alias")
    if "flow sequence" in context and ("','" in problem or "']'" in problem):
        return opened_at, Msg("syntax.unclosed_list")
    if "flow mapping" in context and ("','" in problem or "'}'" in problem):
        return opened_at, Msg("syntax.unclosed_block")
    if "quoted scalar" in context and "end of stream" in problem:
        return opened_at, Msg("syntax.unclosed_quote")
    if "unknown escape character" in problem:
        return where, Msg("syntax.escape")
    if "cannot start any token" in problem:
        if char.strip():
            return where, Msg("syntax.bad_start", char=Verbatim(repr(char)))
        return where, Msg("syntax.bad_start_unknown")
    if "alphabetic or numeric character" in problem and ("alias" in context or "anchor" in context):
        return where, Msg("syntax.alias_or_anchor")
    words = f"{context}; {problem}" if context and context not in problem else problem
    return where, Msg("syntax.other", words=words)


_INDENTATION = (
    "expected '-' indicator",
    "block sequence entries are not allowed",
    "did not find expected key",
    "expected <block end>",
)


def read_yaml(path: Path, display: str, problems: Problems) -> YamlDocument:
    """Read one file. I/O failures raise OSError for the caller to report as usage errors."""
    raw = path.read_bytes()
    text = decode(raw, display, problems)
    data = None if text is None else parse_yaml(text, display, problems)
    return YamlDocument(path=path, display=display, data=data)


__all__ = [
    "Coerced",
    "LocList",
    "LocMap",
    "SourceLines",
    "YamlDocument",
    "dt",
    "location_of",
    "parse_yaml",
    "read_yaml",
]
