"""Parsing and small DOM helpers shared by the field and chrome rules."""

from __future__ import annotations

import re

from lxml import etree, html
from lxml.html import HtmlElement

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_PARSER = html.HTMLParser(remove_comments=True, remove_pis=True, recover=True)
NOISE_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed")
BLOCK_TAGS = frozenset(
    "p div li td th tr table ul ol h1 h2 h3 h4 h5 h6 section article header footer aside "
    "nav blockquote figure figcaption dd dt dl form center main pre address br".split()
)


def squash(text: str | None) -> str:
    """Collapse whitespace (NBSP included) and trim."""
    return " ".join(text.split()) if text else ""


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
MAX_DEPTH = 200  # libxml2 drops what is nested deeper than it allows (256, or ~2000 huge)


def flatten_deep(text: str, limit: int = MAX_DEPTH) -> str:
    """``text`` with the tags nested deeper than ``limit`` removed (their text kept), so
    that a page of 5,000 nested ``<div>``s loses its wrappers, not its words. Linear."""
    out: list[str] = []
    depth, pos, dropped = 0, 0, False
    for match in _TAG.finditer(text):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        out.append(text[pos : match.start()])
        pos = match.end()
        if name in _VOID or self_closing:
            out.append(match.group(0))
            continue
        if closing:
            depth = max(0, depth - 1)
            if depth >= limit:
                dropped = True
                continue
        else:
            depth += 1
            if depth > limit:
                dropped = True
                continue
        out.append(match.group(0))
    out.append(text[pos:])
    return "".join(out) if dropped else text


def parse(text: str) -> HtmlElement | None:
    """An lxml document for ``text``, or None when nothing usable comes out."""
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        return None
    try:
        root = html.document_fromstring(text, parser=_PARSER)
        if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in _PARSER.error_log):
            # nested deeper than libxml2 reads: it dropped the rest; flatten and read again
            root = html.document_fromstring(flatten_deep(text), parser=_PARSER)
    except (etree.ParserError, ValueError, TypeError):
        return None
    if root is None or not isinstance(root, HtmlElement):
        return None
    etree.strip_elements(root, *NOISE_TAGS, with_tail=False)
    return root


def _pieces(el: HtmlElement, sep: str) -> list[str]:
    """Text pieces of ``el`` in order, ``sep`` at block boundaries (iterative, depth-safe).

    Newlines inside text are the source's hard wraps, not breaks a reader sees: spaces."""
    parts: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS:
                parts.append(sep)
            if tag and node.text:
                parts.append(node.text.replace("\n", " "))
            continue
        if tag in BLOCK_TAGS:
            parts.append(sep)
        if node is not el and node.tail:
            parts.append(node.tail.replace("\n", " "))
    return parts


def text_of(el: HtmlElement) -> str:
    """Visible text of an element, blocks separated by spaces, whitespace collapsed."""
    return squash("".join(_pieces(el, " ")))


def lines_of(el: HtmlElement) -> list[str]:
    """Visible text of an element split at block boundaries and <br>."""
    lines = (squash(x) for x in "".join(_pieces(el, "\n")).split("\n"))
    return [line for line in lines if line]


def classes(el: HtmlElement) -> str:
    """Lower-cased class and id of an element, space separated."""
    return f"{el.get('class') or ''} {el.get('id') or ''}".lower()


def link_text_len(el: HtmlElement) -> int:
    """Characters of visible text inside links below ``el``."""
    return sum(len(squash(a.text_content())) for a in el.iter("a"))


def remove(el: HtmlElement) -> None:
    """Detach an element, keeping its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def in_tags(el: HtmlElement, tags: frozenset[str]) -> bool:
    """Whether ``el`` or one of its ancestors has one of ``tags``."""
    return any(isinstance(a.tag, str) and a.tag in tags for a in [el, *el.iterancestors()])


def meta_content(root: HtmlElement, *names: str) -> str | None:
    """The content of the first <meta> with one of ``names`` (property, name or itemprop)."""
    for name in names:
        for el in root.iter("meta"):
            if name in (
                (el.get("property") or "").lower(),
                (el.get("name") or "").lower(),
                (el.get("itemprop") or "").lower(),
            ):
                value = squash(el.get("content"))
                if value:
                    return value
    return None


def is_bold(el: HtmlElement) -> bool:
    """Whether an element is set in bold (by style, or its text all inside <b>/<strong>)."""
    style = (el.get("style") or "").replace(" ", "").lower()
    if "font-weight:bold" in style or "font-weight:700" in style:
        return True
    bold = "".join(b.text_content() for b in el.iter("b", "strong")).replace(" ", "")
    return bool(bold) and len(bold) >= 0.9 * len(text_of(el).replace(" ", "")) - 2


def element_with_text(root: HtmlElement, text: str) -> HtmlElement | None:
    """The first block element whose whole visible text is ``text``."""
    for el in root.iter("p", "div", "h2", "h3", "h4", "td", "span", "strong", "b", "em"):
        raw = el.text_content()
        if len(raw) >= len(text) and squash(raw) == text:
            return el
    return None
