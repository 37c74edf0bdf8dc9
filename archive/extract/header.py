"""The heading's header block: the lines around it, and the publication date there."""

from __future__ import annotations

from datetime import datetime

from lxml.html import HtmlElement

from archive.extract import dates
from archive.extract.chrome import is_chrome_line
from archive.extract.dom import lines_of, meta_content, text_of

_HEADER_LINES_AFTER = 8
_HEADER_LINES_BEFORE = 3


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
    return [ln for ln in after + before if len(ln) <= 300 and not _is_list_line(ln)]


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
    """Publication date from the header block, else from article:published_time meta."""
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
    return meta
