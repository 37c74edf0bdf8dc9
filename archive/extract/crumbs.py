"""The category: the breadcrumb's last section, else a category label by the heading."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from archive.extract.chrome import fold, is_chrome_heading
from archive.extract.dom import classes, meta_content, squash, text_of

_CATEGORY_ATTR = re.compile(
    r"category|chuyenmuc|chuyen-muc|danhmuc|danh-muc|catname|cat-name|(^|[\s_-])cate?($|[\s_-])"
)
_CRUMB_ATTR = re.compile(r"breadcrumb|duongdan|duong-dan|sitemappath|sitemapdirectional|cate-path")
_CRUMB_SPLIT = re.compile(r"\s*[>»/|›→]\s*")
_HOME_CRUMBS = frozenset({"trang chủ", "home", "trang chính", "trang nhất", ""})


_SEPARATORS = ("»", "›", ">", "/", "→", "|")


_HOME_PAGES = re.compile(r"(?:index|default|home|trang-?chu)\.(?:html?|php|aspx?|jsp)", re.I)


def _links_home(a: HtmlElement | None) -> bool:
    href = (a.get("href") or "").strip() if a is not None else ""
    if not href or href.startswith(("#", "?")):
        return False
    parts = urlsplit(href)
    path = re.sub(r"^(?:\.\./|\./)+", "", parts.path).lstrip("/")
    return path == "" or (not parts.query and _HOME_PAGES.fullmatch(path) is not None)


def _is_label_trail(el: HtmlElement) -> bool:
    """A box of a few short boxes, the first a link home named so ("Home", "Trang chủ"), the
    others unlinked labels: a breadcrumb whose separators are drawn by CSS (sotttt.hanoi.gov.vn's
    ``div.dd_chuyenmuc``: ``<span><a>Home</a></span><span><p>Hoạt động Đảng</p></span>``)."""
    kids = [k for k in el if isinstance(k.tag, str)]
    if not 2 <= len(kids) <= 6 or el.tag not in ("div", "nav", "p", "span", "td"):
        return False
    first = kids[0] if kids[0].tag == "a" else kids[0].find(".//a[@href]")
    if first is None or fold(text_of(first)) not in _HOME_CRUMBS - {""} or not _links_home(first):
        return False
    rest = kids[1:]
    return all(0 < len(text_of(k)) <= 80 and k.find(".//a") is None and k.tag != "a" for k in rest)


def _is_trail(el: HtmlElement) -> bool:
    """A list whose first item links to the home page and whose items all but the last end
    with a separator ("CSDL » Văn bản » Bộ luật 12/2020"): a breadcrumb without a class."""
    items = [li for li in el if li.tag == "li"]
    if len(items) < 2 or not _links_home(items[0].find(".//a[@href]")):
        return False
    texts = [text_of(li) for li in items]
    return all(t.endswith(_SEPARATORS) for t in texts[:-1]) and not texts[-1].endswith(_SEPARATORS)


def _crumb_block(root: HtmlElement) -> HtmlElement | None:
    for el in root.iter("*"):
        if el.tag in ("ul", "ol") and _is_trail(el):
            return el
        if _is_label_trail(el):
            return el
        attrs = classes(el)
        if _CRUMB_ATTR.search(attrs) or "path" in attrs.split():
            return el
        if "breadcrumb" in (el.get("itemtype") or "").lower():
            return el
        if "breadcrumb" in (el.get("aria-label") or "").lower():
            return el
    return None


def _crumbs(block: HtmlElement) -> list[str]:
    if _is_label_trail(block):
        return [squash(text_of(k)) for k in block if isinstance(k.tag, str)]
    items = [text_of(li) for li in block.iter("li")]
    if not items:
        items = [text_of(a) for a in block.iter("a")]
        tail = _CRUMB_SPLIT.split(text_of(block))[-1:]
        if tail and tail[0] not in items:
            items += tail
    if len(items) <= 1:
        items = _CRUMB_SPLIT.split(text_of(block))
    return [squash(i).strip(" >»/|›") for i in items]


def breadcrumbs(root: HtmlElement) -> list[str]:
    """Breadcrumb texts without the home crumb (read before chrome pruning removes them)."""
    block = _crumb_block(root)
    if block is None:
        return []
    return [c for c in _crumbs(block) if fold(c) not in _HOME_CRUMBS and len(c) <= 80]


def own_crumb(root: HtmlElement, url: str) -> str | None:
    """The breadcrumb's last item when it names the page itself: unlinked, or a link to
    nowhere ("", "#") or to the page's own address."""
    block = _crumb_block(root)
    items = [li for li in block.iter("li")] if block is not None else []
    if not items:
        return None
    last = items[-1]
    links = [a for a in last.iter("a") if a.get("href") is not None]
    own = not links or all(_to_itself(a.get("href", ""), url) for a in links)
    text = squash(text_of(last)).strip(" >»/|›→")
    return text if own and fold(text) not in _HOME_CRUMBS and len(text) <= 200 else None


def _to_itself(href: str, url: str) -> bool:
    href = href.strip()
    if href in ("", "#") or not url:
        return href in ("", "#")
    a, b = urlsplit(urljoin(url, href)), urlsplit(url)
    return (a.path.rstrip("/").lower(), a.query) == (b.path.rstrip("/").lower(), b.query)


def breadcrumb_links(root: HtmlElement) -> list[tuple[str, str]]:
    """(text, href) of the links in the breadcrumb."""
    block = _crumb_block(root)
    if block is None:
        return []
    return [(text_of(a), a.get("href") or "") for a in block.iter("a")]


def find_category(
    root: HtmlElement, crumbs: list[str], title: str | None, header: list[str]
) -> str | None:
    """The last breadcrumb before the article, else a category label by the heading."""
    crumbs = list(crumbs)
    t = fold(title or "")
    while crumbs and t and (fold(crumbs[-1]) in t or t in fold(crumbs[-1])):
        crumbs.pop()
    if crumbs:
        return crumbs[-1]
    near = set(header)
    for el in root.iter("*"):
        if el.tag != "meta" and _CATEGORY_ATTR.search(classes(el)):
            text = text_of(el)
            if 2 <= len(text) <= 60 and text in near and not is_chrome_heading(text):
                return text
    return meta_content(root, "article:section")
