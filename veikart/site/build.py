"""Write the static site: pages from Jinja2 templates, one script per figure, precompressed copies.

Every view has a page per language (Norwegian at the top, English under `en/`). A page
names its variants (the timeline for the whole roadmap and for each area, the phase
overview for each quarter) in a JSON block; `site.js` draws the first one and loads the
others' scripts when the reader picks them, so nothing needs a server and every page
opens from a file share (file://) as well as from a web server. Figures are plain
scripts (not fetched JSON) because browsers refuse fetch() from file://.

Only the roadmap goes out: figures come from the same builders as the dashboard, the
pages from templates that escape every value (autoescape), and the source line names
files by their name only. Each page's footer cites the roadmap's sources behind what it
shows (`sources.page_sources`); a roadmap with risks gets a risks page (`risks.html`).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import brotli
import jinja2
import plotly

from veikart.figures.options import FigureOptions
from veikart.figures.phases import overview_quarter
from veikart.figures.risks import LEVELS, RiskOptions, level_label, risks_table
from veikart.filters import Filters, filter_frames
from veikart.frames import RoadmapFrames
from veikart.i18n import LANGS, Lang, long_date, status_label, t
from veikart.registry import VIEWS, View
from veikart.site.sources import page_sources

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
FULL_PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
COMPRESSED_SUFFIXES = frozenset({".html", ".js", ".css", ".svg", ".ico"})
COMPRESS_MIN_BYTES = 1024
"""Smaller files gain less than a second file costs; nginx then compresses nothing itself."""
TABLE_PAGE = "table.html"
RISKS_PAGE = "risks.html"

PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "toImageButtonOptions": {"format": "png", "filename": "veikart", "width": 1920, "height": 1080},
}

SITE_VIEWS: tuple[View, ...] = tuple(view for view in VIEWS.values() if view.site_page)
"""The registry's views that have a page, in menu order; the timeline is the front page."""
AREA_VIEWS = frozenset({"gantt", "bands"})
"""Views drawn for the whole roadmap and for each area (the reader picks one)."""

_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,  # every value from the roadmap is text, never markup
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class BuiltSite:
    out: Path
    pages: tuple[Path, ...]
    scripts: tuple[Path, ...]
    compressed: tuple[Path, ...]


@dataclass(frozen=True)
class Variant:
    """One figure of a view: its key in file names and the URL's #fragment, and its label."""

    key: str
    label: str
    filters: Filters = field(default_factory=Filters)
    options: dict[str, Any] | None = None


def lang_folder(lang: Lang) -> str:
    """The default language at the top, others in a folder of their own ('en/')."""
    return "" if lang == LANGS[0] else f"{lang}/"


def plotly_bundle() -> Path:
    """plotly.js's basic bundle when it matches the installed plotly (as the dashboard serves), else the full one."""
    from veikart.app.plotly_bundle import basic_bundle_file

    return basic_bundle_file() or FULL_PLOTLY_JS


def figure_script(figure: dict[str, Any], key: str) -> str:
    """A script registering the figure under `key` ('gantt/all') for site.js to draw."""
    # JSON is valid JavaScript, and this text lives in its own .js file, never inside <script>.
    figure_json = plotly.io.json.to_json_plotly(figure)
    return (
        '"use strict";\n(window.veikartFigures = window.veikartFigures || {})'
        f"[{json.dumps(key)}] = {figure_json};\n"
    )


def responsive(figure: dict[str, Any]) -> dict[str, Any]:
    """The figure sized by its page: as wide as the screen (a tablet too), its own height."""
    layout = {key: value for key, value in figure["layout"].items() if key != "width"}
    return {**figure, "layout": {**layout, "autosize": True}}


def variants(view: View, frames: RoadmapFrames, today: dt.date) -> list[Variant]:
    lang = frames.lang
    if view.about_quarter:
        return [Variant(str(q), q.label(lang), options={"at": q}) for q in frames.quarters]
    everything = Variant("all", t("static.all_areas", lang))
    if view.name not in AREA_VIEWS:
        return [everything]
    areas = frames.areas.sort_values("order")
    return [everything] + [
        Variant(str(row.id), str(row.name), filters=Filters(area=(str(row.id),)))
        for row in areas.itertuples()
    ]


def initial_key(view: View, frames: RoadmapFrames, today: dt.date) -> str:
    if view.about_quarter:
        return str(overview_quarter(frames, FigureOptions(lang=frames.lang, today=today)))
    return "all"


def table_rows(frames: RoadmapFrames) -> list[dict[str, Any]]:
    """The deliverables as the table page shows them, in the timeline's order."""
    d = frames.deliverables.sort_values(["service_order", "start", "id"])
    lang = frames.lang
    return [
        {
            "area": str(row.area),
            "area_name": str(row.area_name),
            "service": str(row.service_name),
            "title": str(row.title),
            "start": str(row.start_label),
            "end": str(row.end_label),
            "start_key": str(row.start_quarter),
            "end_key": str(row.end_quarter),
            "status": status_label(row.status if isinstance(row.status, str) else None, lang),
            "phase": str(row.phase_name) if isinstance(row.phase_name, str) else "",
            "estimated": bool(getattr(row, "tentative", False)),
        }
        for row in d.itertuples()
    ]


def risk_rows(frames: RoadmapFrames) -> list[dict[str, Any]]:
    """The risks as the risks page shows them: most serious first, level in words and colour."""
    table = risks_table(frames, RiskOptions(lang=frames.lang))
    return [
        {
            "level": str(row["level"]),
            "rank": str(LEVELS.index(str(row["level"]))),
            "level_label": str(row["level_label"]),
            "title": str(row["title"]),
            "affects": ", ".join(row["affects"]),
            "areas": " ".join(row["areas"]),
            "owner": str(row["owner"]) if isinstance(row["owner"], str) else "",
            "mitigation": str(row["mitigation"]) if isinstance(row["mitigation"], str) else "",
        }
        for row in table.to_dict("records")
    ]


def _common(
    frames: RoadmapFrames, page: str, files: Sequence[str], today: dt.date, shows: str
) -> dict[str, Any]:
    """What every page has: header, menu, languages, and a footer citing the sources of
    what it `shows` ('gantt', 'table', 'phases', 'bands', 'risks')."""
    lang = frames.lang
    info = frames.info
    up = "../" if lang_folder(lang) else ""
    menu = [
        {"href": view.site_page, "label": t(view.label_key, lang), "current": view.site_page == page}
        for view in SITE_VIEWS
    ]
    menu.insert(1, {"href": TABLE_PAGE, "label": t("nav.table", lang), "current": page == TABLE_PAGE})
    if not frames.risks.empty:
        menu.append({"href": RISKS_PAGE, "label": t("risks.title", lang), "current": page == RISKS_PAGE})
    languages = [
        {"href": f"{up}{lang_folder(other)}{page}", "lang": other, "label": t("static.language", other)}
        for other in LANGS
        if other != lang
    ]
    names = ", ".join(dict.fromkeys(Path(f).name for f in files))
    sources = page_sources(frames, shows, up)
    # Cited sources say where the content comes from; without them, the files and the owner.
    source_parts = [p for p in (names, info.owner) if p]
    source_line = (
        (info.owner or "")
        if sources
        else (t("export.source", lang, source=" · ".join(source_parts)) if source_parts else "")
    )
    return {
        "lang": lang,
        "up": up,
        "info": info,
        "updated": t("updated", lang, date=long_date(info.updated or today, lang)),
        "menu": menu,
        "languages": languages,
        "nav_label": t("nav.label", lang),
        "noscript": t("static.noscript", lang),
        "sources": sources,
        "sources_label": t("static.sources", lang),
        "estimated": t("static.estimated", lang),
        "footer": [p for p in (source_line, t("static.built", lang, date=long_date(today, lang))) if p],
    }  # fmt: skip


def figure_page(
    frames: RoadmapFrames,
    view: View,
    choices: list[Variant],
    initial: str,
    files: Sequence[str],
    today: dt.date,
) -> str:
    lang = frames.lang
    page_data = {
        "view": view.name,
        "param": "at" if view.about_quarter else "area",
        "initial": initial,
        "variants": [{"key": v.key, "label": v.label} for v in choices],
        "config": PLOTLY_CONFIG,
    }
    return _TEMPLATES.get_template("figure.html.j2").render(
        **_common(frames, view.site_page, files, today, view.name),
        title=t(view.label_key, lang),
        view=view.name,
        picker="slider" if view.about_quarter else ("select" if len(choices) > 1 else ""),
        picker_label=t("filter.at" if view.about_quarter else "filter.area", lang),
        choices=choices,
        initial=initial,
        initial_index=[v.key for v in choices].index(initial),
        initial_label=next(v.label for v in choices if v.key == initial),
        initial_script=f"figures/{view.name}/{initial}.js",
        page_data=page_data,
    )


def table_page(frames: RoadmapFrames, files: Sequence[str], today: dt.date) -> str:
    lang = frames.lang
    areas = frames.areas.sort_values("order")
    rows = table_rows(frames)
    return _TEMPLATES.get_template("table.html.j2").render(
        **_common(frames, TABLE_PAGE, files, today, "table"),
        title=t("nav.table", lang),
        caption=t("table.caption", lang),
        area_label=t("filter.area", lang),
        all_areas=t("static.all_areas", lang),
        areas=[{"id": str(a.id), "name": str(a.name)} for a in areas.itertuples()],
        headings=[
            ("title", t("table.title", lang)),
            ("service", t("filter.service", lang)),
            ("area_name", t("filter.area", lang)),
            ("start", t("table.start", lang)),
            ("end", t("table.end", lang)),
            ("status", t("filter.status", lang)),
            ("phase", t("filter.phase", lang)),
        ],
        rows=rows,
        count=t("static.rows", lang, shown=len(rows), total=len(rows)),
        page_data={
            "view": "table",
            "param": "area",
            "count": t("static.rows", lang, shown="{shown}", total="{total}"),
        },
    )


def risks_page(frames: RoadmapFrames, files: Sequence[str], today: dt.date) -> str:
    lang = frames.lang
    areas = frames.areas.sort_values("order")
    rows = risk_rows(frames)
    return _TEMPLATES.get_template("risks.html.j2").render(
        **_common(frames, RISKS_PAGE, files, today, "risks"),
        title=t("risks.title", lang),
        caption=t("risks.caption", lang),
        area_label=t("filter.area", lang),
        all_areas=t("static.all_areas", lang),
        areas=[{"id": str(a.id), "name": str(a.name)} for a in areas.itertuples()],
        level_label=t("risks.level", lang),
        all_levels=t("risks.all_levels", lang),
        levels=[{"id": level, "name": level_label(level, lang)} for level in LEVELS],
        headings=[
            ("level", t("risks.level", lang)),
            ("title", t("risks.risk", lang)),
            ("affects", t("risks.affects", lang)),
            ("owner", t("risks.owner", lang)),
            ("mitigation", t("risks.mitigation", lang)),
        ],
        rows=rows,
        count=t("risks.count", lang, shown=len(rows), total=len(rows)),
        page_data={
            "view": "table",
            "param": "area",
            "count": t("risks.count", lang, shown="{shown}", total="{total}"),
        },
    )


def precompress(files: Iterable[Path]) -> list[Path]:
    """Write `name.gz` and `name.br` beside each text file of at least COMPRESS_MIN_BYTES."""
    written = []
    for file in files:
        if file.suffix not in COMPRESSED_SUFFIXES or file.stat().st_size < COMPRESS_MIN_BYTES:
            continue
        data = file.read_bytes()
        for suffix, packed in (
            (".gz", gzip.compress(data, compresslevel=9, mtime=0)),
            (".br", brotli.compress(data, quality=11 if len(data) < 2_000_000 else 9)),
        ):
            target = file.with_name(file.name + suffix)
            target.write_bytes(packed)
            written.append(target)
    return written


def build_site(
    frames_by_lang: dict[Lang, RoadmapFrames],
    out: Path,
    *,
    files: Sequence[str] = (),
    today: dt.date,
) -> BuiltSite:
    """Write the site into `out` (created if missing; files of an earlier build are replaced)."""
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    bundle = plotly_bundle()
    shutil.copyfile(bundle, assets / "plotly.min.js")
    for name in ("site.css", "site.js"):
        shutil.copyfile(STATIC / name, assets / name)
    for name in ("favicon.ico", "favicon.svg"):
        shutil.copyfile(STATIC / name, out / name)  # browsers ask the root for /favicon.ico
    pages: list[Path] = []
    scripts: list[Path] = []
    for lang, frames in frames_by_lang.items():
        folder = out / lang_folder(lang)
        for view in SITE_VIEWS:
            choices = variants(view, frames, today)
            figures = folder / "figures" / view.name
            if figures.exists():
                shutil.rmtree(figures)  # a variant of an area that is gone must not linger
            figures.mkdir(parents=True)
            for variant in choices:
                shown = filter_frames(frames, variant.filters) if variant.filters != Filters() else frames
                options = FigureOptions(lang=lang, today=today, **(variant.options or {}))
                figure = responsive(view.builder(shown, options))
                script = figures / f"{variant.key}.js"
                script.write_text(figure_script(figure, f"{view.name}/{variant.key}"), encoding="utf-8")
                scripts.append(script)
            page = folder / view.site_page
            initial = initial_key(view, frames, today)
            page.write_text(figure_page(frames, view, choices, initial, files, today), encoding="utf-8")
            pages.append(page)
        table = folder / TABLE_PAGE
        table.write_text(table_page(frames, files, today), encoding="utf-8")
        pages.append(table)
        risks = folder / RISKS_PAGE
        if not frames.risks.empty:
            risks.write_text(risks_page(frames, files, today), encoding="utf-8")
            pages.append(risks)
        else:
            for stale in (risks, risks.with_name(RISKS_PAGE + ".gz"), risks.with_name(RISKS_PAGE + ".br")):
                stale.unlink(missing_ok=True)  # an earlier build's risks must not linger
    everything = [p for p in out.rglob("*") if p.is_file() and p.suffix not in (".gz", ".br")]
    compressed = precompress(everything)
    return BuiltSite(out, tuple(pages), tuple(scripts), tuple(compressed))
