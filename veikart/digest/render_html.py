"""The digest as HTML: one self-contained page, readable on a tablet and printable on A4.

Drawn from Jinja2 templates with autoescape, so every text from the roadmap or git is
text, never markup. The page fetches nothing (its stylesheet is inline and a Content
Security Policy forbids any request), so it opens offline from a file share or an e-mail
and prints the same anywhere. The PDF is this page printed by Chromium
(`veikart.digest.render_pdf`).

`digest_fragment` is the `<article>` alone, for pages that have their own `<head>`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from veikart.digest.sections import Document, Table
from veikart.i18n import t

HERE = Path(__file__).resolve().parent / "templates"
STYLESHEET = Path(__file__).resolve().parent.parent / "assets" / "30-digest.css"
"""The digest's rules, shared with the dashboard (an asset there)."""
LIGHTS = ("green", "yellow", "red")
MAX_WIDTH = 60
"""The widest a column may be, in percent; the stylesheet has a class for each whole percent."""


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE),
        autoescape=True,  # every value from the roadmap and git is text, never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def column_widths(table: Table) -> list[int]:
    """Each column's share of the table in whole percent (a class of the stylesheet each)."""
    total = sum(table.widths) or 1.0
    return [min(MAX_WIDTH, max(1, round(100 * w / total))) for w in table.widths]


def css_string(text: str) -> str:
    """Text as a CSS string literal: no quote, backslash or markup can end it."""
    out = []
    for ch in text:
        if ch.isalnum() or ch in " .,:;·–-_()/":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return '"' + "".join(out) + '"'


@cache
def _stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def stylesheet(document: Document) -> str:
    """The self-contained page's CSS: the digest's rules, and at the foot of each printed
    page the digest's name and date (in veikart's own words only: nothing from YAML)."""
    footer = f"{document.kicker} · {document.meta[-1][1]}"
    return (
        _stylesheet()
        + "body {\n  margin: 0;\n  background: #fff;\n}\n"
        + "@page vkd {\n  @bottom-left {\n"
        + f"    content: {css_string(footer)};\n"
        + '    font-family: "Liberation Sans", Arial, sans-serif;\n    font-size: 8pt;\n    color: #56636c;\n'
        + "  }\n}\n"
    )


def _context(document: Document) -> dict[str, object]:
    return {
        "doc": document,
        "widths": column_widths,
        "lights": LIGHTS,
        "contents": t("digest.contents", document.lang),
    }


def digest_fragment(document: Document) -> Markup:
    """The digest as an `<article class="vkd">`, escaped, for a page with its own head."""
    template = _environment().get_template("digest_fragment.html.j2")
    return Markup(template.render(**_context(document)))


def render_html(document: Document) -> str:
    """The digest as a whole, self-contained HTML page."""
    template = _environment().get_template("digest.html.j2")
    return template.render(**_context(document), css=Markup(stylesheet(document)))


__all__ = ["column_widths", "css_string", "digest_fragment", "render_html", "stylesheet"]
