"""Exports: the WARC records of a portal or a job, copied byte for byte, and WACZ packages.

A capture's response (or revisit) record is copied with the request record that follows
it; a revisit brings along the record it refers to, so that the export replays on its own.
The ``warcinfo`` record of every file a record comes from is copied first, so that each
record's ``WARC-Warcinfo-ID`` is found in the export. A WACZ lists every HTML page it holds
in ``pages/pages.jsonl`` (every 200 capture of an HTML page, revisits included), written
from the database rather than guessed by ``wacz --detect-pages``.
"""

from __future__ import annotations

import json
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
from archive.db.models import Capture, Document
from archive.errors import InputError, VnarchiveError
from archive.warc.stores import WarcStores


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


def _warcinfo_of(path: Path) -> bytes:
    """The raw first record of a WARC file if it is a warcinfo record, else nothing."""
    with path.open("rb") as fh:
        member, head = _member_at(fh, 0)
    return member if b"WARC-Type: warcinfo" in head else b""


def copy_records(
    config: ArchiveConfig, session: Session, captures: Iterable[Capture], out_path: Path
) -> int:
    """Write the captures' records, each with the request record after it, to ``out_path``,
    after the warcinfo records of the files they come from."""
    count = 0
    chosen = _with_originals(session, captures)
    stores = WarcStores.of(config)
    with out_path.open("wb") as out:
        for store, name in dict.fromkeys((c.warc_store, c.warc_filename) for c in chosen):
            out.write(_warcinfo_of(stores.locate(store, name)))
        for capture in chosen:
            with stores.locate(capture.warc_store, capture.warc_filename).open("rb") as fh:
                fh.seek(capture.warc_offset)
                out.write(fh.read(capture.warc_length))
                request, head = _member_at(fh, capture.warc_offset + capture.warc_length)
                if b"WARC-Type: request" in head:
                    out.write(request)
            count += 1
    return count


HTML = ("text/html", "application/xhtml")


def pages_jsonl(session: Session, captures: Iterable[Capture], title: str) -> str:
    """``pages/pages.jsonl``: the header line, then each HTML page (status 200) once per
    capture time, titled by its document when it has one."""
    lines = [json.dumps({"format": "json-pages-1.0", "id": "pages", "title": title})]
    seen: set[tuple[str, str]] = set()
    for capture in sorted(captures, key=lambda c: (c.captured_at, c.id)):
        original = original_of(session, capture)
        if capture.status != 200 or not (original.mime or "").startswith(HTML):
            continue
        ts = capture.captured_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        if (capture.url, ts) in seen:
            continue
        seen.add((capture.url, ts))
        document_id = capture.document_id or original.document_id
        document = session.get(Document, document_id) if document_id else None
        page = {"id": f"{capture.id:032x}", "url": capture.url, "ts": ts}
        page["title"] = (document.title if document else None) or capture.url
        lines.append(json.dumps(page, ensure_ascii=False))
    return "\n".join(lines) + "\n"


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
        pages = Path(tmp) / "pages.jsonl"
        pages.write_text(pages_jsonl(session, captures, title), encoding="utf-8")
        argv = [
            sys.executable,
            "-m",
            "wacz",
            "create",
            "-o",
            str(output),
            "-p",
            str(pages),
            "-c",
            "--title",
            title,
            str(warc),
        ]
        proc = subprocess.run(argv, capture_output=True, text=True)
        if proc.returncode != 0 or not output.exists():
            detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["failed"]
            raise VnarchiveError(f"wacz create failed: {detail[0]}")
    return count
