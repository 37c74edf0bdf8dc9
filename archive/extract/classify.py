"""Article or not: a heading of its own plus prose that is not a list of linked teasers."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from archive.extract.chrome import fold
from archive.extract.dates import find_date
from archive.extract.dom import lines_of, text_of
from archive.extract.titles import title_is_repeated

MIN_PROSE_CHARS = 300
MIN_PARAGRAPH_CHARS = 40
LISTING_SHARE = 0.5
MIN_TEASERS = 2
SECTION_NAME_WORDS = 8
SECTION_NAME_CHARS = 40
HEADLINE_CHARS = 20
_LOOK_BACK = 3


def _same_page(href: str, url: str) -> bool:
    """Whether ``href`` (relative, empty or absolute) points at ``url`` itself."""
    a, b = urlsplit(urljoin(url, href.strip())), urlsplit(url)
    return (a.path.rstrip("/").lower(), a.query) == (b.path.rstrip("/").lower(), b.query)


def heading_links_away(title_el: HtmlElement | None, url: str) -> bool:
    """Whether the heading is a link to another page (a teaser's headline)."""
    if title_el is None:
        return False
    link = next(title_el.iterancestors("a"), None)
    if link is None:
        inner = [a for a in title_el.iter("a") if text_of(a) == text_of(title_el)]
        link = inner[0] if inner else None
    href = link.get("href") if link is not None else None
    if not href:
        return False
    return not href.startswith("#") and not _same_page(href, url)


def _headlines(root: HtmlElement) -> set[str]:
    """Texts of links that read like article headlines (several words, not a URL)."""
    texts = {fold(text_of(a)) for a in root.iter("a")}
    return {
        t
        for t in texts
        if len(t) >= HEADLINE_CHARS and len(t.split()) >= 4 and not re.search(r"https?:|www\.", t)
    }


def _previous_line(lines: list[str], at: int) -> str:
    """The nearest line above ``at`` that is not a bare date or a one-word label."""
    for line in reversed(lines[max(0, at - _LOOK_BACK) : at]):
        if len(line.split()) > 2 and not find_date(line) or len(line) > 40:
            return line
    return ""


def teaser_share(root: HtmlElement, paragraphs: list[str]) -> float:
    """Share of paragraphs that are headline links or a teaser right under one."""
    heads = _headlines(root)
    if len(paragraphs) < MIN_TEASERS or len(heads) < MIN_TEASERS:
        return 0.0
    lines = [fold(x) for x in lines_of(root)]
    where: dict[str, int] = {}
    for index, line in enumerate(lines):
        where.setdefault(line, index)
    hits, used = 0, set()
    for para in paragraphs:
        key = fold(para)
        at = where.get(key)
        above = _previous_line(lines, at) if at is not None else ""
        if key in heads:
            hits += 1
        elif above in heads and above not in used:
            used.add(above)
            hits += 1
    return hits / len(paragraphs) if hits >= MIN_TEASERS else 0.0


def is_section_name(title: str, crumb_links: list[tuple[str, str]], url: str) -> bool:
    """Whether the heading is a breadcrumb link: to another page, or a short section name."""
    key = fold(title)
    short = len(key.split()) <= SECTION_NAME_WORDS and len(key) <= SECTION_NAME_CHARS
    return any(
        fold(text) == key and (short or not _same_page(href, url)) for text, href in crumb_links
    )


def not_article_reason(
    root: HtmlElement,
    url: str,
    title: str | None,
    title_el: HtmlElement | None,
    sapo: str | None,
    paragraphs: list[str],
    crumb_links: list[tuple[str, str]],
) -> str | None:
    """None for an article page, else why not."""
    if not title or title_el is None:
        return "no article heading"
    if is_section_name(title, crumb_links, url):
        return "listing page: the heading is the section name"
    if title_is_repeated(root, title_el) or heading_links_away(title_el, url):
        return "listing page: the heading is one of many linked items"
    body = [p for p in paragraphs if len(p) >= MIN_PARAGRAPH_CHARS]
    chars = sum(len(p) for p in paragraphs) + len(sapo or "")
    if len(body) < 2 and chars < MIN_PROSE_CHARS:
        return "too little prose"
    if teaser_share(root, paragraphs) >= LISTING_SHARE:
        return "listing page: the text is linked headlines and their teasers"
    return None
