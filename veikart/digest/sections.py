"""The digest in words: headings, lines, key figures and tables, in the digest's language.

`digest_document(digest)` turns the data of `veikart.digest.content` into a `Document`
that every renderer (Markdown, HTML, PDF, PowerPoint, the dashboard page) draws the same
way: a header, then sections in a fixed order, each with lines, key figures and tables.
A section or table with nothing to show carries the one line that says so.

All text here is plain text, made printable and bounded (`clean_text`): titles, names,
comments and commit subjects come from YAML and git and are untrusted. Each renderer
escapes it for its own format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from veikart.digest.content import (
    ChangeEntry,
    Changes,
    CommitRef,
    Digest,
)
from veikart.history.changes import ADDED, REMOVED
from veikart.history.render import clean_text
from veikart.i18n import MONTHS, Lang, status_label, t
from veikart.roadmap.periods import Quarter, period_label

TITLE_LIMIT = 160
"""Characters of a title, name or subject; longer ones end in '…'."""
TEXT_LIMIT = 400
"""Characters of a comment or a mitigation."""
Tone = str
"""A cell's colour meaning: green, yellow, red (lights), high, medium, low (risks), late."""


@dataclass(frozen=True)
class Cell:
    """One table cell: plain text, optionally a meaning for its colour and a web link."""

    text: str
    tone: Tone | None = None
    href: str | None = None
    """An http(s) address to link the text to; never any other scheme."""


@dataclass(frozen=True)
class Table:
    key: str
    heading: str | None
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    empty: str
    """The one line shown instead of the table when it has no rows."""
    widths: tuple[float, ...]
    """Relative column widths, for layouts that set them (slides, print)."""

    @property
    def is_empty(self) -> bool:
        return not self.rows


@dataclass(frozen=True)
class Figure:
    """A key figure: a number and what it counts."""

    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    lines: tuple[str, ...] = ()
    """Lines under the heading."""
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()
    notes: tuple[str, ...] = ()
    """Lines after the tables."""


@dataclass(frozen=True)
class Document:
    """The whole digest in words."""

    lang: Lang
    kicker: str
    """"Styrenotat", or "Styrenotat · Offentlig versjon"."""
    title: str
    subtitle: str | None
    meta: tuple[tuple[str, str], ...]
    """(label, value): period, updated, compared with, owner, date of the digest."""
    sections: tuple[Section, ...]
    public: bool


# --- words for values --------------------------------------------------------------------


def short_date(day: dt.date, lang: Lang) -> str:
    """A date in a table: "03.03.2023" in Norwegian, "2023-03-03" in English."""
    return day.strftime("%d.%m.%Y") if lang == "nb" else day.isoformat()


def span_text(start: dt.date, end: dt.date, lang: Lang) -> str:
    """A time as precise as the roadmap gives it: "2023", "2. halvår 2023", "2023 K4",
    "juni 2023" or a date."""
    whole_months = start.day == 1 and end.day == _last(end)
    if start == end:
        return short_date(start, lang)
    if whole_months and start.month == 1 and end.month == 12:
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if whole_months and start.year == end.year and (start.month, end.month) in ((1, 6), (7, 12)):
        return t("digest.half", lang, n=1 if start.month == 1 else 2, year=start.year)
    if start == Quarter.of(start).first_day and end == Quarter.of(end).last_day:
        return period_label(start, end, lang)
    if whole_months and (start.year, start.month) == (end.year, end.month):
        return f"{MONTHS[lang][start.month - 1]} {start.year}"
    return f"{short_date(start, lang)}–{short_date(end, lang)}"


def _last(day: dt.date) -> int:
    following = day.replace(day=28) + dt.timedelta(days=4)
    return (following - dt.timedelta(days=following.day)).day


def _plain_span(value: object, lang: Lang) -> str:
    """The time of a change's before/after value ({"start", "end", ...})."""
    if not isinstance(value, dict) or "start" not in value:
        return "–"
    return span_text(dt.date.fromisoformat(value["start"]), dt.date.fromisoformat(value["end"]), lang)


def _text(value: object, limit: int = TITLE_LIMIT) -> str:
    return clean_text(value, limit) if value not in (None, "") else "–"


def _title(title: str, internal: bool, lang: Lang) -> str:
    text = clean_text(title, TITLE_LIMIT)
    return f"{text} ({t('digest.internal', lang)})" if internal else text


def _web(url: str | None) -> str | None:
    """The address if it is an absolute http(s) one (a relative path means nothing on paper)."""
    if not url:
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def commit_cell(entry: ChangeEntry, lang: Lang) -> Cell:
    commit: CommitRef | None = entry.commit
    if commit is None:
        return Cell(t("digest.commit.uncommitted" if entry.uncommitted else "digest.commit.none", lang))
    text = f"{commit.short} {short_date(commit.date, lang)}"
    if commit.subject:
        text += f": {clean_text(commit.subject, 100)}"
    return Cell(text)


def _count(n: int, one: str, many: str, lang: Lang) -> str:
    return t(one, lang) if n == 1 else t(many, lang, n=n)


# --- the sections --------------------------------------------------------------------------


def _meta(digest: Digest) -> tuple[tuple[str, str], ...]:
    header, lang = digest.header, digest.lang
    baseline = header.baseline
    compared = (
        t(
            "digest.compared_value",
            lang,
            rev=clean_text(baseline.rev, 80),
            commit=baseline.commit.short,
            date=short_date(baseline.commit.date, lang),
        )
        if baseline
        else t("digest.no_baseline", lang)
    )
    meta = [
        (t("digest.period", lang), period_label(header.start, header.end, lang)),
        (
            t("digest.updated", lang),
            short_date(header.updated, lang) if header.updated else t("digest.updated_unknown", lang),
        ),
        (t("digest.compared", lang), compared),
    ]
    if header.owner:
        meta.append((t("digest.owner", lang), clean_text(header.owner, 80)))
    meta.append((t("digest.date", lang), short_date(header.today, lang)))
    return tuple(meta)


def _figures(digest: Digest) -> Section:
    lang, figures = digest.lang, digest.figures
    baseline = digest.header.baseline
    items = [Figure(t("digest.figures.deliverables", lang), str(figures.deliverables))]
    items += [Figure(status_label(status, lang), str(n)) for status, n in figures.by_status]
    services = _count(
        figures.critical_services, "digest.figures.critical_service", "digest.figures.critical_services", lang
    )
    items.append(Figure(t("digest.figures.critical", lang), str(figures.critical_deliverables), services))
    if figures.slipped is not None and baseline is not None:
        label = t("digest.figures.slipped", lang, rev=clean_text(baseline.rev, 60))
        items.append(Figure(label, str(figures.slipped)))
    else:
        items.append(
            Figure(t("digest.figures.slipped_none", lang), "–", t("digest.figures.no_baseline", lang))
        )
    return Section("figures", t("digest.figures.heading", lang), figures=tuple(items))


def _change_rows(entries: tuple[ChangeEntry, ...], group: str, lang: Lang) -> tuple[tuple[Cell, ...], ...]:
    rows: list[tuple[Cell, ...]] = []
    for entry in entries:
        change = entry.change
        item = Cell(_title(change.title, entry.internal, lang))
        service = Cell(_text(entry.service_name))
        if group in ("slipped", "earlier"):
            shift = change.shift_quarters or 0
            start_shift = change.start_shift_quarters or 0
            words = t("diff.shift", lang, n=shift) if shift else t("diff.start_shift", lang, n=start_shift)
            tone = "late" if shift > 0 else None
            rows.append(
                (
                    item,
                    service,
                    Cell(_plain_span(change.before, lang)),
                    Cell(_plain_span(change.after, lang), tone),
                    Cell(words, tone),
                    commit_cell(entry, lang),
                )
            )
        elif change.kind in (ADDED, REMOVED):
            value = change.after if change.kind == ADDED else change.before
            rows.append((item, service, Cell(_plain_span(value, lang)), commit_cell(entry, lang)))
        else:
            rows.append(
                (
                    item,
                    service,
                    Cell(status_label(change.before, lang)),
                    Cell(status_label(change.after, lang)),
                    commit_cell(entry, lang),
                )
            )
    return tuple(rows)


def _changes(digest: Digest) -> Section:
    lang = digest.lang
    changes: Changes | None = digest.changes
    baseline = digest.header.baseline
    if changes is None or baseline is None:
        return Section(
            "changes",
            t("digest.changes.heading_none", lang),
            lines=(t("digest.changes.no_baseline", lang),),
        )
    col = {
        name: t(f"digest.col.{name}", lang)
        for name in ("deliverable", "service", "before", "now", "shift", "when", "commit")
    }
    moved_columns = (
        col["deliverable"],
        col["service"],
        col["before"],
        col["now"],
        col["shift"],
        col["commit"],
    )
    moved_widths = (3.0, 1.6, 1.2, 1.2, 1.1, 2.6)
    listed = (
        ("slipped", changes.slipped, moved_columns, moved_widths),
        ("earlier", changes.earlier, moved_columns, moved_widths),
        (
            "added",
            changes.added,
            (col["deliverable"], col["service"], col["when"], col["commit"]),
            (3.6, 1.8, 1.4, 2.8),
        ),
        (
            "removed",
            changes.removed,
            (col["deliverable"], col["service"], col["when"], col["commit"]),
            (3.6, 1.8, 1.4, 2.8),
        ),
        (
            "status",
            changes.status,
            (col["deliverable"], col["service"], col["before"], col["now"], col["commit"]),
            (3.0, 1.6, 1.7, 1.7, 2.4),
        ),
    )
    tables = []
    for group, entries, columns, widths in listed:
        if group == "earlier" and not entries:
            continue  # the four kinds always show; this one only when it happened
        tables.append(
            Table(
                key=group,
                heading=t(f"digest.changes.{group}", lang),
                columns=columns,
                rows=_change_rows(entries, group, lang),
                empty=t(f"digest.changes.{group}_empty", lang) if group != "earlier" else "",
                widths=widths,
            )
        )
    notes: tuple[str, ...] = ()
    if changes.other:
        key = "digest.changes.other.one" if changes.other == 1 else "digest.changes.other.many"
        notes = (t(key, lang, n=changes.other),)
    heading = t("digest.changes.heading", lang, rev=clean_text(baseline.rev, 60))
    return Section("changes", heading, tables=tuple(tables), notes=notes)


def _due(digest: Digest) -> Section:
    lang, due = digest.lang, digest.due
    first, last = due.first.label(lang), due.last.label(lang)
    ahead = due.last - due.first
    if ahead == 0:
        heading, intro = t("digest.due.heading_one", lang, first=first), t("digest.due.intro_now", lang)
    else:
        heading = t("digest.due.heading", lang, first=first, last=last)
        intro = t("digest.due.intro_one", lang) if ahead == 1 else t("digest.due.intro", lang, n=ahead)
    rows = []
    for item in due.items:
        when = span_text(item.start, item.end, lang)
        if item.tentative:
            when += f" ({t('digest.tentative', lang)})"
        rows.append(
            (
                Cell(when),
                Cell(t(f"kind.{item.kind}", lang)),
                Cell(_title(item.title, item.internal, lang)),
                Cell(_text(item.service_name)),
                Cell(status_label(item.status, lang) if item.status else "–"),
            )
        )
    columns = tuple(t(f"digest.col.{c}", lang) for c in ("when", "kind", "what", "service", "status"))
    table = Table("due", None, columns, tuple(rows), t("digest.due.empty", lang), (1.4, 1.1, 3.6, 1.8, 2.0))
    return Section("due", heading, lines=(intro,), tables=(table,))


def _health(digest: Digest) -> Section:
    lang, health = digest.lang, digest.health
    rows = []
    for item in health.items:
        name = _title(item.name, item.internal, lang)
        lights = tuple(
            Cell(t(f"health.{level}", lang) if level else t("digest.health.not_given", lang), level)
            for _, level in item.lights
        )
        rows.append((Cell(name), *lights, Cell(_text(item.comment, TEXT_LIMIT))))
    columns = (
        t("digest.col.service", lang),
        *(t(f"health.{light}", lang) for light in ("progress", "cost", "quality", "risk")),
        t("digest.col.comment", lang),
    )
    empty = t("digest.health.empty" if health.any_lights else "digest.health.none", lang)
    table = Table("health", None, columns, tuple(rows), empty, (2.2, 1.5, 1.5, 1.5, 1.5, 3.8))
    table = without_blank_columns(table, optional=(5,))
    return Section("health", t("digest.health.heading", lang), tables=(table,))


def _risks(digest: Digest) -> Section:
    lang = digest.lang
    rows = tuple(
        (
            Cell(t(f"diff.risk.{r.level}", lang), r.level),
            Cell(_title(r.title, r.internal, lang)),
            Cell(", ".join(clean_text(a, 80) for a in r.affects) if r.affects else "–"),
            Cell(_text(r.owner, 80)),
            Cell(_text(r.mitigation, TEXT_LIMIT)),
        )
        for r in digest.risks
    )
    columns = tuple(t(f"digest.col.{c}", lang) for c in ("level", "risk", "affects", "owner", "mitigation"))
    table = Table("risks", None, columns, rows, t("digest.risks.empty", lang), (0.9, 3.0, 2.6, 1.5, 3.4))
    table = without_blank_columns(table, optional=(3, 4))
    lines = (t("digest.risks.intro", lang),) if rows else ()
    return Section("risks", t("digest.risks.heading", lang), lines=lines, tables=(table,))


def _overdue(digest: Digest) -> Section:
    lang, overdue = digest.lang, digest.overdue
    today = short_date(digest.header.today, lang)
    rows = tuple(
        (
            Cell(_title(item.title, item.internal, lang)),
            Cell(_text(item.service_name)),
            Cell(Quarter.of(item.end).label(lang) if item.start != item.end else short_date(item.end, lang)),
            Cell(status_label(item.status, lang)),
        )
        for item in overdue.items
    )
    lines = [t("digest.overdue.intro", lang, today=today)]
    if overdue.updated_days is not None and digest.header.updated is not None:
        updated = short_date(digest.header.updated, lang)
        lines.append(t("digest.overdue.updated", lang, updated=updated, days=overdue.updated_days))
    columns = tuple(t(f"digest.col.{c}", lang) for c in ("deliverable", "service", "end", "status"))
    table = Table("overdue", None, columns, rows, t("digest.overdue.empty", lang), (3.6, 1.8, 1.4, 2.4))
    return Section("overdue", t("digest.overdue.heading", lang), lines=tuple(lines), tables=(table,))


def _conflicts(digest: Digest) -> Section:
    lang = digest.lang
    rows = tuple(
        (
            Cell(_title(c.title, c.internal, lang)),
            Cell(Quarter.of(c.start).label(lang)),
            Cell(_title(c.dependency_title, c.dependency_internal, lang)),
            Cell(Quarter.of(c.dependency_end).label(lang), "late"),
        )
        for c in digest.conflicts
    )
    columns = tuple(t(f"digest.col.{c}", lang) for c in ("deliverable", "starts", "depends_on", "ends"))
    table = Table("conflicts", None, columns, rows, t("digest.conflicts.empty", lang), (3.4, 1.1, 3.4, 1.1))
    lines = (t("digest.conflicts.intro", lang),) if rows else ()
    return Section("conflicts", t("digest.conflicts.heading", lang), lines=lines, tables=(table,))


def _sources(digest: Digest) -> Section:
    lang = digest.lang
    rows = tuple(
        (
            Cell(clean_text(s.title, TITLE_LIMIT), href=_web(s.url)),
            Cell(_text(s.publisher, 80)),
            Cell(short_date(s.date, lang) if s.date else "–"),
            Cell(_count(s.cited_by, "digest.cited.one", "digest.cited", lang) if s.cited_by else "–"),
        )
        for s in digest.sources
    )
    columns = tuple(t(f"digest.col.{c}", lang) for c in ("source", "publisher", "date", "cited"))
    table = Table("sources", None, columns, rows, t("digest.sources.empty", lang), (5.0, 2.2, 1.2, 1.2))
    lines = (t("digest.sources.intro", lang),) if rows else ()
    return Section("sources", t("digest.sources.heading", lang), lines=lines, tables=(table,))


def without_blank_columns(table: Table, optional: tuple[int, ...]) -> Table:
    """The table without those of its `optional` columns that hold nothing in any row."""
    blank = {i for i in optional if table.rows and all(row[i].text == "–" for row in table.rows)}
    if not blank:
        return table
    keep = [i for i in range(len(table.columns)) if i not in blank]
    return Table(
        key=table.key,
        heading=table.heading,
        columns=tuple(table.columns[i] for i in keep),
        rows=tuple(tuple(row[i] for i in keep) for row in table.rows),
        empty=table.empty,
        widths=tuple(table.widths[i] for i in keep),
    )


SECTION_KEYS = ("figures", "changes", "due", "health", "risks", "overdue", "conflicts", "sources")
"""The sections after the header, in the order the digest shows them."""


def digest_document(digest: Digest) -> Document:
    """The digest in words, ready for any renderer."""
    lang = digest.lang
    kicker = t("digest.kicker", lang)
    if digest.header.public:
        kicker += f" · {t('digest.public', lang)}"
    builders = {
        "figures": _figures,
        "changes": _changes,
        "due": _due,
        "health": _health,
        "risks": _risks,
        "overdue": _overdue,
        "conflicts": _conflicts,
        "sources": _sources,
    }
    return Document(
        lang=lang,
        kicker=kicker,
        title=clean_text(digest.header.title, TITLE_LIMIT),
        subtitle=clean_text(digest.header.subtitle, TITLE_LIMIT) if digest.header.subtitle else None,
        meta=_meta(digest),
        sections=tuple(builders[key](digest) for key in SECTION_KEYS),
        public=digest.header.public,
    )


__all__ = [
    "SECTION_KEYS",
    "Cell",
    "Document",
    "Figure",
    "Section",
    "Table",
    "digest_document",
    "short_date",
    "span_text",
]
