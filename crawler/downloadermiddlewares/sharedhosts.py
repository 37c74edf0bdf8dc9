"""Crawl workers pace the hosts they share (``archive.hostpace``).

A request to a host other than the task's portal (which the worker leases) waits for the
moment it reserved in Redis, so the workers of one deployment together ask a province's
file host or a CDN no more often than once per ``VNARCHIVE_SHARED_HOST_DELAY`` seconds
(by default the crawl's ``DOWNLOAD_DELAY``). Only crawl workers (a job in Redis) use it; a
crawl on one machine has Scrapy's own per-host delay. The wait is an asyncio sleep and the
reservation runs on a thread: nothing blocks the reactor.
"""

from __future__ import annotations

import asyncio
import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from archive.hostpace import HostPacer
from archive.jobqueue import portal_host

logger = logging.getLogger(__name__)


class SharedHostPacingMiddleware:
    def __init__(self, pacer: HostPacer, leased: set[str], stats: StatsCollector) -> None:
        self.pacer = pacer
        self.leased = leased
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedHostPacingMiddleware:
        settings = crawler.settings
        if not (settings.get("REDIS_URL") and settings.getint("VNARCHIVE_JOB_ID")):
            raise NotConfigured("only crawl workers share hosts")
        interval = settings.getfloat(
            "VNARCHIVE_SHARED_HOST_DELAY", settings.getfloat("DOWNLOAD_DELAY")
        )
        if interval <= 0:
            raise NotConfigured("no delay asked")
        from scrapy_redis.connection import get_redis_from_settings

        assert crawler.stats is not None
        # a worker's crawl is one task: its seed's host is the one the worker leases
        leased = {portal_host(seed) for seed in settings.getlist("VNARCHIVE_SEEDS")}
        return cls(HostPacer(get_redis_from_settings(settings), interval), leased, crawler.stats)

    async def process_request(self, request: Request) -> Response | None:
        host = portal_host(request.url)
        if not host or host in self.leased:
            return None
        try:
            reservation = await asyncio.to_thread(self.pacer.reserve, host)
        except Exception as exc:  # noqa: BLE001 - Redis away: Scrapy's own delay still holds
            logger.warning("no pace reserved for %s: %s", host, exc)
            return None
        if reservation.wait > 0:
            self.stats.inc_value("vnarchive/shared_host_waits")
            self.stats.inc_value("vnarchive/shared_host_wait_seconds", reservation.wait)
            await asyncio.sleep(reservation.wait)
        return None
