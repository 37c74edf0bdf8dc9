"""The bytes of each document's file, rendered once per process (the test suite builds the
sandbox many times: the files are the costly part)."""

from __future__ import annotations

from functools import lru_cache

from sandbox.documents.model import OfficialDoc, portal_documents

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
}


@lru_cache(maxsize=256)
def file_bytes(seed: int, host: str, index: int) -> bytes:
    doc = portal_documents(seed, host)[index]
    return render(doc, seed)


def render(doc: OfficialDoc, seed: int) -> bytes:
    if doc.fmt == "pdf":
        from sandbox.documents.pdf import render_pdf

        return render_pdf(doc)
    if doc.fmt == "scan":
        from sandbox.documents.scan import render_scan

        return render_scan(doc, seed)
    from sandbox.documents.word import render_doc, render_docx

    return render_docx(doc) if doc.fmt == "docx" else render_doc(doc)
