"""`veikart digest --format pdf`: the HTML page printed by Chromium on A4, its text as
pdftotext reads it, and a public PDF without internal items, notes or commit subjects."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from digest_repo import SECRET, TODAY, board_repo
from history_repo import GitRoadmap

from veikart.cli import main

pytestmark = [
    pytest.mark.export,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)"),
]


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> GitRoadmap:
    return board_repo(tmp_path_factory.mktemp("digest-pdf"))


def pdf_of(board: GitRoadmap, out: Path, *extra: str) -> str:
    result = CliRunner().invoke(
        main,
        [
            "digest",
            str(board.root / "roadmap.yaml"),
            "--since",
            "styremote-1",
            "--today",
            TODAY,
            "--out",
            str(out),
            *extra,
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    return subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_info(path: Path) -> dict[str, str]:
    lines = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines.splitlines())}


def test_pdf_is_the_printed_page_on_a4(board: GitRoadmap, tmp_path: Path):
    out = tmp_path / "styrenotat.pdf"
    text = pdf_of(board, out)
    for heading in (
        "Nøkkeltall",
        "Endringer siden styremote-1",
        "Beslutninger og milepæler 2024 K1–2024 K2",
        "Tjenester med gult eller rødt lys",
        "Risikoer",
        "Bør oppdateres",
        "Avhengighetskonflikter",
        "Kilder",
    ):
        assert heading in text
    assert "Kritisk informasjon" in text
    assert '<script>alert("x")</script>' in text  # the hostile commit subject, as text
    assert f"{SECRET}-leveranse" in text
    assert "Styrenotat · 15.01.2024" in text  # the printed footer
    info = pdf_info(out)
    assert info["Page size"].endswith("(A4)")
    assert (
        info["Title"]
        == "Styrenotat: Veikart <b>for</b> styret | *test* [lenke](https://example.org/) & <i>co</i>"
    )


def test_public_pdf_has_no_internal_item_note_or_commit_subject(board: GitRoadmap, tmp_path: Path):
    text = pdf_of(board, tmp_path / "offentlig.pdf", "--public")
    assert SECRET not in text
    assert "Offentlig versjon" in text.replace("\n", " ")
    assert "Kritisk informasjon" in text
    assert "<script>alert(" not in text.replace("Framdrift gul <script>alert(1)</script>", "")
