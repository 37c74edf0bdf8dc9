"""Writes WARC files: IIPC-style names, ``.open`` while written, warcinfo first, rotation."""

from __future__ import annotations

import io
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from archive.warc.exchange import HttpExchange

OPEN_SUFFIX = ".open"


@dataclass(frozen=True)
class RecordLocation:
    """Where a record landed: the closed file name, its offset and length (compressed)."""

    filename: str
    offset: int
    length: int
    record_id: str
    payload_digest: str | None
    payload_length: int


def _warc_date(dt: datetime, version: str) -> str:
    return datetime_to_iso_date(
        dt.astimezone(UTC).replace(tzinfo=None), use_micros=version >= "1.1"
    )


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
        self._serial = 0
        self.bytes_written = 0
        self.files_closed: list[str] = []

    # -- files ---------------------------------------------------------------------------
    def _next_name(self) -> str:
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        while True:
            self._serial += 1
            name = f"{self.prefix}-{stamp}-{self._serial:05d}-{self.hostname}.warc.gz"
            if (
                not (self.directory / name).exists()
                and not (self.directory / (name + OPEN_SUFFIX)).exists()
            ):
                return name

    def _open(self) -> WARCWriter:
        if self._writer is not None:
            return self._writer
        self.directory.mkdir(parents=True, exist_ok=True)
        self._name = self._next_name()
        self._fh = open(self.directory / (self._name + OPEN_SUFFIX), "xb")  # noqa: SIM115
        self._writer = WARCWriter(self._fh, gzip=True, warc_version=self.warc_version)
        info = {"software": "vnarchive", "format": f"WARC File Format {self.warc_version}"}
        info.update(self.info)
        self._write(self._writer.create_warcinfo_record(self._name, info))
        return self._writer

    def close(self) -> None:
        """Close the current file and drop its ``.open`` suffix."""
        if self._fh is None or self._name is None:
            return
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self.directory / (self._name + OPEN_SUFFIX), self.directory / self._name)
        self.files_closed.append(self._name)
        self._fh = self._writer = self._name = None

    # -- records -------------------------------------------------------------------------
    def _write(self, record: ArcWarcRecord) -> tuple[int, int]:
        assert self._writer is not None and self._fh is not None
        offset = self._fh.tell()
        self._writer.write_record(record)
        self._fh.flush()
        length = self._fh.tell() - offset
        self.bytes_written += length
        return offset, length

    def write_exchange(self, exchange: HttpExchange) -> RecordLocation:
        """Write the response record, then its request record; return the response's place."""
        writer = self._open()
        assert self._name is not None
        response = self._response_record(writer, exchange)
        request = self._request_record(writer, exchange, response)
        offset, length = self._write(response)
        self._write(request)
        location = RecordLocation(
            filename=self._name,
            offset=offset,
            length=length,
            record_id=response.rec_headers.get_header("WARC-Record-ID"),
            payload_digest=response.rec_headers.get_header("WARC-Payload-Digest"),
            payload_length=len(exchange.body),
        )
        if self._fh is not None and self._fh.tell() >= self.max_size:
            self.close()
        return location

    def _response_record(self, writer: WARCWriter, ex: HttpExchange) -> ArcWarcRecord:
        http_headers = StatusAndHeaders(
            ex.status_line, ex.archived_response_headers(), protocol=ex.protocol
        )
        warc_headers = {"WARC-Date": _warc_date(ex.fetched_at, self.warc_version)}
        if ex.ip_address:
            warc_headers["WARC-IP-Address"] = ex.ip_address
        return writer.create_warc_record(
            ex.url,
            "response",
            payload=io.BytesIO(ex.body),
            length=len(ex.body),
            http_headers=http_headers,
            warc_headers_dict=warc_headers,
        )

    def _request_record(
        self, writer: WARCWriter, ex: HttpExchange, response: ArcWarcRecord
    ) -> ArcWarcRecord:
        http_headers = StatusAndHeaders(
            f"{ex.method} {ex.request_target}",
            ex.archived_request_headers(),
            protocol=ex.protocol,
            is_http_request=True,
        )
        warc_headers = {
            "WARC-Date": response.rec_headers.get_header("WARC-Date"),
            "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
        }
        return writer.create_warc_record(
            ex.url,
            "request",
            payload=io.BytesIO(ex.request_body),
            length=len(ex.request_body),
            http_headers=http_headers,
            warc_headers_dict=warc_headers,
        )
