"""The author: a byline box, a short name closing the text, or a name by the date."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from archive.extract import dates
from archive.extract.chrome import fold, is_chrome_line
from archive.extract.dom import classes, element_with_text, is_bold, meta_content, squash, text_of
from archive.extract.titles import is_site_name

_AUTHOR_ATTR = re.compile(r"author|tacgia|tac-gia|tac_gia|byline|writer|nguoiviet|butdanh")
_AUTHOR_PREFIX = re.compile(
    r"^(tác giả|bài và ảnh|bài, ảnh|bài/ảnh|bài & ảnh|bài|người viết|thực hiện|by|theo)\s*[:.]?\s+",
    re.IGNORECASE,
)
_AUTHOR_MARKS = frozenset({"pv", "ctv", "btv", "pv.", "ttxvn", "pv-ctv", "pv/ctv"})
_NAME_JOINERS = frozenset({"và", "-", "–", "&", ",", "/"})


def clean_author(text: str) -> str | None:
    """A byline without its label and trailing date, or None when it is not a name."""
    value = squash(text)
    found = dates.find_date(value)
    if found is not None:
        value = squash(value[: found.start])
    value = _AUTHOR_PREFIX.sub("", value.strip(" -–|:,•·")).strip(" -–|:,")
    if not value or len(value) > 80 or is_site_name(value) or is_chrome_line(value):
        return None
    return value


def looks_like_name(text: str) -> bool:
    """A short byline: "PV", "Thu Xuân", "Trang Hằng (Hà Trung)", "Ngọc Anh - Thu Hà"."""
    value = squash(text)
    if value.lower() in _AUTHOR_MARKS:
        return True
    if not 2 <= len(value) <= 60 or value.endswith((".", ":", ";", "?", "!")):
        return False
    words = re.sub(r"\([^)]{1,40}\)$", "", value).replace(",", " , ").split()
    if not 1 <= len(words) <= 8:
        return False
    return all(w in _NAME_JOINERS or w[:1].isupper() or w.lower() in _AUTHOR_MARKS for w in words)


def selector_author(root: HtmlElement) -> str | None:
    """A byline marked up with an author class or itemprop."""
    for el in root.iter("*"):
        if el.tag == "meta":
            continue
        if _AUTHOR_ATTR.search(classes(el)) or (el.get("itemprop") or "").lower() == "author":
            if value := clean_author(text_of(el)):
                return value
    return None


def meta_author(root: HtmlElement) -> str | None:
    """A meta author that is a person's name, not the publication's."""
    value = meta_content(root, "author", "article:author", "dc.creator")
    if not value or value.startswith("http") or "." in value:
        return None
    return clean_author(value)


def trailing_author(paragraphs: list[str], root: HtmlElement) -> str | None:
    """A short name-like last paragraph (bold or right-aligned bylines included)."""
    if not paragraphs:
        return None
    last = paragraphs[-1]
    if looks_like_name(last):
        return clean_author(last)
    el = element_with_text(root, last)
    if el is None or len(last) > 60 or last.endswith("."):
        return None
    align = (el.get("align") or "") + (el.get("style") or "").replace(" ", "")
    if "right" in align.lower() or is_bold(el):
        return clean_author(last)
    return None


def header_author(lines: list[str]) -> str | None:
    """A name right before the date in the header line ("PV 27/02/2024 09:00")."""
    for line in lines:
        found = dates.find_date(line)
        if found is None:
            continue
        prefix = squash(line[: found.start]).strip(" -–|,")
        if prefix and looks_like_name(prefix) and not re.search(r"\d", prefix):
            return clean_author(prefix) if not _is_label(prefix) else None
        return None
    return None


def _is_label(text: str) -> bool:
    return bool(re.match(r"^(cập nhật|ngày|đăng|thứ|chủ nhật|lúc|thời gian|xuất bản)", fold(text)))
