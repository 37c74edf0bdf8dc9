"""Send every request through one fixed HTTP proxy (``VNARCHIVE_PROXY``).

The proxy comes from the crawl's ``ArchiveConfig``, not from a Scrapy setting of its own:
Scrapy logs its settings, and a proxy URL may hold a password (the config's repr masks it).
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class FixedProxyMiddleware:
    def __init__(self, proxy: str) -> None:
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FixedProxyMiddleware:
        config = crawler.settings.get("VNARCHIVE_CONFIG")
        proxy = getattr(config, "proxy", None) or crawler.settings.get("VNARCHIVE_PROXY")
        if not proxy:
            raise NotConfigured
        return cls(proxy)

    def process_request(self, request: Request) -> None:
        request.meta.setdefault("proxy", self.proxy)
