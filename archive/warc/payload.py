"""A record's payload as a reader sees it: de-chunked and content-decoded, streamed and capped.

Every encoding a crawl accepts is decoded here: ``gzip`` (and ``x-gzip``), ``deflate`` (zlib
or raw), ``br`` (brotli) and ``zstd``, also stacked (``Content-Encoding: gzip, br``). The
output is capped: a 1 MB gzip bomb that inflates to gigabytes costs ``cap`` bytes of memory
and is reported ``truncated``, never a MemoryError. A payload that cannot be decoded is a
``PayloadError`` (the raw bytes stay in the WARC file; nothing is lost), never anything else.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, Protocol

import brotli

try:  # Python 3.14 has it in the standard library; Scrapy brings the backport before
    from compression import zstd  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the Python version
    from backports import zstd

CHUNK = 64 * 1024
DEFAULT_CAP = 64 * 1024 * 1024  # as much as a crawl downloads of one body
ENCODINGS = ("gzip", "x-gzip", "deflate", "br", "zstd", "identity")


class PayloadError(ValueError):
    """The payload's bytes do not decode as its headers say."""


@dataclass(frozen=True)
class Payload:
    data: bytes
    truncated: bool  # the decoded payload was longer than the cap


class _Decoder(Protocol):
    def feed(self, data: bytes, room: int) -> bytes: ...


class _Zlib:
    """gzip (wbits 31) or deflate; output limited to what is still room for under the cap,
    so a bomb never inflates past it."""

    def __init__(self, wbits: int) -> None:
        self.wbits = wbits
        self.obj = zlib.decompressobj(wbits)
        self.first = True

    def feed(self, data: bytes, room: int) -> bytes:
        if self.first and self.wbits == zlib.MAX_WBITS:
            self.first = False
            try:
                return self._take(data, room)
            except zlib.error:  # "deflate" that is really raw deflate, as some servers send
                self.obj = zlib.decompressobj(-zlib.MAX_WBITS)
        return self._take(data, room)

    def _take(self, data: bytes, room: int) -> bytes:
        out = self.obj.decompress(data, room + 1)
        if self.obj.eof and self.obj.unused_data and self.wbits == 31 and len(out) <= room:
            # concatenated gzip members (RFC 1952 allows them): decode the next one too
            rest = self.obj.unused_data
            self.obj = zlib.decompressobj(31)
            out += self._take(rest, room - len(out))
        return out


class _Brotli:
    def __init__(self) -> None:
        self.obj = brotli.Decompressor()

    def feed(self, data: bytes, room: int) -> bytes:
        return bytes(self.obj.process(data, output_buffer_limit=room + 1))


class _Zstd:
    def __init__(self) -> None:
        self.obj = zstd.ZstdDecompressor()

    def feed(self, data: bytes, room: int) -> bytes:
        if self.obj.eof:
            return b""
        return bytes(self.obj.decompress(data, max_length=room + 1))


def _decoder(encoding: str) -> _Decoder | None:
    if encoding in ("gzip", "x-gzip"):
        return _Zlib(31)
    if encoding == "deflate":
        return _Zlib(zlib.MAX_WBITS)
    if encoding == "br":
        return _Brotli()
    if encoding == "zstd":
        return _Zstd()
    if encoding in ("identity", ""):
        return None
    raise PayloadError(f"unknown content encoding {encoding!r}")


def encodings_of(header: str | None) -> list[str]:
    """``Content-Encoding: gzip, br`` → ``["gzip", "br"]`` (applied in that order)."""
    return [e.strip().lower() for e in (header or "").split(",") if e.strip()]


def _stage(chunks: Iterable[bytes], decoder: _Decoder, cap: int) -> Iterator[bytes]:
    produced = 0
    for chunk in chunks:
        try:
            out = decoder.feed(chunk, cap - produced)
        except (zlib.error, brotli.error, zstd.ZstdError, EOFError) as exc:
            raise PayloadError(f"{type(exc).__name__}: {exc}") from None
        produced += len(out)
        if out:
            yield out
        if produced > cap:
            return


def decoded_chunks(
    chunks: Iterable[bytes], content_encoding: str | None, cap: int = DEFAULT_CAP
) -> Iterator[bytes]:
    """The decoded payload, chunk by chunk; stops a little past ``cap`` bytes."""
    stream: Iterable[bytes] = chunks
    for encoding in reversed(encodings_of(content_encoding)):  # the last applied goes first
        decoder = _decoder(encoding)
        if decoder is not None:
            stream = _stage(stream, decoder, cap)
    yield from stream


def read_chunks(fh: BinaryIO, size: int = CHUNK) -> Iterator[bytes]:
    while chunk := fh.read(size):
        yield chunk


def decode(raw: bytes | BinaryIO, content_encoding: str | None, cap: int = DEFAULT_CAP) -> Payload:
    """The whole decoded payload, at most ``cap`` bytes of it."""
    chunks = [raw] if isinstance(raw, bytes) else read_chunks(raw)
    out = bytearray()
    for piece in decoded_chunks(chunks, content_encoding, cap):
        out += piece
        if len(out) > cap:
            return Payload(bytes(out[:cap]), True)
    return Payload(bytes(out), False)


def dechunk(fh: BinaryIO, cap: int = DEFAULT_CAP) -> Iterator[bytes]:
    """An HTTP/1.1 chunked body, de-chunked (a foreign WARC may store it so)."""
    total = 0
    while True:
        line = fh.readline(1024)
        if not line:
            return
        size_text = line.split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise PayloadError(f"malformed chunk size {size_text[:20]!r}") from None
        if size == 0:
            return
        remaining = size
        while remaining:
            piece = fh.read(min(remaining, CHUNK))
            if not piece:
                return
            remaining -= len(piece)
            total += len(piece)
            yield piece
            if total > cap:
                return
        fh.readline(16)  # the CRLF after the chunk
