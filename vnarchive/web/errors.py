"""Errors reach the web as one line with their HTTP status, never as a traceback page.

``InputError`` (bad input: a malformed query, timestamp, date, filter) and the scheduler's
``ScheduleError`` (a cron, interval or window that makes no schedule) → 400;
``NotFoundError`` (no such capture, job, schedule, portal) → 404; other ``VnarchiveError``s
(a WARC file missing, a setting that cannot be used) → 500 with their message; a database
error → 500 naming it in one line; anything else → 500 "internal error" (logged).
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from archive.catalog.errors import UnknownProvince, UnknownUnit
from archive.errors import InputError, NotFoundError, VnarchiveError
from scheduler.errors import ScheduleError
from vnarchive.web.negotiate import message_page

log = logging.getLogger("vnarchive.web")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return message_page(request, exc.status_code, _one_line(exc.detail))


async def archive_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, InputError | ScheduleError | UnknownProvince | UnknownUnit):
        status = 400
    elif isinstance(exc, NotFoundError):
        status = 404
    else:
        status = 500
    return message_page(request, status, _one_line(str(exc)))


async def database_error(request: Request, exc: Exception) -> Response:
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    log.error("database error on %s: %s", request.url.path, detail[0] if detail else exc)
    message = f"database error: {exc.__class__.__name__}: {detail[0] if detail else ''}"
    return message_page(request, 500, _one_line(message))


async def unexpected(request: Request, exc: Exception) -> Response:
    log.exception("internal error on %s", request.url.path)
    return message_page(request, 500, f"internal error: {exc.__class__.__name__}")


HANDLERS = {
    HTTPException: http_error,
    VnarchiveError: archive_error,
    SQLAlchemyError: database_error,
    Exception: unexpected,
}
