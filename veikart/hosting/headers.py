"""Security and caching headers for every response of the Dash server.

The Content-Security-Policy allows scripts only from the server itself plus Dash's own
inline scripts, named by their SHA-256 hashes (Dash's `csp_hashes()`): nothing from the
roadmap's text can run even if it ever reached the page as HTML. Checked in headless
Chromium (tests/browser/test_hosting_browser.py): Dash 4 and plotly.js run under it with
no CSP violations and need neither 'unsafe-inline' scripts nor 'unsafe-eval'.
Styles do need 'unsafe-inline': React and plotly.js set style attributes and plotly.js
injects its own <style> element.
"""

from __future__ import annotations

from collections.abc import Container, Sequence

import dash
import flask
from dash.fingerprint import check_fingerprint

ONE_YEAR = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={ONE_YEAR}, immutable"
REVALIDATE = "no-cache"
"""Pages and layout may be cached but must be checked: the roadmap reloads when its files change."""
NO_STORE = "no-store"

BASE_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    # Filters in the URL say what the reader looked at; links to other sites get no referrer.
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def content_security_policy(script_hashes: Sequence[str], frame_ancestors: Sequence[str]) -> str:
    """The CSP header value: same-origin everything, hashed inline scripts, configurable framing."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": list(frame_ancestors),
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def frame_options(frame_ancestors: Sequence[str]) -> str | None:
    """The legacy X-Frame-Options equivalent of frame-ancestors, when there is one."""
    if tuple(frame_ancestors) == ("'none'",):
        return "DENY"
    if tuple(frame_ancestors) == ("'self'",):
        return "SAMEORIGIN"
    return None  # other origins: only CSP can say it; old browsers then allow framing


def cache_control(path: str, query: Container[str], method: str, status: int, prefix: str = "/") -> str:
    """The Cache-Control value for a response to `method path?query` with `status`."""
    if method != "GET" or status >= 400:
        return NO_STORE
    rest = path[len(prefix) :] if path.startswith(prefix) else path
    if rest.startswith("_dash-component-suites/") and check_fingerprint(rest)[1]:
        return IMMUTABLE  # the URL changes whenever the file does (version + mtime in the name)
    if rest.startswith("assets/") and "m" in query:
        return IMMUTABLE  # Dash appends ?m=<mtime> to asset URLs
    if rest == "healthz" or rest.startswith("_dash-update-component"):
        return NO_STORE
    return REVALIDATE


class SecurityHeaders:
    """Adds the headers to every response of `app`'s Flask server."""

    def __init__(self, app: dash.Dash, frame_ancestors: Sequence[str]) -> None:
        self.app = app
        self.frame_ancestors = tuple(frame_ancestors)
        self._policy: str | None = None
        app.server.after_request(self.after_request)

    def freeze(self) -> None:
        """Fix the policy once Dash has finished its set-up (after the worker's first request).

        Dash registers some inline scripts only at the first request (the pages router's
        clientside callback); `csp_hashes()` then names them all.
        """
        self._policy = content_security_policy(self.app.csp_hashes(), self.frame_ancestors)

    def policy(self) -> str:
        """The CSP: frozen after warm-up; computed afresh for the warm-up request itself."""
        return self._policy or content_security_policy(self.app.csp_hashes(), self.frame_ancestors)

    def after_request(self, response: flask.Response) -> flask.Response:
        request = flask.request
        for name, value in BASE_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers["Content-Security-Policy"] = self.policy()
        legacy = frame_options(self.frame_ancestors)
        if legacy:
            response.headers["X-Frame-Options"] = legacy
        prefix = self.app.config.routes_pathname_prefix or "/"
        response.headers["Cache-Control"] = cache_control(
            request.path, request.args, request.method, response.status_code, prefix
        )
        if response.headers["Cache-Control"] == IMMUTABLE:
            response.headers.pop("Expires", None)
        return response
