"""Running headers and footers: lines that open or close most pages are said once, not per page.

A line counts as running when, with its digits folded, it is among the first or last
``EDGE`` lines of at least half the pages (and of three at least): "CÔNG BÁO/Số 1003 + 1004/
Ngày 29-12-2013 3", "Trang 2/7". Bare page numbers ("3", "- 3 -") at a page's edge go too.
"""

from __future__ import annotations

import re
from collections import Counter

EDGE = 2
_PAGE_NUMBER = re.compile(r"^(?:[-–—\s]*\d{1,4}[-–—\s]*|trang\s*\d+(?:\s*/\s*\d+)?)$", re.I)
_DIGITS = re.compile(r"\d+")


def _key(line: str) -> str:
    return _DIGITS.sub("#", line.strip().lower())


def _edges(lines: list[str]) -> set[int]:
    idx = [i for i, line in enumerate(lines) if line.strip()]
    return set(idx[:EDGE] + idx[-EDGE:])


def drop_running_lines(pages: list[str]) -> list[str]:
    """The pages without their running headers, footers and page numbers."""
    split = [page.split("\n") for page in pages]
    counts: Counter[str] = Counter()
    for lines in split:
        counts.update({_key(lines[i]) for i in _edges(lines)})
    texty = sum(1 for page in pages if page.strip())
    running = {k for k, n in counts.items() if texty >= 3 and n >= max(3, texty / 2)}
    out = []
    for lines in split:
        edges = _edges(lines)
        kept = [
            line
            for i, line in enumerate(lines)
            if i not in edges or (_key(line) not in running and not _PAGE_NUMBER.match(line))
        ]
        out.append("\n".join(kept).strip())
    return out
