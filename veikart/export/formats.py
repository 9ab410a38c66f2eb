"""Export one request to bytes or a file, in any format, through the same figure functions."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from veikart.export.deck import build_deck
from veikart.export.html import html_document
from veikart.export.pdf_info import with_document_info
from veikart.export.request import ExportRequest, has_content, view_figure
from veikart.export.session import ImageSession, image_format
from veikart.export.timeline_parts import timeline_parts
from veikart.filters import filter_frames
from veikart.frames import RoadmapFrames
from veikart.registry import FORMATS, IMAGE_FORMATS


def needs_browser(fmt: str) -> bool:
    """True for formats drawn by Chromium; HTML is drawn by the viewer's own browser."""
    return FORMATS[fmt].browser


def export_bytes(
    frames: RoadmapFrames,
    request: ExportRequest,
    session: ImageSession | None = None,
) -> bytes:
    """The exported file's content; `session` draws images (needed for all but HTML)."""
    if request.fmt == "html":
        figure = view_figure(frames, request, size=None, static=False)
        title = request.title or frames.info.title
        return html_document(figure, title, frames.lang, filename=f"veikart-{request.view}").encode()
    if session is None:
        raise ValueError(f"{request.fmt} export needs an ImageSession")
    if request.fmt == "pptx":
        return build_deck(frames, request, session)
    figure = view_figure(frames, request, size=request.size)
    data = session.render(
        figure, image_format(request.fmt), request.size.width, request.size.height, request.scale
    )
    if request.fmt == "pdf":
        title = request.title or frames.info.title
        return with_document_info(data, title, frames.lang, frames.info.owner)
    return data


@contextmanager
def browser_for(fmt: str, session: ImageSession | None = None) -> Iterator[ImageSession | None]:
    """The session to draw `fmt` with: the one given, a new one, or none for HTML."""
    if session is not None or not needs_browser(fmt):
        yield session
        return
    with ImageSession() as own:
        yield own


def write_export(
    frames: RoadmapFrames,
    request: ExportRequest,
    out: Path,
    session: ImageSession | None = None,
) -> Path:
    """Write one export to `out`, starting Chromium only if the format needs it."""
    with browser_for(request.fmt, session) as images:
        data = export_bytes(frames, request, images)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


@dataclass(frozen=True)
class SetItem:
    """One file of the standard set."""

    name: str
    request: ExportRequest


ALL_SCOPE = "alle"
"""File name prefix of the views of the whole roadmap in the standard set."""


def standard_set(frames: RoadmapFrames, request: ExportRequest, views: tuple[str, ...]) -> list[SetItem]:
    """Every view for the whole roadmap and for each area, one deck, one interactive page.

    `request` gives the filters, size, scale and image format shared by every file; areas
    the filters leave empty are skipped. An area too dense for one timeline image with its
    titles gets several, numbered (`felles-grunnmur-gantt-1.png`, ...), as on its slides;
    the whole roadmap's timeline is one overview image.
    """
    image_fmt = request.fmt if request.fmt in IMAGE_FORMATS else "png"
    scopes: list[tuple[str, tuple[str, ...]]] = [(ALL_SCOPE, request.filters.area)]
    shown = filter_frames(frames, request.filters)
    scopes += [(area, (area,)) for area in frames.areas["id"] if area in set(shown.services["area"])]
    items: list[SetItem] = []
    for scope, areas in scopes:
        filters = request.filters.replace(area=areas)
        scoped = filter_frames(frames, filters)
        for view in views:
            if not has_content(scoped, view):
                continue
            item = dataclasses.replace(request, view=view, fmt=image_fmt, filters=filters)
            parts = (
                timeline_parts(frames, item, request.size) if view == "gantt" and scope != ALL_SCOPE else []
            )
            if len(parts) > 1:
                for number, services in enumerate(parts, start=1):
                    part = dataclasses.replace(item, filters=filters.replace(service=services))
                    items.append(SetItem(f"{scope}-{view}-{number}.{image_fmt}", part))
            else:
                items.append(SetItem(f"{scope}-{view}.{image_fmt}", item))
    items.append(SetItem("veikart.pptx", dataclasses.replace(request, view="gantt", fmt="pptx")))
    items.append(SetItem("veikart-gantt.html", dataclasses.replace(request, view="gantt", fmt="html")))
    return items


def write_standard_set(
    frames: RoadmapFrames,
    items: list[SetItem],
    out_dir: Path,
    session: ImageSession,
    on_written: Callable[[SetItem, Path], None] | None = None,
) -> list[Path]:
    """Write every item into out_dir, drawing all images in the one `session`."""
    written: list[Path] = []
    for item in items:
        path = write_export(frames, item.request, out_dir / item.name, session)
        written.append(path)
        if on_written is not None:
            on_written(item, path)
    return written
