"""The details panel: a deliverable's or a service's facts, description, links and health.

Every text here came from the roadmap's YAML: it is drawn as text, and descriptions go
through the safe Markdown pipeline of `veikart.app.markdown`.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html
from dash.development.base_component import ComponentSingleType, ComponentType

from veikart.app.markdown import allowed_url, markdown
from veikart.frames import RoadmapFrames, is_missing
from veikart.i18n import Lang, flag_label, status_label, t

HEALTH_KEYS = ("progress", "cost", "quality", "risk")


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


def _fact(label: str, value: ComponentSingleType) -> list[ComponentSingleType]:
    return [html.Dt(label), html.Dd(value)]


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


def service_details(
    frames: RoadmapFrames, service_id: str, lang: Lang, timeline_href: str | None = "/tidslinje"
) -> list[ComponentSingleType]:
    """Details of a service: area, owner, phase, description, links, health, timeline link."""
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
    description = _text(s.get("description"))
    return [
        html.H2(s["name"], className="h5 vk-details-title"),
        html.Dl(facts, className="vk-facts"),
        markdown(description) if description else None,
        *_links(s, lang),
        *_health(s, lang),
        dcc.Link(
            t("details.show_in_timeline", lang),
            href=f"{timeline_href}?service={service_id}",
            className="btn btn-outline-primary btn-sm mt-3",
        )
        if timeline_href
        else None,
    ]


def deliverable_details(
    frames: RoadmapFrames, deliverable_id: str, lang: Lang, link_type: str
) -> list[ComponentSingleType]:
    """Details of a deliverable: facts, description, dependencies both ways, the service."""
    d = frames.deliverables
    rows = d[d["id"] == deliverable_id]
    if rows.empty:
        return [html.P(t("details.gone", lang), className="text-muted")]
    row = rows.iloc[0]
    titles = dict(zip(d["id"], d["title"], strict=True))
    facts = _fact(t("gantt.service", lang), row["service_name"])
    facts += _fact(t("gantt.period", lang), row["period_label"])
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
    description = _text(row.get("description"))
    body: list[ComponentSingleType] = [
        html.H2(row["title"], className="h5 vk-details-title"),
        html.Dl(facts, className="vk-facts"),
        html.H3(t("details.description", lang), className="h6 mt-3"),
        markdown(description)
        if description
        else html.P(t("details.no_description", lang), className="text-muted"),
    ]
    for column, key in (("depends_on", "gantt.depends_on"), ("dependents", "gantt.dependents")):
        others = [o for o in row[column] if o in titles]
        body.append(html.H3(t(key, lang), className="h6 mt-3"))
        if not others:
            body.append(html.P(t("details.none", lang), className="text-muted small"))
            continue
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
    body.append(html.Hr())
    body.append(html.H3(t("details.service", lang), className="h6"))
    service = service_details(frames, row["service"], lang, timeline_href=None)
    # The service heading repeats the name: keep it, but smaller.
    body.extend(service)
    if _text(row.get("source")):
        body.append(
            html.P(
                [t("details.source", lang), ": ", html.Code(row["source"])], className="small text-muted mt-3"
            )
        )
    return body
