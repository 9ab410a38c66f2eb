"""Benchmark: what public mode and the dashboard's new content cost, as ratios in one run.

On a synthetic version-2 roadmap (sources, estimates, notes, internal items, risks):

- loading for the dashboard (`RoadmapSource._load`: YAML -> roadmap -> frames), public
  (`public_roadmap` + `check_public`) against internal: the public source must cost about
  what the internal one does, since every reload of every worker pays it;
- the risks page's render against the table page's render for the same roadmap (both are
  cached per snapshot and filters; the first view of each filter pays it);
- a deliverable's details panel (sources, risks, note) against the same panel without
  them (the frames with empty sources and risks), per click.

    python bench/bench_public.py [--n 2000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from veikart.app.details import deliverable_details
from veikart.app.pages import risks, table
from veikart.app.source import RoadmapSource
from veikart.filters import Filters
from veikart.roadmap.synthetic import synthetic_roadmap


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="deliverables")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roadmap.yaml"
        data = synthetic_roadmap(args.n, v2=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        internal = RoadmapSource(path, watch=False)
        public = RoadmapSource(path, watch=False, public=True)
        frames = internal.snapshot().frames
        assert frames is not None and public.snapshot().frames is not None
        d = frames.deliverables
        print(
            f"roadmap: {len(d)} deliverables ({int(d['internal'].sum())} internal), "
            f"{len(frames.risks)} risks, {len(frames.sources)} sources"
        )
        load_internal = median_seconds(lambda: internal._load(None, "x"), args.repeat)
        load_public = median_seconds(lambda: public._load(None, "x"), args.repeat)
        print(
            f"load for the dashboard: internal {load_internal * 1000:.0f} ms, public "
            f"{load_public * 1000:.0f} ms, ratio {load_public / load_internal:.2f}"
        )
        render_table = median_seconds(
            lambda: table.render(frames, Filters(), table.TableOptions()), args.repeat
        )
        render_risks = median_seconds(
            lambda: risks.render(frames, Filters(), risks.RisksPageOptions()), args.repeat
        )
        print(
            f"render: table {render_table * 1000:.1f} ms, risks {render_risks * 1000:.1f} ms, "
            f"ratio {render_risks / render_table:.2f}"
        )
        hit = set(frames.risks["affects_deliverables"].explode().dropna())
        chosen = next(i for i in d["id"] if i in hit)
        bare = dataclasses.replace(frames, sources=frames.sources.iloc[0:0], risks=frames.risks.iloc[0:0])
        with_content = median_seconds(lambda: deliverable_details(frames, chosen, "nb", "x"), args.repeat)
        without = median_seconds(lambda: deliverable_details(bare, chosen, "nb", "x"), args.repeat)
        print(
            f"details panel: without sources and risks {without * 1000:.1f} ms, with "
            f"{with_content * 1000:.1f} ms, ratio {with_content / without:.2f}"
        )


if __name__ == "__main__":
    main()
