"""Text in figures: drawn exactly as the planners wrote it, and measured before it is placed.

`plotly_text` is the one escaping function every figure applies to every text that came
from YAML (titles, names, goals, hover, ticks, legends, annotations). plotly.js reads a
few HTML tags in any text (`<br>`, `<b>`, `<i>`, `<em>`, `<s>`, `<u>`, `<sub>`, `<sup>`,
`<span style>`, `<a href>`) and decodes entities (`&amp;`, `&lt;`, `&gt;`, `&nbsp;`,
`&mu;`, `&times;`, `&plusmn;`, `&deg;` and numeric `&#...;`); every other `&name;` is
left as written (src/lib/svg_text_utils.js: `convertToTspans`, `convertEntities`). So:

- `<` becomes `&lt;`: no `<...>` is left for plotly to read as a tag, and it draws `<`;
- `&` becomes `&amp;`: `&quot;` written in YAML is drawn as `&quot;`, not as `"`;
- nothing else changes: `"` and `>` are drawn as they are (`html.escape` would turn `"`
  into `&quot;`, which plotly does not decode: readers saw `&quot;`).

Widths come from Arial's metrics (the figures' font, see `style.FONT`), so labels can
be placed, wrapped or shortened on the server where they fit on the reader's screen.
"""

from __future__ import annotations

import functools
import math
import re

import numpy as np
import pyphen

ELLIPSIS = "…"
NBSP = "\xa0"
_SPACES = re.compile(r"[ \t\r\n]+")


def plotly_text(value: object) -> str:
    """Text from YAML as plotly text: drawn as written, never read as markup or entities."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value)
    # Most texts need nothing: checking first is several times faster over 10,000 titles.
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    return text


# Advance widths of Arial / Liberation Sans in 1/1000 em, measured in Chromium.
_REGULAR_GROUPS = {
    0: "\xad",
    191: "'",
    222: "ijl‘’‚",
    260: "|¦",
    278: " !,./:;I[\\]ft\xa0ÌÍÎÏìíîï",
    333: "()-`r¡¨²³´·¸¹“”„",
    334: "{}",
    350: "•",
    355: '"',
    365: "º",
    370: "ª",
    389: "*",
    400: "°",
    469: "^",
    500: "Jcksvxyzçýÿ",
    537: "¶",
    549: "±÷",
    552: "¯",
    556: "#$0123456789?L_abdeghnopqu¢£¤¥§«»àáâãäåèéêëðñòóôõöùúûüþ–€",
    576: "µ",
    584: "+<=>~¬×−",
    604: "●■",
    611: "FTZ¿ßø",
    667: "&ABEKPSVXYÀÁÂÃÄÅÈÉÊËÝÞ",
    722: "CDHNRUwÇÐÑÙÚÛÜ",
    737: "©®",
    769: "◆",
    778: "GOQÒÓÔÕÖØ",
    833: "Mm",
    834: "¼½¾",
    838: "⊕",
    873: "⬢",
    889: "%æ",
    896: "★",
    944: "W",
    990: "▲",
    1000: "Æ—…",
    1015: "@",
}
_BOLD_GROUPS = {
    0: "\xad",
    238: "'",
    278: " ,./I\\ijl\xa0ÌÍÎÏìíîï‘’‚",
    280: "|¦",
    333: "!()-:;[]`ft¡¨²³´·¸¹",
    350: "•",
    365: "º",
    370: "ª",
    389: "*r{}",
    400: "°",
    474: '"',
    500: "z“”„",
    549: "±÷",
    552: "¯",
    556: "#$0123456789J_aceksvxy¢£¤¥§«¶»àáâãäåçèéêëýÿ–€",
    576: "µ",
    584: "+<=>^~¬×−",
    604: "●■",
    611: "?FLTZbdghnopqu¿ßðñòóôõöøùúûüþ",
    667: "EPSVXYÈÉÊËÝÞ",
    722: "&ABCDHKNRUÀÁÂÃÄÅÇÐÑÙÚÛÜ",
    737: "©®",
    769: "◆",
    778: "GOQwÒÓÔÕÖØ",
    833: "M",
    834: "¼½¾",
    838: "⊕",
    873: "⬢",
    889: "%mæ",
    896: "★",
    944: "W",
    975: "@",
    990: "▲",
    1000: "Æ—…",
}
_WIDTHS = {
    bold: {ch: width / 1000 for width, chars in groups.items() for ch in chars}
    for bold, groups in ((False, _REGULAR_GROUPS), (True, _BOLD_GROUPS))
}
UNKNOWN_EM = 0.6
"""A character outside the table (a rare letter or symbol): a little wider than average."""
WIDE_EM = 1.0
"""CJK and other wide characters."""
SAFETY = 1.03
"""Drawn text may be a little wider than the sum of advances (hinting, a fallback font)."""


def _char_em(ch: str, bold: bool) -> float:
    width = _WIDTHS[bold].get(ch)
    if width is not None:
        return width
    return WIDE_EM if ord(ch) >= 0x2E80 else UNKNOWN_EM


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in CSS px of `text` drawn at font size `size`."""
    table = _WIDTHS[bold]
    em = sum(table[ch] if ch in table else _char_em(ch, bold) for ch in text)
    return em * size * SAFETY


def _prefix_widths(text: str, size: float, bold: bool) -> np.ndarray:
    """Width of text[:i] for every i, in px."""
    ems = np.fromiter((_char_em(ch, bold) for ch in text), dtype=float, count=len(text))
    return np.concatenate(([0.0], np.cumsum(ems))) * size * SAFETY


def fit_text(text: str, width: float, size: float, bold: bool = False, min_chars: int = 4) -> str:
    """`text` if it fits in `width` px, else its longest start that fits with "…".

    "" when fewer than `min_chars` characters would be left: a stub says nothing.
    """
    if width <= 0:
        return ""
    if text_width(text, size, bold) <= width:
        return text
    room = width - text_width(ELLIPSIS, size, bold)
    widths = _prefix_widths(text, size, bold)
    n = int(np.searchsorted(widths, room, side="right")) - 1
    if n < min_chars:
        return ""
    cut = text[:n].rstrip(" ,.;:–-")
    # End at a word boundary when one is near: "Utprøving av…" reads better than "Utprøving a…".
    space = cut.rfind(" ")
    if space >= max(min_chars, int(n * 0.7)):
        cut = cut[:space].rstrip(" ,.;:–-")
    return cut + ELLIPSIS


@functools.cache
def _hyphenator() -> pyphen.Pyphen:
    # Roadmap text is Norwegian whatever the interface language; the nb patterns also break
    # English compounds acceptably.
    return pyphen.Pyphen(lang="nb_NO")


def _break_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word wider than a line, in pieces that fit: at its own hyphens, else at syllables.

    Only a word no syllable break can fit is broken between letters.
    """
    pieces = []
    hyphen = text_width("-", size, bold)
    while text_width(word, size, bold) > width:
        own = [i + 1 for i, ch in enumerate(word[:-1]) if ch == "-"]
        syllables = [p for p in _hyphenator().positions(word) if p not in own and word[p - 1] != "-"]
        fitting = [p for p in own if text_width(word[:p], size, bold) <= width] + [
            p for p in syllables if text_width(word[:p], size, bold) + hyphen <= width
        ]
        if fitting:
            cut = max(fitting)
            piece = word[:cut] if cut in own else word[:cut] + "-"
        else:
            widths = _prefix_widths(word, size, bold)
            cut = max(2, int(np.searchsorted(widths, width - hyphen, side="right")) - 1)
            if cut >= len(word):
                break
            piece = word[:cut] + "-"
        pieces.append(piece)
        word = word[cut:]
    pieces.append(word)
    return pieces


def wrap_text(
    text: str, width: float, size: float, max_lines: int | None = None, bold: bool = False
) -> list[str]:
    """`text` in lines that each fit `width` px; words are kept whole where a line holds them.

    A word wider than a line is hyphenated (Norwegian syllables). With `max_lines`, a text needing more lines
    ends its last line with "…"; ask for enough lines to never cut.
    """
    if "\n" not in text and text_width(text, size, bold) <= width:
        return [text.strip(" \t\r")]
    # Split at ordinary white space only: a no-break space keeps its neighbours together.
    words = _SPACES.split(text.strip(" \t\r\n"))
    if not words or words == [""]:
        return [""]
    space = text_width(" ", size, bold)
    lines: list[str] = []
    current = ""
    current_width = 0.0
    for word in words:
        word_width = text_width(word, size, bold)
        if current and current_width + space + word_width <= width:
            current += " " + word
            current_width += space + word_width
            continue
        if current:
            lines.append(current)
        pieces = _break_word(word, width, size, bold) if word_width > width else [word]
        lines.extend(pieces[:-1])
        current = pieces[-1]
        current_width = text_width(current, size, bold)
    lines.append(current)
    if max_lines is not None and len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1 :])
        lines = [*lines[: max_lines - 1], fit_text(rest, width, size, bold, min_chars=1) or ELLIPSIS]
    return lines


def lines_needed(text: str, width: float, size: float, bold: bool = False) -> int:
    """How many lines `wrap_text` makes of `text` at `width`."""
    return len(wrap_text(text, width, size, bold=bold))
