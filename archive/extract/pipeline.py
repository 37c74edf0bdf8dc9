"""extract(): decode, parse, prune chrome, read fields, run the engine, decide."""

from __future__ import annotations

from collections.abc import Collection

from lxml.html import HtmlElement

from archive.extract import byline, chrome, classify, crumbs, engine, header, sapo, titles
from archive.extract.chrome import fold
from archive.extract.dates import find_date
from archive.extract.decode import decode, non_html_reason
from archive.extract.dom import parse, squash
from archive.extract.language import detect_language
from archive.extract.model import Extraction, not_article

_DATELINE_EXTRA = 50
_TEMPLATE_MIN, _TEMPLATE_MAX = 12, 300


def extract(
    html: bytes | str,
    url: str,
    *,
    content_type: str | None = None,
    template: Collection[str] = (),
) -> Extraction:
    """Main text and fields of a portal page; never raises.

    ``template`` holds the portal's learned chrome lines (``archive.documents.templates``, folded by
    ``template_key``): main-content lines among them are dropped from the text.
    """
    try:
        return _extract(html, url or "", content_type, template)
    except Exception as exc:  # a bad page must not stop a crawl (RecursionError included)
        return not_article(f"extraction failed: {type(exc).__name__}")


def _extract(
    html: bytes | str, url: str, content_type: str | None, template: Collection[str]
) -> Extraction:
    if html is None or not html:
        return not_article("empty document")
    if reason := non_html_reason(content_type, html):
        return not_article(reason)
    root = parse(decode(html, content_type))
    if root is None or not squash(root.text_content()):
        return not_article("empty document")
    return _from_tree(root, url, template)


def template_key(line: str) -> str | None:
    """The key of a main-content line for portal templates; None for lines too long to be
    chrome (prose) or too short to tell (a lone "PV" byline)."""
    key = fold(line)
    return key if _TEMPLATE_MIN <= len(key) <= _TEMPLATE_MAX else None


def _from_tree(root: HtmlElement, url: str, template: Collection[str]) -> Extraction:
    trail = crumbs.breadcrumbs(root)
    crumb_links = crumbs.breadcrumb_links(root)
    early_author = byline.selector_author(root)
    chrome.prune(root)
    engine.unwrap_layout_tables(root)
    title, title_el = titles.find_title(root)
    near = header.header_lines(root, title_el)
    date = header.find_date(root, near)
    lead = sapo.find_sapo(root, title_el)
    paragraphs = engine.main_paragraphs(root, url)
    keys = tuple(dict.fromkeys(k for k in map(template_key, paragraphs) if k))
    paragraphs = _clean(paragraphs, title, lead, near, trail)
    lead = lead or sapo.bold_lead(root, paragraphs)
    author = (
        byline.selector_author(root)
        or early_author
        or byline.trailing_author(paragraphs, root)
        or byline.header_author(near)
        or byline.meta_author(root)
    )
    paragraphs = _drop_byline(paragraphs, author)
    if template:  # after the byline is read: a portal's usual byline repeats on every page
        paragraphs = [p for p in paragraphs if template_key(p) not in template]
        if lead and template_key(lead) in template:
            lead = None
    category = crumbs.find_category(root, trail, title, near)
    text = "\n\n".join(([lead] if lead else []) + paragraphs)
    reason = classify.not_article_reason(root, url, title, title_el, lead, paragraphs, crumb_links)
    return Extraction(
        is_article=reason is None,
        title=title,
        date=date,
        author=author,
        category=category,
        sapo=lead,
        text=text,
        language=detect_language(text),
        reason=reason,
        lines=keys,
    )


def _clean(
    paragraphs: list[str],
    title: str | None,
    lead: str | None,
    near: list[str],
    trail: list[str],
) -> list[str]:
    """Drop chrome lines, the heading, the dateline, the sapo, crumbs and repeated lines."""
    skip = {fold(x) for x in [title or "", *trail, " ".join(trail)] if x}
    skip |= {fold(x) for x in near if _is_dateline(x)}
    sapo_key = fold(lead or "")
    out: list[str] = []
    last = ""
    for index, para in enumerate(paragraphs):
        key = fold(para)
        if not key or key in skip or key == last or chrome.is_chrome_line(para):
            continue
        if sapo_key and index < 6 and (key == sapo_key or len(key) >= 20 and key in sapo_key):
            continue
        last = key
        out.append(para)
    return out


def _is_dateline(line: str) -> bool:
    """A short line that is mostly a date ("PV 27/02/2024 09:00", "Cập nhật: …")."""
    found = find_date(line)
    return found is not None and len(line) - (found.end - found.start) <= _DATELINE_EXTRA


def _drop_byline(paragraphs: list[str], author: str | None) -> list[str]:
    """The text without a closing byline paragraph."""
    if author and paragraphs and author in paragraphs[-1] and len(paragraphs[-1]) <= 80:
        return paragraphs[:-1]
    return paragraphs
