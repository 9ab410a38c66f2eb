"""Type-check a callback's inputs at the boundary: a forged request gets 400, never a 500.

A browser sends what the components hold, but anyone can POST to
/_dash-update-component: a slider value "abc", a width of -100 or NaN, a list where a
string belongs. `@checked` compares every argument with the callback's own type hints
(and bounds given with `Annotated[int, Between(lo, hi)]`) before the callback runs, and
answers 400 Bad Request when one does not fit. Put it directly under `@app.callback`.
"""

from __future__ import annotations

import functools
import inspect
import math
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, ParamSpec, TypeVar, Union, get_args, get_origin, get_type_hints

from werkzeug.exceptions import BadRequest

MAX_TEXT = 10_000
"""Longest text any control of the dashboard sends (the search box holds 200)."""
MAX_ITEMS = 2_000
"""Most items in a list any control sends (a multi-select of every service)."""

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Between:
    """A bound for `Annotated[int, Between(0, 100)]`: both ends included."""

    low: float
    high: float

    def __call__(self, value: object) -> bool:
        return isinstance(value, int | float) and self.low <= value <= self.high


@dataclass(frozen=True)
class MaxChars:
    """A longer limit for one text input: `Annotated[str, MaxChars(2_000_000)]` (an address)."""

    chars: int


class BadInput(BadRequest):
    """A callback input does not have the type the callback declares (400)."""


def conforms(value: object, hint: object, max_text: int = MAX_TEXT) -> bool:
    """True when `value` (decoded JSON) fits the type `hint`."""
    if hint is Any or hint is object:
        return True
    if hint is None or hint is type(None):
        return value is None
    origin = get_origin(hint)
    if origin is Annotated:
        inner, *checks = get_args(hint)
        longest = next((c.chars for c in checks if isinstance(c, MaxChars)), max_text)
        return conforms(value, inner, longest) and all(check(value) for check in checks if callable(check))
    if origin in (Union, types.UnionType):
        return any(conforms(value, option, max_text) for option in get_args(hint))
    if origin is Literal:
        return any(value == option and type(value) is type(option) for option in get_args(hint))
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if hint is str:
        return isinstance(value, str) and len(value) <= max_text
    if origin is list or hint is list:
        if not isinstance(value, list) or len(value) > MAX_ITEMS:
            return False
        (item,) = get_args(hint) or (Any,)
        return all(conforms(v, item) for v in value)
    if origin is dict or hint is dict:
        if not isinstance(value, dict) or len(value) > MAX_ITEMS:
            return False
        key, item = get_args(hint) or (Any, Any)
        return all(conforms(k, key) and conforms(v, item) for k, v in value.items())
    if typing.is_typeddict(hint):
        if not isinstance(value, dict):
            return False
        fields = get_type_hints(hint, include_extras=True)
        return set(value) <= set(fields) and all(conforms(value[k], fields[k]) for k in value)
    raise TypeError(f"@checked does not know the type {hint!r}")


def checked(callback: Callable[P, R]) -> Callable[P, R]:
    """Refuse (400) a call whose arguments do not fit the callback's type hints."""
    signature = inspect.signature(callback)
    hints = get_type_hints(callback, include_extras=True)
    hints.pop("return", None)

    @functools.wraps(callback)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            raise BadInput("the callback's inputs do not match") from None
        for name, value in bound.arguments.items():
            if name in hints and not conforms(value, hints[name]):
                raise BadInput(f"callback input {name!r} has the wrong type")
        return callback(*args, **kwargs)

    guarded.__dict__["inputs_checked"] = True  # a function attribute, read by `is_checked`
    return guarded


def is_checked(function: object) -> bool:
    """True when `function`, or a function it wraps, went through `@checked`."""
    while function is not None:
        if getattr(function, "inputs_checked", False):
            return True
        function = getattr(function, "__wrapped__", None)
    return False


__all__ = ["MAX_ITEMS", "MAX_TEXT", "BadInput", "Between", "MaxChars", "checked", "conforms", "is_checked"]
