"""Run the WSGI app under gunicorn from Python, configured only by `Settings`.

A `BaseApplication` reads no gunicorn.conf.py and no GUNICORN_CMD_ARGS, so what runs is
exactly what `veikart serve --production` was told. The app is not preloaded: each
worker creates its own, loads the roadmap once and starts its own file watcher (threads
do not survive a fork), and workers share nothing mutable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication

from veikart.hosting.settings import Settings

WsgiApp = Callable[..., Any]


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    """gunicorn settings for `settings` (the names are gunicorn's own)."""
    host = (
        f"[{settings.host}]" if ":" in settings.host and not settings.host.startswith("[") else settings.host
    )
    return {
        "bind": [f"{host}:{settings.port}"],
        "workers": settings.worker_count,
        "worker_class": "gthread",
        "threads": settings.threads,
        "timeout": settings.timeout,
        "graceful_timeout": 20,
        "keepalive": 5,
        "preload_app": False,
        "control_socket_disable": True,  # gunicorn 27 would otherwise create ~/.gunicorn/*.sock
        "accesslog": "-" if settings.access_log else None,
        "errorlog": "-",
        "loglevel": "info",
        "logger_class": "veikart.hosting.logs.GunicornLogger",
        "forwarded_allow_ips": ",".join(settings.trusted_proxies),
        "proc_name": "veikart",
        "limit_request_line": 8190,
        "max_requests": 0,
    }


class VeikartServer(BaseApplication):  # type: ignore[misc]  # gunicorn has no type information
    """gunicorn with veikart's settings and an app factory called in each worker."""

    def __init__(self, factory: Callable[[], WsgiApp], settings: Settings) -> None:
        self.factory = factory
        self.options = gunicorn_options(settings)
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if value is not None:
                self.cfg.set(key, value)

    def load(self) -> WsgiApp:
        return self.factory()


def run_gunicorn(factory: Callable[[], WsgiApp], settings: Settings) -> None:
    """Serve until stopped (Ctrl-C or SIGTERM); returns when gunicorn has shut down."""
    VeikartServer(factory, settings).run()
