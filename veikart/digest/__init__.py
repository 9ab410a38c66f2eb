"""The board digest (`veikart digest`, the dashboard's /styrenotat): what changed, what is due,
what is red, what needs updating, and where the facts come from.

    digest = build_digest(roadmap, report, today=..., horizon=2, lang="nb", public=False)
    document = digest_document(digest)        # the same words for every format
    document = digest_since(history, load_result, "v1", today=...)   # both steps, from git
    render_markdown(document) / render_html(document) / digest_fragment(document)
    render_pdf(render_html(document), ...)     # Chromium prints the HTML (render_pdf)
    render_pptx(document)                      # python-pptx (render_pptx)

`content` is plain data (no pandas, no plotly), `sections` the words; Markdown and HTML
need nothing more than the roadmap stage and Jinja2, so they are fast.
"""

from veikart.digest.content import DEFAULT_HORIZON, MAX_HORIZON, Digest, build_digest, horizon_quarters
from veikart.digest.render_html import digest_fragment, render_html
from veikart.digest.render_markdown import render_markdown
from veikart.digest.sections import SECTION_KEYS, Cell, Document, Figure, Section, Table, digest_document
from veikart.digest.since import digest_since

__all__ = [
    "DEFAULT_HORIZON",
    "MAX_HORIZON",
    "SECTION_KEYS",
    "Cell",
    "Digest",
    "Document",
    "Figure",
    "Section",
    "Table",
    "build_digest",
    "digest_document",
    "digest_fragment",
    "digest_since",
    "horizon_quarters",
    "render_html",
    "render_markdown",
]
