"""The WARC writer: warcinfo first, .open while written, request/response pairs, rotation."""

from __future__ import annotations

import gzip
import random
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.warc import HttpExchange, WarcFileWriter, read_record
from tests.conftest import warcio_check

BODY = "<html><body><h1>Đảng bộ xã Quang Thành</h1></body></html>".encode()


def exchange(
    url: str = "http://quangthanh.kinhmon.haiduong.gov.vn.test/tin-tuc/1.html",
    body: bytes = BODY,
    headers: list[tuple[str, str]] | None = None,
) -> HttpExchange:
    return HttpExchange(
        url=url,
        method="GET",
        request_headers=[("User-Agent", "vnarchive-test"), ("Accept-Encoding", "gzip")],
        status=200,
        response_headers=headers
        or [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Set-Cookie", "a=1"),
            ("Set-Cookie", "b=2"),
        ],
        body=body,
        fetched_at=datetime(2024, 3, 1, 3, 0, tzinfo=UTC),
        ip_address="127.0.0.1",
    )


def records(path: Path) -> list:
    with path.open("rb") as fh:
        out = []
        for rec in ArchiveIterator(fh):
            out.append(
                (rec.rec_type, rec.rec_headers, rec.http_headers, rec.content_stream().read())
            )
        return out


def test_file_is_open_while_written_and_renamed_on_close(tmp_path: Path) -> None:
    writer = WarcFileWriter(tmp_path, prefix="test")
    loc = writer.write_exchange(exchange())
    assert loc.filename.endswith(".warc.gz")
    assert (tmp_path / (loc.filename + ".open")).exists()
    writer.close()
    assert (tmp_path / loc.filename).exists()
    assert not (tmp_path / (loc.filename + ".open")).exists()


def test_records_warcinfo_first_then_response_and_request(tmp_path: Path) -> None:
    writer = WarcFileWriter(tmp_path, info={"operator": "vnarchive tests"})
    loc = writer.write_exchange(exchange())
    writer.close()
    recs = records(tmp_path / loc.filename)
    assert [r[0] for r in recs] == ["warcinfo", "response", "request"]
    _, resp_headers, resp_http, payload = recs[1]
    _, req_headers, req_http, _ = recs[2]
    assert payload == BODY
    assert resp_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert resp_headers.get_header("WARC-Payload-Digest").startswith("sha1:")
    assert resp_headers.get_header("WARC-Block-Digest").startswith("sha1:")
    assert [v for k, v in resp_http.headers if k == "Set-Cookie"] == ["a=1", "b=2"]
    assert req_headers.get_header("WARC-Concurrent-To") == resp_headers.get_header("WARC-Record-ID")
    assert req_http.protocol == "GET"
    assert req_http.statusline == "/tin-tuc/1.html HTTP/1.1"
    assert req_http.get_header("Host") == "quangthanh.kinhmon.haiduong.gov.vn.test"
    assert recs[0][1].get_header("WARC-Filename") == loc.filename
    assert b"operator: vnarchive tests" in recs[0][3]


def test_compressed_chunked_body_is_stored_as_transferred(tmp_path: Path) -> None:
    raw = gzip.compress(BODY)
    ex = exchange(
        body=raw,
        headers=[
            ("Content-Type", "text/html"),
            ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked"),
        ],
    )
    writer = WarcFileWriter(tmp_path)
    loc = writer.write_exchange(ex)
    stored = read_record(tmp_path, loc.filename, loc.offset)  # still .open: found anyway
    assert stored.payload == BODY  # content-decoded on reading
    names = [k for k, _ in stored.http_headers]
    assert "X-Archive-Orig-Transfer-Encoding" in names and "Transfer-Encoding" not in names
    writer.close()
    with (tmp_path / loc.filename).open("rb") as fh:
        fh.seek(loc.offset)
        rec = next(iter(ArchiveIterator(fh)))
        assert rec.raw_stream.read() == raw


def test_rotation_at_max_size(tmp_path: Path) -> None:
    writer = WarcFileWriter(tmp_path, max_size=2000)
    names = {
        writer.write_exchange(exchange(body=random.Random(i).randbytes(3000))).filename
        for i in range(3)
    }
    writer.close()
    assert len(names) == 3
    for name in names:
        assert records(tmp_path / name)[0][0] == "warcinfo"


def test_warc_1_0_selectable(tmp_path: Path) -> None:
    writer = WarcFileWriter(tmp_path, warc_version="1.0")
    loc = writer.write_exchange(exchange())
    writer.close()
    assert (tmp_path / loc.filename).read_bytes()[:2] == b"\x1f\x8b"
    with gzip.open(tmp_path / loc.filename) as fh:
        assert fh.readline().strip() == b"WARC/1.0"


def test_warcio_check_accepts_our_files(tmp_path: Path) -> None:
    writer = WarcFileWriter(tmp_path)
    writer.write_exchange(exchange())
    writer.close()
    files = [str(p) for p in tmp_path.glob("*.warc.gz")]
    proc = warcio_check(files)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "digest pass" in proc.stdout


def test_every_record_names_its_files_warcinfo_even_after_rotation(tmp_path: Path) -> None:
    writer = WarcFileWriter(tmp_path, max_size=1)  # a new file after every exchange
    for _ in range(2):
        writer.write_exchange(exchange())
    writer.close()
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert len(files) == 2
    for path in files:
        recs = records(path)
        info_id = recs[0][1].get_header("WARC-Record-ID")
        assert [r[1].get_header("WARC-Warcinfo-ID") for r in recs[1:]] == [info_id, info_id]


def test_an_identical_payload_revisit_says_its_payload_is_left_out(tmp_path: Path) -> None:
    from archive.warc.writer import IDENTICAL_PAYLOAD, NOT_MODIFIED, RevisitOf, payload_digest

    writer = WarcFileWriter(tmp_path)
    first = writer.write_exchange(exchange())
    when = datetime(2024, 3, 1, 3, 0, tzinfo=UTC)
    for profile in (IDENTICAL_PAYLOAD, NOT_MODIFIED):
        of = RevisitOf(profile, exchange().url, when, first.record_id, payload_digest(BODY))
        writer.write_exchange(exchange(), revisit=of)
    writer.close()
    revisits = [r for r in records(tmp_path / first.filename) if r[0] == "revisit"]
    assert [r[1].get_header("WARC-Truncated") for r in revisits] == ["length", None]
    proc = warcio_check([str(tmp_path / first.filename)])
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_tampered_revisit_is_caught_by_both_verifiers(tmp_path: Path) -> None:
    """warcio checks no digest of a revisit; ours check its block digest."""
    from archive.capture.verify import scan
    from archive.warc.validate import validate_file
    from archive.warc.writer import IDENTICAL_PAYLOAD, RevisitOf, payload_digest

    writer = WarcFileWriter(tmp_path)
    first = writer.write_exchange(exchange())
    when = datetime(2024, 3, 1, 3, 0, tzinfo=UTC)
    of = RevisitOf(IDENTICAL_PAYLOAD, exchange().url, when, first.record_id, payload_digest(BODY))
    revisit = writer.write_exchange(exchange(), revisit=of)
    writer.close()
    path = tmp_path / first.filename
    assert validate_file(path).ok and all(r.digest_ok for r in scan(path).records)
    data = path.read_bytes()
    end = revisit.offset + revisit.length
    block = gzip.decompress(data[revisit.offset : end])
    tampered = block.replace(b"Set-Cookie: a=1", b"Set-Cookie: a=2")
    assert tampered != block
    path.write_bytes(data[: revisit.offset] + gzip.compress(tampered) + data[end:])
    report = validate_file(path)
    assert [(p.offset, p.message.split(":")[0]) for p in report.errors] == [
        (revisit.offset, "block digest failed")
    ]
    assert [r.offset for r in scan(path).records if not r.digest_ok] == [revisit.offset]
