"""``archive.capture.tail`` and ``vnarchive verify --repair``: what a killed crawl leaves is
repaired, and nothing else is cut.

The WARC files are written by the archive's own writer (``WarcFileWriter``) into a real
archive's folder; a killed crawl is an ``.open`` file no writer holds. Its complete records
carry hostile payloads — ``Content-Encoding: br`` and ``zstd``, a gzip bomb, a payload that
says gzip and is not — and after them comes a torn tail.

- The torn tail (a gzip member cut short — a small one, a large one at any point, a few
  header bytes, or zero-filled blocks) is cut, and only it: every complete record is still
  there (counted by warcio's ``ArchiveIterator``, byte for byte the same), the file is
  closed (renamed) and its records recorded.
- A file with no torn tail — an ``.open`` file a crawl left complete, a closed file — keeps
  every byte.
- A damaged record in the middle is not a torn tail: nothing is cut, the problem is left for
  the operator (``verify`` says where); nor is a damaged record hidden from ``verify``.
- ``complete_records_after`` finds the next complete member, or ``None`` after a torn one.
"""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import brotli
import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.capture.tail import complete_records_after
from archive.capture.verify import scan
from archive.config import ArchiveConfig, load_config
from archive.warc import HttpExchange, WarcFileWriter
from archive.warc.payload import zstd
from archive.warc.writer import OPEN_SUFFIX, RecordLocation
from tests.conftest import vnarchive

MB = 1 << 20
PORTAL = "http://xaquangthanh.gov.vn.test"
HTML = (
    "<html><head><title>Thông báo</title></head><body><article><h1>Thông báo</h1>"
    + "<p>Ủy ban nhân dân xã Quang Thành thông báo lịch tiếp công dân tháng 3.</p>" * 40
    + "</article></body></html>"
).encode()


def exchange(path: str, body: bytes, encoding: str | None, mime: str = "text/html") -> HttpExchange:
    headers = [("Content-Type", f"{mime}; charset=utf-8")]
    if encoding:
        headers.append(("Content-Encoding", encoding))
    return HttpExchange(
        url=f"{PORTAL}/{path}",
        method="GET",
        request_headers=[("Host", PORTAL.split("/")[2]), ("Accept-Encoding", "gzip, br, zstd")],
        status=200,
        response_headers=headers,
        body=body,
        fetched_at=datetime(2025, 3, 1, 2, 0, tzinfo=UTC),
    )


def gzip_bomb(expanded: int = 80 * MB) -> bytes:
    obj = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(MB)
    return b"".join(obj.compress(zeros) for _ in range(expanded // MB)) + obj.flush()


def hostile_exchanges() -> list[HttpExchange]:
    return [
        exchange("br.html", brotli.compress(HTML), "br"),
        exchange("zstd.html", zstd.compress(HTML), "zstd"),
        exchange("bomb.html", gzip_bomb(), "gzip"),
        exchange("corrupt.html", b"\x1f\x8b\x08\x00" + b"not gzip at all " * 20, "gzip"),
        exchange("noise.bin", random.Random(15).randbytes(300_000), None, "application/pdf"),
    ]


@dataclass
class Written:
    config: ArchiveConfig
    path: Path  # the file as a killed crawl leaves it: <name>.warc.gz.open
    closed: Path  # its name once closed
    locations: list[RecordLocation]
    complete: bytes  # the file's bytes up to the end of its last complete record

    @property
    def records(self) -> int:
        return count_records(self.complete)


def write_left_open(data_dir: Path, exchanges: list[HttpExchange]) -> Written:
    """Records written by the archive's writer, the file then left ``.open`` and unlocked,
    as a crawl killed between two records leaves it."""
    config = load_config(data_dir)
    writer = WarcFileWriter(config.warc_dir)
    locations = [writer.write_exchange(ex) for ex in exchanges]
    writer.close()
    closed = config.warc_dir / locations[0].filename
    path = closed.with_name(closed.name + OPEN_SUFFIX)
    closed.rename(path)
    return Written(config, path, closed, locations, path.read_bytes())


def count_records(data: bytes) -> int:
    """The records warcio reads from ``data`` before it stops (a torn tail may stop it)."""
    import io

    count = 0
    iterator = ArchiveIterator(io.BytesIO(data))
    try:
        for _ in iterator:
            count += 1
    except Exception:  # noqa: BLE001 - where a torn tail stops a reader
        pass
    return count


def repair(data_dir: Path) -> dict:
    run = vnarchive("verify", "--repair", "--json", data_dir=data_dir)
    report = json.loads(run.stdout)
    report["returncode"] = run.returncode
    return report


def verify_json(data_dir: Path) -> dict:
    run = vnarchive("verify", "--json", data_dir=data_dir)
    report = json.loads(run.stdout)
    report["returncode"] = run.returncode
    return report


# -- torn tails --------------------------------------------------------------------------
def _member(written: Written, index: int) -> bytes:
    """The gzip member of the response record of exchange ``index``."""
    at = written.locations[index]
    return written.complete[at.offset : at.offset + at.length]


TAILS: dict[str, Callable[[Written], bytes]] = {
    "half of a small member": lambda w: _member(w, 0)[: len(_member(w, 0)) // 2],
    "a large member cut early": lambda w: _member(w, 4)[:5000],
    "a large member cut late": lambda w: _member(w, 4)[: len(_member(w, 4)) - 100],
    "a member without its trailer": lambda w: _member(w, 1)[:-4],
    "three bytes of a header": lambda w: b"\x1f\x8b\x08",
    "zero-filled blocks": lambda w: bytes(8192),
    "a member cut short, then zeros": lambda w: _member(w, 4)[:70_000] + bytes(4096),
}


@pytest.mark.parametrize("tail", sorted(TAILS))
def test_repair_cuts_the_torn_tail_and_keeps_every_complete_record(
    tmp_path: Path, tail: str
) -> None:
    written = write_left_open(tmp_path / "data", hostile_exchanges())
    assert written.records == 1 + 2 * 5  # warcinfo, a response and a request per exchange
    with written.path.open("ab") as fh:
        fh.write(TAILS[tail](written))
    assert written.path.stat().st_size > len(written.complete)

    report = repair(tmp_path / "data")

    assert report["returncode"] == 0, report
    assert not written.path.exists() and written.closed.exists()
    assert written.closed.read_bytes() == written.complete  # only the tail cut
    assert count_records(written.closed.read_bytes()) == written.records
    assert report["records"] == written.records
    kinds = sorted(p["kind"] for p in report["problems"])
    assert kinds == ["truncated"] + ["unrecorded"] * 5, report["problems"]
    assert all(p["repaired"] for p in report["problems"])
    after = verify_json(tmp_path / "data")
    assert after["returncode"] == 0 and after["problems"] == []
    assert after["captures"] == 5


def test_an_open_file_with_no_torn_tail_keeps_every_byte(tmp_path: Path) -> None:
    written = write_left_open(tmp_path / "data", hostile_exchanges())
    report = repair(tmp_path / "data")
    assert report["returncode"] == 0, report
    assert written.closed.read_bytes() == written.complete
    assert sorted(p["kind"] for p in report["problems"]) == ["open"] + ["unrecorded"] * 5


def test_a_closed_file_is_never_touched(tmp_path: Path) -> None:
    written = write_left_open(tmp_path / "data", hostile_exchanges())
    written.path.rename(written.closed)
    with written.closed.open("ab") as fh:
        fh.write(_member(written, 0)[:100])  # unreadable end, but not an .open file's
    before = written.closed.read_bytes()
    report = repair(tmp_path / "data")
    assert report["returncode"] == 1
    assert written.closed.read_bytes() == before
    (unreadable,) = [p for p in report["problems"] if p["kind"] == "unreadable"]
    assert not unreadable["repaired"]


# -- what is not a torn tail -------------------------------------------------------------
def _damage_member(written: Written, index: int, depth: int) -> bytes:
    at = written.locations[index].offset + depth
    data = written.complete
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


@pytest.mark.parametrize("depth", [40, 150_000], ids=["its header", "deep inside"])
def test_a_damaged_record_in_the_middle_is_not_cut(tmp_path: Path, depth: int) -> None:
    """Complete records follow the damage: cutting there would destroy them. A damaged
    large member is no longer read as if it ended there and took the file with it."""
    written = write_left_open(tmp_path / "data", hostile_exchanges()[3:] + hostile_exchanges())
    damaged = _damage_member(written, 1, depth)  # the 300 KB record, then six exchanges
    written.path.write_bytes(damaged)

    report = repair(tmp_path / "data")

    assert report["returncode"] == 1
    assert written.path.read_bytes() == damaged  # nothing cut, still open
    (unreadable,) = [p for p in report["problems"] if p["kind"] == "unreadable"]
    assert not unreadable["repaired"]
    assert f"at byte {written.locations[1].offset}" in unreadable["message"]
    assert "complete records follow" in unreadable["message"]


def test_a_damaged_record_in_a_closed_file_is_found(tmp_path: Path) -> None:
    written = write_left_open(tmp_path / "data", hostile_exchanges())
    written.path.rename(written.closed)
    written.closed.write_bytes(_damage_member(written, 4, 150_000))
    result = scan(written.closed)
    assert result.error is not None
    assert result.good_end == written.locations[4].offset
    assert len(result.records) == 1 + 2 * 4


# -- complete_records_after --------------------------------------------------------------
def test_complete_records_after(tmp_path: Path) -> None:
    written = write_left_open(tmp_path / "data", hostile_exchanges())
    path = written.path
    starts = [loc.offset for loc in written.locations]
    assert complete_records_after(path, 0) is not None
    assert complete_records_after(path, starts[2]) == starts[2] + written.locations[2].length
    last_request = starts[-1] + written.locations[-1].length
    assert complete_records_after(path, last_request) is None  # the last record: nothing
    with path.open("ab") as fh:
        fh.write(_member(written, 4)[:-10] + bytes(1000))
    assert complete_records_after(path, len(written.complete)) is None
    with path.open("ab") as fh:
        fh.write(_member(written, 0))  # a complete member after the torn one
    assert complete_records_after(path, len(written.complete)) is not None
