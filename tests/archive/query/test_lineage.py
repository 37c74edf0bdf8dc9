"""A page's history follows it across a permanent redirect (its address changed: an old
``?id=`` form now answering 301 to a slug), on its own portal only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from archive.capture.record import CaptureRecorder
from archive.db.engine import open_database
from archive.documents.store import DocumentStore
from archive.extract import Extraction
from archive.query.timeline import lineage, timeline
from archive.warc import HttpExchange
from tests.conftest import Backend

OLD = "http://p.test/index.php?id=5"
NEW = "http://p.test/tin-tuc/ke-hoach-nam-2025-5.html"
OTHER = "http://q.test/?id=9"  # another portal pointing at the same slug: not the item


def answer(url: str, day: int, status: int = 200, location: str | None = None) -> HttpExchange:
    headers = [("Content-Type", "text/html; charset=utf-8")]
    if location:
        headers.append(("Location", location))
    return HttpExchange(
        url=url,
        method="GET",
        request_headers=[("Host", url.split("/")[2])],
        status=status,
        response_headers=headers,
        body=f"<html><body><p>{url} {day}</p></body></html>".encode(),
        fetched_at=datetime(2025, 3, day, 2, 0, tzinfo=UTC),
    )


def text(version: int) -> Extraction:
    body = f"Kế hoạch năm 2025 của xã, bản {version}. Đảng bộ và chính quyền triển khai."
    return Extraction(True, "Kế hoạch năm 2025", None, None, None, None, body, "vi")


def test_history_follows_a_page_to_its_new_address(tmp_path: Path, backend: Backend) -> None:
    config = backend.config(tmp_path / "data")
    sessions = open_database(config)
    recorder, store = CaptureRecorder(config, sessions), DocumentStore(sessions)
    store.add(recorder.record(answer(OLD, 1)).capture_id, text(1))
    recorder.record(answer(OLD, 2, 301, "/tin-tuc/ke-hoach-nam-2025-5.html"))
    recorder.record(answer(OTHER, 2, 301, NEW))
    store.add(recorder.record(answer(NEW, 3)).capture_id, text(2))
    recorder.close()
    with sessions() as session:
        assert set(lineage(session, NEW)) == set(lineage(session, OLD)) == {OLD, NEW}
        line = timeline(session, NEW)
        assert [c.url for c in line.captures] == [OLD, OLD, NEW]
        assert len(line.versions) == 2  # the text at the old address, then at the new one
        assert [v.first.url for v in line.versions] == [OLD, NEW]
        assert lineage(session, OTHER) == [OTHER]  # moved to another portal: its own item
    sessions.kw["bind"].dispose()
