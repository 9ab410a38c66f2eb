"""The roadmap shown compared with a baseline: what every view draws from, pure and cached.

`compare(before, baseline, after, asof, lang)` takes two loaded versions (the baseline, and
the roadmap shown: the current one or the one as of `?asof=`) and returns a `Comparison`:

- `report`: the changes as `veikart diff` finds them (`roadmap_changes`), in a `DiffReport`
  whose commits are filled in only by `with_commits` (git, at page-layout time);
- `drawn`: the same comparison as the figures draw it (`figures.baseline.baseline_changes`:
  ghosts, badges, new and removed, the phases of the baseline);
- `labels`: the table's "Endring" text per deliverable ("+2 kv", "Ny", "Endret status: …").

No git, no files: a filter callback may build one from versions already in memory. A
snapshot keeps its comparisons (`ComparisonCache`, keyed by the commit ids); a reload
builds the ones readers used last again before the new snapshot is shown (`rewarm`).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from veikart.figures.baseline import BaselineChanges, baseline_changes
from veikart.frames import RoadmapFrames
from veikart.history.attribution import AttributedChange
from veikart.history.changes import ADDED, DELIVERABLE, MOVED, REMOVED, Change, roadmap_changes
from veikart.history.render import clean_text, shift_text, summary_text, value_text
from veikart.history.report import DiffReport, Side, names_of
from veikart.i18n import Lang, long_date, t
from veikart.roadmap.model import Roadmap

LABEL_CHARS = 160
"""Characters of one deliverable's "Endring" text at most (several changes are joined)."""


@dataclass(frozen=True)
class Chosen:
    """A revision chosen in a link: as written (checked), its commit and its date."""

    rev: str
    commit: str
    date: dt.date
    kind: str = "commit"
    """"tag" for a tag of the selector, else "commit" (a branch or a commit id)."""

    @property
    def label(self) -> str:
        """What views call it: the name as written, a long commit id shortened."""
        if len(self.rev) >= 12 and self.rev.lower() == self.commit[: len(self.rev)]:
            return self.commit[:7]
        return self.rev


Key = tuple[str, str | None]
"""(baseline commit, as-of commit or None for the current roadmap)."""


@dataclass(frozen=True, eq=False)
class Comparison:
    """The roadmap shown (`after`) compared with the baseline (`before`)."""

    baseline: Chosen
    asof: Chosen | None
    report: DiffReport
    drawn: BaselineChanges
    labels: Mapping[str, str]
    before: RoadmapFrames
    """The baseline's frames (where removed items were, for filtering them like the rest)."""
    attributed: bool = False
    """True when `report` names the commit behind each change (`with_commits`)."""

    @property
    def key(self) -> Key:
        return (self.baseline.commit, self.asof.commit if self.asof else None)

    def summary(self, lang: Lang) -> str:
        """'Siden styremote-2023-06: 1 forsinket, 1 ny, 1 fjernet, 1 endret status'."""
        total = self.report.summary.total
        words = summary_text(self.report, lang) if total else t("history.no_changes", lang)
        if self.asof is not None:
            return t(
                "history.summary_between",
                lang,
                before=self.baseline.label,
                after=self.asof.label,
                summary=words,
            )
        return t("history.summary_since", lang, rev=self.baseline.label, summary=words)


def compare(
    before: Roadmap,
    before_frames: RoadmapFrames,
    baseline: Chosen,
    after: Roadmap,
    after_frames: RoadmapFrames,
    asof: Chosen | None,
    lang: Lang,
) -> Comparison:
    """The comparison of two checked versions (pure: no git, no files)."""
    changes = roadmap_changes(before, after)
    phase_names, service_names = names_of(before, after)
    report = DiffReport(
        before=Side(path="", rev=baseline.label),
        after=Side(path="", rev=asof.label if asof else None),
        changes=tuple(AttributedChange(change, None) for change in changes),
        phase_names=phase_names,
        service_names=service_names,
    )
    drawn = baseline_changes(after_frames, before_frames, baseline.label)
    return Comparison(
        baseline=baseline,
        asof=asof,
        report=report,
        drawn=drawn,
        labels=change_labels(report, lang),
        before=before_frames,
    )


def with_commits(comparison: Comparison, attributed: DiffReport) -> Comparison:
    """The comparison with the commit behind each change, from `RoadmapHistory.compare`.

    The comparison's own changes stay what is listed (those of the versions as shown, which
    may be reduced to the public roadmap); the report only lends each its commit.
    """
    found = {_identity(a.change): a for a in attributed.changes}
    changes = []
    for mine in comparison.report.changes:
        theirs = found.get(_identity(mine.change))
        changes.append(
            AttributedChange(mine.change, theirs.commit, theirs.uncommitted) if theirs is not None else mine
        )
    return replace(comparison, report=replace(comparison.report, changes=tuple(changes)), attributed=True)


def _identity(change: Change) -> tuple[str, str, str]:
    return (change.kind, change.item, change.id)


def change_text(report: DiffReport, change: Change, lang: Lang) -> str:
    """One change of a deliverable in a few words: 'Ny', '+2 kv', 'Endret status: A → B'."""
    if change.kind == ADDED:
        return t("baseline.new_badge", lang)
    if change.kind == REMOVED:
        return t("diff.kind.removed", lang)
    if change.kind == MOVED:
        return shift_text(change, lang)
    before = value_text(report, change, "before", lang)
    after = value_text(report, change, "after", lang)
    if change.kind == "status":
        return t("history.status_changed", lang, before=before, after=after)
    return f"{t(f'diff.kind.{change.kind}', lang)}: {before} → {after}"


def change_labels(report: DiffReport, lang: Lang) -> dict[str, str]:
    """The "Endring" text of each deliverable that changed (its changes joined by '; ')."""
    parts: dict[str, list[str]] = {}
    for attributed in report.changes:
        change = attributed.change
        if change.item != DELIVERABLE or change.kind == REMOVED:
            continue
        parts.setdefault(change.id, []).append(change_text(report, change, lang))
    return {ident: clean_text("; ".join(texts), LABEL_CHARS) for ident, texts in parts.items()}


def asof_banner_text(asof: Chosen, lang: Lang) -> str:
    """'Slik veikartet så ut ved styremote-2023-06 (14. juni 2023)'."""
    return t("history.asof_banner", lang, rev=asof.label, date=long_date(asof.date, lang))


# --- the per-snapshot cache -----------------------------------------------------------------

COMPARISONS_KEPT = 12
"""Comparisons kept per snapshot (each holds a few frames' worth of rows at most)."""
REWARMED = 4
"""Comparisons a reload builds again before the new snapshot is shown: the last used."""


class ComparisonCache:
    """Comparisons of one snapshot by `Comparison.key`; least recently used go first."""

    def __init__(self, size: int = COMPARISONS_KEPT) -> None:
        self._items: OrderedDict[Key, Comparison] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Key) -> Comparison | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, comparison: Comparison) -> Comparison:
        with self._lock:
            self._items[comparison.key] = comparison
            self._items.move_to_end(comparison.key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return comparison

    def recent(self, n: int = REWARMED) -> list[Comparison]:
        """The `n` most recently used, most recent first."""
        with self._lock:
            return list(reversed(self._items.values()))[:n]


def rewarm(
    previous: ComparisonCache,
    into: ComparisonCache,
    rebuild: Callable[[Comparison], Comparison | None],
) -> None:
    """Build the last used comparisons of `previous` again into `into` (oldest first, so the
    most recent stays most recent). A comparison of two commits never changes and is copied;
    one with the current roadmap goes through `rebuild` (None: leave it out)."""
    for comparison in reversed(previous.recent()):
        rebuilt = comparison if comparison.asof is not None else rebuild(comparison)
        if rebuilt is not None:
            into.put(rebuilt)


__all__ = [
    "COMPARISONS_KEPT",
    "Chosen",
    "Comparison",
    "ComparisonCache",
    "Key",
    "asof_banner_text",
    "change_labels",
    "change_text",
    "compare",
    "rewarm",
    "with_commits",
]
