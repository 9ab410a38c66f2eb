"""Production mode: Dash's debug mode and dev tools made impossible, then the HTTP hardening.

Dash reads DASH_DEBUG, DASH_UI, DASH_HOT_RELOAD, ... from the environment when an app is
created, and Flask reads FLASK_DEBUG; any of them would turn on the dev tools UI (which
shows tracebacks and source) or hot reload. Production mode removes them from the
environment before the app exists, overrides every dev-tools flag on the app, replaces
`enable_dev_tools` and `run` so nothing can turn them on later, and checks the result.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, MutableMapping
from typing import Any, NoReturn
from urllib.parse import unquote

import dash
import flask
from dash.exceptions import DependencyException

from veikart.hosting.auth import BasicAuth
from veikart.hosting.callbacks import install_callback_guard
from veikart.hosting.compression import enable_compression
from veikart.hosting.headers import SecurityHeaders
from veikart.hosting.health import HealthProbe, add_health_route
from veikart.hosting.logs import install_quiet_polls
from veikart.hosting.proxy import TrustedProxies
from veikart.hosting.settings import Settings

log = logging.getLogger("veikart.hosting")

UNSAFE_ENV_VARS = (
    "DASH_DEBUG",
    "DASH_UI",
    "DASH_PROPS_CHECK",
    "DASH_SERVE_DEV_BUNDLES",
    "DASH_HOT_RELOAD",
    "DASH_HOT_RELOAD_INTERVAL",
    "DASH_HOT_RELOAD_WATCH_INTERVAL",
    "DASH_HOT_RELOAD_MAX_RETRY",
    "DASH_PRUNE_ERRORS",
    "DASH_VALIDATE_CALLBACKS",
    "DASH_SUPPRESS_CALLBACK_EXCEPTIONS",
    "DASH_MCP_ENABLED",
    "DASH_MCP_PATH",
    "FLASK_DEBUG",
    "WERKZEUG_DEBUG_PIN",
)
"""Environment variables that could switch on debugging or extra endpoints."""

DEV_TOOL_FLAGS = ("ui", "props_check", "serve_dev_bundles", "hot_reload", "validate_callbacks")


class ProductionError(RuntimeError):
    """Something would run the dashboard with debugging on in production."""


def scrub_environment(environ: MutableMapping[str, str] | None = None) -> list[str]:
    """Remove the debug-switching variables (both cases, as Dash reads both); return the names removed."""
    env = os.environ if environ is None else environ
    removed = []
    for name in UNSAFE_ENV_VARS:
        for variant in (name, name.lower()):
            if variant in env:
                del env[variant]
                removed.append(variant)
    if removed:
        log.warning("production mode ignores %s", ", ".join(removed))
    return removed


def lock_dev_tools(app: dash.Dash) -> None:
    """Turn every dev tool off on `app` and make `enable_dev_tools`/`run(debug=True)` refuse."""
    # Explicit arguments win over the DASH_* variables Dash read when the app was created.
    app.enable_dev_tools(
        debug=False,
        dev_tools_ui=False,
        dev_tools_props_check=False,
        dev_tools_serve_dev_bundles=False,
        dev_tools_hot_reload=False,
        dev_tools_silence_routes_logging=True,
        dev_tools_prune_errors=True,
        dev_tools_validate_callbacks=False,
    )
    app.server.debug = False
    app.server.config["DEBUG"] = False
    app.server.config["PROPAGATE_EXCEPTIONS"] = False
    app.server.config["TESTING"] = False

    def refuse(*_args: object, **_kwargs: object) -> NoReturn:
        raise ProductionError("debug mode and dev tools are disabled in production")

    # Dash has no switch that keeps the dev tools off for good, so its two ways of turning
    # them on are replaced on this instance (mypy refuses any assignment to a method).
    app.enable_dev_tools = refuse  # type: ignore[method-assign]
    app.run = refuse  # type: ignore[method-assign]


PAGE_CONFIG = re.compile(r'<script id="_dash-config" type="application/json">(.*?)</script>', re.DOTALL)


def page_config(app: dash.Dash) -> dict[str, Any]:
    """The `_dash-config` that Dash puts on every page for the browser, as rendered now."""
    prefix = app.config.routes_pathname_prefix or "/"
    with app.server.test_request_context(prefix):
        found = PAGE_CONFIG.search(app.index())
    if found is None:
        raise ProductionError("the page has no _dash-config")
    config: dict[str, Any] = json.loads(found[1])
    return config


def check_production(app: dash.Dash) -> None:
    """Raise ProductionError when anything about `app` is still in debug mode.

    Checked on what the browser gets (the page's config) and on the routes that exist, so
    it does not depend on how Dash stores its flags.
    """
    config = page_config(app)
    on = [flag for flag in ("ui", "props_check", "validate_callbacks") if config.get(flag)]
    if "hot_reload" in config:
        on.append("hot_reload")
    if app.server.debug:
        on.append("flask debug")
    if any("_mcp" in rule.rule for rule in app.server.url_map.iter_rules()):
        on.append("mcp")
    if on:
        raise ProductionError(f"refusing to serve with debugging on: {', '.join(on)}")


def is_traversal(path: str) -> bool:
    """True when a request path tries to leave a folder: '..', '//', backslashes, NUL, also percent-encoded."""
    for text in (path, unquote(path)):
        if "\\" in text or "\x00" in text:
            return True
        segments = text.split("/")
        if any(segment in {"..", "."} for segment in segments):
            return True
        if "" in segments[1:-1]:  # '//': an absolute path smuggled after a route's prefix
            return True
    return False


def reject_traversal() -> None:
    """404 for any path with '..' segments, before any route (assets, component suites, pages) sees it."""
    if is_traversal(flask.request.path):
        flask.abort(404)


def _not_found(_error: Exception) -> tuple[str, int]:
    return "Not found\n", 404


def harden(app: dash.Dash, settings: Settings, probe: HealthProbe) -> dash.Dash:
    """Lock the dev tools and add compression, headers, /healthz and (optionally) basic auth."""
    lock_dev_tools(app)
    hide_python_version(app)
    server = app.server
    prefix = app.config.routes_pathname_prefix or "/"
    # before_request hooks run in this order: refuse traversal, ask for login, check callbacks.
    # Every route already refuses to serve files outside its folder; this makes the answer a
    # uniform 404 (the page catch-all would otherwise answer 200 with the app's index page).
    server.before_request(reject_traversal)
    if settings.users is not None:
        BasicAuth(settings.users).install(server, prefix)
    install_callback_guard(app)
    install_quiet_polls(server, f"{prefix}_dash-update-component")
    # Dash answers a request for an unregistered package or file with an exception (a 500);
    # it is a wrong name, so say 404.
    server.register_error_handler(DependencyException, _not_found)
    add_health_route(server, probe, prefix)
    # Flask runs after_request hooks last-registered first, so the headers are set before
    # compression (which adds Vary and rewrites ETag/Content-Length).
    enable_compression(server)
    headers = SecurityHeaders(app, settings.frame_ancestors)
    server.wsgi_app = TrustedProxies(server.wsgi_app, settings.trusted_proxies)
    warm_up(app)
    headers.freeze()
    return app


def hide_python_version(app: dash.Dash) -> None:
    """Leave the server's exact Python build out of the page config every reader gets.

    Dash puts `sys.version` there for its dev-tools panel, which production never shows.
    `interpolate_index` is Dash's documented place to change the page.
    """
    interpolate: Callable[..., str] = app.interpolate_index

    def without_python_version(*args: Any, **parts: Any) -> str:
        # Dash passes its parts (metas, title, config, ...) by name; a newer Dash may add one.
        config = PAGE_CONFIG.search(str(parts.get("config", "")))
        if config is not None:
            values = json.loads(config[1])
            values.pop("python_version", None)
            # Same escaping as inside any <script>: '<' can never close the element.
            text = json.dumps(values, separators=(",", ":")).replace("<", "\\u003c")
            parts["config"] = f'<script id="_dash-config" type="application/json">{text}</script>'
        return interpolate(*args, **parts)

    app.interpolate_index = without_python_version  # type: ignore[method-assign]  # Dash's documented hook


def warm_up(app: dash.Dash) -> None:
    """Make the first request inside the worker, before any reader's.

    Dash finishes setting up at its first request (callbacks, the pages router and its
    inline script). Done here, no reader's request races that set-up: otherwise a
    request served meanwhile could get a CSP lacking the router script's hash.
    """
    prefix = app.config.routes_pathname_prefix or "/"
    app.server.test_client().get(f"{prefix}healthz")
    check_production(app)
