"""Exports: the WARC records of a portal or a job, copied byte for byte, and WACZ packages.

A capture's response (or revisit) record is copied with the request record that follows
it; a revisit brings along the record it refers to, so that the export replays on its own.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from archive.capture.dedup import original_of
from archive.config import ArchiveConfig
from archive.db.models import Capture
from archive.errors import InputError, VnarchiveError
from archive.warc.reader import locate


def _with_originals(session: Session, captures: Iterable[Capture]) -> list[Capture]:
    chosen: dict[int, Capture] = {}
    for capture in captures:
        chosen[capture.id] = capture
        original = original_of(session, capture)
        chosen[original.id] = original
    return sorted(chosen.values(), key=lambda c: (c.warc_filename, c.warc_offset))


def _member_at(fh: BinaryIO, offset: int) -> tuple[bytes, bytes]:
    """The raw bytes of the gzip member at ``offset`` and the start of what it holds."""
    fh.seek(offset)
    decomp = zlib.decompressobj(31)
    raw = bytearray()
    head = b""
    while not decomp.eof:
        chunk = fh.read(65536)
        if not chunk:
            return b"", b""
        raw += chunk
        out = decomp.decompress(chunk)
        if len(head) < 512:
            head += out[: 512 - len(head)]
    return bytes(raw[: len(raw) - len(decomp.unused_data)]), head


def copy_records(
    config: ArchiveConfig, session: Session, captures: Iterable[Capture], out_path: Path
) -> int:
    """Write the captures' records, each with the request record after it, to ``out_path``."""
    count = 0
    with out_path.open("wb") as out:
        for capture in _with_originals(session, captures):
            with locate(config.warc_dir, capture.warc_filename).open("rb") as fh:
                fh.seek(capture.warc_offset)
                out.write(fh.read(capture.warc_length))
                request, head = _member_at(fh, capture.warc_offset + capture.warc_length)
                if b"WARC-Type: request" in head:
                    out.write(request)
            count += 1
    return count


def export_wacz(
    config: ArchiveConfig, session: Session, captures: list[Capture], output: Path, title: str
) -> int:
    """Package the captures as a WACZ file with the ``wacz`` package; return records."""
    if not captures:
        raise InputError("nothing to export: no captures match")
    try:
        import wacz  # type: ignore[import-untyped]  # noqa: F401
    except ImportError as exc:
        raise VnarchiveError(
            "WACZ export needs the wacz package: pip install 'vnarchive[wacz]'"
        ) from exc
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "export.warc.gz"
        count = copy_records(config, session, captures, warc)
        argv = [
            sys.executable,
            "-m",
            "wacz",
            "create",
            "-o",
            str(output),
            "-d",
            "--title",
            title,
            str(warc),
        ]
        proc = subprocess.run(argv, capture_output=True, text=True)
        if proc.returncode != 0 or not output.exists():
            detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["failed"]
            raise VnarchiveError(f"wacz create failed: {detail[0]}")
    return count
