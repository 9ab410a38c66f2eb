"""The static site cites the sources of what each page shows, lists risks and marks estimates.

Footers name each source's title, publisher and date, and link it only when the link is
http(s) or relative (relative links written from the site's root); everything is escaped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from veikart.frames import roadmap_frames
from veikart.roadmap.load import load_roadmap
from veikart.site import build_site
from veikart.site.sources import page_sources, safe_href

VERSION2 = Path(__file__).resolve().parent / "corpus" / "valid" / "version2.yaml"
TODAY = dt.date(2024, 3, 1)


@pytest.fixture(scope="module")
def roadmap():
    result = load_roadmap(VERSION2)
    assert result.roadmap is not None
    return result.roadmap


@pytest.fixture(scope="module")
def site(roadmap, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    frames = {lang: roadmap_frames(roadmap, lang) for lang in ("nb", "en")}
    build_site(frames, out, files=["roadmap.yaml"], today=TODAY)
    return out


def footer(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text[text.index('<footer class="vk-footer">') : text.index("</footer>")]


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://example.org/a.pdf", "https://example.org/a.pdf"),
        ("HTTP://example.org/a", "HTTP://example.org/a"),
        ("docs/pds.pdf", "../docs/pds.pdf"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//evil.example/x", None),
        ("/etc/passwd", None),
        ("https://example.org/\nx", None),
        ("", None),
        (None, None),
    ],
)
def test_only_web_and_relative_links_are_kept(url, href):
    assert safe_href(url, "../") == href


def test_each_page_cites_the_sources_of_what_it_shows(roadmap):
    frames = roadmap_frames(roadmap)
    gantt = {s.id: s for s in page_sources(frames, "gantt")}
    # services and deliverables cite these; the phase's source is only on phase pages
    assert set(gantt) == {"nehs-2020-12", "pds-2021-12", "intern-notat"}
    assert gantt["nehs-2020-12"].details == "Direktoratet for e-helse, 16. desember 2020"
    assert gantt["nehs-2020-12"].areas == ("e-resept",)
    phases = {s.id: s for s in page_sources(frames, "phases")}
    assert phases["nehs-2020-12"].areas == ()  # a phase cites it: the whole page shows it
    assert {s.id for s in page_sources(frames, "risks")} == {"pds-2021-12"}


def test_a_roadmap_whose_items_cite_nothing_cites_all_its_sources(roadmap):
    frames = roadmap_frames(roadmap)
    bare = dataclasses.replace(
        frames,
        services=frames.services.assign(sources=[()] * len(frames.services)),
        deliverables=frames.deliverables.assign(sources=[()] * len(frames.deliverables)),
    )
    assert [s.id for s in page_sources(bare, "table")] == list(frames.sources["id"])
    assert all(s.areas == () for s in page_sources(bare, "table"))


def test_footers_give_titles_dates_and_links(site):
    text = footer(site / "index.html")
    assert "Nasjonalt e-helsestyre 16.12.2020, sak 31/20" in text
    assert "16. desember 2020" in text
    assert '<a href="https://example.org/nehs-2020-12.pdf" rel="noopener noreferrer">' in text
    assert '<a href="docs/pds.pdf"' in text
    english = footer(site / "en" / "index.html")
    assert "16 December 2020" in english and '<a href="../docs/pds.pdf"' in english
    assert re.search(r'data-areas="e-resept"', text)


def test_hostile_source_text_and_links_never_become_markup(roadmap, tmp_path):
    frames = roadmap_frames(roadmap)
    hostile = pd.DataFrame(
        {
            "id": ["nehs-2020-12", "pds-2021-12", "intern-notat"],
            "title": ['<script>alert("x")</script>', "Vanlig", "Tredje"],
            "date": [pd.NaT, pd.NaT, pd.NaT],
            "publisher": ["<b>Utgiver</b>", None, None],
            "url": ["javascript:alert(1)", 'https://example.org/"onmouseover="x', None],
            "cited_by": [(), (), ()],
        }
    )
    build_site({"nb": dataclasses.replace(frames, sources=hostile)}, tmp_path, today=TODAY)
    text = footer(tmp_path / "index.html")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "&lt;b&gt;Utgiver&lt;/b&gt;" in text
    assert "javascript:" not in text
    assert 'href="https://example.org/&#34;onmouseover=&#34;x"' in text


def test_the_risks_page_lists_risks_with_their_level_in_words(site):
    page = (site / "risks.html").read_text(encoding="utf-8")
    assert '<span class="vk-level vk-level-high">Høy</span>' in page
    assert "Anbefalt løsning kan mangle rettsgrunnlag" in page
    assert 'data-level="high"' in page and 'data-area="e-resept"' in page
    assert 'href="risks.html"' in (site / "index.html").read_text(encoding="utf-8")
    assert '<span class="vk-level vk-level-low">Low</span>' in (site / "en" / "risks.html").read_text(
        encoding="utf-8"
    )


def test_level_colours_in_the_stylesheet_are_the_figures_own():
    from veikart.figures.style import RISK_LEVEL_COLORS
    from veikart.site.build import STATIC

    css = (STATIC / "site.css").read_text(encoding="utf-8")
    for level, color in RISK_LEVEL_COLORS.items():
        assert f".vk-level-{level} {{ background: {color}; }}" in css


def test_a_roadmap_without_risks_has_no_risks_page(roadmap, site, tmp_path):
    out = tmp_path / "site"
    frames = roadmap_frames(roadmap)
    build_site({"nb": frames}, out, today=TODAY)
    assert (out / "risks.html").exists()
    build_site({"nb": dataclasses.replace(frames, risks=frames.risks.iloc[0:0])}, out, today=TODAY)
    assert not (out / "risks.html").exists() and not (out / "risks.html.gz").exists()
    assert "risks.html" not in (out / "index.html").read_text(encoding="utf-8")


def test_the_table_marks_estimated_dates(site):
    page = (site / "table.html").read_text(encoding="utf-8")
    row = page[page.index("Beslutte nasjonal innføring av PLL") :].split("</tr>")[0]
    assert '<span class="vk-estimated">(anslått)</span>' in row
    firm = page[page.index("Utprøving av PLL i Helse Vest") :].split("</tr>")[0]
    assert "vk-estimated" not in firm
