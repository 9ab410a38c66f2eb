"""The reader's address and scheme from X-Forwarded-For/-Proto, believed only from trusted proxies.

werkzeug's ProxyFix believes the headers of whoever connects; anyone who can reach the
server directly could then write any address into the log. Here the headers are used
only when the connection comes from an address in VEIKART_TRUSTED_PROXIES (nginx on
the same machine by default), and only the last hop (the one that proxy added).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.middleware.proxy_fix import ProxyFix

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class TrustedProxies:
    """WSGI middleware: ProxyFix (one hop of X-Forwarded-For and -Proto) for trusted peers only."""

    def __init__(self, app: WsgiApp, trusted: Iterable[str]) -> None:
        self.app = app
        self.fixed = ProxyFix(app, x_for=1, x_proto=1)
        items = tuple(trusted)
        self.everyone = items == ("*",)
        self.networks = () if self.everyone else tuple(ipaddress.ip_network(i, strict=False) for i in items)

    def trusts(self, address: str | None) -> bool:
        if self.everyone:
            return True
        try:
            peer = ipaddress.ip_address((address or "").split("%", 1)[0])
        except ValueError:
            return False  # a UNIX socket or no address: nothing to compare
        return any(peer in network for network in self.networks)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if self.trusts(environ.get("REMOTE_ADDR")):
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)
