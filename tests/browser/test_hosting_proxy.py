"""The dashboard in headless Chromium through deploy/nginx/veikart.conf on Debian's nginx (HTTPS, HTTP/2).

Pages, scripts and callbacks go through the documented proxy; nothing is blocked by the
CSP, nothing fails in the console, and everything arrives compressed with its validators.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hosting_server import DEPLOY, NGINX, debian_nginx_tree, free_port, nginx, production_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not NGINX.exists(), reason="Debian's nginx is not installed (make nginx)"),
]

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "roadmap.yaml"
CSP_RECORDER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective));
"""


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory):
    log = tmp_path_factory.mktemp("log") / "veikart.log"
    with production_server(BUNDLED, env={"VEIKART_ACCESS_LOG": "true"}, log=log) as base:
        port = free_port()
        site = (DEPLOY / "nginx" / "veikart.conf").read_text()
        for old, new in (
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{port} ssl http2;"),
            ("listen 80;", f"listen 127.0.0.1:{free_port()};"),
            ("server 127.0.0.1:8050;", f"server 127.0.0.1:{urlsplit(base).port};"),
        ):
            assert site.count(old) == 1, old
            site = site.replace(old, new)
        conf = debian_nginx_tree(tmp_path_factory.mktemp("nginx"), site, keep_default=False)
        with nginx(conf):
            yield f"https://127.0.0.1:{port}", log


def test_dashboard_through_nginx(browser, proxied: tuple[str, Path]) -> None:
    proxied, log = proxied
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1024, "height": 768})
    context.set_default_timeout(60_000)  # a cold production worker draws its first figure
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    responses: list[tuple[str, int, str | None]] = []
    page.on("response", lambda r: responses.append((r.url, r.status, r.headers.get("content-encoding"))))
    page.add_init_script(CSP_RECORDER)
    try:
        for path in ("/", "/faser", "/tabell"):
            page.goto(proxied + path)
            page.wait_for_selector("#shell-content")
            page.wait_for_load_state("networkidle")
        page.wait_for_selector(".js-plotly-plot .main-svg, .ag-root")
        assert page.evaluate("window.__csp") == []
        scripts = [
            (url, status, enc) for url, status, enc in responses if url.endswith(".js") and status == 200
        ]
        assert scripts and all(enc in ("br", "gzip") for _, _, enc in scripts), scripts
        # The browser gets validators through the proxy (Chromium does not cache pages of a
        # site whose certificate it was told to ignore, so the 304s themselves are checked
        # with a client in tests/test_hosting_nginx.py).
        main = page.goto(proxied + "/faser")
        assert main is not None and main.headers["etag"].startswith('W/"')
        assert main.headers["cache-control"] == "no-cache"
        assert main.headers["content-encoding"] == "br"
        assert '"GET /faser HTTP/1.1" 200 ' in log.read_text()  # the reader's request reached veikart
    finally:
        context.close()
    assert errors == []
