"""The trafilatura call: main-content paragraphs of a parsed, chrome-pruned page."""

from __future__ import annotations

import logging

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from archive.extract.dom import squash

_BREAKS = frozenset({"lb", "p", "head", "item", "list", "quote", "row", "div", "code", "br"})
_LAYOUT_INSIDE = ("table", "h1", "h2", "h3", "form", "ul", "img")
_LAYOUT_CELL_CHARS = 300

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def _is_layout_table(table: HtmlElement) -> bool:
    """A table that lays out the page (cells holding blocks) rather than tabular data."""
    if any(table.find(f".//{tag}") is not None for tag in _LAYOUT_INSIDE):
        return True
    cells = (c for c in table.iter("td", "th") if c.getparent() is not None)
    return any(len(c.text_content()) >= _LAYOUT_CELL_CHARS for c in cells)


def unwrap_layout_tables(root: HtmlElement) -> None:
    """Turn layout tables into divs so that "tables off" keeps the article they hold."""
    for table in list(root.iter("table")):
        if not _is_layout_table(table):
            continue
        parts = table.iter("tbody", "thead", "tfoot", "tr", "td", "th", "caption")
        own = [el for el in parts if next(el.iterancestors("table"), None) is table]
        for el in own:
            el.tag = "div"
        table.tag = "div"


def _lines(el: etree._Element) -> list[str]:
    """One line per block or break; newlines inside text (source hard wraps) are spaces."""
    parts: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        if event == "start":
            if node.tag in _BREAKS:
                parts.append("\n")
            if node.text:
                parts.append(node.text.replace("\n", " "))
        else:
            if node.tag in _BREAKS:
                parts.append("\n")
            if node is not el and node.tail:
                parts.append(node.tail.replace("\n", " "))
    return [line for line in (squash(x) for x in "".join(parts).split("\n")) if line]


def main_paragraphs(root: HtmlElement, url: str | None = None) -> list[str]:
    """Paragraphs (one per block or line break) of the main content, [] when none."""
    try:
        doc = trafilatura.bare_extraction(
            root,
            url=url,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            include_formatting=False,
            favor_precision=False,
            fast=True,
            with_metadata=False,
            deduplicate=False,
        )
    except Exception:  # the engine must never take the caller down
        return []
    body = getattr(doc, "body", None)
    if body is None:
        return []
    return _lines(body)
