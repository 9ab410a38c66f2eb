"""The roadmap compared with a baseline (the roadmap at another revision), for drawing.

`baseline_changes(frames, baseline_frames, label)` compares two sets of frames by
deliverable id, in a few vectorised pandas steps (no models, no git): which deliverables
moved (where the baseline had them and by how many quarters the end or start moved), which
are new, which the baseline had and the roadmap has not, and each service's phase in every
quarter of the baseline. The dashboard computes it once per (snapshot, baseline) and hands
it to every figure through `FigureOptions.baseline`; exports do the same for `--baseline`.

"Moved" means what `veikart diff` means (`veikart.history.changes`, kind "moved"): the
start or the end (or `at`) differs. The shift is counted in quarters of the end, positive
= later, as in `veikart diff`'s `shift_quarters`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from veikart.frames import RoadmapFrames
from veikart.i18n import Lang, t

REMOVED_COLUMNS = (
    "id",
    "service",
    "service_name",
    "area",
    "title",
    "start",
    "finish",
    "is_milestone",
    "kind",
    "status",
    "period_label",
)


@dataclass(frozen=True, eq=False)
class BaselineChanges:
    """What differs from the baseline, per deliverable id; hashed by identity (cache keys)."""

    label: str
    """What the baseline is called where figures name it: a tag or a short commit id."""
    moved: pd.DataFrame
    """Index: ids of deliverables in both whose time differs. Columns: `start`, `finish`
    (the baseline's, `finish` exclusive as in the frames), `shift` (quarters the end moved,
    positive = later), `start_shift`, `was_milestone`, `period_label` (the baseline's time
    in words)."""
    added: frozenset[str]
    """Ids the baseline does not have."""
    removed: pd.DataFrame
    """The baseline's rows (REMOVED_COLUMNS) of deliverables the roadmap no longer has,
    in the baseline's row order."""
    phases: dict[str, dict[str, str]] = field(default_factory=dict)
    """Service id -> quarter ('2023-Q2') -> the service's phase id in the baseline
    ('' unknown), for every quarter of the baseline's period."""
    phase_names: dict[str, str] = field(default_factory=dict)
    """The baseline's phase names, by id."""
    services: frozenset[str] = frozenset()
    """The roadmap's services (all of them): a removed deliverable whose service is not
    among them went with its service, and has no row to be drawn in."""

    @property
    def empty(self) -> bool:
        return self.moved.empty and not self.added and self.removed.empty

    def phase_at(self, service: str, quarter: str) -> str | None:
        """The service's phase at `quarter` in the baseline; None when it did not exist then."""
        return self.phases.get(service, {}).get(quarter)

    def for_deliverables(self, ids: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
        """The moved rows lined up with `ids` (NaN where unchanged), and which ids are new."""
        lined = self.moved.reindex(pd.Index(ids, dtype=object))
        new = np.fromiter((i in self.added for i in ids), dtype=bool, count=len(ids))
        return lined, new


def _quarter_index(labels: pd.Series) -> np.ndarray:
    """'2022-Q3' -> 2022 * 4 + 2, as `Quarter.index`, for a whole column."""
    text = labels.astype(str)
    return (text.str[:4].astype(int) * 4 + text.str[-1].astype(int) - 1).to_numpy(dtype=np.int64)


def baseline_changes(frames: RoadmapFrames, baseline: RoadmapFrames, label: str) -> BaselineChanges:
    """Compare `frames` with the `baseline` frames (both unfiltered), deliverable by id."""
    now = frames.deliverables
    then = baseline.deliverables
    columns = ["id", "start", "end", "finish", "is_milestone", "start_quarter", "end_quarter", "period_label"]
    both = now[columns].merge(then[columns], on="id", how="inner", suffixes=("", "_base"))
    differs = (both["start"] != both["start_base"]) | (both["end"] != both["end_base"])
    both = both[differs.to_numpy()]
    moved = pd.DataFrame(
        {
            "start": both["start_base"].to_numpy(),
            "finish": both["finish_base"].to_numpy(),
            "shift": _quarter_index(both["end_quarter"]) - _quarter_index(both["end_quarter_base"]),
            "start_shift": _quarter_index(both["start_quarter"]) - _quarter_index(both["start_quarter_base"]),
            "was_milestone": both["is_milestone_base"].to_numpy(dtype=bool),
            "period_label": both["period_label_base"].to_numpy(dtype=object),
        },
        index=pd.Index(both["id"].to_numpy(dtype=object), name="id"),
    )
    then_ids = set(then["id"])
    now_ids = set(now["id"])
    added = frozenset(i for i in now["id"] if i not in then_ids)
    removed = then.loc[~then["id"].isin(now_ids), list(REMOVED_COLUMNS)].reset_index(drop=True)
    timeline = baseline.phase_timeline
    phases: dict[str, dict[str, str]] = {}
    for service, quarter, phase in zip(
        timeline["service"].to_numpy(dtype=object),
        timeline["quarter"].to_numpy(dtype=object),
        timeline["phase"].to_numpy(dtype=object),
        strict=True,
    ):
        phases.setdefault(service, {})[quarter] = phase
    names = dict(zip(baseline.phases["id"], baseline.phases["name"], strict=True))
    return BaselineChanges(
        label=label,
        moved=moved,
        added=added,
        removed=removed,
        phases=phases,
        phase_names=names,
        services=frozenset(frames.services["id"]),
    )


def shift_text(shift: int, start_shift: int, lang: Lang) -> str:
    """The badge of a moved deliverable: '+2 kv' (its end), else 'start −1 kv', else ''."""
    if shift:
        return t("diff.shift", lang, n=int(shift))
    if start_shift:
        return t("diff.start_shift", lang, n=int(start_shift))
    return ""


__all__ = ["BaselineChanges", "baseline_changes", "shift_text"]
