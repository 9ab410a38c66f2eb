"""A friendly page for unknown addresses (and views that are not there yet)."""

from __future__ import annotations

from dataclasses import dataclass

import dash_bootstrap_components as dbc
from dash import dcc, html

from veikart.app.context import AppContext
from veikart.app.page import PageBody, PageRequest
from veikart.filters import Filters
from veikart.frames import RoadmapFrames
from veikart.i18n import Lang, t

NS = "not-found"
MAX_PATH_SHOWN = 200


@dataclass(frozen=True)
class NotFoundOptions:
    lang: Lang = "nb"
    path: str = "/"


@dataclass(frozen=True)
class NotFoundView:
    title: str
    body: str


def render(frames: RoadmapFrames, filters: Filters, options: NotFoundOptions) -> NotFoundView:
    """The words of the page: which address was not found."""
    path = options.path if len(options.path) <= MAX_PATH_SHOWN else options.path[:MAX_PATH_SHOWN] + "…"
    return NotFoundView(t("notfound.title", options.lang), t("notfound.body", options.lang, path=path))


class NotFoundPage:
    """Shown for every path no other page claims (the router's fallback)."""

    path = "/404"
    aliases = ()
    namespace = NS
    nav_key = None
    nav_order = 99
    title_key = "notfound.title"
    preload = ()
    fallback = True
    history = False

    @staticmethod
    def render(frames: RoadmapFrames, filters: Filters, options: NotFoundOptions) -> NotFoundView:
        return render(frames, filters, options)

    def layout(self, context: AppContext, request: PageRequest) -> PageBody:
        view = render(request.frames, request.filters, NotFoundOptions(request.lang, request.path or "/"))
        card = dbc.Card(
            dbc.CardBody(
                [
                    html.H2(view.title, className="h4"),
                    html.P(view.body),
                    dcc.Link(
                        t("notfound.back", request.lang),
                        href=context.href(context.nav_paths[0] if context.nav_paths else "/"),
                        className="btn btn-primary",
                    ),
                ]
            ),
            class_name="vk-not-found",
        )
        return PageBody([html.Div(card, id=NS)], "", request.filters.to_query())

    def register(self, context: AppContext) -> None:
        """No callbacks: the page is text and a link."""


PAGE = NotFoundPage()
