"""Answers from the archive for what a job's previous worker archived but did not process.

A crawl worker killed mid-crawl leaves pages it had fetched and archived without having
journaled them processed (its requests in flight, its robots.txt). The worker that takes
the job over (``crawler.worker``) schedules them again from the journal; this middleware
answers each of them once with the archived record (``PortalSpider.replay``), so that the
portal is not asked twice for a page the archive holds and the spider still follows its
links. Nothing is archived again: the answer carries its capture's id.

A robots.txt the job already archived is answered from the archive too, whoever archived
it: the crawl workers of one job crawl portals that share hosts (a province's file host, a
CDN), and each worker process would otherwise ask each shared host for it once. Which of
them asks is settled in Redis: the first to claim ``vnarchive:job:<id>:robots:<host>`` asks
the host, the others wait until its answer is archived and read it from there. A claim lapses
after ``ROBOTS_CLAIM`` seconds (its worker died) and is dropped when the request failed, so
a waiting worker then asks itself.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from archive.db.jobs import job_capture_of
from archive.errors import VnarchiveError
from archive.jobqueue import job_key
from crawler.archive_link import ArchiveLink, link_for
from crawler.downloadermiddlewares.conditional import response_from
from crawler.downloadermiddlewares.warcrecord import CAPTURE_ID, RECORD_TYPE, REPLAYED

ROBOTS_CLAIM = 30.0  # seconds a worker's claim to ask a host for robots.txt holds
ROBOTS_POLL = 0.25  # seconds between looks for the answer another worker is fetching
CLAIMED = "vnarchive_robots_claim"  # request.meta: the claim key this request holds


class ReplayArchivedMiddleware:
    def __init__(
        self,
        crawler: Crawler,
        archive: ArchiveLink,
        stats: StatsCollector,
        redis: Any | None = None,
    ) -> None:
        self.crawler = crawler
        self.archive = archive
        self.stats = stats
        self.redis = redis  # a crawl worker's: robots.txt of shared hosts asked once per job
        self.owner = crawler.settings.get("VNARCHIVE_WORKER_ID") or "crawl"

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplayArchivedMiddleware:
        assert crawler.stats is not None
        redis = None
        if crawler.settings.get("REDIS_URL") and crawler.settings.getint("VNARCHIVE_JOB_ID"):
            from scrapy_redis.connection import get_redis_from_settings

            redis = get_redis_from_settings(crawler.settings)
        return cls(crawler, link_for(crawler), crawler.stats, redis)

    async def process_request(self, request: Request) -> Response | None:
        replay: dict[str, tuple[int, str]] = getattr(self.crawler.spider, "replay", None) or {}
        if request.method != "GET":
            return None
        found = replay.pop(request.url, None)
        if found is None and urlsplit(request.url).path == "/robots.txt":
            found = await self._archived_robots(request)
        if found is None:
            return None
        capture_id, record_type = found
        try:
            stored = await self.archive.archived(capture_id)
        except (KeyError, VnarchiveError):
            return None  # unreadable: fetched again
        request.meta[REPLAYED] = True
        request.meta[CAPTURE_ID] = capture_id
        request.meta[RECORD_TYPE] = record_type
        self.stats.inc_value("vnarchive/replayed")
        return response_from(stored, request.url, request)

    def process_exception(self, request: Request, exception: BaseException) -> None:
        claim = request.meta.pop(CLAIMED, None)
        if claim and self.redis is not None:  # failed: a waiting worker asks at once
            asyncio.ensure_future(self._release(claim))

    async def _archived_robots(self, request: Request) -> tuple[int, str] | None:
        job_id = self.crawler.settings.getint("VNARCHIVE_JOB_ID")
        if not job_id:
            return None
        found = await self._job_capture(job_id, request.url)
        if found is not None or self.redis is None:
            return found
        # the job's other workers may be asking this host at this moment: one asks
        claim = job_key(job_id, f"robots:{urlsplit(request.url).netloc}")
        waited = 0.0
        while True:
            try:
                claimed = await self.archive.call(_claim, self.redis, claim, self.owner)
            except Exception:  # noqa: BLE001 - Redis away: asked from the host
                return None
            if claimed:
                request.meta[CLAIMED] = claim
                return None
            await asyncio.sleep(ROBOTS_POLL)
            waited += ROBOTS_POLL
            found = await self._job_capture(job_id, request.url)
            if found is not None:
                self.stats.inc_value("vnarchive/robots_from_other_worker")
                return found
            if waited > 2 * ROBOTS_CLAIM:  # the claim should have lapsed by now
                return None

    async def _job_capture(self, job_id: int, url: str) -> tuple[int, str] | None:
        try:
            return await self.archive.call(job_capture_of, self.archive.sessions, job_id, url)
        except VnarchiveError:
            return None  # the archive is away: asked from the portal

    async def _release(self, claim: str) -> None:
        try:
            await self.archive.call(self.redis.delete, claim)
        except Exception:  # noqa: BLE001 - it lapses by itself
            pass


def _claim(redis: Any, key: str, owner: str) -> bool:
    return bool(redis.set(key, owner, nx=True, px=int(ROBOTS_CLAIM * 1000)))
