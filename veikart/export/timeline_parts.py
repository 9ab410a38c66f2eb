"""A dense area's timeline split evenly over as few images (slides) as keep every title.

An image has a fixed size; an area with many overlapping deliverables does not fit one
with its titles at a legible size. Its services are then split, in order, into the fewest
runs that each fit, balanced by how many rows they need, so no slide is crammed while the
next holds a single bar. The row plan (`veikart.figures.gantt.gantt_plan`) says whether a
run fits.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate

from veikart.export.request import ExportRequest, figure_options
from veikart.export.sizes import ImageSize
from veikart.figures.gantt import gantt_plan
from veikart.filters import filter_frames
from veikart.frames import RoadmapFrames


def balanced_runs(weights: Sequence[float], parts: int) -> list[tuple[int, int]]:
    """`weights` cut into `parts` consecutive runs (start, stop) with the smallest heaviest run."""
    n = len(weights)
    parts = max(1, min(parts, n))
    prefix = [0.0, *accumulate(weights)]
    # best[k][i]: the smallest heaviest run when the first i weights form k runs.
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(parts + 1)]
    cut = [[0] * (n + 1) for _ in range(parts + 1)]
    best[0][0] = 0.0
    for k in range(1, parts + 1):
        for i in range(k, n + 1):
            for j in range(k - 1, i):
                cost = max(best[k - 1][j], prefix[i] - prefix[j])
                if cost < best[k][i]:
                    best[k][i], cut[k][i] = cost, j
    runs = []
    i = n
    for k in range(parts, 0, -1):
        j = cut[k][i]
        runs.append((j, i))
        i = j
    return runs[::-1]


def timeline_parts(frames: RoadmapFrames, request: ExportRequest, size: ImageSize) -> list[tuple[str, ...]]:
    """The services of the request's timeline in the fewest even runs whose images keep their titles.

    One run (all services) when they fit together; a request naming its services, or a
    single service too dense even alone, is never split.
    """
    shown = filter_frames(frames, request.filters)
    with_items = set(shown.deliverables["service"])
    services = [s for s in shown.services["id"] if s in with_items]
    if request.filters.service or len(services) < 2:
        return [tuple(services)]
    options = figure_options(request, frames.lang, static=True, size=size)

    def fits(run: Sequence[str]) -> bool:
        part = filter_frames(frames, request.filters.replace(service=tuple(run)))
        return gantt_plan(part, options).mode == "titled"

    if fits(services):
        return [tuple(services)]
    counts = shown.deliverables.groupby("service").size()
    weights = [float(counts.get(s, 0)) + 1 for s in services]
    for parts in range(2, len(services) + 1):
        runs = [services[a:b] for a, b in balanced_runs(weights, parts)]
        if all(len(run) == 1 or fits(run) for run in runs):
            return [tuple(run) for run in runs]
    return [(s,) for s in services]
