"""What reading a document gives: its text, pages, format and, when it could not be read, why."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Signature:
    """One digital signature of a PDF, as its signature dictionary states it (not verified)."""

    signer: str | None
    signed_at: datetime | None
    reason: str | None = None
    location: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "signer": self.signer,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "reason": self.reason,
            "location": self.location,
        }


@dataclass(frozen=True)
class DocumentReading:
    """The text of one file (NFC; pages split by the reader where the format has pages).

    ``reason`` says why the text is missing or partial (encrypted, truncated, a timeout,
    no OCR); ``needs_ocr`` is True when the pages are images that were not (fully) read.
    ``members`` holds the readings of the documents inside an archive (zip, rar).
    """

    format: str
    text: str = ""
    pages: tuple[str, ...] = ()
    page_count: int | None = None
    needs_ocr: bool = False
    ocr_used: bool = False
    reason: str | None = None
    signatures: tuple[Signature, ...] = ()
    name: str | None = None
    members: tuple[DocumentReading, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Some text was read."""
        return bool(self.text.strip())

    def with_reason(self, reason: str) -> DocumentReading:
        return replace(self, reason=reason)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "name": self.name,
            "text": self.text,
            "pages": self.page_count,
            "needs_ocr": self.needs_ocr,
            "ocr_used": self.ocr_used,
            "reason": self.reason,
            "signatures": [s.to_json() for s in self.signatures],
            "members": [m.to_json() for m in self.members],
        }


def failed(fmt: str, reason: str, **kwargs: Any) -> DocumentReading:
    """A reading that found no text, and why."""
    return DocumentReading(format=fmt, reason=reason, **kwargs)
