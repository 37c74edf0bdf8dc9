"""What a page is: home, listing, notice, article or static page (``model.KINDS``).

In this order: the portal's home page (by its address); a listing (the heading is a section
name or one of many linked items, or the text is linked headlines and their teasers: one-item
listings included); a notice (a short page naming an official document and linking its file,
or a document registry's record); an article (a dated heading with prose); else a static page
(Giới thiệu, Liên hệ, Cơ cấu tổ chức: no publication date, or a static page's name).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from archive.extract.chrome import fold
from archive.extract.dates import find_date
from archive.extract.documents import (
    is_registry_record,
    names_document,
    opens_with_document_type,
    registry_fields,
)
from archive.extract.dom import lines_of, text_of
from archive.extract.labels import SECTION_LABELS
from archive.extract.model import Kind
from archive.extract.titles import title_is_repeated

MIN_PROSE_CHARS = 300
MIN_PARAGRAPH_CHARS = 40
LISTING_SHARE = 0.5
MIN_TEASERS = 2
SECTION_NAME_WORDS = 8
SECTION_NAME_CHARS = 40
HEADLINE_CHARS = 20
NOTICE_MAX_CHARS = 1500
_LOOK_BACK = 3
MIN_RECORDS = 5
_RECORD_LINE = 8  # shorter lines ("Tải về", a date) are found anywhere
_REGISTRY_LEVELS = 6
_REGISTRY_CHARS = 5000
_PAGE_FIELDS = 3
RECORD_CHARS = 600
_HEADINGS = frozenset({"h2", "h3", "h4", "h5"})
_TITLE_CLASS = re.compile(r"(^|[\s_-])(title|heading|name)($|[\s_-])", re.IGNORECASE)
_ITEM_TAGS = frozenset({"li", "div", "article", "tr", "dt", "section"})
_HOME_PATH = re.compile(
    r"^/?((index|default|home|trang-?chu|trangchu|portal)(\.\w+)?|web/[\w.-]+(/(home|trang-?chu))?"
    r"|(vi|vn|vi-vn)/?|web/guest(/(home|trang-?chu))?|([\w-]+/)*[\w-]*trang-?chu(\.\w+)?)?/?$",
    re.IGNORECASE,
)
# names (in headings and addresses) of the pages every portal has besides its news
_STATIC_NAMES = re.compile(
    r"^(giới thiệu( chung)?|liên hệ|cơ cấu tổ chức|sơ đồ tổ chức|chức năng,? nhiệm vụ.*"
    r"|lịch sử( hình thành)?.*|lãnh đạo.*|ban lãnh đạo|tổ chức bộ máy|bộ máy tổ chức"
    r"|thông tin liên hệ|điều kiện tự nhiên.*|tổng quan.*|vị trí địa lý.*|danh bạ.*"
    r"|sơ đồ (cổng|trang|site).*"
    r"|hướng dẫn.*|điều khoản.*|chính sách.*|quy chế hoạt động.*|thông tin)$"
)
_STATIC_SLUGS = re.compile(
    r"(gioi-?thieu|lien-?he|co-?cau-?to-?chuc|so-?do-?to-?chuc|chuc-?nang-?nhiem-?vu|lich-?su"
    r"|lanh-?dao|about|contact|huong-?dan|guide|dieu-?khoan|chinh-?sach)",
    re.IGNORECASE,
)


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


def headline_links(root: HtmlElement) -> set[str]:
    """Texts of links that read like article headlines (several words, not a URL), and the
    headings of cards (a link holding a heading and its summary: znews.vn's related boxes)."""
    texts = {fold(text_of(a)) for a in root.iter("a")}
    cards = {
        fold(text_of(h))
        for a in root.iter("a")
        if a.find(".//p") is not None
        for h in a.iter("h2", "h3", "h4", "h5")
        if len(text_of(h).split()) >= 3
    }
    return cards | {
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


def teasers(root: HtmlElement, paragraphs: list[str]) -> list[bool]:
    """For each paragraph: is it a headline link, or a teaser right under one?"""
    heads = headline_links(root)
    if len(heads) < MIN_TEASERS:
        return [False] * len(paragraphs)
    lines = [fold(x) for x in lines_of(root)]
    where: dict[str, int] = {}
    for index, line in enumerate(lines):
        where.setdefault(line, index)
    flags, used = [], set()
    for para in paragraphs:
        key = fold(para)
        at = where.get(key)
        above = _previous_line(lines, at) if at is not None else ""
        hit = key in heads or (above in heads and above not in used)
        if hit and key not in heads:
            used.add(above)
        flags.append(hit)
    return flags


def teaser_share(root: HtmlElement, paragraphs: list[str]) -> float:
    """Share of paragraphs that are headline links or a teaser right under one."""
    if len(paragraphs) < MIN_TEASERS:
        return 0.0
    hits = sum(teasers(root, paragraphs))
    return hits / len(paragraphs) if hits >= MIN_TEASERS else 0.0


def _leading_link(item: HtmlElement, url: str) -> HtmlElement | None:
    """The item's first link to another page (not an anchor, a script or the page itself)."""
    for a in item.iter("a"):
        href = (a.get("href") or "").strip()
        if href and not href.startswith(("#", "javascript:", "mailto:")) and text_of(a):
            return None if _same_page(href, url) else a
    return None


def _is_record(item: HtmlElement, url: str) -> bool:
    """A list item led by a link to another page: in a heading, or a headline's length."""
    if len(text_of(item)) > RECORD_CHARS:
        return False
    link = _leading_link(item, url)
    if link is None:
        return False
    text = text_of(link)
    return _is_headed(link, item) or (len(text) >= HEADLINE_CHARS and len(text.split()) >= 4)


def _is_headed(link: HtmlElement, item: HtmlElement) -> bool:
    """Whether a link is an item's heading: in (or holding) an h2-h5 or a "title" box."""
    if any(h.tag in _HEADINGS for h in link.iter()):
        return True
    for el in link.iterancestors():
        if el is item:
            return False
        if el.tag in _HEADINGS or _TITLE_CLASS.search(el.get("class") or ""):
            return True
    return False


def _record_runs(root: HtmlElement, url: str, least: int = MIN_TEASERS) -> list[list[HtmlElement]]:
    """Runs of ``least`` or more sibling items of one markup (tag and class), each led by a
    link to another page: the entries of a list of documents, datasets or articles."""
    runs = []
    for parent in root.iter("ul", "ol", "div", "tbody", "table", "section", "dl"):
        groups: dict[tuple[str, str], list[HtmlElement]] = {}
        for child in parent:
            if isinstance(child.tag, str) and child.tag in _ITEM_TAGS and _is_record(child, url):
                groups.setdefault((child.tag, child.get("class") or ""), []).append(child)
        runs += [run for run in groups.values() if len(run) >= least]
    return runs


def linked_records(root: HtmlElement, url: str) -> int:
    """How many entries the longest list of linked records on the page has (0: none; a
    one-item list counts 1)."""
    return max((len(run) for run in _record_runs(root, url, 1)), default=0)


def record_share(root: HtmlElement, url: str, text: str) -> float:
    """Share of the text made of the lines of list entries led by links to other pages."""
    key = fold(text).replace(" ", "")
    if not key:
        return 0.0
    lines = {
        fold(line).replace(" ", "")
        for run in _record_runs(root, url)
        for item in run
        for line in lines_of(item)
    }
    covered = sum(len(line) for line in lines if len(line) >= _RECORD_LINE and line in key)
    return min(1.0, covered / len(key))


def is_section_name(title: str, crumb_links: list[tuple[str, str]], url: str) -> bool:
    """Whether the heading is a breadcrumb link: to another page, or a short section name."""
    key = fold(title)
    short = len(key.split()) <= SECTION_NAME_WORDS and len(key) <= SECTION_NAME_CHARS
    return any(
        fold(text) == key and (short or not _same_page(href, url)) for text, href in crumb_links
    )


def is_home(url: str) -> bool:
    """Whether the address is a portal's home page."""
    parts = urlsplit(url)
    return bool(parts.netloc) and not parts.query and bool(_HOME_PATH.match(parts.path))


def is_static(title: str | None, url: str) -> bool:
    """Whether the heading or the address names one of a portal's static pages."""
    if title and _STATIC_NAMES.match(fold(title)):
        return True
    path = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return bool(path) and bool(_STATIC_SLUGS.search(path)) and len(path) <= 40


def _listing_reason(
    root: HtmlElement, url: str, title: str, title_el: HtmlElement, paragraphs: list[str],
    crumb_links: list[tuple[str, str]], labels: frozenset[str],
) -> str | None:  # fmt: skip
    if is_static(title, url):
        return None
    if fold(title) in SECTION_LABELS:
        return "listing page: the heading is the section name"
    if is_section_name(title, crumb_links, url) and linked_records(root, url):
        return "listing page: the heading is the section name"
    if title_is_repeated(root, title_el) or heading_links_away(title_el, url):
        return "listing page: the heading is one of many linked items"
    if teaser_share(root, paragraphs) >= LISTING_SHARE:
        return "listing page: the text is linked headlines and their teasers"
    return _records_reason(root, url, "\n".join(paragraphs))


def _records_reason(root: HtmlElement, url: str, text: str) -> str | None:
    """Why a page is a list of linked entries (documents, datasets), or None: the text is
    mostly such entries, or the page has little prose and a long list of them."""
    if record_share(root, url, text) >= LISTING_SHARE:
        return "listing page: the text is entries led by links to other pages"
    if len(text) < MIN_PROSE_CHARS and linked_records(root, url) >= MIN_RECORDS:
        return "listing page: little prose beside a list of linked entries"
    return None


def _reads_as_record(root: HtmlElement, title_el: HtmlElement | None) -> bool:
    """Whether a page with little kept text shows a document registry's record: the box
    around its heading holds two of the record's field names, or the page three."""
    if title_el is None:
        body = root.find("body")
        return registry_fields(text_of(body if body is not None else root)) >= _PAGE_FIELDS
    for box in list(title_el.iterancestors())[:_REGISTRY_LEVELS]:
        text = text_of(box)
        if len(text) > _REGISTRY_CHARS:
            return False
        if is_registry_record(text):
            return True
    return False


def is_notice(title: str | None, text: str, documents: tuple[str, ...]) -> bool:
    """A page that announces or carries an official document."""
    if is_registry_record(text[:3000]):
        return True
    if not documents:
        return False
    named = names_document(title or "") or names_document(text[:NOTICE_MAX_CHARS])
    if named:
        return len(text) <= NOTICE_MAX_CHARS or names_document(title or "")
    # a short page whose heading opens with a document's type ("Hướng dẫn xây dựng Kế hoạch
    # …", its files linked as "Phần 1", "Phần 2"): the document, without its number
    return len(text) <= NOTICE_MAX_CHARS and opens_with_document_type(title or "")


def classify(
    root: HtmlElement,
    url: str,
    title: str | None,
    title_el: HtmlElement | None,
    sapo: str | None,
    paragraphs: list[str],
    crumb_links: list[tuple[str, str]],
    dated: bool,
    documents: tuple[str, ...] = (),
    labels: frozenset[str] = frozenset(),
) -> tuple[Kind, str | None]:
    """(kind, reason): the reason is None for an article, else why it is not one."""
    if is_home(url):
        return "home", "home page"
    text = "\n".join(([sapo] if sapo else []) + paragraphs)
    if not title or title_el is None:
        if teaser_share(root, paragraphs) >= LISTING_SHARE:
            return "listing", "listing page: no heading of its own, linked headlines"
        if reason := _records_reason(root, url, text):
            return "listing", reason
        if is_notice(title, text, documents) or (
            len(text) < MIN_PROSE_CHARS and _reads_as_record(root, None)
        ):
            return "notice", "notice: a page announcing an official document"
        return "page", "no article heading"
    if is_notice(title, text, documents) or (
        len(text) < MIN_PROSE_CHARS and _reads_as_record(root, title_el)
    ):
        return "notice", "notice: a page announcing an official document"
    if reason := _listing_reason(root, url, title, title_el, paragraphs, crumb_links, labels):
        return "listing", reason
    body = [p for p in paragraphs if len(p) >= MIN_PARAGRAPH_CHARS]
    if len(body) < 2 and len(text) < MIN_PROSE_CHARS:
        return "page", "too little prose"
    if is_static(title, url):
        return "page", "static page of the portal"
    if not dated:
        if opens_with_document_type(title) and names_document(text[:NOTICE_MAX_CHARS]):
            # "Chương trình thực hành tiết kiệm … năm 2019", undated, telling of "Chương trình
            # số 1016/CTR-STTTT": a page about the document, not an article
            return "notice", "notice: an undated page presenting an official document"
        return "page", "no publication date"
    return "article", None


def not_article_reason(
    root: HtmlElement,
    url: str,
    title: str | None,
    title_el: HtmlElement | None,
    sapo: str | None,
    paragraphs: list[str],
    crumb_links: list[tuple[str, str]],
) -> str | None:
    """None for an article page, else why not (``classify`` without dates or documents)."""
    return classify(root, url, title, title_el, sapo, paragraphs, crumb_links, True)[1]
