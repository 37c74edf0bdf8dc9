"""Real files for the office tests: the sandbox's documents, rendered once per session."""

from __future__ import annotations

import pytest

from archive.extract.office import DocumentReading, ReadLimits, read_document
from sandbox import Sandbox
from sandbox.documents.files import file_bytes
from sandbox.documents.model import portal_documents

# the scans are 200 dpi images: OCR at their own resolution (the default, 300, is for real
# scans of unknown resolution) keeps the suite fast
FAST_OCR = ReadLimits(ocr_dpi=200)


@pytest.fixture(scope="session")
def documents_truth() -> list[dict]:
    return Sandbox(seed=1, pages_per_portal=4).documents_truth()


@pytest.fixture(scope="session")
def readings(documents_truth: list[dict]) -> dict[str, DocumentReading]:
    """Every sandbox document read as the crawl will read it (scans by OCR)."""
    out = {}
    for truth in documents_truth:
        docs = portal_documents(1, truth["host"])
        index = next(d.index for d in docs if d.id == truth["id"])
        out[truth["url"]] = read_document(
            file_bytes(1, truth["host"], index), filename=truth["filename"], limits=FAST_OCR
        )
    return out


def sample(fmt: str) -> bytes:
    """The bytes of the first sandbox document of a format (pdf, scan, docx, doc)."""
    doc = next(d for d in portal_documents(1, "kinhmon.haiduong.gov.vn.test") if d.fmt == fmt)
    return file_bytes(1, doc.host, doc.index)
