"""The CDX server: a query answered as a chain of small lazy stages, in pywb's manner.

    load (SURT key range and time range, in the database's order)
      → lines (each capture as CDX fields)
      → filter (filter=…)
      → limit
      → format (cdxj, json, link, text; fl=…)

Every stage is a generator: nothing is read before it is written out, and a query over a
whole domain streams in memory bounded by one batch of rows. ``sort=closest`` reads the
captures of one URL outwards from the moment asked for: the one before and the one after,
whichever is nearer first. SURT prefix queries are range scans of the ``captures.surt``
index (byte order: SQLite's BINARY collation, PostgreSQL's "C").

A line, as ``output=json`` writes it::

    {"urlkey": "test,vn,gov,haiduong)/", "timestamp": "20260101020000",
     "url": "http://haiduong.gov.vn.test/", "mime": "text/html", "status": "200",
     "digest": "sha1:…", "length": "5120", "offset": "812", "filename": "vnarchive-….warc.gz"}
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from archive.db.models import Capture
from archive.query.cdx import cdx_fields
from archive.query.cdx_params import CdxQuery, FieldFilter
from archive.timeutil import to_timestamp14

BATCH = 500
Line = dict[str, str]


def _in_range(stmt: Select[Any], query: CdxQuery) -> Select[Any]:
    first, end = query.key_range()
    stmt = (
        stmt.where(Capture.surt == first)
        if end is None
        else stmt.where(Capture.surt >= first, Capture.surt < end)
    )
    if query.start is not None:
        stmt = stmt.where(Capture.captured_at >= query.start)
    if query.end is not None:  # to the end of its last second (times hold microseconds)
        stmt = stmt.where(Capture.captured_at <= query.end.replace(microsecond=999_999))
    return stmt


def load(session: Session, query: CdxQuery) -> Iterator[Capture]:
    """The captures in the query's key and time range, in key and time order (reversed with
    ``sort=reverse``; nearest first with ``sort=closest``)."""
    if query.sort == "closest" and query.closest is not None:
        yield from _closest(session, query, query.closest)
        return
    order: tuple[Any, ...] = (Capture.surt, Capture.captured_at, Capture.id)
    if query.sort == "reverse":
        order = (Capture.surt.desc(), Capture.captured_at.desc(), Capture.id.desc())
    stmt = _in_range(select(Capture), query).order_by(*order)
    yield from session.scalars(stmt.execution_options(yield_per=BATCH))


def _closest(session: Session, query: CdxQuery, moment: datetime) -> Iterator[Capture]:
    base = _in_range(select(Capture), query)
    before = base.where(Capture.captured_at <= moment).order_by(
        Capture.captured_at.desc(), Capture.id.desc()
    )
    after = base.where(Capture.captured_at > moment).order_by(Capture.captured_at, Capture.id)

    def outwards(stmt: Select[Any], side: int) -> Iterator[tuple[float, int, Capture]]:
        for capture in session.scalars(stmt.execution_options(yield_per=BATCH)):
            yield abs((capture.captured_at - moment).total_seconds()), side, capture

    # each side comes in order of distance: merged lazily, the nearer first (earlier on a tie)
    merged = heapq.merge(outwards(before, 0), outwards(after, 1), key=lambda t: (t[0], t[1]))
    yield from (capture for _, _, capture in merged)


def lines(captures: Iterable[Capture]) -> Iterator[Line]:
    for capture in captures:
        yield {
            "urlkey": capture.surt,
            "timestamp": to_timestamp14(capture.captured_at),
            **cdx_fields(capture),
        }


def filtered(found: Iterable[Line], filters: tuple[FieldFilter, ...]) -> Iterator[Line]:
    """Lines every filter lets through (a field a line lacks is the empty string)."""
    for line in found:
        if all(f.matches(line.get(f.field, "")) for f in filters):
            yield line


def limited(found: Iterable[Line], limit: int | None) -> Iterator[Line]:
    for n, line in enumerate(found):
        if limit is not None and n >= limit:
            return
        yield line


def _kept(line: Line, fields: tuple[str, ...] | None) -> Line:
    return line if fields is None else {f: line[f] for f in fields if f in line}


def formatted(found: Iterable[Line], query: CdxQuery, replay: str = "/web/") -> Iterator[str]:
    """Each line as text, newline-terminated, in the query's output format."""
    for line in found:
        kept = _kept(line, query.fields)
        if query.output == "json":
            yield json.dumps(kept, ensure_ascii=False) + "\n"
        elif query.output == "text":
            yield " ".join(kept.values()) + "\n"
        elif query.output == "link":
            uri = f"{replay}{line['timestamp']}/{line['url']}"
            yield f'<{uri}>; rel="memento"; datetime="{line["timestamp"]}",\n'
        else:
            rest = {k: v for k, v in kept.items() if k not in ("urlkey", "timestamp")}
            yield f"{line['urlkey']} {line['timestamp']} {json.dumps(rest, ensure_ascii=False)}\n"


def cdx_query(session: Session, query: CdxQuery, replay: str = "/web/") -> Iterator[str]:
    """The whole chain: the query's lines, formatted, as they are read."""
    found = filtered(lines(load(session, query)), query.filters)
    return formatted(limited(found, query.limit), query, replay)
