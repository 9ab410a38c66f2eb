"""Repeated page renders come from the snapshot's bounded cache; a reload starts afresh."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from callback_client import CallbackClient

from veikart.app.cache import RenderCache, render_cached
from veikart.app.factory import create_dashboard
from veikart.app.pages import gantt
from veikart.filters import Filters

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "roadmap.yaml"
GANTT_CHART = "gantt-graph.figure"


def chart_values(areas: list[str]) -> dict[str, object]:
    return {
        "gantt-filter-area.value": areas,
        "gantt-color-by.value": "status",
        "gantt-dependencies.value": False,
        "gantt-selected.value": "",
        '{"page":"gantt","type":"page-version"}.value': "v",
    }


def test_identical_filter_callbacks_are_answered_from_the_cache(tmp_path: Path):
    data = tmp_path / "roadmap.yaml"
    shutil.copy(BUNDLED, data)
    dashboard = create_dashboard(data, watch=False)
    client = CallbackClient(dashboard.app)
    before = dashboard.source.snapshot().renders
    misses = before.misses
    status, first = client.call(GANTT_CHART, chart_values(["e-resept", "kjernejournal"]))
    assert status == 200
    # The same choice in another order is the same view: one render for both.
    status, again = client.call(GANTT_CHART, chart_values(["kjernejournal", "e-resept"]))
    assert status == 200
    assert again["response"]["gantt-graph"] == first["response"]["gantt-graph"]
    assert before.misses == misses + 1 and before.hits >= 1
    # A reload brings a new snapshot with a cache of its own: nothing stale is served.
    data.write_text(BUNDLED.read_text(encoding="utf-8").replace("Pasientens legemiddelliste", "PLL", 1))
    assert dashboard.source.check()
    after = dashboard.source.snapshot().renders
    assert after is not before and len(after) == 0
    client.call(GANTT_CHART, chart_values(["e-resept", "kjernejournal"]))
    assert after.misses == 1


def test_the_cache_is_bounded_and_forgets_the_least_recently_used():
    cache = RenderCache(max_entries=3)
    for key in "abcd":
        cache.get_or_compute(key, lambda key=key: key.upper())
    assert len(cache) == 3
    computed: list[str] = []
    assert cache.get_or_compute("a", lambda: computed.append("a") or "A") == "A"
    assert computed == ["a"]  # "a" was the oldest: forgotten, computed again


def test_concurrent_readers_get_the_same_answer(bundled_frames):
    from veikart.app.source import Snapshot

    snapshot = Snapshot(frames=bundled_frames)
    options = gantt.GanttOptions()
    views = []

    def read() -> None:
        views.append(render_cached(snapshot, gantt.render, Filters(area=("e-resept",)), options))

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({view.count for view in views}) == 1
    assert len(snapshot.renders) == 1
