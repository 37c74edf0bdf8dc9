"""How far reading a document may go: bytes, pages, time, and which programs it runs.

Every bound has a default; :func:`limits_from_env` reads ``VNARCHIVE_OFFICE_*`` overrides
(e.g. ``VNARCHIVE_OFFICE_OCR_PAGE_TIMEOUT=120``), so the archive's settings registry can
hand the same names on.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class ReadLimits:
    """Bounds and programs for :func:`archive.extract.office.read_document`."""

    max_bytes: int = 64 * 1024 * 1024  # a larger file is not read ("too large")
    max_pages: int = 500  # pages of text read from one PDF
    max_text_chars: int = 5_000_000  # text kept per document
    timeout: float = 60.0  # seconds for one text-reading subprocess (pdftotext, antiword)
    ocr_max_pages: int = 30  # pages OCR'd per document; the rest are left, with a reason
    ocr_page_timeout: float = 90.0  # seconds for rendering + OCR of one page
    ocr_timeout: float = 600.0  # seconds of OCR per document
    ocr_dpi: int = 300
    ocr_language: str = "vie"
    max_members: int = 50  # documents read inside one archive
    max_member_bytes: int = 64 * 1024 * 1024  # uncompressed bytes of one archive member
    max_depth: int = 2  # archives inside archives
    pdftotext_cmd: str = "pdftotext"
    pdftoppm_cmd: str = "pdftoppm"
    tesseract_cmd: str = "tesseract"
    antiword_cmd: str = "antiword"
    catdoc_cmd: str = "catdoc"
    unar_cmd: str = "unar"
    lsar_cmd: str = "lsar"


DEFAULT_LIMITS = ReadLimits()
ENV_PREFIX = "VNARCHIVE_OFFICE_"


def limits_from_env(environ: Mapping[str, str] | None = None) -> ReadLimits:
    """The defaults with any ``VNARCHIVE_OFFICE_<NAME>`` values from the environment."""
    environ = os.environ if environ is None else environ
    changes: dict[str, Any] = {}
    for f in fields(ReadLimits):
        raw = environ.get(ENV_PREFIX + f.name.upper())
        if raw is None:
            continue
        kind = type(getattr(DEFAULT_LIMITS, f.name))
        changes[f.name] = kind(raw)
    return replace(DEFAULT_LIMITS, **changes)
