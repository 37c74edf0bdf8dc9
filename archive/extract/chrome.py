"""Portal chrome: DOM pruning of widgets and lists, and a line filter for what slips through."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from archive.extract.dom import classes, link_text_len, remove, squash, text_of

# class/id fragments of blocks that are never article text
_CHROME_ATTR = re.compile(
    r"relate|lienquan|lien-quan|lien_quan|tinkhac|tin-khac|tin_khac|othernews"
    r"|other-news|other_news|samecat|same-cat|cungchuyenmuc|morenews|more-news"
    r"|(?<![a-z])(newer|older)"  # not "placeholder", "folder"
    r"|latest|newest|tinmoi|tin-moi|mostview|most-view|xemnhieu|xem-nhieu|docnhieu"
    r"|counter|visitor|thongke|thong-ke|statistic|tthc|share(?!point)|social|print|toolbar"
    r"|comment|binhluan|binh-luan|footer|copyright|advert|quangcao|quang-cao|weblink"
    r"|lienket|lien-ket|poll|survey|breadcrumb|navbar|menu|sidebar|modal|popup"
)
# fragments that mark a block as chrome even when it holds prose (comment threads)
_ALWAYS_CHROME_ATTR = re.compile(
    r"(^|\s)((user-?)?comments?([-_](box|list|form|area|section|wrap(per)?))?|binhluan|binh-luan"
    r"|modal|popup)(\s|$)"
)
_WIDGET_TAGS = ("input", "select", "textarea", "button", "option", "label", "nav")
_MAX_CHROME_PROSE = 400
_MAX_EXTRA_PROSE = 200
_WIDGET_LINE_CHARS = 60
_INLINE_TAGS = frozenset({"a", "span", "b", "strong", "em", "i", "u", "font"})
_SENTENCE_AROUND = 20  # characters of text around an inline element
_OWN_BOX_CHARS = 6  # "relate", "lienquan", "tinmoi": not "print", "poll"
_PAGE_NAME_CHARS = 30

CHROME_HEADINGS = frozenset(
    {
        "các tin khác", "tin khác", "các tin mới hơn", "các tin cũ hơn", "tin cũ hơn",
        "tin mới hơn", "các tin đã đưa", "các bài liên quan", "bài liên quan",
        "tin liên quan", "các tin liên quan", "tin bài liên quan", "tin cùng chuyên mục",
        "các tin cùng chuyên mục", "tin bài khác", "bài viết khác", "các bài viết khác",
        "bài viết liên quan", "xem thêm", "tin mới nhất", "tin mới", "tin nổi bật",
        "nổi bật", "tin xem nhiều", "đọc nhiều nhất", "xem nhiều nhất", "tin đọc nhiều",
        "thống kê truy cập", "lượt truy cập", "số lượt truy cập", "kết quả giải quyết tthc",
        "kết quả giải quyết thủ tục hành chính", "liên kết website", "liên kết web",
        "liên kết", "bình luận", "ý kiến bạn đọc", "gửi ý kiến", "gửi bình luận",
        "ý kiến của bạn", "thư viện ảnh", "thư viện video", "văn bản mới",
        "lịch công tác", "tin ảnh", "thăm dò ý kiến", "tiện ích", "dịch vụ công trực tuyến",
        "related", "related articles", "related stories", "related news", "related posts",
        "you may also like", "more stories", "recommended", "recommended for you",
        "read more", "most popular", "most read", "trending", "latest news", "more from",
    }
)  # fmt: skip

_COUNTER = re.compile(
    r"^(đang truy cập|đang online|trực tuyến|hôm nay|hôm qua|trong tuần|tuần này|tuần trước"
    r"|trong tháng|tháng này|tháng trước|năm nay|tất cả|tổng cộng|tổng số|lượt truy cập"
    r"|số lượt truy cập|tổng lượt truy cập|lượt xem|số lượt xem|lượt đọc|truy cập)"
    r"\s*:?\s*[\d.,\s]*$"
)
_TTHC = re.compile(
    r"^(kết quả giải quyết (tthc|thủ tục hành chính)|đến (tháng|ngày|năm) .{0,20}đã giải quyết"
    r"|số hồ sơ|trước (&|và) đúng hạn|trễ hạn|tỉ lệ trễ hạn|tỷ lệ trễ hạn|tỷ lệ đúng hạn"
    r"|\(?\s*cập nhật lúc)"
)
_FOOTER = re.compile(
    r"^(trưởng ban biên tập|phó trưởng ban biên tập|ban biên tập|ghi rõ nguồn|địa chỉ\s*:"
    r"|điện thoại\s*:|đt\s*:|email\s*:|e-mail\s*:|fax\s*:|hotline\s*:|giấy phép|bản quyền"
    r"|copyright|©|cơ quan chủ quản|chịu trách nhiệm|thiết kế bởi|phát triển bởi"
    r"|đơn vị quản lý|trang thông tin điện tử|cổng thông tin điện tử)"
)
_SHARE_TOKENS = (
    r"in bài viết|in bài|bản in|in trang|chia sẻ|gửi email|gửi e-mail|gửi bài viết|gửi cho bạn bè"
    r"|gửi bài|quay lại|trở lại|trở về|xem tiếp|về đầu trang|lên đầu trang|đầu trang|facebook"
    r"|twitter|zalo|tweet|email|lưu bài|lưu tin|print|share|cỡ chữ|a\+|a-|tải về|bình luận"
    r"|\(\d+\) bình luận|lượt thích|thích|like|top|chi tiết|xem chi tiết|xem thêm|đăng nhập"
)
_SHARE_LINE = re.compile(rf"^(?:(?:{_SHARE_TOKENS})[\s|/:,.·•-]*)+$")
_IMAGE_FILE = re.compile(r"^[\w\s().,+%-]{1,120}\.(jpe?g|png|gif|webp|bmp|tiff?|svg)$")
_DATE_ONLY = re.compile(r"^[\s(\[]*[\d/.,:%\s-]+(am|pm|sa|ch)?[\s)\]]*$")
_LIST_ITEM_DATE = re.compile(r"\(\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\s*\)\s*$")
_BREADCRUMB = re.compile(r"^(trang chủ|home)\s*[>»/|›]")
_MISC = re.compile(
    r"^(nguồn ảnh|lượt xem|số lượt xem|tags?|từ khóa)\s*:|^\(\d+\)\s*bình luận$"
    r"|^(image|ảnh|hình ảnh) (banner|advertisement|quảng cáo)$"
)


def fold(text: str) -> str:
    """Lower-case NFC with spaces collapsed and trailing punctuation dropped."""
    text = unicodedata.normalize("NFC", squash(text)).lower()
    return text.strip(" :»›>.-|•·")


_HEADING_KEYS = frozenset(h.replace(" ", "") for h in CHROME_HEADINGS)
_COUNT_SUFFIX = re.compile(r"\s*\(\d+\)$")


def _may_be_heading(raw: str) -> bool:
    """A cheap test on an element's raw text: could its visible text be a chrome heading?
    (Spaces are ignored: block boundaries add spaces to the visible text.)"""
    key = "".join(raw.split()).lower().strip(" :»›>.-|•·")
    if key.endswith(")"):
        key = _COUNT_SUFFIX.sub("", key)
    return unicodedata.normalize("NFC", key) in _HEADING_KEYS


def is_chrome_heading(text: str) -> bool:
    """Whether ``text`` is the heading of a chrome box ("Các tin khác", "Tin mới nhất", …)."""
    value = re.sub(r"\s*\(\d+\)$", "", fold(text))
    return value in CHROME_HEADINGS


def is_chrome_line(text: str) -> bool:
    """Whether a line of extracted text is portal chrome rather than article prose."""
    line = fold(text)
    if not line:
        return True
    if len(line) > 300:
        return False
    checks = (_COUNTER, _FOOTER, _SHARE_LINE, _IMAGE_FILE, _DATE_ONLY, _BREADCRUMB, _MISC)
    if any(rx.search(line) for rx in checks) or is_chrome_heading(line):
        return True
    if len(line) <= _WIDGET_LINE_CHARS and _TTHC.search(line):
        return True
    return len(line) < 250 and bool(_LIST_ITEM_DATE.search(line))


def _prose_len(el: HtmlElement) -> int:
    """Characters of non-link text below ``el`` (a fast estimate)."""
    return len(squash(el.text_content())) - link_text_len(el)


def _prune_by_attr(root: HtmlElement, url: str = "") -> None:
    own = _page_name(url)
    for el in list(root.iter("*")):
        if el.getparent() is None or el.tag in ("html", "body"):
            continue
        attrs = classes(el)
        found = _CHROME_ATTR.search(attrs) if attrs.strip() else None
        if found is None or _in_sentence(el):
            continue
        if own and len(found.group(0)) >= _OWN_BOX_CHARS and found.group(0).replace("-", "") in own:
            continue  # the page is that box's own page (vbpq-vanbanlienquan.aspx, /tin-moi/)
        if el.find(".//h1") is not None and not _ALWAYS_CHROME_ATTR.search(attrs):
            continue
        if _ALWAYS_CHROME_ATTR.search(attrs) or _prose_len(el) <= _MAX_CHROME_PROSE:
            remove(el)


def _in_sentence(el: HtmlElement) -> bool:
    """Whether an inline element (a keyword link "cms-relate", a span) runs inside a sentence:
    its words are the sentence's, whatever its class says."""
    if el.tag not in _INLINE_TAGS:
        return False
    before = el.getprevious().tail if el.getprevious() is not None else el.getparent().text
    around = f"{before or ''}{el.tail or ''}"
    return len(squash(around)) >= _SENTENCE_AROUND and bool((el.tail or "").strip())


def _is_linky(el: HtmlElement) -> bool:
    text = text_of(el)
    if len(text) <= 30:
        return True
    return link_text_len(el) >= 0.5 * len(text) or _prose_len(el) <= 0.2 * len(text)


def _outermost_same_text(el: HtmlElement, text: str) -> HtmlElement:
    bare = "".join(text.split())
    parent = el.getparent()
    while parent is not None and parent.tag not in ("body", "html"):
        # the same letters first (cheap), then the same visible text
        if "".join(parent.text_content().split()) != bare or text_of(parent) != text:
            break
        el, parent = parent, parent.getparent()
    return el


def _chrome_block(head: HtmlElement) -> HtmlElement:
    """The largest ancestor of a chrome heading that holds little prose besides the box."""
    block = head
    parent = block.getparent()
    while parent is not None and parent.tag not in ("body", "html", "form"):
        if parent.find(".//h1") is not None:
            break
        if _prose_len(parent) - _prose_len(block) > _MAX_EXTRA_PROSE:
            break
        block, parent = parent, parent.getparent()
    return block


def _remove_box(head: HtmlElement) -> None:
    block = _chrome_block(head)
    if block is head:
        for sibling in list(block.itersiblings()):
            if not _is_linky(sibling) or sibling.find(".//h1") is not None:
                break
            remove(sibling)
    remove(block)


def _prune_by_heading(root: HtmlElement) -> None:
    heads = []
    for el in root.iter(
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "div",
        "span",
        "p",
        "strong",
        "b",
        "a",
        "td",
        "th",
        "legend",
        "li",
        "header",
        "section",
    ):
        raw = el.text_content()
        if len(raw) > 200 or not _may_be_heading(raw):
            continue
        text = text_of(el)
        if len(text) <= 60 and is_chrome_heading(text):
            heads.append(el)
    done: set[HtmlElement] = set()
    for el in heads:
        if el.getparent() is None or any(a in done for a in el.iterancestors()):
            continue
        top = _outermost_same_text(el, text_of(el))
        if top in done:
            continue
        done.add(top)
        _remove_box(top)


def _prune_widgets(root: HtmlElement) -> None:
    for el in list(root.iter(*_WIDGET_TAGS)):
        if el.getparent() is not None:
            remove(el)
    for el in list(root.iter("*")):
        style = (el.get("style") or "").replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None:
            if el.getparent() is not None:
                remove(el)


def _page_name(url: str) -> str:
    """The last part of the address, letters and digits only, when it is a short name
    (vbpq-vanbanlienquan.aspx), not an article's slug ("" then)."""
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1].split(".")[0].lower()
    return re.sub(r"[^a-z0-9]", "", last) if len(last) <= _PAGE_NAME_CHARS else ""


def prune(root: HtmlElement, url: str = "") -> None:
    """Remove chrome blocks (related lists, counters, widgets, share bars) in place; a box
    the page's own address names (``url``) is its content, not chrome."""
    _prune_widgets(root)
    _prune_by_heading(root)
    _prune_by_attr(root, url)
