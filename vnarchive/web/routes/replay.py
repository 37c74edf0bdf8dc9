"""Captures at their citation URLs, as on Wayback: ``/web/<timestamp>/<URL>``.

``/web/20240227020000/http://host/page`` is the replay page: a banner (when, what, the
captures before and after, the raw HTTP headers, the WARC record) above a sandboxed frame
holding the page as it was served. A timestamp that names no capture of the URL redirects
to the nearest one, so that a citation always lands on a capture.

``/web/<timestamp><modifier>/<URL>`` is the archived content itself, the capture nearest
that moment: ``id_`` byte for byte as served; ``if_`` (the frame), ``im_``, ``cs_``, ``js_``
with the URLs of HTML and CSS pointed into the archive (``vnarchive.web.rewrite``). It is
served with ``Content-Security-Policy: sandbox``: an archived script runs with an origin of
its own, and can reach neither the app's cookies, nor its pages, nor its API; nothing it
loads leaves for the live web.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from archive.capture.dedup import original_of
from archive.catalog.labels import UnitLabels, labels_for_host
from archive.db.models import Capture, Document
from archive.errors import InputError
from archive.query.memento import Routes, http_date, memento_links
from archive.query.navigation import at_timestamp, closest, neighbours
from archive.query.snapshots import Snapshot
from archive.timeutil import parse_timestamp14, to_timestamp14
from archive.warc.reader import StoredRecord, read_record
from archive.warc.stores import WarcStores
from vnarchive.commands.show import snapshot_json, unit_json
from vnarchive.web.formatting import ascii_url, web_path
from vnarchive.web.negotiate import page
from vnarchive.web.rewrite.html import rewrite_page, rewrite_stylesheet
from vnarchive.web.rewrite.urls import UrlRewriter
from vnarchive.web.shapes import capture_json, capture_links
from vnarchive.web.state import state_of

_WEB = re.compile(r"^/web/(\d{1,14})([a-z]{2}_)?/(.*)$", re.S)
MODIFIERS = ("id_", "if_", "mp_", "im_", "cs_", "js_", "oe_", "fw_")
SANDBOX = (
    "sandbox allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox "
    "allow-top-navigation-by-user-activation"
)


@dataclass(frozen=True)
class WebPath:
    timestamp: str
    modifier: str  # "" for the replay page
    url: str


def web_target(request: Request) -> WebPath:
    """The timestamp, modifier and archived URL of a ``/web/`` request, from its raw path
    (the archived URL's own query string is the request's)."""
    raw = request.scope.get("raw_path") or request.url.path.encode()
    path = raw.decode("latin-1")
    m = _WEB.match(path)
    if m is None:
        raise InputError(f"expected /web/<timestamp>/<url>, not {path[:200]!r}")
    url = re.sub(r"^(https?):/+", r"\1://", m.group(3))
    if request.url.query:
        url += "?" + request.url.query
    if not url:
        raise InputError("no URL after the timestamp: /web/<timestamp>/<url>")
    modifier = m.group(2) or ""
    if modifier and modifier not in MODIFIERS:
        raise InputError(f"unknown modifier {modifier!r}: one of {', '.join(MODIFIERS)}")
    return WebPath(m.group(1), modifier, url)


def content_security(request: Request) -> str:
    origin = f"{request.url.scheme}://{request.headers.get('host', request.url.netloc)}"
    return (
        f"{SANDBOX}; default-src 'self' {origin} data: blob: 'unsafe-inline' 'unsafe-eval'; "
        f"frame-ancestors 'self' {origin}"
    )


def _capture(session: Session, target: WebPath) -> tuple[Capture | None, Capture]:
    """(the capture in the timestamp's second, if any; the nearest capture)."""
    moment = parse_timestamp14(target.timestamp)
    exact = at_timestamp(session, target.url, moment) if len(target.timestamp) == 14 else None
    return exact, exact or closest(session, target.url, moment)


def _record(request: Request, capture: Capture) -> StoredRecord:
    folder = WarcStores.of(state_of(request).config).folder(capture.warc_store)
    return read_record(folder, capture.warc_filename, capture.warc_offset)


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    return next((v for k, v in headers if k.lower() == name), None)


def replay(request: Request) -> Response:
    if (request.scope.get("raw_path") or b"").startswith(b"/web/*/"):
        from vnarchive.web.routes.browse import captures_of_url

        return captures_of_url(request)
    target = web_target(request)
    if target.modifier:
        return _content(request, target)
    with state_of(request).sessions() as session:
        exact, capture = _capture(session, target)
        if exact is None:
            stamp = to_timestamp14(capture.captured_at)
            return RedirectResponse(web_path(stamp, capture.url), status_code=302)
        return _frame(request, session, capture)


def _frame(request: Request, session: Session, capture: Capture) -> Response:
    nav = neighbours(session, capture)
    document = session.get(Document, capture.document_id) if capture.document_id else None
    units = labels_for_host(session, capture.host) or UnitLabels()
    own = _record(request, capture)
    data = _frame_json(capture, document, nav, units, own)
    headers = {
        "Memento-Datetime": http_date(capture.captured_at),
        "Link": memento_links(
            capture.url,
            Routes(),
            first=nav.first,
            last=nav.last,
            previous=nav.previous,
            following=nav.next,
        ),
    }
    extra = {"capture": capture, "nav": nav, "document": document, "units": units}
    return page(request, "capture.html", data, extra=extra, headers=headers)


def _frame_json(
    capture: Capture,
    document: Document | None,
    nav: Any,
    units: UnitLabels,
    own: StoredRecord,
) -> dict[str, Any]:
    def brief(c: Capture | None) -> dict[str, Any] | None:
        return None if c is None else capture_json(c)

    return {
        **snapshot_json(Snapshot(capture, document, nav.count)),
        **unit_json(units),
        "capture_id": capture.id,
        "document_id": capture.document_id,
        "redirect_to": capture.redirect_to,
        "position": nav.position,
        "headers": [[k, v] for k, v in own.http_headers],
        "first": brief(nav.first),
        "previous": brief(nav.previous),
        "next": brief(nav.next),
        "last": brief(nav.last),
        "links": {
            **capture_links(capture),
            "calendar": f"/web/*/{capture.url}",
            "timemap": f"/timemap/link/{capture.url}",
            "timegate": f"/timegate/{capture.url}",
            "document": f"/documents/{capture.document_id}" if capture.document_id else None,
        },
    }


def _content(request: Request, target: WebPath) -> Response:
    state = state_of(request)
    with state.sessions() as session:
        _, capture = _capture(session, target)
        source = original_of(session, capture)
    headers = {
        "Content-Security-Policy": content_security(request),
        "Memento-Datetime": http_date(capture.captured_at),
        "Link": f'<{capture.url}>; rel="original", </timegate/{capture.url}>; rel="timegate"',
        "Cache-Control": "public, max-age=86400",
    }
    if capture.redirect_to and 300 <= capture.status < 400:
        location = web_path(target.timestamp, capture.redirect_to, target.modifier)
        return Response(status_code=302, headers={**headers, "Location": location})
    record = _record(request, source)
    mime = (
        _header(record.http_headers, "content-type") or capture.mime or "application/octet-stream"
    )
    body = record.payload
    if target.modifier != "id_":
        urls = UrlRewriter(to_timestamp14(capture.captured_at), ascii_url(capture.url))
        if "html" in mime.lower():
            body = rewrite_page(body, urls)
        elif "css" in mime.lower():
            body = rewrite_stylesheet(body, urls)
    return Response(
        body, status_code=capture.status or 200, headers={**headers, "Content-Type": mime}
    )
