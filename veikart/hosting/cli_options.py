"""`veikart serve --production`: the options, and settings from them plus the environment.

`serve.py` (the developer server) adds these options with one decorator and hands over
to `serve_production_from_cli` when `--production` is given. Options the user did not
type fall back to VEIKART_* environment variables, then to the defaults.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from veikart.hosting.application import StartProblem, serve_production
from veikart.hosting.settings import SettingsError, settings_from_env

F = TypeVar("F", bound=Callable[..., Any])


def production_options(command: F) -> F:
    """Add --production and --workers to a click command."""
    command = click.option(
        "--workers",
        type=click.IntRange(1, 64),
        default=None,
        help="With --production: worker processes (default 2 x CPUs + 1, at most 8; VEIKART_WORKERS).",
    )(command)
    command = click.option(
        "--production",
        is_flag=True,
        help="Serve with gunicorn for many readers: no debug, compression, security headers, "
        "/healthz, optional login (VEIKART_USERS). See docs/operations.md.",
    )(command)
    return command


def _given(ctx: click.Context, name: str, value: Any) -> Any:
    """The value when typed on the command line (or set through click's own env), else None."""
    source = ctx.get_parameter_source(name)
    return None if source in (None, click.core.ParameterSource.DEFAULT) else value


def serve_production_from_cli(
    ctx: click.Context, *, path: Path, host: str, port: int, lang: str, workers: int | None, debug: bool
) -> None:
    """Run the production server with the typed options over the environment's settings."""
    if debug:
        raise click.UsageError(
            "--debug and --production cannot be combined: production never runs in debug mode"
        )
    try:
        settings = settings_from_env().with_options(
            data=_given(ctx, "path", path),
            host=_given(ctx, "host", host),
            port=_given(ctx, "port", port),
            lang=_given(ctx, "lang", lang),
            workers=workers,
        )
        click.echo(
            f"veikart: serving {settings.data} in production mode at http://{settings.host}:{settings.port}/ "
            f"with {settings.worker_count} workers",
            err=True,
        )
        serve_production(settings)
    except (SettingsError, StartProblem) as exc:
        raise _problem(str(exc)) from None


def _problem(message: str) -> click.ClickException:
    from veikart.cli import UsageProblem  # the CLI imports the commands: import it late

    return UsageProblem(message)
