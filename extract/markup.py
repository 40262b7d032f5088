"""Web pages saved as HTML → the text a reader sees.

Scraped pages arrive with their markup: names inside scripts, styles, comments and attributes
are not news and must not become entities. Block elements end a line so that paragraphs stay
paragraphs for the article splitter; character references are resolved.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

_HTML_START = re.compile(r"\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<!--)", re.IGNORECASE)
_TAG = re.compile(r"</?(p|div|br|span|a|h[1-6]|li|td|article|section|script|style|meta|title)\b", re.IGNORECASE)
_CELL = frozenset({"td", "th"})
_HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object"})
_BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
                    "article", "section", "header", "footer", "nav", "aside", "main", "blockquote", "pre",
                    "title", "dd", "dt", "figcaption", "hr"})


def looks_like_html(text: str) -> bool:
    """A page that starts as HTML does, or whose first part is dense with common tags."""
    head = text[:4000]
    return bool(_HTML_START.match(head)) or len(_TAG.findall(head)) >= 5


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in _HIDDEN:
            self.hidden += 1
        if tag in _BLOCK:
            self.parts.append("\n")
        if tag == "tr":
            self.parts.append("| ")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _CELL:
            self.parts.append(" | ")  # a table row reads as a pipe row (extract/tables.py)
        if tag == "title":
            self.in_title = False
        elif tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The page's visible text, one block element per line; the <title> heads it when the body
    has no heading of its own."""
    parser = _Visible()
    parser.feed(html)
    parser.close()
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parser.parts).split("\n")]
    body = "\n".join(line for line in lines if line)
    title = " ".join("".join(parser.title).split())
    if title and title not in body[:len(title) + 200]:
        body = f"{title}\n{body}"
    return body
