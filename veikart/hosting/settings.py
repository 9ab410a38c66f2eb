"""Server settings from command-line options and VEIKART_* environment variables.

Precedence, highest first: an option given on the command line, the environment
variable, the default. Every value is checked here, once, so a typo in a systemd unit
or a container's environment stops the server at start with a clear message instead
of surfacing later as a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from veikart.i18n import DEFAULT_LANG, LANGS, Lang

DEFAULT_DATA = Path("data/roadmap.yaml")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
DEFAULT_THREADS = 4
DEFAULT_TIMEOUT = 60
MAX_DEFAULT_WORKERS = 8
DEFAULT_FRAME_ANCESTORS: tuple[str, ...] = ("'self'",)
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class SettingsError(ValueError):
    """A setting has a value the server cannot run with."""


def cpu_count() -> int:
    """The CPUs this process may run on (respects taskset and container CPU sets)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def default_workers(cpus: int | None = None) -> int:
    """gunicorn's rule of thumb (2 x CPUs + 1), capped: each worker holds its own copy of the roadmap."""
    return min(2 * (cpus or cpu_count()) + 1, MAX_DEFAULT_WORKERS)


@dataclass(frozen=True)
class Settings:
    """Everything the server needs to know; built once at start, never changed."""

    data: Path = DEFAULT_DATA
    """The roadmap: a YAML file or a directory of them."""
    lang: Lang = DEFAULT_LANG
    host: str = DEFAULT_HOST
    """Loopback unless told otherwise: a reverse proxy in front is the normal set-up."""
    port: int = DEFAULT_PORT
    workers: int = 0
    """gunicorn worker processes; 0 means `default_workers()`."""
    threads: int = DEFAULT_THREADS
    """Threads per worker, so slow clients fetching plotly.js do not hold a whole process."""
    timeout: int = DEFAULT_TIMEOUT
    users: Path | None = None
    """A file of `name:bcrypt-hash` lines; when set, every page asks for a user name and password."""
    frame_ancestors: tuple[str, ...] = DEFAULT_FRAME_ANCESTORS
    """Who may show the board in a frame (CSP frame-ancestors), e.g. an intranet portal's origin."""
    access_log: bool = True
    """Write one line per request to standard output (gunicorn's access log)."""
    forwarded_allow_ips: str = "127.0.0.1,::1"
    """Proxies whose X-Forwarded-* headers are believed (gunicorn's forwarded_allow_ips)."""

    @property
    def worker_count(self) -> int:
        return self.workers or default_workers()

    def with_options(self, **options: Any) -> Settings:
        """These settings with the command-line options that were given (None = not given)."""
        given = {name: value for name, value in options.items() if value is not None}
        unknown = set(given) - {f.name for f in fields(self)}
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        return _checked(replace(self, **given))


ENV_VARS: dict[str, str] = {
    "data": "VEIKART_DATA",
    "lang": "VEIKART_LANG",
    "host": "VEIKART_HOST",
    "port": "VEIKART_PORT",
    "workers": "VEIKART_WORKERS",
    "threads": "VEIKART_THREADS",
    "timeout": "VEIKART_TIMEOUT",
    "users": "VEIKART_USERS",
    "frame_ancestors": "VEIKART_FRAME_ANCESTORS",
    "access_log": "VEIKART_ACCESS_LOG",
    "forwarded_allow_ips": "VEIKART_FORWARDED_ALLOW_IPS",
}
"""Setting -> environment variable; docs/operations.md lists the same (a test checks)."""


def _int(name: str, text: str, low: int, high: int) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise SettingsError(f"{name}: expected a whole number, got {text!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name}: expected a number from {low} to {high}, got {value}")
    return value


def _bool(name: str, text: str) -> bool:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise SettingsError(f"{name}: expected true or false, got {text!r}")


def parse_frame_ancestors(text: str, name: str = "VEIKART_FRAME_ANCESTORS") -> tuple[str, ...]:
    """Split a space- or comma-separated list of CSP sources, refusing anything that could break the header."""
    sources = tuple(part for part in text.replace(",", " ").split() if part)
    if not sources:
        raise SettingsError(f"{name}: give at least one source, e.g. 'self' or https://intranet.example.no")
    for source in sources:
        # A ';' or quote would let the value end the directive and smuggle in other policy.
        if any(char in source for char in ';,"\\') or not source.isprintable():
            raise SettingsError(f"{name}: {source!r} is not a valid CSP source")
    return tuple(_quote_keyword(source) for source in sources)


def _quote_keyword(source: str) -> str:
    return f"'{source}'" if source in {"self", "none"} else source


def settings_from_env(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from VEIKART_* environment variables, defaults for the rest."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for field_name, var in ENV_VARS.items():
        text = env.get(var)
        if text is None or (text.strip() == "" and field_name != "access_log"):
            continue
        values[field_name] = _parse(field_name, var, text)
    return _checked(Settings(**values))


def _parse(field_name: str, var: str, text: str) -> Any:
    if field_name in {"data", "users"}:
        return Path(text.strip())
    if field_name == "lang":
        return text.strip()
    if field_name == "port":
        return _int(var, text, 1, 65535)
    if field_name == "workers":
        return _int(var, text, 1, 64)
    if field_name == "threads":
        return _int(var, text, 1, 64)
    if field_name == "timeout":
        return _int(var, text, 5, 3600)
    if field_name == "frame_ancestors":
        return parse_frame_ancestors(text, var)
    if field_name == "access_log":
        return _bool(var, text)
    return text.strip()


def _checked(settings: Settings) -> Settings:
    """Refuse settings the server cannot run with, naming the setting."""
    if settings.lang not in LANGS:
        raise SettingsError(f"language: expected one of {', '.join(LANGS)}, got {settings.lang!r}")
    if not 1 <= settings.port <= 65535:
        raise SettingsError(f"port: expected a number from 1 to 65535, got {settings.port}")
    if not 0 <= settings.workers <= 64:
        raise SettingsError(f"workers: expected a number from 1 to 64, got {settings.workers}")
    if not 1 <= settings.threads <= 64:
        raise SettingsError(f"threads: expected a number from 1 to 64, got {settings.threads}")
    if not settings.host.strip():
        raise SettingsError("host: give an address to listen on, e.g. 127.0.0.1")
    return settings
