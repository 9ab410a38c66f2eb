"""The Gantt view's hover texts: title, service, period, kind, status, phase, flags, dependencies.

Built from whatever frames the figure draws (a filtered view builds only its own rows),
column by column: each part is looked up once per distinct value and the parts are
joined as numpy object arrays, not formatted row by row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from veikart.figures.style import STATUS_ORDER
from veikart.figures.text import plotly_text
from veikart.frames import RoadmapFrames
from veikart.i18n import Lang, flag_label, status_label, t

TITLE_CHARS = 90
"""A hover title longer than this is shortened: the details panel has the whole text."""
NAMED_DEPENDENCIES = 3


def _short(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def _mapped(values: pd.Series, part: Mapping[object, str]) -> np.ndarray:
    """`part[value]` for every value ('' when missing), looked up once per distinct value."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    table = np.array([part.get(u, "") for u in uniques] + [""], dtype=object)
    return table[codes]  # the sentinel -1 picks the trailing ''


def _names(ids: Iterable[str], titles: Mapping[str, str], lang: Lang) -> str:
    """The titles of `ids` in the frames, then how many more and how many are filtered away."""
    inside = [i for i in ids if i in titles]
    outside = sum(1 for i in ids if i not in titles)
    parts = [plotly_text(_short(titles[i], 60)) for i in inside[:NAMED_DEPENDENCIES]]
    if len(inside) > NAMED_DEPENDENCIES:
        parts.append(t("gantt.more", lang, n=len(inside) - NAMED_DEPENDENCIES))
    if outside:
        parts.append(t("gantt.outside", lang, n=outside))
    return ", ".join(parts)


def hover_texts(frames: RoadmapFrames, lang: Lang) -> np.ndarray:
    """One hover text per deliverable row of `frames`, as plotly text (YAML text escaped).

    Dependencies outside the frames (filtered away) are counted, not named.
    """
    d = frames.deliverables
    if not len(d):
        return np.zeros(0, dtype=object)
    titles = d["title"].to_numpy(dtype=object)
    head = np.array([plotly_text(_short(title, TITLE_CHARS)) for title in titles], dtype=object)
    services = {name: plotly_text(name) for name in d["service_name"].unique()}
    kinds = {k: f" · {t(f'kind.{k}', lang)}" for k in ("milestone", "decision")}
    status_word = t("filter.status", lang)
    statuses = {s: f"<br>{status_word}: {status_label(s, lang)}" for s in STATUS_ORDER if s}
    phase_word = t("filter.phase", lang)
    phases = {p: f"<br>{phase_word}: {plotly_text(p)}" for p in d["phase_name"].dropna().unique()}
    text = (
        "<b>"
        + head
        + "</b><br>"
        + _mapped(d["service_name"], services)
        + " · "
        + d["period_label"].to_numpy(dtype=object)
        + _mapped(d["kind"], kinds)
        + _mapped(d["status"], statuses)
        + _mapped(d["phase_name"], phases)
    )
    flags = d["flags"].to_numpy(dtype=object)
    ups = d["depends_on"].to_numpy(dtype=object)
    downs = d["dependents"].to_numpy(dtype=object)
    extra_rows = np.flatnonzero([bool(f or u or w) for f, u, w in zip(flags, ups, downs, strict=True)])
    if len(extra_rows):
        labels = (t("gantt.flags", lang), t("gantt.depends_on", lang), t("gantt.dependents", lang))
        names = dict(zip(d["id"].to_numpy(dtype=object), titles, strict=True))
        for i in extra_rows:
            parts = []
            if flags[i]:
                parts.append(f"<br>{labels[0]}: {', '.join(flag_label(f, lang) for f in flags[i])}")
            if ups[i]:
                parts.append(f"<br>{labels[1]}: {_names(ups[i], names, lang)}")
            if downs[i]:
                parts.append(f"<br>{labels[2]}: {_names(downs[i], names, lang)}")
            text[i] += "".join(parts)
    return text
