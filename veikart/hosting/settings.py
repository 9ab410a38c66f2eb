"""Server settings from command-line options and VEIKART_* environment variables.

Every setting is declared once, in `SETTINGS`: its field, environment variable, parser,
allowed range and the sentence docs/operations.md explains it with (a test fails when a
variable is missing from that page). Precedence, highest first: an option given on the
command line, the environment variable, the default. Every value is checked here, once,
so a typo in a systemd unit or a container's environment stops the server at start
with a message naming the variable, instead of surfacing later as a traceback.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

from veikart.i18n import DEFAULT_LANG, LANGS, Lang

DEFAULT_DATA = Path("data/roadmap.yaml")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
DEFAULT_THREADS = 4
DEFAULT_TIMEOUT = 60
MAX_DEFAULT_WORKERS = 8
DEFAULT_FRAME_ANCESTORS: tuple[str, ...] = ("'self'",)
DEFAULT_TRUSTED_PROXIES: tuple[str, ...] = ("127.0.0.1", "::1")
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})
LOG_FORMATS = ("text", "json")
LogFormat = Literal["text", "json"]
DEFAULT_BASE_PATH = "/"
MAX_BASE_PATH = 200
BASE_PATH_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")
"""A segment of the base path: URL-safe characters only, so the path needs no escaping in
HTML, JavaScript, nginx's `location` or a redirect."""


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
    lang: Lang = DEFAULT_LANG
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    workers: int = 0
    """0 means `default_workers()`."""
    threads: int = DEFAULT_THREADS
    timeout: int = DEFAULT_TIMEOUT
    users: Path | None = None
    frame_ancestors: tuple[str, ...] = DEFAULT_FRAME_ANCESTORS
    access_log: bool = True
    trusted_proxies: tuple[str, ...] = DEFAULT_TRUSTED_PROXIES
    log_format: LogFormat = "text"
    public: bool = False
    """Serve the public roadmap only (`public_roadmap`): no internal item, no note."""
    base_path: str = DEFAULT_BASE_PATH
    """Where the dashboard lives on its host: "/" or "/veikart/" (always with both slashes)."""

    @property
    def worker_count(self) -> int:
        return self.workers or default_workers()

    def with_options(self, **options: Any) -> Settings:
        """These settings with the command-line options that were given (None = not given)."""
        given = {name: value for name, value in options.items() if value is not None}
        unknown = set(given) - {f.name for f in fields(self)}
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        for name, value in given.items():
            SETTINGS[name].check(value, name)
        return replace(self, **given)


# --- parsers: text of an environment variable -> value; ValueError says what was expected --


def parse_int(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError(f"expected a whole number, got {text!r}") from None


def parse_bool(text: str) -> bool:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"expected true or false, got {text!r}")


def parse_path(text: str) -> Path:
    return Path(text.strip())


def parse_word(text: str) -> str:
    return text.strip()


def parse_frame_ancestors(text: str) -> tuple[str, ...]:
    """Split a space- or comma-separated list of CSP sources, refusing anything that could break the header."""
    sources = tuple(part for part in text.replace(",", " ").split() if part)
    if not sources:
        raise ValueError("give at least one source, e.g. 'self' or https://intranet.example.no")
    for source in sources:
        # A ';' or quote would let the value end the directive and smuggle in other policy.
        if any(char in source for char in ';,"\\') or not source.isprintable():
            raise ValueError(f"{source!r} is not a valid CSP source")
    return tuple(f"'{s}'" if s in {"self", "none"} else s for s in sources)


def parse_base_path(text: str) -> str:
    """The path the dashboard is served under, as Dash wants it: "veikart" -> "/veikart/"; "" or "/" -> "/"."""
    path = text.strip()
    if len(path) > MAX_BASE_PATH:
        raise ValueError(f"expected a path of at most {MAX_BASE_PATH} characters")
    inner = path.removeprefix("/").removesuffix("/")
    segments = inner.split("/") if inner else []
    for segment in segments:
        if segment in {".", ".."} or not BASE_PATH_SEGMENT.match(segment):
            raise ValueError(
                f"expected a path such as /veikart/ (letters, digits, '.', '-', '_', '~' between slashes), got {text!r}"
            )
    return "/" + "".join(f"{segment}/" for segment in segments)


def parse_trusted_proxies(text: str) -> tuple[str, ...]:
    """Addresses or networks (10.0.0.0/8) separated by commas or spaces; '*' trusts every peer."""
    items = tuple(part for part in text.replace(",", " ").split() if part)
    if not items:
        raise ValueError("give at least one address, e.g. 127.0.0.1")
    if "*" in items:
        if len(items) > 1:
            raise ValueError("'*' trusts every address; give it alone")
        return items
    for item in items:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise ValueError(f"{item!r} is not an IP address or network") from None
    return items


@dataclass(frozen=True)
class Setting:
    """One setting: where it comes from, how it is read and checked, and what it means."""

    field: str
    env: str
    parse: Callable[[str], Any]
    doc: str
    low: int | None = None
    high: int | None = None
    choices: tuple[str, ...] = ()
    blank_is_value: bool = False
    """An empty variable is a value (false), not 'unset'."""

    def read(self, text: str) -> Any:
        """The value of the environment variable's `text`, checked; SettingsError names the variable."""
        try:
            value = self.parse(text)
        except ValueError as exc:
            raise SettingsError(f"{self.env}: {exc}") from None
        self.check(value, self.env)
        return value

    def check(self, value: Any, label: str) -> None:
        if self.low is not None and self.high is not None and not self.low <= value <= self.high:
            raise SettingsError(f"{label}: expected a number from {self.low} to {self.high}, got {value}")
        if self.choices and value not in self.choices:
            raise SettingsError(f"{label}: expected one of {', '.join(self.choices)}, got {value!r}")
        if isinstance(value, str) and not self.choices and not value:
            raise SettingsError(f"{label}: must not be empty")


SETTINGS: dict[str, Setting] = {
    setting.field: setting
    for setting in (
        Setting("data", "VEIKART_DATA", parse_path, "The roadmap: a YAML file or a folder of them."),
        Setting("lang", "VEIKART_LANG", parse_word, "Language of the dashboard.", choices=LANGS),
        Setting("host", "VEIKART_HOST", parse_word, "Address to listen on."),
        Setting("port", "VEIKART_PORT", parse_int, "Port to listen on.", 1, 65535),
        Setting("workers", "VEIKART_WORKERS", parse_int, "gunicorn worker processes.", 1, 64),
        Setting("threads", "VEIKART_THREADS", parse_int, "Threads per worker.", 1, 64),
        Setting(
            "timeout", "VEIKART_TIMEOUT", parse_int, "Seconds before a stuck worker is restarted.", 5, 3600
        ),
        Setting("users", "VEIKART_USERS", parse_path, "A users file for HTTP basic auth; unset: no login."),
        Setting(
            "frame_ancestors",
            "VEIKART_FRAME_ANCESTORS",
            parse_frame_ancestors,
            "Who may show the dashboard in a frame (CSP frame-ancestors).",
        ),
        Setting(
            "access_log",
            "VEIKART_ACCESS_LOG",
            parse_bool,
            "One line per request in the log.",
            blank_is_value=True,
        ),
        Setting(
            "trusted_proxies",
            "VEIKART_TRUSTED_PROXIES",
            parse_trusted_proxies,
            "Proxies whose X-Forwarded-For/-Proto headers are believed.",
        ),
        Setting("log_format", "VEIKART_LOG_FORMAT", parse_word, "text or json lines.", choices=LOG_FORMATS),
        Setting(
            "public",
            "VEIKART_PUBLIC",
            parse_bool,
            "Serve only what may be shown outside the organisation: no internal item, no note.",
            blank_is_value=True,
        ),
        Setting(
            "base_path",
            "VEIKART_BASE_PATH",
            parse_base_path,
            "The path the dashboard is served under, e.g. /veikart/ for https://intranett/veikart/.",
        ),
    )
}
"""Every setting, in the order docs/operations.md lists them."""

RENAMED: dict[str, str] = {"VEIKART_FORWARDED_ALLOW_IPS": "VEIKART_TRUSTED_PROXIES"}
"""Old variable -> new: refused with a message rather than silently ignored."""

DASH_PATH_VARIABLES = (
    "DASH_URL_BASE_PATHNAME",
    "DASH_ROUTES_PATHNAME_PREFIX",
    "DASH_REQUESTS_PATHNAME_PREFIX",
    "DASH_APP_NAME",
)
"""Dash's own ways of moving the app under a path. Dash would apply them to the scripts but
not to veikart's links, and together with VEIKART_BASE_PATH they make Dash refuse to start."""


def refuse_dash_path_variables(environ: Mapping[str, str] | None = None) -> None:
    """Raise SettingsError when one of Dash's path variables is set (both cases, as Dash reads both)."""
    env = os.environ if environ is None else environ
    for name in DASH_PATH_VARIABLES:
        if env.get(name) or env.get(name.lower()):
            raise SettingsError(
                f"{name} is not used by veikart; set VEIKART_BASE_PATH (or --base-path) instead"
            )


def settings_from_env(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from VEIKART_* environment variables, defaults for the rest."""
    env = os.environ if environ is None else environ
    for old, new in RENAMED.items():
        if old in env:
            raise SettingsError(f"{old} was renamed to {new}; set {new} instead")
    refuse_dash_path_variables(env)
    values: dict[str, Any] = {}
    for setting in SETTINGS.values():
        text = env.get(setting.env)
        if text is None or (not text.strip() and not setting.blank_is_value):
            continue
        values[setting.field] = setting.read(text)
    return Settings(**values)


__all__ = [
    "LOG_FORMATS",
    "SETTINGS",
    "LogFormat",
    "Setting",
    "Settings",
    "SettingsError",
    "default_workers",
    "parse_base_path",
    "parse_frame_ancestors",
    "parse_trusted_proxies",
    "refuse_dash_path_variables",
    "settings_from_env",
]
