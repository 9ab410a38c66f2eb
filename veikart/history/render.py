"""A DiffReport as text for a terminal, Markdown for a pull-request comment, or JSON.

Titles, names, paths, revision names, commit subjects and author names are untrusted:
each is made printable (control and bidirectional-override characters replaced), bounded
in length, and in Markdown escaped so it stays text (no HTML, no links, no emphasis, no
table breaks, no @-mentions).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from veikart.history.attribution import AttributedChange
from veikart.history.changes import ADDED, DELIVERABLE, GROUPS, MOVED, REMOVED, RISK, Change, group_of
from veikart.history.report import DiffReport, Side
from veikart.i18n import Lang, flag_label, long_date, status_label, t
from veikart.roadmap.periods import Quarter, period_label

TITLE_LIMIT = 120
"""Characters of a title or subject shown; longer ones end in '…'."""
ROWS_LIMIT = 100
"""Rows per Markdown table, so one kind of change cannot crowd out the others."""
MARKDOWN_LIMIT = 60_000
"""Characters of Markdown at most: a GitHub comment holds 65,536 (GitLab's notes, 1,000,000)."""
FORMATS = ("text", "markdown", "json")

# --- untrusted text -------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#!|~&$]|:(?=//))")
"""What could make markup: emphasis, code, links and images (with `[` and `]` escaped a
`(` is plain), raw HTML, entities, table pipes, strikethrough, headings, GitLab's inline
diffs (`{+ +}`), maths (`$`) and autolinks (`://`). The text is never written at the
start of a line, so list markers need no escape."""


def clean_text(value: object, limit: int = TITLE_LIMIT) -> str:
    """Printable one-line text of at most `limit` characters."""
    text = "" if value is None else str(value)
    out = []
    for ch in text[: limit * 4]:
        category = unicodedata.category(ch)
        out.append(" " if category in ("Cc", "Zl", "Zp") else "" if category == "Cf" else ch)
    line = _SPACES.sub(" ", "".join(out)).strip()
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def markdown_text(value: object, limit: int = TITLE_LIMIT) -> str:
    """Untrusted text as Markdown that renders as exactly that text, in a table cell too."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", clean_text(value, limit))
    # a word joiner after '@' keeps "@name" from notifying a GitHub or GitLab user, and
    # one in "www." keeps a bare domain from becoming a link (GitHub's autolinks)
    return text.replace("@", "@\u2060").replace("www.", "www\u2060.")


def _code(value: str) -> str:
    """An id or commit id in a code span (ids are slugs; anything else is dropped)."""
    return "`" + re.sub(r"[^A-Za-z0-9_.:/-]", "", value)[:TITLE_LIMIT] + "`"


# --- values ---------------------------------------------------------------------------


def _when(value: dict[str, Any] | None, lang: Lang) -> str:
    if not value:
        return "–"
    start, end = dt.date.fromisoformat(value["start"]), dt.date.fromisoformat(value["end"])
    if start == Quarter.of(start).first_day and end == Quarter.of(end).last_day:
        return period_label(start, end, lang)
    if start == end:
        return start.isoformat()
    return f"{start.isoformat()}–{end.isoformat()}"


def _yes_no(value: object, lang: Lang) -> str:
    return t("diff.yes" if value else "diff.no", lang)


def _health(before: dict[str, Any] | None, after: dict[str, Any] | None, which: str, lang: Lang) -> str:
    mine = (before if which == "before" else after) or {}
    other = (after if which == "before" else before) or {}
    parts = []
    for light in ("progress", "cost", "quality", "risk"):
        if mine.get(light) != other.get(light) or not other:
            level = mine.get(light)
            shown = t(f"health.{level}", lang).lower() if level else "–"
            parts.append(f"{t(f'health.{light}', lang)} {shown}")
    if mine.get("comment") != other.get("comment") and other:
        parts.append(f"{t('diff.comment', lang)}: {clean_text(mine.get('comment') or '–', 60)}")
    return ", ".join(parts) if parts else "–"


def value_text(report: DiffReport, change: Change, which: str, lang: Lang) -> str:
    """The before or after value of a change, in words (plain text, untrusted parts cleaned)."""
    value = change.before if which == "before" else change.after
    kind = change.kind
    if kind in (ADDED, REMOVED):
        if value is None:
            return "–"
        if change.item == RISK:
            return t(f"diff.risk.{value['level']}", lang)
        return _when(value, lang)
    if kind == MOVED:
        return _when(value, lang)
    if kind == "status":
        return status_label(value, lang)
    if kind == "phase":
        return clean_text(report.phase_names.get(value, value)) if value else t("phase.unknown", lang)
    if kind == "title":
        return clean_text(value)
    if kind == "dependencies":
        return ", ".join(value) if value else t("diff.nothing", lang)
    if kind == "flags":
        return ", ".join(flag_label(f, lang) for f in value) if value else t("diff.nothing", lang)
    if kind in ("tentative", "critical"):
        return _yes_no(value, lang)
    if kind == "health":
        return _health(change.before, change.after, which, lang)
    if kind == "level":
        return t(f"diff.risk.{value}", lang)
    return clean_text(value)


def shift_text(change: Change, lang: Lang) -> str:
    if change.kind != MOVED:
        return ""
    parts = []
    if change.shift_quarters:
        parts.append(t("diff.shift", lang, n=change.shift_quarters))
    if change.start_shift_quarters and change.start_shift_quarters != change.shift_quarters:
        parts.append(t("diff.start_shift", lang, n=change.start_shift_quarters))
    return ", ".join(parts) or "±0"


def commit_text(attributed: AttributedChange, lang: Lang, markdown: bool = False) -> str:
    commit = attributed.commit
    if commit is None:
        return t("diff.uncommitted" if attributed.uncommitted else "diff.no_commit", lang)
    escape = markdown_text if markdown else clean_text
    short = _code(commit.short) if markdown else commit.short
    return (
        f"{short} {commit.date.date().isoformat()} {escape(commit.author, 60)}: {escape(commit.subject, 100)}"
    )


def side_text(side: Side, lang: Lang, escape: Callable[[object], str] = clean_text) -> str:
    if side.commit is None and side.rev is None:
        return escape(side.path) if side.path else t("diff.worktree", lang)
    if side.commit is None:
        return t("diff.worktree", lang)
    date = long_date(side.commit.date.date(), lang)
    return f"{escape(side.rev or side.commit.short)} ({side.commit.short}, {date})"


def summary_text(report: DiffReport, lang: Lang) -> str:
    summary = report.summary
    if summary.total == 0:
        return t("diff.none", lang)
    parts = []
    for group in GROUPS:
        n = getattr(summary, group)
        if not n:
            continue
        key = f"diff.{group}"
        if group in ("added", "other"):
            key += ".one" if n == 1 else ".many"
        parts.append(t(key, lang, n=n))
    return ", ".join(parts)


def _grouped(report: DiffReport) -> dict[str, list[AttributedChange]]:
    groups: dict[str, list[AttributedChange]] = {g: [] for g in GROUPS}
    for attributed in report.changes:
        groups[group_of(attributed.change)].append(attributed)
    return groups


def _between(report: DiffReport, lang: Lang, escape: Callable[[object], str]) -> str:
    before = side_text(report.before, lang, escape)
    if report.after.commit is None and report.after.rev is None and not report.before.on_disk:
        after = t("diff.worktree", lang)
    else:
        after = side_text(report.after, lang, escape)
    return t("diff.between", lang, path=escape(report.after.path), before=before, after=after)


def _service_name(report: DiffReport, change: Change) -> str:
    if change.service is None:
        return "–"
    return clean_text(report.service_names.get(change.service, change.service), 60)


# --- text -----------------------------------------------------------------------------


def render_text(report: DiffReport, lang: Lang = "nb") -> str:
    """The report for a terminal: headline, then each group with one block per change."""
    lines = [t("diff.heading", lang), _between(report, lang, clean_text), summary_text(report, lang)]
    for group, members in _grouped(report).items():
        if not members:
            continue
        lines += ["", t(f"diff.group.{group}", lang)]
        for attributed in members:
            change = attributed.change
            label = f"{t(f'diff.item.{change.item}', lang)} " if change.item != DELIVERABLE else ""
            where = f" ({_service_name(report, change)})" if change.item == DELIVERABLE else ""
            lines.append(f"  {label}{change.id}: {clean_text(change.title)}{where}")
            what = "" if group != "other" else f"{t(f'diff.kind.{change.kind}', lang)}: "
            before, after = (
                value_text(report, change, "before", lang),
                value_text(report, change, "after", lang),
            )
            shift = shift_text(change, lang)
            if change.kind == ADDED:
                detail = f"{what}{after}"
            elif change.kind == REMOVED:
                detail = f"{what}{before}"
            else:
                detail = f"{what}{before} → {after}" + (f"  {shift}" if shift else "")
            lines.append(f"    {detail}")
            lines.append(f"    {commit_text(attributed, lang)}")
    return "\n".join(lines) + "\n"


# --- markdown -------------------------------------------------------------------------


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: Sequence[str], rows: list[list[str]], lang: Lang, budget: int) -> list[str]:
    """A table of at most ROWS_LIMIT rows and about `budget` characters; a line says how
    many rows were left out."""
    out = [_row(header), _row(["---"] * len(header))]
    size = sum(len(line) + 1 for line in out)
    shown = 0
    for cells in rows[:ROWS_LIMIT]:
        line = _row(cells)
        if size + len(line) + 1 > budget:
            break
        out.append(line)
        size += len(line) + 1
        shown += 1
    if shown < len(rows):
        out += ["", t("diff.more", lang, n=len(rows) - shown)]
    return out


def _md_item(change: Change) -> str:
    return f"{markdown_text(change.title)} ({_code(change.id)})"


def render_markdown(report: DiffReport, lang: Lang = "nb") -> str:
    """The report as a pull-request comment: a summary line, then one table per group."""
    col = {
        name: t(f"diff.col.{name}", lang)
        for name in ("item", "what", "service", "before", "after", "shift", "when", "commit")
    }
    deliverable = t("diff.item.deliverable", lang)
    lines = [
        f"### {t('diff.heading', lang)}",
        "",
        _between(report, lang, markdown_text),
        "",
        f"**{summary_text(report, lang)}**",
    ]
    for group, members in _grouped(report).items():
        if not members:
            continue
        rows: list[list[str]] = []
        for attributed in members:
            change = attributed.change
            service = markdown_text(_service_name(report, change))
            before = markdown_text(value_text(report, change, "before", lang))
            after = markdown_text(value_text(report, change, "after", lang))
            commit = commit_text(attributed, lang, markdown=True)
            if group in ("slipped", "earlier", "moved"):
                rows.append([_md_item(change), service, before, after, shift_text(change, lang), commit])
            elif group == "added":
                rows.append([_md_item(change), service, after, commit])
            elif group == "removed":
                rows.append([_md_item(change), service, before, commit])
            elif group == "status":
                rows.append([_md_item(change), service, before, after, commit])
            else:
                item = f"{t(f'diff.item.{change.item}', lang)}: {_md_item(change)}"
                what = t(f"diff.kind.{change.kind}", lang)
                rows.append([item, what, before, after, commit])
        if group in ("slipped", "earlier", "moved"):
            header = [deliverable, col["service"], col["before"], col["after"], col["shift"], col["commit"]]
        elif group in ("added", "removed"):
            header = [deliverable, col["service"], col["when"], col["commit"]]
        elif group == "status":
            header = [deliverable, col["service"], col["before"], col["after"], col["commit"]]
        else:
            header = [col["item"], col["what"], col["before"], col["after"], col["commit"]]
        budget = MARKDOWN_LIMIT - sum(len(line) + 1 for line in lines) - 200 * len(GROUPS)
        lines += ["", f"#### {t(f'diff.group.{group}', lang)}", "", *_table(header, rows, lang, budget)]
    return "\n".join(lines) + "\n"


# --- json -----------------------------------------------------------------------------


def render_json(report: DiffReport) -> str:
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n"


def render(report: DiffReport, output_format: str, lang: Lang = "nb") -> str:
    """The report in one of FORMATS."""
    if output_format not in FORMATS:
        raise ValueError(f"no report format {output_format!r}; one of {', '.join(FORMATS)}")
    if output_format == "json":
        return render_json(report)
    if output_format == "markdown":
        return render_markdown(report, lang)
    return render_text(report, lang)


__all__ = [
    "FORMATS",
    "clean_text",
    "markdown_text",
    "render",
    "render_json",
    "render_markdown",
    "render_text",
    "value_text",
]
