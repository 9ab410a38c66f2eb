"""`veikart build`: a static site that works offline, from file://, and shows only the roadmap."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import brotli
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
    names = {p.relative_to(hostile_site).as_posix() for p in site_files(hostile_site)}
    for lang in ("", "en/"):
        for page in ("index.html", "table.html", "phases.html", "bands.html"):
            assert f"{lang}{page}" in names
        assert f"{lang}figures/gantt/all.js" in names
        assert f"{lang}figures/bands/all.js" in names
    assert {
        "favicon.ico",
        "favicon.svg",
        "assets/plotly.min.js",
        "assets/site.js",
        "assets/site.css",
    } <= names
    assert [n for n in names if n.endswith("plotly.min.js")] == ["assets/plotly.min.js"]


def test_plotly_is_the_basic_bundle_the_dashboard_serves(hostile_site: Path) -> None:
    from veikart.app.plotly_bundle import BASIC_FILE, VENDOR

    assert (hostile_site / "assets" / "plotly.min.js").read_bytes() == (VENDOR / BASIC_FILE).read_bytes()


def test_timeline_for_each_area_and_overview_for_each_quarter(tmp_path: Path, bundled_roadmap) -> None:
    from veikart.frames import roadmap_frames
    from veikart.site import build_site

    frames = roadmap_frames(bundled_roadmap)
    build_site({"nb": frames}, tmp_path, files=["roadmap.yaml"], today=TODAY)
    areas = {f.stem for f in (tmp_path / "figures" / "gantt").glob("*.js")}
    assert areas == {"all", *frames.areas["id"]}
    quarters = sorted(f.stem for f in (tmp_path / "figures" / "phases").glob("*.js"))
    assert quarters == sorted(str(q) for q in frames.quarters)
    page = (tmp_path / "phases.html").read_text()
    data = json.loads(re.search(r'<script type="application/json" id="vk-page">(.*?)</script>', page)[1])
    assert data["initial"] == "2022-Q2"  # today's quarter
    assert [v["key"] for v in data["variants"]] == quarters
    assert 'type="range"' in page
    one_area = (tmp_path / "figures" / "gantt" / "kjernejournal.js").read_text()
    assert "Kjernejournal" in one_area and "DigiHelse" not in one_area
    table = (tmp_path / "table.html").read_text()
    assert table.count("<tr data-area=") == len(frames.deliverables)


def test_figures_take_the_pages_width(hostile_site: Path) -> None:
    for script in (hostile_site / "figures").rglob("*.js"):
        text = script.read_text()
        figure = json.loads(text.split("] = ", 1)[1].rstrip().rstrip(";"))
        assert "width" not in figure["layout"], script
        assert figure["layout"]["autosize"] is True, script


def test_large_files_have_gzip_and_brotli_copies(hostile_site: Path) -> None:
    for file in site_files(hostile_site):
        if file.suffix in (".gz", ".br"):
            continue
        gz = file.with_name(file.name + ".gz")
        br = file.with_name(file.name + ".br")
        if file.suffix in (".html", ".js", ".css") and file.stat().st_size >= 1024:
            assert gzip.decompress(gz.read_bytes()) == file.read_bytes(), file
            assert brotli.decompress(br.read_bytes()) == file.read_bytes(), file
        elif file.stat().st_size < 1024:
            assert not gz.exists() and not br.exists(), file


def test_every_link_and_script_is_relative_and_exists(hostile_site: Path) -> None:
    for page in hostile_site.rglob("*.html"):
        if page.suffix != ".html":
            continue
        references = local_references(page)
        assert references, page
        for ref in references:
            assert not urlsplit(ref).scheme and not ref.startswith("/"), (page, ref)
            assert (page.parent / ref).resolve().is_file(), (page, ref)


def test_no_source_paths_leak(hostile_site: Path) -> None:
    for file in site_files(hostile_site):
        if file.name == "plotly.min.js" or file.suffix in (".gz", ".br", ".ico"):
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
    for name in ("table.html", "phases.html", "bands.html"):
        other = (hostile_site / name).read_text(encoding="utf-8")
        assert "<script>window" not in other and "<img" not in other, name
    table = (hostile_site / "table.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in table  # deliverable titles as text
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
    assert "8 pages" in result.output
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
