"""Reads single records back by file name and offset, as the archive's rows locate them.

The payload is decoded here, not by warcio: de-chunked if the record kept the chunks, then
content-decoded (gzip, deflate, br, zstd; ``archive.warc.payload``), streamed and capped, so
that no stored body — a brotli page, a gzip bomb — can exhaust memory or break a reader.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.errors import UndecodablePayload, WarcReadError
from archive.warc.payload import DEFAULT_CAP, PayloadError, dechunk, decoded_chunks, read_chunks
from archive.warc.writer import OPEN_SUFFIX


@dataclass
class StoredRecord:
    rec_type: str
    target_uri: str | None
    status: int | None
    http_headers: list[tuple[str, str]]
    payload: bytes  # content-decoded (gzip/deflate/br/zstd) and de-chunked, at most the cap
    truncated: bool = False  # the decoded payload was longer than the cap

    def header(self, name: str) -> str | None:
        lname = name.lower()
        return next((v for k, v in self.http_headers if k.lower() == lname), None)


def locate(directory: Path, filename: str) -> Path:
    """The file as closed, or still ``.open`` while its crawl runs."""
    for candidate in (directory / filename, directory / (filename + OPEN_SUFFIX)):
        if candidate.is_file():
            return candidate
    raise WarcReadError(f"WARC file {filename} is missing from {directory}")


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    return next((v for k, v in headers if k.lower() == name), None)


def body_chunks(record: Any, headers: list[tuple[str, str]], cap: int) -> Iterator[bytes]:
    """The payload of a record whose HTTP headers were read: de-chunked, decoded, capped."""
    stream: BinaryIO = record.raw_stream
    chunked = "chunked" in (_header(headers, "transfer-encoding") or "").lower()
    raw = dechunk(stream, cap * 4) if chunked else read_chunks(stream)
    return decoded_chunks(raw, _header(headers, "content-encoding"), cap)


@contextlib.contextmanager
def open_record(directory: Path, filename: str, offset: int) -> Iterator[Any]:
    """The warcio record at ``filename:offset``, its HTTP headers read, its body not yet."""
    path = locate(directory, filename)
    try:
        with path.open("rb") as fh:
            fh.seek(offset)
            record = next(iter(ArchiveIterator(fh, no_record_parse=False)), None)
            if record is None:
                raise WarcReadError(f"no WARC record at {filename}:{offset}")
            yield record
    except (OSError, ArchiveLoadFailed, EOFError, ValueError) as exc:
        if isinstance(exc, PayloadError):
            raise UndecodablePayload(
                f"cannot decode the payload at {filename}:{offset}: {exc}"
            ) from exc
        raise WarcReadError(f"cannot read WARC record at {filename}:{offset}: {exc}") from exc


def read_record(
    directory: Path, filename: str, offset: int, cap: int = DEFAULT_CAP
) -> StoredRecord:
    with open_record(directory, filename, offset) as record:
        status = record.http_headers.get_statuscode() if record.http_headers else None
        headers = list(record.http_headers.headers) if record.http_headers else []
        out = bytearray()
        for piece in body_chunks(record, headers, cap):
            out += piece
            if len(out) > cap:
                break
        return StoredRecord(
            rec_type=record.rec_type,
            target_uri=record.rec_headers.get_header("WARC-Target-URI"),
            status=int(status) if status and status.isdigit() else None,
            http_headers=headers,
            payload=bytes(out[:cap]),
            truncated=len(out) > cap,
        )


def read_payload(directory: Path, filename: str, offset: int, cap: int = DEFAULT_CAP) -> bytes:
    return read_record(directory, filename, offset, cap).payload


def stream_payload(
    directory: Path, filename: str, offset: int, cap: int = DEFAULT_CAP
) -> Iterator[bytes]:
    """The decoded payload chunk by chunk (``show --raw``): never whole in memory."""
    with open_record(directory, filename, offset) as record:
        headers = list(record.http_headers.headers) if record.http_headers else []
        sent = 0
        for piece in body_chunks(record, headers, cap):
            piece = piece[: cap - sent]
            sent += len(piece)
            if piece:
                yield piece
            if sent >= cap:
                return
