"""The sources a static page cites in its footer: what the page shows, and where it comes from.

Each page cites the roadmap's sources named by the items it draws (the timeline and the
table: services and deliverables; the phase views: phases too; the risks page: risks),
each with its title, publisher, date and link, and the areas whose items cite it, so the
page's area picker can narrow the list to what it shows. A roadmap whose items cite no
sources cites all of them, as exports do (`export.framing.source_texts`).

Links are kept only when they are http(s) or a relative path (the loader already refuses
other schemes; a page never trusts that alone). A relative path is written from the
site's root, so the English pages one folder down get it with `../` in front.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from veikart.frames import RoadmapFrames, is_missing
from veikart.i18n import Lang, long_date

PAGE_ITEMS: dict[str, tuple[str, ...]] = {
    "gantt": ("services", "deliverables"),
    "table": ("services", "deliverables"),
    "phases": ("phases", "services", "deliverables"),
    "bands": ("phases", "services", "deliverables"),
    "risks": ("risks",),
}
"""Which items' sources each page cites."""

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class CitedSource:
    """One source as a footer shows it; plain text (the template escapes it)."""

    id: str
    title: str
    details: str
    """Publisher and date in words: 'Direktoratet for e-helse, 16. desember 2020'."""
    href: str | None
    areas: tuple[str, ...]
    """Areas whose shown items cite it; empty: cited by the whole page (phases, or no item)."""


def safe_href(url: object, up: str = "") -> str | None:
    """`url` when it is http(s) or a relative path (prefixed with `up`), else None."""
    if not isinstance(url, str) or not url.strip() or any(ch in url for ch in "\r\n\t\0"):
        return None
    url = url.strip()
    lowered = url.lower()
    if lowered.startswith(("http://", "https://")):
        return url
    if url.startswith(("/", "\\")) or _SCHEME.match(url):
        return None  # another scheme, or a path from a server's root the site does not know
    return up + url


def _present(value: object) -> bool:
    return not is_missing(value) and value != ""


def _details(publisher: object, date: object, lang: Lang) -> str:
    parts = []
    if _present(publisher):
        parts.append(str(publisher))
    if _present(date):
        day = date.date() if isinstance(date, pd.Timestamp) else date
        parts.append(long_date(day, lang) if isinstance(day, dt.date) else str(day))
    return ", ".join(parts)


def _citations(frames: RoadmapFrames, items: Iterable[str]) -> dict[str, list[str]]:
    """Source id -> the areas of the items citing it ('' for items of no area: phases)."""
    cited: dict[str, list[str]] = {}
    for kind in items:
        if kind == "phases":
            for ids in frames.phases.get("sources", pd.Series(dtype=object)):
                for source in ids or ():
                    cited.setdefault(source, []).append("")
        elif kind == "services":
            table = frames.services
            for ids, area in zip(table.get("sources", []), table["area"], strict=False):
                for source in ids or ():
                    cited.setdefault(source, []).append(str(area))
        elif kind == "deliverables":
            table = frames.deliverables
            for ids, area in zip(table.get("sources", []), table["area"], strict=False):
                for source in ids or ():
                    cited.setdefault(source, []).append(str(area))
        elif kind == "risks":
            for ids, areas in zip(
                frames.risks.get("sources", []), frames.risks.get("areas", []), strict=False
            ):
                for source in ids or ():
                    cited.setdefault(source, []).extend(areas or ("",))
    return cited


def page_sources(frames: RoadmapFrames, page: str, up: str = "") -> list[CitedSource]:
    """The sources the page `page` ('gantt', 'table', 'phases', 'bands', 'risks') cites,
    in the order the roadmap lists them."""
    sources = frames.sources
    if sources.empty:
        return []
    cited = _citations(frames, PAGE_ITEMS[page])
    everything = not cited and page != "risks"
    lang = frames.lang
    found = []
    for row in sources.to_dict("records"):
        if not everything and row["id"] not in cited:
            continue
        areas = cited.get(row["id"], [])
        whole_page = everything or "" in areas
        found.append(
            CitedSource(
                id=str(row["id"]),
                title=str(row["title"]),
                details=_details(row["publisher"], row["date"], lang),
                href=safe_href(row["url"], up),
                areas=() if whole_page else tuple(dict.fromkeys(areas)),
            )
        )
    return found


__all__ = ["PAGE_ITEMS", "CitedSource", "page_sources", "safe_href"]
