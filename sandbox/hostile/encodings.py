"""Faults of Content-Encoding: brotli, zstd, deflate (zlib and raw), corrupt gzip, a bomb.

Every one is sent whatever the request's Accept-Encoding says, as hostile servers do.
"""

from __future__ import annotations

import functools
import gzip
import zlib
from collections.abc import Callable

from sandbox.hostile.bomb import bomb
from sandbox.hostile.faults import BASE, Ask, Fault
from sandbox.hostile.pages import HTML, article_text, document
from sandbox.hostile.wire import Streamed
from sandbox.response import Response

PREFIX = f"{BASE}/nen/"


def _html(marker: str) -> bytes:
    body = f"<p>{marker}.</p>" + article_text(marker, 1) * 20
    return document(marker, body).encode("utf-8")


def _brotli(data: bytes) -> bytes:
    import brotli

    return bytes(brotli.compress(data))


def _zstd(data: bytes) -> bytes:
    import zstandard

    return zstandard.ZstdCompressor(level=3).compress(data)


def _raw_deflate(data: bytes) -> bytes:
    deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return deflate.compress(data) + deflate.flush()


def corrupt_gzip(data: bytes) -> bytes:
    """A gzip member with a valid header whose middle is scrambled and trailer cut off."""
    whole = gzip.compress(data, compresslevel=6, mtime=0)
    middle = len(whole) // 2
    scrambled = bytes(b ^ 0xA5 for b in whole[middle : middle + 256])
    return whole[:middle] + scrambled + whole[middle + 256 : -8]


@functools.cache
def encoded(name: str, marker: str) -> bytes:
    make: dict[str, Callable[[bytes], bytes]] = {
        "br": _brotli,
        "zstd": _zstd,
        "deflate": zlib.compress,
        "deflate-raw": _raw_deflate,
        "gzip-corrupt": corrupt_gzip,
    }
    return make[name](_html(marker))


def _encoded_answer(name: str, coding: str, marker: str) -> Callable[[Ask], Response]:
    def answer(ask: Ask) -> Response:
        headers = [("Content-Type", HTML), ("Content-Encoding", coding)]
        return Response(200, headers, encoded(name, marker))

    return answer


def _bomb(ask: Ask) -> Response:
    made = bomb()
    headers = [("Content-Type", HTML), ("Content-Encoding", "gzip")]
    return Streamed(200, headers, length=made.length, pieces=lambda wire: made.pieces())


def _page_fault(
    name: str, coding: str, marker: str, does: str, expected: str, outcome: str
) -> Fault:
    return Fault(
        id=f"encoding-{name}",
        category="encodings",
        urls=(f"{PREFIX}{name}.html",),
        does=does,
        expected=expected,
        outcome=outcome,
        answer=_encoded_answer(name, coding, marker),
        marker=marker if outcome == "archived" else None,
        limit=3,
    )


def faults() -> list[Fault]:
    decoded = "archived with the body as sent; decoded for extraction: the marker is in the text"
    return [
        _page_fault(
            "br",
            "br",
            "Trang nén brotli đọc được",
            "An HTML page sent with Content-Encoding: br (brotli).",
            decoded,
            "archived",
        ),
        _page_fault(
            "zstd",
            "zstd",
            "Trang nén zstd đọc được",
            "An HTML page sent with Content-Encoding: zstd (a frame with its content size).",
            decoded,
            "archived",
        ),
        _page_fault(
            "deflate",
            "deflate",
            "Trang nén deflate đọc được",
            "An HTML page sent with Content-Encoding: deflate, zlib-wrapped (RFC 9110).",
            decoded,
            "archived",
        ),
        _page_fault(
            "deflate-raw",
            "deflate",
            "Trang nén deflate thô đọc được",
            "Content-Encoding: deflate sent as raw deflate without the zlib wrapper (as IIS).",
            decoded,
            "archived",
        ),
        _page_fault(
            "gzip-corrupt",
            "gzip",
            "Trang gzip hỏng",
            "Content-Encoding: gzip with a valid header, a scrambled middle and no trailer.",
            "recorded as a decoding error; the raw bytes may be archived as received; "
            "no document is made from garbage; the crawl goes on",
            "error",
        ),
        Fault(
            id="encoding-gzip-bomb",
            category="encodings",
            urls=(f"{PREFIX}bom.html",),
            does="Content-Encoding: gzip, about 1 MB of valid gzip (Content-Length given) "
            "inflating to 1 GiB of HTML ('bom bom bom ...'), streamed.",
            expected="decoding stops at the crawler's size limit and the page is recorded as "
            "an error (too large); memory stays bounded; never inflated whole",
            outcome="error",
            answer=_bomb,
            limit=3,
        ),
    ]
