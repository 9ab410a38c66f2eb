"""A folder of static HTML pages, one per view and language, interactive with plotly.js.

The pages need no server and no internet: they open from a file share (file://) as well
as from any web server. One local copy of plotly.min.js is shared by every page; each
view's figure is a small script of its own, so the pages also work under a strict
Content-Security-Policy (no inline scripts). Links between views are relative.

Only the roadmap goes out: figures come from the same builders as the dashboard, text is
escaped, and the source line names files by their name only.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly
import plotly.io as pio

from veikart.figures.options import FigureOptions
from veikart.frames import RoadmapFrames
from veikart.i18n import LANGS, Lang, long_date, t
from veikart.registry import VIEWS, View

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
STYLESHEET = Path(__file__).parent / "static" / "site.css"


SITE_VIEWS: tuple[View, ...] = tuple(view for view in VIEWS.values() if view.site_page)
"""The registry's views that have a page, in menu order; the timeline is the front page."""

PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "toImageButtonOptions": {"format": "png", "filename": "veikart", "width": 1920, "height": 1080},
}


def lang_folder(lang: Lang) -> str:
    """The default language at the top, others in a folder of their own ('en/')."""
    return "" if lang == LANGS[0] else f"{lang}/"


def _up(lang: Lang) -> str:
    return "../" if lang_folder(lang) else ""


@dataclass(frozen=True)
class BuiltSite:
    out: Path
    pages: tuple[Path, ...]
    scripts: tuple[Path, ...]


def figure_script(figure: dict[str, Any], element_id: str = "figure") -> str:
    """The JavaScript that draws `figure` into the element with `element_id`."""
    # plotly's JSON encoder escapes '<', '>' and '&' nowhere; JSON is valid JavaScript and this
    # text lives in its own .js file, never inside <script> tags, so no escaping is needed.
    figure_json = pio.to_json(figure, validate=False)
    config = json.dumps(PLOTLY_CONFIG)
    return (
        '"use strict";\n(function () {\n'
        f"  var figure = {figure_json};\n"
        f'  Plotly.newPlot("{element_id}", figure.data, figure.layout, {config});\n'
        "})();\n"
    )


def page_html(
    frames: RoadmapFrames,
    view: View,
    figure_js: str,
    *,
    files: Sequence[str],
    today: dt.date,
    show_title: bool = True,
) -> str:
    """The HTML page of one view: header, menu, the figure's element, scripts by relative URL."""
    lang = frames.lang
    info = frames.info
    esc = html.escape
    up = _up(lang)
    title = t(f"export.view.{view.name}", lang)
    links = []
    for other in SITE_VIEWS:
        current = ' aria-current="page"' if other.name == view.name else ""
        label = esc(t(f"export.view.{other.name}", lang))
        links.append(f'<a href="{other.site_page}"{current}>{label}</a>')
    for other_lang in LANGS:
        if other_lang != lang:
            href = f"{up}{lang_folder(other_lang)}{view.site_page}"
            word = esc(t("static.language", other_lang))
            links.append(
                f'<a class="vk-lang" href="{href}" hreflang="{other_lang}" lang="{other_lang}">{word}</a>'
            )
    updated_day = info.updated or today
    updated = t("updated", lang, date=long_date(updated_day, lang))
    subtitle = f'<p class="vk-subtitle">{esc(info.subtitle)}</p>' if info.subtitle else ""
    names = ", ".join(dict.fromkeys(Path(f).name for f in files))
    source_parts = [p for p in (names, info.owner) if p]
    source = t("export.source", lang, source=" · ".join(source_parts)) if source_parts else ""
    built = t("static.built", lang, date=long_date(today, lang))
    footer = " · ".join(esc(p) for p in (source, built) if p)
    heading = f'<h2 class="vk-view-title">{esc(title)}</h2>\n' if show_title else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} – {esc(info.title)}</title>
<link rel="stylesheet" href="{up}assets/site.css">
</head>
<body>
<header class="vk-header">
<div class="vk-titles"><h1>{esc(info.title)}</h1>{subtitle}</div>
<p class="vk-updated">{esc(updated)}</p>
</header>
<nav class="vk-nav" aria-label="{esc(t("nav.label", lang))}">{"".join(links)}</nav>
<main>
{heading}<div id="figure" class="vk-figure vk-{view.name}" role="img" aria-label="{esc(title)}"></div>
<noscript><p>{esc(t("static.noscript", lang))}</p></noscript>
</main>
<footer class="vk-footer">{footer}</footer>
<script src="{up}assets/plotly.min.js"></script>
<script src="{figure_js}"></script>
</body>
</html>
"""


def _has_title(figure: dict[str, Any]) -> bool:
    return bool(figure.get("layout", {}).get("title", {}).get("text"))


def build_site(
    frames_by_lang: dict[Lang, RoadmapFrames],
    out: Path,
    *,
    files: Sequence[str] = (),
    today: dt.date,
) -> BuiltSite:
    """Write the site into `out` (created if missing); return what was written."""
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PLOTLY_JS, assets / "plotly.min.js")
    shutil.copyfile(STYLESHEET, assets / "site.css")
    pages: list[Path] = []
    scripts: list[Path] = []
    for lang, frames in frames_by_lang.items():
        folder = out / lang_folder(lang)
        (folder / "figures").mkdir(parents=True, exist_ok=True)
        options = FigureOptions(lang=lang, today=today)
        for view in SITE_VIEWS:
            figure = view.builder(frames, options)
            script = folder / "figures" / f"{view.name}.js"
            script.write_text(figure_script(figure), encoding="utf-8")
            page = folder / view.site_page
            page.write_text(
                page_html(
                    frames,
                    view,
                    f"figures/{view.name}.js",
                    files=files,
                    today=today,
                    show_title=not _has_title(figure),  # the figure's own title names the quarter
                ),
                encoding="utf-8",
            )
            pages.append(page)
            scripts.append(script)
    return BuiltSite(out, tuple(pages), tuple(scripts))
