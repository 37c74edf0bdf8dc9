"""extract(): decode, parse, prune chrome, run the engine, recover prose, read fields, decide."""

from __future__ import annotations

from collections.abc import Collection

from lxml.html import HtmlElement

from archive.extract import byline, chrome, classify, crumbs, engine, header, prose, sapo, titles
from archive.extract.chrome import fold
from archive.extract.dates import find_date
from archive.extract.decode import decode, non_html_reason
from archive.extract.documents import linked_documents
from archive.extract.dom import parse, squash, text_of
from archive.extract.labels import page_labels, strip_labels
from archive.extract.language import detect_language
from archive.extract.model import Extraction, not_article
from archive.extract.registry import registry_rows

_TEMPLATE_MIN, _TEMPLATE_MAX = 12, 300
_HEAD_BYLINE_LINES = 4
_LIST_ITEM_CHARS = 300
_MIN_BEFORE_BYLINE = 2
_TAIL_TEASER_SHARE = 0.5
_MIN_TEASER_RUN = 2
_CARD_RUN = 3  # teasers in a row that end an article, even with a box or two after them…
_HEADING_BOX = 40  # characters beyond the heading that make its box the page's own
_CLOSING_BOXES = 2  # …such as a promotion of the site's own books (znews.vn's "notebox")
_BYLINE_CHARS = 80


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
    text = decode(html, content_type)
    root = parse(text)
    if root is None or not squash(root.text_content()):
        return not_article("empty document")
    return _from_tree(root, url, template, text)


def template_key(line: str) -> str | None:
    """The key of a main-content line for portal templates; None for lines too long to be
    chrome (prose) or too short to tell (a lone "PV" byline)."""
    key = fold(line)
    return key if _TEMPLATE_MIN <= len(key) <= _TEMPLATE_MAX else None


def _from_tree(
    root: HtmlElement, url: str, template: Collection[str], source: str = ""
) -> Extraction:
    trail = crumbs.breadcrumbs(root)
    crumb_links = crumbs.breadcrumb_links(root)
    own_crumb = crumbs.own_crumb(root, url)
    labels = page_labels(root) | {fold(c) for c in trail}
    early_author = byline.selector_author(root)
    records = registry_rows(root, url)  # before chrome goes: a "Văn bản mới" box counts too
    chrome.prune(root, url)
    engine.unwrap_layout_tables(root)
    paragraphs = engine.main_paragraphs(root, url)
    headlines = classify.headline_links(root)
    block = prose.article_block(root, paragraphs, headlines)
    title, title_el = titles.find_title(root, block, labels, own_crumb, trail, url)
    near = header.header_lines(root, title_el)
    date = header.find_date(root, near)
    if date is None and title and source and (served := parse(source)) is not None:
        date = header.dateline_above(served, title)
    lead = sapo.find_sapo(root, title_el) or sapo.heading_lead(root, title_el)
    if title_el is not None and block is not None and _thin(paragraphs):
        # the engine kept a paragraph or two of a body it did not see (``<div>`` paragraphs
        # between photos): the lines between them are read from the heading's own box
        block = _content_scope(root, block, title_el)
    paragraphs = prose.fill(root, paragraphs, block)
    keys = tuple(dict.fromkeys(k for k in map(template_key, paragraphs) if k))
    paragraphs = _clean(paragraphs, title, lead, near, trail, headlines)
    flags = classify.teasers(root, paragraphs)
    paragraphs = strip_labels(_cut_tail(paragraphs, flags, headlines), labels)
    if not lead and (lead := sapo.bold_lead(root, paragraphs)):
        paragraphs = paragraphs[1:]
    while (
        paragraphs
        and len(paragraphs[-1]) <= _BYLINE_CHARS
        and byline.is_account(paragraphs[-1], offices=False)
    ):
        paragraphs = paragraphs[:-1]  # the CMS account's slot after the text ("Ad Min")
    slot = byline.selector_author(root)
    closing = byline.trailing_author(paragraphs, root)
    if closing and slot and byline.is_office(closing):
        closing = slot  # an office signs the text: a person in the author slot wins
    author = (
        closing or slot or early_author or byline.header_author(near) or byline.meta_author(root)
    )
    paragraphs = strip_labels(_drop_byline(paragraphs, author), labels)
    if template:  # after the byline is read: a portal's usual byline repeats on every page
        paragraphs = [p for p in paragraphs if template_key(p) not in template]
        if lead and template_key(lead) in template:
            lead = None
    category = crumbs.find_category(root, trail, title, near)
    text = "\n\n".join(([lead] if lead else []) + paragraphs)
    documents = linked_documents(_content_scope(root, block, title_el), url)
    kind, reason = classify.classify(
        root, url, title, title_el, lead, paragraphs, crumb_links, date is not None, documents,
        labels,
    )  # fmt: skip
    if len(records) > 1 and kind == "notice":  # a registry's list: many records, not one
        kind, reason = "listing", "listing: a document registry"
    return Extraction(
        is_article=kind == "article",
        title=title,
        date=date,
        author=author,
        category=category,
        sapo=lead,
        text=text,
        language=detect_language(text),
        reason=reason,
        lines=keys,
        kind=kind,
        documents=documents,
        records=records,
    )


def _thin(paragraphs: list[str]) -> bool:
    """Whether the engine's text is at most one paragraph of prose."""
    prose_lines = [p for p in paragraphs if len(p) >= classify.MIN_PARAGRAPH_CHARS]
    return len(prose_lines) <= 1


def _content_scope(
    root: HtmlElement, block: HtmlElement | None, title_el: HtmlElement | None
) -> HtmlElement:
    """Where a page's own links are: the box holding its heading and its text."""
    if block is None:
        return root
    if title_el is None:
        return block.getparent() if block.getparent() is not None else block
    scope = prose.common_ancestor(block, title_el)
    heading = len(text_of(title_el))
    if scope.tag not in ("html", "body") and len(text_of(scope)) > heading + _HEADING_BOX:
        return scope
    # the block is not beside the heading (a short text ran on into the sidebar, which was
    # taken for the block) or is the heading itself: the heading's own box, the first that
    # holds more than it
    for box in title_el.iterancestors():
        if box.tag in ("html", "body"):
            break
        if len(text_of(box)) > heading + _HEADING_BOX:
            return box
    return block


def _clean(
    paragraphs: list[str],
    title: str | None,
    lead: str | None,
    near: list[str],
    trail: list[str],
    headlines: set[str],
) -> list[str]:
    """Drop chrome lines, the heading, datelines, the sapo, crumbs, dated headline links (list
    items of a box no rule knows) and repeated lines."""
    skip = {fold(x) for x in [title or "", *trail, " ".join(trail)] if x}
    skip |= {fold(x) for x in near if header.is_dateline(x)}
    sapo_key = fold(lead or "")
    out: list[str] = []
    last = ""
    for index, para in enumerate(paragraphs):
        key = fold(para)
        if not key or key in skip or key == last or chrome.is_chrome_line(para):
            continue
        if _is_dated_headline(para, headlines):
            continue
        if sapo_key and index < 6 and (key == sapo_key or len(key) >= 20 and key in sapo_key):
            continue
        last = key
        out.append(para)
    return out


def _cut_tail(paragraphs: list[str], teasers: list[bool], headlines: set[str]) -> list[str]:
    """The text without the other boxes trafilatura ran on into: a closing run of linked
    headlines and their teasers (two headlines at least: one link is a promo inside the
    article), also when a box or two follows three teasers or more, and, after a closing
    byline, a tail that is half teasers."""
    end = _run_start(teasers, len(paragraphs))
    if sum(fold(p) in headlines for p in paragraphs[end:]) < _MIN_TEASER_RUN:
        end = len(paragraphs)
    for boxes in range(1, _CLOSING_BOXES + 1):  # a box or two closing a run of teasers
        stop = len(paragraphs) - boxes
        if end == len(paragraphs) and stop - _run_start(teasers, stop) >= _CARD_RUN:
            end = _run_start(teasers, stop)
    for at in range(end - 1, _MIN_BEFORE_BYLINE - 1, -1):
        if byline.byline_of(paragraphs[at]):
            tail = teasers[at + 1 : end]
            if tail and sum(tail) >= _TAIL_TEASER_SHARE * len(tail):
                end = at + 1
            break
    return paragraphs[:end]


def _run_start(teasers: list[bool], stop: int) -> int:
    """Where the run of teaser paragraphs that ends at ``stop`` starts."""
    start = stop
    while start > 0 and teasers[start - 1]:
        start -= 1
    return start


def _is_dated_headline(line: str, headlines: set[str]) -> bool:
    """ "12/01/2024 Hải Dương phấn đấu…": a list item, a date beside a linked headline."""
    found = find_date(line)
    if found is None or len(line) > _LIST_ITEM_CHARS:
        return False
    rest = fold((line[: found.start] + " " + line[found.end :]).strip(" ()[]-–|"))
    return rest in headlines


def _drop_byline(paragraphs: list[str], author: str | None) -> list[str]:
    """The text without the byline: a closing byline paragraph, and byline widget lines (the
    name, "và 1 tác giả khác") above the first paragraph."""
    if not author or not paragraphs:
        return paragraphs
    names = fold(author)
    last = paragraphs[-1]
    if len(last) <= _BYLINE_CHARS and (author in last or byline.byline_of(last) == author):
        paragraphs = paragraphs[:-1]
    head = 0
    while head < min(_HEAD_BYLINE_LINES, len(paragraphs)):
        line = paragraphs[head]
        if len(line) > _BYLINE_CHARS:
            break
        cleaned = fold(byline.strip_ui(line))
        if not (byline.is_co_author_note(line) or (cleaned and cleaned in names)):
            break
        head += 1
    return paragraphs[head:]
