"""Text normalisation: NFC on the way in, hashes over normalised text, search folding."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0]+")
_D_FOLD = str.maketrans({"Đ": "D", "đ": "d"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """NFC with Đ/đ → D/d, which unicode61's remove_diacritics leaves alone.

    The mapping is one character for one, so offsets in the folded text are offsets in the
    NFC original too.
    """
    return nfc(text).translate(_D_FOLD)


def text_hash(text: str) -> str:
    """SHA-1 of the NFC text with runs of spaces collapsed: equal for equal articles."""
    canonical = "\n".join(_SPACES.sub(" ", line).strip() for line in nfc(text).splitlines())
    return hashlib.sha1(canonical.strip().encode("utf-8")).hexdigest()
