"""Answers from the archive for what a job's previous worker archived but did not process.

A crawl worker killed mid-crawl leaves pages it had fetched and archived without having
journaled them processed (its requests in flight, its robots.txt). The worker that takes
the job over (``crawler.worker``) schedules them again from the journal; this middleware
answers each of them once with the archived record (``PortalSpider.replay``), so that the
portal is not asked twice for a page the archive holds and the spider still follows its
links. Nothing is archived again: the answer carries its capture's id.

A robots.txt the job already archived is answered from the archive too, whoever archived
it: the crawl workers of one job crawl portals that share hosts (a province's file host, a
CDN), and each worker process would otherwise ask each shared host for it once.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector

from archive.db.jobs import job_capture_of
from archive.errors import VnarchiveError
from crawler.archive_link import ArchiveLink, link_for
from crawler.downloadermiddlewares.conditional import response_from
from crawler.downloadermiddlewares.warcrecord import CAPTURE_ID, RECORD_TYPE, REPLAYED


class ReplayArchivedMiddleware:
    def __init__(self, crawler: Crawler, archive: ArchiveLink, stats: StatsCollector) -> None:
        self.crawler = crawler
        self.archive = archive
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplayArchivedMiddleware:
        assert crawler.stats is not None
        return cls(crawler, link_for(crawler), crawler.stats)

    async def process_request(self, request: Request) -> Response | None:
        replay: dict[str, tuple[int, str]] = getattr(self.crawler.spider, "replay", None) or {}
        if request.method != "GET":
            return None
        found = replay.pop(request.url, None)
        if found is None and urlsplit(request.url).path == "/robots.txt":
            found = await self._archived_robots(request.url)
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

    async def _archived_robots(self, url: str) -> tuple[int, str] | None:
        job_id = self.crawler.settings.getint("VNARCHIVE_JOB_ID")
        if not job_id:
            return None
        try:
            return await self.archive.call(job_capture_of, self.archive.sessions, job_id, url)
        except VnarchiveError:
            return None  # the archive is away: asked from the portal
