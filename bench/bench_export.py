"""Benchmark: image export with one reused Chromium against plotly's one-browser-per-image.

In the same run, on the bundled roadmap:

1. Ten PNGs (the first ten of the `--all` set) through one `ImageSession`, against the
   same ten figures written with plain `fig.write_image`, which starts a Chromium for
   every image. Both sides build their figures. Target: at most 0.35x.
2. One PNG of the Gantt view at 1920x1080 through veikart (`write_export`: load nothing,
   build, frame, start Chromium, draw, stop), against a bare `fig.write_image` of the
   same framed figure. Median of --repeat runs, alternating. Target: at most 1.3x.

    python bench/bench_export.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from veikart.export import DEFAULT_SIZE, ExportRequest, ImageSession, export_bytes, standard_set, view_figure
from veikart.export.formats import write_export
from veikart.frames import roadmap_frames
from veikart.registry import VIEW_NAMES
from veikart.roadmap.load import load_roadmap

ROADMAP = Path(__file__).resolve().parent.parent / "data" / "roadmap.yaml"
REUSE_TARGET = 0.35
SINGLE_TARGET = 1.3


def seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of the single-image comparison")
    args = parser.parse_args()

    result = load_roadmap(ROADMAP)
    assert result.roadmap is not None
    frames = roadmap_frames(result.roadmap)
    base = ExportRequest(files=("roadmap.yaml",))
    items = [i for i in standard_set(frames, base, VIEW_NAMES) if i.request.fmt == "png"][:10]
    requests = [item.request for item in items]
    size = DEFAULT_SIZE

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)

        def reused() -> None:
            with ImageSession() as session:
                for n, request in enumerate(requests):
                    (out / f"r{n}.png").write_bytes(export_bytes(frames, request, session))

        def separate() -> None:
            for n, request in enumerate(requests):
                figure = view_figure(frames, request, size=size)
                figure.write_image(out / f"s{n}.png", width=size.width, height=size.height, scale=1)

        t_reused = seconds(reused)
        t_separate = seconds(separate)
        ratio = t_reused / t_separate
        print(f"10 PNGs, one reused Chromium : {t_reused:6.2f} s")
        print(f"10 PNGs, fig.write_image each: {t_separate:6.2f} s")
        print(
            f"ratio {ratio:.2f}x (target <= {REUSE_TARGET}x): {'ok' if ratio <= REUSE_TARGET else 'MISSED'}"
        )

        gantt = dataclasses.replace(base, view="gantt", fmt="png")
        figure = view_figure(frames, gantt, size=size)
        ours: list[float] = []
        bare: list[float] = []
        for _ in range(args.repeat):
            ours.append(seconds(lambda: write_export(frames, gantt, out / "veikart.png")))
            bare.append(
                seconds(lambda: figure.write_image(out / "bare.png", width=size.width, height=size.height))
            )
        single = statistics.median(ours) / statistics.median(bare)
        print(f"Gantt PNG 1920x1080 via veikart: {statistics.median(ours):6.2f} s (median of {args.repeat})")
        print(f"Gantt PNG bare fig.write_image : {statistics.median(bare):6.2f} s (median of {args.repeat})")
        print(
            f"ratio {single:.2f}x (target <= {SINGLE_TARGET}x): {'ok' if single <= SINGLE_TARGET else 'MISSED'}"
        )
    return 0 if ratio <= REUSE_TARGET and single <= SINGLE_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
