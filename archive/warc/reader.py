"""Reads single records back by file name and offset, as the archive's rows locate them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.errors import WarcReadError
from archive.warc.writer import OPEN_SUFFIX


@dataclass
class StoredRecord:
    rec_type: str
    target_uri: str | None
    status: int | None
    http_headers: list[tuple[str, str]]
    payload: bytes  # content-decoded (gzip/deflate/br) and de-chunked


def locate(directory: Path, filename: str) -> Path:
    """The file as closed, or still ``.open`` while its crawl runs."""
    for candidate in (directory / filename, directory / (filename + OPEN_SUFFIX)):
        if candidate.is_file():
            return candidate
    raise WarcReadError(f"WARC file {filename} is missing from {directory}")


def read_record(directory: Path, filename: str, offset: int) -> StoredRecord:
    path = locate(directory, filename)
    try:
        with path.open("rb") as fh:
            fh.seek(offset)
            record = next(iter(ArchiveIterator(fh)), None)
            if record is None:
                raise WarcReadError(f"no WARC record at {filename}:{offset}")
            status = record.http_headers.get_statuscode() if record.http_headers else None
            headers = record.http_headers.headers if record.http_headers else []
            return StoredRecord(
                rec_type=record.rec_type,
                target_uri=record.rec_headers.get_header("WARC-Target-URI"),
                status=int(status) if status and status.isdigit() else None,
                http_headers=list(headers),
                payload=record.content_stream().read(),
            )
    except (OSError, ArchiveLoadFailed, EOFError, ValueError) as exc:
        raise WarcReadError(f"cannot read WARC record at {filename}:{offset}: {exc}") from exc


def read_payload(directory: Path, filename: str, offset: int) -> bytes:
    return read_record(directory, filename, offset).payload
