"""Caching and compression of every kind of response of the production app (issue 16, item 4).

Each kind is fetched as a browser accepting brotli, one accepting only gzip and one
accepting nothing, then revalidated: one ETag for every encoding, 304 on revalidation
for everything not fingerprinted, and the body decompresses to the same bytes.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import pytest

from veikart.hosting.application import production_app
from veikart.hosting.compression import FILE_LEVELS, body_etag
from veikart.hosting.headers import IMMUTABLE, NO_STORE, REVALIDATE
from veikart.hosting.settings import Settings

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "roadmap.yaml"
ACCEPTS = {"br": "gzip, deflate, br", "gzip": "gzip, deflate", None: ""}


@pytest.fixture(scope="module")
def client():
    app = production_app(Settings(data=BUNDLED))
    yield app.server.test_client()


def decoded(response) -> bytes:
    encoding = response.headers.get("Content-Encoding")
    if encoding == "br":
        return brotli.decompress(response.data)
    if encoding == "gzip":
        return gzip.decompress(response.data)
    assert encoding is None
    return response.data


def page_scripts(client) -> list[str]:
    page = client.get("/").get_data(as_text=True)
    return re.findall(r'<script src="([^"]+)"', page)


def kinds(client) -> dict[str, tuple[str, str]]:
    """Every kind of GET response: name -> (url, expected Cache-Control)."""
    scripts = page_scripts(client)
    fingerprinted = next(s for s in scripts if "dash_renderer" in s)
    css = re.search(r'href="(/assets/10-veikart.css\?m=[^"]+)"', client.get("/").text)[1]
    return {
        "page": ("/", REVALIDATE),
        "another page": ("/faser?area=kjernejournal", REVALIDATE),
        "layout": ("/_dash-layout", REVALIDATE),
        "dependencies": ("/_dash-dependencies", REVALIDATE),
        "fingerprinted component script": (fingerprinted, IMMUTABLE),
        "component script without fingerprint": (
            "/_dash-component-suites/plotly/package_data/plotly.min.js",
            REVALIDATE,
        ),
        "asset with ?m=": (css, IMMUTABLE),
        "asset without ?m=": ("/assets/10-veikart.css", REVALIDATE),
        "vendored plotly-basic": ("/assets/vendor/plotly-basic-4.1.1.min.js", REVALIDATE),
    }


def test_each_kind_is_compressed_for_brotli_and_gzip_readers_with_one_etag(client) -> None:
    for name, (url, cache_control) in kinds(client).items():
        plain = client.get(url, headers={"Accept-Encoding": ""})
        assert plain.status_code == 200, name
        assert plain.headers["Cache-Control"] == cache_control, name
        etags = set()
        for encoding, accept in ACCEPTS.items():
            response = client.get(url, headers={"Accept-Encoding": accept})
            assert response.status_code == 200, name
            assert response.headers.get("Content-Encoding") == encoding, (name, encoding)
            assert "Accept-Encoding" in response.headers["Vary"], name
            assert int(response.headers["Content-Length"]) == len(response.data), name
            body = decoded(response)
            if name not in ("page", "another page"):  # pages carry Dash's per-load token
                assert body == plain.data, (name, encoding)
            etags.add(response.headers.get("ETag"))
        if cache_control == REVALIDATE:
            assert len(etags) == 1 and None not in etags, (name, etags)
            (etag,) = etags
            assert etag.startswith('W/"'), name


def test_each_revalidated_kind_answers_304_whatever_the_encoding(client) -> None:
    for name, (url, cache_control) in kinds(client).items():
        if cache_control != REVALIDATE:
            continue
        first = client.get(url, headers={"Accept-Encoding": ACCEPTS["br"]})
        for accept in ACCEPTS.values():
            again = client.get(
                url, headers={"Accept-Encoding": accept, "If-None-Match": first.headers["ETag"]}
            )
            assert again.status_code == 304, (name, accept)
            assert again.data == b""
            assert again.headers["ETag"] == first.headers["ETag"], name
        other = client.get(url, headers={"If-None-Match": 'W/"something-else"'})
        assert other.status_code == 200, name


def test_the_version_poll_is_never_stored(client) -> None:
    poll = next(c for c in client.get("/_dash-dependencies").json if c["inputs"][0]["id"] == "shell-poll")
    body = {
        "output": poll["output"],
        "outputs": [{"id": "shell-version", "property": "data"}, []],
        "inputs": [{"id": "shell-poll", "property": "n_intervals", "value": 1}],
        "state": [{"id": "shell-version", "property": "data", "value": "stale"}],
        "changedPropIds": ["shell-poll.n_intervals"],
    }
    response = client.post("/_dash-update-component", json=body, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == NO_STORE
    assert "ETag" not in response.headers
    assert "stale" not in decoded(response).decode()


def test_healthz_is_never_stored_or_validated(client) -> None:
    response = client.get("/healthz")
    assert response.headers["Cache-Control"] == NO_STORE
    assert "ETag" not in response.headers


def test_page_etag_ignores_the_per_load_token_only() -> None:
    a = b'<script id="_dash-config">{"end_id":"abc.def","ui":false}</script>'
    b = b'<script id="_dash-config">{"end_id":"xyz.uvw","ui":false}</script>'
    c = b'<script id="_dash-config">{"end_id":"abc.def","ui":true}</script>'
    assert body_etag(a, "text/html") == body_etag(b, "text/html")
    assert body_etag(a, "text/html") != body_etag(c, "text/html")
    assert body_etag(a, "application/json") != body_etag(b, "application/json")


def test_files_are_compressed_once_per_worker(client) -> None:
    url = "/assets/vendor/plotly-basic-4.1.1.min.js"
    first = client.get(url, headers={"Accept-Encoding": "br"})
    second = client.get(url, headers={"Accept-Encoding": "br"})
    assert first.data == second.data
    original = client.get(url, headers={"Accept-Encoding": ""}).data
    assert len(first.data) == len(brotli.compress(original, quality=FILE_LEVELS["br"]))


def test_large_callback_answers_are_compressed_for_each_reader() -> None:
    import dash
    from dash import dcc, html

    from veikart.hosting.health import RoadmapHealth
    from veikart.hosting.production import harden

    app = dash.Dash(__name__, assets_folder="/nonexistent-assets")
    app.layout = html.Div([dcc.Input(id="in", value="x"), html.Div(id="out")])

    @app.callback(dash.Output("out", "children"), dash.Input("in", "value"))
    def repeat(value: str) -> str:
        return value * 5000

    harden(app, Settings(), lambda: RoadmapHealth(updated=None, deliverables=1))
    client = app.server.test_client()
    body = {
        "output": "out.children",
        "outputs": {"id": "out", "property": "children"},
        "inputs": [{"id": "in", "property": "value", "value": "ab"}],
        "changedPropIds": ["in.value"],
        "state": [],
    }
    for encoding, accept in ACCEPTS.items():
        response = client.post("/_dash-update-component", json=body, headers={"Accept-Encoding": accept})
        assert response.status_code == 200
        assert response.headers.get("Content-Encoding") == encoding
        assert response.headers["Cache-Control"] == NO_STORE
        assert "ETag" not in response.headers
        assert b"abab" in decoded(response)
