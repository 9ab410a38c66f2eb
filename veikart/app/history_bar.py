"""The history bar every page shares, and the staleness notice of the shell.

The page preamble (`page.draw_page`) draws the bar above each page's own components:

- "Sammenlign med" (`?baseline=`) and "Vis veikartet ved" (`?asof=`): the revisions of
  the roadmap's git repository, tags first (newest first), then the latest commits that
  changed it, each labelled with its name, date and commit subject (text from git: drawn
  as text, bounded). Choosing one navigates: the page is drawn again for the new address,
  where a version not in memory yet is loaded (never in a filter callback);
- the change summary (`#change-summary`): "Siden styremote-2023-06: 1 forsinket, 1 ny, …";
- with `?asof=`, a banner saying which version is shown and a button back to the current;
- without git, one line saying history is unavailable instead of the selectors.

Its ids are in the page's namespace, so its callbacks (registered here for every page,
`register_history_callbacks`) keep their inputs and outputs inside the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, dcc, html
from dash.development.base_component import ComponentSingleType
from dash.exceptions import PreventUpdate

from veikart.app import ids
from veikart.app.comparison import Chosen, asof_banner_text
from veikart.app.components import attributes, hidden_value
from veikart.app.context import AppContext
from veikart.app.history_choice import Shown, cached_shown, unavailable_note
from veikart.app.history_source import HistoryState
from veikart.app.inputs import MaxChars, checked
from veikart.app.source import Snapshot, problem_line
from veikart.i18n import Lang, long_date, t

CHANGE_SUMMARY = "change-summary"
"""The id of the change summary (one page is shown at a time; drawn outside validation)."""
MAX_STALE = 25
"""Staleness notes listed; `veikart validate --stale` lists them all."""
HISTORY_VALUE_CHARS = 600
"""The longest history value a page sends back ('baseline=…&asof=…', both checked revisions)."""

HistoryValue = Annotated[str, MaxChars(HISTORY_VALUE_CHARS)] | None
"""The type of the page's history value in a callback (`@checked`)."""


def bar_id(namespace: str) -> str:
    return ids.page_id(namespace, "history")


def baseline_id(namespace: str) -> str:
    return ids.page_id(namespace, "baseline")


def asof_id(namespace: str) -> str:
    return ids.page_id(namespace, "asof")


def summary_id(namespace: str) -> str:
    return ids.page_id(namespace, "change-summary-area")


def asof_clear_id(namespace: str) -> str:
    return ids.page_id(namespace, "asof-clear")


def history_id(namespace: str) -> str:
    """The page's history value: 'baseline=…&asof=…' as the page was drawn (checked revisions).

    A page callback takes `State(history_id(ns), "value")` and passes it to `cached_shown`.
    """
    return ids.page_id(namespace, "history-value")


def _nav_id(namespace: str) -> str:
    return ids.page_id(namespace, "history-nav")


# --- the bar ----------------------------------------------------------------------------------


def revision_options(history: HistoryState, chosen: Chosen | None, lang: Lang) -> list[dict[str, str]]:
    """The selector's choices: tags, then commits; a revision chosen by link but not listed first."""
    options = [{"label": entry.label(lang), "value": entry.name} for entry in history.revisions]
    if chosen is not None and history.entry(chosen.rev) is None:
        label = f"{chosen.rev} · {chosen.date.strftime('%d.%m.%Y')}"
        options.insert(0, {"label": label, "value": chosen.rev})
    return options


def summary_children(shown: Shown | None, lang: Lang) -> list[ComponentSingleType]:
    """The change summary, when a baseline is chosen."""
    if shown is None or shown.comparison is None:
        return []
    return [html.P(shown.comparison.summary(lang), id=CHANGE_SUMMARY, className="vk-change-summary mb-0")]


def _selector(
    namespace: str, which: str, options: list[dict[str, str]], value: str | None, lang: Lang
) -> html.Div:
    control = baseline_id(namespace) if which == "baseline" else asof_id(namespace)
    return html.Div(
        [
            dbc.Label(t(f"history.{which}_label", lang), html_for=control, class_name="vk-label"),
            dcc.Dropdown(
                id=control,
                options=options,
                value=value,
                placeholder=t(f"history.{which}_none", lang),
                clearable=True,
                searchable=True,
                className="vk-dropdown vk-revision",
            ),
        ],
        className="vk-history-choice",
    )


def history_bar(namespace: str, shown: Shown | None, history: HistoryState, lang: Lang) -> html.Div:
    """The bar: the asof banner, the two selectors and the change summary (or the note)."""
    asof = shown.asof if shown else None
    baseline = shown.baseline if shown else None
    note = unavailable_note(history, lang) if shown is not None else None
    banner = dbc.Alert(
        [
            html.Strong(asof_banner_text(asof, lang) if asof else "", className="me-2"),
            html.Button(
                t("history.asof_back", lang),
                id=asof_clear_id(namespace),
                className="btn btn-sm btn-outline-dark",
                type="button",
                n_clicks=0,
            ),
        ],
        color="info",
        class_name="vk-asof-banner py-2 mb-2 d-flex flex-wrap align-items-center gap-2",
        is_open=asof is not None,
    )
    selectors = html.Div(
        [
            _selector(
                namespace,
                "baseline",
                revision_options(history, baseline, lang),
                baseline.rev if baseline else None,
                lang,
            ),
            _selector(
                namespace, "asof", revision_options(history, asof, lang), asof.rev if asof else None, lang
            ),
            html.Div(
                summary_children(shown, lang),
                id=summary_id(namespace),
                className="vk-summary-area",
                role="status",
                **attributes(aria_live="polite"),
            ),
        ],
        className="vk-history-bar",
        hidden=note is not None,
    )
    return html.Div(
        [
            banner,
            selectors,
            html.P(note, className="vk-history-note small mb-2") if note else None,
            hidden_value(history_id(namespace), shown.query if shown else ""),
            html.Div(id=_nav_id(namespace), hidden=True),
        ],
        id=bar_id(namespace),
        className="vk-history",
    )


# --- the shell's staleness notice --------------------------------------------------------------


def stale_banner(snapshot: Snapshot, lang: Lang) -> list[ComponentSingleType]:
    """'Veikartet bør oppdateres: 3 merknader per 30. november 2026', folded, or nothing."""
    history = snapshot.history
    problems = history.stale
    if not problems or snapshot.frames is None:
        return []
    day = long_date(history.today, lang)
    title = (
        t("history.stale_title.one", lang, date=day)
        if len(problems) == 1
        else t("history.stale_title", lang, n=len(problems), date=day)
    )
    items: list[ComponentSingleType] = [
        html.Li(html.Code(problem_line(p, lang))) for p in problems[:MAX_STALE]
    ]
    if len(problems) > MAX_STALE:
        items.append(html.Li(t("history.stale_more", lang, n=len(problems) - MAX_STALE)))
    return [
        html.Details(
            [
                html.Summary(title, className="vk-stale-summary"),
                html.Ul(items, className="vk-problem-list mb-1 mt-1"),
                html.Div(t("history.stale_hint", lang), className="small"),
            ],
            className="vk-stale mb-2",
            id=ids.STALE_NOTICE,
        )
    ]


# --- callbacks ----------------------------------------------------------------------------------


def register_history_callbacks(context: AppContext, namespaces: Sequence[str]) -> None:
    """For each page with a history bar: choosing navigates; a reload refreshes the choices."""
    app = context.app
    lang = context.lang
    for ns in namespaces:
        app.clientside_callback(
            ClientsideFunction(namespace="veikart", function_name="chooseRevision"),
            Output(_nav_id(ns), "children"),
            Input(baseline_id(ns), "value"),
            Input(asof_id(ns), "value"),
            Input(asof_clear_id(ns), "n_clicks"),
            prevent_initial_call=True,
        )
        _register_follow(context, ns, lang)


def _register_follow(context: AppContext, ns: str, lang: Lang) -> None:
    @context.app.callback(
        Output(baseline_id(ns), "options"),
        Output(asof_id(ns), "options"),
        Output(summary_id(ns), "children"),
        Input(ids.page_version(ns), "value"),
        State(history_id(ns), "value"),
        prevent_initial_call=True,
    )
    @checked
    def follow(_version: str | None, history: HistoryValue) -> tuple[object, ...]:
        # Memory only: the watcher has read the new revisions and rebuilt the comparisons.
        snapshot = context.snapshot()
        if snapshot.frames is None:
            raise PreventUpdate
        shown = cached_shown(context.source, snapshot, history, lang)
        return (
            revision_options(snapshot.history, shown.baseline, lang),
            revision_options(snapshot.history, shown.asof, lang),
            summary_children(shown, lang),
        )


__all__ = [
    "CHANGE_SUMMARY",
    "HistoryValue",
    "asof_id",
    "baseline_id",
    "history_bar",
    "history_id",
    "register_history_callbacks",
    "revision_options",
    "stale_banner",
    "summary_children",
]
