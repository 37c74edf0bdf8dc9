"""Faults of bytes: random binary labelled text/html, an unknown charset, one huge line."""

from __future__ import annotations

import functools
import random
from collections.abc import Iterator

from sandbox.hostile.faults import BASE, Ask, Fault
from sandbox.hostile.pages import HTML, SITE_NAME, article_text, document
from sandbox.hostile.wire import Streamed, Wire
from sandbox.response import Response

BINARY_BYTES = 64 * 1024
LINE_BYTES = 8 * 1024 * 1024
CHARSET_MARKER = "Hội đồng nhân dân xã Thử Nghiệm họp phiên thường kỳ"
LINE_MARKER = "Trang một dòng rất dài"


@functools.cache
def binary(seed: int) -> bytes:
    return random.Random(f"{seed}|binary").randbytes(BINARY_BYTES)


def _binary(ask: Ask) -> Response:
    return Response(200, [("Content-Type", HTML)], binary(ask.portal.seed))


def _charset(ask: Ask) -> Response:
    head = '<meta charset="utf8mb4">'
    body = f"<p>{CHARSET_MARKER}.</p>" + article_text(CHARSET_MARKER, 1)
    html = document(CHARSET_MARKER, body).replace('<meta charset="utf-8">', head)
    return Response(200, [("Content-Type", "text/html; charset=utf8mb4")], html.encode())


def line_pieces(size: int) -> Iterator[bytes]:
    head = (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{LINE_MARKER} - '
        f"{SITE_NAME}</title></head><body><h1>{LINE_MARKER}</h1>{article_text(LINE_MARKER, 1)}"
    ).encode()
    tail = b"</body></html>"
    span = "<span>một dòng không xuống hàng </span>".encode() * 2048
    blocks, rest = divmod(size - len(head) - len(tail), len(span))
    yield head
    for _ in range(blocks):
        yield span
    yield b" " * rest + tail


def _line(ask: Ask) -> Response:
    def pieces(wire: Wire) -> Iterator[bytes]:
        return line_pieces(LINE_BYTES)

    return Streamed(200, [("Content-Type", HTML)], length=LINE_BYTES, pieces=pieces)


def faults() -> list[Fault]:
    return [
        Fault(
            id="bytes-binary-as-html",
            category="bytes",
            urls=(f"{BASE}/hong/nhi-phan.html",),
            does=f"{BINARY_BYTES // 1024} KiB of random bytes labelled text/html; charset=utf-8.",
            expected="archived as captured; no document made from it; no crash",
            outcome="archived_raw",
            answer=_binary,
            limit=3,
        ),
        Fault(
            id="bytes-unknown-charset",
            category="bytes",
            urls=(f"{BASE}/hong/bang-ma.html",),
            does="UTF-8 HTML labelled charset=utf8mb4 (MySQL's name, no codec's) in both the "
            "Content-Type header and <meta charset>.",
            expected="archived; the unknown label is ignored and the UTF-8 decoded: the "
            "Vietnamese marker is in the text, diacritics intact",
            outcome="archived",
            answer=_charset,
            marker=CHARSET_MARKER,
            limit=3,
        ),
        Fault(
            id="bytes-single-line",
            category="bytes",
            urls=(f"{BASE}/hong/mot-dong.html",),
            does=f"A {LINE_BYTES // 2**20} MiB HTML page without a single newline.",
            expected="archived; line-based readers survive; the marker (first paragraph) is in "
            "the text",
            outcome="archived",
            answer=_line,
            marker=LINE_MARKER,
            limit=3,
        ),
    ]
