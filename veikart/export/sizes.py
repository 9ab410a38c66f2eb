"""Image sizes for slides and paper: '1920x1080' or a named preset."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ImageSize:
    """A size in CSS pixels; `scale` multiplies it into device pixels."""

    width: int
    height: int

    def __str__(self) -> str:
        return f"{self.width}x{self.height}"

    @property
    def aspect(self) -> float:
        return self.width / self.height


DEFAULT_SIZE = ImageSize(1920, 1080)
SIZE_PRESETS: dict[str, ImageSize] = {
    "16:9": DEFAULT_SIZE,
    # same height as 16:9, so text is as legible on a 4:3 projector
    "4:3": ImageSize(1440, 1080),
    # A4 at 150 pixels per inch: sharp in print, and the PDF page has A4's proportions
    "a4-landscape": ImageSize(1754, 1240),
}
MIN_SIDE, MAX_SIDE = 200, 8000
"""Smaller is unreadable; larger costs Chromium gigabytes."""


class SizeError(ValueError):
    """A --size value that is neither WIDTHxHEIGHT nor a preset."""


def parse_size(text: str) -> ImageSize:
    """Read '1920x1080' (or '1920×1080') or a preset name such as '16:9'."""
    value = text.strip().lower()
    if value in SIZE_PRESETS:
        return SIZE_PRESETS[value]
    match = re.fullmatch(r"(\d+)\s*[x×]\s*(\d+)", value)
    if not match:
        presets = ", ".join(SIZE_PRESETS)
        raise SizeError(f"size {text!r} is not WIDTHxHEIGHT (such as 1920x1080) nor one of {presets}")
    size = ImageSize(int(match[1]), int(match[2]))
    for side in (size.width, size.height):
        if not MIN_SIDE <= side <= MAX_SIDE:
            raise SizeError(f"size {text!r}: each side must be {MIN_SIDE} to {MAX_SIDE} pixels")
    return size
