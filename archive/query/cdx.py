"""CDXJ index lines from the archive's rows, as pywb and cdxj-indexer write them.

    org,haiduong,kinhmon)/tin-tuc/1.html 20240301030000 {"url": "...", "mime": "text/html",
        "status": "200", "digest": "sha1:...", "length": "5120", "offset": "812",
        "filename": "vnarchive-....warc.gz"}

A revisit has mime ``warc/revisit``. Lines are sorted by key and timestamp, as pywb expects.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.db.models import Capture
from archive.timeutil import to_timestamp14


def cdx_fields(capture: Capture) -> dict[str, str]:
    """The JSON fields of a capture's CDXJ line (the CDX server's lines share them)."""
    fields = {
        "url": capture.url,
        "mime": "warc/revisit" if capture.record_type == "revisit" else capture.mime or "unk",
        "status": str(capture.status),
        "digest": capture.payload_digest or "-",
        "length": str(capture.warc_length),
        "offset": str(capture.warc_offset),
        "filename": capture.warc_filename,
    }
    if capture.redirect_to:
        fields["redirect"] = capture.redirect_to
    return fields


def cdxj_line(capture: Capture) -> str:
    fields = cdx_fields(capture)
    return f"{capture.surt} {to_timestamp14(capture.captured_at)} {json.dumps(fields)}"


def captures_for(
    session: Session, *, host: str | None = None, job_id: int | None = None
) -> Iterator[Capture]:
    stmt = select(Capture).order_by(Capture.surt, Capture.captured_at, Capture.id)
    if host:
        stmt = stmt.where(Capture.host == host.lower())
    if job_id is not None:
        stmt = stmt.where(Capture.job_id == job_id)
    yield from session.scalars(stmt.execution_options(yield_per=1000))


def cdxj_lines(captures: Iterable[Capture]) -> Iterator[str]:
    """Sorted as bytes, like ``LC_ALL=C sort``: what pywb's binary search needs.

    The captures come ordered by SURT key and time, which the database compares byte by
    byte (SQLite's BINARY collation, PostgreSQL's "C"), so the lines are already in order
    but for captures of one URL in the same second: only those are sorted here. Streamed,
    in memory bounded by one such group, whatever the archive's size.
    """
    group: list[str] = []
    group_key = ""
    for capture in captures:
        line = cdxj_line(capture)
        key = line[: line.index(" {")]  # "surt timestamp"
        if key != group_key and group:
            yield from sorted(group, key=lambda text: text.encode("utf-8"))
            group = []
        group_key = key
        group.append(line)
    yield from sorted(group, key=lambda text: text.encode("utf-8"))
