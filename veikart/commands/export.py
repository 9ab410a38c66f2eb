"""`veikart export`: write a view as PNG, SVG, PDF, HTML or PowerPoint, or a standard set.

`--public` (or VEIKART_PUBLIC=1) exports the public roadmap (`public_roadmap`): no
internal item and no note reaches any file. `--baseline REV` compares with the roadmap at
a revision of its git repository (the same public reduction applied to it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from veikart.commands import FAILED, CommandError, load_valid
from veikart.export import (
    BrowserMissing,
    ExportRequest,
    ImageExportError,
    ImageSession,
    NothingToExport,
    SetItem,
    SizeError,
    parse_size,
    standard_set,
    write_export,
    write_standard_set,
)
from veikart.figures.baseline import BaselineChanges, baseline_changes
from veikart.filters import LIST_PARAMS, Choices, Filters, parse_query
from veikart.frames import RoadmapFrames, roadmap_frames
from veikart.i18n import Lang
from veikart.registry import FORMAT_NAMES, IMAGE_FORMATS, VIEW_NAMES
from veikart.roadmap.model import Roadmap
from veikart.roadmap.periods import Quarter
from veikart.roadmap.public import public_roadmap, public_setting

SHOWN_CHOICES = 12
"""How many valid values an unknown-value message lists."""


@dataclass(frozen=True)
class FilterOptions:
    """The filter options as typed, before they are checked against the roadmap."""

    lists: Mapping[str, Sequence[str]] = dataclasses.field(default_factory=dict)
    """area, service, audience, phase, status, owner: values, each may hold commas."""
    critical: bool = False
    q: str = ""
    start: str = ""
    end: str = ""
    at: Sequence[str] = ()


def _unknown_message(option: str, value: str, allowed: Sequence[str]) -> str:
    close = [a for a in allowed if a.startswith(value.lower())] or difflib.get_close_matches(
        value, allowed, n=1
    )
    hint = f"; did you mean {close[0]!r}?" if close else ""
    shown = sorted(allowed)
    listed = ", ".join(shown[:SHOWN_CHOICES]) + (", ..." if len(shown) > SHOWN_CHOICES else "")
    return f"unknown {option} value {value!r}{hint} (choose from: {listed})"


def _parse_quarter(option: str, raw: str, frames: RoadmapFrames, lang: Lang) -> Quarter:
    filters, notices = parse_query({option.removeprefix("--"): raw}, frames, lang)
    quarter = {"--from": filters.start, "--to": filters.end, "--at": filters.at}[option]
    if notices or quarter is None:
        raise CommandError(f"{option} {raw!r} is not a quarter such as 2022-Q3")
    return quarter


def filters_from_options(frames: RoadmapFrames, options: FilterOptions, lang: Lang) -> Filters:
    """The Filters the options ask for, read by the dashboard's own URL parser.

    Going through `parse_query` makes the CLI accept exactly what a link accepts; where a
    link drops an unknown value with a notice, the CLI stops with a clear message.
    """
    query: dict[str, str] = {}
    for name in LIST_PARAMS:
        items = [item.strip() for value in options.lists.get(name, ()) for item in value.split(",")]
        if items := [item for item in items if item]:
            query[name] = ",".join(items)
    if options.critical:
        query["critical"] = "1"
    if options.q:
        query["q"] = options.q
    for param, raw in (("from", options.start), ("to", options.end)):
        if raw:
            query[param] = raw
    if options.at:
        query["at"] = options.at[0]
    filters, notices = parse_query(query, frames, lang)
    if notices:
        choices = Choices.of(frames)
        for name in LIST_PARAMS:
            for item in query.get(name, "").split(","):
                if item and item not in getattr(filters, name):
                    raise CommandError(_unknown_message(f"--{name}", item, sorted(getattr(choices, name))))
        for option, raw in (
            ("--from", options.start),
            ("--to", options.end),
            *(("--at", a) for a in options.at),
        ):
            if raw:
                _parse_quarter(option, raw, frames, lang)
        if options.start and options.end:
            raise CommandError(f"--to {options.end} is before --from {options.start}")
        raise CommandError("; ".join(notices))
    return filters


def load_frames(path: Path, lang: Lang, public: bool = False) -> tuple[RoadmapFrames, tuple[Path, ...]]:
    """The roadmap's frames in `lang` (public: of `public_roadmap`); CommandError with its
    problems when it is not valid."""
    result = load_valid(path, "nothing exported")
    assert result.roadmap is not None
    roadmap = public_roadmap(result.roadmap) if public else result.roadmap
    return roadmap_frames(roadmap, lang), result.files


def baseline_label(rev: str, commit: str) -> str:
    """What figures call the baseline: the revision as typed, or a long commit id shortened."""
    return commit[:7] if rev.lower() == commit.lower() or len(rev) > 40 else rev


def load_baseline(path: Path, rev: str, frames: RoadmapFrames, public: bool = False) -> BaselineChanges:
    """The roadmap at `rev` of its git repository, compared with `frames`.

    The revision is checked before git sees it; no git, not a work tree, a refused or
    unknown revision, or a roadmap missing at it: CommandError, exit 2. A version with
    errors: CommandError with its problems, exit 1.
    """
    from veikart.history import HistoryError, InvalidVersion, RoadmapHistory, check_revision

    try:
        check_revision(rev)  # refused before git is even looked for
        history = RoadmapHistory(path)
        commit = history.resolve(rev)
        roadmap: Roadmap = history.valid_roadmap_at(commit, rev)
    except InvalidVersion as exc:
        raise CommandError(f"--baseline: {exc}", exit_code=FAILED, problems=exc.problems) from None
    except HistoryError as exc:
        raise CommandError(f"--baseline: {exc}") from None
    if public:
        roadmap = public_roadmap(roadmap)
    return baseline_changes(frames, roadmap_frames(roadmap, frames.lang), baseline_label(rev, commit))


def infer_format(fmt: str | None, out: Path | None) -> str:
    """The format asked for, else the one --out's extension names, else png."""
    suffix = out.suffix.lower().lstrip(".") if out else ""
    if fmt is None:
        return suffix if suffix in FORMAT_NAMES else "png"
    if suffix and suffix in FORMAT_NAMES and suffix != fmt:
        raise CommandError(f"--out {out} ends in .{suffix} but --format is {fmt}")
    return fmt


def prepare_export(
    path: Path,
    request: ExportRequest,
    filter_options: FilterOptions,
    lang: Lang,
    *,
    public: bool = False,
    baseline: str | None = None,
) -> tuple[RoadmapFrames, ExportRequest]:
    """Load the roadmap (public: its public part) and complete the request with its checked
    filters, file names and baseline."""
    frames, files = load_frames(path, lang, public)
    filters = filters_from_options(frames, filter_options, lang)
    quarters = tuple(_parse_quarter("--at", raw, frames, lang) for raw in filter_options.at)
    compared = load_baseline(path, baseline, frames, public) if baseline is not None else None
    request = dataclasses.replace(
        request, filters=filters, quarters=quarters, files=tuple(str(f) for f in files), baseline=compared
    )
    return frames, request


@contextmanager
def export_errors() -> Iterator[None]:
    """Turn export failures into the CLI's messages and exit statuses."""
    try:
        yield
    except BrowserMissing as exc:
        raise CommandError(str(exc)) from None
    except NothingToExport:
        raise CommandError("nothing to export: no deliverables match the filters", FAILED) from None
    except ImageExportError as exc:
        raise CommandError(str(exc), FAILED) from None


def export_one(
    frames: RoadmapFrames, request: ExportRequest, out: Path, session: ImageSession | None = None
) -> Path:
    """Write one view (or deck) to `out`; Chromium is started only if the format needs it."""
    if len(request.quarters) > 1 and request.fmt != "pptx":
        raise CommandError("several --at quarters only make sense with --format pptx (one slide each)")
    with export_errors():
        return write_export(frames, request, out, session)


def export_set(
    frames: RoadmapFrames,
    items: list[SetItem],
    out_dir: Path,
    session: ImageSession | None = None,
    on_written: Callable[[SetItem, Path], None] | None = None,
) -> list[Path]:
    """Write the standard set into out_dir, every image drawn in one Chromium."""
    with export_errors():
        if session is not None:
            return write_standard_set(frames, items, out_dir, session, on_written)
        with ImageSession() as own:
            return write_standard_set(frames, items, out_dir, own, on_written)


def export(
    path: Path,
    *,
    view: str = "gantt",
    fmt: str | None = None,
    out: Path | None = None,
    standard: bool = False,
    view_given: bool = False,
    filter_options: FilterOptions | None = None,
    lang: Lang = "nb",
    size: str = "1920x1080",
    scale: float = 1.0,
    title: str | None = None,
    subtitle: str | None = None,
    color_by: Literal["status", "phase"] = "status",
    dependencies: bool = False,
    public: bool = False,
    baseline: str | None = None,
    session: ImageSession | None = None,
    progress: Callable[[int], Callable[[SetItem, Path], None]] | None = None,
) -> str:
    """Export a view (or with `standard`, the standard set) of the roadmap at `path`.

    `public` (or VEIKART_PUBLIC) leaves out internal items and notes; `baseline` names a
    revision to compare with. Returns the line to print: the file written, or the folder
    and its number of files. `session` is a running Chromium to reuse (tests);
    `progress(n)` gives a callback called after each of the n files of the standard set.
    """
    try:
        image_size = parse_size(size)
    except SizeError as exc:
        raise CommandError(str(exc)) from None
    if standard:
        if view_given:
            raise CommandError("--all writes every view; leave out --view")
        if fmt is not None and fmt not in IMAGE_FORMATS:
            raise CommandError("--all takes --format png, svg or pdf (the format of its images)")
    chosen = (fmt or "png") if standard else infer_format(fmt, out)
    target = out or Path("veikart-export" if standard else f"veikart-{view}.{chosen}")
    if standard and target.exists() and not target.is_dir():
        raise CommandError(f"--all writes a directory, but {target} is a file")
    request = ExportRequest(
        view=view,
        fmt=chosen,
        size=image_size,
        scale=scale,
        title=title,
        subtitle=subtitle,
        today=dt.date.today(),
        color_by=color_by,
        show_dependencies=dependencies,
    )
    frames, request = prepare_export(
        path,
        request,
        filter_options or FilterOptions(),
        lang,
        public=public_setting(public),
        baseline=baseline,
    )
    if not standard:
        return str(export_one(frames, request, target, session))
    items = standard_set(frames, request, VIEW_NAMES)
    on_written = progress(len(items)) if progress else None
    written = export_set(frames, items, target, session, on_written=on_written)
    return f"{target}: {len(written)} files"
