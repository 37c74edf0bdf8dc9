"""The heading's header block: the lines around it, and the publication date there."""

from __future__ import annotations

import re
from datetime import datetime

from lxml.html import HtmlElement

from archive.extract import byline, dates
from archive.extract.chrome import is_chrome_line
from archive.extract.dom import lines_of, meta_content, squash, text_of

_HEADER_LINES_AFTER = 8
_HEADER_LINES_BEFORE = 3
_DATELINE_WORDS = 6
# what a dateline holds besides the date: labels, weekdays, view counts
_DATELINE_LABELS = re.compile(
    r"(ngày cập nhật|cập nhật lần cuối|cập nhật|ngày đăng|đăng ngày|ngày xuất bản|xuất bản"
    r"|thời gian đăng|thời gian|đăng lúc|đăng tải|ngày|lúc|giờ|thứ (hai|ba|tư|năm|sáu|bảy|[2-7])"
    r"|chủ nhật|\bt[2-7]\b|\bcn\b|gmt\s*\+?\s*7|\(?gmt\+7\)?|\d[\d.,]*\s*lượt (xem|đọc)"
    r"|lượt (xem|đọc)\s*:?\s*[\d.,]*|người đăng|gửi bởi|đăng bởi|bởi|vào|tin|bài)",
    re.IGNORECASE,
)


def is_dateline(line: str) -> bool:
    """A line that shows a date and nothing but labels and a byline: "PV 27/02/2024 09:00",
    "Cập nhật: 29/10/2020 07:57", "Nguyên Minh - 07/03/2026 08:47", "07/03/2026 admin admin".
    A sentence with a date in it ("Ngày 10/10/2017, UBND xã tổ chức…") is not one."""
    found = dates.find_dates(line)
    if not found:
        return False
    rest = line
    for d in reversed(found):
        rest = rest[: d.start] + " " + rest[d.end :]
    rest = byline.strip_ui(_DATELINE_LABELS.sub(" ", rest))
    rest = squash(re.sub(r"[|:,;()\[\]/•·–-]", " ", rest))
    if not rest:
        return True
    if len(rest.split()) > _DATELINE_WORDS or rest.endswith((".", "!", "?")):
        return False
    return byline.looks_like_name(rest) or byline.is_account(rest)


def _marked_lines(root: HtmlElement, target: HtmlElement) -> tuple[list[str], int]:
    """The document's lines and the index of the first line of ``target``."""
    marker = "\u2063"
    target.text = marker + (target.text or "")
    try:
        lines = lines_of(root)
    finally:
        target.text = target.text[1:] or None
    for index, line in enumerate(lines):
        if marker in line:
            lines[index] = line.replace(marker, "")
            return lines, index
    return [line.replace(marker, "") for line in lines], 0


def header_lines(root: HtmlElement, title_el: HtmlElement | None) -> list[str]:
    """Lines near the heading, nearest first: a few after it, then a few before it within
    the heading's own block (never the site header's "today" date)."""
    if title_el is None:
        return []
    lines, at = _marked_lines(root, title_el)
    title = text_of(title_el)
    end = at + 1
    while end < len(lines) and title.endswith(lines[end]) and lines[end] != title:
        end += 1  # a heading split over several lines
    after = lines[end : end + _HEADER_LINES_AFTER]
    box = _heading_box(title_el)
    before: list[str] = []
    if box is not None:
        box_lines, box_at = _marked_lines(box, title_el)
        before = box_lines[max(0, box_at - _HEADER_LINES_BEFORE) : box_at][::-1]
    # a dateline with its time just above the heading, outside its box ("08/01/2026 - 18:21")
    above = lines[max(0, at - _HEADER_LINES_BEFORE) : at][::-1]
    before += [ln for ln in above if ln not in before and _timed_dateline(ln)]
    return [ln for ln in after + before if len(ln) <= 300 and not _is_list_line(ln)]


def _timed_dateline(line: str) -> bool:
    found = dates.find_date(line)
    return found is not None and found.has_time and is_dateline(line)


def _heading_box(title_el: HtmlElement) -> HtmlElement | None:
    """The heading's parent block, one level further up when it holds only the heading."""
    title = text_of(title_el)
    for parent in title_el.iterancestors():
        if parent.tag in ("body", "html", "form"):
            return None
        if text_of(parent) != title:
            return parent
    return None


def _is_list_line(line: str) -> bool:
    return is_chrome_line(line) and not dates.find_date(line)


def find_date(root: HtmlElement, header: list[str]) -> datetime | None:
    """Publication date: the dateline by the heading, else meta tags or <time>, else a date in
    the header's prose (a lead's "kể từ ngày 6/3/2026" loses to the displayed date)."""
    datelines = [line for line in header if is_dateline(line)]
    if datelines:
        return _header_date(root, datelines)
    return _header_date(root, [], fallback=header)


def _header_date(
    root: HtmlElement, header: list[str], fallback: list[str] | None = None
) -> datetime | None:
    meta_raw = meta_content(
        root,
        "article:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "dc.date.issued",
        "date",
    )
    meta = dates.parse_iso(meta_raw)
    found = [d for line in header for d in dates.find_dates(line)]
    if found:
        first = found[0]
        timed = [d for d in found if d.has_time and d.value.date() == first.value.date()]
        if first.has_time or timed:
            return (timed or [first])[0].value
        if meta and meta.date() == first.value.date():
            return meta
        return first.value
    for el in root.iter("time"):
        if value := dates.parse_iso(el.get("datetime")):
            return meta or value
    if meta is None and fallback:
        return _header_date(root, [_without_document_dates(line) for line in fallback])
    return meta


# "Quyết định số 1350/QĐ-UBND ngày 22/3/2019": the date a document was signed, not the page's
_DOCUMENT_DATE = re.compile(
    r"\b\d+(?:/\d{4})?/[\w.&-]*[A-ZĐ][\w.&-]*,?\s+(?:ngày|ban hành ngày)\s+$", re.IGNORECASE
)


def _without_document_dates(line: str) -> str:
    """A header line without the dates that follow a document's number."""
    for found in reversed(dates.find_dates(line)):
        if _DOCUMENT_DATE.search(line[: found.start]):
            line = line[: found.start] + " " + line[found.end :]
    return line


def dateline_above(page: HtmlElement, title: str) -> datetime | None:
    """The time-stamped dateline just above the heading in the page as served (before chrome
    pruning: a share bar may hold it); for pages whose header block has no date."""
    lines = lines_of(page)
    for at, line in enumerate(lines):
        if line == title:
            for above in lines[max(0, at - _HEADER_LINES_BEFORE) : at][::-1]:
                if _timed_dateline(above):
                    found = dates.find_date(above)
                    return found.value if found else None
    return None
