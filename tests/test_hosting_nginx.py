"""deploy/nginx/veikart.conf as documented, on Debian's nginx (issue 16, item 1).

`nginx -t` runs on the file unchanged inside a copy of Debian's /etc/nginx; then nginx
runs it in front of the real production server and pages, files and callbacks are
fetched through it, as a browser on the intranet would.
"""

from __future__ import annotations

import gzip
import json
import re
import ssl
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest
from hosting_server import (
    DEPLOY,
    NGINX,
    debian_nginx_tree,
    free_port,
    nginx,
    nginx_command,
    production_server,
)

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(not NGINX.exists(), reason="Debian's nginx is not installed (make nginx)"),
]

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "roadmap.yaml"
SITE = DEPLOY / "nginx" / "veikart.conf"
SERVER_NAME = "veikart.intranett.example.no"


@pytest.mark.parametrize(
    "site",
    [SITE, DEPLOY / "nginx" / "veikart-subpath.conf", DEPLOY / "nginx" / "veikart-static.conf"],
    ids=lambda p: p.name,
)
def test_documented_site_passes_nginx_t_unchanged(tmp_path: Path, site: Path) -> None:
    conf = debian_nginx_tree(tmp_path, site.read_text(), site.stem)
    assert (conf / "sites-available" / site.stem).read_text() == site.read_text()
    result = subprocess.run(nginx_command(conf, "-t"), capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "[warn]" not in result.stderr


def test_docs_show_the_deploy_files_exactly() -> None:
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    for path in (*sorted((DEPLOY / "nginx").iterdir()), *sorted((DEPLOY / "systemd").iterdir())):
        assert path.read_text() in operations, f"docs/operations.md does not show {path.name} as it is"


def local_site(https_port: int, http_port: int, app_port: int) -> str:
    """The documented site on test ports: only the listen addresses and the upstream change."""
    text = SITE.read_text()
    replacements = {
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "server 127.0.0.1:8050;": f"server 127.0.0.1:{app_port};",
    }
    for old, new in replacements.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


class Through:
    """HTTPS requests to nginx on 127.0.0.1 with the site's host name."""

    def __init__(self, port: int) -> None:
        self.base = f"https://127.0.0.1:{port}"
        self.context = ssl.create_default_context()
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate

    def request(self, path: str, headers: dict[str, str] | None = None, body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base + path,
            data=data,
            headers={
                "Host": SERVER_NAME,
                **({"Content-Type": "application/json"} if data else {}),
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=60, context=self.context) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("nginx")
    log = tmp / "veikart.log"
    with production_server(BUNDLED, env={"VEIKART_ACCESS_LOG": "true"}, log=log) as base:
        https_port, http_port = free_port(), free_port()
        site = local_site(https_port, http_port, urlsplit(base).port)
        conf = debian_nginx_tree(tmp, site, keep_default=False)  # Debian's default site listens on :80
        with nginx(conf):
            yield Through(https_port), http_port, log


def test_pages_files_and_callbacks_through_nginx(proxied) -> None:
    through, http_port, log = proxied
    status, headers, page = through.request("/faser", {"Accept-Encoding": "br"})
    assert status == 200
    assert headers["Content-Encoding"] == "br"
    text = brotli.decompress(page).decode()
    assert "_dash-config" in text
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    # Revalidation through the proxy: the same ETag for every encoding, and 304.
    etag = headers["ETag"]
    status, headers, _ = through.request("/faser", {"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert status == 304
    for script in re.findall(r'<script src="([^"]+)"', text)[:3]:
        status, headers, body = through.request(script, {"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip", script
        assert gzip.decompress(body)
    # A callback: the shell's version poll, as the page sends it.
    status, _, dependencies = through.request("/_dash-dependencies")
    poll = next(c for c in json.loads(dependencies) if c["inputs"][0]["id"] == "shell-poll")
    body = {
        "output": poll["output"],
        "outputs": [{"id": "shell-version", "property": "data"}, []],
        "inputs": [{"id": "shell-poll", "property": "n_intervals", "value": 1}],
        "state": [{"id": "shell-version", "property": "data", "value": "old"}],
        "changedPropIds": ["shell-poll.n_intervals"],
    }
    status, headers, answer = through.request("/_dash-update-component", body=body)
    assert status == 200, answer
    assert json.loads(answer)["response"]["shell-version"]["data"] != "old"
    status, _, health = through.request("/healthz?strict")
    assert status == 200 and json.loads(health)["current_files_valid"] is True
    # Plain HTTP is sent to HTTPS.
    request = urllib.request.Request(f"http://127.0.0.1:{http_port}/faser", headers={"Host": SERVER_NAME})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    with pytest.raises(urllib.error.HTTPError) as redirect:
        urllib.request.build_opener(NoRedirect).open(request, timeout=30)
    assert redirect.value.code == 301
    assert redirect.value.headers["Location"] == f"https://{SERVER_NAME}/faser"
    # The access log names the reader as nginx saw them (127.0.0.1 here), from X-Forwarded-For.
    assert '"GET /faser HTTP/1.1" 200' in log.read_text()
