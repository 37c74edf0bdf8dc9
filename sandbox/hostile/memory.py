"""Faults of size: 300 large cookies, 100,000 links, bodies past 64 MB, deep nesting.

Big bodies are streamed from one repeated block: the server never holds them whole.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator

from sandbox.hostile.faults import BASE, Answer, Ask, Fault
from sandbox.hostile.pages import HTML, SITE_NAME, article_text, document, not_found, page
from sandbox.hostile.wire import Streamed, Wire
from sandbox.response import Response

COOKIES = 300
COOKIE_BYTES = 4000
LINKS = 100_000
HUGE = 65 * 1024 * 1024  # past the crawler's 64 MiB DOWNLOAD_MAXSIZE
DEPTH = 5000
DEEP_MARKER = "Văn bản ở tầng sâu nhất"
COOKIE_PATH = "/bo-nho/banh-quy.html"


def _head(title: str) -> bytes:
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title} - '
        f"{SITE_NAME}</title></head><body><h1>{title}</h1>"
    ).encode()


TAIL = b"</body></html>\n"


def _cookies(ask: Ask) -> Response:
    headers = []
    for i in range(COOKIES):
        seed = hashlib.sha1(f"{ask.portal.seed}|cookie|{i}".encode()).hexdigest()
        value = (seed * (COOKIE_BYTES // len(seed) + 1))[:COOKIE_BYTES]
        headers.append(("Set-Cookie", f"c{i:03d}={value}; Path={COOKIE_PATH}; HttpOnly"))
    return page("Trang nhiều cookie", article_text("Trang nhiều cookie", 1), headers=headers)


def _links(ask: Ask) -> Response:
    if ask.path.startswith("/bo-nho/lk/"):
        number = ask.path.removeprefix("/bo-nho/lk/").removesuffix(".html")
        if number.isdigit() and int(number) < LINKS:
            return page(f"Liên kết {number}", f"<p>Trang liên kết số {number}.</p>")
        return not_found()

    def pieces(wire: Wire) -> Iterator[bytes]:
        yield _head(f"{LINKS} liên kết") + b"<ul>"
        for start in range(0, LINKS, 1000):
            yield "".join(
                f'<li><a href="/bo-nho/lk/{i}.html">Liên kết {i}</a></li>\n'
                for i in range(start, start + 1000)
            ).encode()
        yield b"</ul>" + TAIL

    return Streamed(200, [("Content-Type", HTML)], pieces=pieces)


@functools.cache
def _filler() -> bytes:
    line = "<p>Nội dung rất dài, lặp lại để làm trang lớn hơn giới hạn tải về.</p>".encode()
    return line * (65536 // len(line))


def huge_pieces(size: int, head: bytes, filler: bytes) -> Iterator[bytes]:
    """Exactly ``size`` bytes: ``head``, ``filler`` repeated, spaces, the page's end."""
    blocks, rest = divmod(size - len(head) - len(TAIL), len(filler))
    yield head
    for _ in range(blocks):
        yield filler
    yield b" " * rest + TAIL


def _huge(chunked: bool) -> Callable[[Ask], Response]:
    def answer(ask: Ask) -> Response:
        head = _head("Trang lớn hơn 64 MB")
        return Streamed(
            200,
            [("Content-Type", HTML)],
            length=None if chunked else HUGE,
            pieces=lambda wire: huge_pieces(HUGE, head, _filler()),
        )

    return answer


def _deep(ask: Ask) -> Response:
    inner = f"<p>{DEEP_MARKER}</p>"
    body = article_text(DEEP_MARKER, 1) + "<div>" * DEPTH + inner + "</div>" * DEPTH
    return Response(200, [("Content-Type", HTML)], document("Trang lồng sâu", body).encode())


def _fault(id: str, path: str, does: str, expected: str, outcome: str, answer: Answer) -> Fault:
    return Fault(
        id=id,
        category="memory",
        urls=(f"{BASE}{path}",),
        does=does,
        expected=expected,
        outcome=outcome,
        answer=answer,
        limit=3,
    )


def faults() -> list[Fault]:
    too_big = (
        "recorded as an error (larger than the crawler's size limit, 64 MiB), the download "
        "abandoned at the limit, never held whole; the crawl goes on"
    )
    return [
        _fault(
            "memory-set-cookie",
            COOKIE_PATH,
            f"{COOKIES} Set-Cookie headers of ~{COOKIE_BYTES} bytes each (~1.2 MB of headers), "
            f"scoped to Path={COOKIE_PATH}.",
            "archived (headers as received) or recorded as an error if over the crawler's "
            "header limit; memory stays bounded; the crawl goes on",
            "archived",
            _cookies,
        ),
        Fault(
            id="memory-100k-links",
            category="memory",
            urls=(f"{BASE}/bo-nho/100k-lien-ket.html",),
            prefixes=(f"{BASE}/bo-nho/100k-lien-ket.html", f"{BASE}/bo-nho/lk/"),
            does=f"A ~5 MB page (chunked) of {LINKS:,} links to distinct pages that answer 200.",
            expected="archived; the links it yields are bounded: at most 1000 requests count to it",
            outcome="bounded",
            answer=_links,
            limit=1000,
        ),
        _fault(
            "memory-huge-body",
            "/bo-nho/than-lon.html",
            f"An HTML body of {HUGE // 2**20} MiB with its Content-Length, streamed.",
            too_big,
            "error",
            _huge(chunked=False),
        ),
        _fault(
            "memory-huge-body-chunked",
            "/bo-nho/than-lon-chunked.html",
            f"The same {HUGE // 2**20} MiB body, chunked: no Content-Length to refuse it by.",
            too_big,
            "error",
            _huge(chunked=True),
        ),
        Fault(
            id="memory-deep-nesting",
            category="memory",
            urls=(f"{BASE}/bo-nho/long-sau.html",),
            does=f"Text inside {DEPTH} nested <div>s (past libxml2's 256 and Python's recursion "
            "limit), after a first paragraph at the top.",
            expected="archived; parsing and extraction survive (no RecursionError); the top "
            "paragraph's marker is in the text (the deepest text may be lost)",
            outcome="archived",
            answer=_deep,
            marker=DEEP_MARKER,
            limit=3,
        ),
    ]
