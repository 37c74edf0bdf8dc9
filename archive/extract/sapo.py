"""The sapo (lead paragraph): a sapo/summary/lead box, or a bold first paragraph."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from archive.extract.dom import classes, element_with_text, in_tags, is_bold, squash, text_of

_SAPO_ANY = re.compile(r"sapo|tomtat|tom-tat|chapeau|trichyeu")
_SAPO_TOKEN = re.compile(
    r"([a-z]+[-_]?)?(summary|lead|intro|mota|mo-ta|abstract)([-_]?[a-z]+)?(__[a-z]+)?"
)
# "description" marks a lead only as a paragraph's own class (Liferay's p.description), never
# a box's: author bios and teasers are descriptions too
_DESCRIPTION = frozenset({"description", "desc", "news-description", "article-description"})
_NOT_LEAD_ATTR = re.compile(r"author|bio|profile|teaser|item|card|list")
_SAPO_MAX_CHARS = 1200
_TEASER_CHARS = 600


def _first_after(
    root: HtmlElement, els: list[HtmlElement], anchor: HtmlElement | None
) -> HtmlElement | None:
    """The first of ``els`` after ``anchor`` in document order (else the first of them)."""
    if anchor is None or not els:
        return els[0] if els else None
    wanted, seen = set(els), False
    for el in root.iter():
        if el is anchor:
            seen = True
        elif seen and el in wanted:
            return el
    return els[0]


def find_sapo(root: HtmlElement, title_el: HtmlElement | None) -> str | None:
    """The lead paragraph marked up as a sapo/summary/lead next to the heading."""
    found = [el for el in root.iter("*") if _is_sapo_box(el)]
    if len({text_of(el) for el in found}) > 2 and title_el is None:
        return None
    el = _first_after(root, found, title_el)
    return squash(text_of(el)) if el is not None else None


def _is_description(el: HtmlElement, tokens: list[str]) -> bool:
    if el.tag not in ("p", "h2") or not _DESCRIPTION.intersection(tokens):
        return False
    return not any(_NOT_LEAD_ATTR.search(classes(a)) for a in el.iterancestors())


def _is_sapo_box(el: HtmlElement) -> bool:
    tokens = classes(el).split()
    if el.tag in ("meta", "body", "html") or not (
        any(_SAPO_ANY.search(tok) or _SAPO_TOKEN.fullmatch(tok) for tok in tokens)
        or _is_description(el, tokens)
    ):
        return False
    size = len(el.text_content())
    if not 30 <= size <= 2 * _SAPO_MAX_CHARS or len(el.findall(".//p")) > 2:
        return False
    return (
        30 <= len(text_of(el)) <= _SAPO_MAX_CHARS
        and not in_tags(el, frozenset({"a"}))
        and not _in_teaser(el)
    )


def _in_teaser(el: HtmlElement) -> bool:
    """Whether the box is the summary of a teaser: its list item (an ``<article>`` or ``<li>``
    of teaser size) has a linked headline."""
    item = next(el.iterancestors("article", "li"), None)
    if item is None or len(text_of(item)) > _TEASER_CHARS:
        return False
    return any(
        (a.get("href") or "#")[:1] != "#" for h in item.iter("h2", "h3", "h4") for a in h.iter("a")
    )


def bold_lead(root: HtmlElement, paragraphs: list[str]) -> str | None:
    """The first body paragraph when it is set in bold (a sapo without a class)."""
    if not paragraphs or len(paragraphs[0]) < 40:
        return None
    el = element_with_text(root, paragraphs[0])
    if el is None:
        return None
    nodes = [el, *el.iterancestors("p", "div", "strong", "b")][:3]
    return paragraphs[0] if any(is_bold(n) or n.tag in ("strong", "b") for n in nodes) else None


_LEAD_HEADINGS = ("h2", "h3")
_LEAD_MIN_CHARS = 60
_LEAD_LOOKAHEAD = 200  # elements after the heading where a lead may stand
_SENTENCE_END = (".", "!", "?", "…", '"', "”", ")")


def heading_lead(root: HtmlElement, title_el: HtmlElement | None) -> str | None:
    """A lead set as a heading under the title (vtcnews.vn's ``h2``: "(VTC News) - Sau 8
    tháng khởi công, …"): the first ``h2``/``h3`` after the title and before the body's first
    paragraph, when it is a sentence and not a link. Subheadings are short and sit inside the
    body."""
    if title_el is None:
        return None
    seen = False
    count = 0
    for el in root.iter("*"):
        if el is title_el:
            seen = True
            continue
        if not seen or any(a is title_el for a in el.iterancestors()):
            continue
        count += 1
        if count > _LEAD_LOOKAHEAD:
            return None
        if el.tag == "p" and len(text_of(el)) >= _LEAD_MIN_CHARS:
            return None  # the body began
        if el.tag in _LEAD_HEADINGS:
            text = squash(text_of(el))
            linked = el.find(".//a[@href]") is not None or in_tags(el, frozenset({"a"}))
            if (
                _LEAD_MIN_CHARS <= len(text) <= _SAPO_MAX_CHARS
                and text.endswith(_SENTENCE_END)
                and not linked
            ):
                return text
            return None
    return None
