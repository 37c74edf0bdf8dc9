"""``Retry-After`` obeyed: a portal that answers 429 or 503 with ``Retry-After`` gets that
long (at most ``MAX_WAIT``) before the crawl asks it again.

Scrapy's retry middleware retries such answers at once. Here the host's download slot is
slowed to the wait the portal asked for, before the retry goes out; AutoThrottle brings the
delay back down as the portal answers again.
"""

from __future__ import annotations

import logging
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from archive.timeutil import utcnow

logger = logging.getLogger(__name__)
MAX_WAIT = 120.0  # seconds; a longer wait is capped (the retry may fail and be counted)


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (seconds, or an HTTP date)."""
    if not value:
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():  # not '²' (latin-1 0xB2): isdigit, yet no float
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - utcnow()).total_seconds())


class RetryAfterMiddleware:
    def __init__(self, crawler: Crawler, max_wait: float = MAX_WAIT) -> None:
        self.crawler = crawler
        self.max_wait = max_wait

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler, crawler.settings.getfloat("VNARCHIVE_MAX_RETRY_AFTER", MAX_WAIT))

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in (429, 503):
            return response
        header = response.headers.get("Retry-After")
        wait = retry_after(header.decode("latin-1") if header else None)
        engine = self.crawler.engine
        if wait is None or engine is None:
            return response
        wait = min(wait, self.max_wait)
        key = request.meta.get("download_slot") or response.url.split("/")[2]
        slot = engine.downloader.slots.get(key)
        if slot is not None and slot.delay < wait:
            slot.delay = wait
            logger.info("%s asks to wait %.0f s (Retry-After): slowing down", key, wait)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("vnarchive/retry_after")
        return response
