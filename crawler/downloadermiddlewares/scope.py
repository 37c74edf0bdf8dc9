"""The scope and address guard: the first downloader middleware, and again on every
redirect, meta refresh and robots.txt request (they all come back through it).

A request is dropped (``IgnoreRequest``, counted under ``vnarchive/scope/<why>`` and logged)
when it is not http(s), when its host is a private, loopback, link-local, reserved or
multicast address in any spelling (the resolver checks names once resolved:
``crawler.resolver``), or — for a page, a sitemap or a feed — when it is off the portals'
hosts (a seed redirecting to another host is archived, not followed). Requisites and
documents (``meta["vnarchive_role"]``) may live on any public host, on a web port (80, 443,
or a portal's) and without user info in the address.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.statscollectors import StatsCollector

from crawler.scope import Network, Scope, forbidden_host, parse_networks

logger = logging.getLogger(__name__)
ROLE = "vnarchive_role"  # page (default), sitemap, feed, requisite, document
LEAF_ROLES = ("requisite", "document")


class ScopeGuardMiddleware:
    def __init__(self, scope: Scope, allowed: tuple[Network, ...], stats: StatsCollector) -> None:
        self.scope = scope
        self.allowed = allowed
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ScopeGuardMiddleware:
        settings = crawler.settings
        seeds = settings.getlist("VNARCHIVE_SEEDS")
        scope = Scope.of(seeds, settings.getlist("VNARCHIVE_SCOPE_ALIASES"))
        allowed = parse_networks(settings.getlist("VNARCHIVE_ALLOW_NETWORKS"))
        assert crawler.stats is not None
        return cls(scope, allowed, crawler.stats)

    def _drop(self, request: Request, why: str, detail: str) -> None:
        self.stats.inc_value(f"vnarchive/scope/{why}")
        origin = request.meta.get("redirect_urls", [None])[0]
        via = f" (redirected from {origin})" if origin else ""
        logger.warning("not requested: %s%s: %s", request.url, via, detail)
        raise IgnoreRequest(f"out of scope: {detail}")

    def process_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("http", "https"):
            self._drop(request, "scheme", f"scheme {parts.scheme!r}")
        why = forbidden_host(parts.hostname or "", self.allowed)
        if why is not None:
            self._drop(request, "forbidden_address", why)
        role = request.meta.get(ROLE, "page")
        if role in LEAF_ROLES and (refusal := self.scope.leaf_refusal(request.url)):
            self._drop(request, "leaf_address", refusal)
        if role in LEAF_ROLES or request.meta.get("dont_obey_robotstxt"):
            return  # a requisite or document may live elsewhere; robots.txt of a host let in
        if self.scope.portal_of(request.url) is None:
            kind = "offsite_redirect" if request.meta.get("redirect_urls") else "offsite"
            self._drop(request, kind, f"{parts.hostname} is not the portal's host")
