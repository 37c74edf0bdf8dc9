"""verify and repair: every row against its record and back, linear, never recording a
record twice."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, func, select

from archive.capture.record import CaptureRecorder
from archive.capture.repair import record_unrecorded
from archive.capture.verify import verify
from archive.db.engine import open_database
from archive.db.models import Capture
from tests.archive.catalog.small_archive import exchange
from tests.conftest import Backend


def _archive(tmp_path: Path, backend: Backend, pages: int = 5):  # type: ignore[no-untyped-def]
    config = backend.config(tmp_path / "data")
    sessions = open_database(config)
    recorder = CaptureRecorder(config, sessions)
    recorded = [recorder.record(exchange(f"http://a.test/{i}", f"Bài {i}")) for i in range(pages)]
    recorder.close()
    return config, sessions, recorded


def test_a_clean_archive_verifies(tmp_path: Path, backend: Backend) -> None:
    config, sessions, _ = _archive(tmp_path, backend)
    report = verify(config, sessions)
    assert report.ok and report.problems == []
    assert (report.files, report.captures) == (1, 5)
    assert report.records == 11  # warcinfo, then a response and a request per page


def test_a_record_is_never_recorded_twice(tmp_path: Path, backend: Backend) -> None:
    """A repair racing a crawl that records the same record (a file rotated between the
    repair's look and its insert) must not give it two rows."""
    config, sessions, recorded = _archive(tmp_path, backend)
    with sessions.begin() as session:
        row = session.get(Capture, recorded[2].capture_id)
        assert row is not None
        where = (row.warc_filename, row.warc_offset, row.warc_length)
        session.execute(delete(Capture).where(Capture.id == row.id))
    path = config.warc_dir / where[0]
    first = record_unrecorded(config, sessions, path, where[0], where[1], where[2])
    second = record_unrecorded(config, sessions, path, where[0], where[1], where[2])
    assert first is not None and second is None
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Capture)) == 5
    assert verify(config, sessions).ok


def test_a_lost_file_is_one_problem_naming_its_captures(tmp_path: Path, backend: Backend) -> None:
    config, sessions, _ = _archive(tmp_path, backend)
    (warc,) = config.warc_dir.glob("*.warc.gz")
    warc.unlink()
    report = verify(config, sessions)
    assert not report.ok
    (problem,) = report.problems
    assert problem["kind"] == "missing-file" and problem["captures"] == 5
    assert warc.name in str(problem["message"])


def test_a_row_without_its_record_and_a_record_without_its_row(
    tmp_path: Path, backend: Backend
) -> None:
    config, sessions, recorded = _archive(tmp_path, backend)
    with sessions.begin() as session:
        moved = session.get(Capture, recorded[0].capture_id)
        assert moved is not None
        moved.warc_offset += 1  # the row points where no record starts
        session.execute(delete(Capture).where(Capture.id == recorded[1].capture_id))
    problems = verify(config, sessions).problems
    assert sorted(p["kind"] for p in problems) == ["missing-record", "unrecorded"]
