"""The real production server (gunicorn, two workers): debug locked, headers, traversal, /healthz, login."""

from __future__ import annotations

import base64
import http.client
import json
import re
import shutil
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import quote, urlsplit

import bcrypt
import pytest
from hosting_server import get, production_server

from veikart.app.source import POLL_SECONDS

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "roadmap.yaml"
DEBUG_SWITCHES = {
    "DASH_DEBUG": "true",
    "DASH_UI": "true",
    "DASH_PROPS_CHECK": "true",
    "DASH_HOT_RELOAD": "true",
    "DASH_SERVE_DEV_BUNDLES": "true",
    "FLASK_DEBUG": "1",
}


def raw_get(base: str, path: str) -> tuple[int, bytes]:
    """GET `path` exactly as written (no client-side normalisation of '..')."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def dash_config(page: bytes) -> dict:
    match = re.search(rb'<script id="_dash-config" type="application/json">(.*?)</script>', page)
    assert match, "no Dash config in the page"
    return json.loads(match[1])


@pytest.fixture(scope="module")
def data_and_marker(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The roadmap in a data folder, and a secret marker file next to (outside) that folder."""
    root = tmp_path_factory.mktemp("hosting")
    data = root / "data"
    data.mkdir()
    shutil.copy(BUNDLED, data / "roadmap.yaml")
    secret = f"MARKER-{uuid.uuid4()}"
    marker = root / "marker-secret.txt"
    marker.write_text(secret, encoding="utf-8")
    return data, marker, secret


@pytest.fixture(scope="module")
def server(data_and_marker: tuple[Path, Path, str]):
    data, _, _ = data_and_marker
    # Every debug switch set in the environment: production mode must ignore all of them.
    with production_server(data, env=DEBUG_SWITCHES) as base:
        yield base


def test_debug_switches_in_the_environment_change_nothing(server: str) -> None:
    status, _, page = get(server + "/")
    assert status == 200
    config = dash_config(page)
    assert config["ui"] is False
    assert config["props_check"] is False
    assert "hot_reload" not in config
    assert b".dev.js" not in page  # DASH_SERVE_DEV_BUNDLES would serve the unminified bundles


def test_security_and_cache_headers_on_the_real_server(server: str) -> None:
    status, headers, _ = get(server + "/", {"Accept-Encoding": "br"})
    assert status == 200
    assert headers["Content-Encoding"] == "br"
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in policy
    assert "'unsafe-eval'" not in policy
    assert "frame-ancestors 'self'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-cache"
    _, _, plain = get(server + "/")
    script = next(s for s in re.findall(rb'<script src="([^"]+)"', plain) if b"dash_renderer" in s).decode()
    status, headers, _ = get(server + script, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


def traversal_paths(marker: Path) -> list[str]:
    """Ways to name the marker from every route that takes a name."""
    absolute = str(marker)
    paths = []
    for prefix in (
        "/assets/",
        "/static/",
        "/_dash-component-suites/dash/",
        "/_dash-component-suites/plotly/",
        "/_dash-component-suites/dash_bootstrap_components/",
        "/",
    ):
        for depth in (1, 4, 12):
            climb = "../" * depth + absolute.lstrip("/")
            paths += [
                prefix + climb,
                prefix + quote(climb, safe=""),
                prefix + climb.replace("..", "%2e%2e"),
                prefix + quote(quote(climb, safe=""), safe=""),
                prefix + climb.replace("/", "\\"),
            ]
        paths.append(prefix + quote(absolute, safe=""))
    return paths


def test_path_traversal_reads_nothing(server: str, data_and_marker: tuple[Path, Path, str]) -> None:
    _, marker, secret = data_and_marker
    for path in traversal_paths(marker):
        status, body = raw_get(server, path)
        assert secret.encode() not in body, path
        if (
            path.startswith("/_dash-component-suites/")
            or path.startswith(("/assets/", "/static/"))
            or ".." in path
        ):
            assert 400 <= status < 500, (path, status)


def test_names_in_callback_ids_are_refused(server: str) -> None:
    get(server + "/")
    body = {
        "output": '{"type":"download-file","view":["MATCH"]}.data',
        "outputs": {"id": {"type": "download-file", "view": "../../../etc/passwd"}, "property": "data"},
        "inputs": [
            {
                "id": {"type": "download-ask", "view": "../../../etc/passwd"},
                "property": "data",
                "value": {"fmt": "png"},
            }
        ],
        "changedPropIds": [],
    }
    request = urllib.request.Request(
        server + "/_dash-update-component",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400


HEALTHY_WINDOW = 5 * POLL_SECONDS
"""Seconds of only-healthy answers that show every worker has reloaded."""


def test_healthz_503_until_valid_then_200_in_every_worker(tmp_path: Path) -> None:
    data = tmp_path / "roadmap.yaml"
    data.write_text("roadmap:\n  title: Under arbeid\n", encoding="utf-8")  # invalid: sections missing
    with production_server(data, workers=3, expect_healthy=False) as base:
        statuses = {get(base + "/healthz")[0] for _ in range(12)}
        assert statuses == {503}
        shutil.copy(BUNDLED, data)
        # Each worker reloads on its own, within its poll interval plus the load itself.
        # Counting answers is not enough: while one worker is busy reloading, the others can
        # answer dozens in a row. Every answer over a window of several poll intervals must
        # report the new roadmap.
        deadline = time.monotonic() + 60
        healthy_since = None
        while healthy_since is None or time.monotonic() - healthy_since < HEALTHY_WINDOW:
            assert time.monotonic() < deadline, "not every worker reloaded the roadmap"
            status, _, body = get(base + "/healthz")
            if status == 200 and json.loads(body)["deliverables"] > 0:
                healthy_since = healthy_since or time.monotonic()
            else:
                healthy_since = None
        status, _, body = get(base + "/healthz")
        payload = json.loads(body)
        assert payload["status"] == "ok"
        assert payload["updated"] == "2021-12-01"


def test_basic_auth_on_the_real_server(tmp_path: Path) -> None:
    users = tmp_path / "users.txt"
    hashed = bcrypt.hashpw(b"styremote", bcrypt.gensalt(4)).decode()
    users.write_text(f"leder:{hashed}\n", encoding="utf-8")
    good = "Basic " + base64.b64encode(b"leder:styremote").decode()
    bad = "Basic " + base64.b64encode(b"leder:gjett").decode()
    with production_server(BUNDLED, env={"VEIKART_USERS": str(users)}) as base:
        assert get(base + "/")[0] == 401
        assert get(base + "/", {"Authorization": bad})[0] == 401
        status, headers, _ = get(base + "/_dash-layout")
        assert status == 401
        assert headers["WWW-Authenticate"].startswith("Basic ")
        assert get(base + "/", {"Authorization": good})[0] == 200
        assert get(base + "/_dash-layout", {"Authorization": good})[0] == 200
        assert get(base + "/healthz")[0] == 200


def post_json(url: str, body: dict, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_one_json_log_with_the_readers_address_and_without_quiet_polls(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    env = {"VEIKART_LOG_FORMAT": "json", "VEIKART_ACCESS_LOG": "true"}
    with production_server(BUNDLED, env=env, workers=1, log=log) as base:
        get(base + "/faser", {"X-Forwarded-For": "6.6.6.6, 203.0.113.7", "User-Agent": "styreleder"})
        _, _, version_page = get(base + "/_dash-layout")
        version = json.loads(version_page)  # the layout carries the roadmap's current version
        stamp = next(
            child["props"]["data"]
            for child in version["props"]["children"]
            if child["props"].get("id") == "shell-version"
        )
        _, _, dependencies = get(base + "/_dash-dependencies")
        poll = next(c for c in json.loads(dependencies) if c["inputs"][0]["id"] == "shell-poll")

        def poll_body(known: str) -> dict:
            return {
                "output": poll["output"],
                "outputs": [{"id": "shell-version", "property": "data"}, []],
                "inputs": [{"id": "shell-poll", "property": "n_intervals", "value": 3}],
                "state": [{"id": "shell-version", "property": "data", "value": known}],
                "changedPropIds": ["shell-poll.n_intervals"],
            }

        assert post_json(base + "/_dash-update-component", poll_body(stamp)) == 204
        assert post_json(base + "/_dash-update-component", poll_body("old-version")) == 200
    lines = log.read_text().splitlines()
    records = [json.loads(line) for line in lines if line.strip()]  # every line is one JSON record
    loggers = {record["logger"] for record in records}
    assert {"gunicorn.error", "gunicorn.access"} <= loggers
    access = [r for r in records if r["logger"] == "gunicorn.access"]
    page = next(r for r in access if r["path"] == "/faser")
    assert page["remote"] == "203.0.113.7"  # from the trusted proxy's X-Forwarded-For (loopback)
    assert page["user_agent"] == "styreleder" and page["status"] == 200
    polls = [r for r in access if r["path"] == "/_dash-update-component"]
    assert [r["status"] for r in polls] == [200]  # the poll that found nothing new left no line


def test_hup_replaces_the_workers_without_refusing_a_request(tmp_path: Path) -> None:
    import os
    import signal
    import threading

    log = tmp_path / "server.log"
    with production_server(BUNDLED, workers=2, log=log) as base:
        statuses: list[int] = []
        stop = threading.Event()

        def keep_asking() -> None:
            while not stop.is_set():
                try:
                    statuses.append(get(base + "/faser", timeout=30)[0])
                except OSError:
                    statuses.append(-1)

        threads = [threading.Thread(target=keep_asking) for _ in range(3)]
        for thread in threads:
            thread.start()
        time.sleep(1)  # requests are flowing before the reload
        before = len(statuses)
        os.kill(base.pid, signal.SIGHUP)
        deadline = time.monotonic() + 60
        while log.read_text().count("Booting worker") < 4:  # two at start, two new ones
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)  # polling the log for the new workers
        time.sleep(2)  # and requests keep flowing after the old workers left
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert len(statuses) > before > 0
    assert set(statuses) == {200}
    assert "Handling signal: hup" in log.read_text()
