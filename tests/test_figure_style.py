"""The figures' shared style and text rules: escaping, measuring, fitting, wrapping, contrast."""

from __future__ import annotations

import pytest

from veikart.figures.legend import legend_rows
from veikart.figures.quarter_axis import place_labels
from veikart.figures.style import (
    FLAG_STYLE,
    INK,
    PHASE_COLORS,
    STATUS_COLORS,
    WHITE,
    contrast,
    ink_on,
    rgb,
    seen_through,
    tint,
)
from veikart.figures.text import fit_text, plotly_text, text_width, wrap_text

# --- one escaping function ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "escaped"),
    [
        ("Plain title", "Plain title"),
        ('<a href="https://x.org/">lenke</a>', '&lt;a href="https://x.org/">lenke&lt;/a>'),
        ("<b>fet</b>", "&lt;b>fet&lt;/b>"),
        ('<span style="color:red">x</span>', '&lt;span style="color:red">x&lt;/span>'),
        ("x<br>y", "x&lt;br>y"),
        # plotly decodes &amp; &lt; &gt; &nbsp; and numeric entities: each & is escaped so
        # the reader sees what the planner wrote
        ("A &quot; B", "A &amp;quot; B"),
        ("&lt;b&gt;", "&amp;lt;b&amp;gt;"),
        ("Tom & Jerry", "Tom &amp; Jerry"),
        # no entity where plotly would show it as written
        ('Sitat "her"', 'Sitat "her"'),
        ("3 > 2", "3 > 2"),
    ],
)
def test_plotly_text_escapes_exactly_what_plotly_would_read(written, escaped):
    assert plotly_text(written) == escaped


def test_missing_text_is_empty():
    assert plotly_text(None) == "" and plotly_text(float("nan")) == ""


# --- measuring and fitting --------------------------------------------------------------------


def test_widths_follow_arial_metrics():
    assert text_width("", 12) == 0
    assert text_width("iiii", 12) < text_width("MMMM", 12)
    assert text_width("Helsenorge", 12, bold=True) > text_width("Helsenorge", 12)
    # Arial: 'a' is 0.556 em, so ten of them at 10 px are 55.6 px (plus a little margin)
    assert text_width("a" * 10, 10) == pytest.approx(55.6, rel=0.05)


def test_fit_text_keeps_what_fits_and_ends_at_a_word_with_an_ellipsis():
    title = "Utprøving av prøvesvartjenester på Helsenorge"
    assert fit_text(title, 1000, 12) == title
    short = fit_text(title, 160, 12)
    assert short.endswith("…") and text_width(short, 12) <= 160
    assert title.startswith(short[:-1])
    assert not short[:-1].endswith(" ")
    assert fit_text(title, 10, 12) == ""  # a stub says nothing


def test_wrap_keeps_words_whole_and_hyphenates_long_words_at_syllables():
    lines = wrap_text("Tilrettelegging i helse- og omsorgstjenesten", 90, 14, bold=True)
    assert all(text_width(line, 14, bold=True) <= 90 for line in lines)
    assert "".join(lines).replace("-", "").replace(" ", "") == "Tilretteleggingihelseogomsorgstjenesten"
    broken = [line for line in lines if line.endswith("-") and not line.endswith("helse-")]
    assert broken and all(len(line) > 3 for line in broken)  # at a syllable, not a letter or two
    assert wrap_text("Kort navn", 500, 12) == ["Kort navn"]


def test_a_no_break_space_keeps_the_critical_dot_with_its_word():
    lines = wrap_text("Forprosjekt digital samhandling steg\xa02\xa0●", 190, 12)
    assert lines[-1].endswith("2\xa0●")


def test_legend_rows_follow_plotlys_layout():
    names = ["Helsenorge", "Kjernejournal", "E-resept", "Felles grunnmur og helhetlig samhandling"]
    assert legend_rows(names, 2000, 12) == 1
    # past one row plotly gives every entry the widest one's width: a grid of equal columns
    widest = 40 + 5 + max(text_width(n, 12) for n in names)
    assert legend_rows(names, 2 * widest + 1, 12) == 2
    # grouped entries flow at their own widths
    assert legend_rows(names, 2 * widest + 1, 12, grouped=True) == 2
    assert legend_rows(names[:3], 400, 12, grouped=True) == 1


def test_labels_in_a_row_never_overlap_nor_leave_the_row():
    lefts = place_labels([100, 104, 110], [60, 40, 50], 300)
    rights = [left + width for left, width in zip(lefts, [60, 40, 50], strict=True)]
    assert all(r < next_left for r, next_left in zip(rights, lefts[1:], strict=False))
    assert place_labels([298], [60], 300) == [240]


# --- colour maths ---------------------------------------------------------------------------


def test_colours_parse_in_every_written_form():
    assert rgb("#abc") == (170, 187, 204)
    assert rgb("#1f6f8b") == (31, 111, 139)
    assert rgb("rgb(1, 2, 3)") == (1, 2, 3)
    assert tint("#000000", 0.0) == "#ffffff" and tint("#1f6f8b", 1.0) == "#1f6f8b"


def test_one_rule_picks_ink_or_white_and_every_fill_reads():
    for fill in [*STATUS_COLORS.values(), *PHASE_COLORS]:
        ink = ink_on(fill)
        assert ink in (WHITE, INK)
        assert contrast(ink, fill) == max(contrast(WHITE, fill), contrast(INK, fill))
        assert contrast(ink, fill) >= 4.5, fill  # WCAG AA for the titles drawn on bars
    # a dimmed bar is pale: its title is dark
    assert ink_on(seen_through(STATUS_COLORS["available"], 0.25)) == INK


def test_flags_read_on_white():
    for _, colour in FLAG_STYLE.values():
        assert contrast(colour, WHITE) >= 4.5
