"""One self-contained interactive HTML file: plotly.js inline, no network, opens from file://."""

from __future__ import annotations

import html

import plotly.graph_objects as go
import plotly.io as pio

from veikart.export.sizes import DEFAULT_SIZE

PAGE_STYLE = "<style>html,body{margin:0;background:#fff}</style>"


def html_document(figure: go.Figure, title: str, lang: str, filename: str = "veikart") -> str:
    """The figure as a complete HTML page that needs no server and no internet.

    plotly.js (about 4.6 MB) is embedded, so the file works from a file share or an
    e-mail attachment; the modebar's camera button saves a 1920×1080 PNG.
    """
    config = {
        "displaylogo": False,
        "responsive": True,
        "toImageButtonOptions": {
            "format": "png",
            "filename": filename,
            "width": DEFAULT_SIZE.width,
            "height": DEFAULT_SIZE.height,
        },
    }
    page: str = pio.to_html(
        figure,
        include_plotlyjs=True,
        include_mathjax=False,
        full_html=True,
        config=config,
        default_width="100%",
        default_height=f"{figure.layout.height}px" if figure.layout.height else "100vh",
        validate=True,
    )
    head = f'<meta charset="utf-8" /><title>{html.escape(title)}</title>{PAGE_STYLE}'
    page = page.replace("<html>", f'<html lang="{html.escape(lang)}">', 1)
    page = page.replace('<meta charset="utf-8" />', head, 1)
    return page
