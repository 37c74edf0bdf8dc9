"""For other Wayback tools: the CDX server (pywb's API), a Memento TimeGate and TimeMaps.

``/cdx?url=…`` streams its lines as the stages of ``archive.query.cdx_server`` produce them
(text/plain for cdxj, text and link; NDJSON for json). ``/timegate/<URL>`` redirects to the
Memento nearest ``Accept-Datetime`` (the latest without it); ``/timemap/link/<URL>``
lists every Memento (RFC 7089, link format).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sqlalchemy import func, select
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from archive.db.models import Capture
from archive.errors import CaptureNotFound, InputError
from archive.query.cdx_params import parse_cdx_query
from archive.query.cdx_server import cdx_query
from archive.query.memento import (
    LINK_FORMAT,
    Routes,
    memento_links,
    parse_http_date,
    timemap_lines,
)
from archive.query.navigation import closest, neighbours
from archive.urlkey import surt_key
from vnarchive.web.formatting import web_path
from vnarchive.web.state import state_of

_MEDIA = {"json": "application/x-ndjson", "link": LINK_FORMAT}


def _params(request: Request) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        params.setdefault(name, []).append(value)
    return params


def cdx(request: Request) -> Response:
    query = parse_cdx_query(_params(request))
    sessions = state_of(request).sessions

    def lines() -> Iterator[str]:
        with sessions() as session:
            yield from cdx_query(session, query)

    first = _first(lines())
    media = _MEDIA.get(query.output, "text/plain")
    return StreamingResponse(first, media_type=f"{media}; charset=utf-8")


def _first(lines: Iterator[str]) -> Iterator[str]:
    """Read the first line now, so that an error in the query is a 400, not a cut stream."""
    try:
        head = next(lines)
    except StopIteration:
        return iter(())

    def rest() -> Iterator[str]:
        yield head
        yield from lines

    return rest()


def _url_of(request: Request, prefix: str) -> str:
    raw = (request.scope.get("raw_path") or request.url.path.encode()).decode("latin-1")
    url = re.sub(r"^(https?):/+", r"\1://", raw.removeprefix(prefix))
    if request.url.query:
        url += "?" + request.url.query
    if not url:
        raise InputError(f"give a URL after {prefix}")
    return url


def timegate(request: Request) -> Response:
    url = _url_of(request, "/timegate/")
    asked = request.headers.get("accept-datetime")
    moment = parse_http_date(asked) if asked else None
    with state_of(request).sessions() as session:
        capture = closest(session, url, moment)
        nav = neighbours(session, capture)
    headers = {
        "Location": web_path(capture.captured_at.strftime("%Y%m%d%H%M%S"), capture.url),
        "Vary": "accept-datetime",
        "Link": memento_links(
            url, Routes(), first=nav.first, last=nav.last, previous=nav.previous,
            following=nav.next,
        ),
    }  # fmt: skip
    return Response(status_code=302, headers=headers)


def timemap(request: Request) -> Response:
    url = _url_of(request, "/timemap/link/")
    key = surt_key(url)
    sessions = state_of(request).sessions
    with sessions() as session:
        count = session.scalar(select(func.count()).where(Capture.surt == key)) or 0
        if not count:
            raise CaptureNotFound(url)
        ordered = select(Capture).where(Capture.surt == key)
        first = session.scalars(ordered.order_by(Capture.captured_at, Capture.id).limit(1)).one()
        last = session.scalars(
            ordered.order_by(Capture.captured_at.desc(), Capture.id.desc()).limit(1)
        ).one()

    def lines() -> Iterator[str]:
        with sessions() as session:
            captures = session.scalars(
                select(Capture)
                .where(Capture.surt == key)
                .order_by(Capture.captured_at, Capture.id)
                .execution_options(yield_per=500)
            )
            yield from timemap_lines(url, captures, Routes(), first=first, last=last)

    return StreamingResponse(lines(), media_type=f"{LINK_FORMAT}; charset=utf-8")
