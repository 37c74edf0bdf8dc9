"""Day-first Vietnamese dates in official documents, tolerant of OCR's lost diacritics.

"ngày 12 tháng 5 năm 2023", "ngày 12 thang 5 nam 2023" (OCR), "12/5/2023", "12-5-2023".
Matching runs on a folded copy of the text of the same length, so positions carry over.
"""

from __future__ import annotations

import re
from datetime import date

from archive.extract.office.numbers import fold

_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*th\w{0,3}ng\s*(\d{1,2})\s*n\w{0,2}m\s*(\d{4})(?!\d)")
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?\2\s?(\d{4})(?![\d/])")
MIN_YEAR, MAX_YEAR = 1945, 2100


def folded(text: str) -> str:
    """``fold`` that keeps one character per character (so indices match the original)."""
    out = fold(text)
    return out if len(out) == len(text) else "".join(fold(c)[:1] or " " for c in text)


def make_date(day: int, month: int, year: int) -> date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_word_date(text: str) -> tuple[date, int, int] | None:
    """The first "ngày D tháng M năm Y" in ``text``: (date, start, end)."""
    for m in _WORDS.finditer(folded(text)):
        found = make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if found:
            return found, m.start(), m.end()
    return None


def find_any_date(text: str) -> date | None:
    """The first date in words or figures."""
    word = find_word_date(text)
    for m in _NUMERIC.finditer(text):
        found = make_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if found and (word is None or m.start() < word[1]):
            return found
    return word[0] if word else None
