"""The capture worker: records written and rows committed off the caller's thread, in
batches, with the record always on disk before its row."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from archive.capture.record import CaptureRecorder, Pending
from archive.capture.worker import CaptureWorker
from archive.db.engine import open_database
from archive.db.models import Capture
from archive.warc.reader import read_record
from tests.archive.catalog.small_archive import exchange
from tests.conftest import Backend


def test_captures_are_archived_in_batches_off_the_callers_thread(
    tmp_path: Path, backend: Backend
) -> None:
    config = backend.config(tmp_path / "data")
    sessions = open_database(config)
    recorder = CaptureRecorder(config, sessions)
    threads: set[str] = set()
    write = recorder.write_records

    def spy(batch):  # type: ignore[no-untyped-def]
        threads.add(threading.current_thread().name)
        return write(batch)

    recorder.write_records = spy  # type: ignore[method-assign]
    worker = CaptureWorker(recorder, max_batch=64)
    futures = [
        worker.submit(Pending(exchange(f"http://a.test/{i}", f"Bài {i}"), job_id=None))
        for i in range(200)
    ]
    results = [f.result(timeout=60) for f in futures]
    worker.close()
    assert threads == {"vnarchive-capture"}
    assert worker.batches < 200  # queued exchanges were archived together
    assert len({r.capture_id for r in results}) == 200
    with sessions() as session:
        rows = session.scalars(select(Capture).order_by(Capture.id)).all()
    assert len(rows) == 200
    for row in rows[::40]:
        record = read_record(config.warc_dir, row.warc_filename, row.warc_offset)
        assert record.target_uri == row.url


def test_the_same_payload_again_is_a_revisit_with_the_original_document(
    tmp_path: Path, backend: Backend
) -> None:
    config = backend.config(tmp_path / "data")
    sessions = open_database(config)
    recorder = CaptureRecorder(config, sessions)
    first = recorder.record(exchange("http://a.test/1", "Bài"))
    again = exchange("http://a.test/1", "Bài")
    again.fetched_at = datetime.now(UTC) + timedelta(days=1)
    second = recorder.record(again)
    recorder.close()
    assert (first.record_type, first.outcome) == ("response", "new")
    assert (second.record_type, second.outcome) == ("revisit", "unchanged")
    with sessions() as session:
        revisit = session.get(Capture, second.capture_id)
        assert revisit is not None and revisit.refers_to_id == first.capture_id
        assert session.scalar(select(func.count()).select_from(Capture)) == 2
