"""The reload watcher: it survives anything a cycle raises, says how it is, and logs every reload."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hosting_server import free_port, get

from veikart.app import source as source_module
from veikart.app.source import FAILING_AFTER, RoadmapSource
from veikart.hosting.application import roadmap_probe
from veikart.hosting.health import health_payload

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "roadmap.yaml"
EXTRA = """
  - id: lagt-til-etter-sletting
    service: pll
    title: Lagt til etter at arbeidsmappen ble slettet
    start: 2024-Q1
    end: 2024-Q4
"""


def wait_for(condition, seconds: float = 30, what: str = "") -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)  # polling the watcher thread, which works on its own clock


def test_the_watcher_survives_any_error_logs_it_and_recovers(tmp_path, monkeypatch, caplog):
    data = tmp_path / "roadmap.yaml"
    shutil.copy(BUNDLED, data)
    monkeypatch.setattr(source_module, "POLL_SECONDS", 0.02)
    source = RoadmapSource(data)
    try:
        source.snapshot()  # starts the watcher
        real_stamp = source_module.files_stamp

        def broken(path: Path, digests: object = None) -> str:
            raise RuntimeError("Symlink loop from '/srv/veikart/data'")

        caplog.set_level(logging.INFO, logger="veikart.reload")
        monkeypatch.setattr(source_module, "files_stamp", broken)
        wait_for(lambda: source.watcher().failures >= FAILING_AFTER + 2, what="failed cycles")
        state = source.watcher()
        assert state.alive and not state.healthy()
        assert "Symlink loop" in state.last_error and "fails" in state.reason()
        errors = [r for r in caplog.records if r.name == "veikart.reload" and r.levelno >= logging.ERROR]
        assert errors and errors[0].exc_info is not None  # the traceback once, then one line each
        health = roadmap_probe(source)()
        body, status = health_payload(health)
        assert status == 503 and (body["status"], body["reason"]) == ("failing", state.reason())

        monkeypatch.setattr(source_module, "files_stamp", real_stamp)
        data.write_text(BUNDLED.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")
        wait_for(lambda: source.watcher().failures == 0, what="a good cycle")
        wait_for(lambda: source.snapshot().version == real_stamp(source.path), what="the reload")
        assert source.watcher().healthy() and source.watcher().last_error is None
        assert "lagt-til-etter-sletting" in set(source.snapshot().frames.deliverables["id"])
        assert health_payload(roadmap_probe(source)())[1] == 200
    finally:
        source.stop()


def test_every_reload_is_logged_with_its_outcome_and_problems(tmp_path, caplog):
    data = tmp_path / "roadmap.yaml"
    shutil.copy(BUNDLED, data)
    caplog.set_level(logging.INFO, logger="veikart.reload")
    source = RoadmapSource(data, watch=False)
    text = BUNDLED.read_text(encoding="utf-8")
    data.write_text(text.replace("status: planning", "status: planned", 1), encoding="utf-8")
    assert source.check()
    data.write_text(text, encoding="utf-8")
    assert source.check()
    lines = [r.getMessage() for r in caplog.records if r.name == "veikart.reload"]
    assert any("loaded" in line and ": valid," in line for line in lines)
    invalid = next(i for i, line in enumerate(lines) if ": invalid, 1 errors" in line)
    assert "last valid version stays shown" in lines[invalid]
    assert "planned" in lines[invalid + 1] and "roadmap.yaml:" in lines[invalid + 1]
    assert "reloaded" in lines[-1] and ": valid," in lines[-1]


def test_a_stopped_watcher_is_unhealthy(tmp_path):
    data = tmp_path / "roadmap.yaml"
    shutil.copy(BUNDLED, data)
    source = RoadmapSource(data)
    source.snapshot()
    assert source.watcher().healthy()
    source.stop()
    wait_for(lambda: not source.watcher().alive, what="the watcher to stop")
    assert source.watcher().reason() == "the reload watcher has stopped"


def _deleted_working_directory_is_supported() -> bool:
    """The roadmap stage names files without the working directory (fixed with issue 11)."""
    probe = (
        "import os, tempfile, pathlib\n"
        "d = tempfile.mkdtemp(); os.chdir(d); os.rmdir(d)\n"
        "from veikart.roadmap.problems import display_path\n"
        "display_path(pathlib.Path('/tmp/roadmap.yaml'))\n"
    )
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=60).returncode == 0


@pytest.mark.server
def test_a_deleted_working_directory_then_an_edit_the_dashboard_and_healthz_follow(tmp_path):
    if not _deleted_working_directory_is_supported():
        pytest.skip("veikart.roadmap cannot name files from a deleted working directory yet")
    data = tmp_path / "data" / "roadmap.yaml"
    data.parent.mkdir()
    shutil.copy(BUNDLED, data)
    release = tmp_path / "release-1"  # a deploy's release folder, removed by the next deploy
    release.mkdir()
    port = free_port()
    env = {
        **os.environ,
        "VEIKART_DATA": str(data),
        "VEIKART_PORT": str(port),
        "VEIKART_WORKERS": "2",
        "VEIKART_THREADS": "2",
        "VEIKART_ACCESS_LOG": "false",
    }
    log = tmp_path / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            ["timeout", "300", sys.executable, "-m", "veikart", "serve", "--production"],
            cwd=release,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:

        def healthz() -> tuple[int, dict]:
            with contextlib.suppress(OSError):
                status, _, body = get(base + "/healthz", timeout=5)
                return status, json.loads(body)
            return 0, {}

        wait_for(lambda: healthz()[0] == 200, 90, "the server")
        total = healthz()[1]["deliverables"]
        shutil.rmtree(release)
        data.write_text(BUNDLED.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")

        # Every worker follows: only answers with the new roadmap over several poll intervals.
        def every_worker_follows() -> bool:
            answers = [healthz() for _ in range(8)]
            return all(s == 200 and body.get("deliverables") == total + 1 for s, body in answers)

        wait_for(every_worker_follows, 60, f"/healthz to report {total + 1} deliverables\n{log.read_text()}")
        status, _, body = get(base + "/_dash-layout", {"Referer": base + "/tabell"})
        assert status == 200
        text = body.decode()
        assert f"Viser {total + 1} av {total + 1} leveranser" in text
        assert "Lagt til etter at arbeidsmappen ble slettet" in text
        assert "Traceback" not in log.read_text()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_the_banner_shows_warnings_and_errors_with_their_column(tmp_path):
    from dash import html

    from veikart.app.components import problems_banner, warnings_banner

    folder = tmp_path / "veikart"
    folder.mkdir()
    data = folder / "roadmap.yaml"
    shutil.copy(BUNDLED, data)
    # two deliverables entirely after the roadmap's period: two warnings, still valid
    (folder / "later.yaml").write_text(
        "deliverables:\n"
        "  - {id: senere-1, service: pll, title: Senere en, at: 2031-Q1}\n"
        "  - {id: senere-2, service: pll, title: Senere to, at: 2031-Q2}\n",
        encoding="utf-8",
    )
    source = RoadmapSource(folder, watch=False)
    snapshot = source.snapshot()
    assert snapshot.valid and problems_banner(snapshot, "nb") == []
    assert len(snapshot.warnings) == 2
    folded = str(warnings_banner(snapshot, "nb")[0].to_plotly_json())
    assert "Veikartet har 2 advarsler" in folded
    first = snapshot.warnings[0].location
    assert f"{first.file}:{first.line}:{first.column}:" in folded
    data.write_text(BUNDLED.read_text(encoding="utf-8").replace("status: planning", "status: planned", 1))
    assert source.check()
    banner = problems_banner(source.snapshot(), "nb")[0]
    assert isinstance(banner.children[1], html.Ul)
    assert "viser siste gyldige versjon" in str(banner.to_plotly_json())
    location = source.snapshot().problems[0].location
    assert f"{location.file}:{location.line}:{location.column}:" in str(banner.to_plotly_json())


def test_the_version_stamp_is_the_files_contents_wherever_they_lie(tmp_path):
    """Two machines (or two release folders) with the same files agree on the version, so a
    reader sent to the other machine is not told to reload; an edit changes it."""
    first, second = tmp_path / "a" / "data", tmp_path / "releases" / "2" / "data"
    for folder in (first, second):
        folder.mkdir(parents=True)
        (folder / "roadmap.yaml").write_text(BUNDLED.read_text(encoding="utf-8"), encoding="utf-8")
    os.utime(second / "roadmap.yaml", ns=(1_000_000_000, 1_000_000_000))
    assert source_module.files_stamp(first) == source_module.files_stamp(second)
    assert source_module.files_stamp(first / "roadmap.yaml") == source_module.files_stamp(
        second / "roadmap.yaml"
    )
    digests: dict = {}
    before = source_module.files_stamp(first, digests)
    assert len(digests) == 1
    (first / "roadmap.yaml").write_text(BUNDLED.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")
    after = source_module.files_stamp(first, digests)
    assert after != before and after == source_module.files_stamp(first)
    assert len(digests) == 1  # the old file's digest is dropped
