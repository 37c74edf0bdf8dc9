"""DocumentPipeline: extraction off the downloader, then ``archive.ingest`` stores the text."""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from archive.extract import Extraction, extract
from archive.ingest import Ingestor
from crawler.archive_link import ingestor_for
from crawler.spiders.portal import PageItem


class DocumentPipeline:
    def __init__(self, ingestor: Ingestor, stats: StatsCollector, workers: int) -> None:
        self.ingestor = ingestor
        self.stats = stats
        self.workers = workers
        self.pool: Executor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DocumentPipeline:
        assert crawler.stats is not None
        if not crawler.settings.getbool("VNARCHIVE_EXTRACT"):
            raise NotConfigured
        workers = crawler.settings.getint("VNARCHIVE_EXTRACT_WORKERS")
        return cls(ingestor_for(crawler), crawler.stats, workers)

    def open_spider(self) -> None:
        if self.workers > 0:
            context = multiprocessing.get_context("forkserver")
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)

    async def _extract(self, item: PageItem) -> Extraction:
        if self.pool is None:
            return extract(item.body, item.url, content_type=item.content_type)
        future = self.pool.submit(extract, item.body, item.url, content_type=item.content_type)
        return await asyncio.wrap_future(future)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        extraction = await self._extract(item)
        result = self.ingestor.add_document(item.capture_id, extraction)
        if result is not None:
            self.stats.inc_value("vnarchive/articles")
            if result.is_new:
                self.stats.inc_value("vnarchive/documents_new")
        item.body = b""  # the page is archived; keep memory flat
        return item
