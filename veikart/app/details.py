"""The details panel: a deliverable's or a service's facts, description, sources, risks and note.

Every text here came from the roadmap's YAML: it is drawn as text, and descriptions and
mitigations go through the safe Markdown pipeline of `veikart.app.markdown`. A source's
link is a link only when it is http(s) or truly relative; any other address is shown as
text. A planner's note and the internal mark are drawn only when the frames hold them,
which the frames of a public dashboard never do (`public_roadmap`); `public=True` also
leaves out where in the files an item is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, Literal, TypedDict

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html
from dash.development.base_component import ComponentSingleType, ComponentType

from veikart.app.markdown import allowed_url, markdown
from veikart.figures.style import RISK_LEVEL_COLORS
from veikart.frames import RoadmapFrames, is_missing
from veikart.i18n import Lang, flag_label, long_date, status_label, t

if TYPE_CHECKING:
    from veikart.history.git import Commit

HEALTH_KEYS = ("progress", "cost", "quality", "risk")
LEVEL_RANK = {"high": 0, "medium": 1, "low": 2}
"""Risks are listed the most serious first."""
MAX_URL_SHOWN = 200
"""A link that is not drawn as a link is shown as text, cut to this many characters."""


def details_panel(
    panel_id: str, body_id: str, lang: Lang, children: ComponentType = None, is_open: bool = False
) -> dbc.Offcanvas:
    """A side panel (off-canvas) for details; its body is `body_id`.

    Without a backdrop: the chart beside it stays visible and usable, so a highlighted
    chain of dependencies can be read while its deliverable's details are open.
    """
    return dbc.Offcanvas(
        html.Div(children, id=body_id),
        id=panel_id,
        title=t("details.title", lang),
        placement="end",
        is_open=is_open,
        scrollable=True,
        backdrop=False,
        class_name="vk-details",
    )


def _text(value: object) -> str | None:
    return None if is_missing(value) else str(value)


def _fact(label: str, value: ComponentType) -> list[ComponentSingleType]:
    return [html.Dt(label), html.Dd(value)]


def _last_changed(changed: Commit | Literal["uncommitted"] | None, lang: Lang) -> list[ComponentSingleType]:
    """ "Sist endret 20. mars 2023 (a1b2c3d)": the commit the item's state dates from, as
    text; "ikke committet" for an edit of the working tree."""
    if changed is None:
        return []
    if changed == "uncommitted":
        return _fact(t("history.last_changed", lang), t("diff.uncommitted", lang))
    when = long_date(changed.date.date(), lang)
    return _fact(
        t("history.last_changed", lang),
        html.Span(
            [f"{when} (", html.Code(changed.short, className="vk-commit"), ")"], className="vk-last-changed"
        ),
    )


def _heading(key: str, lang: Lang) -> html.H3:
    return html.H3(t(key, lang), className="h6 mt-3")


# --- sources ---------------------------------------------------------------------------


class SourceEntry(TypedDict):
    """A source as an item's details list it: its row of `RoadmapFrames.sources`, plain values."""

    id: str
    title: str
    date: dt.date | None
    publisher: str | None
    url: str | None


def source_entries(frames: RoadmapFrames, source_ids: object) -> list[SourceEntry]:
    """The sources an item cites, in its order, as plain values (unknown ids are skipped)."""
    ids = tuple(source_ids) if isinstance(source_ids, tuple | list) else ()
    sources = frames.sources
    if not ids or sources.empty:
        return []
    by_id = {row["id"]: row for row in sources.to_dict("records")}
    entries: list[SourceEntry] = []
    for source_id in dict.fromkeys(ids):
        row = by_id.get(source_id)
        if row is None:
            continue
        date = row.get("date")
        entries.append(
            {
                "id": str(source_id),
                "title": str(row["title"]),
                "date": None if date is None or pd.isna(date) else pd.Timestamp(date).date(),
                "publisher": _text(row.get("publisher")),
                "url": _text(row.get("url")),
            }
        )
    return entries


def _source_item(entry: SourceEntry, lang: Lang) -> html.Li:
    url = entry["url"]
    title = str(entry["title"])
    if url is not None and allowed_url(url):
        head: list[ComponentSingleType] = [
            html.A(title, href=url, target="_blank", rel="noopener noreferrer")
        ]
    else:
        head = [html.Span(title)]
        if url is not None:
            shown = url if len(url) <= MAX_URL_SHOWN else url[:MAX_URL_SHOWN] + "…"
            # Shown, never followed: the reader sees what the file says and that it is no link.
            head += [" ", html.Span(f"({t('details.link_not_shown', lang)}: {shown})", className="vk-url")]
    about = [entry["publisher"]] if entry["publisher"] else []
    if entry["date"] is not None:
        about.append(long_date(entry["date"], lang))
    return html.Li(
        [*head, html.Div(" · ".join(about), className="small vk-hint") if about else None],
        className="vk-source",
    )


def sources_section(frames: RoadmapFrames, source_ids: object, lang: Lang) -> list[ComponentSingleType]:
    """'Kilder': the documents the item's facts come from (title, publisher, date, link)."""
    entries = source_entries(frames, source_ids)
    if not entries:
        return [
            _heading("details.sources", lang),
            html.P(t("details.no_sources", lang), className="small vk-hint"),
        ]
    return [
        _heading("details.sources", lang),
        html.Ul([_source_item(entry, lang) for entry in entries], className="vk-sources"),
    ]


# --- risks -----------------------------------------------------------------------------


def level_badge(level: str, lang: Lang) -> html.Span:
    """A risk's level as a word on its colour: the word carries it, the colour helps scanning."""
    return html.Span(
        t(f"risk.level.{level}", lang),
        className=f"vk-level vk-level-{level}",
        style={"backgroundColor": RISK_LEVEL_COLORS.get(level, "#56636c")},
        title=t("details.risk_level", lang, level=t(f"risk.level.{level}", lang)),
    )


class RiskEntry(TypedDict):
    """A risk as an item's details list it: its row of `RoadmapFrames.risks` and how it
    applies to the item."""

    id: str
    title: str
    level: str
    owner: str | None
    mitigation: str | None
    internal: bool
    via_service: bool
    """A deliverable's risk that affects its service (not the deliverable by name)."""
    deliverables: tuple[str, ...]
    """A service's risk that affects some of its deliverables: their titles; () when the service itself."""


def _risk_entry(
    row: dict[Hashable, Any], *, via_service: bool = False, deliverables: tuple[str, ...] = ()
) -> RiskEntry:
    return {
        "id": str(row["id"]),
        "title": str(row["title"]),
        "level": str(row["level"]),
        "owner": _text(row.get("owner")),
        "mitigation": _text(row.get("mitigation")),
        "internal": bool(row.get("internal", False)),
        "via_service": via_service,
        "deliverables": deliverables,
    }


def _ranked(rows: list[RiskEntry]) -> list[RiskEntry]:
    return sorted(rows, key=lambda row: LEVEL_RANK.get(row["level"], 9))


def deliverable_risks(frames: RoadmapFrames, deliverable_id: str) -> list[RiskEntry]:
    """The risks affecting a deliverable, the most serious first: directly, or through its
    service (`via_service`)."""
    risks = frames.risks
    d = frames.deliverables
    rows = d[d["id"] == deliverable_id]
    if risks.empty or rows.empty:
        return []
    service = rows.iloc[0]["service"]
    found = []
    for risk in risks.to_dict("records"):
        direct = deliverable_id in risk["affects_deliverables"]
        if direct or service in risk["affects_services"]:
            found.append(_risk_entry(risk, via_service=not direct))
    return _ranked(found)


def service_risks(frames: RoadmapFrames, service_id: str) -> list[RiskEntry]:
    """The risks affecting a service or any of its deliverables, the most serious first;
    `deliverables` names (titles) those a risk affects when not the service itself."""
    risks = frames.risks
    if risks.empty:
        return []
    d = frames.deliverables
    own = d[d["service"] == service_id]
    titles = dict(zip(own["id"], own["title"], strict=True))
    found = []
    for risk in risks.to_dict("records"):
        hit = tuple(str(titles[i]) for i in risk["affects_deliverables"] if i in titles)
        if service_id in risk["affects_services"]:
            found.append(_risk_entry(risk))
        elif hit:
            found.append(_risk_entry(risk, deliverables=hit))
    return _ranked(found)


def _risk_item(risk: RiskEntry, lang: Lang) -> html.Li:
    title: list[ComponentSingleType] = [level_badge(risk["level"], lang), " ", html.Strong(risk["title"])]
    if risk["via_service"]:
        title.append(html.Span(f" ({t('details.risk_via_service', lang)})", className="small vk-hint"))
    if risk["internal"]:
        title += [" ", html.Span(t("details.internal_short", lang), className="vk-internal-mark mb-0")]
    hit = risk["deliverables"]
    body: list[ComponentSingleType] = [html.Div(title, className="vk-risk-title")]
    if hit:
        body.append(html.Div(f"{t('risks.affects', lang)}: {', '.join(hit)}", className="small"))
    owner = risk["owner"]
    if owner:
        body.append(html.Div(f"{t('risks.owner', lang)}: {owner}", className="small"))
    mitigation = risk["mitigation"]
    if mitigation:
        body.append(html.Div(html.Strong(t("risks.mitigation", lang) + ":"), className="small mt-1"))
        body.append(markdown(mitigation, "vk-markdown small"))
    return html.Li(body, className=f"vk-risk vk-risk-{risk['level']}")


def risks_section(risks: list[RiskEntry], lang: Lang) -> list[ComponentSingleType]:
    """'Risikoer': level (word and colour), title, owner and mitigation of each; nothing when none."""
    if not risks:
        return []
    return [
        _heading("details.risks", lang),
        html.Ul([_risk_item(risk, lang) for risk in risks], className="vk-risks-list"),
    ]


# --- notes and the internal mark -------------------------------------------------------


def note_section(note: object, lang: Lang) -> list[ComponentSingleType]:
    """The planners' note, marked as internal; nothing when there is none (never in public mode)."""
    text = _text(note)
    if not text:
        return []
    return [
        html.Section(
            [
                html.H3(t("details.note", lang), className="h6 vk-note-heading"),
                html.P(text, className="vk-note-text"),
            ],
            className="vk-note mt-3",
        )
    ]


def internal_mark(item: pd.Series, lang: Lang) -> list[ComponentSingleType]:
    """'Intern – vises ikke i offentlige visninger' for an internal item."""
    if not bool(item.get("internal", False)):
        return []
    return [html.P(t("details.internal", lang), className="vk-internal-mark")]


# --- services and deliverables ---------------------------------------------------------


def _health(service: pd.Series, lang: Lang) -> list[ComponentSingleType]:
    lights = [(key, _text(service.get(f"health_{key}"))) for key in HEALTH_KEYS]
    lights = [(key, value) for key, value in lights if value]
    comment = _text(service.get("health_comment"))
    if not lights and not comment:
        return []
    badges = [
        html.Span(
            [
                html.Span(className=f"vk-light vk-light-{value}"),
                f"{t(f'health.{key}', lang)}: {t(f'health.{value}', lang)}",
            ],
            className="vk-health-item",
        )
        for key, value in lights
    ]
    return [
        html.H3(t("details.health", lang), className="h6 mt-3"),
        html.Div(badges, className="vk-health"),
        markdown(comment, "vk-markdown small mt-1") if comment else None,
    ]


def _links(service: pd.Series, lang: Lang) -> list[ComponentSingleType]:
    links = service.get("links") or ()
    items = [
        html.Li(html.A(link["title"], href=link["url"], target="_blank", rel="noopener noreferrer"))
        for link in links
        if allowed_url(str(link.get("url", "")))
    ]
    if not items:
        return []
    return [html.H3(t("details.links", lang), className="h6 mt-3"), html.Ul(items, className="vk-links")]


def _location(item: pd.Series, lang: Lang, public: bool) -> list[ComponentSingleType]:
    """Where in the files the item is written, for planners; never on a public dashboard
    (a folder roadmap's file names and line numbers tell of what is left out)."""
    where = _text(item.get("source"))
    if public or not where:
        return []
    return [html.P([t("details.source", lang), ": ", html.Code(where)], className="small text-muted mt-3")]


def service_details(
    frames: RoadmapFrames,
    service_id: str,
    lang: Lang,
    timeline_href: str | None,
    changed: Commit | Literal["uncommitted"] | None = None,
    *,
    public: bool = False,
    with_risks: bool = True,
) -> list[ComponentSingleType]:
    """Details of a service: area, owner, phase, description, links, health, sources, risks,
    the planners' note, timeline link; `changed`: the commit its current state dates from
    ("Sist endret").

    `timeline_href` is the timeline's link under the dashboard's base path
    (`context.href("/tidslinje")`); None draws the service inside a deliverable's details:
    no link to the timeline and no file location."""
    rows = frames.services[frames.services["id"] == service_id]
    if rows.empty:
        return [html.P(t("details.gone", lang), className="text-muted")]
    s = rows.iloc[0]
    phases = dict(zip(frames.phases["id"], frames.phases["name"], strict=True))
    facts = _fact(t("gantt.area", lang), s["area_name"])
    if _text(s.get("owner")):
        facts += _fact(t("gantt.owner", lang), s["owner"])
    if _text(s.get("phase")):
        facts += _fact(t("filter.phase", lang), phases.get(s["phase"], s["phase"]))
    if bool(s.get("critical")):
        facts += _fact(t("critical", lang), t("table.yes", lang))
    facts += _last_changed(changed, lang)
    description = _text(s.get("description"))
    return [
        html.H2(s["name"], className="h5 vk-details-title"),
        *internal_mark(s, lang),
        html.Dl(facts, className="vk-facts"),
        markdown(description) if description else None,
        *_links(s, lang),
        *_health(s, lang),
        *sources_section(frames, s.get("sources"), lang),
        *(risks_section(service_risks(frames, service_id), lang) if with_risks else []),
        *note_section(s.get("note"), lang),
        dcc.Link(
            t("details.show_in_timeline", lang),
            href=f"{timeline_href}?service={service_id}",
            className="btn btn-outline-primary btn-sm mt-3",
        )
        if timeline_href
        else None,
        *(_location(s, lang, public) if timeline_href else []),
    ]


def _period(row: pd.Series, lang: Lang) -> ComponentType:
    """The period, and for an estimate 'Anslått tidspunkt' with the reason readers are given."""
    if not bool(row.get("tentative", False)):
        return str(row["period_label"])
    return [
        str(row["period_label"]),
        html.Div(
            [html.Strong(t("gantt.tentative", lang)), ": ", t("gantt.tentative_reason", lang)],
            className="vk-estimate small",
        ),
    ]


def deliverable_details(
    frames: RoadmapFrames,
    deliverable_id: str,
    lang: Lang,
    link_type: str,
    changed: Commit | Literal["uncommitted"] | None = None,
    *,
    public: bool = False,
) -> list[ComponentSingleType]:
    """Details of a deliverable: facts, description, sources, risks, its note, dependencies
    both ways, the service; `changed`: the commit its current state dates from ("Sist
    endret", from git)."""
    d = frames.deliverables
    rows = d[d["id"] == deliverable_id]
    if rows.empty:
        return [html.P(t("details.gone", lang), className="text-muted")]
    row = rows.iloc[0]
    titles = dict(zip(d["id"], d["title"], strict=True))
    facts = _fact(t("gantt.service", lang), row["service_name"])
    facts += _fact(t("gantt.period", lang), _period(row, lang))
    if row["kind"] != "period":
        facts += _fact(t("gantt.kind", lang), t(f"kind.{row['kind']}", lang))
    status = _text(row.get("status"))
    facts += _fact(t("filter.status", lang), status_label(status, lang))
    if _text(row.get("phase_name")):
        facts += _fact(t("filter.phase", lang), row["phase_name"])
    if _text(row.get("owner")):
        facts += _fact(t("gantt.owner", lang), row["owner"])
    if row["flags"]:
        facts += _fact(t("gantt.flags", lang), ", ".join(flag_label(f, lang) for f in row["flags"]))
    facts += _last_changed(changed, lang)
    description = _text(row.get("description"))
    body: list[ComponentSingleType] = [
        html.H2(row["title"], className="h5 vk-details-title"),
        *internal_mark(row, lang),
        html.Dl(facts, className="vk-facts"),
        html.H3(t("details.description", lang), className="h6 mt-3"),
        markdown(description)
        if description
        else html.P(t("details.no_description", lang), className="text-muted"),
        *sources_section(frames, row.get("sources"), lang),
        *risks_section(deliverable_risks(frames, deliverable_id), lang),
        *note_section(row.get("note"), lang),
    ]
    for column, key in (("depends_on", "gantt.depends_on"), ("dependents", "gantt.dependents")):
        others = [o for o in row[column] if o in titles]
        hidden = int(row.get("depends_on_internal", 0) or 0) if column == "depends_on" else 0
        body.append(html.H3(t(key, lang), className="h6 mt-3"))
        if not others and not hidden:
            body.append(html.P(t("details.none", lang), className="text-muted small"))
            continue
        if others:
            body.append(
                html.Ul(
                    [
                        html.Li(
                            html.Button(
                                titles[o],
                                id={"type": link_type, "id": o},
                                className="btn btn-link p-0 text-start vk-dep-link",
                                n_clicks=0,
                            )
                        )
                        for o in others
                    ],
                    className="vk-deps",
                )
            )
        if hidden:
            # The contract: a public output says only that there is such a dependency.
            body.append(html.P(t("details.depends_internal", lang), className="small vk-hint"))
    body.append(html.Hr())
    body.append(html.H3(t("details.service", lang), className="h6"))
    # The service's risks are the deliverable's too: listed once, above.
    body.extend(service_details(frames, row["service"], lang, timeline_href=None, with_risks=False))
    body.extend(_location(row, lang, public))
    return body
