"""robots.txt as RFC 9309 says: an unreachable robots.txt disallows everything.

Scrapy's middleware treats a robots.txt answered 5xx as allowing everything, and one it
cannot fetch (refused, timed out, redirected out of scope) as allowing everything too. RFC
9309 (2.3.1.3, 2.3.1.4): on a server error or when it is unreachable, assume complete
disallow; 4xx means there is no robots.txt. The portal is then not crawled, and the crawl
says why (``vnarchive/robots/unreachable``).
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.misc import build_from_crawler

logger = logging.getLogger(__name__)
DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class PortalRobotsTxtMiddleware(RobotsTxtMiddleware):
    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            self._stats.inc_value("vnarchive/robots/unreachable")
            logger.warning(
                "robots.txt of %s answered %s: nothing is fetched from it (RFC 9309)",
                netloc,
                response.status,
            )
            response = response.replace(body=DISALLOW_ALL, status=200)
        elif response.status >= 400:
            response = response.replace(body=b"")  # no robots.txt: everything allowed
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest) and "out of scope" not in str(exc):
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value("vnarchive/robots/unreachable")
        logger.warning(
            "robots.txt of %s could not be fetched (%s): nothing is fetched from it (RFC 9309)",
            netloc,
            exc,
        )
        parser = build_from_crawler(self._parserimpl, self.crawler, DISALLOW_ALL)
        pending = self._parsers[netloc]
        self._parsers[netloc] = parser
        if hasattr(pending, "callback"):
            pending.callback(parser)
