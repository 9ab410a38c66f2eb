"""veikart: roadmap timelines for national e-health, from YAML in git."""

from __future__ import annotations

from functools import cache
from importlib import metadata

UNKNOWN_VERSION = "0.0.0+unknown"


@cache
def version() -> str:
    """The installed version (from the git tag it was built from), or 0.0.0+unknown when not installed."""
    try:
        return metadata.version("veikart")
    except metadata.PackageNotFoundError:
        return UNKNOWN_VERSION


def __getattr__(name: str) -> str:
    # Computed on first use: `veikart validate` should not pay for reading package metadata.
    if name == "__version__":
        return version()
    raise AttributeError(f"module 'veikart' has no attribute {name!r}")
