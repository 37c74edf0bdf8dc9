"""Files that cannot be read — an encrypted PDF, a truncated PDF, a 0-byte DOC, a "PDF" that
is really an HTML page — are archived, each with its recorded reason, and never stop the
indexing worker: real WARC records through the real recorder, read back by the worker."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from archive.capture.record import CaptureRecorder
from archive.db.engine import open_database
from archive.documents.indexing import index_captures, init_worker
from archive.warc import HttpExchange
from sandbox.documents.files import file_bytes
from sandbox.documents.model import portal_documents
from tests.conftest import Backend

HOST = "kinhmon.haiduong.gov.vn.test"


def good_pdf() -> bytes:
    doc = next(d for d in portal_documents(1, HOST) if d.fmt == "pdf")
    return file_bytes(1, HOST, doc.index)


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(good_pdf())).pages:
        writer.add_page(page)
    writer.encrypt(user_password="mat-khau", owner_password="mat-khau")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


CASES = {  # file name → (content type, body, words the reason must hold)
    "ma-hoa.pdf": ("application/pdf", encrypted_pdf, "encrypt"),
    "cat-cut.pdf": ("application/pdf", lambda: good_pdf()[: len(good_pdf()) // 3], ""),
    "rong.doc": ("application/msword", lambda: b"", "empty"),
    "trang-loi.pdf": (
        "application/pdf",
        lambda: (
            b"<!DOCTYPE html><html><body><h1>404 Kh\xc3\xb4ng t\xc3\xacm th\xe1\xba\xa5y</h1>"
            b"</body></html>"
        ),
        "HTML",
    ),
}


def exchange(name: str, content_type: str, body: bytes) -> HttpExchange:
    url = f"http://{HOST}/van-ban/files/{name}"
    return HttpExchange(
        url=url,
        method="GET",
        request_headers=[("Host", HOST)],
        status=200,
        response_headers=[("Content-Type", content_type)],
        body=body,
        fetched_at=datetime(2025, 3, 1, 2, 0, tzinfo=UTC),
    )


@pytest.fixture
def archived(tmp_path: Path, backend: Backend) -> tuple[object, dict[str, int]]:
    config = backend.config(tmp_path)
    sessions = open_database(config)
    recorder = CaptureRecorder(config, sessions)
    ids = {}
    try:
        for name, (content_type, body, _) in CASES.items():
            ids[name] = recorder.record(exchange(name, content_type, body())).capture_id
        ids["tot.pdf"] = recorder.record(
            exchange("tot.pdf", "application/pdf", good_pdf())
        ).capture_id
    finally:
        recorder.close()
    return config, ids


def test_each_unreadable_file_gets_a_reason_and_the_worker_goes_on(
    archived: tuple[object, dict[str, int]], backend: Backend, tmp_path: Path
) -> None:
    config, ids = archived
    init_worker(config)  # type: ignore[arg-type]
    results = {r.capture_id: r for r in index_captures(list(ids.values()))}
    with backend.db(tmp_path) as conn:
        reasons = dict(conn.execute("SELECT capture_id, reason FROM document_files").fetchall())
        documents = dict(conn.execute("SELECT id, document_id FROM captures").fetchall())
    for name, (_, _, words) in CASES.items():
        result = results[ids[name]]
        assert result.error is None, (name, result.error)  # recorded, not a failure
        assert result.unreadable, name
        reason = reasons.get(ids[name])
        assert reason, f"{name}: no reason recorded"
        assert words.lower() in reason.lower(), (name, reason)
        assert documents[ids[name]] is None, name
    # the readable file after them was read as usual
    assert results[ids["tot.pdf"]].document is not None
    assert reasons.get(ids["tot.pdf"]) is None
