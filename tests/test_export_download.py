"""The dashboard's "Last ned" menu without a browser: what a page's address exports."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from urllib.parse import parse_qs

import dash
import pytest
from dash import dcc, html

from veikart.app import download as download_module
from veikart.app.download import (
    DOWNLOAD_ITEM,
    download_menu,
    download_response,
    file_name,
    request_from_query,
    with_download_menu,
)
from veikart.filters import Filters
from veikart.registry import MENU_FORMATS
from veikart.roadmap.periods import Quarter

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "roadmap.yaml"


def test_menu_offers_every_format_in_the_views_namespace():
    menu, _ask, download, *_progress_and_message = download_menu("phases", "en")
    assert menu.label == "Download"
    assert [item.id for item in menu.children] == [
        {"type": DOWNLOAD_ITEM, "view": "phases", "fmt": fmt} for fmt in MENU_FORMATS
    ]
    assert [item.children for item in menu.children] == [
        "Image (PNG)",
        "Vector image (SVG)",
        "PDF",
        "PowerPoint",
    ]
    assert isinstance(download, dcc.Download)
    assert download.id == {"type": "download-file", "view": "phases"}


def test_menu_for_an_unknown_view_is_a_mistake():
    with pytest.raises(ValueError, match="unknown view"):
        download_menu("kanban")


def test_menu_goes_into_the_toolbars_slot():
    toolbar = html.Div([html.Div("3 leveranser"), html.Div(id="gantt-download-slot")])
    with_download_menu(toolbar, "gantt-download-slot", "gantt")
    assert toolbar.children[1].children[0].label == "Last ned"
    with pytest.raises(ValueError, match="no slot"):
        with_download_menu(html.Div([]), "x", "gantt")


def test_export_follows_the_pages_address(bundled_frames):
    query = parse_qs("area=kjernejournal&status=planning&at=2023-Q2&color=phase&deps=1&selected=x&bogus=1")
    request = request_from_query("gantt", "png", query, bundled_frames, files=("data/roadmap.yaml",))
    assert request.filters == Filters(area=("kjernejournal",), status=("planning",), at=Quarter(2023, 2))
    assert (request.view, request.fmt, request.color_by, request.show_dependencies) == (
        "gantt",
        "png",
        "phase",
        True,
    )
    assert file_name(request) == "veikart-gantt-kjernejournal-planlegging.png"


def test_unknown_values_in_the_address_are_ignored_as_on_screen(bundled_frames):
    request = request_from_query("bands", "pdf", {"area": ["nowhere"], "from": ["soon"]}, bundled_frames)
    assert request.filters == Filters(area=())
    assert file_name(request) == "veikart-bands.pdf"


def test_phase_views_export_only_the_filters_the_phase_page_applies(bundled_frames):
    query = parse_qs("area=e-resept&status=planning&from=2022-Q1&at=2022-Q4")
    request = request_from_query("phases", "pptx", query, bundled_frames)
    assert request.filters == Filters(area=("e-resept",), at=Quarter(2022, 4))


@pytest.mark.parametrize("view", ["../../etc/passwd", "nosuchview", "gantt.png", None, 3])
def test_forged_view_names_export_nothing(view):
    """The view in the callback id comes from the client; a name that is no view does nothing."""
    assert download_response(None, view, {"fmt": "png", "search": "?area=kjernejournal"}) == (  # type: ignore[arg-type]
        dash.no_update,
        dash.no_update,
    )


@pytest.mark.parametrize("ask", [None, "png", {"fmt": "exe"}, {"fmt": ["png"]}])
def test_forged_requests_export_nothing(ask):
    assert download_response(None, "gantt", ask) == (dash.no_update, dash.no_update)  # type: ignore[arg-type]


class _FakeSession:
    """Stands in for ImageSession: no Chromium in these tests."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.closed = threading.Event()

    def __enter__(self) -> _FakeSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.closed.set()


def test_an_export_has_a_time_limit_and_a_second_one_is_refused_politely(bundled_frames, monkeypatch):
    started = threading.Event()

    def slow_export(frames, request, session):  # type: ignore[no-untyped-def]
        started.set()
        session.closed.wait(10)  # like Chromium: stops when the session is closed
        raise download_module.ImageExportError("stopped")

    monkeypatch.setattr(download_module, "ImageSession", _FakeSession)
    monkeypatch.setattr(download_module, "export_bytes", slow_export)
    request = request_from_query("gantt", "png", {}, bundled_frames)
    refused: list[BaseException] = []

    def second_reader() -> None:
        started.wait(10)
        try:
            download_module.export_for_download(bundled_frames, request, seconds=5)
        except BaseException as exc:
            refused.append(exc)

    reader = threading.Thread(target=second_reader)
    reader.start()
    with pytest.raises(download_module.ExportTimedOut):
        download_module.export_for_download(bundled_frames, request, seconds=0.5)
    reader.join(10)
    assert [type(e) for e in refused] == [download_module.ExportBusy]
    # The stopped export frees the worker for the next reader.
    monkeypatch.setattr(download_module, "export_bytes", lambda frames, request, session: b"PNG")
    deadline = time.monotonic() + 10
    while True:
        try:
            assert download_module.export_for_download(bundled_frames, request, seconds=5) == b"PNG"
            break
        except download_module.ExportBusy:
            assert time.monotonic() < deadline
            time.sleep(0.05)  # the stopped export's thread is finishing


def test_the_reader_is_told_in_the_ui_language(bundled_frames, monkeypatch, tmp_path):
    from veikart.app.factory import create_dashboard

    def busy(frames, request):  # type: ignore[no-untyped-def]
        raise download_module.ExportBusy

    monkeypatch.setattr(download_module, "export_for_download", busy)
    dashboard = create_dashboard(BUNDLED, watch=False)
    context = type(
        "Context", (), {"snapshot": dashboard.source.snapshot, "lang": "nb", "source": dashboard.source}
    )
    _, message = download_module.download_response(
        context, "gantt", {"fmt": "png", "search": "?area=e-resept"}
    )
    assert "Prøv igjen om et øyeblikk" in str(message.children)
