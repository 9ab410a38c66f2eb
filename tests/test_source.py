"""The dashboard's roadmap source: loaded once, current on first use, last valid kept."""

from __future__ import annotations

import shutil
from pathlib import Path

from veikart.app.source import RoadmapSource

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "roadmap.yaml"


def test_first_use_in_a_process_sees_files_changed_since_loading(tmp_path: Path):
    data = tmp_path / "roadmap.yaml"
    data.write_text("roadmap:\n  title: Under arbeid\n", encoding="utf-8")
    source = RoadmapSource(data)  # loaded here (invalid); the watcher starts on first use
    try:
        shutil.copy(BUNDLED, data)
        snapshot = source.snapshot()
        assert snapshot.frames is not None and snapshot.valid
    finally:
        source.stop()


def test_an_invalid_edit_keeps_the_last_valid_roadmap(tmp_path: Path):
    data = tmp_path / "roadmap.yaml"
    shutil.copy(BUNDLED, data)
    source = RoadmapSource(data, watch=False)
    before = source.snapshot()
    data.write_text(BUNDLED.read_text(encoding="utf-8").replace("critical: true", "critcal: true", 1))
    assert source.check()
    after = source.snapshot()
    assert after.frames is before.frames
    assert not after.valid and "critcal" in after.problems[0].message
    assert after.version != before.version
