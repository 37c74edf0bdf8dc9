"""An article or document: its text and metadata, its unit then and now, every capture of
its URL as a timeline of versions, and the diff between any two captures whose text differs.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from archive.catalog.labels import UnitLabels, labels_for_host
from archive.db.models import Capture, Document
from archive.documents.syndication import publishers, publishers_json
from archive.errors import InputError
from archive.query.diff import Row, Segment, changed, inline, side_by_side
from archive.query.officials import official_view
from archive.query.timeline import document_urls, timeline
from vnarchive.web.negotiate import page
from vnarchive.web.shapes import capture_json, document_json
from vnarchive.web.state import state_of


def _segments(segments: list[Segment]) -> list[dict[str, str]]:
    return [{"op": s.op, "text": s.text} for s in segments]


def _row(row: Row) -> dict[str, Any]:
    return {"op": row.op, "left": _segments(row.left), "right": _segments(row.right)}


def document_page(request: Request) -> Response:
    doc_id = request.path_params["document_id"]
    with state_of(request).sessions() as session:
        doc = session.get(Document, doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id}")
        units = labels_for_host(session, doc.host) or UnitLabels()
        line = timeline(session, doc.url)
        urls = document_urls(session, doc.id)
        view = official_view(session, doc.official_id) if doc.official_id else None
        story = publishers(session, [doc.id]).get(doc.id, [])
    versions = [
        {
            "document_id": v.document_id,
            "this": v.document_id == doc.id,
            "first": capture_json(v.first),
            "last": capture_json(v.last),
            "captures": len(v.captures),
        }
        for v in line.versions
    ]
    diffs = [
        {
            "from": a.last.id,
            "to": b.first.id,
            "link": f"/diff/{a.last.id}/{b.first.id}",
        }
        for a, b in zip(line.versions, line.versions[1:], strict=False)
    ]
    data = {
        **document_json(doc, units),
        "urls": urls,
        "captures": [capture_json(c) for c in line.captures],
        "captures_truncated": line.truncated,
        "versions": versions,
        "diffs": diffs,
        "official": view.to_json() if view else None,
        **publishers_json(story, doc.host),
    }
    extra = {"document": doc, "units": units, "timeline": line}
    return page(request, "document.html", data, extra=extra)


def _text_of(session: Any, capture_id: int) -> tuple[Capture, Document]:
    capture = session.get(Capture, capture_id)
    if capture is None:
        raise HTTPException(404, f"no capture {capture_id}")
    if capture.document_id is None:
        raise InputError(f"capture {capture_id} has no extracted text to compare")
    doc = session.get(Document, capture.document_id)
    assert doc is not None
    return capture, doc


def diff_page(request: Request) -> Response:
    view = request.query_params.get("view", "side")
    if view not in ("side", "inline"):
        raise InputError(f"view must be side or inline, not {view!r}")
    ids = request.path_params["a"], request.path_params["b"]
    with state_of(request).sessions() as session:
        (a, a_doc), (b, b_doc) = _text_of(session, ids[0]), _text_of(session, ids[1])
    if a.captured_at > b.captured_at:  # the older on the left
        (a, a_doc), (b, b_doc) = (b, b_doc), (a, a_doc)
    rows = side_by_side(a_doc.text, b_doc.text) if a_doc.id != b_doc.id else []
    data = {
        "from": capture_json(a) | {"title": a_doc.title},
        "to": capture_json(b) | {"title": b_doc.title},
        "changed": changed(rows),
        "title_changed": a_doc.title != b_doc.title,
        "side_by_side": [_row(r) for r in rows],
        "inline": _segments(inline(rows)),
        "view": view,
    }
    return page(request, "diff.html", data, extra={"a": a, "b": b, "a_doc": a_doc, "b_doc": b_doc})


def diff_form(request: Request) -> Response:
    """``/diff?a=…&b=…`` (the timeline's form) → ``/diff/<a>/<b>``."""
    a, b = request.query_params.get("a", ""), request.query_params.get("b", "")
    if not (a.isdigit() and b.isdigit()):
        raise InputError("pick two captures to compare (a and b)")
    return RedirectResponse(f"/diff/{a}/{b}", status_code=303)
