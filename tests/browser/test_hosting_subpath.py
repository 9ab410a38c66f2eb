"""The dashboard at https://…/veikart/ through deploy/nginx/veikart-subpath.conf on Debian's nginx.

`veikart serve --production` runs with VEIKART_BASE_PATH=/veikart/ behind the documented
site (only its listen address and upstream port changed). A reader clicks through every
page, changes a filter (a callback), downloads the table and a "Last ned" image, meets the
not-found page and the reload banner, and follows the links of /endringer (compared with a
tag) and /risiko into the timeline; every request the browser makes stays under /veikart/,
the console stays clean and the CSP blocks nothing.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from history_repo import GitRoadmap
from hosting_server import DEPLOY, NGINX, debian_nginx_tree, free_port, nginx, production_server
from playwright.sync_api import Page

from veikart.app import ids
from veikart.app.router import discover_pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.export,
    pytest.mark.skipif(not NGINX.exists(), reason="Debian's nginx is not installed (make nginx)"),
]

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "roadmap.yaml"
SITE = DEPLOY / "nginx" / "veikart-subpath.conf"
PREFIX = "/veikart/"
BARS = "#gantt-graph .barlayer .trace .point path"
BANNER = "#shell-problems-alert"
EXPORT_MS = 90_000
"""A "Last ned" export starts Chromium on the server: a few seconds, more on a busy machine."""
DRAWN = {"/tidslinje": BARS, "/faser": "#phase-graph .main-svg", "/tabell": "#table-grid .ag-row"}
"""What shows that a page has drawn; other pages: their container (`.vk-page-<namespace>`)."""
TAG = "styremote-1"
DELAYED = "digihelse-timeavtaler"
"""The deliverable the commit after the tag moves two quarters later (a change to list)."""
CSP_RECORDER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective));
"""


@dataclass(frozen=True)
class Proxied:
    origin: str
    """https://127.0.0.1:PORT: nginx, whose /veikart/ is the dashboard."""
    roadmap: Path
    log: Path

    @property
    def home(self) -> str:
        return self.origin + PREFIX


def site_on_test_ports(https_port: int, app_port: int) -> str:
    """The documented site with only its listen address and the upstream's port changed."""
    site = SITE.read_text()
    for old, new in (
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("server 127.0.0.1:8050;", f"server 127.0.0.1:{app_port};"),
    ):
        assert site.count(old) == 1, old
        site = site.replace(old, new)
    return site


@pytest.fixture(scope="module")
def proxied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxied]:
    # A repository of its own: the reload banner needs a roadmap to break, /styrenotat a
    # tag to link its versions to, and /endringer a change since the tag.
    repo = GitRoadmap(tmp_path_factory.mktemp("roadmap"))
    repo.write("roadmap.yaml", BUNDLED.read_text(encoding="utf-8"))
    repo.commit("Veikart til styremøtet", "2021-12-01")
    repo.tag(TAG, annotated=True, date="2021-12-01")
    repo.edit(
        "roadmap.yaml",
        f'  - id: {DELAYED}\n    service: digihelse\n    title: "DigiHelse: timeavtaler og varsler"\n'
        "    start: 2020-Q1\n    end: 2024-Q4\n",
        f'  - id: {DELAYED}\n    service: digihelse\n    title: "DigiHelse: timeavtaler og varsler"\n'
        "    start: 2020-Q1\n    end: 2025-Q2\n",
    )
    repo.commit("Timeavtaler to kvartaler senere", "2022-01-10")
    folder, roadmap = repo.root, repo.root / "roadmap.yaml"
    log = folder.parent / "veikart-subpath.log"
    with production_server(roadmap, env={"VEIKART_ACCESS_LOG": "true"}, log=log, base_path=PREFIX) as base:
        port = free_port()
        site = site_on_test_ports(port, urlsplit(base).port or 0)
        conf = debian_nginx_tree(tmp_path_factory.mktemp("nginx"), site, keep_default=False)
        with nginx(conf):
            yield Proxied(f"https://127.0.0.1:{port}", roadmap, log)


def test_the_documented_site_passes_the_path_on_unchanged() -> None:
    """What the docs promise about the file: veikart sees the path as the browser has it."""
    text = SITE.read_text()
    assert "location /veikart/ {" in text
    assert "proxy_pass http://veikart;" in text  # no URI part: nginx strips nothing


def links_leaving_the_path(page: Page) -> list[str]:
    """The page's links that lead out of the dashboard on its own site."""
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    return [
        href
        for href in hrefs
        if not href.startswith((PREFIX, "#")) and urlsplit(href).scheme not in ("http", "https")
    ]


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """GET through nginx with its test certificate, not following redirects."""
    import ssl

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE

    class Keep(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context), Keep)
    try:
        with opener.open(url, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_health_and_the_bare_path_through_nginx(proxied: Proxied) -> None:
    status, _, body = fetch(proxied.home + "healthz?strict")
    assert status == 200 and json.loads(body)["current_files_valid"] is True
    status, headers, _ = fetch(proxied.origin + "/veikart")
    assert status == 301 and urlsplit(headers["Location"]).path == PREFIX


def test_every_page_callback_download_and_the_banner_under_the_path(
    browser, proxied: Proxied, tmp_path_factory: pytest.TempPathFactory
) -> None:
    shots = tmp_path_factory.mktemp("screenshots")
    context = browser.new_context(
        ignore_https_errors=True, viewport={"width": 1024, "height": 768}, accept_downloads=True
    )
    context.set_default_timeout(60_000)  # a cold production worker draws its first figure
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(CSP_RECORDER)
    original = proxied.roadmap.read_text(encoding="utf-8")
    try:
        # The timeline at the path itself, its navigation link marked as the current page.
        page.goto(proxied.home)
        page.wait_for_selector(BARS, state="attached")
        assert "active" in (page.get_attribute("#shell-nav-tidslinje", "class") or "")
        page.screenshot(path=shots / "tidslinje.png")

        # A callback: a filter; the address and the navigation links keep the path.
        page.click("#gantt-filter-toggle")  # the filter panel is folded below 1200 px
        page.click("#gantt-filter-area")
        page.locator(".dash-dropdown-option", has_text="E-resept").first.click()
        page.keyboard.press("Escape")
        page.wait_for_function("() => window.location.search === '?area=e-resept'")
        assert urlsplit(page.url).path == PREFIX
        page.wait_for_function(
            "() => document.getElementById('shell-nav-faser').getAttribute('href') === '/veikart/faser?area=e-resept'"
        )

        # Every page of the navigation by its link, drawn by the router under the path, with
        # every link on it under the path too (or a fragment, or another site's address).
        for nav in discover_pages().navigation:
            page.click(f"#{ids.nav_link(nav.path)}")
            page.wait_for_url(lambda url, path=nav.path: urlsplit(url).path == PREFIX + path.lstrip("/"))
            page.wait_for_selector(DRAWN.get(nav.path, f".vk-page-{nav.namespace}"), state="attached")
            assert "active" in (page.get_attribute(f"#{ids.nav_link(nav.path)}", "class") or "")
            assert links_leaving_the_path(page) == [], nav.path
            page.screenshot(path=shots / f"{nav.path.strip('/')}.png")

        page.click("#shell-nav-tabell")
        page.wait_for_url(proxied.home + "tabell?area=e-resept")
        page.wait_for_selector("#table-grid .ag-row")

        # The table's download, then a "Last ned" image of the timeline.
        with page.expect_download() as table_file:
            page.click("#table-csv")
        assert table_file.value.suggested_filename == "veikart-leveranser-e-resept.csv"
        page.click("#shell-nav-tidslinje")
        page.wait_for_url(proxied.home + "tidslinje?area=e-resept")
        page.wait_for_selector(BARS, state="attached")
        menu = page.locator(".vk-page-gantt .vk-download")
        menu.get_by_role("button", name="Last ned").click()
        with page.expect_download(timeout=EXPORT_MS) as image:
            menu.locator(".dropdown-item", has_text="Bilde (PNG)").click()
        assert image.value.suggested_filename == "veikart-gantt-e-resept.png"
        assert Path(image.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

        # An address no page has: the not-found page, whose link leads back under the path.
        page.goto(proxied.home + "finnes-ikke")
        page.wait_for_selector("#not-found")
        page.screenshot(path=shots / "ikke-funnet.png")
        page.locator("#not-found a").click()
        page.wait_for_url(proxied.home + "tidslinje")
        page.wait_for_selector(BARS, state="attached")

        # The version poll under the path: an invalid edit brings the banner, a fix clears it.
        proxied.roadmap.write_text(
            original.replace("status: planning", "status: planned", 1), encoding="utf-8"
        )
        banner = page.wait_for_selector(BANNER, timeout=30_000)
        assert "planned" in banner.inner_text()
        page.screenshot(path=shots / "banner.png")
        proxied.roadmap.write_text(original, encoding="utf-8")
        page.wait_for_selector(BANNER, state="detached", timeout=30_000)

        assert page.evaluate("window.__csp") == []
    finally:
        proxied.roadmap.write_text(original, encoding="utf-8")
        context.close()
    assert errors == []
    fetched = [url for url in requests if urlsplit(url).scheme in ("http", "https")]
    assert len(fetched) > 20
    assert [url for url in fetched if not url.startswith(proxied.home)] == []
    # The requests reached veikart with the path, as the browser sent them.
    served = proxied.log.read_text()
    assert re.search(r'"POST /veikart/_dash-update-component\?\S* HTTP/1.1" 200 ', served)
    assert '"GET /veikart/_dash-layout HTTP/1.1" 200 ' in served


def test_the_changes_and_risks_pages_link_under_the_path(browser, proxied: Proxied) -> None:
    """/endringer offers the tag, lists the change since it and links it to the timeline
    compared with the same tag; /risiko links what a risk affects: every link under the path."""
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1024, "height": 768})
    context.set_default_timeout(60_000)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        # Without a baseline the page offers the latest tags: one is a link to the comparison.
        page.goto(proxied.home + "endringer")
        page.locator(".vk-changes-choose a", has_text=TAG).click()
        page.wait_for_url(lambda url: urlsplit(url).path == PREFIX + "endringer" and f"baseline={TAG}" in url)
        change = page.locator(".vk-change-table a").first
        change.wait_for()
        assert links_leaving_the_path(page) == []
        assert change.get_attribute("href") == f"{PREFIX}tidslinje?selected={DELAYED}&baseline={TAG}"
        change.click()
        page.wait_for_url(lambda url: urlsplit(url).path == PREFIX + "tidslinje" and f"baseline={TAG}" in url)
        page.wait_for_selector(BARS, state="attached")
        assert links_leaving_the_path(page) == []

        # What a risk affects, in the timeline.
        page.goto(proxied.home + "risiko")
        affected = page.locator(".vk-affects a").first
        affected.wait_for()
        assert links_leaving_the_path(page) == []
        affected.click()
        page.wait_for_url(lambda url: urlsplit(url).path == PREFIX + "tidslinje")
        page.wait_for_selector(BARS, state="attached")
        assert links_leaving_the_path(page) == []
    finally:
        context.close()
    assert errors == []
    fetched = [url for url in requests if urlsplit(url).scheme in ("http", "https")]
    assert [url for url in fetched if not url.startswith(proxied.home)] == []
