"""The WARC files, for Wayback tools that read records themselves: ``/warcs/<file>`` with
HTTP Range requests (RFC 9110 §14), so that a pywb pointed at ``/warcs/`` reads each record
where the CDX line says it is, without a byte copied.

One range per request (``bytes=first-last``, ``bytes=first-``, ``bytes=-suffix``); a
request for several ranges gets the whole file (a server may ignore Range), one that
cannot be satisfied a 416 with the file's length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from archive.errors import WarcReadError
from archive.warc.stores import WarcStores
from archive.warc.writer import OPEN_SUFFIX
from vnarchive.web.negotiate import page
from vnarchive.web.state import state_of

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_NAME = re.compile(r"^[A-Za-z0-9._-]+$")
CHUNK = 65536


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """``(first, last)`` inclusive, or ``None`` for the whole file; 416 if unsatisfiable."""
    if not header:
        return None
    m = _RANGE.match(header.strip())
    if m is None:
        return None  # several ranges, or another unit: the whole file
    first_text, last_text = m.groups()
    if not first_text and not last_text:
        return None
    if not first_text:  # the last N bytes
        first, last = max(size - int(last_text), 0), size - 1
    else:
        first = int(first_text)
        last = min(int(last_text), size - 1) if last_text else size - 1
    if first >= size or first > last:
        raise HTTPException(416, f"range {header} is outside the file ({size} bytes)")
    return first, last


def _chunks(path: Path, first: int, length: int) -> Iterator[bytes]:
    with path.open("rb") as fh:
        fh.seek(first)
        while length > 0:
            chunk = fh.read(min(CHUNK, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk


def warc_file(request: Request) -> Response:
    name = request.path_params["filename"]
    if not _NAME.match(name) or name.startswith("."):
        raise HTTPException(400, f"not a WARC file name: {name!r}")
    try:
        path = WarcStores.of(state_of(request).config).find(name.removesuffix(OPEN_SUFFIX))
    except WarcReadError:
        raise HTTPException(404, f"no WARC file {name}") from None
    size = path.stat().st_size
    try:
        wanted = byte_range(request.headers.get("range"), size)
    except HTTPException:
        return Response(status_code=416, headers={"Content-Range": f"bytes */{size}"})
    first, last = wanted if wanted else (0, size - 1)
    headers = {
        "Accept-Ranges": "bytes",
        "Content-Length": str(last - first + 1),
        "Content-Disposition": f'attachment; filename="{path.name}"',
    }
    status = 200
    if wanted is not None:
        status = 206
        headers["Content-Range"] = f"bytes {first}-{last}/{size}"
    if request.method == "HEAD":
        return Response(status_code=status, headers=headers, media_type="application/warc")
    return StreamingResponse(
        _chunks(path, first, last - first + 1),
        status_code=status,
        headers=headers,
        media_type="application/warc",
    )


def warc_list(request: Request) -> Response:
    stores = WarcStores.of(state_of(request).config).reachable()
    data = {
        "warcs": [
            {
                "filename": f.name.removesuffix(OPEN_SUFFIX),
                "store": store.name,
                "size": f.stat().st_size,
                "open": f.name.endswith(OPEN_SUFFIX),
                "link": f"/warcs/{f.name.removesuffix(OPEN_SUFFIX)}",
            }
            for store in stores
            for f in store.files()
            if f.name.endswith((".warc.gz", ".warc.gz" + OPEN_SUFFIX))
        ]
    }
    return page(request, "warcs.html", data)
