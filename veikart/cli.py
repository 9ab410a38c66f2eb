"""The `veikart` command line: a thin layer over plain functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from veikart import __version__
from veikart.load import RoadmapPathError, load_roadmap
from veikart.problems import Severity, problems_as_json
from veikart.schema import json_schema

DEFAULT_PATH = Path("data/roadmap.yaml")

path_argument = click.argument("path", type=click.Path(path_type=Path), default=DEFAULT_PATH, required=False)


class UsageProblem(click.ClickException):
    """A problem with the command itself (missing path, unreadable file): exit 2."""

    exit_code = 2

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(f"veikart: error: {self.format_message()}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="veikart")
def main() -> None:
    """veikart: roadmap timelines for national e-health, from YAML in git."""


@main.command()
@path_argument
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one FILE:LINE:COL line per problem; json: the same as a JSON list.",
)
def validate(path: Path, strict: bool, output_format: str) -> None:
    """Check the roadmap at PATH (a YAML file or a directory of them).

    Exit status: 0 valid (warnings allowed), 1 at least one error, 2 usage or I/O problem.
    """
    try:
        result = load_roadmap(path)
    except RoadmapPathError as exc:
        raise UsageProblem(str(exc)) from None
    problems = result.problems
    if output_format == "json":
        click.echo(problems_as_json(problems))
    else:
        for problem in problems.sorted():
            click.echo(str(problem))
    errors = len(problems.errors)
    warnings = len(problems.warnings)
    failed = errors > 0 or (strict and warnings > 0)
    if output_format == "text":
        roadmap = result.roadmap
        size = (
            f" ({len(roadmap.services)} services, {len(roadmap.deliverables)} deliverables)"
            if roadmap
            else ""
        )
        verdict = "not valid" if failed else "valid"
        strict_note = " (--strict: warnings count as errors)" if strict and warnings and not errors else ""
        click.echo(
            f"{path}: {verdict}{strict_note}: {errors} error{'s' * (errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)}{size}",
            err=True,
        )
    sys.exit(1 if failed else 0)


@main.command()
def schema() -> None:
    """Print a JSON Schema of the roadmap format, for editor autocompletion."""
    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


# imported last: the command module uses UsageProblem and path_argument from above
from veikart.commands.export import export_command  # noqa: E402

main.add_command(export_command)

from veikart.commands.serve import serve_command  # noqa: E402

main.add_command(serve_command)

# --- hosting: static site and users file (issue 6) ---


@main.command()
@path_argument
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("site"),
    show_default=True,
    help="Folder to write the site into (created if missing; existing files are replaced).",
)
def build(path: Path, out: Path) -> None:
    """Write a static site of the roadmap at PATH: one page per view, Norwegian and English.

    The pages need no server and no internet (open OUT/index.html from a file share, or
    publish OUT on any web server); one local copy of plotly.js is shared by all pages.
    """
    from veikart.commands.build import BuildProblem
    from veikart.commands.build import build as build_site

    try:
        built = build_site(path, out)
    except BuildProblem as exc:
        raise UsageProblem(str(exc)) from None
    click.echo(f"{out}: {len(built.pages)} pages; open {out / 'index.html'}", err=True)


@main.command("hash-password")
@click.argument("name")
@click.option("--rounds", type=click.IntRange(10, 16), default=12, show_default=True, help="bcrypt cost.")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read the password from the first line of stdin.")
def hash_password(name: str, rounds: int, from_stdin: bool) -> None:
    """Print a NAME:HASH line for the users file of HTTP basic auth (VEIKART_USERS).

    The password is asked for twice, hidden; with --stdin it is read from standard input.
    """
    from veikart.commands.hash_password import PasswordProblem, users_line

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    try:
        click.echo(users_line(name, password, rounds))
    except PasswordProblem as exc:
        raise UsageProblem(str(exc)) from None


__all__ = ["DEFAULT_PATH", "Severity", "UsageProblem", "main", "path_argument"]
