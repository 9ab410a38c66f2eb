"""`veikart.wsgi:application`, for operators who run gunicorn (or another WSGI server) themselves.

Configured from VEIKART_* environment variables (docs/operations.md), in production mode:
dev tools locked, compression, security headers, /healthz, optional basic auth. Run it
without --preload, so each worker starts its own watcher of the roadmap's files:

    VEIKART_DATA=/srv/veikart/data gunicorn --no-control-socket -k gthread -w 4 \\
        --logger-class veikart.hosting.logs.GunicornLogger -b 127.0.0.1:8050 veikart.wsgi:application
"""

from __future__ import annotations

from veikart.hosting.application import StartProblem, check_startable, production_app
from veikart.hosting.settings import SettingsError, settings_from_env

try:
    _settings = settings_from_env()
    check_startable(_settings)
except (SettingsError, StartProblem) as exc:
    # A clear line in the server's log instead of a traceback; the worker then exits.
    raise SystemExit(f"veikart: error: {exc}") from None

app = production_app(_settings)
application = app.server
