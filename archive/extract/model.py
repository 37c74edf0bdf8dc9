"""The extraction result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from archive.extract.registry import RegistryRow

# What a page is. ``article``: a dated news item with prose (``is_article``); ``notice``: a
# short page that announces or carries an official document (``documents`` lists the files it
# links); ``listing``: a list of linked items (a section, search results, a one-item list);
# ``page``: a static page of the portal (Giới thiệu, Liên hệ, Cơ cấu tổ chức); ``home``: the
# portal's home page. None when there was no HTML page to read (empty, binary, failed).
Kind = Literal["article", "notice", "listing", "page", "home"]
KINDS: tuple[Kind, ...] = ("article", "notice", "listing", "page", "home")


@dataclass(frozen=True)
class Extraction:
    """Main text and fields of one page; ``is_article`` False (with a reason) otherwise.

    ``kind`` tells what the page is (``KINDS``); ``is_article`` is ``kind == "article"`` and
    ``reason`` says why a page is not an article (None for articles).
    """

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
    kind: Kind | None = None
    # absolute URLs of the official documents (PDF, DOC/DOCX, …) the main content links to
    documents: tuple[str, ...] = ()
    # the rows of the page's document registry tables (archive.extract.registry), if any
    records: tuple[RegistryRow, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict; the date as ISO 8601 with its +07:00 offset."""
        return {
            "is_article": self.is_article,
            "kind": self.kind,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "author": self.author,
            "category": self.category,
            "sapo": self.sapo,
            "text": self.text,
            "language": self.language,
            "reason": self.reason,
            "documents": list(self.documents),
        }


def not_article(reason: str, text: str = "") -> Extraction:
    """The outcome for input that is no HTML page at all (kind None)."""
    return Extraction(False, None, None, None, None, None, text, None, reason)
