"""Check the archive's rows against its WARC files, and repair what a killed crawl left.

Every ``Capture`` row must point at a readable record with the same ``WARC-Record-ID`` and a
matching digest; every response or revisit record must have its row. ``repair`` truncates
the partial trailing record of an ``.open`` file no writer holds, closes (renames) it, and
records the complete records that were written but not yet recorded.

Linear in the archive, with memory bounded by one file: files are read one at a time,
record by record without decoding payloads (digests are checked over the bytes as stored),
and each file's records are merged with its rows, both in offset order. Rows whose file is
gone are counted per file by one query.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker
from warcio.archiveiterator import ArchiveIterator

from archive.capture.repair import record_unrecorded
from archive.capture.tail import complete_records_after
from archive.config import ArchiveConfig
from archive.db.jobs import HEARTBEAT_STALE as OTHERS_LIVE
from archive.db.models import Capture
from archive.warc.digests import check_revisit_blocks
from archive.warc.stores import WarcStore, WarcStores
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
    said = io.StringIO()  # what warcio writes instead of raising (a member it cannot inflate)
    with path.open("rb") as fh, contextlib.redirect_stderr(said):
        try:
            for rec in _records(fh):
                result.records.append(rec)
                result.good_end = rec.offset + rec.length
        except Exception as exc:  # noqa: BLE001 - a broken tail is a finding
            found = " ".join(f"{exc} {said.getvalue() if isinstance(exc, _Cut) else ''}".split())
            result.error = found[:200] or exc.__class__.__name__
    size = path.stat().st_size
    if result.error is None and result.good_end < size:  # bytes no reader saw as a record
        result.error = f"{size - result.good_end} bytes after the last complete record"
    return result


class _Cut(ValueError):
    """A record whose gzip member does not inflate to its end — cut short (a torn tail), or
    damaged (warcio says so on stderr) — which warcio reads as if the member ended there,
    taking the rest of the file for that record and hiding every record after it."""


def _records(fh: io.BufferedReader) -> Iterator[ScannedRecord]:
    iterator = ArchiveIterator(fh, check_digests=True)
    check_revisit_blocks(iterator.loader)  # warcio checks no digest of a revisit
    for record in iterator:
        while record.raw_stream.read(1 << 20):  # digests over the stored bytes, streamed
            pass
        iterator.read_to_end(record)
        if getattr(iterator.reader.decompressor, "eof", True) is False and not iterator.next_line:
            raise _Cut(f"the record at byte {iterator.get_record_offset()} is cut short or damaged")
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
    """Check every WARC store reachable here (``archive.warc.stores``) against the rows."""
    report = VerifyReport()
    if not _check_database(sessions, report):
        return report  # rows cannot be trusted: the files are not checked against them
    stores = WarcStores.of(config)
    live: set[str] = set()
    on_disk: dict[Path, set[str]] = {}
    for store in stores.reachable():
        names = on_disk.setdefault(store.root.resolve(), set())
        for path in warc_files(store.root):
            name = path.name.removesuffix(OPEN_SUFFIX)
            names.add(name)
            if path.name.endswith(OPEN_SUFFIX) and is_live(path, store):
                live.add(name)  # a crawl is writing it
                continue
            result = scan(path)
            report.files += 1
            report.records += len(result.records)
            _check_file(result, report, repair)
            _check_rows_of(result, report, config, sessions, repair, store.name)
    _check_missing_files(sessions, stores, on_disk, report)
    with sessions() as session:
        total = session.scalar(select(func.count()).select_from(Capture)) or 0
        in_live = session.scalar(
            select(func.count()).where(Capture.warc_filename.in_(sorted(live)))
        )
    report.captures = total - (in_live or 0)
    return report


def is_live(path: Path, store: WarcStore) -> bool:
    """Whether a writer still holds an ``.open`` file: its lock says so; in another
    machine's store, whose lock a mount may not carry, so does a write in the last
    ``OTHERS_LIVE`` (a crawl writes at least that often: its heartbeat)."""
    if is_locked(path):
        return True
    if store.own:
        return False
    try:
        return time.time() - path.stat().st_mtime < OTHERS_LIVE.total_seconds()
    except OSError:
        return False


def _check_database(sessions: sessionmaker[Session], report: VerifyReport) -> bool:
    """SQLite's own check of the database file (damaged pages, broken indexes)."""
    with sessions() as session:
        if session.get_bind().dialect.name != "sqlite":
            return True
        try:
            found = [str(r[0]) for r in session.execute(text("PRAGMA quick_check(20)"))]
        except DatabaseError as exc:
            found = [str(exc.orig or exc).splitlines()[0]]
    if found == ["ok"]:
        return True
    report.problem("database", "the database file is damaged: " + "; ".join(found[:3]))
    return False


def _check_file(result: FileScan, report: VerifyReport, repair: bool) -> None:
    after = complete_records_after(result.path, result.good_end) if result.error else None
    if result.error and (not result.is_open or after is not None):
        where = f" at byte {result.good_end}" + (
            f"; complete records follow from byte {after}, left in place" if after else ""
        )
        report.problem("unreadable", f"{result.error}{where}", file=result.path.name)
    elif result.is_open:
        detail = (
            f"partial record after byte {result.good_end}: {result.error}"
            if result.error
            else "left open by a crawl that is no longer running"
        )
        found = report.problem(
            "truncated" if result.error else "open", detail, file=result.path.name
        )
        if repair:  # only a tail proved torn is cut: nothing complete follows the break
            truncate_and_close(result)
            report.repair(found, f"closed {result.name} at byte {result.good_end}")
    for rec in result.records:
        if not rec.digest_ok:
            report.problem(
                "digest", f"digest mismatch in {rec.record_id}", file=result.name, offset=rec.offset
            )


def _rows_of(sessions: sessionmaker[Session], name: str) -> Iterator[tuple[int, int, str]]:
    """``(id, offset, record id)`` of the rows of one file, in offset order, streamed."""
    stmt = (
        select(Capture.id, Capture.warc_offset, Capture.warc_record_id)
        .where(Capture.warc_filename == name)
        .order_by(Capture.warc_offset, Capture.id)
        .execution_options(yield_per=5000)
    )
    with sessions() as session:
        for row in session.execute(stmt):
            yield row[0], row[1], row[2]


def _check_rows_of(
    result: FileScan,
    report: VerifyReport,
    config: ArchiveConfig,
    sessions: sessionmaker[Session],
    repair: bool,
    store: str,
) -> None:
    """Merge one file's records with its rows, both in offset order."""
    records = {rec.offset: rec for rec in result.records}
    matched: set[int] = set()
    for capture_id, offset, record_id in _rows_of(sessions, result.name):
        found = records.get(offset)
        if found is None or found.record_id != record_id:
            report.problem(
                "missing-record",
                f"capture {capture_id}: no record {record_id} at {result.name}:{offset}",
                capture=capture_id,
            )
        else:
            matched.add(offset)
    unmatched = [
        rec
        for rec in result.records
        if rec.offset not in matched and rec.rec_type in ("response", "revisit")
    ]
    if not unmatched:
        return
    with sessions() as session:  # recorded at another place (a copy): not unrecorded
        known = set(
            session.scalars(
                select(Capture.warc_record_id).where(
                    Capture.warc_record_id.in_([r.record_id for r in unmatched])
                )
            )
        )
    for rec in unmatched:
        if rec.record_id in known:
            continue
        problem = report.problem(
            "unrecorded", f"{rec.record_id} has no capture row", file=result.name, offset=rec.offset
        )
        if repair:
            record_unrecorded(
                config, sessions, result.path, result.name, rec.offset, rec.length, store
            )
            report.repair(problem, f"recorded {rec.record_id}")


def _check_missing_files(
    sessions: sessionmaker[Session],
    stores: WarcStores,
    on_disk: dict[Path, set[str]],
    report: VerifyReport,
) -> None:
    """Rows whose WARC file is gone: one problem per file, naming the captures it held."""
    stmt = select(
        Capture.warc_store,
        Capture.warc_filename,
        func.count(),
        func.min(Capture.id),
        func.max(Capture.id),
    ).group_by(Capture.warc_store, Capture.warc_filename)
    with sessions() as session:
        for store_name, name, count, first, last in session.execute(stmt):
            store = stores.store(store_name)
            if name in on_disk.get(store.root.resolve(), set()):
                continue
            report.problem(
                "missing-file",
                f"{name} is missing from store {store.where}: {count} capture(s) held there "
                f"(ids {first}..{last})",
                file=name,
                store=store.name,
                captures=count,
            )
