"""Crawl jobs for operators: the list, a job with live progress, and its log, followed live.

A running crawl's ``CrawlJob`` row is what the app reads (its pages, stats and errors, as
the crawl updates them); ``/jobs/<id>/events`` sends it as server-sent events every poll
interval while the job runs (``event: job``), then ``event: end``. The log page shows the
last lines of ``data/logs/job-<id>.log`` filtered by level and text, and
``/jobs/<id>/log/events`` sends the lines written after them.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from archive.db.jobs import ACTIVE, STATUSES
from archive.db.models import CrawlJob
from archive.errors import InputError, JobNotFound
from scheduler.logs import _RECORD as RECORD
from scheduler.logs import LEVELS, filtered, job_log
from vnarchive.web.negotiate import page
from vnarchive.web.shapes import job_progress
from vnarchive.web.state import WebState, state_of

PAGE = 50
TAIL = 1000  # lines the log page shows at most
TAIL_BYTES = 4 << 20  # of the end of the log, read for them


def _job(state: WebState, job_id: int) -> CrawlJob:
    with state.sessions() as session:
        job = session.get(CrawlJob, job_id)
    if job is None:
        raise JobNotFound(job_id)
    return job


def jobs_page(request: Request) -> Response:
    params = request.query_params
    status = params.get("status") or None
    if status is not None and status not in STATUSES:
        raise InputError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    before = params.get("before")
    if before is not None and not before.isdigit():
        raise InputError(f"before must be a job id, not {before!r}")
    portal = params.get("portal") or None
    stmt = select(CrawlJob).order_by(CrawlJob.id.desc()).limit(PAGE + 1)
    if portal:
        stmt = stmt.where(CrawlJob.portal == portal)
    if status:
        stmt = stmt.where(CrawlJob.status == status)
    if before:
        stmt = stmt.where(CrawlJob.id < int(before))
    with state_of(request).sessions() as session:
        found = list(session.scalars(stmt))
    more = len(found) > PAGE
    rows = [job_progress(j) for j in found[:PAGE]]
    data = {
        "jobs": rows,
        "portal": portal,
        "status": status,
        "next": rows[-1]["id"] if more else None,
    }
    return page(request, "jobs.html", data, extra={"statuses": STATUSES})


def job_page(request: Request) -> Response:
    job = _job(state_of(request), request.path_params["job_id"])
    return page(request, "job.html", job_progress(job))


def _sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False, default=str)}\n\n"


async def job_events(request: Request) -> Response:
    state = state_of(request)
    job_id = request.path_params["job_id"]
    await run_in_threadpool(_job, state, job_id)  # 404 before the stream starts

    async def stream() -> AsyncIterator[str]:
        last = None
        while True:
            job = await run_in_threadpool(_job, state, job_id)
            now = job_progress(job)
            shown = {k: v for k, v in now.items() if k not in ("elapsed", "rate")}
            if shown != last:
                yield _sse("job", now)
                last = shown
            if job.status not in ACTIVE:
                yield _sse("end", {"status": job.status})
                return
            if await request.is_disconnected():
                return
            await asyncio.sleep(state.poll_interval)

    return StreamingResponse(stream(), media_type="text/event-stream", headers=_NO_CACHE)


_NO_CACHE = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def _log_options(request: Request) -> tuple[str | None, str | None]:
    level = (request.query_params.get("level") or "").upper() or None
    if level is not None and level not in LEVELS:
        raise InputError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    return level, request.query_params.get("grep") or None


def _tail(path: Path, level: str | None, grep: str | None) -> tuple[list[str], int]:
    """The last matching lines among the last ``TAIL_BYTES`` of the log, and the offset
    just after its last complete line (where following it starts)."""
    size = path.stat().st_size
    start = max(0, size - TAIL_BYTES)
    with path.open("rb") as fh:
        fh.seek(start)
        data = fh.read(size - start)
    end = data.rfind(b"\n") + 1
    text = data[:end].decode("utf-8", errors="replace")
    lines = text.splitlines(keepends=True)[1 if start else 0 :]  # a cut first line: dropped
    return list(deque(filtered(lines, level, grep), maxlen=TAIL)), start + end


def log_page(request: Request) -> Response:
    state = state_of(request)
    job_id = request.path_params["job_id"]
    level, grep = _log_options(request)
    job = _job(state, job_id)
    path = job_log(state.config, state.sessions, job_id)
    lines, end = _tail(path, level, grep)
    data = {
        "job_id": job_id,
        "status": job.status,
        "running": job.status in ACTIVE,
        "level": level,
        "grep": grep,
        "lines": [line.rstrip("\n") for line in lines],
        "end": end,
        "levels": list(LEVELS),
    }
    return page(request, "log.html", data)


async def log_events(request: Request) -> Response:
    """The lines written to the log after byte ``from`` (filtered), as ``event: line``,
    until the job has ended; then ``event: end``."""
    state = state_of(request)
    job_id = request.path_params["job_id"]
    level, grep = _log_options(request)
    start = request.query_params.get("from", "0")
    if not start.isdigit():
        raise InputError(f"from must be a byte offset, not {start!r}")
    path = await run_in_threadpool(job_log, state.config, state.sessions, job_id)

    async def stream() -> AsyncIterator[str]:
        offset, pending, lines = int(start), b"", LogFilter(level, grep)
        while True:
            chunk = await run_in_threadpool(_read_from, path, offset)
            offset += len(chunk)
            pending += chunk
            *complete, pending = pending.split(b"\n")
            for text in lines.feed(c.decode("utf-8", errors="replace") for c in complete):
                yield _sse("line", {"text": text, "offset": offset - len(pending)})
            if not chunk:
                job = await run_in_threadpool(_job, state, job_id)
                if job.status not in ACTIVE:
                    yield _sse("end", {"status": job.status, "offset": offset})
                    return
                if await request.is_disconnected():
                    return
                await asyncio.sleep(state.poll_interval)

    return StreamingResponse(stream(), media_type="text/event-stream", headers=_NO_CACHE)


def _read_from(path: Path, offset: int) -> bytes:
    with path.open("rb") as fh:
        fh.seek(offset)
        return fh.read(1 << 20)


class LogFilter:
    """``scheduler.logs.filtered`` fed a piece at a time: a traceback keeps the level of
    the record it follows, across reads."""

    def __init__(self, level: str | None, grep: str | None) -> None:
        self.floor = LEVELS[level] if level else 0
        self.needle = grep.casefold() if grep else None
        self.current = LEVELS["INFO"]

    def feed(self, lines: Iterable[str]) -> list[str]:
        out = []
        for line in lines:
            m = RECORD.match(line)
            if m:
                self.current = LEVELS.get(m.group(1), self.current)
            if self.current >= self.floor and (
                self.needle is None or self.needle in line.casefold()
            ):
                out.append(line)
        return out
