"""Writes WARC files: IIPC-style names, ``.open`` while written, warcinfo first, rotation.

A response is written as a ``response`` record, or as a ``revisit`` record when the archive
already holds its payload (profile ``identical-payload-digest``) or the server answered 304
(profile ``server-not-modified``); its request record follows it, linked by
``WARC-Concurrent-To``. Every record names its file's ``warcinfo`` (``WARC-Warcinfo-ID``); an
identical-payload-digest revisit says its payload is left out (``WARC-Truncated: length``,
as Heritrix writes it). The ``.open`` file is locked (``flock``) while a writer holds it, so
that ``vnarchive verify --repair`` can tell a live file from one a killed crawl left behind.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import io
import os
import re
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote

from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from archive.urlkey import URL_SAFE
from archive.warc.exchange import HttpExchange

OPEN_SUFFIX = ".open"
IDENTICAL_PAYLOAD = "identical-payload-digest"
NOT_MODIFIED = "server-not-modified"


# header lines renamed in a recorded head: the body is stored de-chunked, so a reader must
# not de-chunk it again (what pywb, warcio and cdxj-indexer expect of a response record)
_TRANSFER_ENCODING = re.compile(rb"(?im)^transfer-encoding(?=[ \t]*:)")
# header lines never written to a WARC: the crawl's own secrets
_SECRET = re.compile(rb"(?im)^proxy-authorization[ \t]*:[^\n]*\n")


# a redirect's target in raw UTF-8 ("Location: /tin-tức/…"): replay tools read header values
# as text and drop what latin-1 cannot encode (pywb does), so the redirect would be lost
_URL_HEADER = re.compile(rb"(?im)^((?:content-)?location)([ \t]*:[ \t]*)([^\r\n]*)(\r?\n)")


def _ascii_url(match: re.Match[bytes]) -> bytes:
    name, colon, value, eol = match.groups()
    if value.isascii():
        return match.group(0)
    escaped = quote(value, safe=URL_SAFE).encode("ascii")  # the UTF-8 bytes, %-escaped
    return name + colon + escaped + eol + b"X-Archive-Orig-" + name + colon + value + eol


def archived_head(raw: bytes) -> bytes:
    """A response head as received, with two changes a replay needs: ``Transfer-Encoding``
    renamed ``X-Archive-Orig-Transfer-Encoding`` (the body is stored de-chunked), and a
    ``Location`` or ``Content-Location`` holding non-ASCII bytes percent-encoded, its value
    as received kept beside it as ``X-Archive-Orig-Location``. Every other byte as it
    came."""
    head = _TRANSFER_ENCODING.sub(b"X-Archive-Orig-Transfer-Encoding", raw)
    return _URL_HEADER.sub(_ascii_url, head)


def without_secrets(raw: bytes) -> bytes:
    """A request head as sent, without a ``Proxy-Authorization`` line."""
    return _SECRET.sub(b"", raw)


class WireHead(StatusAndHeaders):
    """Parsed headers (what warcio reads for the record's fields) written as the exact
    bytes that crossed the wire: warcio would rebuild them from the parsed form, with
    header names re-cased and non-ASCII values percent-encoded."""

    def __init__(self, parsed: StatusAndHeaders, raw: bytes) -> None:
        super().__init__(parsed.statusline, parsed.headers, protocol=parsed.protocol)
        self.raw = raw

    def compute_headers_buffer(self, header_filter: object = None) -> None:
        self.headers_buff = self.raw


def payload_digest(body: bytes) -> str:
    """``sha1:<base32>``, as in ``WARC-Payload-Digest``."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def warc_date(dt: datetime, version: str = "1.1") -> str:
    return datetime_to_iso_date(
        dt.astimezone(UTC).replace(tzinfo=None), use_micros=version >= "1.1"
    )


def profile_uri(profile: str, version: str) -> str:
    return f"http://netpreserve.org/warc/{version}/revisit/{profile}"


@dataclass(frozen=True)
class RevisitOf:
    """The earlier record a revisit refers to."""

    profile: str  # IDENTICAL_PAYLOAD or NOT_MODIFIED
    target_uri: str
    date: datetime
    record_id: str
    payload_digest: str


@dataclass(frozen=True)
class RecordLocation:
    """Where a record landed: the closed file name, its offset and length (compressed)."""

    filename: str
    offset: int
    length: int
    record_id: str
    record_type: str
    payload_digest: str | None
    payload_length: int


class WarcFileWriter:
    """Appends request/response records to rotating ``*.warc.gz`` files in one folder."""

    def __init__(
        self,
        directory: Path,
        *,
        prefix: str = "vnarchive",
        max_size: int = 1_000_000_000,
        warc_version: str = "1.1",
        info: dict[str, Any] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.prefix = prefix
        self.max_size = max_size
        self.warc_version = warc_version
        self.info = dict(info or {})
        self.hostname = socket.gethostname().split(".")[0] or "localhost"
        self._fh: BinaryIO | None = None
        self._name: str | None = None
        self._writer: WARCWriter | None = None
        self._warcinfo_id: str | None = None
        self._serial = 0
        self.bytes_written = 0
        self.files_closed: list[str] = []

    # -- files ---------------------------------------------------------------------------
    def _next_name(self) -> str:
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        while True:
            self._serial += 1
            name = f"{self.prefix}-{stamp}-{self._serial:05d}-{self.hostname}.warc.gz"
            taken = (self.directory / name, self.directory / (name + OPEN_SUFFIX))
            if not any(path.exists() for path in taken):
                return name

    def _open(self) -> WARCWriter:
        if self._writer is not None:
            return self._writer
        self.directory.mkdir(parents=True, exist_ok=True)
        self._name = self._next_name()
        self._fh = open(self.directory / (self._name + OPEN_SUFFIX), "xb")  # noqa: SIM115
        fcntl.flock(self._fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._writer = WARCWriter(self._fh, gzip=True, warc_version=self.warc_version)
        info = {
            "software": "vnarchive",
            "format": f"WARC File Format {self.warc_version}",
            "conformsTo": f"https://iipc.github.io/warc-specifications/specifications/"
            f"warc-format/warc-{self.warc_version}/",
            "hostname": self.hostname,
        }
        info.update(self.info)
        warcinfo = self._writer.create_warcinfo_record(self._name, info)
        self._warcinfo_id = warcinfo.rec_headers.get_header("WARC-Record-ID")
        self._write(warcinfo)
        return self._writer

    def close(self) -> None:
        """Close the current file and drop its ``.open`` suffix."""
        if self._fh is None or self._name is None:
            return
        self._fh.flush()
        os.fsync(self._fh.fileno())
        os.replace(self.directory / (self._name + OPEN_SUFFIX), self.directory / self._name)
        self._fh.close()  # releases the lock after the rename
        self.files_closed.append(self._name)
        self._fh = self._writer = self._name = self._warcinfo_id = None

    # -- records -------------------------------------------------------------------------
    def _write(self, record: ArcWarcRecord) -> tuple[int, int]:
        assert self._writer is not None and self._fh is not None
        offset = self._fh.tell()
        self._writer.write_record(record)
        self._fh.flush()
        length = self._fh.tell() - offset
        self.bytes_written += length
        return offset, length

    def write_exchange(
        self, exchange: HttpExchange, revisit: RevisitOf | None = None
    ) -> RecordLocation:
        """Write the response (or revisit) record, then its request record."""
        writer = self._open()
        assert self._name is not None
        if revisit is None:
            response = self._response_record(writer, exchange)
        else:
            response = self._revisit_record(writer, exchange, revisit)
        request = self._request_record(writer, exchange, response)
        offset, length = self._write(response)
        self._write(request)
        location = RecordLocation(
            filename=self._name,
            offset=offset,
            length=length,
            record_id=response.rec_headers.get_header("WARC-Record-ID"),
            record_type=response.rec_type,
            payload_digest=response.rec_headers.get_header("WARC-Payload-Digest"),
            payload_length=len(exchange.body) if revisit is None else 0,
        )
        if self._fh is not None and self._fh.tell() >= self.max_size:
            self.close()
        return location

    def _warc_headers(self, ex: HttpExchange) -> dict[str, str]:
        headers = {"WARC-Date": warc_date(ex.fetched_at, self.warc_version)}
        if self._warcinfo_id:
            headers["WARC-Warcinfo-ID"] = self._warcinfo_id
        if ex.ip_address:
            headers["WARC-IP-Address"] = ex.ip_address
        return headers

    def _http_headers(self, ex: HttpExchange) -> StatusAndHeaders:
        parsed = StatusAndHeaders(
            ex.status_line, ex.archived_response_headers(), protocol=ex.protocol
        )
        if ex.raw_response_head is None:
            return parsed
        return WireHead(parsed, archived_head(ex.raw_response_head))

    def _response_record(self, writer: WARCWriter, ex: HttpExchange) -> ArcWarcRecord:
        return writer.create_warc_record(
            ex.url,
            "response",
            payload=io.BytesIO(ex.body),
            length=len(ex.body),
            http_headers=self._http_headers(ex),
            warc_headers_dict=self._warc_headers(ex),
        )

    def _revisit_record(self, writer: WARCWriter, ex: HttpExchange, of: RevisitOf) -> ArcWarcRecord:
        record = writer.create_revisit_record(
            ex.url,
            digest=of.payload_digest,
            refers_to_uri=of.target_uri,
            refers_to_date=warc_date(of.date, self.warc_version),
            http_headers=self._http_headers(ex),
            warc_headers_dict=self._warc_headers(ex),
        )
        record.rec_headers.replace_header(
            "WARC-Profile", profile_uri(of.profile, self.warc_version)
        )
        record.rec_headers.add_header("WARC-Refers-To", of.record_id)
        if of.profile == IDENTICAL_PAYLOAD:  # WARC 1.1 6.7.2: the payload is not repeated
            record.rec_headers.add_header("WARC-Truncated", "length")
        return record

    def _request_record(
        self, writer: WARCWriter, ex: HttpExchange, response: ArcWarcRecord
    ) -> ArcWarcRecord:
        http_headers = StatusAndHeaders(
            f"{ex.method} {ex.request_target} {ex.request_protocol}",
            ex.archived_request_headers(),
            is_http_request=True,
        )
        if ex.raw_request_head is not None:
            http_headers = WireHead(http_headers, without_secrets(ex.raw_request_head))
        warc_headers = {
            "WARC-Date": response.rec_headers.get_header("WARC-Date"),
            "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
        }
        if self._warcinfo_id:
            warc_headers["WARC-Warcinfo-ID"] = self._warcinfo_id
        return writer.create_warc_record(
            ex.url,
            "request",
            payload=io.BytesIO(ex.request_body),
            length=len(ex.request_body),
            http_headers=http_headers,
            warc_headers_dict=warc_headers,
        )
