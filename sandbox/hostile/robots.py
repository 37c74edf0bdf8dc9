"""Faults of robots.txt, each on a host of its own, and a page answering 503.

* ``robots-503.hostile.gov.vn.test``: robots.txt answers 503 with Retry-After;
* ``robots-stall.hostile.gov.vn.test``: robots.txt gets no answer at all (not even a status
  line) until ``stall_seconds`` have passed, then the connection closes;
* ``robots-redirect.hostile.gov.vn.test``: robots.txt redirects to the metadata address.

RFC 9309 (2.3.1.4): when robots.txt is unreachable (5xx, network error) a crawler must
assume complete disallow. The hosts' home pages are linked from the hostile home page and
their logos embedded in it, so a crawler meets these robots.txt files for pages and for
requisites alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sandbox.hostile import minisite
from sandbox.hostile.faults import BASE, Ask, Fault
from sandbox.hostile.pages import page, text
from sandbox.hostile.wire import Streamed, Wire
from sandbox.response import Response, redirect

ROBOTS_503 = "robots-503.hostile.gov.vn.test"
ROBOTS_STALL = "robots-stall.hostile.gov.vn.test"
ROBOTS_REDIRECT = "robots-redirect.hostile.gov.vn.test"
HOSTS = (ROBOTS_503, ROBOTS_STALL, ROBOTS_REDIRECT)
REDIRECT_TARGET = "http://169.254.169.254/latest/meta-data/?via=robots-redirect"


def _unavailable(ask: Ask) -> Response:
    response = text("503 Service Unavailable\n", status=503)
    return response.with_headers([("Retry-After", "3600")])


def _stall(ask: Ask) -> Response:
    seconds = ask.portal.settings.stall_seconds

    def pieces(wire: Wire) -> Iterator[bytes]:
        wire.wait(seconds)
        yield from ()

    return Streamed(0, [], silent=True, pieces=pieces)


def _to_internal(ask: Ask) -> Response:
    return redirect(REDIRECT_TARGET, 301)


def _host_answer(robots: Callable[[Ask], Response], name: str) -> Callable[[Ask], Response]:
    def answer(ask: Ask) -> Response:
        if ask.path == "/robots.txt":
            return robots(ask)
        return minisite.respond(ask.host, ask.path, name)

    return answer


def _page_503(ask: Ask) -> Response:
    body = "<p>Hệ thống đang bảo trì, vui lòng quay lại sau.</p>"
    return page("Bảo trì hệ thống", body, status=503, headers=[("Retry-After", "120")])


def _disallowed(host: str, robots: Callable[[Ask], Response], does: str, name: str) -> Fault:
    return Fault(
        id=f"robots-{host.split('.')[0].removeprefix('robots-')}",
        category="robots",
        urls=(f"http://{host}/",),
        prefixes=(f"http://{host}/",),
        forbidden=minisite.urls(host),
        does=does,
        expected="complete disallow (RFC 9309 2.3.1.4): only /robots.txt is requested on the "
        "host (at most 3 times), none of its pages or images",
        outcome="disallowed",
        answer=_host_answer(robots, name),
        limit=3,
    )


def faults() -> list[Fault]:
    return [
        _disallowed(
            ROBOTS_503,
            _unavailable,
            "robots.txt answers 503 with Retry-After: 3600; the host's pages answer 200.",
            "Trang dịch vụ tạm ngừng",
        ),
        _disallowed(
            ROBOTS_STALL,
            _stall,
            "robots.txt gets no answer at all (the connection stays open, silent, for "
            "stall_seconds, then closes); the host's pages answer 200.",
            "Trang không phản hồi",
        ),
        Fault(
            id="robots-redirect-internal",
            category="robots",
            urls=(f"http://{ROBOTS_REDIRECT}/",),
            prefixes=(f"http://{ROBOTS_REDIRECT}/",),
            forbidden=(REDIRECT_TARGET,),
            does="robots.txt answers 301 to the metadata address 169.254.169.254.",
            expected="not requested: the redirect is not followed to the private address "
            "(robots.txt then counts as unavailable); the host's pages may or may not be "
            "crawled",
            outcome="not_requested",
            answer=_host_answer(_to_internal, "Trang chuyển robots"),
        ),
        Fault(
            id="page-503-retry-after",
            category="robots",
            urls=(f"{BASE}/loi/503.html",),
            does="A page answering 503 with Retry-After: 120.",
            expected="recorded as an error (503), not as a page; at most 3 requests (retries "
            "included); the crawl goes on",
            outcome="error",
            answer=_page_503,
            limit=3,
        ),
    ]
