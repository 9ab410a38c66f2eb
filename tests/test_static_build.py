"""`veikart build`: a static site that works offline, from file://, and shows only the roadmap."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from hostile import hostile_yaml

from veikart.cli import main
from veikart.commands import CommandError
from veikart.commands.build import build

TODAY = dt.date(2022, 5, 17)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the hostile roadmap, built from a folder whose name must not leak."""
    return build_hostile_site(tmp_path_factory)


def build_hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("secret-source-folder")
    (source / "roadmap.yaml").write_text(hostile_yaml(), encoding="utf-8")
    out = tmp_path_factory.mktemp("site")
    build(source / "roadmap.yaml", out, today=TODAY)
    return out


def site_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file())


def local_references(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return re.findall(r'(?:href|src)="([^"]+)"', text)


def test_site_has_each_view_in_each_language_and_one_plotly(hostile_site: Path) -> None:
    names = [p.relative_to(hostile_site).as_posix() for p in site_files(hostile_site)]
    assert names == [
        "assets/plotly.min.js",
        "assets/site.css",
        "bands.html",
        "en/bands.html",
        "en/figures/bands.js",
        "en/figures/gantt.js",
        "en/figures/phases.js",
        "en/index.html",
        "en/phases.html",
        "figures/bands.js",
        "figures/gantt.js",
        "figures/phases.js",
        "index.html",
        "phases.html",
    ]


def test_every_link_and_script_is_relative_and_exists(hostile_site: Path) -> None:
    for page in hostile_site.rglob("*.html"):
        references = local_references(page)
        assert references, page
        for ref in references:
            assert not urlsplit(ref).scheme and not ref.startswith("/"), (page, ref)
            assert (page.parent / ref).resolve().is_file(), (page, ref)


def test_no_source_paths_leak(hostile_site: Path) -> None:
    for file in site_files(hostile_site):
        if file.name == "plotly.min.js":
            continue
        text = file.read_text(encoding="utf-8")
        assert "secret-source-folder" not in text, file
        assert str(Path.home()) + "/" not in text, file


def test_text_from_the_yaml_is_escaped_in_pages(hostile_site: Path) -> None:
    page = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "roadmap.title &lt;script&gt;" in page
    assert "<script>window" not in page
    assert "<img" not in page
    assert "Oppdatert 24. november 2021" in page
    assert "Kilde: roadmap.yaml" in page
    english = (hostile_site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in english
    assert "Updated 24 November 2021" in english


def test_roadmap_with_errors_builds_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "roadmap.yaml"
    bad.write_text("roadmap:\n  title: x\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"is not valid .*; nothing was built"):
        build(bad, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_cli_build_reports_and_exits_2_on_problems(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["build", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "s")])
    assert missing.exit_code == 2
    assert "no such file or directory" in missing.output
    source = tmp_path / "roadmap.yaml"
    source.write_text(hostile_yaml(), encoding="utf-8")
    result = runner.invoke(main, ["build", str(source), "--out", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "6 pages" in result.output
    assert (tmp_path / "s" / "index.html").is_file()


def test_cli_hash_password_prints_a_users_line() -> None:
    result = CliRunner().invoke(
        main, ["hash-password", "anne", "--stdin", "--rounds", "10"], input="hemmelig\n"
    )
    assert result.exit_code == 0, result.output
    name, hashed = result.output.strip().split(":", 1)
    assert name == "anne"
    assert hashed.startswith("$2b$10$")
    empty = CliRunner().invoke(main, ["hash-password", "anne", "--stdin"], input="\n")
    assert empty.exit_code == 2
    assert "the password is empty" in empty.output
