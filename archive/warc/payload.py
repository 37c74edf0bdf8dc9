"""A record's payload as a reader sees it: de-chunked and content-decoded, streamed and capped.

Every encoding a crawl accepts is decoded here: ``gzip`` (and ``x-gzip``), ``deflate`` (zlib
or raw), ``br`` (brotli) and ``zstd``, also stacked (``Content-Encoding: gzip, br``). The
output is capped: a 1 MB gzip bomb that inflates to gigabytes costs ``cap`` bytes of memory
and is reported ``truncated``, never a MemoryError. A payload that cannot be decoded is a
``PayloadError`` (the raw bytes stay in the WARC file; nothing is lost), never anything else.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

import brotli

try:  # Python 3.14 has it in the standard library; Scrapy brings the backport before
    from compression import zstd  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the Python version
    from backports import zstd

CHUNK = 64 * 1024
_SLICE = 4096  # input a frame decoder is given at once
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


class _Frames:
    """A stream of frames (gzip members, zstd frames), each decoded by a fresh object, its
    output limited to what is still room for under the cap, so a bomb never inflates past
    it. What follows a frame's end is the next frame when it starts like one (RFC 1952 and
    RFC 8878 allow several); anything else — zero padding, trailing garbage — is ignored, as
    gzip(1) does, and never piled up in the finished object's ``unused_data`` (each chunk
    fed to a finished object copies all that came before it)."""

    HEAD = 2  # the bytes that tell whether another frame follows

    def __init__(self) -> None:
        self.obj = self._new()
        self.rest = b""  # after a frame's end: the first bytes of what follows, until HEAD
        self.done = False  # what followed the last frame was no frame: ignored

    def _new(self) -> Any:
        raise NotImplementedError

    def _starts_frame(self, head: bytes) -> bool:
        return False

    def _decompress(self, data: bytes | memoryview, limit: int) -> bytes:
        return bytes(self.obj.decompress(data, limit))

    def feed(self, data: bytes, room: int) -> bytes:
        out = bytearray()
        view = memoryview(data)
        # in slices: at a frame's end the decompressor copies what is left of its input,
        # which must stay small when a body is a million one-byte members
        for start in range(0, len(view), _SLICE):
            piece: bytes | memoryview = view[start : start + _SLICE]
            while piece and not self.done:
                if self.obj.eof:
                    head, self.rest = self.rest + bytes(piece), b""
                    if len(head) < self.HEAD:
                        self.rest = head
                        break
                    if not self._starts_frame(head):
                        self.done = True
                        break
                    self.obj, piece = self._new(), head
                out += self._decompress(piece, room + 1 - len(out))  # never 0: no limit
                if len(out) > room:
                    return bytes(out)
                piece = self.obj.unused_data if self.obj.eof else b""
        return bytes(out)


class _Zlib(_Frames):
    """gzip (wbits 31): members one after another; or deflate (wbits 15): one zlib stream,
    or raw deflate as some servers send, which its first two bytes tell."""

    def __init__(self, wbits: int) -> None:
        self.wbits = wbits
        super().__init__()
        self.head: bytes | None = b"" if wbits == zlib.MAX_WBITS else None

    def _new(self) -> Any:
        return zlib.decompressobj(self.wbits)

    def _starts_frame(self, head: bytes) -> bool:
        return self.wbits == 31 and head.startswith(b"\x1f\x8b")

    def feed(self, data: bytes, room: int) -> bytes:
        if self.head is not None:
            data = self.head + data
            if len(data) < 2:  # a zlib header is two bytes: not known yet
                self.head = data
                return b""
            self.head = None
            if not _zlib_header(data):  # "deflate" that is really raw deflate
                self.wbits = -zlib.MAX_WBITS
                self.obj = self._new()
        return super().feed(data, room)


def _zlib_header(head: bytes) -> bool:
    """Whether a stream starts with a zlib header (RFC 1950): deflate, a window of at most
    32 KB, and the check that makes the two bytes a multiple of 31."""
    return head[0] & 0x0F == 8 and head[0] >> 4 <= 7 and (head[0] << 8 | head[1]) % 31 == 0


class _Brotli:
    def __init__(self) -> None:
        self.obj = brotli.Decompressor()

    def feed(self, data: bytes, room: int) -> bytes:
        return bytes(self.obj.process(data, output_buffer_limit=room + 1))


_ZSTD_FRAME = b"\x28\xb5\x2f\xfd"
_ZSTD_SKIPPABLE = re.compile(rb"[\x50-\x5f]\x2a\x4d\x18")


class _Zstd(_Frames):
    HEAD = 4

    def _new(self) -> Any:
        return zstd.ZstdDecompressor()

    def _starts_frame(self, head: bytes) -> bool:
        return head.startswith(_ZSTD_FRAME) or bool(_ZSTD_SKIPPABLE.match(head))

    def _decompress(self, data: bytes | memoryview, limit: int) -> bytes:
        return bytes(self.obj.decompress(data, max_length=limit))


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
