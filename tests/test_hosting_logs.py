"""Logs for operators and /healthz for load balancers (issue 16, item 5), without a server."""

from __future__ import annotations

import datetime as dt
import json
import logging
from types import SimpleNamespace

import pytest

from veikart.hosting.health import RoadmapHealth, health_payload, roadmap_probe
from veikart.hosting.logs import JsonFormatter, LineFormatter, access_fields, access_line, one_line
from veikart.hosting.proxy import TrustedProxies


def record_with_traceback() -> logging.LogRecord:
    try:
        raise RuntimeError("the roadmap could not be reloaded\nsecond line")
    except RuntimeError:
        import sys

        return logging.LogRecord(
            "veikart.reload", logging.ERROR, __file__, 1, "reload failed", (), sys.exc_info()
        )


def test_text_records_are_one_line_with_the_traceback_folded_in() -> None:
    text = LineFormatter().format(record_with_traceback())
    assert "\n" not in text
    assert " ERROR veikart.reload [" in text
    assert "reload failed\\nTraceback (most recent call last):" in text
    assert "RuntimeError: the roadmap could not be reloaded\\nsecond line" in text
    dt.datetime.fromisoformat(text.split(" ", 1)[0])  # ISO 8601 time with offset first


def test_json_records_carry_the_exception_and_fields() -> None:
    record = record_with_traceback()
    record.fields = {"status": 200, "remote": "10.1.2.3"}
    line = JsonFormatter().format(record)
    assert "\n" not in line
    payload = json.loads(line)
    assert payload["logger"] == "veikart.reload"
    assert payload["level"] == "ERROR"
    assert payload["message"] == "reload failed"
    assert payload["exception"].startswith("Traceback")
    assert payload["status"] == 200 and payload["remote"] == "10.1.2.3"


def test_one_line_keeps_backslashes_readable() -> None:
    assert one_line("a\\nb\nc\r") == "a\\\\nb\\nc\\r"


def test_access_record_names_the_reader_and_the_duration() -> None:
    environ = {
        "REMOTE_ADDR": "10.1.2.3",
        "REMOTE_USER": "anne",
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/faser",
        "QUERY_STRING": "area=kjernejournal",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_USER_AGENT": "x" * 5000,
    }
    response = SimpleNamespace(status="200 OK", sent=5123)
    fields = access_fields(response, environ, dt.timedelta(milliseconds=12.34))
    assert fields["status"] == 200 and fields["bytes"] == 5123 and fields["duration_ms"] == 12.3
    assert len(fields["user_agent"]) == 1001
    line = access_line(fields)
    assert line.startswith('10.1.2.3 anne "GET /faser?area=kjernejournal HTTP/1.1" 200 5123 12.3ms "-" "xxx')


def app_seeing_remote_addr(environ: dict, start_response) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [f"{environ['REMOTE_ADDR']} {environ['wsgi.url_scheme']}".encode()]


@pytest.mark.parametrize(
    ("trusted", "peer", "seen"),
    [
        (("127.0.0.1", "::1"), "127.0.0.1", b"203.0.113.7 https"),
        (("127.0.0.1", "::1"), "198.51.100.9", b"198.51.100.9 http"),
        (("10.0.0.0/8",), "10.20.30.40", b"203.0.113.7 https"),
        (("*",), "198.51.100.9", b"203.0.113.7 https"),
        (("127.0.0.1",), "", b" http"),
    ],
)
def test_forwarded_for_is_believed_only_from_trusted_proxies(trusted, peer, seen) -> None:
    app = TrustedProxies(app_seeing_remote_addr, trusted)
    environ = {
        "REMOTE_ADDR": peer,
        "wsgi.url_scheme": "http",
        # A reader may send their own X-Forwarded-For; nginx appends the address it saw.
        "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_HOST": "veikart.example",
    }
    assert b"".join(app(environ, lambda *_: None)) == seen


HEALTHY = RoadmapHealth(updated=dt.date(2021, 12, 1), deliverables=42)
STOPPED = "the reload watcher has stopped"


@pytest.mark.parametrize(
    ("health", "strict", "status", "reason"),
    [
        (HEALTHY, False, 200, None),
        (HEALTHY, True, 200, None),
        (RoadmapHealth(dt.date(2021, 12, 1), 42, has_errors=True), False, 200, None),
        (
            RoadmapHealth(dt.date(2021, 12, 1), 42, has_errors=True),
            True,
            503,
            "the current files are invalid",
        ),
        # a process whose watcher died never shows an edit again: unhealthy, restart it
        (RoadmapHealth(dt.date(2021, 12, 1), 42, watcher_problem=STOPPED), False, 503, STOPPED),
        (RoadmapHealth(dt.date(2021, 12, 1), 42, watcher_problem=STOPPED), True, 503, STOPPED),
        (None, False, 503, "the roadmap has not loaded"),
        (None, True, 503, "the roadmap has not loaded"),
    ],
)
def test_strict_health_fails_while_not_showing_the_current_files(health, strict, status, reason) -> None:
    body, code = health_payload(health, strict=strict)
    assert code == status
    assert body.get("reason") == reason


def test_probe_reads_the_source_and_its_watcher() -> None:
    frames = SimpleNamespace(info=SimpleNamespace(updated=dt.date(2022, 1, 2)), deliverables=[1, 2, 3])

    class Source:
        problem: str | None = None

        def snapshot(self):
            return SimpleNamespace(frames=frames, problems=("bad",))

        def watcher(self):
            return SimpleNamespace(reason=lambda: self.problem)

    source = Source()
    assert roadmap_probe(source)() == RoadmapHealth(dt.date(2022, 1, 2), 3, has_errors=True)
    source.problem = STOPPED
    assert roadmap_probe(source)().watcher_problem == STOPPED
    assert health_payload(roadmap_probe(source)())[0]["watcher"] == "failing"
