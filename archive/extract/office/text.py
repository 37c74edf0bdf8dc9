"""Text as every reader hands it on: entities decoded, NFC, no control characters."""

from __future__ import annotations

import html
import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\u200b\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_BLANKS = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """NFC text with HTML entities decoded, spaces squeezed, lines trimmed, at most one blank
    line in a row. Form feeds (page breaks) are kept for the caller to split on."""
    if "&" in text:
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _SPACES.sub(" ", _CONTROL.sub("", text))
    lines = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", lines).strip()


def join_pages(pages: list[str] | tuple[str, ...]) -> str:
    return "\n\n".join(p for p in pages if p.strip())


def clip(text: str, limit: int) -> tuple[str, bool]:
    """``text`` cut to ``limit`` characters at a line end; True when it was cut."""
    if len(text) <= limit:
        return text, False
    cut = text.rfind("\n", 0, limit)
    return text[: cut if cut > limit // 2 else limit], True
