"""The digest as PDF: its HTML page printed by headless Chromium with the print stylesheet.

Why Chromium's own `--print-to-pdf` and not kaleido: the digest is a page of text and
tables, not a plotly figure, and kaleido only draws figures. Printing the page itself
gives exactly what a board member gets from the browser's print dialog (A4, the print
stylesheet, tables whose header repeats on each page, page numbers), from the same
Chromium the image exports use, found the same way (`find_chromium`: $VEIKART_CHROMIUM,
/usr/bin/chromium, PATH; never downloaded) and started with the same flags
(`HEADLESS_FLAGS`: no sandbox as root, no calls home). One short-lived browser per PDF
(about 1 to 2 s); the page fetches nothing, so it needs no network.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from veikart.export.browser import HEADLESS_FLAGS, BrowserMissing, find_chromium
from veikart.export.pdf_info import with_document_info

PRINT_TIMEOUT = 90.0
"""Seconds Chromium may take to start and print (a cold start on a busy 2-core machine ~5 s)."""
PRINT_FLAGS = (
    "--no-pdf-header-footer",  # the page's own @page footer names the digest and numbers pages
    "--generate-pdf-document-outline",  # the headings as PDF bookmarks
    "--run-all-compositor-stages-before-draw",
)


class PdfPrintError(Exception):
    """Chromium started but did not print the page."""


def print_pdf(html: str, *, browser: Path | None = None, timeout: float = PRINT_TIMEOUT) -> bytes:
    """The PDF of a self-contained HTML page, as Chromium prints it; BrowserMissing without one."""
    chromium = browser or find_chromium()
    with tempfile.TemporaryDirectory(prefix="veikart-digest-") as folder:
        work = Path(folder)
        page, pdf = work / "digest.html", work / "digest.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            str(chromium),
            *HEADLESS_FLAGS,
            *PRINT_FLAGS,
            f"--user-data-dir={work / 'profile'}",  # its own profile: runs side by side never clash
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        try:
            finished = subprocess.run(
                command, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL, check=False
            )
        except FileNotFoundError:
            raise BrowserMissing(f"Chromium at {chromium} could not be started") from None
        except subprocess.TimeoutExpired:
            raise PdfPrintError(f"Chromium did not print the digest within {timeout:.0f} s") from None
        data = pdf.read_bytes() if pdf.exists() else b""
        if not data.startswith(b"%PDF"):
            said = finished.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = said[-1] if said else f"exit status {finished.returncode}"
            raise PdfPrintError(f"Chromium did not print the digest: {reason[:300]}")
        return data


def render_pdf(
    html: str, *, title: str, lang: str, author: str | None = None, browser: Path | None = None
) -> bytes:
    """The digest's HTML page as PDF, with the digest's title, author and language."""
    return with_document_info(print_pdf(html, browser=browser), title, lang, author)


__all__ = ["PdfPrintError", "print_pdf", "render_pdf"]
