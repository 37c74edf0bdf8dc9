"""The article heading: never the portal's own name, never a teaser's headline."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from archive.extract.chrome import fold, is_chrome_heading
from archive.extract.dom import classes, in_tags, meta_content, squash, text_of

_SITE_NAME = re.compile(
    r"^(cổng thông tin|trang thông tin|trang tin điện tử|cổng ttđt|trang ttđt|cổng tt|cổng dữ liệu"
    r"|cổng dịch vụ công|website|portal|trang chủ"
    r"|báo điện tử|home\b|copyright)",
)
# names of publishers that are site names only when short ("Báo Hải Dương", "UBND xã …")
_PUBLISHER = re.compile(
    r"^(báo|tạp chí|đài phát thanh|đài truyền hình|ubnd|ủy ban nhân dân"
    r"|uỷ ban nhân dân|thông tấn)\b"
)
_PUBLISHER_WORDS = 6
_TITLE_SPLIT = re.compile(r"\s+[-|–—:»]\s+")
_OFF_CONTENT = frozenset({"nav", "footer", "aside"})
_TITLE_ATTR = re.compile(
    r"articletitle|article-title|article_title|article__title|newstitle|news-title|news_title"
    r"|detail-?title|detail__title|title-?detail|title_detail|titlenews|title-news|title_news"
    r"|post-title|entry-title|tieude|tieu-de|headline|story-title|content-title|td-title"
    r"|header-title|asset-title|page-title|title-page"
)
_MIN_TITLE_CHARS = 5  # "Liên hệ" is a static page's whole heading


def tokens(el: HtmlElement) -> set[str]:
    """Lower-case class tokens and id of an element."""
    return set(classes(el).split())


def is_site_name(text: str) -> bool:
    """Whether ``text`` is a portal's or newspaper's own name rather than an article's."""
    value = fold(text)
    if _SITE_NAME.match(value):
        return True
    return bool(_PUBLISHER.match(value)) and len(value.split()) <= _PUBLISHER_WORDS


def _valid_title(text: str) -> bool:
    return (
        _MIN_TITLE_CHARS <= len(text) <= 400
        and not is_site_name(text)
        and not is_chrome_heading(text)
    )


def heading_text(el: HtmlElement) -> str:
    """A heading's visible text without the permalink mark documentation pages add ("¶")."""
    return text_of(el).rstrip("¶#§ ").strip()


def _links_away(el: HtmlElement, url: str) -> bool:
    """Whether the element's whole text is a link to another page (a list entry's title)."""
    link = next(el.iterancestors("a"), None)
    if link is None:
        link = next((a for a in el.iter("a") if text_of(a) == text_of(el)), None)
    href = (link.get("href") or "").strip() if link is not None else ""
    if not href or href.startswith("#"):
        return False
    a, b = urlsplit(urljoin(url, href)), urlsplit(url)
    return (a.path.rstrip("/").lower(), a.query) != (b.path.rstrip("/").lower(), b.query)


def _title_candidates(root: HtmlElement, url: str = "") -> list[HtmlElement]:
    h1s = [el for el in root.iter("h1") if not in_tags(el, _OFF_CONTENT)]
    h1s = [el for el in h1s if not links_home(el)]
    classed = [el for el in root.iter("*") if _TITLE_ATTR.search(classes(el))]
    headline = [el for el in root.iter("*") if (el.get("itemprop") or "").lower() == "headline"]
    generic = [
        el
        for el in root.iter("*")
        if "title" in tokens(el) and el.tag != "title" and not _links_away(el, url)
    ]
    out: list[HtmlElement] = []
    for group in (h1s, classed, headline, generic):
        valid = [el for el in group if _valid_title(heading_text(el)) and el.tag != "meta"]
        if group is generic and len({heading_text(el) for el in valid}) > 1:
            continue  # repeated generic titles are list items
        out.extend(valid)
    return out


def meta_title(root: HtmlElement) -> str | None:
    """og:title or <title> without the site-name part, when it is not a site name."""
    raw = meta_content(root, "og:title", "twitter:title")
    if raw is None:
        el = root.find(".//title")
        raw = squash(el.text_content()) if el is not None else None
    if not raw:
        return None
    best = strip_site_name(raw)
    return best if _valid_title(best) else None


def strip_site_name(raw: str) -> str:
    """``Title - Cổng thông tin điện tử …`` → ``Title`` (either end)."""
    for sep in _TITLE_SPLIT.finditer(raw):
        if is_site_name(raw[sep.end() :]):
            raw = raw[: sep.start()]
            break
    for sep in reversed(list(_TITLE_SPLIT.finditer(raw))):
        if is_site_name(raw[: sep.start()]):
            return raw[sep.end() :].strip()
    return raw.strip()


def _depth(el: HtmlElement) -> int:
    return sum(1 for _ in el.iterancestors())


def _closeness(el: HtmlElement, block: HtmlElement | None) -> int:
    """How deep the heading and the text block meet (deeper: the same box; 0: no block)."""
    if block is None:
        return 0
    mine = [el, *el.iterancestors()]  # held: lxml reuses freed proxies' ids
    for a in [block, *block.iterancestors()]:
        if any(a is m for m in mine):
            return _depth(a)
    return 0


def find_title(
    root: HtmlElement,
    block: HtmlElement | None = None,
    labels: frozenset[str] = frozenset(),
    crumb: str | None = None,
    trail: list[str] | None = None,
    url: str = "",
) -> tuple[str | None, HtmlElement | None]:
    """The heading text and element (element None when only meta tags or the breadcrumb had it).

    Among the candidates: one the ``<title>`` tag names first (the longest such), then the
    one that shares the deepest box with the text ``block``, then one that is not a section
    label (``labels``: menu and portlet names, folded), then page order. A page with no
    heading element is named by the breadcrumb's own last item (``crumb``) when its
    ``<title>`` is missing or names a section above it in the ``trail``.
    """
    candidates = _title_candidates(root, url)
    hint = fold(meta_title(root) or "")

    def rank(item: tuple[int, HtmlElement]) -> tuple[bool, int, int, bool, int]:
        index, el = item
        text = fold(heading_text(el))
        named = bool(hint and text and (text in hint or hint in text))
        return (not named, -len(text) if named else 0, -_closeness(el, block),
                text in labels, index)  # fmt: skip

    if candidates:
        best = min(enumerate(candidates), key=rank)[1]
        heading, own = heading_text(best), (trail or [""])[-1]
        heading_key, own_key = fold(heading), fold(own)
        if own and _valid_title(own) and own_key != heading_key:
            if heading_key.endswith((":" + own_key, ": " + own_key)):
                return own, best  # "Lịch sử hiệu lực: Luật 21-LCT/HDNN8": a tab of the page
            if own_key in hint and heading_key in labels and rank((0, best))[0]:
                # a section's heading (a sidebar portlet's "Giới thiệu") where the <title>
                # and the breadcrumb both name the page: the page's own name, which no heading
                # element holds (the same words also stand in the sidebar's list)
                return own, None
        return heading, best
    text = meta_title(root)
    if crumb and _valid_title(crumb) and (not text or _names_a_section(text, trail or [])):
        return crumb, None
    return (text, _element_with_exact_text(root, text)) if text else (None, None)


def _names_a_section(text: str, trail: list[str]) -> bool:
    """Whether a ``<title>`` is (part of) a breadcrumb item above the page: a section's name."""
    key = fold(text)
    return any(key in fold(item) for item in trail[:-1])


def _element_with_exact_text(root: HtmlElement, text: str) -> HtmlElement | None:
    """The innermost non-link element whose visible text is ``text`` (a heading without class)."""
    key = fold(text)
    best = None
    for el in root.iter("*"):
        if el.tag in ("title", "meta", "a", "html", "head"):
            continue
        if len(el.text_content()) > 3 * len(text):
            continue
        if fold(text_of(el)) == key and not in_tags(el, frozenset({"a"})):
            best = el
    return best


def title_is_repeated(root: HtmlElement, el: HtmlElement | None) -> bool:
    """Whether the heading's markup repeats with other texts, as list items do."""
    if el is None:
        return False
    key, own = (el.tag, el.get("class")), text_of(el)
    others = {
        text_of(o)
        for o in root.iter(el.tag)
        if (o.tag, o.get("class")) == key and _is_linked(o) and text_of(o) != own
    }
    return len(others) >= 2


def _is_linked(el: HtmlElement) -> bool:
    return el.find(".//a[@href]") is not None or next(el.iterancestors("a"), None) is not None


def links_home(el: HtmlElement) -> bool:
    """Whether a heading is (or holds) a link to the site's home page: a logo, not a title."""
    links = [*el.iterancestors("a"), *el.iter("a")]
    for link in links:
        if (link.get("href") or "").strip().startswith("#"):
            continue  # a permalink to the heading itself ("¶"), not the home page
        path = urlsplit(link.get("href") or "").path.lower()
        if path in ("", "/") or re.fullmatch(r"/(index|default|home|trang-chu)(\.\w+)?", path):
            return bool(link.get("href"))
    return False
