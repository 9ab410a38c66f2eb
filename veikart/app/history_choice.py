"""Which roadmap a page shows and what it compares it with: `?asof=REV` and `?baseline=REV`.

`Shown` is what a page draws from: the frames (the current roadmap, or the one as it stood
at `asof`), the comparison with `baseline` when one is chosen, and when each item last
changed. Two ways to get one:

- `layout_shown(...)`, while the page is drawn (the router's layout): a revision from the
  link is checked (`check_revision`), looked up among the names read from git, and only a
  hexadecimal commit id not seen before reaches git; a version not loaded yet is loaded
  once under a lock; the comparison is built and kept on the snapshot. Unknown or refused
  revisions become a notice and are dropped, never an error page.
- `cached_shown(...)`, in a filter callback: the same from memory only. The page keeps the
  revisions it was drawn with in a hidden value (`history_id`); a value that was forged
  or whose version is no longer in memory gives a notice and the current roadmap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal
from urllib.parse import urlencode

from veikart.app.comparison import Chosen, Comparison, compare, with_commits
from veikart.app.history_source import HistoryKeeper, HistoryState, Version, no_history_note
from veikart.app.source import RoadmapSource, Snapshot
from veikart.app.state import query_mapping
from veikart.figures.baseline import BaselineChanges
from veikart.frames import RoadmapFrames
from veikart.history import HistoryError, UnknownRevision, UnsafeRevision, check_revision
from veikart.history.git import Commit
from veikart.history.render import clean_text
from veikart.history.versions import ItemKey
from veikart.i18n import Lang, t
from veikart.roadmap.load import LoadResult

PARAMS = ("baseline", "asof")
"""The query parameters of history, in the order they are written."""
SHOWN_CHARS = 60
"""Characters of a refused revision repeated in a notice."""


@dataclass(frozen=True)
class Shown:
    """What a page draws from: which roadmap, compared with what."""

    frames: RoadmapFrames
    history: HistoryState
    asof: Chosen | None = None
    baseline: Chosen | None = None
    comparison: Comparison | None = None
    last_changed: Mapping[ItemKey, Commit] | None = None
    """When each item of the roadmap shown last changed; None when not known (yet)."""
    uncommitted: frozenset[ItemKey] = frozenset()
    """Items of the roadmap shown edited since the last commit (the current roadmap only)."""
    notices: tuple[str, ...] = ()
    load: LoadResult | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> tuple[str | None, str | None]:
        """(as-of commit, baseline commit): part of every render's cache key."""
        return (self.asof.commit if self.asof else None, self.baseline.commit if self.baseline else None)

    @property
    def query(self) -> str:
        """'baseline=styremote-2023-06&asof=v1' for the address bar and the navigation links."""
        pairs = [
            (name, chosen.rev)
            for name, chosen in (("baseline", self.baseline), ("asof", self.asof))
            if chosen
        ]
        return urlencode(pairs)

    @property
    def drawn(self) -> BaselineChanges | None:
        """The comparison as figures draw it (`FigureOptions.baseline`)."""
        return self.comparison.drawn if self.comparison else None

    @property
    def labels(self) -> Mapping[str, str] | None:
        """The table's "Endring" text per deliverable id, when a baseline is chosen."""
        return self.comparison.labels if self.comparison else None

    def last_change(self, item_type: str, ident: str) -> Commit | Literal["uncommitted"] | None:
        """The commit the item's state dates from, "uncommitted" when edited since, or None."""
        if (item_type, ident) in self.uncommitted:
            return "uncommitted"
        return (self.last_changed or {}).get((item_type, ident))


def plain_shown(frames: RoadmapFrames, history: HistoryState, load: LoadResult | None = None) -> Shown:
    """The current roadmap, compared with nothing."""
    known = history.complete and history.available
    return Shown(
        frames=frames,
        history=history,
        last_changed=history.last_changed if known else None,
        uncommitted=history.uncommitted if known else frozenset(),
        load=load,
    )


def _shown_text(raw: str) -> str:
    return clean_text(raw, SHOWN_CHARS)


# --- while a page is drawn ------------------------------------------------------------------


def layout_shown(source: RoadmapSource, snapshot: Snapshot, query: Mapping[str, str], lang: Lang) -> Shown:
    """The roadmap and comparison a link asks for (may read git: page layout only)."""
    assert snapshot.frames is not None
    base = plain_shown(snapshot.frames, snapshot.history, snapshot.result)
    asked = {name: query[name] for name in PARAMS if query.get(name)}
    keeper = source.history
    if not asked:
        return base
    state = snapshot.history
    if keeper is None or not state.available:
        return _with_notices(base, [t("history.unavailable_link", lang)])
    notices: list[str] = []
    chosen: dict[str, tuple[Chosen, Version]] = {}
    for name, raw in asked.items():
        found = _choose(keeper, state, name, raw, lang, notices)
        if found is not None:
            chosen[name] = found
    return _assemble(snapshot, base, chosen, keeper, lang, notices, layout=True)


def _choose(
    keeper: HistoryKeeper, state: HistoryState, name: str, raw: str, lang: Lang, notices: list[str]
) -> tuple[Chosen, Version] | None:
    try:
        commit = keeper.resolve(raw, state)
        entry = state.entry(raw)
        version = keeper.version(commit, entry.date if entry else None)
    except UnsafeRevision:
        notices.append(t("history.refused", lang, param=name, value=_shown_text(raw)))
        return None
    except UnknownRevision:
        notices.append(t("history.unknown", lang, param=name, value=_shown_text(raw)))
        return None
    except HistoryError as exc:
        notices.append(
            t("history.failed", lang, param=name, value=_shown_text(raw), reason=clean_text(exc, 200))
        )
        return None
    if not version.valid:
        notices.append(t("history.invalid_version", lang, param=name, value=_shown_text(raw)))
        return None
    kind = entry.kind if entry else "commit"
    return Chosen(rev=raw, commit=commit, date=version.date, kind=kind), version


def with_attribution(source: RoadmapSource, snapshot: Snapshot, shown: Shown, lang: Lang) -> Shown:
    """`shown` with the commit behind each change (git: page layout only); kept on the snapshot."""
    comparison = shown.comparison
    keeper = source.history
    if comparison is None or comparison.attributed or keeper is None:
        return shown
    try:
        report = keeper.attribute(
            comparison.baseline.commit,
            comparison.asof.commit if comparison.asof else None,
            None if comparison.asof else snapshot.result,
        )
    except HistoryError as exc:
        notice = t("history.no_commits", lang, reason=clean_text(exc, 200))
        return _with_notices(shown, [notice])
    attributed = snapshot.comparisons.put(with_commits(comparison, report))
    return replace(shown, comparison=attributed)


# --- in a callback: memory only -----------------------------------------------------------


def cached_shown(source: RoadmapSource, snapshot: Snapshot, value: object, lang: Lang) -> Shown:
    """What a page drawn with the history value `value` ('baseline=…&asof=…') shows, from memory."""
    assert snapshot.frames is not None
    base = plain_shown(snapshot.frames, snapshot.history, snapshot.result)
    query = query_mapping(value if isinstance(value, str) else "")
    asked = {name: query[name] for name in PARAMS if query.get(name)}
    keeper = source.history
    state = snapshot.history
    if not asked:
        return base
    if keeper is None or not state.available:
        return _with_notices(base, [t("history.unavailable_link", lang)])
    notices: list[str] = []
    chosen: dict[str, tuple[Chosen, Version]] = {}
    for name, raw in asked.items():
        try:
            check_revision(raw)
        except HistoryError:
            notices.append(t("history.refused", lang, param=name, value=_shown_text(raw)))
            continue
        commit = keeper.lookup(raw, state)
        version = keeper.cached_version(commit) if commit else None
        if commit is None or version is None or not version.valid:
            notices.append(t("history.not_loaded", lang, param=name, value=_shown_text(raw)))
            continue
        entry = state.entry(raw)
        chosen[name] = (Chosen(raw, commit, version.date, entry.kind if entry else "commit"), version)
    return _assemble(snapshot, base, chosen, keeper, lang, notices, layout=False)


# --- both -------------------------------------------------------------------------------------


def _assemble(
    snapshot: Snapshot,
    base: Shown,
    chosen: Mapping[str, tuple[Chosen, Version]],
    keeper: HistoryKeeper,
    lang: Lang,
    notices: list[str],
    *,
    layout: bool,
) -> Shown:
    frames, load, last, edited = base.frames, base.load, base.last_changed, base.uncommitted
    roadmap = load.roadmap if load is not None else None
    asof: Chosen | None = None
    if "asof" in chosen:
        asof, version = chosen["asof"]
        edited = frozenset()
        assert version.frames is not None
        frames, load, roadmap = version.frames, version.load, version.roadmap
        if layout:
            try:
                last = keeper.last_changes(asof.commit)
            except HistoryError:
                last = None
        else:
            last = keeper.cached_last_changes(asof.commit)
    baseline: Chosen | None = None
    comparison: Comparison | None = None
    if "baseline" in chosen and roadmap is not None:
        baseline, before = chosen["baseline"]
        key = (baseline.commit, asof.commit if asof else None)
        comparison = snapshot.comparisons.get(key)
        if comparison is None:
            assert before.frames is not None and before.roadmap is not None
            comparison = snapshot.comparisons.put(
                compare(before.roadmap, before.frames, baseline, roadmap, frames, asof, lang)
            )
    return Shown(
        frames=frames,
        history=base.history,
        asof=asof,
        baseline=baseline,
        comparison=comparison,
        last_changed=last,
        uncommitted=edited,
        notices=(*base.notices, *notices),
        load=load,
    )


def _with_notices(shown: Shown, notices: list[str]) -> Shown:
    return replace(shown, notices=(*shown.notices, *notices))


def unavailable_note(history: HistoryState, lang: Lang) -> str | None:
    """The one line saying history is unavailable, and why; None when it is available."""
    if history.available:
        return None
    return no_history_note(history.note, lang)


__all__ = [
    "PARAMS",
    "Shown",
    "cached_shown",
    "layout_shown",
    "plain_shown",
    "unavailable_note",
    "with_attribution",
]
