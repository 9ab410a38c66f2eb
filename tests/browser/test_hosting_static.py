"""The static site (`veikart build`) in headless Chromium, from file:// and over http through nginx.

From file:// it must work offline (no request leaves the folder); over http it is served
by deploy/nginx/veikart-static.conf on Debian's nginx, which sends the precompressed
copies and answers revalidations with 304.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.request
from pathlib import Path

import pytest
from hostile import FLAG, hostile_yaml
from hosting_server import DEPLOY, NGINX, debian_nginx_tree, free_port, nginx

from veikart.commands.build import build

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "roadmap.yaml"
SNIPPET = DEPLOY / "nginx" / "veikart-static.conf"
CSP_RECORDER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective));
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("secret-source-folder")
    (source / "roadmap.yaml").write_text(hostile_yaml(), encoding="utf-8")
    out = tmp_path_factory.mktemp("site")
    build(source / "roadmap.yaml", out, today=dt.date(2022, 5, 17))
    return out


@pytest.fixture(scope="module")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundled-site")
    build(BUNDLED, out, today=dt.date(2022, 5, 17))
    return out


def hover_first_bar(page) -> None:  # type: ignore[no-untyped-def]
    index = page.evaluate(
        """() => {
          const gd = document.getElementById("figure");
          const i = gd.data.findIndex((t) => t.type === "bar" && t.hoverinfo !== "skip" && (t.x || []).length);
          window.Plotly.Fx.hover(gd, [{curveNumber: i, pointNumber: 0}]);
          return i;
        }"""
    )
    assert index >= 0
    page.wait_for_selector("#figure .hoverlayer .hovertext")


def test_site_works_from_file_urls_offline(page, console, hostile_site: Path) -> None:
    requests: list[str] = []
    warnings: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.goto((hostile_site / "index.html").as_uri())
    page.wait_for_selector("#figure .main-svg")
    for label, filename in (
        ("Faseoversikt", "phases.html"),
        ("Faser over tid", "bands.html"),
        ("Tabell", "table.html"),
    ):
        page.get_by_role("link", name=label, exact=True).click()
        page.wait_for_url(f"**/{filename}")
        if filename != "table.html":
            page.wait_for_selector("#figure .main-svg")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/table.html")
    page.get_by_role("link", name="Timeline", exact=True).click()
    page.wait_for_url("**/en/index.html")
    page.wait_for_selector("#figure .main-svg")
    hover_first_bar(page)
    assert page.evaluate(f"typeof window.{FLAG}") == "undefined"
    assert [url for url in requests if not url.startswith("file://")] == []
    assert warnings == []
    assert console.errors == []


def figure_texts(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate(
        "() => { const gd = document.getElementById('figure'); return JSON.stringify([gd.data, gd.layout]); }"
    )


def test_area_filter_slider_and_table_without_a_server(page, console, bundled_site: Path) -> None:
    page.goto((bundled_site / "index.html").as_uri())
    page.wait_for_selector("#figure .main-svg")
    assert "DigiHelse" in figure_texts(page)
    page.select_option("#vk-variant", "kjernejournal")
    page.wait_for_function("() => location.hash === '#area=kjernejournal'")
    page.wait_for_function(
        "() => { const gd = document.getElementById('figure'); return !JSON.stringify([gd.data, gd.layout]).includes('DigiHelse'); }"
    )
    assert "Kritisk informasjon" in figure_texts(page)
    # A link with the area opens the page on it.
    page.goto((bundled_site / "bands.html").as_uri() + "#area=e-resept")
    page.wait_for_selector("#figure .main-svg")
    assert page.input_value("#vk-variant") == "e-resept"
    # The phase overview: every quarter on a slider, today's first.
    page.goto((bundled_site / "phases.html").as_uri())
    page.wait_for_selector("#figure .main-svg")
    assert page.text_content("#vk-variant-label") == "2022 K2"
    page.fill("#vk-variant", "0")
    page.wait_for_function("() => location.hash === '#at=2020-Q1'")
    page.wait_for_function("() => document.getElementById('figure').layout.title.text.includes('2020 K1')")
    assert page.text_content("#vk-variant-label") == "2020 K1"
    # The table: filter by area, sort by a column.
    page.goto((bundled_site / "table.html").as_uri())
    total = page.locator("#vk-table tbody tr").count()
    page.select_option("#vk-variant", "akson")
    visible = page.locator("#vk-table tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    assert page.text_content("#vk-count") == f"{visible.count()} av {total} leveranser"
    page.get_by_role("button", name="Leveranse").click()
    titles = [t.strip() for t in visible.locator("td:first-child").all_text_contents()]
    assert titles == sorted(titles, key=str.casefold) or titles == sorted(titles)
    assert page.get_attribute("#vk-table th:first-child", "aria-sort") == "ascending"
    assert console.errors == []


@pytest.fixture(scope="module")
def served_site(bundled_site: Path, tmp_path_factory: pytest.TempPathFactory):
    if not NGINX.exists():
        pytest.skip("Debian's nginx is not installed (make nginx)")
    port = free_port()
    text = SNIPPET.read_text()
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("root /srv/veikart/site;", f"root {bundled_site};"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    conf = debian_nginx_tree(
        tmp_path_factory.mktemp("nginx-static"), text, "veikart-static", keep_default=False
    )
    bundled_site.chmod(0o755)  # nginx's workers run as www-data
    for parent in bundled_site.parents:
        if parent == Path("/tmp"):
            break
        parent.chmod(parent.stat().st_mode | 0o005)
    with nginx(conf):
        yield f"http://127.0.0.1:{port}"


def fetch(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def test_site_over_http_through_nginx(page, console, served_site: str) -> None:
    status, headers = fetch(served_site + "/assets/plotly.min.js", {"Accept-Encoding": "br"})
    assert status == 200 and headers["Content-Encoding"] == "br"
    status, headers = fetch(served_site + "/assets/plotly.min.js", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    status, _ = fetch(
        served_site + "/assets/plotly.min.js", {"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]}
    )
    assert status == 304
    assert fetch(served_site + "/favicon.ico", {})[0] == 200
    page.add_init_script(CSP_RECORDER)
    page.goto(served_site + "/")
    page.wait_for_selector("#figure .main-svg")
    page.get_by_role("link", name="Faseoversikt", exact=True).click()
    page.wait_for_selector("#figure .main-svg")
    page.fill("#vk-variant", "3")
    page.wait_for_function("() => location.hash === '#at=2020-Q4'")
    page.get_by_role("link", name="Tabell", exact=True).click()
    page.wait_for_selector("#vk-table")
    assert page.evaluate("window.__csp") == []
    assert console.errors == []
    assert re.search(r"\d+ av \d+ leveranser", page.text_content("#vk-count"))
