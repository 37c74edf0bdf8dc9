"""Finding captures by URL: the calendar of one URL (``/web/*/<URL>``), the URLs under a
prefix (``/web/*/<prefix>*``, paged by key), and a capture's WARC record for download."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse

from archive.db.models import Capture
from archive.errors import CaptureNotFound, InputError
from archive.query.calendar import Moment, calendar, urls_under
from archive.warc.stores import WarcStores
from vnarchive.web.formatting import iso, web_path
from vnarchive.web.negotiate import page
from vnarchive.web.state import state_of

PAGE = 100


def _url_after_star(request: Request) -> str:
    raw = (request.scope.get("raw_path") or request.url.path.encode()).decode("latin-1")
    url = re.sub(r"^(https?):/+", r"\1://", raw.removeprefix("/web/*/"))
    query = request.url.query
    if query:
        url += "?" + query
    if not url.strip("*"):
        raise InputError("give a URL after /web/*/, or a prefix ending with *")
    return url


def browse(request: Request) -> Response:
    """The form: a URL (its calendar) or a prefix ending with ``*`` (the URLs under it)."""
    url = (request.query_params.get("url") or "").strip()
    if url:
        return RedirectResponse(f"/web/*/{url}", status_code=303)
    return page(request, "browse.html", {"url": None})


def captures_of_url(request: Request) -> Response:
    url = _url_after_star(request)
    if url.endswith("*"):
        return _prefix(request, url.rstrip("*"))
    with state_of(request).sessions() as session:
        found = calendar(session, url)
    if not found.days:
        raise CaptureNotFound(url)
    moments = [m for day in sorted(found.days) for m in found.days[day]]
    data = {
        "url": url,
        "total": found.total,
        "truncated": found.truncated,
        "years": found.years(),
        "captures": [
            {
                "timestamp": m.timestamp,
                "captured_at": iso(m.captured_at),
                "status": m.status,
                "record_type": m.record_type,
                "link": web_path(m.timestamp, url),
            }
            for m in moments
        ],
    }
    return page(request, "calendar.html", data, extra={"grid": _grid(found.days)})


def _grid(days: dict[date, list[Moment]]) -> list[tuple[int, list[tuple[int, list[Any]]]]]:
    """Newest year first: [(year, [(month, [(day, moments)])])] for the calendar page."""
    years: dict[int, dict[int, list[tuple[int, list[Moment]]]]] = {}
    for day in sorted(days):
        years.setdefault(day.year, {}).setdefault(day.month, []).append((day.day, days[day]))
    return [(y, sorted(years[y].items())) for y in sorted(years, reverse=True)]


def _prefix(request: Request, prefix: str, after: str | None = None) -> Response:
    with state_of(request).sessions() as session:
        entries, next_key = urls_under(session, prefix, after=after, limit=PAGE)
    data: dict[str, Any] = {
        "prefix": prefix,
        "urls": [
            {
                "url": e.url,
                "urlkey": e.urlkey,
                "captures": e.captures,
                "first": iso(e.first),
                "last": iso(e.last),
                "links": {"calendar": f"/web/*/{e.url}", "latest": web_path("9999", e.url)},
            }
            for e in entries
        ],
        "next": next_key,
        "next_link": "/urls?" + urlencode({"prefix": prefix, "after": next_key})
        if next_key
        else None,
    }
    return page(request, "urls.html", data)


def urls_page(request: Request) -> Response:
    """``/urls?prefix=…&after=…``: the same list, with a key to continue from (a prefix
    under ``/web/*/`` cannot carry one: its query string is the URL's)."""
    prefix = (request.query_params.get("prefix") or "").strip().rstrip("*")
    if not prefix:
        raise InputError("give a prefix: /urls?prefix=http://host/path/")
    return _prefix(request, prefix, request.query_params.get("after") or None)


def record(request: Request) -> Response:
    """The capture's WARC record, as stored (one gzip member), for download."""
    capture_id = request.path_params["capture_id"]
    state = state_of(request)
    with state.sessions() as session:
        capture = session.get(Capture, capture_id)
    if capture is None:
        raise HTTPException(404, f"no capture {capture_id}")
    path = WarcStores.of(state.config).locate(capture.warc_store, capture.warc_filename)
    name = f"capture-{capture.id}.warc.gz"

    def member() -> Any:
        with path.open("rb") as fh:
            fh.seek(capture.warc_offset)
            left = capture.warc_length
            while left > 0:
                chunk = fh.read(min(left, 65536))
                if not chunk:
                    return
                left -= len(chunk)
                yield chunk

    return StreamingResponse(
        member(),
        media_type="application/warc",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Content-Length": str(capture.warc_length),
        },
    )
