"""The extraction result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Extraction:
    """Main text and fields of one page; ``is_article`` False (with a reason) otherwise."""

    is_article: bool
    title: str | None
    date: datetime | None
    author: str | None
    category: str | None
    sapo: str | None
    text: str
    language: str | None
    reason: str | None = None
    # the folded lines of the main content before a portal template was applied: what
    # template learning counts (``archive.documents.templates``); not part of the JSON output
    lines: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict; the date as ISO 8601 with its +07:00 offset."""
        return {
            "is_article": self.is_article,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "author": self.author,
            "category": self.category,
            "sapo": self.sapo,
            "text": self.text,
            "language": self.language,
            "reason": self.reason,
        }


def not_article(reason: str, text: str = "") -> Extraction:
    """The "not an article" outcome."""
    return Extraction(False, None, None, None, None, None, text, None, reason)
