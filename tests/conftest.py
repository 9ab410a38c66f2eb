"""Shared fixtures: the bundled roadmap and small helpers for writing roadmap files."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "roadmap.yaml"
CORPUS = Path(__file__).resolve().parent / "corpus"
MINIMAL = CORPUS / "valid" / "minimal.yaml"


@pytest.fixture(scope="session")
def bundled_roadmap():
    from veikart.load import load_roadmap

    result = load_roadmap(BUNDLED)
    assert result.roadmap is not None, [str(p) for p in result.problems.errors]
    return result.roadmap


@pytest.fixture(scope="session")
def bundled_frames(bundled_roadmap):
    from veikart.frames import roadmap_frames

    return roadmap_frames(bundled_roadmap)
