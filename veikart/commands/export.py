"""`veikart export`: write a view as PNG, SVG, PDF, HTML or PowerPoint, or a standard set."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click
from click.core import ParameterSource

from veikart.cli import UsageProblem, path_argument
from veikart.export import (
    EXPORT_FORMATS,
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
from veikart.figures.views import VIEW_NAMES, VIEWS
from veikart.filters import LIST_PARAMS, Choices, Filters, parse_query
from veikart.frames import RoadmapFrames, roadmap_frames
from veikart.i18n import LANGS, Lang
from veikart.load import RoadmapPathError, load_roadmap
from veikart.periods import Quarter

SHOWN_CHOICES = 12
"""How many valid values an unknown-value message lists."""


class ExportFailed(click.ClickException):
    """The export could not be made (invalid roadmap, nothing to draw, Chromium failed): exit 1."""

    exit_code = 1

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(f"veikart: error: {self.format_message()}", err=True)


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
        raise UsageProblem(f"{option} {raw!r} is not a quarter such as 2022-Q3")
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
                    raise UsageProblem(_unknown_message(f"--{name}", item, sorted(getattr(choices, name))))
        for option, raw in (
            ("--from", options.start),
            ("--to", options.end),
            *(("--at", a) for a in options.at),
        ):
            if raw:
                _parse_quarter(option, raw, frames, lang)
        if options.start and options.end:
            raise UsageProblem(f"--to {options.end} is before --from {options.start}")
        raise UsageProblem("; ".join(notices))
    return filters


def load_frames(path: Path, lang: Lang) -> tuple[RoadmapFrames, tuple[Path, ...]]:
    """The roadmap's frames in `lang`; its problems printed and ExportFailed when invalid."""
    try:
        result = load_roadmap(path)
    except RoadmapPathError as exc:
        raise UsageProblem(str(exc)) from None
    if result.roadmap is None or result.problems.has_errors:
        for problem in result.problems.sorted():
            click.echo(str(problem), err=True)
        errors = len(result.problems.errors)
        raise ExportFailed(f"{path} is not valid ({errors} error{'s' * (errors != 1)}); nothing exported")
    return roadmap_frames(result.roadmap, lang), result.files


def infer_format(fmt: str | None, out: Path | None) -> str:
    """The format asked for, else the one --out's extension names, else png."""
    suffix = out.suffix.lower().lstrip(".") if out else ""
    if fmt is None:
        return suffix if suffix in EXPORT_FORMATS else "png"
    if suffix and suffix in EXPORT_FORMATS and suffix != fmt:
        raise UsageProblem(f"--out {out} ends in .{suffix} but --format is {fmt}")
    return fmt


def prepare_export(
    path: Path, request: ExportRequest, filter_options: FilterOptions, lang: Lang
) -> tuple[RoadmapFrames, ExportRequest]:
    """Load the roadmap and complete the request with its checked filters and file names."""
    frames, files = load_frames(path, lang)
    filters = filters_from_options(frames, filter_options, lang)
    quarters = tuple(_parse_quarter("--at", raw, frames, lang) for raw in filter_options.at)
    request = dataclasses.replace(
        request, filters=filters, quarters=quarters, files=tuple(str(f) for f in files)
    )
    return frames, request


@contextmanager
def export_errors() -> Iterator[None]:
    """Turn export failures into the CLI's messages and exit statuses."""
    try:
        yield
    except BrowserMissing as exc:
        raise UsageProblem(str(exc)) from None
    except NothingToExport:
        raise ExportFailed("nothing to export: no deliverables match the filters") from None
    except ImageExportError as exc:
        raise ExportFailed(str(exc)) from None


def export_one(
    frames: RoadmapFrames, request: ExportRequest, out: Path, session: ImageSession | None = None
) -> Path:
    """Write one view (or deck) to `out`; Chromium is started only if the format needs it."""
    if len(request.quarters) > 1 and request.fmt != "pptx":
        raise UsageProblem("several --at quarters only make sense with --format pptx (one slide each)")
    with export_errors():
        return write_export(frames, request, VIEWS, out, session)


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
            return write_standard_set(frames, items, VIEWS, out_dir, session, on_written)
        with ImageSession() as own:
            return write_standard_set(frames, items, VIEWS, out_dir, own, on_written)


def _list_option(name: str, what: str) -> Callable:  # type: ignore[type-arg]
    return click.option(
        f"--{name}",
        multiple=True,
        metavar="ID[,ID...]",
        help=f"Only these {what} (repeatable, or comma-separated).",
    )


@click.command("export")
@path_argument
@click.option("--view", type=click.Choice(VIEW_NAMES), default="gantt", show_default=True, help="Which view.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default=None,
    help="File format [default: from --out's extension, else png].",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (with --all: the directory) [default: veikart-VIEW.FORMAT].",
)
@click.option(
    "--all",
    "standard",
    is_flag=True,
    help="Write the standard set to --out DIR: every view for the whole roadmap and each area, "
    "a PowerPoint deck and an interactive HTML page.",
)
@_list_option("area", "areas")
@_list_option("service", "services")
@_list_option("audience", "audiences")
@_list_option("phase", "phases")
@_list_option("status", "statuses (available, establishing, planning)")
@_list_option("owner", "owners")
@click.option("--critical", is_flag=True, help="Only services on the critical line.")
@click.option("--q", default="", metavar="TEXT", help="Only deliverables whose text contains TEXT.")
@click.option("--from", "start", default="", metavar="QUARTER", help="First quarter shown, such as 2022-Q1.")
@click.option("--to", "end", default="", metavar="QUARTER", help="Last quarter shown, such as 2024-Q4.")
@click.option(
    "--at",
    multiple=True,
    metavar="QUARTER",
    help="Quarter of the phase overview; repeat with --format pptx for one slide per quarter.",
)
@click.option(
    "--lang", type=click.Choice(LANGS), default="nb", show_default=True, help="Language of all text."
)
@click.option(
    "--size",
    default="1920x1080",
    show_default=True,
    metavar="WxH|PRESET",
    help="Image size in pixels, or 16:9, 4:3, a4-landscape.",
)
@click.option(
    "--scale",
    type=click.FloatRange(0.25, 8),
    default=1.0,
    show_default=True,
    help="Pixel density: 2 draws a 1920x1080 image with 3840x2160 pixels.",
)
@click.option("--title", default=None, help="Title instead of the roadmap's own.")
@click.option("--subtitle", default=None, help="Subtitle instead of the roadmap's own.")
@click.option(
    "--color-by",
    type=click.Choice(["status", "phase"]),
    default="status",
    show_default=True,
    help="Timeline bars coloured by status or by phase (as the dashboard's switch).",
)
@click.option("--dependencies", is_flag=True, help="Draw dependency arrows on the timeline.")
@click.pass_context
def export_command(
    ctx: click.Context,
    path: Path,
    view: str,
    fmt: str | None,
    out: Path | None,
    standard: bool,
    critical: bool,
    q: str,
    start: str,
    end: str,
    at: tuple[str, ...],
    lang: Lang,
    size: str,
    scale: float,
    title: str | None,
    subtitle: str | None,
    color_by: str,
    dependencies: bool,
    **lists: tuple[str, ...],
) -> None:
    """Export a view of the roadmap at PATH for slides or publishing.

    PNG, SVG, PDF and PowerPoint are drawn by Chromium (/usr/bin/chromium, or
    $VEIKART_CHROMIUM); HTML is one self-contained interactive file that needs no server.
    The filters are the dashboard's: the same values as in its links.

    Exit status: 0 written, 1 invalid roadmap or nothing to export, 2 usage problem or no Chromium.
    """
    try:
        image_size = parse_size(size)
    except SizeError as exc:
        raise UsageProblem(str(exc)) from None
    if standard:
        if ctx.get_parameter_source("view") == ParameterSource.COMMANDLINE:
            raise UsageProblem("--all writes every view; leave out --view")
        if fmt not in (None, "png", "svg", "pdf"):
            raise UsageProblem("--all takes --format png, svg or pdf (the format of its images)")
    chosen = (fmt or "png") if standard else infer_format(fmt, out)
    target = out or Path("veikart-export" if standard else f"veikart-{view}.{chosen}")
    if standard and target.exists() and not target.is_dir():
        raise UsageProblem(f"--all writes a directory, but {target} is a file")
    request = ExportRequest(
        view=view,
        fmt=chosen,  # type: ignore[arg-type]
        size=image_size,
        scale=scale,
        title=title,
        subtitle=subtitle,
        today=dt.date.today(),
        color_by=color_by,  # type: ignore[arg-type]
        show_dependencies=dependencies,
    )
    filter_options = FilterOptions(lists=lists, critical=critical, q=q, start=start, end=end, at=at)
    # tests hand in a running Chromium through the context object, to start only one
    session = ctx.obj.get("image_session") if isinstance(ctx.obj, dict) else None
    frames, request = prepare_export(path, request, filter_options, lang)
    if not standard:
        click.echo(str(export_one(frames, request, target, session)))
        return
    items = standard_set(frames, request, VIEW_NAMES)
    with click.progressbar(length=len(items), label="Exporting", file=click.get_text_stream("stderr")) as bar:
        written = export_set(frames, items, target, session, on_written=lambda item, file: bar.update(1))
    click.echo(f"{target}: {len(written)} files")
