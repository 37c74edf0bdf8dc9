"""Section labels and page headings that must never open or close an article's text.

Portals print the name of the section an article is shown in ("Tin tức sự kiện", "Tin tức
nổi bật", "Công nghệ thông tin") above its heading, inside the content column where
trafilatura takes it for text. The same article shown in two sections would then be two texts
(two hashes). A label is known by its words (``SECTION_LABELS``), or because the page names it
elsewhere as a menu link, a breadcrumb or a portlet title; such lines are dropped from the
head and the tail of the text, never from its middle.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from archive.extract.chrome import fold
from archive.extract.dom import classes, squash, text_of

SECTION_LABELS = frozenset(
    {
        "tin tức", "tin tức sự kiện", "tin tức - sự kiện", "tin tức & sự kiện", "tin tức nổi bật",
        "tin nổi bật", "tin hoạt động", "tin tổng hợp", "tin địa phương", "tin trong tỉnh",
        "tin trong nước", "tin chuyên ngành", "hoạt động", "sự kiện", "thông báo",
        "chi tiết tin", "chi tiết tin tức", "chi tiết bài viết", "nội dung chi tiết", "tin bài",
        "bài viết", "tin mới", "tin ảnh", "tin video", "tiêu điểm", "thời sự",
    }
)  # fmt: skip
_LABEL_ATTR = re.compile(
    r"portlet-title|title-cate|cate-title|block-title|module-title|box-title|title-box"
    r"|section-title|category-title|cat-title|tieu-de-muc|title-module|heading-cate"
)
_MAX_WORDS = 8
_MAX_CHARS = 60


def _short(text: str) -> bool:
    return 0 < len(text) <= _MAX_CHARS and len(text.split()) <= _MAX_WORDS


def page_labels(root: HtmlElement) -> frozenset[str]:
    """Folded names the page uses for its sections: menu links and portlet titles.

    Read before chrome pruning, which removes the menus."""
    found: set[str] = set()
    for a in root.iter("a"):
        text = squash(a.text_content())
        if _short(text):
            found.add(fold(text))
    for el in root.iter("*"):
        if el.tag != "meta" and _LABEL_ATTR.search(classes(el)):
            text = text_of(el)
            if _short(text):
                found.add(fold(text))
    return frozenset(found)


def is_label(line: str, labels: frozenset[str]) -> bool:
    """Whether a line of text is a section name rather than part of the article."""
    if not _short(line) or line.rstrip().endswith((".", "!", "?", ":", ";")):
        return False
    key = fold(line)
    return key in SECTION_LABELS or key in labels


def strip_labels(paragraphs: list[str], labels: frozenset[str]) -> list[str]:
    """``paragraphs`` without section labels at their head or tail; a label among the short
    lines that close the text opens the sidebar (portlet titles and their items, run on
    after a short text: "quy hoạch - kế hoạch", "video", "Thông tin thời tiết"), cut there."""
    start, end = 0, len(paragraphs)
    while start < end and is_label(paragraphs[start], labels):
        start += 1
    tail = end
    while tail > start and _short(paragraphs[tail - 1]) and not _is_sentence(paragraphs[tail - 1]):
        tail -= 1
    first = next((i for i in range(tail, end) if is_label(paragraphs[i], labels)), None)
    if first is not None:
        end = first
    while end > start and is_label(paragraphs[end - 1], labels):
        end -= 1
    return paragraphs[start:end]


def _is_sentence(line: str) -> bool:
    return line.rstrip().endswith((".", "!", "?", "…", ":", ";", '"', "”"))
