"""`veikart digest`: the board's paper for a meeting, as Markdown, HTML, PDF or PowerPoint."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from veikart.commands import FAILED, CommandError, load_valid
from veikart.digest import DEFAULT_HORIZON, MAX_HORIZON, Document, digest_since, render_html, render_markdown
from veikart.history import HistoryError, InvalidVersion, RoadmapHistory, check_revision
from veikart.i18n import Lang
from veikart.roadmap.public import public_setting

FORMATS = ("md", "html", "pdf", "pptx")
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf", ".pptx": "pptx"}
FILE_ONLY = ("pdf", "pptx")
"""Formats never written to standard output: they are binary files."""
DEFAULT_NAME = "styrenotat-{today}.{fmt}"
"""The file a PDF or PowerPoint digest is written to when --out is not given."""


@dataclass(frozen=True)
class DigestOutput:
    """What the command made: text for standard output, or the file written."""

    text: str | None = None
    written: Path | None = None


def choose_format(fmt: str | None, out: Path | None) -> str:
    """The format asked for, else the one --out's extension names, else Markdown."""
    named = SUFFIXES.get(out.suffix.lower()) if out is not None else None
    if fmt is None:
        return named or "md"
    if fmt not in FORMATS:
        raise CommandError(f"unknown digest format {fmt!r}; choose from {', '.join(FORMATS)}")
    if named is not None and named != fmt:
        raise CommandError(f"--out {out} ends in {out.suffix if out else ''} but --format is {fmt}")
    return fmt


def check_out(out: Path | None, fmt: str, today: dt.date) -> Path | None:
    """The file to write (None: standard output), checked before any work is done."""
    if out is None:
        if fmt not in FILE_ONLY:
            return None
        out = Path(DEFAULT_NAME.format(today=today.isoformat(), fmt=fmt))
    if out.is_dir():
        raise CommandError(
            f"--out {out} is a directory; give a file name such as {out / ('styrenotat.' + fmt)}"
        )
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise CommandError(f"--out {out}: {parent} is a file, not a directory")
            break
    return out


def document_for(
    path: Path,
    *,
    since: str,
    horizon: int = DEFAULT_HORIZON,
    public: bool = False,
    lang: Lang = "nb",
    today: dt.date,
) -> Document:
    """The digest of the roadmap at `path` compared with the revision `since`, in words.

    With `public`, both versions are compared as their public outputs (`public_roadmap`):
    no internal item, no note, no commit subject. No git, not a work tree, an unknown or
    refused revision: a CommandError with exit status 2; a version with errors: status 1.
    """
    if not 1 <= horizon <= MAX_HORIZON:
        raise CommandError(
            f"--horizon {horizon}: give 1 to {MAX_HORIZON} quarters (default {DEFAULT_HORIZON})"
        )
    try:
        check_revision(since)  # refused before git is even looked for
    except HistoryError as exc:
        raise CommandError(f"--since: {exc}") from None
    result = load_valid(path, "no digest was made")
    try:
        return digest_since(
            RoadmapHistory(path), result, since, today=today, horizon=horizon, lang=lang, public=public
        )
    except InvalidVersion as exc:
        raise CommandError(str(exc), exit_code=FAILED, problems=exc.problems) from None
    except HistoryError as exc:
        raise CommandError(str(exc)) from None


def digest(
    path: Path,
    *,
    since: str,
    horizon: int = DEFAULT_HORIZON,
    fmt: str | None = None,
    out: Path | None = None,
    public: bool = False,
    lang: Lang = "nb",
    today: dt.date | None = None,
) -> DigestOutput:
    """Write the digest (see `document_for`) in `fmt`.

    Markdown and HTML go to standard output unless `out` is given; PDF and PowerPoint are
    written to `out` (default `styrenotat-<today>.<format>`). `out` is checked before any
    work is done.
    """
    today = today or dt.date.today()
    chosen = choose_format(fmt, out)
    target = check_out(out, chosen, today)
    public = public_setting(public)  # --public, or VEIKART_PUBLIC as serve, build and export read it
    document = document_for(path, since=since, horizon=horizon, public=public, lang=lang, today=today)
    data = render(document, chosen)
    if target is None:
        assert isinstance(data, str)
        return DigestOutput(text=data)
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        target.write_text(data, encoding="utf-8")
    else:
        target.write_bytes(data)
    return DigestOutput(written=target)


def render(document: Document, fmt: str) -> str | bytes:
    """The document in `fmt`; PDF needs Chromium (CommandError with status 2 without it)."""
    if fmt == "md":
        return render_markdown(document)
    if fmt == "html":
        return render_html(document)
    if fmt == "pptx":
        from veikart.digest.render_pptx import render_pptx

        return render_pptx(document)
    from veikart.digest.render_pdf import PdfPrintError, render_pdf
    from veikart.export.browser import BROWSER_ENV, BrowserMissing

    try:
        return render_pdf(
            render_html(document), title=f"{document.kicker}: {document.title}", lang=document.lang
        )
    except BrowserMissing as exc:
        raise CommandError(
            f"{exc.detail}. A PDF digest is printed by Chromium: install it with "
            f"`apt-get install chromium`, or point {BROWSER_ENV} at a Chromium or Chrome executable. "
            "--format md, html and pptx work without a browser."
        ) from None
    except PdfPrintError as exc:
        raise CommandError(str(exc), exit_code=FAILED) from None


__all__ = ["FORMATS", "DigestOutput", "check_out", "choose_format", "digest", "document_for", "render"]
