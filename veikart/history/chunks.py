"""Cut a roadmap file into its top-level entries as text, so each entry is parsed once.

Between two commits a planner changes a few entries of a file that holds hundreds; parsing
every version in full (0.15 s for 1,000 deliverables) would make `veikart diff` over 50
commits take 8 s. Block-style YAML, which is how roadmaps are written, can be cut at
lines without parsing: a top-level key starts at column 0, each item of a top-level list
starts with `- ` at the list's indentation, and everything else of an item is indented
deeper. An entry whose text is unchanged has an unchanged value, so it is parsed once per
process (`parse_entry` is cached by text).

The cut is checked, never trusted: a file with anything else at a cut line (document
markers, directives, flow-style lists, odd indentation) gives None and is parsed whole;
an entry that does not parse on its own (a quoted text running over a cut line, an alias
to an anchor in another entry) makes the caller parse the whole file as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from veikart.roadmap.problems import Problems
from veikart.roadmap.yamlsource import LocList, LocMap, parse_yaml

_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)[ ]*:(?:[ ]+(.*))?$")
_ITEM = re.compile(r"( *)-(?: |$)")
_QUIET = re.compile(r"\s*(?:#.*)?$")


@dataclass(frozen=True)
class Chunk:
    """One top-level entry as written: a list item of `section`, or the whole `section`."""

    section: str
    text: str
    first_line: int
    """1-based line of the chunk's first line in its file."""
    whole_section: bool = False


def split_entries(text: str) -> list[Chunk] | None:
    """The file's top-level entries in order, or None when it cannot be cut safely."""
    lines = text.split("\n")
    chunks: list[Chunk] = []
    section: str | None = None
    mode = ""  # "pending" (key line seen), "list" (cutting items) or "whole" (one chunk)
    indent = 0  # indentation of the section's `- ` item lines
    start = 0  # first line of the chunk being gathered

    def close(end: int) -> None:
        if section is not None and mode in ("list", "whole"):
            chunks.append(Chunk(section, "\n".join(lines[start:end]), start + 1, mode == "whole"))

    for number, line in enumerate(lines):
        if _QUIET.match(line):
            continue  # blank or comment: belongs to the chunk around it
        item = _ITEM.match(line)
        if section is not None and item is not None:
            if mode == "pending":
                mode, indent, start = "list", len(item.group(1)), number
                continue
            if mode == "list" and len(item.group(1)) == indent:
                close(number)
                start = number
                continue
        if line[0] == " ":
            if section is None:
                return None  # indented content before any top-level key
            if mode == "pending":
                mode = "whole"  # a block of keys (`roadmap:`), not a list
            elif mode == "list" and len(line) - len(line.lstrip(" ")) <= indent:
                return None
            continue
        match = _TOP_KEY.match(line)
        if match is None:
            return None  # `---`, `%YAML`, a quoted or flow key, a tab: parse the file whole
        close(number)
        section, start = match.group(1), number
        rest = (match.group(2) or "").strip()
        mode = "pending" if not rest or rest.startswith("#") else "whole"
    close(len(lines))
    return chunks


@dataclass(frozen=True)
class Entry:
    """What one chunk holds once parsed: the located values of its entries."""

    section: str
    values: tuple[Any, ...]
    """List items (LocMap or other values) of the section this chunk contributes."""
    ok: bool


def parse_chunk(chunk_text: str, section: str, whole_section: bool) -> Entry:
    """Parse one chunk on its own (locations are relative to the chunk)."""
    problems = Problems()
    if whole_section:
        data = parse_yaml(chunk_text, "", problems)
        if problems.has_errors or not isinstance(data, LocMap) or list(data) != [section]:
            return Entry(section, (), ok=False)
        value = data[section]
        if section == "roadmap":
            return Entry(section, (value,), ok=True)
        if value is None:
            return Entry(section, (), ok=True)
        if not isinstance(value, LocList):
            return Entry(section, (), ok=False)
        return Entry(section, tuple(value), ok=True)
    data = parse_yaml(chunk_text, "", problems)
    if problems.has_errors or not isinstance(data, LocList) or len(data) != 1:
        return Entry(section, (), ok=False)
    return Entry(section, (data[0],), ok=True)


__all__ = ["Chunk", "Entry", "parse_chunk", "split_entries"]
