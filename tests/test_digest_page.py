"""The dashboard's /styrenotat without a browser: the same digest as `veikart digest`,
the baseline from the link, notices for refused or unknown revisions, never a 500."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from callback_client import CallbackClient
from dash import html
from digest_repo import HOSTILE_SUBJECT, SECRET, board_repo
from history_repo import GitRoadmap

from veikart.app.factory import create_dashboard
from veikart.app.pages import digest as digest_page
from veikart.app.router import discover_pages
from veikart.commands.digest import document_for
from veikart.filters import Filters


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> GitRoadmap:
    return board_repo(tmp_path_factory.mktemp("digest-page"))


@pytest.fixture(scope="module")
def client(board: GitRoadmap) -> CallbackClient:
    return CallbackClient(create_dashboard(board.root / "roadmap.yaml", watch=False).app)


def page(client: CallbackClient, search: str) -> str:
    status, body = client.call(
        "shell-content.children", {"shell-location.pathname": "/styrenotat", "shell-location.search": search}
    )
    assert status == 200
    return json.dumps(body, ensure_ascii=False)


def test_the_page_is_in_the_navigation():
    assert discover_pages().resolve("/styrenotat") is digest_page.PAGE


def test_the_page_shows_the_digest_since_the_baseline(client: CallbackClient):
    shown = page(client, "?baseline=styremote-1")
    for text in ("Endringer siden styremote-1", "Kritisk informasjon", "+2 kv", "Bør oppdateres", "Kilder"):
        assert text in shown
    assert json.dumps(HOSTILE_SUBJECT, ensure_ascii=False)[1:-1] in shown  # as a text child, never HTML
    assert "Ukjent verdi" not in shown
    # the page's own state in the address bar
    assert "?baseline=styremote-1" in shown


def test_without_a_baseline_the_newest_tag_is_compared_with(client: CallbackClient):
    assert "Endringer siden styremote-1" in page(client, "")


@pytest.mark.parametrize(
    "baseline", ["--upload-pack=touch%20x", "finnes-ikke", "main..HEAD", "%3Cscript%3E", "a" * 300]
)
def test_refused_or_unknown_revisions_get_a_notice(client: CallbackClient, baseline: str):
    shown = page(client, f"?baseline={baseline}")
    assert "Ukjent verdi i lenken ble ignorert: baseline=" in shown
    assert "Ingen tidligere versjon er valgt, så endringer kan ikke vises." in shown
    assert "Nøkkeltall" in shown


def test_a_bad_horizon_gets_a_notice_and_the_default(client: CallbackClient):
    shown = page(client, "?baseline=styremote-1&horizon=99")
    assert "Ukjent verdi i lenken ble ignorert: horizon=99" in shown
    assert "Beslutninger og milepæler" in shown


def test_render_is_pure_and_draws_every_section(board: GitRoadmap):
    doc = document_for(board.root / "roadmap.yaml", since="styremote-1", today=dt.date(2024, 1, 15))
    article = digest_page.PAGE.render(None, Filters(), digest_page.DigestOptions(doc))  # type: ignore[arg-type]
    assert isinstance(article, html.Article)
    sections = [c for c in article.children if isinstance(c, html.Section)]
    assert [s.id for s in sections] == [f"vkd-{s.key}" for s in doc.sections]
    text = json.dumps(article.to_plotly_json(), default=lambda o: o.to_plotly_json(), ensure_ascii=False)
    assert f"{SECRET}-leveranse (intern)" in text  # the dashboard is not public: internal items marked
    assert f"{SECRET}-leveranse-note" not in text  # notes never


def test_without_git_the_page_says_so(tmp_path: Path):
    (tmp_path / "roadmap.yaml").write_text(
        (Path(__file__).parent / "corpus" / "valid" / "minimal.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    client = CallbackClient(create_dashboard(tmp_path / "roadmap.yaml", watch=False).app)
    shown = page(client, "?baseline=v1")
    assert "Endringer kan ikke vises: veikartets historikk i git er ikke tilgjengelig." in shown
    assert "Nøkkeltall" in shown


def test_with_veikart_public_the_page_is_public(board: GitRoadmap, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("VEIKART_PUBLIC", "1")
    client = CallbackClient(create_dashboard(board.root / "roadmap.yaml", watch=False).app)
    shown = page(client, "?baseline=styremote-1")
    assert "Offentlig versjon" in shown
    assert SECRET not in shown
    assert "Kritisk informasjon" in shown
