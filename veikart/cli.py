"""The `veikart` command line: click's options, and nothing else.

Each command parses its options and hands them to a plain typed function in
`veikart.commands`, imported only when that command runs: `veikart validate` loads the
roadmap stage and never pandas, plotly or Dash (a pre-commit hook runs it on every
commit). A `CommandError` becomes one `veikart: error: ...` line and its exit status.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TypeVar

import click
from click.core import ParameterSource

from veikart.i18n import LANGS, Lang
from veikart.problem_formats import FORMATS as PROBLEM_FORMATS
from veikart.registry import FORMAT_NAMES, LIST_FILTERS, VIEW_NAMES

DEFAULT_PATH = Path("data/roadmap.yaml")

F = TypeVar("F", bound=Callable[..., Any])

path_argument = click.argument("path", type=click.Path(path_type=Path), default=DEFAULT_PATH, required=False)


def _say(line: str) -> None:
    click.echo(line, err=True)


@contextmanager
def command_errors() -> Iterator[None]:
    """Print a command's problems and message as lines, exit with its status (no traceback)."""
    from veikart.commands import CommandError

    try:
        yield
    except CommandError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"veikart: error: {exc}", err=True)
        sys.exit(exc.exit_code)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from veikart import version

        click.echo(f"veikart {version()}")
        ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version (from the release's git tag) and exit.",
)
def main() -> None:
    """veikart: roadmap timelines for national e-health, from YAML in git."""


# --- validate, schema -----------------------------------------------------------------


@main.command()
@path_argument
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(PROBLEM_FORMATS),
    default="text",
    show_default=True,
    help="text: one FILE:LINE:COL line per problem; json: the same as a JSON list; "
    "github: GitHub Actions annotations; gitlab: a GitLab Code Quality report.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="nb",
    envvar="VEIKART_LANG",
    show_default=True,
    help="Language of the messages (default: $VEIKART_LANG, else nb).",
)
@click.option(
    "--stale",
    is_flag=True,
    help="Also warn where the roadmap is out of date: deliverables past their end still planned, "
    "an old roadmap.updated, traffic lights unchanged in git for over 120 days.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="With --stale: the day to check against [default: today].",
)
def validate(
    path: Path, strict: bool, output_format: str, lang: Lang, stale: bool, today: dt.datetime | None
) -> None:
    """Check the roadmap at PATH (a YAML file or a directory of them).

    Exit status: 0 valid (warnings allowed), 1 at least one error, 2 usage or I/O problem.
    """
    from veikart.commands.validate import validate as check

    if today is not None and not stale:
        raise click.UsageError("--today applies only with --stale")
    stale_today = (today.date() if today is not None else dt.date.today()) if stale else None
    with command_errors():
        validation = check(path, strict=strict, lang=lang, stale_today=stale_today)
    for note in validation.notes:
        _say(f"veikart: note: {note}")
    for line in validation.lines(output_format):
        click.echo(line)
    if output_format != "json":
        _say(validation.summary(path))
    sys.exit(validation.exit_code)


@main.command()
def schema() -> None:
    """Print a JSON Schema of the roadmap format, for editor autocompletion."""
    import json

    from veikart.roadmap.schema import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


# --- diff -----------------------------------------------------------------------------


@main.command("diff")
@path_argument
@click.option(
    "--from",
    "from_rev",
    default=None,
    metavar="REV",
    help="Compare from this tag, branch or commit of the roadmap's git repository.",
)
@click.option(
    "--to",
    "to_rev",
    default=None,
    metavar="REV",
    help="Compare to this revision [default: the working tree, uncommitted edits included].",
)
@click.option(
    "--from-path",
    type=click.Path(path_type=Path),
    default=None,
    metavar="OTHER",
    help="Compare from the roadmap at OTHER (a file or directory) instead of a revision; no git.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text for a terminal, markdown for a pull-request comment, json for programs.",
)
@click.option(
    "--lang", type=click.Choice(LANGS), default="nb", show_default=True, help="Language of text and markdown."
)
def diff_command(
    path: Path,
    from_rev: str | None,
    to_rev: str | None,
    from_path: Path | None,
    output_format: str,
    lang: Lang,
) -> None:
    """Show what changed in the roadmap at PATH since --from REV, and which commit did it.

    Deliverables added, removed, moved (by how many quarters), or changed in status, phase,
    title, dependencies, flags or estimate; services' traffic lights, critical line and
    phase; risks. Git is only read, never written, and never reaches the network.

    Exit status: 0 compared, 1 a version has errors, 2 no git, not a work tree, or an
    unknown or refused revision.
    """
    from veikart.commands.diff import diff

    with command_errors():
        report = diff(
            path,
            from_rev=from_rev,
            to_rev=to_rev,
            from_path=from_path,
            output_format=output_format,
            lang=lang,
        )
    click.echo(report, nl=False)


# --- digest ---------------------------------------------------------------------------


@main.command("digest")
@path_argument
@click.option(
    "--since",
    required=True,
    metavar="REV",
    help="Compare with this tag, branch or commit (such as the tag of the last board meeting).",
)
@click.option(
    "--horizon",
    type=click.IntRange(1, 12),
    default=2,
    show_default=True,
    metavar="N",
    help="List decisions and milestones in this many quarters, today's included.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "pdf", "pptx"]),
    default=None,
    help="md, html, pdf or pptx [default: from --out's extension, else md].",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    metavar="FILE",
    help="File to write [default: md and html to standard output; pdf and pptx to "
    "styrenotat-<today>.<format>].",
)
@click.option(
    "--public",
    is_flag=True,
    help="For readers outside the organisation: no internal item, no note, no commit subject "
    "(also when VEIKART_PUBLIC=1).",
)
@click.option(
    "--lang", type=click.Choice(LANGS), default="nb", show_default=True, help="Language of the digest."
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="The digest's date: what is due, late or out of date is counted from it [default: today].",
)
def digest_command(
    path: Path,
    since: str,
    horizon: int,
    fmt: str | None,
    out: Path | None,
    public: bool,
    lang: Lang,
    today: Any,
) -> None:
    """Write the board's digest of the roadmap at PATH: what changed since --since REV.

    In order: period and revision compared with; key figures; delays, new, removed and
    status changes with their commits; decisions and milestones ahead; yellow and red
    traffic lights; risks; what needs updating and dependency conflicts; the sources.
    PDF is printed by Chromium; Markdown, HTML and PowerPoint need no browser.

    Exit status: 0 written, 1 a version has errors, 2 usage problem, no git, an unknown or
    refused revision, or no Chromium for PDF.
    """
    from veikart.commands.digest import digest

    with command_errors():
        made = digest(
            path,
            since=since,
            horizon=horizon,
            fmt=fmt,
            out=out,
            public=public,
            lang=lang,
            today=today.date() if today is not None else None,
        )
    if made.text is not None:
        click.echo(made.text, nl=False)
    else:
        _say(f"{made.written}")


# --- export ---------------------------------------------------------------------------


def _list_filter_options(command: F) -> F:
    for name, what in reversed(LIST_FILTERS.items()):
        command = click.option(
            f"--{name}",
            multiple=True,
            metavar="ID[,ID...]",
            help=f"Only these {what} (repeatable, or comma-separated).",
        )(command)
    return command


@main.command("export")
@path_argument
@click.option("--view", type=click.Choice(VIEW_NAMES), default="gantt", show_default=True, help="Which view.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_NAMES),
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
@_list_filter_options
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
@click.option(
    "--baseline",
    default=None,
    metavar="REV",
    help="Compare with the roadmap at this tag, branch or commit of its git repository: the timeline "
    "shows where deliverables were (+/- quarters), new and removed ones; the phase overview frames "
    "services in another phase.",
)
@click.option(
    "--public",
    is_flag=True,
    help="Only what may be shown outside the organisation: no internal item, no note "
    "(also when VEIKART_PUBLIC=1).",
)
@click.pass_context
def export_command(
    ctx: click.Context,
    /,
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
    color_by: Literal["status", "phase"],
    dependencies: bool,
    baseline: str | None,
    public: bool,
    **lists: tuple[str, ...],
) -> None:
    """Export a view of the roadmap at PATH for slides or publishing.

    PNG, SVG, PDF and PowerPoint are drawn by Chromium (/usr/bin/chromium, or
    $VEIKART_CHROMIUM); HTML is one self-contained interactive file that needs no server.
    The filters are the dashboard's: the same values as in its links.

    Exit status: 0 written, 1 invalid roadmap (or baseline) or nothing to export, 2 usage
    problem, no Chromium, or a --baseline that git cannot read (unknown or refused revision,
    no git work tree).
    """
    from veikart.commands.export import FilterOptions, export

    def progress(total: int) -> Callable[..., None]:
        # sys.stderr: click 8.5 deprecates click.get_text_stream (removed in click 9).
        bar = click.progressbar(length=total, label="Exporting", file=sys.stderr)
        return lambda *_: bar.update(1)

    # tests hand in a running Chromium through the context object, to start only one
    session = ctx.obj.get("image_session") if isinstance(ctx.obj, dict) else None
    with command_errors():
        line = export(
            path,
            view=view,
            fmt=fmt,
            out=out,
            standard=standard,
            view_given=ctx.get_parameter_source("view") == ParameterSource.COMMANDLINE,
            filter_options=FilterOptions(lists=lists, critical=critical, q=q, start=start, end=end, at=at),
            lang=lang,
            size=size,
            scale=scale,
            title=title,
            subtitle=subtitle,
            color_by=color_by,
            dependencies=dependencies,
            public=public,
            baseline=baseline,
            session=session,
            progress=progress,
        )
    click.echo(line)


# --- serve, build, hash-password ------------------------------------------------------


def _typed(ctx: click.Context, name: str, value: Any) -> Any:
    """The value when typed on the command line, else None (the environment decides)."""
    source = ctx.get_parameter_source(name)
    return None if source in (None, ParameterSource.DEFAULT) else value


def _base_path(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """--base-path as Dash wants it ("veikart" -> "/veikart/"), refused with a usage error when unsafe."""
    if value is None:
        return None
    from veikart.hosting.settings import parse_base_path

    try:
        return parse_base_path(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command("serve")
@path_argument
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8050, show_default=True, help="Port to listen on."
)
@click.option(
    "--lang", type=click.Choice(LANGS), default="nb", show_default=True, help="Language of the dashboard."
)
@click.option(
    "--debug", is_flag=True, help="Developers only: Dash debug mode (off by default; loopback only)."
)
@click.option(
    "--production",
    is_flag=True,
    help="Serve with gunicorn for many readers: no debug, compression, security headers, "
    "/healthz, optional login (VEIKART_USERS). See docs/operations.md.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="With --production: worker processes (default 2 x CPUs + 1, at most 8; VEIKART_WORKERS).",
)
@click.option(
    "--public",
    is_flag=True,
    help="Only what may be shown outside the organisation: no internal item, no note "
    "(also when VEIKART_PUBLIC=1).",
)
@click.option(
    "--base-path",
    default=None,
    metavar="PATH",
    callback=_base_path,
    help="Serve under a path, e.g. /veikart/ for https://intranett/veikart/ behind a proxy that "
    "passes the path on (default /; with --production also VEIKART_BASE_PATH).",
)
@click.pass_context
def serve_command(
    ctx: click.Context,
    path: Path,
    host: str,
    port: int,
    lang: Lang,
    debug: bool,
    production: bool,
    workers: int | None,
    public: bool,
    base_path: str | None,
) -> None:
    """Start the dashboard for the roadmap at PATH (a YAML file or a directory of them).

    The page follows the files: save a change and it shows within seconds. While the
    files have errors, the last valid roadmap stays on screen under a list of problems.
    With --production it runs under gunicorn for many readers (see docs/operations.md);
    options not typed then come from VEIKART_* environment variables.
    """
    from veikart.commands.serve import serve, serve_production

    if production and debug:
        raise click.UsageError(
            "--debug and --production cannot be combined: production never runs in debug mode"
        )
    with command_errors():
        if production:
            serve_production(
                path=_typed(ctx, "path", path),
                host=_typed(ctx, "host", host),
                port=_typed(ctx, "port", port),
                lang=_typed(ctx, "lang", lang),
                workers=workers,
                public=public,
                base_path=base_path,
                say=_say,
            )
        else:
            serve(
                path,
                host=host,
                port=port,
                lang=lang,
                debug=debug,
                public=public,
                base_path=base_path or "/",
                say=_say,
            )


@main.command()
@path_argument
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("site"),
    show_default=True,
    help="Folder to write the site into (created if missing; existing files are replaced).",
)
@click.option(
    "--public",
    is_flag=True,
    help="Only what may be shown outside the organisation: no internal item, no note "
    "(also when VEIKART_PUBLIC=1).",
)
def build(path: Path, out: Path, public: bool) -> None:
    """Write a static site of the roadmap at PATH: one page per view, Norwegian and English.

    The pages need no server and no internet (open OUT/index.html from a file share, or
    publish OUT on any web server); one local copy of plotly.js is shared by all pages.
    """
    from veikart.commands.build import build as build_site

    with command_errors():
        built = build_site(path, out, public=public)
    _say(f"{out}: {len(built.pages)} pages; open {out / 'index.html'}")


@main.command("hash-password")
@click.argument("name")
@click.option("--rounds", type=click.IntRange(10, 16), default=12, show_default=True, help="bcrypt cost.")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read the password from the first line of stdin.")
def hash_password(name: str, rounds: int, from_stdin: bool) -> None:
    """Print a NAME:HASH line for the users file of HTTP basic auth (VEIKART_USERS).

    The password is asked for twice, hidden; with --stdin it is read from standard input.
    """
    from veikart.commands.hash_password import users_line

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    with command_errors():
        click.echo(users_line(name, password, rounds))


__all__ = ["DEFAULT_PATH", "main", "path_argument"]
