"""What a viewer has chosen to see: parsed from and written to the URL query.

The same `Filters` drive the dashboard (state lives in the URL), the CLI export options
and the words under an exported image, so a link, a slide and a screen agree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from veikart.frames import RoadmapFrames
from veikart.i18n import Lang, status_label, t
from veikart.registry import LIST_FILTERS
from veikart.roadmap.periods import Quarter, TimeValueError, period_label
from veikart.roadmap.schema import RISK_LEVELS, STATUSES

LIST_PARAMS: tuple[str, ...] = tuple(LIST_FILTERS)
"""Query parameters holding comma-separated lists of the roadmap's items, in the order they
are written (also the CLI's list options and the filter bars' dropdowns)."""
RISK_PARAMS: tuple[str, ...] = ("level",)
"""Query parameters holding lists that choose risks (the risks page): `level=high,medium`."""
CHOICE_PARAMS: tuple[str, ...] = (*LIST_PARAMS, *RISK_PARAMS)
"""Every comma-separated list parameter, in the order they are written."""
QUERY_ORDER = (*CHOICE_PARAMS, "critical", "q", "from", "to", "at")


@dataclass(frozen=True)
class Filters:
    area: tuple[str, ...] = ()
    service: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    phase: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    owner: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    """Risk levels (low, medium, high): what the risks page lists; no other view uses it."""
    critical: bool = False
    q: str = ""
    start: Quarter | None = None
    """First quarter of the time window (`from` in the URL)."""
    end: Quarter | None = None
    """Last quarter of the time window (`to` in the URL)."""
    at: Quarter | None = None
    """The quarter of the phase overview."""

    def replace(self, **changes: Any) -> Filters:
        return dataclasses.replace(self, **changes)

    def choosing_services(self) -> Filters:
        """Only the filters that choose services, and the quarter: what the phase views apply."""
        return Filters(
            area=self.area,
            service=self.service,
            audience=self.audience,
            critical=self.critical,
            q=self.q,
            at=self.at,
        )

    def normalised(self) -> Filters:
        """The same choice in one canonical form (lists sorted): equal choices, equal keys."""
        return self.replace(**{name: tuple(sorted(getattr(self, name))) for name in CHOICE_PARAMS})

    @property
    def narrows_deliverables(self) -> bool:
        """True when some deliverables of a shown service may be hidden."""
        return bool(self.phase or self.status or self.owner or self.q or self.start or self.end)

    def to_query(self) -> str:
        """The URL query ('?area=kj&status=planning'), '' when nothing is chosen."""
        pairs: list[tuple[str, str]] = []
        for name in CHOICE_PARAMS:
            values = getattr(self, name)
            if values:
                pairs.append((name, ",".join(values)))
        if self.critical:
            pairs.append(("critical", "1"))
        if self.q:
            pairs.append(("q", self.q))
        for name, quarter in (("from", self.start), ("to", self.end), ("at", self.at)):
            if quarter is not None:
                pairs.append((name, str(quarter)))
        return "?" + urlencode(pairs, safe=",") if pairs else ""


@dataclass(frozen=True)
class Choices:
    """The values a filter can take in this roadmap."""

    area: frozenset[str]
    service: frozenset[str]
    audience: frozenset[str]
    phase: frozenset[str]
    status: frozenset[str]
    owner: frozenset[str]
    level: frozenset[str] = frozenset(RISK_LEVELS)

    @classmethod
    def of(cls, frames: RoadmapFrames) -> Choices:
        owners = set(frames.deliverables["owner"].dropna()) | set(frames.services["owner"].dropna())
        return cls(
            area=frozenset(frames.areas["id"]),
            service=frozenset(frames.services["id"]),
            audience=frozenset(frames.audiences["id"]),
            phase=frozenset(frames.phases["id"]),
            status=frozenset((*STATUSES, NO_STATUS)),
            owner=frozenset(owners),
        )


def _first(value: object) -> str:
    """Query values arrive as str or (from parse_qs) as a list of str."""
    if isinstance(value, list | tuple):
        return str(value[0]) if value else ""
    return "" if value is None else str(value)


MAX_LIST_VALUES = 500
"""Values of one list filter read from a link; more are ignored with one notice."""
MAX_NOTICES = 10
"""Notices about one link; more are counted in one line (a forged link stays small)."""
MAX_NOTICE_VALUE = 60
WINDOW_MARGIN = 4
"""Quarters a time window may reach beyond the roadmap's period (the From/To choices)."""
NO_STATUS = "none"
"""The `status` value of deliverables without a status ("Uten status")."""


def time_window_bounds(frames: RoadmapFrames) -> tuple[Quarter, Quarter]:
    """The first and last quarter a time window may show: the roadmap's period and a year either side."""
    return (
        Quarter.of(frames.info.start) + -WINDOW_MARGIN,
        Quarter.of(frames.info.end) + WINDOW_MARGIN,
    )


class _Notices:
    """Notices about a link: each once, at most MAX_NOTICES, values cut short."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.items: dict[str, None] = {}
        self.dropped = 0

    def add(self, key: str, **values: object) -> None:
        shown = {
            name: (text if len(text := str(value)) <= MAX_NOTICE_VALUE else text[:MAX_NOTICE_VALUE] + "…")
            for name, value in values.items()
        }
        notice = t(key, self.lang, **shown)
        if notice in self.items:
            return
        if len(self.items) < MAX_NOTICES:
            self.items[notice] = None
        else:
            self.dropped += 1

    def unknown(self, param: str, value: str) -> None:
        self.add("notice.unknown_value", param=param, value=value)

    def as_list(self) -> list[str]:
        more = [t("notice.more", self.lang, n=self.dropped)] if self.dropped else []
        return [*self.items, *more]


def parse_query(
    query: Mapping[str, object], frames: RoadmapFrames, lang: Lang = "nb"
) -> tuple[Filters, list[str]]:
    """Filters from a URL query; unknown values are dropped with a notice, never an error.

    Time values are clamped: a window to the roadmap's period and a year either side
    (what the From/To choices offer), the phase overview's quarter to the period.
    """
    choices = Choices.of(frames)
    notices = _Notices(lang)
    values: dict[str, Any] = {}
    for name in CHOICE_PARAMS:
        raw = _first(query.get(name))
        if not raw:
            continue
        allowed = getattr(choices, name)
        chosen: dict[str, None] = {}
        parts = raw.split(",")
        if len(parts) > MAX_LIST_VALUES:
            notices.add("notice.too_many", param=name, n=MAX_LIST_VALUES)
        for item in (part.strip() for part in parts[:MAX_LIST_VALUES]):
            if not item or item in chosen:
                continue
            if item in allowed:
                chosen[item] = None
            else:
                notices.unknown(name, item)
        values[name] = tuple(chosen)
    critical = _first(query.get("critical")).lower()
    if critical in ("1", "true", "ja", "yes"):
        values["critical"] = True
    elif critical not in ("", "0", "false", "nei", "no"):
        notices.unknown("critical", critical)
    values["q"] = _first(query.get("q")).strip()[:200]
    period = (Quarter.of(frames.info.start), Quarter.of(frames.info.end))
    bounds = {"start": time_window_bounds(frames), "end": time_window_bounds(frames), "at": period}
    for param, name in (("from", "start"), ("to", "end"), ("at", "at")):
        raw = _first(query.get(param)).strip()
        if not raw:
            continue
        try:
            quarter = Quarter.parse(raw[:40])
        except (TimeValueError, ValueError, OverflowError):
            notices.unknown(param, raw)
            continue
        low, high = bounds[name]
        clamped = min(max(quarter, low), high)
        if clamped != quarter:
            notices.add("notice.clamped", param=param, value=raw, quarter=clamped.label(lang))
        values[name] = clamped
    filters = Filters(**values)
    if filters.start and filters.end and filters.end < filters.start:
        notices.unknown("to", str(filters.end))
        filters = filters.replace(end=None)
    return filters, notices.as_list()


def _matches_text(frame: pd.DataFrame, columns: list[str], needle: str) -> pd.Series:
    mask = pd.Series(False, index=frame.index)
    for column in columns:
        mask |= frame[column].fillna("").astype(str).str.contains(needle, case=False, regex=False)
    return mask


def service_mask(frames: RoadmapFrames, filters: Filters) -> pd.Series:
    """Which services pass the service-level filters (area, service, audience, critical)."""
    services = frames.services
    mask = pd.Series(True, index=services.index)
    if filters.area:
        mask &= services["area"].isin(filters.area)
    if filters.service:
        mask &= services["id"].isin(filters.service)
    if filters.audience:
        wanted = set(filters.audience)
        mask &= services["audiences"].apply(lambda a: bool(wanted.intersection(a)))
    if filters.critical:
        mask &= services["critical"].astype(bool)
    return mask


def deliverable_mask(frames: RoadmapFrames, filters: Filters) -> pd.Series:
    """Which deliverables pass every filter, including the time window."""
    d = frames.deliverables
    shown_services = frames.services.loc[service_mask(frames, filters), "id"]
    mask = d["service"].isin(shown_services)
    if filters.phase:
        mask &= d["phase"].isin(filters.phase)
    if filters.status:
        statuses = d["status"].isin(filters.status)
        if NO_STATUS in filters.status:
            statuses |= d["status"].isna() | (d["status"] == "")
        mask &= statuses
    if filters.owner:
        mask &= d["owner"].isin(filters.owner)
    if filters.q:
        mask &= _matches_text(d, ["title", "description", "service_name", "id"], filters.q)
    if filters.start is not None:
        mask &= d["end"] >= pd.Timestamp(filters.start.first_day)
    if filters.end is not None:
        mask &= d["start"] <= pd.Timestamp(filters.end.last_day)
    return mask


def filter_frames(frames: RoadmapFrames, filters: Filters) -> RoadmapFrames:
    """The frames restricted to what the filters show.

    Services are those passing the service-level filters; when a filter may hide
    deliverables (status, phase, owner, search, time window), only services with at least
    one shown deliverable remain, so the chart has no empty rows. A text search also keeps
    services whose own name or description matches.
    """
    d_mask = deliverable_mask(frames, filters)
    deliverables = frames.deliverables[d_mask]
    s_mask = service_mask(frames, filters)
    if filters.narrows_deliverables:
        keep = frames.services["id"].isin(deliverables["service"])
        if filters.q and not (filters.phase or filters.status or filters.owner):
            keep |= _matches_text(frames.services, ["name", "description"], filters.q)
        s_mask &= keep
    services = frames.services[s_mask]
    ids = set(deliverables["id"])
    deps = frames.dependencies
    dependencies = deps[deps["source"].isin(ids) & deps["target"].isin(ids)]
    timeline = frames.phase_timeline[frames.phase_timeline["service"].isin(services["id"])]
    return dataclasses.replace(
        frames,
        deliverables=deliverables,
        services=services,
        dependencies=dependencies,
        phase_timeline=timeline,
    )


_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "ü": "u", "ö": "o", "ä": "a"})
MAX_FILE_STEM = 120


def slug(text: str) -> str:
    """Letters and digits of `text` joined by '-': 'Helse Sør-Øst' -> 'helse-sor-ost'."""
    folded = text.casefold().translate(_FOLD)
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in folded).split()
    return "-".join(words)


def file_stem(prefix: str, filters: Filters, lang: Lang = "nb") -> str:
    """A download's file name without extension, naming the filters in safe characters.

    'veikart-leveranser' with area kjernejournal and status planning ->
    'veikart-leveranser-kjernejournal-planlegging'. Only a-z, 0-9 and '-'; bounded.
    """
    parts = [prefix]
    for name in LIST_PARAMS:
        for value in getattr(filters, name):
            parts.append(t(f"file.status.{value}", lang) if name == "status" else value)
    if filters.level:
        parts.append(t("file.level", lang))
        parts += [t(f"risk.level.{value}", lang) for value in filters.level]
    if filters.critical:
        parts.append(t("file.critical", lang))
    if filters.q:
        parts.append(filters.q)
    if filters.start:
        parts += [t("file.from", lang), str(filters.start)]
    if filters.end:
        parts += [t("file.to", lang), str(filters.end)]
    if filters.at:
        parts.append(str(filters.at))
    stem = "-".join(filter(None, (slug(part) for part in parts)))
    return stem[:MAX_FILE_STEM].rstrip("-") or slug(prefix) or "veikart"


def describe_filters(frames: RoadmapFrames, filters: Filters, lang: Lang = "nb") -> str:
    """The filters in words, for captions: 'Område: Kjernejournal · Status: ...'."""
    names = {
        "area": dict(zip(frames.areas["id"], frames.areas["name"], strict=True)),
        "service": dict(zip(frames.services["id"], frames.services["name"], strict=True)),
        "audience": dict(zip(frames.audiences["id"], frames.audiences["name"], strict=True)),
        "phase": dict(zip(frames.phases["id"], frames.phases["name"], strict=True)),
    }
    parts: list[str] = []
    for name in CHOICE_PARAMS:
        values = getattr(filters, name)
        if not values:
            continue
        if name == "status":
            words = [status_label(v, lang) for v in values]
        elif name == "level":
            words = [t(f"risk.level.{v}", lang) for v in values]
        else:
            words = [names.get(name, {}).get(v, v) for v in values]
        parts.append(f"{t('filter.' + name, lang)}: {', '.join(words)}")
    if filters.critical:
        parts.append(t("filter.critical", lang))
    if filters.q:
        parts.append(f"{t('filter.q', lang)}: «{filters.q}»")
    if filters.start or filters.end:
        first = (filters.start or Quarter.of(frames.info.start)).first_day
        last = (filters.end or Quarter.of(frames.info.end)).last_day
        parts.append(f"{t('filter.period', lang)}: {period_label(first, last, lang)}")
    if filters.at:
        parts.append(f"{t('filter.at', lang)}: {filters.at.label(lang)}")
    return " · ".join(parts) if parts else t("filter.none", lang)
