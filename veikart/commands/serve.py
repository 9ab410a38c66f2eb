"""`veikart serve`: the dashboard on a local web server, reloading when the YAML changes."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from veikart.cli import DEFAULT_PATH, UsageProblem, path_argument
from veikart.hosting.cli_options import production_options, serve_production_from_cli
from veikart.i18n import LANGS, Lang
from veikart.load import RoadmapPathError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class ServeProblem(Exception):
    """The dashboard cannot start; the message says why."""


def serve(
    path: Path, *, host: str = "127.0.0.1", port: int = 8050, lang: Lang = "nb", debug: bool = False
) -> None:
    """Serve the dashboard for the roadmap at `path` until interrupted.

    An invalid roadmap still starts: the page lists the problems. Only a path that cannot
    be read at all stops here. Debug mode (the Werkzeug debugger runs code sent to it) is
    refused on anything but a loopback address.
    """
    if debug and host not in LOOPBACK:
        raise ServeProblem(f"--debug is for developers on this machine only; not with --host {host}")
    from veikart.app import create_app  # imports Dash and plotly: only when serving

    try:
        app = create_app(path, lang)
    except RoadmapPathError as exc:
        raise ServeProblem(str(exc)) from None
    # One line per request is noise for planners; errors still show.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"veikart: serving {path} at http://{shown}:{port}/ (Ctrl+C stops)", err=True)
    problems = app.veikart_source.snapshot().problems  # type: ignore[attr-defined]
    if problems:
        # The page shows these too; a planner running it locally sees them here first.
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(
            f"veikart: the roadmap is not valid yet ({len(problems)} error{'s' * (len(problems) != 1)}); "
            "the dashboard shows the problems and picks up the files when they are fixed",
            err=True,
        )
    app.run(host=host, port=port, debug=debug, dev_tools_hot_reload=False, use_reloader=False)


@click.command("serve")
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
@production_options
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
) -> None:
    """Start the dashboard for the roadmap at PATH (a YAML file or a directory of them).

    The page follows the files: save a change and it shows within seconds. While the
    files have errors, the last valid roadmap stays on screen under a list of problems.
    With --production it runs under gunicorn for many readers (see docs/operations.md).
    """
    if production:
        serve_production_from_cli(
            ctx, path=path, host=host, port=port, lang=lang, workers=workers, debug=debug
        )
        return
    try:
        serve(path, host=host, port=port, lang=lang, debug=debug)
    except ServeProblem as exc:
        raise UsageProblem(str(exc)) from None


__all__ = ["DEFAULT_PATH", "ServeProblem", "serve", "serve_command"]
