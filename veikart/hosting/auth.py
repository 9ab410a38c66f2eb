"""Optional HTTP basic auth from a file of bcrypt hashes (`VEIKART_USERS`).

The file has one `name:$2b$12$...` line per user (blank lines and `# comments` allowed);
`veikart hash-password NAME` prints such a line. Over plain HTTP basic auth sends the
password readably: use it only behind TLS (see docs/operations.md), or leave access to
the organisation's single sign-on proxy and do not set VEIKART_USERS at all.

Timing: a wrong user name costs the same bcrypt check as a wrong password (against a
dummy hash), and names are compared only through that check, so response times do not
tell which names exist. Checking bcrypt on every request would cost ~0.2 s each (a page
load is a dozen requests), so a worker remembers credentials that passed, as a keyed
HMAC digest (never the password itself), until the users file changes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import bcrypt
import flask

from veikart.i18n import LANGS, t

REALM = "veikart"
HASH_PREFIXES = ("$2a$", "$2b$", "$2y$")
DEFAULT_ROUNDS = 12
REMEMBERED_LIMIT = 4096
OPEN_PATHS = frozenset({"healthz"})
"""Load balancers probe these without credentials; they tell only the roadmap's date and size."""


class UsersFileError(ValueError):
    """The users file cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class UserTable:
    hashes: dict[str, bytes]


def parse_users(text: str, name: str = "users file") -> UserTable:
    """Read `name:hash` lines, refusing anything that is not a bcrypt hash."""
    hashes: dict[str, bytes] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, hashed = line.partition(":")
        where = f"{name}:{number}"
        if not sep or not user:
            raise UsersFileError(f"{where}: expected 'name:bcrypt-hash' (from `veikart hash-password NAME`)")
        if not hashed.startswith(HASH_PREFIXES) or len(hashed) != 60:
            raise UsersFileError(
                f"{where}: the password of {user!r} is not a bcrypt hash ($2b$...); "
                "create one with `veikart hash-password NAME`"
            )
        if user in hashes:
            raise UsersFileError(f"{where}: user {user!r} is listed twice")
        hashes[user] = hashed.encode("ascii")
    if not hashes:
        raise UsersFileError(f"{name}: no users in the file; add lines from `veikart hash-password NAME`")
    return UserTable(hashes)


def read_users(path: Path) -> UserTable:
    """Parse the users file at `path`, with clear messages for missing or bad files."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsersFileError(f"{path}: users file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsersFileError(f"{path}: cannot read the users file: {exc}") from None
    return parse_users(text, str(path))


def hash_password(password: str, rounds: int = DEFAULT_ROUNDS) -> str:
    """A bcrypt hash of `password` for the users file."""
    data = password.encode("utf-8")
    if len(data) > 72:  # bcrypt ignores (bcrypt 5: refuses) bytes past 72
        raise ValueError("the password is longer than 72 bytes, the most bcrypt can use")
    return bcrypt.hashpw(data, bcrypt.gensalt(rounds)).decode("ascii")


class BasicAuth:
    """Checks credentials against a users file, re-reading it when it changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._key = secrets.token_bytes(32)
        self._dummy = bcrypt.hashpw(b"not a password", bcrypt.gensalt(DEFAULT_ROUNDS))
        self._stamp: tuple[int, int] | None = None
        self._table = read_users(path)  # fail at start, not at the first request
        self._stamp = self._file_stamp()
        self._remembered: set[bytes] = set()

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size)

    def _current_table(self) -> UserTable:
        stamp = self._file_stamp()
        if stamp != self._stamp:
            with self._lock:
                try:
                    table = read_users(self.path)
                except UsersFileError as exc:
                    # Keep the last good table: a half-saved file must not lock everyone out.
                    flask.current_app.logger.error("%s (keeping the previous users)", exc)
                else:
                    self._table = table
                    self._remembered = set()
                self._stamp = stamp
        return self._table

    def _digest(self, user: str, password: str) -> bytes:
        message = user.encode("utf-8") + b"\x00" + password.encode("utf-8")
        return hmac.new(self._key, message, hashlib.sha256).digest()

    def check(self, user: str, password: str) -> bool:
        """True when `user` exists and `password` is theirs."""
        table = self._current_table()
        digest = self._digest(user, password)
        if digest in self._remembered:
            return True
        hashed = table.hashes.get(user, self._dummy)
        data = password.encode("utf-8")[:72]
        ok = bcrypt.checkpw(data, hashed) and user in table.hashes
        if ok:
            with self._lock:
                if len(self._remembered) >= REMEMBERED_LIMIT:
                    self._remembered.clear()
                self._remembered.add(digest)
        return ok

    def install(self, server: flask.Flask, prefix: str = "/", open_paths: Iterable[str] = OPEN_PATHS) -> None:
        """Ask for credentials before every request except the open paths."""
        open_full = {f"{prefix}{path}" for path in open_paths}

        def require_login() -> flask.Response | None:
            if flask.request.path in open_full:
                return None
            credentials = flask.request.authorization  # werkzeug parses (and refuses) the header
            if (
                credentials is not None
                and credentials.type == "basic"
                and credentials.username is not None
                and credentials.password is not None
                and self.check(credentials.username, credentials.password)
            ):
                flask.request.environ["REMOTE_USER"] = credentials.username  # for the access log
                return None
            return challenge()

        server.before_request(require_login)


def challenge() -> flask.Response:
    """401 asking the browser for a user name and password."""
    # The language of the reader is not known before login: say it in both.
    words = " / ".join(t("hosting.login_required", lang) for lang in LANGS)
    response = flask.Response(words + "\n", status=401, mimetype="text/plain")
    response.headers["WWW-Authenticate"] = f'Basic realm="{REALM}", charset="UTF-8"'
    return response
