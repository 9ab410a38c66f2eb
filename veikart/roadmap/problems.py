"""Problems found in roadmap files, located at FILE:LINE:COL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

from veikart.roadmap.messages import Lang, Msg, printable, render


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column are 1-based."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    location: Location
    severity: Severity
    message: str
    """In English; a `Msg` (see veikart.roadmap.messages) can be said in other languages."""

    def text(self, lang: Lang = "en") -> str:
        """The message in `lang` (the dashboard's banner shows it so)."""
        return render(self.message, lang)

    def line(self, lang: Lang = "en") -> str:
        """FILE:LINE:COL: error|warning: message, with the message in `lang`.

        The location and the severity word stay as they are in every language, for
        editors and CI tools that read them.
        """
        return f"{self.location}: {self.severity}: {self.text(lang)}"

    def __str__(self) -> str:
        return self.line("en")

    def as_dict(self, lang: Lang = "en") -> dict[str, object]:
        return {
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "severity": str(self.severity),
            "message": str(self.message),
            "key": self.message.key if isinstance(self.message, Msg) else None,
            "lang": lang,
            "text": self.text(lang),
        }


@dataclass
class Problems:
    """An ordered collection of problems; checks add to it, nobody raises."""

    items: list[Problem] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.items.append(Problem(location, Severity.ERROR, _one_line(message)))

    def warning(self, location: Location, message: str) -> None:
        self.items.append(Problem(location, Severity.WARNING, _one_line(message)))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.items)

    def sorted(self) -> list[Problem]:
        """Problems in file order, so editors and people read them top-down."""
        return sorted(self.items, key=lambda p: (p.location, p.severity != Severity.ERROR))

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)


def _one_line(message: str) -> str:
    # A Msg shows the planner's values on one line already; other text is made so here.
    return message if isinstance(message, Msg) else printable(message)


def display_path(path: Path) -> str:
    """Show a path relative to the working directory when it lies below it.

    Never fails: when the working directory has been deleted (a deploy removed the
    release directory a server was started from) or a path is a symlink loop, the path
    is shown as given. The last component is not resolved, so a problem with a link is
    shown at the link, not at its target.
    """
    try:
        cwd = Path(os.getcwd())
    except OSError:
        return str(path)
    absolute = Path(os.path.normpath(cwd / path))
    with suppress(ValueError):
        return str(absolute.relative_to(cwd))
    with suppress(ValueError, OSError, RuntimeError):
        return str((absolute.parent.resolve() / absolute.name).relative_to(cwd))
    return str(path)


__all__ = [
    "Location",
    "Problem",
    "Problems",
    "Severity",
    "asdict",
    "display_path",
    "printable",
]
