"""Faults of time: a drip (a few bytes a second) and a stall (headers, then nothing).

Both are bounded: the drip lasts ``drip_seconds``, the stall ``stall_seconds`` (see
:class:`~sandbox.hostile.portal.HostileSettings`), and both end as soon as the client hangs
up or the server stops.
"""

from __future__ import annotations

from collections.abc import Iterator

from sandbox.hostile.faults import BASE, Ask, Fault
from sandbox.hostile.pages import HTML
from sandbox.hostile.wire import Streamed, Wire
from sandbox.response import Response

STALL_LENGTH = 1024  # the Content-Length the stall promises and never sends


DRIP_HEAD = b'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head><body><p>'
DRIP_TAIL = b"</p></body></html>\n"


def drip_body(length: int) -> bytes:
    """``length`` bytes of HTML (only its beginning when that is too short for a page)."""
    text = DRIP_HEAD + b"nho giot " * (length // 9 + 1)
    if length < len(DRIP_HEAD) + len(DRIP_TAIL):
        return text[:length]
    return text[: length - len(DRIP_TAIL)] + DRIP_TAIL


def _drip(ask: Ask) -> Response:
    settings = ask.portal.settings
    rate = settings.drip_bytes_per_second
    body = drip_body(max(1, int(rate * settings.drip_seconds)))

    def pieces(wire: Wire) -> Iterator[bytes]:
        for start in range(0, len(body), rate):
            if start and not wire.wait(1.0):
                return
            yield body[start : start + rate]

    return Streamed(200, [("Content-Type", HTML)], length=len(body), pieces=pieces)


def _stall(ask: Ask) -> Response:
    seconds = ask.portal.settings.stall_seconds

    def pieces(wire: Wire) -> Iterator[bytes]:
        wire.wait(seconds)
        yield from ()

    return Streamed(200, [("Content-Type", HTML)], length=STALL_LENGTH, pieces=pieces)


def faults() -> list[Fault]:
    return [
        Fault(
            id="slow-drip",
            category="memory",
            urls=(f"{BASE}/cham/nho-giot.html",),
            does="200 with its Content-Length, then the body a few bytes a second "
            "(drip_bytes_per_second) for drip_seconds.",
            expected="recorded as an error (download timeout) when the crawler's timeout is "
            "shorter than drip_seconds; other downloads go on meanwhile",
            outcome="error",
            answer=_drip,
            limit=3,
        ),
        Fault(
            id="slow-stall",
            category="memory",
            urls=(f"{BASE}/cham/dung-hinh.html",),
            does=f"200 with Content-Length: {STALL_LENGTH}, then nothing for stall_seconds, "
            "then the connection closes.",
            expected="recorded as an error (timeout or truncated body); other downloads go on",
            outcome="error",
            answer=_stall,
            limit=3,
        ),
    ]
