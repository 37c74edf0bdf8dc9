"""One fault of the hostile portal: where it is, what it does, what a correct crawler does.

A fault is data (its catalogue entry) plus the function that answers its requests. Requests
count to a fault by URL: those under one of its ``prefixes`` (the longest prefix wins), and
the foreign URLs it points at (``forbidden``, matched exactly or by their ``via=`` marker).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from sandbox.response import Response

if TYPE_CHECKING:
    from sandbox.hostile.portal import HostilePortal

HOST = "hostile.gov.vn.test"
BASE = f"http://{HOST}"

# What a correct crawler does, as a code a test can switch on; each fault says it in words too.
OUTCOMES = {
    "not_requested": "none of the fault's forbidden URLs is ever requested",
    "archived": "fetched and kept; when a marker is given, the extracted text contains it",
    "archived_raw": "fetched and kept as captured; no document is made from it; no crash",
    "bounded": "fetched, but never more than `limit` requests count to the fault",
    "error": "fetched and recorded as an error (status or failure); the crawl goes on",
    "disallowed": "robots.txt disallows the host: nothing but /robots.txt is requested there",
}
# The crawl settings the catalogue's limits assume (environment variables of vnarchive crawl):
# tighter than the defaults so that traps end sooner; the listing traps' limits count on
# pagination bounded at 20 pages.
BOUNDS = {
    "VNARCHIVE_MAX_PAGINATION": "20",
    "VNARCHIVE_MAX_CALENDAR": "60",
    "VNARCHIVE_MAX_SITEMAPS": "60",
    "VNARCHIVE_MAX_PAGES": "1500",
    "VNARCHIVE_MAX_LINKS": "300",
    "VNARCHIVE_MAX_RETRY_AFTER": "2",
}
CATEGORIES = ("encodings", "sitemaps", "escapes", "traps", "memory", "robots", "bytes")


@dataclass(frozen=True)
class Ask:
    """A request to a hostile host, as a fault's answer function sees it."""

    host: str
    path: str
    query: str
    headers: Mapping[str, str]
    portal: HostilePortal

    @property
    def url(self) -> str:
        return f"http://{self.host}{self.path}" + (f"?{self.query}" if self.query else "")

    def param(self, name: str, default: str = "") -> str:
        return parse_qs(self.query, keep_blank_values=True).get(name, [default])[0]


Answer = Callable[[Ask], Response]


@dataclass(frozen=True)
class Fault:
    id: str
    category: str
    urls: tuple[str, ...]  # entry points; linked from the hostile home page when ``linked``
    does: str  # what the fault does, in words
    expected: str  # what a correct crawler does, in words
    outcome: str  # a key of OUTCOMES
    answer: Answer | None = field(default=None, compare=False, repr=False)
    prefixes: tuple[str, ...] = ()  # URL prefixes whose requests count to it (default: urls)
    forbidden: tuple[str, ...] = ()  # URLs that must never be requested
    limit: int | None = None  # at most this many requests may count to it
    marker: str | None = None  # text a correct decoding and extraction yields
    linked: bool = True  # False: reached from robots.txt or a sitemap, or as a seed
    reads: tuple[str, ...] = ()  # pages whose text holds the marker (default: urls)

    def __post_init__(self) -> None:
        assert self.outcome in OUTCOMES and self.category in CATEGORIES, self.id

    @property
    def counted(self) -> tuple[str, ...]:
        return self.prefixes or self.urls

    def entry(self) -> dict[str, Any]:
        """The fault's catalogue entry (JSON-ready)."""
        return {
            "id": self.id,
            "category": self.category,
            "urls": list(self.urls),
            "prefixes": list(self.counted),
            "forbidden": list(self.forbidden),
            "does": self.does,
            "expected": self.expected,
            "outcome": self.outcome,
            "limit": self.limit,
            "marker": self.marker,
            "linked": self.linked,
        }
