"""ASCII URL slugs from Vietnamese text, as Vietnamese CMSes make them."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def unaccent(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def slugify(text: str, max_words: int = 14) -> str:
    words = _NON_ALNUM.sub(" ", unaccent(text).lower()).split()
    return "-".join(words[:max_words])
