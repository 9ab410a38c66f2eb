"""Load a roadmap from a YAML file or a directory of them, checking everything.

`load_roadmap` is the only way in: it returns the validated `Roadmap` (or None when there
are errors) together with every problem found, each at FILE:LINE:COL.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veikart.roadmap.fields import EntryReader, describe
from veikart.roadmap.messages import Msg, Verbatim, listing, plural
from veikart.roadmap.model import (
    Area,
    Audience,
    Deliverable,
    Health,
    Link,
    Phase,
    Risk,
    Roadmap,
    RoadmapInfo,
    Service,
    Source,
)
from veikart.roadmap.periods import Quarter, TimeSpan
from veikart.roadmap.problems import Location, Problem, Problems, Severity, display_path
from veikart.roadmap.schema import REQUIRED_SECTIONS, ROADMAP, SECTIONS, TOP_LEVEL, Kind
from veikart.roadmap.suggest import Suggester
from veikart.roadmap.yamlsource import Coerced, LocList, LocMap, YamlDocument, parse_yaml, read_yaml

YAML_SUFFIXES = (".yaml", ".yml")


class RoadmapPathError(Exception):
    """The path cannot be read at all: a usage or I/O problem, not a content problem."""

    def __init__(self, message: Msg) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class LoadResult:
    roadmap: Roadmap | None
    problems: Problems
    files: tuple[Path, ...] = ()

    @property
    def ok(self) -> bool:
        return self.roadmap is not None

    @property
    def warnings(self) -> list[Problem]:
        """The warnings, also when the roadmap is valid: a half-written file often parses
        and still has many of them, and a reader should see that it is half-written."""
        return [p for p in self.problems.sorted() if p.severity is Severity.WARNING]


@dataclass
class _Entry:
    """One item of a top-level list, with its clean values once read."""

    section: str
    raw: LocMap
    values: dict[str, Any] = field(default_factory=dict)
    times: dict[str, TimeSpan] = field(default_factory=dict)

    @property
    def id(self) -> str | None:
        value = self.values.get("id")
        return value if isinstance(value, str) else None

    def at(self, key: str) -> Location:
        return self.raw.value_location(key)

    def label(self) -> Msg:
        """How messages name it: "deliverable 'pll-x'", with the id as written even if invalid."""
        kind = Msg(f"kind.{self.section}")
        raw_id = self.raw.get("id")
        if isinstance(raw_id, Coerced):
            raw_id = raw_id.text
        if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) and raw_id != "":
            return Msg("label.item", kind=kind, id=raw_id)
        return kind

    def problem(self, message: Msg) -> Msg:
        return Msg("entry", label=self.label(), problem=message)


def find_files(path: Path, problems: Problems | None = None) -> list[Path]:
    """The YAML files a path stands for, sorted by path.

    In a directory, files and folders whose name starts with '.' are skipped: a roadmap
    repository's `.github/workflows/*.yml` or `.pre-commit-config.yaml` are not roadmap
    files. A folder that cannot be read raises RoadmapPathError (reading the roadmap
    without it would silently drop its deliverables). A `*.yaml` link that leads nowhere
    or loops, and a folder link that leads back to a folder already read, are warnings
    in `problems`, at the link.
    """
    if path.is_file():
        return [path]
    if path.is_dir():
        files: list[Path] = []
        found = problems if problems is not None else Problems()
        before = len(found)
        _walk(path, files, found, set())
        if not files:
            skipped = len(found) - before
            also = plural("path.links_skipped", skipped) if skipped else Verbatim("")
            raise RoadmapPathError(Msg("path.no_yaml", path=display_path(path), skipped=also))
        return sorted(files)
    if path.is_symlink():
        raise RoadmapPathError(Msg("path.link_loop", path=display_path(path)))
    if not path.exists():
        raise RoadmapPathError(Msg("path.missing", path=display_path(path)))
    raise RoadmapPathError(Msg("path.not_file_or_dir", path=display_path(path)))


def _walk(folder: Path, files: list[Path], problems: Problems, seen: set[tuple[int, int]]) -> None:
    try:
        info = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise _unreadable(folder, exc) from None
    seen.add((info.st_dev, info.st_ino))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        is_yaml = path.suffix.lower() in YAML_SUFFIXES
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError:  # ELOOP: a link to itself or a ring of links
            is_dir = is_file = False
        if is_dir:
            try:
                target = path.stat()
            except OSError as exc:
                raise _unreadable(path, exc) from None
            if (target.st_dev, target.st_ino) in seen:
                problems.warning(Location(display_path(path)), Msg("link.folder_again"))
                continue
            _walk(path, files, problems, seen)
        elif is_file and is_yaml:
            files.append(path)
        elif is_yaml and entry.is_symlink():
            problems.warning(Location(display_path(path)), _broken_link(path))


def _broken_link(path: Path) -> Msg:
    try:
        target = os.readlink(path)
    except OSError:  # pragma: no cover - it was a link a moment ago
        target = "?"
    if os.path.lexists(path.parent / target):
        return Msg("link.loop", target=target)
    return Msg("link.dangling", target=target)


def _unreadable(path: Path, exc: OSError) -> RoadmapPathError:
    reason: object = exc.strerror or exc
    if exc.errno in (errno.EACCES, errno.EPERM):
        reason = Msg("os.permission")
    return RoadmapPathError(Msg("path.unreadable", path=display_path(path), reason=reason))


def load_roadmap(path: Path | str) -> LoadResult:
    """Read and check the roadmap at `path` (a file or a directory of YAML files)."""
    path = Path(path)
    problems = Problems()
    files = find_files(path, problems)
    documents = []
    for file in files:
        try:
            documents.append(read_yaml(file, display_path(file), problems))
        except OSError as exc:
            raise _unreadable(file, exc) from None
    result = build_roadmap(documents, problems)
    result.files = tuple(files)
    return result


def load_text(text: str, name: str = "roadmap.yaml") -> LoadResult:
    """Check roadmap YAML given as text (tests, and editors piping a buffer)."""
    problems = Problems()
    document = YamlDocument(Path(name), name, parse_yaml(text, name, problems))
    return build_roadmap([document], problems)


def build_roadmap(documents: list[YamlDocument], problems: Problems | None = None) -> LoadResult:
    """Check parsed documents together and build the roadmap when there are no errors."""
    problems = problems if problems is not None else Problems()
    checker = _Checker(documents, problems)
    roadmap = checker.run()
    return LoadResult(roadmap=roadmap, problems=problems)


class _Checker:
    def __init__(self, documents: list[YamlDocument], problems: Problems) -> None:
        self.documents = documents
        self.problems = problems
        self.roadmap_entry: LocMap | None = None
        self.roadmap_key_at: Location | None = None
        self.roadmap_values: dict[str, Any] = {}
        self.roadmap_times: dict[str, TimeSpan] = {}
        self.entries: dict[str, list[_Entry]] = {name: [] for name in SECTIONS}
        self.seen_sections: set[str] = set()
        self.written: dict[str, int] = dict.fromkeys(SECTIONS, 0)
        """How many items each section had as written, valid or not."""
        self.by_id: dict[str, dict[str, _Entry]] = {name: {} for name in SECTIONS}
        self.suggesters: dict[tuple[str, ...], Suggester] = {}
        self.unreadable = problems.has_errors
        """A file could not be parsed, or held no mapping: it may hold the sections that
        seem missing, so none is reported missing."""
        self.misspelled: set[str] = set()
        """Sections an unknown top-level key was taken for ('deliverable' -> 'deliverables'):
        that error names them already."""

    # ------------------------------------------------------------ structure

    def run(self) -> Roadmap | None:
        for document in self.documents:
            self.read_document(document)
        self.require_sections()
        self.read_roadmap_entry()
        for section in SECTIONS:
            for entry in self.entries[section]:
                self.read_entry(entry)
        self.check_references()
        self.check_deliverable_times()
        self.check_dependency_cycles()
        self.check_warnings()
        if self.problems.has_errors:
            return None
        return self.build()

    def first_location(self) -> Location:
        return Location(self.documents[0].display if self.documents else "roadmap.yaml")

    def read_document(self, document: YamlDocument) -> None:
        data = document.data
        if data is None:
            if not any(p.location.file == document.display for p in self.problems.errors):
                report = self.problems.error if len(self.documents) == 1 else self.problems.warning
                report(Location(document.display), Msg("file.empty"))
            if len(self.documents) == 1:
                self.unreadable = True  # "the file is empty" says it all
            return
        if not isinstance(data, LocMap):
            self.unreadable = True
            self.problems.error(
                data.where if isinstance(data, LocList) else Location(document.display),
                Msg("file.not_a_mapping", value=describe(data)),
            )
            return
        for key, value in data.items():
            where = data.key_location(key)
            if key not in TOP_LEVEL:
                meant = Suggester(TOP_LEVEL).closest(str(key))
                if meant is not None:
                    self.misspelled.add(meant)
                    hint: Msg = Msg("hint.did_you_mean", word=meant)
                else:
                    hint = Msg("hint.known_keys", keys=listing(TOP_LEVEL))
                self.problems.error(where, Msg("top.unknown_key", key=key, hint=hint))
            elif key == "roadmap":
                self.add_roadmap(value, where, data.value_location(key))
            else:
                self.add_section(key, value, where, data.value_location(key))

    def add_roadmap(self, value: Any, key_at: Location, value_at: Location) -> None:
        if self.roadmap_key_at is not None:
            first = self.roadmap_key_at
            self.problems.error(
                key_at,
                Msg("roadmap.twice", file=first.file, line=first.line),
            )
            return
        if not isinstance(value, LocMap):
            self.problems.error(
                value_at if value is not None else key_at,
                Msg("roadmap.not_a_block", value=describe(value)),
            )
            return
        self.roadmap_entry = value
        self.roadmap_key_at = key_at

    def add_section(self, section: str, value: Any, key_at: Location, value_at: Location) -> None:
        self.seen_sections.add(section)
        if value is None:
            return  # `deliverables:` with nothing under it yet: an empty list
        if not isinstance(value, LocList):
            self.written[section] += 1  # something was written: report its shape, not emptiness
            self.problems.error(
                value_at,
                Msg("section.not_a_list", section=section, value=describe(value)),
            )
            return
        self.written[section] += len(value)
        for index, item in enumerate(value):
            where = value.item_location(index)
            if not isinstance(item, LocMap):
                self.problems.error(
                    where,
                    Msg("section.entry_not_a_block", section=section, value=describe(item)),
                )
                continue
            self.entries[section].append(_Entry(section, item))

    def require_sections(self) -> None:
        # A file that could not be parsed may hold the missing sections: say nothing then.
        # Otherwise every missing section is reported, not only the first, also beside
        # other errors (an unknown key, a bad entry), unless a misspelled key meant it.
        unreadable = self.unreadable
        if self.roadmap_entry is None and not unreadable and "roadmap" not in self.misspelled:
            self.problems.error(
                self.first_location(),
                Msg("roadmap.missing"),
            )
        for section in REQUIRED_SECTIONS:
            if (
                not self.entries[section]
                and section not in self.seen_sections
                and section not in self.misspelled
                and not unreadable
            ):
                self.problems.error(
                    self.first_location(),
                    Msg("section.missing", section=section, need=Msg(f"need.{section}")),
                )
            elif not self.written[section] and section in self.seen_sections:
                self.problems.error(
                    self.first_location(),
                    Msg("section.empty", section=section, need=Msg(f"need.{section}")),
                )

    # ------------------------------------------------------------ entries

    def read_roadmap_entry(self) -> None:
        if self.roadmap_entry is None:
            return
        reader = EntryReader(self.roadmap_entry, lambda: Msg("label.roadmap"), self.problems)
        self.roadmap_values = reader.read(ROADMAP)
        self.roadmap_times = reader.times
        start, end = self.roadmap_times.get("start"), self.roadmap_times.get("end")
        if start and end and end.last < start.first:
            self.problems.error(
                self.roadmap_entry.value_location("end"),
                Msg(
                    "entry",
                    label=Msg("label.roadmap"),
                    problem=Msg("end.before_start", end=end.text, start=start.text),
                ),
            )

    def read_entry(self, entry: _Entry) -> None:
        reader = EntryReader(entry.raw, entry.label, self.problems)
        entry.values = reader.read(SECTIONS[entry.section])
        entry.times = reader.times
        if entry.id is None:
            return
        known = self.by_id[entry.section]
        if entry.id in known:
            first = known[entry.id].raw.where
            self.problems.error(
                entry.at("id"),
                entry.problem(
                    Msg("id.taken", another=Msg(f"another.{entry.section}"), file=first.file, line=first.line)
                ),
            )
            entry.values.pop("id")
            return
        known[entry.id] = entry

    # ------------------------------------------------------------ cross checks

    def suggester(self, sections: tuple[str, ...]) -> Suggester:
        """One index of the ids of `sections`, shared by every unknown reference to them."""
        if sections not in self.suggesters:
            self.suggesters[sections] = Suggester(i for s in sections for i in self.by_id[s])
        return self.suggesters[sections]

    def check_references(self) -> None:
        for section, fields in SECTIONS.items():
            for entry in self.entries[section]:
                for f in fields:
                    if f.kind not in (Kind.REF, Kind.REFS) or f.name not in entry.values:
                        continue
                    sections = (f.ref,) if isinstance(f.ref, str) else tuple(f.ref or ())
                    targets = [self.by_id[s] for s in sections]
                    values = entry.values[f.name]
                    refs = (values,) if f.kind is Kind.REF else values
                    raw = entry.raw[f.name]
                    for index, ref in enumerate(refs):
                        if any(ref in known for known in targets):
                            continue
                        where = raw.item_location(index) if isinstance(raw, LocList) else entry.at(f.name)
                        what = Msg(f"kind.{sections[0]}")
                        for other in sections[1:]:
                            what = Msg("join.or", a=what, b=Msg(f"kind.{other}"))
                        hint = self.suggester(sections).hint(ref)
                        self.problems.error(
                            where, entry.problem(Msg("ref.unknown", what=what, ref=ref, hint=hint))
                        )

    def check_deliverable_times(self) -> None:
        for entry in self.entries["deliverables"]:
            has = {k for k in ("start", "end", "at") if k in entry.raw}
            if "at" in has and has & {"start", "end"}:
                period: Msg | Verbatim = (
                    Msg("join.and", a=Verbatim("'start'"), b=Verbatim("'end'"))
                    if {"start", "end"} <= has
                    else Verbatim(f"'{(has - {'at'}).pop()}'")
                )
                self.problems.error(
                    entry.raw.key_location("at"), entry.problem(Msg("time.at_and_period", period=period))
                )
            elif not has:
                self.problems.error(entry.raw.where, entry.problem(Msg("time.none")))
            elif "at" not in has and len(has) == 1:
                (given,) = has
                other = "end" if given == "start" else "start"
                self.problems.error(
                    entry.raw.key_location(given),
                    entry.problem(Msg("time.half_period", given=given, other=other)),
                )
            if "kind" in entry.raw and "at" not in has:
                self.problems.error(entry.raw.key_location("kind"), entry.problem(Msg("kind.on_period")))
            start, end = entry.times.get("start"), entry.times.get("end")
            if start and end and end.last < start.first:
                self.problems.error(
                    entry.at("end"), entry.problem(Msg("end.before_start", end=end.text, start=start.text))
                )

    def span(self, entry: _Entry) -> tuple[dt.date, dt.date] | None:
        times = entry.times
        if "at" in times and "start" not in entry.raw and "end" not in entry.raw:
            return times["at"].first, times["at"].last
        if (
            "start" in times
            and "end" in times
            and "at" not in entry.raw
            and times["end"].last >= times["start"].first
        ):
            return times["start"].first, times["end"].last
        return None

    def check_dependency_cycles(self) -> None:
        graph = {
            e.id: [d for d in e.values.get("depends_on", ()) if d in self.by_id["deliverables"]]
            for e in self.entries["deliverables"]
            if e.id
        }
        state: dict[str, int] = {}  # 1 on the current path, 2 finished
        for root in graph:
            if root in state:
                continue
            path: list[str] = [root]
            iters = [iter(graph[root])]
            state[root] = 1
            while iters:
                node = path[-1]
                nxt = next(iters[-1], None)
                if nxt is None:
                    state[node] = 2
                    path.pop()
                    iters.pop()
                elif state.get(nxt) == 1:
                    self.report_cycle([*path[path.index(nxt) :], nxt])
                elif nxt not in state:
                    state[nxt] = 1
                    path.append(nxt)
                    iters.append(iter(graph[nxt]))

    def report_cycle(self, cycle: list[str]) -> None:
        first, second = cycle[0], cycle[1]
        entry = self.by_id["deliverables"][first]
        raw = entry.raw["depends_on"]
        index = list(entry.values["depends_on"]).index(second)
        where = raw.item_location(index) if isinstance(raw, LocList) else entry.at("depends_on")
        self.problems.error(where, entry.problem(Msg("dependency.cycle", cycle=listing(cycle, " -> "))))

    def check_warnings(self) -> None:
        deliverables = self.by_id["deliverables"]
        period = (self.roadmap_times.get("start"), self.roadmap_times.get("end"))
        if period[0] and period[1] and period[1].last < period[0].first:
            period = (None, None)  # already an error; every deliverable would look outside it
        used_services = {e.values.get("service") for e in self.entries["deliverables"]}
        for entry in self.entries["deliverables"]:
            span = self.span(entry)
            if span is None:
                continue
            first, last = span
            raw = entry.raw.get("depends_on")
            for index, dep_id in enumerate(entry.values.get("depends_on", ())):
                dep = deliverables.get(dep_id)
                dep_span = self.span(dep) if dep is not None else None
                if dep is not None and dep_span and dep_span[1] >= first and dep_id != entry.id:
                    where = raw.item_location(index) if isinstance(raw, LocList) else entry.at("depends_on")
                    self.problems.warning(
                        where,
                        Msg(
                            "warning.late_dependency",
                            id=entry.id,
                            start=_when(entry, "start"),
                            dependency=dep_id,
                            end=_when(dep, "end"),
                        ),
                    )
            if period[0] and period[1] and (last < period[0].first or first > period[1].last):
                key = "at" if "at" in entry.times else "start"
                self.problems.warning(
                    entry.at(key),
                    Msg("warning.outside_period", id=entry.id, first=period[0].text, last=period[1].text),
                )
        for entry in self.entries["services"]:
            if entry.id and entry.id not in used_services:
                self.problems.warning(entry.at("id"), Msg("warning.no_deliverables", id=entry.id))
        self.check_public_dependencies()

    def check_public_dependencies(self) -> None:
        """Warn where a public deliverable depends on an internal one (public outputs hide it)."""
        internal_services = {e.id for e in self.entries["services"] if e.id and e.values.get("internal")}
        if not internal_services and not any(e.values.get("internal") for e in self.entries["deliverables"]):
            return

        def internal(entry: _Entry) -> bool:
            return bool(entry.values.get("internal")) or entry.values.get("service") in internal_services

        deliverables = self.by_id["deliverables"]
        for entry in self.entries["deliverables"]:
            if not entry.id or internal(entry):
                continue
            raw = entry.raw.get("depends_on")
            for index, dep_id in enumerate(entry.values.get("depends_on", ())):
                dep = deliverables.get(dep_id)
                if dep is None or not internal(dep):
                    continue
                where = raw.item_location(index) if isinstance(raw, LocList) else entry.at("depends_on")
                self.problems.warning(
                    where, Msg("warning.public_depends_on_internal", id=entry.id, dependency=dep_id)
                )

    # ------------------------------------------------------------ model

    def build(self) -> Roadmap:
        values = self.roadmap_values
        info = RoadmapInfo(
            title=values["title"],
            subtitle=values.get("subtitle"),
            owner=values.get("owner"),
            start=self.roadmap_times["start"].first,
            end=self.roadmap_times["end"].last,
            updated=values.get("updated"),
        )
        return Roadmap(
            info=info,
            phases=tuple(Phase(**e.values) for e in self.entries["phases"]),
            areas=tuple(Area(**e.values) for e in self.entries["areas"]),
            audiences=tuple(Audience(**e.values) for e in self.entries["audiences"]),
            services=tuple(self.service(e) for e in self.entries["services"]),
            deliverables=tuple(self.deliverable(e) for e in self.entries["deliverables"]),
            sources=tuple(Source(**e.values) for e in self.entries["sources"]),
            risks=tuple(Risk(**e.values, source=e.raw.where) for e in self.entries["risks"]),
            files=tuple(d.display for d in self.documents),
        )

    @staticmethod
    def service(entry: _Entry) -> Service:
        values = dict(entry.values)
        links = tuple(Link(**link) for link in values.pop("links", ()))
        health = values.pop("health", None)
        return Service(
            **values,
            links=links,
            health=Health(**health) if health else None,
            source=entry.raw.where,
        )

    def deliverable(self, entry: _Entry) -> Deliverable:
        values = {k: v for k, v in entry.values.items() if k not in ("start", "end", "at")}
        first, last = self.span(entry) or (dt.date.min, dt.date.min)
        milestone = "at" in entry.times
        if milestone:
            values.setdefault("kind", "milestone")
        return Deliverable(**values, start=first, end=last, is_milestone=milestone, source=entry.raw.where)


def _when(entry: _Entry, which: str) -> str:
    """How a planner wrote the start or end of an entry ('at' for milestones)."""
    span = entry.times.get("at") or entry.times.get(which)
    return span.text if span else "?"


__all__ = [
    "LoadResult",
    "Quarter",
    "RoadmapPathError",
    "build_roadmap",
    "find_files",
    "load_roadmap",
    "load_text",
]
