"""The seed that moved: a portal whose home page redirects to another ``.test`` host.

``moved.hostile.gov.vn.test/`` answers 301 to ``http://elsewhere.gov.vn.test/``, a small
site of its own (as portals merged in 2025 redirect to the province). A crawl of the moved
seed must not become a crawl of the other host.
"""

from __future__ import annotations

from sandbox.hostile import minisite
from sandbox.hostile.faults import Ask, Fault
from sandbox.response import Response, redirect

MOVED = "moved.hostile.gov.vn.test"
ELSEWHERE = "elsewhere.gov.vn.test"
HOSTS = (MOVED, ELSEWHERE)


def _answer(ask: Ask) -> Response:
    if ask.host == MOVED and ask.path != "/robots.txt":
        return redirect(f"http://{ELSEWHERE}/", 301)
    return minisite.respond(ask.host, ask.path, "Cổng thông tin nơi khác")


def faults() -> list[Fault]:
    return [
        Fault(
            id="escape-seed-redirect",
            category="escapes",
            urls=(f"http://{MOVED}/",),
            prefixes=(f"http://{MOVED}/", f"http://{ELSEWHERE}/"),
            forbidden=minisite.urls(ELSEWHERE)[1:],
            does=f"A seed whose every page answers 301 to http://{ELSEWHERE}/ (another .test "
            "host, with pages of its own).",
            expected=f"the 301 is archived; the crawl stays on the seed's host: at most "
            f"{ELSEWHERE}'s home page is fetched, none of the pages it links",
            outcome="not_requested",
            answer=_answer,
            limit=4,
        )
    ]
