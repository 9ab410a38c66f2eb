"""The page shell the server sends: small, and without the roadmap's data in it.

Dash puts a validation copy of every page's layout into each page's config; the pages draw
a tiny built-in roadmap for it, so the real data arrives only through callbacks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from veikart.app.factory import create_app

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "roadmap.yaml"


@pytest.fixture(scope="module")
def client():
    return create_app(BUNDLED, watch=False).server.test_client()


@pytest.mark.parametrize("route", ["/", "/tidslinje", "/faser", "/tabell"])
def test_page_shell_carries_no_roadmap_data(client, bundled_frames, route):
    response = client.get(route)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    leaked = [i for i in bundled_frames.deliverables["id"] if f'"{i}"' in page]
    assert leaked == []
    assert len(page) < 200_000  # was 354 kB with the data in the validation layout
