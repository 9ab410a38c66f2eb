"""`veikart hash-password`: a line for the users file of HTTP basic auth."""

from __future__ import annotations

from veikart.commands import CommandError
from veikart.hosting.auth import DEFAULT_ROUNDS, hash_password


def users_line(name: str, password: str, rounds: int = DEFAULT_ROUNDS) -> str:
    """`name:bcrypt-hash`, ready to append to the file named by VEIKART_USERS."""
    if not name or ":" in name or any(not c.isprintable() or c.isspace() for c in name):
        raise CommandError(f"user name {name!r}: use letters, digits and punctuation, no ':' or spaces")
    if not password:
        raise CommandError("the password is empty")
    try:
        return f"{name}:{hash_password(password, rounds)}"
    except ValueError as exc:
        raise CommandError(str(exc)) from None
