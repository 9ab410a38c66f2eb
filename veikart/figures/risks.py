"""Risks for the views: which deliverables a high risk hits, and the risks as a table.

The risks view is a table, not a figure: a risk is words (a title, who owns it, how it is
mitigated, what it affects) with no time and no position to draw, and a table keeps them
as text a reader can select, sort, filter and read aloud on a tablet, which a picture of a
table drawn by plotly would not. `risks_table(frames, RiskOptions(...))` is the pure
frame function the dashboard's page and the static site's risks page both show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from veikart.figures.style import RISK_LEVEL_COLORS
from veikart.frames import RoadmapFrames
from veikart.i18n import DEFAULT_LANG, Lang, t

HIGH = "high"
LEVELS = ("high", "medium", "low")
"""Levels in the order a risk list shows them: the most serious first."""

RISK_COLUMNS = (
    "id",
    "level",
    "level_label",
    "level_color",
    "title",
    "affects",
    "affects_ids",
    "areas",
    "area_names",
    "owner",
    "mitigation",
    "sources",
    "internal",
)


def level_label(level: str, lang: Lang = DEFAULT_LANG) -> str:
    """'Høy' / 'High': the word that goes with a level's colour."""
    return t(f"risk.level.{level}", lang)


def high_risks(frames: RoadmapFrames) -> dict[str, tuple[str, ...]]:
    """Each shown deliverable that a high risk affects, directly or through its service:
    the titles of those risks, in the order the roadmap lists them."""
    risks = frames.risks
    if risks.empty:
        return {}
    high = risks[risks["level"] == HIGH]
    if high.empty:
        return {}
    d = frames.deliverables
    by_service: dict[str, list[str]] = {}
    for service, ident in zip(
        d["service"].to_numpy(dtype=object), d["id"].to_numpy(dtype=object), strict=True
    ):
        by_service.setdefault(service, []).append(ident)
    shown = set(d["id"])
    hit: dict[str, list[str]] = {}
    for title, services, deliverables in zip(
        high["title"], high["affects_services"], high["affects_deliverables"], strict=True
    ):
        ids = dict.fromkeys([*(i for s in services for i in by_service.get(s, ())), *deliverables])
        for ident in ids:
            if ident in shown:
                hit.setdefault(ident, []).append(str(title))
    return {ident: tuple(titles) for ident, titles in hit.items()}


@dataclass(frozen=True)
class RiskOptions:
    """What the risks view shows: levels and areas (empty = all), in which language."""

    lang: Lang = DEFAULT_LANG
    levels: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()


def _item_names(frames: RoadmapFrames) -> dict[str, str]:
    """Service names and deliverable titles by id (a service's name wins a shared id)."""
    d = frames.deliverables
    names = dict(zip(d["id"].tolist(), d["title"].tolist(), strict=True))
    names.update(zip(frames.services["id"].tolist(), frames.services["name"].tolist(), strict=True))
    return names


def _names(ids: Iterable[str], names: dict[str, str]) -> tuple[str, ...]:
    return tuple(str(names.get(i) or i) for i in ids)


def risks_table(frames: RoadmapFrames, options: RiskOptions | None = None) -> pd.DataFrame:
    """The risks to list, most serious first, with what each affects in words.

    `level_label` carries the level in words beside `level_color`; `affects` names the
    services and deliverables (titles) the risk affects, `area_names` their areas. A risk
    that affects nothing is listed unless an area is chosen. Unfiltered frames give every
    risk; the dashboard passes its filtered frames' areas in `options.areas`.
    """
    options = options or RiskOptions()
    risks = frames.risks
    if risks.empty:
        return pd.DataFrame(columns=list(RISK_COLUMNS))
    keep = pd.Series(True, index=risks.index)
    if options.levels:
        keep &= risks["level"].isin(options.levels)
    if options.areas:
        wanted = set(options.areas)
        keep &= risks["areas"].map(lambda areas: bool(wanted.intersection(areas)))
    chosen = risks[keep].copy()
    chosen["rank"] = chosen["level"].map({level: i for i, level in enumerate(LEVELS)})
    chosen = chosen.sort_values("rank", kind="stable")
    area_names = dict(zip(frames.areas["id"], frames.areas["name"], strict=True))
    names = _item_names(frames)  # once: per risk it was a dict of every deliverable
    lang = options.lang
    rows = [
        {
            "id": row["id"],
            "level": row["level"],
            "level_label": level_label(row["level"], lang),
            "level_color": RISK_LEVEL_COLORS[row["level"]],
            "title": row["title"],
            "affects": _names(row["affects"], names),
            "affects_ids": tuple(row["affects"]),
            "areas": tuple(row["areas"]),
            "area_names": tuple(str(area_names.get(a, a)) for a in row["areas"]),
            "owner": row["owner"],
            "mitigation": row["mitigation"],
            "sources": tuple(row["sources"]),
            "internal": bool(row["internal"]),
        }
        for row in chosen.to_dict("records")
    ]
    return pd.DataFrame(rows, columns=list(RISK_COLUMNS))


__all__ = ["HIGH", "LEVELS", "RiskOptions", "high_risks", "level_label", "risks_table"]
