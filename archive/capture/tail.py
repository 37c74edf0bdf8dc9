"""Whether a WARC file's unreadable end is a torn tail: what a killed writer leaves.

A crawl killed while writing leaves at most one incomplete record at the end of its
``.open`` file: a gzip member cut short. Anything else that stops a reader — a record
whose payload will not decode, a corrupt member in the middle, a record a reader does not
like — is not torn, and cutting the file there would destroy every record after it. So
the tail is torn only when no complete gzip member holding a WARC record follows the
break; ``repair`` truncates nothing else.
"""

from __future__ import annotations

import zlib
from pathlib import Path

GZIP_MAGIC = b"\x1f\x8b\x08"
WINDOW = 1 << 20


def _complete_member_at(fh, offset: int) -> bool:  # type: ignore[no-untyped-def]
    """Whether a whole gzip member starting at ``offset`` holds a WARC record header."""
    fh.seek(offset)
    decomp = zlib.decompressobj(31)
    head = b""
    try:
        while not decomp.eof:
            chunk = fh.read(WINDOW)
            if not chunk:
                return False  # cut short: the torn member itself
            out = decomp.decompress(chunk, 1 << 16)
            while decomp.unconsumed_tail and not decomp.eof:  # discard, bounded memory
                if len(head) < 16:
                    head += out[: 16 - len(head)]
                out = decomp.decompress(decomp.unconsumed_tail, 1 << 16)
            if len(head) < 16:
                head += out[: 16 - len(head)]
    except zlib.error:
        return False
    return head.startswith(b"WARC/")


def complete_records_after(path: Path, offset: int) -> int | None:
    """The offset of the first complete WARC record after ``offset`` (gzip members are
    searched byte by byte), or ``None`` when nothing complete follows: a torn tail."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        position = offset + 1
        while position < size:
            fh.seek(position)
            window = fh.read(WINDOW + len(GZIP_MAGIC))
            found = window.find(GZIP_MAGIC)
            if found < 0:
                position += WINDOW
                continue
            candidate = position + found
            if _complete_member_at(fh, candidate):
                return candidate
            position = candidate + 1
    return None
