"""A friendly page for unknown addresses (and views that are not there yet)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from veikart.app import ids
from veikart.app.context import AppContext
from veikart.i18n import t


def register(context: AppContext) -> None:
    """Register the page the router shows for any path no page claims.

    Dash finds it by its module name ending in `not_found_404`.
    """
    lang = context.lang

    def layout(path: str | None = None, **_query: object) -> html.Div:
        return html.Div(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.H2(t("notfound.title", lang), className="h4"),
                        html.P(t("notfound.body", lang, path=path or "/")),
                        dcc.Link(t("notfound.back", lang), href="/tidslinje", className="btn btn-primary"),
                    ]
                ),
                class_name="vk-not-found",
            ),
            id=ids.NOT_FOUND,
            className="vk-page",
        )

    dash.register_page(__name__, path="/404", name=t("notfound.title", lang), layout=layout)
