"""One log format for gunicorn, Flask, Dash and veikart: a line per record, or JSON per line.

Every record is one line whatever it holds: a traceback is folded into its record (line
breaks written as `\\n`), so `journalctl`, `grep` and log shippers never see a record
split into pieces. `VEIKART_LOG_FORMAT=json` writes one JSON object per line instead,
with the access log's fields (remote, method, path, status, ...) as keys.

The access log shows the reader's address once `TrustedProxies` has taken it from
X-Forwarded-For, and leaves out the dashboard's version poll when it found nothing new
(a timer-driven callback answered 204): each open tab would otherwise add 30 lines a
minute that say nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from typing import Any

import flask
from flask.logging import default_handler
from gunicorn import glogging

from veikart.hosting.settings import SETTINGS, LogFormat

QUIET = "veikart.quiet"
"""WSGI environ key: True leaves the request out of the access log."""
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"
LOGGERS_AT_INFO = ("veikart", "veikart.reload", "gunicorn.error")
"""veikart's own loggers (the dashboard logs each reload of the roadmap as veikart.reload)."""


def _iso_time(created: float) -> str:
    return dt.datetime.fromtimestamp(created).astimezone().isoformat(timespec="milliseconds")


class LineFormatter(logging.Formatter):
    """`2026-11-30T10:15:02.113+01:00 INFO veikart.reload [4711] message`, always one line."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return _iso_time(record.created)

    def format(self, record: logging.LogRecord) -> str:
        return one_line(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, pid, message, the access fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "time": _iso_time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "pid": record.process,
            "message": record.getMessage(),
        }
        payload.update(getattr(record, "fields", {}))
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            payload["stack"] = self.formatStack(record.stack_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


def one_line(text: str) -> str:
    """`text` with line breaks written as \\n and \\r, so a record never spans lines."""
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


def formatter(log_format: LogFormat) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else LineFormatter()


def log_format_from_env() -> LogFormat:
    """VEIKART_LOG_FORMAT, read for gunicorn's master (which has no Settings of its own)."""
    setting = SETTINGS["log_format"]
    text = os.environ.get(setting.env, "").strip()
    return "json" if text and setting.read(text) == "json" else "text"  # read() refuses other words


def configure_logging(log_format: LogFormat, server: flask.Flask | None = None) -> None:
    """Send every logger of this process to standard error in `log_format`."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(log_format))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    for name in LOGGERS_AT_INFO:
        logging.getLogger(name).setLevel(logging.INFO)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.captureWarnings(True)  # Python warnings as records, not bare multi-line text
    if server is not None:
        server.logger.removeHandler(default_handler)  # Flask's own format otherwise
        server.logger.propagate = True


class GunicornLogger(glogging.Logger):  # type: ignore[misc]  # gunicorn has no type information
    """gunicorn's logger in veikart's format, with the access fields and quiet polls.

    For `veikart serve --production` it is set up by veikart; running gunicorn yourself,
    pass `--logger-class veikart.hosting.logs.GunicornLogger`.
    """

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        chosen = formatter(log_format_from_env())
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(chosen)

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: dt.timedelta) -> None:
        if not self.access_log_enabled or environ.get(QUIET):
            return
        fields = access_fields(resp, environ, request_time)
        self.access_log.info(access_line(fields), extra={"fields": fields})


def access_fields(resp: Any, environ: dict[str, Any], request_time: dt.timedelta) -> dict[str, Any]:
    """What the access log says about one request; untrusted values are bounded in size."""
    status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
    query = environ.get("QUERY_STRING", "")
    return {
        "remote": environ.get("REMOTE_ADDR", "-"),
        "user": environ.get("REMOTE_USER") or "-",
        "method": environ.get("REQUEST_METHOD", "-"),
        "path": _bounded(environ.get("PATH_INFO", "") + (f"?{query}" if query else "")),
        "protocol": environ.get("SERVER_PROTOCOL", "-"),
        "status": int(status),
        "bytes": getattr(resp, "sent", None) or 0,
        "duration_ms": round(request_time.total_seconds() * 1000, 1),
        "referer": _bounded(environ.get("HTTP_REFERER", "-")),
        "user_agent": _bounded(environ.get("HTTP_USER_AGENT", "-")),
    }


def access_line(fields: dict[str, Any]) -> str:
    """The access record as text: like the combined log format, with the duration added."""
    return (
        f'{fields["remote"]} {fields["user"]} "{fields["method"]} {fields["path"]} {fields["protocol"]}" '
        f"{fields['status']} {fields['bytes']} {fields['duration_ms']}ms "
        f'"{fields["referer"]}" "{fields["user_agent"]}"'
    )


def _bounded(text: str, limit: int = 1000) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def install_quiet_polls(server: flask.Flask, callback_path: str) -> None:
    """Leave timer-driven callbacks that changed nothing (204) out of the access log."""

    def mark() -> None:
        request = flask.request
        if request.method != "POST" or request.path != callback_path:
            return
        body = request.get_json(silent=True)  # parsed once per request; Dash reuses it
        changed = body.get("changedPropIds") if isinstance(body, dict) else None
        if changed and all(isinstance(p, str) and p.endswith(".n_intervals") for p in changed):
            request.environ[QUIET] = True

    def unmark(response: flask.Response) -> flask.Response:
        if response.status_code != 204:
            flask.request.environ.pop(QUIET, None)  # a poll that found a change is worth a line
        return response

    server.before_request(mark)
    server.after_request(unmark)
