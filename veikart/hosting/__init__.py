"""Hosting the dashboard for many readers: settings, production server, HTTP hardening, login.

- `settings`: `Settings` from command-line options and VEIKART_* environment variables.
- `production`: debug and dev tools locked off; `harden()` adds everything below.
- `headers`, `compression`, `health`, `auth`, `callbacks`: CSP and other headers, cache
  lifetimes, brotli/gzip, `/healthz`, HTTP basic auth, refusal of malformed callbacks.
- `gunicorn_server`, `application`: `veikart serve --production` (options parsed in `veikart.cli`).
- `veikart.wsgi:application` is the same app for operators who run gunicorn themselves.
"""
