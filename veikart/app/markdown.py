"""Markdown from the roadmap's YAML, made safe and drawn as Dash components.

The pipeline, each step a well-kept library or a closed list:

1. markdown-it-py (CommonMark) renders the text with raw HTML off (a `<b>` written in a
   description is shown as the text "<b>"); an image is drawn as its alt text, so no
   picture is ever fetched from another host.
2. nh3 (ammonia) cleans the HTML: a fixed set of tags, `href` as the only attribute, the
   schemes http and https, and relative links only when truly relative: not `//host` or
   `/\\host`, which browsers read as another host. Character references and percent
   escapes are decoded by the HTML parser before the scheme is checked.
3. The cleaned HTML becomes Dash components through a closed mapping of tags; text stays
   text (React escapes it), so nothing from the YAML reaches the page as markup, and no
   `dangerously_allow_html` is needed anywhere.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from html.parser import HTMLParser
from typing import Protocol
from urllib.parse import unquote

import nh3
from dash import html
from dash.development.base_component import Component, ComponentSingleType, ComponentType
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

MAX_MARKDOWN_CHARS = 20_000
"""A longer text is cut: a description is a few paragraphs."""


class _Element(Protocol):
    """A Dash html component class, called with its children."""

    def __call__(self, children: ComponentType = None) -> Component: ...


TAGS: dict[str, _Element] = {
    "p": html.P,
    "br": html.Br,
    "strong": html.Strong,
    "em": html.Em,
    "code": html.Code,
    "pre": html.Pre,
    "blockquote": html.Blockquote,
    "ul": html.Ul,
    "ol": html.Ol,
    "li": html.Li,
    "a": html.A,
    "h1": html.H4,
    "h2": html.H4,
    "h3": html.H5,
    "h4": html.H6,
    "h5": html.H6,
    "h6": html.H6,
    "hr": html.Hr,
    "s": html.S,
    "table": html.Table,
    "thead": html.Thead,
    "tbody": html.Tbody,
    "tr": html.Tr,
    "th": html.Th,
    "td": html.Td,
}
"""The only tags drawn, and the components that draw them (headings sized for a panel)."""
VOID_TAGS = frozenset({"br", "hr"})
URL_SCHEMES = frozenset({"http", "https"})
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def allowed_url(url: str) -> bool:
    """True for http(s) links and truly relative ones; false for any other scheme and `//host`.

    Decoded first, as a browser would read it: percent escapes, and the ASCII whitespace
    and control characters browsers drop from URLs.
    """
    text = _CONTROL.sub("", unquote(str(url)))
    if not text:
        return False
    if text[:2].replace("\\", "/") == "//":
        return False  # protocol-relative: another host
    match = _SCHEME.match(text)
    if match is None:
        return True
    return match[0][:-1].lower() in URL_SCHEMES


def _relative_url(url: str) -> str | None:
    return url if allowed_url(url) else None


def _image_as_text(self: object, tokens: Sequence[Token], index: int, options: object, env: object) -> str:
    return escapeHtml(tokens[index].content)


@functools.cache
def _renderer() -> MarkdownIt:
    # "commonmark" has raw HTML off only when told; tables and strikethrough as on GitHub.
    renderer = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    renderer.add_render_rule("image", _image_as_text)
    return renderer


@functools.cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        attributes={"a": {"href"}},
        url_schemes=set(URL_SCHEMES),
        url_relative=_relative_url,
        link_rel=None,  # the components set rel and target themselves
        strip_comments=True,
    )


def safe_html(text: str) -> str:
    """The Markdown `text` as cleaned HTML (only the tags and links above)."""
    rendered = _renderer().render(text[:MAX_MARKDOWN_CHARS])
    return _cleaner().clean(rendered)


class _ComponentBuilder(HTMLParser):
    """Cleaned HTML -> a tree of Dash components, through `TAGS` only."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: list[ComponentSingleType] = []
        self.stack: list[tuple[str, list[ComponentSingleType], dict[str, str]]] = []

    def _children(self) -> list[ComponentSingleType]:
        return self.stack[-1][1] if self.stack else self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            return
        if tag in VOID_TAGS:
            self._children().append(TAGS[tag]())
            return
        self.stack.append((tag, [], {k: v for k, v in attrs if v is not None}))

    def handle_endtag(self, tag: str) -> None:
        if tag not in TAGS or tag in VOID_TAGS:
            return
        while self.stack:
            open_tag, children, attrs = self.stack.pop()
            self._children().append(_component(open_tag, children, attrs))
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if data:
            self._children().append(data)

    def close(self) -> None:
        super().close()
        while self.stack:
            tag, children, attrs = self.stack.pop()
            self._children().append(_component(tag, children, attrs))


def _component(tag: str, children: list[ComponentSingleType], attrs: dict[str, str]) -> Component:
    if tag == "a":
        href = attrs.get("href", "")
        if not allowed_url(href):  # a second lock: nh3 already kept only these
            return html.Span(children)
        return html.A(children, href=href, target="_blank", rel="noopener noreferrer")
    return TAGS[tag](children)


def markdown_components(text: str) -> list[ComponentSingleType]:
    """The Markdown `text` as Dash components: safe by construction (see the module doc)."""
    builder = _ComponentBuilder()
    builder.feed(safe_html(text))
    builder.close()
    return builder.root


def markdown(text: object, class_name: str = "vk-markdown") -> html.Div:
    """A block of Markdown from the roadmap, for details panels."""
    return html.Div(markdown_components(str(text)), className=class_name)


__all__ = ["allowed_url", "markdown", "markdown_components", "safe_html"]
