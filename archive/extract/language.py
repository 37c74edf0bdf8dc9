"""A cheap language guess: Vietnamese by its letters, English by its function words."""

from __future__ import annotations

import re

_VI_ONLY = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[a-z]+")
_EN_WORDS = frozenset("the and of to in is that for with on was are be by as it this from".split())
_SAMPLE = 20_000


def detect_language(text: str) -> str | None:
    """ "vi" when Vietnamese letters are frequent, "en" for English prose, else None."""
    sample = text[:_SAMPLE]
    letters = len(_LETTER.findall(sample))
    if letters < 20:
        return None
    if len(_VI_ONLY.findall(sample)) >= 0.03 * letters:
        return "vi"
    words = _WORD.findall(sample.lower())
    if words and sum(w in _EN_WORDS for w in words) >= 0.08 * len(words):
        return "en"
    return None
