"""`veikart serve`: the dashboard on a local web server, reloading when the YAML changes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from veikart.commands import CommandError
from veikart.i18n import Lang
from veikart.roadmap import RoadmapPathError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    path: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8050,
    lang: Lang = "nb",
    debug: bool = False,
    public: bool = False,
    base_path: str = "/",
    say: Callable[[str], None] = print,
) -> None:
    """Serve the dashboard for the roadmap at `path` until interrupted.

    An invalid roadmap still starts: the page lists the problems. Only a path that cannot
    be read at all stops here. Debug mode (the Werkzeug debugger runs code sent to it) is
    refused on anything but a loopback address. `public` (`--public`, or VEIKART_PUBLIC=1)
    serves the public roadmap only: no internal item, no note. `base_path` ("/veikart/")
    is where the dashboard lives on the server. `say` prints the start-up lines.
    """
    if debug and host not in LOOPBACK:
        raise CommandError(f"--debug is for developers on this machine only; not with --host {host}")
    from veikart.hosting.settings import SettingsError, refuse_dash_path_variables

    try:
        refuse_dash_path_variables()
    except SettingsError as exc:
        raise CommandError(str(exc)) from None
    from veikart.app import create_dashboard  # imports Dash and plotly: only when serving
    from veikart.roadmap.public import public_setting

    public = public_setting(public)
    try:
        dashboard = create_dashboard(path, lang, public=public, base_path=base_path)
    except RoadmapPathError as exc:
        raise CommandError(str(exc)) from None
    # One line per request is noise for planners; errors still show.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    shown = f"[{host}]" if ":" in host else host
    what = "the public view of " if public else ""
    say(f"veikart: serving {what}{path} at http://{shown}:{port}{base_path} (Ctrl+C stops)")
    problems = dashboard.source.snapshot().problems
    if problems:
        # The page shows these too; a planner running it locally sees them here first.
        for problem in problems:
            say(str(problem))
        say(
            f"veikart: the roadmap is not valid yet ({len(problems)} error{'s' * (len(problems) != 1)}); "
            "the dashboard shows the problems and picks up the files when they are fixed"
        )
    dashboard.app.run(host=host, port=port, debug=debug, dev_tools_hot_reload=False, use_reloader=False)


def serve_production(
    *,
    path: Path | None,
    host: str | None,
    port: int | None,
    lang: Lang | None,
    workers: int | None,
    public: bool | None = None,
    base_path: str | None = None,
    say: Callable[[str], None] = print,
) -> None:
    """Run the production server: options given (not None) win over VEIKART_* settings.

    `public=True` (`--public`) serves the public roadmap whatever VEIKART_PUBLIC says;
    None leaves it to VEIKART_PUBLIC.
    """
    from veikart.hosting.application import StartProblem
    from veikart.hosting.application import serve_production as run
    from veikart.hosting.settings import SettingsError, settings_from_env

    try:
        settings = settings_from_env().with_options(
            data=path,
            host=host,
            port=port,
            lang=lang,
            workers=workers,
            public=public or None,
            base_path=base_path,
        )
        run(settings)  # logs where it serves, in the log's format
    except (SettingsError, StartProblem) as exc:
        raise CommandError(str(exc)) from None


__all__ = ["LOOPBACK", "serve", "serve_production"]
