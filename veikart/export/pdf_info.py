"""The document information of an exported PDF: the roadmap's title and language.

Chromium prints the PDF from kaleido's own page, so the file's title reads "Kaleido-fier"
and its language "en-US". A PDF reader shows the title in its window and screen readers
read the language; both should be the roadmap's. The PDF is amended the way PDF allows
(ISO 32000-1, 7.5.6 "Incremental updates"): a new document information dictionary and
catalog are appended with their own cross-reference section, and nothing before is touched.
"""

from __future__ import annotations

import re

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref", re.DOTALL)
_SIZE = re.compile(rb"/Size\s+(\d+)")
_ROOT = re.compile(rb"/Root\s+(\d+)\s+(\d+)\s+R")
_LANG = re.compile(rb"/Lang\s*\([^)]*\)")


def _text_string(text: str) -> bytes:
    """A PDF text string in UTF-16BE with its byte order mark, as hex: any character, no escaping."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _object_body(pdf: bytes, number: int, generation: int) -> bytes | None:
    """The dictionary of object `number` (the last definition), or None if it is not a plain one."""
    matches = list(
        re.finditer(rb"(?<![0-9])%d %d obj\s*(<<.*?>>)\s*endobj" % (number, generation), pdf, re.DOTALL)
    )
    return matches[-1].group(1) if matches else None


def with_document_info(pdf: bytes, title: str, lang: str, author: str | None = None) -> bytes:
    """`pdf` with `title`, `author` and `lang` as its document title, author and language.

    A PDF whose structure is not the classic one Chromium writes (a trailer dictionary and a
    cross-reference table) is returned unchanged.
    """
    end = _STARTXREF.search(pdf[-64:])
    trailers = list(_TRAILER.finditer(pdf))
    if end is None or not trailers:
        return pdf
    trailer = trailers[-1].group(1)
    size, root = _SIZE.search(trailer), _ROOT.search(trailer)
    if size is None or root is None:
        return pdf
    previous = int(end.group(1))
    info_number = int(size.group(1))
    root_number, root_generation = int(root.group(1)), int(root.group(2))
    catalog = _object_body(pdf, root_number, root_generation)

    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets: dict[int, int] = {}
    offsets[info_number] = len(out)
    info = b"<</Title " + _text_string(title)
    if author:
        info += b"\n/Author " + _text_string(author)
    info += b"\n/Creator (veikart)>>"
    out += b"%d 0 obj\n%s\nendobj\n" % (info_number, info)
    if catalog is not None:
        language = b"/Lang " + _text_string(lang)
        amended = (
            _LANG.sub(language, catalog) if _LANG.search(catalog) else catalog[:-2] + b"\n" + language + b">>"
        )
        offsets[root_number] = len(out)
        out += b"%d %d obj\n%s\nendobj\n" % (root_number, root_generation, amended)
    xref = len(out)
    out += b"xref\n"
    for number in sorted(offsets):
        generation = root_generation if number == root_number else 0
        out += b"%d 1\n%010d %05d n \n" % (number, offsets[number], generation)
    out += b"trailer\n<</Size %d\n/Root %d %d R\n/Info %d 0 R\n/Prev %d>>\n" % (
        info_number + 1,
        root_number,
        root_generation,
        info_number,
        previous,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
