"""Document numbers ("số ký hiệu"): found in text, tidied, and keyed for search.

``number_key("182/QĐ-STTTT") == number_key("182/QD-STTTT") == number_key("182 qd stttt")
== "182 qd stttt"``: Đ folds to D, marks go, case goes, and ``/ - . _`` and spaces all
separate tokens. ``number_tokens`` gives the same as a list, for a search index.
"""

from __future__ import annotations

import re
import unicodedata

# "182/QĐ-UBND", "02/2022/TT-BTP", "01/2016/AL", "23/VBHN-VPQH", "15/2012/QH13", "35/QĐ-84"
NUMBER = re.compile(
    r"(?<![\w/])(\d{1,5}[a-zA-Z]?\s?/\s?(?:\d{4}\s?/\s?)?"
    r"[A-ZĐ][A-ZĐa-zđ0-9&]*(?:\s?[-–—]\s?[A-ZĐa-zđ0-9&]+)*)(?![\w/])"
)
_SEPARATORS = re.compile(r"[\s/\-–—._:]+")


def fold(text: str) -> str:
    """Lower-case ASCII-ish: marks removed, đ → d (one character for one)."""
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tidy_number(raw: str) -> str:
    """A number as written, without the spaces OCR puts around its separators."""
    text = unicodedata.normalize("NFC", raw).strip().strip(".,;:")
    text = re.sub(r"\s*/\s*", "/", text)
    return re.sub(r"\s*[-–—]\s*", "-", text)


def number_tokens(number: str) -> list[str]:
    """The folded tokens of a document number: ["182", "qd", "stttt"]."""
    return [t for t in _SEPARATORS.split(fold(number)) if t]


def number_key(number: str) -> str:
    """One string per document number, whichever way it was typed."""
    return " ".join(number_tokens(number))


def find_number(text: str) -> str | None:
    """The first document number in ``text``."""
    m = NUMBER.search(text)
    return tidy_number(m.group(1)) if m else None
