"""The digest as Markdown: for a wiki, an e-mail, or a pull request that prepares a meeting.

Every text from the roadmap or git goes through `markdown_text`, which escapes Markdown's
and HTML's special characters (`|`, `*`, `[`, `<`, ...), so a title or a commit subject
renders as exactly its text, in a table cell too: no HTML, no links, no emphasis, no
broken tables, no @-mentions. Only the sources' own http(s) addresses become links.
"""

from __future__ import annotations

from urllib.parse import quote

from veikart.digest.sections import Cell, Document, Section, Table
from veikart.history.render import markdown_text

NO_LIMIT = 10_000
"""The sections bounded every text already; escaping must not cut it again."""


def _md(text: str) -> str:
    return markdown_text(text, NO_LIMIT)


def _cell(cell: Cell) -> str:
    text = _md(cell.text)
    if cell.href:
        # in <...> a destination may hold parentheses; what could end it is percent-encoded
        return f"[{text}](<{quote(cell.href, safe=':/?#[]@!$&()*+,;=%~-._')}>)"
    return text


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(table: Table) -> list[str]:
    lines = [f"### {_md(table.heading)}", ""] if table.heading else []
    if table.is_empty:
        return [*lines, _md(table.empty), ""]
    lines.append(_row([_md(c) for c in table.columns]))
    lines.append(_row(["---"] * len(table.columns)))
    lines += [_row([_cell(c) for c in row]) for row in table.rows]
    return [*lines, ""]


def _section(section: Section) -> list[str]:
    lines = [f"## {_md(section.heading)}", ""]
    lines += [line for text in section.lines for line in (_md(text), "")]
    if section.figures:
        for figure in section.figures:
            note = f" ({_md(figure.note)})" if figure.note else ""
            lines.append(f"- {_md(figure.label)}: **{_md(figure.value)}**{note}")
        lines.append("")
    for table in section.tables:
        lines += _table(table)
    lines += [line for text in section.notes for line in (_md(text), "")]
    return lines


def render_markdown(document: Document) -> str:
    """The digest as one Markdown document (CommonMark with GitHub's tables)."""
    lines = [f"# {_md(document.title)}", "", f"*{_md(document.kicker)}*", ""]
    if document.subtitle:
        lines += [_md(document.subtitle), ""]
    lines += [f"- **{_md(label)}:** {_md(value)}" for label, value in document.meta]
    lines.append("")
    for section in document.sections:
        lines += _section(section)
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["render_markdown"]
