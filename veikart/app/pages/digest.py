"""The board digest at `/styrenotat?baseline=REV`: what changed since REV, what is due, what
is red, what needs updating, and the sources, printable on A4.

A thin page over `veikart.digest`: `digest_since` makes the same `Document` as
`veikart digest` from the roadmap the server holds and its history in git, and `render`
draws it as components with the class names of the self-contained HTML digest, so the
same stylesheet (`assets/30-digest.css`) lays it out on a tablet and on paper. Printing
leaves out the dashboard's header and the page's own tools.

`?baseline=` names a tag, branch or commit (default: the newest tag); `?horizon=` the
quarters of decisions and milestones (1 to 12, default 2). A revision that is refused
(`check_revision`) or unknown gives a notice and a digest without comparison, never a
500 and never a git call with that text. Documents are cached per roadmap version, HEAD
commit, baseline commit, day and horizon.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, quote

from dash import Input, Output, State, dcc, html
from dash.development.base_component import Component, ComponentSingleType
from dash.exceptions import PreventUpdate

from veikart.app import ids
from veikart.app.components import attributes, hidden_value
from veikart.app.context import AppContext
from veikart.app.inputs import checked
from veikart.app.page import PageBody, PageRequest
from veikart.app.state import choice_param, plain_query
from veikart.digest import DEFAULT_HORIZON, MAX_HORIZON, Document, Section, Table, build_digest, digest_since
from veikart.digest.render_html import LIGHTS, column_widths
from veikart.digest.sections import Cell, digest_document, short_date
from veikart.filters import Filters
from veikart.frames import RoadmapFrames
from veikart.history import HistoryError, InvalidVersion, Revision, RoadmapHistory, check_revision
from veikart.history.cache import LruCache
from veikart.history.render import clean_text
from veikart.i18n import Lang, t
from veikart.roadmap import LoadResult
from veikart.roadmap.public import public_roadmap

NS = "digest"
PATH = "/styrenotat"
BODY = ids.page_id(NS, "body")
QUERY = ids.page_id(NS, "query")
"""The page's own query (baseline, horizon), for redrawing when the roadmap reloads."""
TAGS_SHOWN = 8
COMMITS_SHOWN = 6
HORIZONS = tuple(str(n) for n in range(1, MAX_HORIZON + 1))

_DOCUMENTS: LruCache[tuple[object, ...], tuple[Document, tuple[str, ...]]] = LruCache(32)
"""(roadmap version, HEAD, baseline commit, today, horizon, lang, public) -> (document, notices)."""


@dataclass(frozen=True)
class DigestOptions:
    document: Document


# --- the document as components ------------------------------------------------------------


def _cell(cell: Cell, label: str) -> html.Td:
    text, tone, href = cell.text, cell.tone, cell.href
    content: list[ComponentSingleType] = []
    if tone in LIGHTS:
        content.append(html.Span(className="vkd-dot", **attributes(aria_hidden="true")))
    content.append(html.A(text, href=href, rel="noopener noreferrer") if href else text)
    return html.Td(
        content, className=f"vkd-tone vkd-tone-{tone}" if tone else None, **attributes(data_label=label)
    )


def _table(table: Table) -> list[Component]:
    out: list[Component] = [html.H3(table.heading)] if table.heading else []
    if table.is_empty:
        return [*out, html.P(table.empty, className="vkd-empty")]
    columns = list(table.columns)
    out.append(
        html.Table(
            [
                html.Colgroup([html.Col(className=f"vkd-w{w}") for w in column_widths(table)]),
                html.Thead(html.Tr([html.Th(c, scope="col") for c in columns])),
                html.Tbody(
                    [html.Tr([_cell(c, columns[i]) for i, c in enumerate(row)]) for row in table.rows]
                ),
            ],
            className=f"vkd-table vkd-table-{table.key}",
        )
    )
    return out


def _note(note: str | None) -> list[ComponentSingleType]:
    return [" ", html.Span(note, className="vkd-note")] if note else []


def _section(section: Section) -> html.Section:
    children: list[Component] = [html.H2(section.heading, id=f"vkd-{section.key}-h")]
    children += [html.P(line, className="vkd-line") for line in section.lines]
    if section.figures:
        children.append(
            html.Ul(
                [
                    html.Li(
                        [
                            html.Span(f.value, className="vkd-value"),
                            " ",
                            html.Span(f.label, className="vkd-label"),
                            *_note(f.note),
                        ]
                    )
                    for f in section.figures
                ],
                className="vkd-figures",
            )
        )
    for table in section.tables:
        children += _table(table)
    children += [html.P(note, className="vkd-line vkd-note-line") for note in section.notes]
    return html.Section(
        children,
        id=f"vkd-{section.key}",
        className=f"vkd-section vkd-section-{section.key}",
        **attributes(aria_labelledby=f"vkd-{section.key}-h"),
    )


def render(frames: RoadmapFrames, filters: Filters, options: DigestOptions) -> html.Article:
    """The digest as components: the same structure and classes as the HTML digest."""
    doc = options.document
    header = html.Header(
        [
            html.P(doc.kicker, className="vkd-kicker"),
            html.H2(doc.title, className="vkd-title"),
            *([html.P(doc.subtitle, className="vkd-subtitle")] if doc.subtitle else []),
            html.Dl(
                [html.Div([html.Dt(label), html.Dd(value)]) for label, value in doc.meta],
                className="vkd-meta",
            ),
        ],
        className="vkd-header",
    )
    contents = html.Nav(
        html.Ol([html.Li(html.A(s.heading, href=f"#vkd-{s.key}")) for s in doc.sections]),
        className="vkd-toc",
        **attributes(aria_label=t("digest.contents", doc.lang)),
    )
    return html.Article(
        [header, contents, *(_section(s) for s in doc.sections)], className="vkd", lang=doc.lang
    )


# --- choosing the baseline ---------------------------------------------------------------------


def _href(page: str, name: str, horizon: str) -> str:
    query = f"?baseline={quote(name, safe='')}"
    return page + query + (f"&horizon={horizon}" if horizon != str(DEFAULT_HORIZON) else "")


def version_links(
    revisions: Sequence[Revision],
    chosen: str | None,
    horizon: str,
    lang: Lang,
    public: bool = False,
    page: str = PATH,
) -> html.Nav:
    """Links to the digest since each tag (newest first) and recent commit: a commit by its
    id and subject, or in public by its id and date (subjects are the planners' words).
    `page` is the page's link under the dashboard's base path (`AppContext.href(PATH)`)."""
    tags = [r for r in revisions if r.kind == "tag"][:TAGS_SHOWN]
    commits = [r for r in revisions if r.kind == "commit"][:COMMITS_SHOWN]
    items = []
    for revision in (*tags, *commits):
        label = revision.name
        if revision.kind == "commit":
            said = short_date(revision.date.date(), lang) if public else clean_text(revision.subject, 40)
            label = f"{revision.name} {said}".strip()
        if revision.name == chosen:  # the version shown: marked, not a link to itself
            link: Component = html.Span(
                label, className="vkd-version vkd-version-current", **attributes(aria_current="true")
            )
        else:
            link = dcc.Link(label, href=_href(page, revision.name, horizon), className="vkd-version")
        items.append(html.Li(link))
    return html.Nav(
        [html.Span(t("digest.page.compare_with", lang) + ":", className="vkd-tools-label"), html.Ul(items)],
        className="vkd-versions",
        **attributes(aria_label=t("digest.page.versions", lang)),
    )


def document_for(
    history: RoadmapHistory | None,
    result: LoadResult,
    baseline: str | None,
    *,
    version: str,
    today: dt.date,
    horizon: int,
    lang: Lang,
    public: bool = False,
) -> tuple[Document, tuple[str, ...]]:
    """The digest since `baseline` (None: no comparison) and the notices it gave, cached."""
    notices: list[str] = []
    if history is not None and baseline is not None:
        try:
            sha = history.resolve(baseline)  # refused before git sees it when not a revision
            key = (version, history.head(), sha, today, horizon, lang, public)
            cached = _DOCUMENTS.get(key)
            if cached is not None:
                return cached
            document = digest_since(
                history, result, baseline, today=today, horizon=horizon, lang=lang, public=public
            )
            return _DOCUMENTS.put(key, (document, ()))
        except InvalidVersion:
            notices.append(t("digest.page.invalid_baseline", lang, rev=clean_text(baseline, 80)))
        except HistoryError:
            notices.append(t("notice.unknown_value", lang, param="baseline", value=clean_text(baseline, 80)))
    assert result.roadmap is not None
    roadmap = public_roadmap(result.roadmap) if public else result.roadmap
    content = build_digest(roadmap, None, today=today, horizon=horizon, lang=lang, public=public)
    return digest_document(content), tuple(notices)


@dataclass(frozen=True)
class PageState:
    baseline: str | None
    horizon: str


def _state(
    query: dict[str, str], history: RoadmapHistory | None, lang: Lang, notices: list[str]
) -> PageState:
    horizon = choice_param(query, "horizon", HORIZONS, str(DEFAULT_HORIZON), lang, notices)
    baseline = query.get("baseline") or None
    if baseline is None and history is not None:
        tags = [r for r in _revisions(history) if r.kind == "tag"]
        baseline = tags[0].name if tags else None
    if baseline is not None:
        try:
            check_revision(baseline)
        except HistoryError:
            notices.append(t("notice.unknown_value", lang, param="baseline", value=clean_text(baseline, 80)))
            baseline = None
    return PageState(baseline, horizon)


def _revisions(history: RoadmapHistory) -> list[Revision]:
    try:
        return history.revisions(limit=COMMITS_SHOWN)
    except HistoryError:
        return []


def _history(context: AppContext) -> RoadmapHistory | None:
    try:
        return RoadmapHistory(context.source.path)
    except HistoryError:
        return None


def page_body(
    context: AppContext, query: dict[str, str], today: dt.date, validating: bool = False
) -> tuple[list[Component], str, list[str]]:
    """The page's components for its query, its own query for the address bar, and notices."""
    lang = context.lang
    notices: list[str] = []
    snapshot = context.snapshot()
    result = snapshot.result
    history = None if validating else _history(context)
    state = _state(query, history, lang, notices)
    if validating or result is None or result.roadmap is None:
        return [html.Div(id=BODY), hidden_value(QUERY)], "", notices
    if history is None:
        notices.append(t("digest.page.no_history", lang))
    public = context.public  # `serve --public` or VEIKART_PUBLIC: the snapshot is public already
    document, found = document_for(
        history,
        result,
        state.baseline,
        version=snapshot.version,
        today=today,
        horizon=int(state.horizon),
        lang=lang,
        public=public,
    )
    notices += found
    chosen = state.baseline if not found else None
    tools = html.Div(
        [
            version_links(
                _revisions(history) if history else [],
                chosen,
                state.horizon,
                lang,
                public,
                page=context.href(PATH),
            ),
            html.P(t("digest.page.print", lang), className="vkd-tools-hint"),
        ],
        className="vkd-tools",
    )
    assert snapshot.frames is not None
    body = html.Div([tools, render(snapshot.frames, Filters(), DigestOptions(document))], id=BODY)
    search = ""
    if chosen:
        search = f"?baseline={quote(chosen, safe='')}"
    if state.horizon != str(DEFAULT_HORIZON):
        search += ("&" if search else "?") + f"horizon={state.horizon}"
    return [body, hidden_value(QUERY, search)], search, notices


class DigestPage:
    """The board's paper for the next meeting, from the roadmap and its history in git."""

    path = PATH
    aliases = ()
    namespace = NS
    nav_key = "nav.digest"
    nav_order = 3
    title_key = "nav.digest"
    preload = ()
    history = False
    """The page chooses its baseline with its own row of versions (no history bar)."""

    @staticmethod
    def render(frames: RoadmapFrames, filters: Filters, options: DigestOptions) -> html.Article:
        return render(frames, filters, options)

    def layout(self, context: AppContext, request: PageRequest) -> PageBody:
        children, search, notices = page_body(
            context, dict(request.query), request.today, validating=request.validating
        )
        request.notices.extend(notices)
        return PageBody(children, search, request.filters.to_query())

    def register(self, context: AppContext) -> None:
        register_callbacks(context)


def register_callbacks(context: AppContext) -> None:
    """Draw the digest again when the roadmap's files change (the baseline stays)."""

    @context.app.callback(
        Output(BODY, "children"),
        inputs={"version": Input(ids.page_version(NS), "value")},
        state={"search": State(QUERY, "value")},
        prevent_initial_call=True,
    )
    @checked
    def redraw(version: str | None, search: str | None) -> object:
        query = plain_query(parse_qs((search or "").lstrip("?")))
        children, _, _ = page_body(context, query, dt.date.today())
        body = children[0]
        if not isinstance(body, html.Div) or body.children is None:
            raise PreventUpdate
        return body.children


PAGE = DigestPage()

__all__ = ["PAGE", "DigestOptions", "DigestPage", "document_for", "render", "version_links"]
