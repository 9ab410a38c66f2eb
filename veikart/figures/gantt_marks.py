"""What the Gantt view draws beside its deliverables: high risks, and a baseline's traces.

`gantt_marks(frames, options)` gathers it once per figure, lined up with
`frames.deliverables`' rows, for the row plan (which leaves room for every mark) and the
trace builders (which draw them):

- the titles of the high risks that affect each deliverable (directly or via its service);
- with `options.baseline`: where each moved deliverable was (its ghost), its shift as a
  badge ('+2 kv'), 'Ny' on new ones, and the removed deliverables of the shown services,
  which the plan places in their service's lanes like any other item.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from veikart.figures.baseline import REMOVED_COLUMNS, shift_text
from veikart.figures.options import FigureOptions
from veikart.figures.risks import high_risks
from veikart.frames import RoadmapFrames
from veikart.i18n import t

RISK_MARK = "risk"
"""The name of the high-risk symbol among a deliverable's flags in the plan."""


@dataclass(frozen=True)
class Marks:
    """Per deliverable (frames.deliverables' row order) unless said otherwise."""

    risks: dict[str, tuple[str, ...]]
    """Deliverable id -> titles of the high risks affecting it."""
    risky: np.ndarray
    baseline: str
    """The baseline's label; '' without a baseline."""
    ghost_start: np.ndarray
    """Where the baseline had a moved deliverable, epoch ms (NaN: not moved) ..."""
    ghost_finish: np.ndarray
    ghost_milestone: np.ndarray
    """... and whether it was a milestone there."""
    was_period: np.ndarray
    """The baseline's time of a moved deliverable, in words ('' when not moved)."""
    shift: np.ndarray
    """Quarters the end moved (0 when not moved)."""
    new: np.ndarray
    badge: np.ndarray
    """'+2 kv', 'start −1 kv', 'Ny' or ''."""
    removed: pd.DataFrame
    """The baseline's removed deliverables whose service is shown (REMOVED_COLUMNS)."""
    removed_elsewhere: int = 0
    """Removed deliverables of shown areas whose service is gone too (no row to draw them in)."""

    @property
    def moved(self) -> np.ndarray:
        moved: np.ndarray = ~np.isnan(self.ghost_start)
        return moved

    @property
    def any_baseline(self) -> bool:
        return bool(self.baseline) and bool(
            self.moved.any() or self.new.any() or len(self.removed) or self.removed_elsewhere
        )


def _epoch_ms(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype="datetime64[ms]").astype(np.int64)


def no_marks(n: int) -> Marks:
    return Marks(
        risks={},
        risky=np.zeros(n, dtype=bool),
        baseline="",
        ghost_start=np.full(n, np.nan),
        ghost_finish=np.full(n, np.nan),
        ghost_milestone=np.zeros(n, dtype=bool),
        was_period=np.full(n, "", dtype=object),
        shift=np.zeros(n, dtype=np.int64),
        new=np.zeros(n, dtype=bool),
        badge=np.full(n, "", dtype=object),
        removed=pd.DataFrame(columns=list(REMOVED_COLUMNS)),
    )


def gantt_marks(frames: RoadmapFrames, options: FigureOptions) -> Marks:
    """The marks of the (filtered) frames under these options."""
    d = frames.deliverables
    n = len(d)
    ids = d["id"].to_numpy(dtype=object)
    risks = high_risks(frames)
    risky = np.fromiter((i in risks for i in ids), dtype=bool, count=n)
    base = options.baseline
    if base is None:
        return Marks(**{**no_marks(n).__dict__, "risks": risks, "risky": risky})
    lined, new = base.for_deliverables(ids)
    moved = lined["start"].notna().to_numpy()
    ghost_start = np.full(n, np.nan)
    ghost_finish = np.full(n, np.nan)
    if moved.any():
        ghost_start[moved] = _epoch_ms(lined.loc[moved, "start"])
        ghost_finish[moved] = _epoch_ms(lined.loc[moved, "finish"])
    shift = lined["shift"].fillna(0).to_numpy(dtype=np.int64)
    start_shift = lined["start_shift"].fillna(0).to_numpy(dtype=np.int64)
    lang = options.lang
    new_word = t("baseline.new_badge", lang)
    badge = np.full(n, "", dtype=object)
    for i in np.flatnonzero(moved):
        badge[i] = shift_text(shift[i], start_shift[i], lang)
    badge[new] = new_word
    removed = base.removed
    shown_services = set(frames.services["id"])
    here = removed["service"].isin(shown_services).to_numpy(dtype=bool)
    areas = set(frames.services["area"])
    elsewhere = (~removed["service"].isin(base.services) & removed["area"].isin(areas)).to_numpy(dtype=bool)
    return Marks(
        risks=risks,
        risky=risky,
        baseline=base.label,
        ghost_start=ghost_start,
        ghost_finish=ghost_finish,
        ghost_milestone=lined["was_milestone"].fillna(False).to_numpy(dtype=bool),
        was_period=lined["period_label"].fillna("").to_numpy(dtype=object),
        shift=shift,
        new=new,
        badge=badge,
        removed=removed[here].reset_index(drop=True),
        removed_elsewhere=int(elsewhere.sum()),
    )


__all__ = ["RISK_MARK", "Marks", "gantt_marks", "no_marks"]
