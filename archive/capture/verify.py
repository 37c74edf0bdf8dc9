"""Check the archive's rows against its WARC files, and repair what a killed crawl left.

Every ``Capture`` row must point at a readable record with the same ``WARC-Record-ID`` and a
matching digest; every response or revisit record must have its row. ``repair`` truncates
the partial trailing record of an ``.open`` file no writer holds, closes (renames) it, and
records the complete records that were written but not yet recorded.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from warcio.archiveiterator import ArchiveIterator

from archive.capture.repair import record_unrecorded
from archive.config import ArchiveConfig
from archive.db.models import Capture
from archive.warc.writer import OPEN_SUFFIX


@dataclass(frozen=True)
class ScannedRecord:
    offset: int
    length: int
    rec_type: str
    record_id: str
    digest_ok: bool


@dataclass
class FileScan:
    name: str  # the closed name, as rows store it
    path: Path
    records: list[ScannedRecord] = field(default_factory=list)
    error: str | None = None
    good_end: int = 0  # end of the last complete record

    @property
    def is_open(self) -> bool:
        return self.path.name.endswith(OPEN_SUFFIX)


@dataclass
class VerifyReport:
    files: int = 0
    records: int = 0
    captures: int = 0
    problems: list[dict[str, object]] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)

    def problem(self, kind: str, message: str, **where: object) -> dict[str, object]:
        found: dict[str, object] = {"kind": kind, "message": message, **where, "repaired": False}
        self.problems.append(found)
        return found

    def repair(self, problem: dict[str, object], what: str) -> None:
        problem["repaired"] = True
        self.repaired.append(what)

    @property
    def ok(self) -> bool:
        """Nothing wrong, or everything wrong repaired."""
        return all(p["repaired"] for p in self.problems)


def is_locked(path: Path) -> bool:
    """True while a live writer holds the file (see WarcFileWriter)."""
    with path.open("rb") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    return False


def scan(path: Path) -> FileScan:
    result = FileScan(path.name.removesuffix(OPEN_SUFFIX), path)
    with path.open("rb") as fh, contextlib.redirect_stderr(io.StringIO()):
        try:
            for rec in _records(fh):
                result.records.append(rec)
                result.good_end = rec.offset + rec.length
        except Exception as exc:  # noqa: BLE001 - a broken tail is a finding
            result.error = " ".join(str(exc).split())[:200] or exc.__class__.__name__
    return result


def _records(fh: io.BufferedReader) -> Iterator[ScannedRecord]:
    iterator = ArchiveIterator(fh, check_digests=True)
    for record in iterator:
        record.content_stream().read()
        iterator.read_to_end(record)
        checker = record.digest_checker
        yield ScannedRecord(
            offset=iterator.get_record_offset(),
            length=iterator.get_record_length(),
            rec_type=record.rec_type,
            record_id=record.rec_headers.get_header("WARC-Record-ID") or "",
            digest_ok=not [p for p in checker.problems if "not checked" not in p],
        )


def warc_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(
        p
        for p in directory.iterdir()
        if p.name.endswith((".warc.gz", ".warc.gz" + OPEN_SUFFIX, ".warc"))
    )


def truncate_and_close(scan_result: FileScan) -> None:
    with scan_result.path.open("r+b") as fh:
        fh.truncate(scan_result.good_end)
        fh.flush()
        os.fsync(fh.fileno())
    scan_result.path.rename(scan_result.path.with_name(scan_result.name))
    scan_result.path = scan_result.path.with_name(scan_result.name)


def verify(
    config: ArchiveConfig, sessions: sessionmaker[Session], *, repair: bool = False
) -> VerifyReport:
    report = VerifyReport()
    scans: dict[str, FileScan] = {}
    live: set[str] = set()
    for path in warc_files(config.warc_dir):
        if path.name.endswith(OPEN_SUFFIX) and is_locked(path):
            live.add(path.name.removesuffix(OPEN_SUFFIX))  # a crawl is writing it
            continue
        result = scan(path)
        scans[result.name] = result
        report.files += 1
        report.records += len(result.records)
        _check_file(result, report, repair)
    with sessions() as session:
        rows = [
            row
            for row in session.execute(
                select(
                    Capture.id, Capture.warc_filename, Capture.warc_offset, Capture.warc_record_id
                )
            ).all()
            if row[1] not in live
        ]
    report.captures = len(rows)
    _check_rows(rows, scans, report)
    _check_records(rows, scans, report, config, sessions, repair)
    return report


def _check_file(result: FileScan, report: VerifyReport, repair: bool) -> None:
    if result.error and not result.is_open:
        report.problem("unreadable", result.error, file=result.name)
    elif result.is_open:
        detail = (
            f"partial record after byte {result.good_end}: {result.error}"
            if result.error
            else "left open by a crawl that is no longer running"
        )
        found = report.problem(
            "truncated" if result.error else "open", detail, file=result.path.name
        )
        if repair:
            truncate_and_close(result)
            report.repair(found, f"closed {result.name} at byte {result.good_end}")
    for rec in result.records:
        if not rec.digest_ok:
            report.problem(
                "digest", f"digest mismatch in {rec.record_id}", file=result.name, offset=rec.offset
            )


def _check_rows(rows: list, scans: dict[str, FileScan], report: VerifyReport) -> None:
    for capture_id, filename, offset, record_id in rows:
        result = scans.get(filename)
        if result is None:
            report.problem(
                "missing-file", f"capture {capture_id}: {filename} is missing", capture=capture_id
            )
            continue
        found = next((r for r in result.records if r.offset == offset), None)
        if found is None or found.record_id != record_id:
            report.problem(
                "missing-record",
                f"capture {capture_id}: no record {record_id} at {filename}:{offset}",
                capture=capture_id,
            )


def _check_records(
    rows: list,
    scans: dict[str, FileScan],
    report: VerifyReport,
    config: ArchiveConfig,
    sessions: sessionmaker[Session],
    repair: bool,
) -> None:
    known = {record_id for _, _, _, record_id in rows}
    for result in scans.values():
        for rec in result.records:
            if rec.rec_type not in ("response", "revisit") or rec.record_id in known:
                continue
            found = report.problem(
                "unrecorded",
                f"{rec.record_id} has no capture row",
                file=result.name,
                offset=rec.offset,
            )
            if repair:
                record_unrecorded(
                    config, sessions, result.path, result.name, rec.offset, rec.length
                )
                report.repair(found, f"recorded {rec.record_id}")
