"""The crawl's link to the archive: one per running crawler, shared by its components.

Every database and file operation a crawl needs — archiving an exchange, looking up what the
archive holds of a URL, reading a record back — runs off the crawl's event loop, on the
capture worker's threads (``archive.capture.worker``), and is awaited here. With
``VNARCHIVE_CAPTURE_THREAD=false`` they run on the event loop instead, as they once did (for
measuring the difference only).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TypeVar
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.crawler import Crawler
from sqlalchemy.orm import Session, sessionmaker

from archive.capture.dedup import Previous
from archive.capture.record import CaptureRecorder, Pending, Recorded
from archive.capture.worker import CaptureWorker
from archive.config import ArchiveConfig
from archive.db.engine import open_database
from archive.warc.reader import StoredRecord

T = TypeVar("T")
_LINKS: WeakKeyDictionary[Crawler, ArchiveLink] = WeakKeyDictionary()


def _software() -> str:
    try:
        return f"vnarchive/{version('vnarchive')}"
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "vnarchive"


def proxy_named(proxy: str) -> str:
    """A proxy URL without its user name and password: ``http://host:port``."""
    parts = urlsplit(proxy)
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port:
        netloc += f":{parts.port}"
    return f"{parts.scheme}://{netloc}"


def warcinfo_for(crawler: Crawler, config: ArchiveConfig) -> dict[str, Any]:
    proxy = getattr(config, "proxy", None) or crawler.settings.get("VNARCHIVE_PROXY")
    through = (
        {
            "http-proxy": proxy_named(proxy),
            "proxy-note": "every request went through this proxy: WARC-IP-Address is left "
            "out, the origin's address being unknown",
        }
        if proxy
        else {}
    )
    worker = crawler.settings.get("VNARCHIVE_WORKER_ID")
    return {
        "software": _software(),
        "isPartOf": f"job-{crawler.settings.get('VNARCHIVE_JOB_ID') or 'adhoc'}",
        **({"vnarchive-worker": worker} if worker else {}),
        "operator": config.operator,
        "robots": "obey" if crawler.settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        "http-header-user-agent": crawler.settings.get("USER_AGENT"),
        "description": "HTTP headers are rebuilt by the client library (Scrapy/Twisted); "
        "bodies are stored as transferred, de-chunked (Transfer-Encoding kept as "
        "X-Archive-Orig-Transfer-Encoding). A server-not-modified revisit carries the "
        "stored response's headers as the 304 freshened them (RFC 9111 4.3.4).",
        **through,
    }


class ArchiveLink:
    def __init__(
        self, config: ArchiveConfig, sessions: sessionmaker[Session], recorder: CaptureRecorder
    ) -> None:
        self.config = config
        self.sessions = sessions
        self.recorder = recorder
        self.worker = CaptureWorker(recorder) if config.capture_thread else None

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` on the reader thread, awaited."""
        if self.worker is None:
            return fn(*args)
        return await asyncio.wrap_future(self.worker.read(fn, *args))

    async def record(self, pending: Pending) -> Recorded:
        if self.worker is None:
            return self.recorder.record_many([pending])[0]
        return await asyncio.wrap_future(self.worker.submit(pending))

    async def lookup(self, url: str) -> Previous | None:
        return await self.call(self.recorder.lookup, url)

    async def lookup_many(self, urls: Sequence[str]) -> dict[str, Previous]:
        return await self.call(self.recorder.lookup_many, urls)

    async def archived(self, capture_id: int) -> StoredRecord:
        return await self.call(self.recorder.archived, capture_id)

    @property
    def warc_bytes(self) -> int:
        return self.recorder.warc_bytes

    def close(self) -> None:
        """Archive what is still queued and close the WARC file (engine stopped)."""
        if self.worker is not None:
            self.worker.close()
        else:
            self.recorder.close()


def link_for(crawler: Crawler) -> ArchiveLink:
    """The crawler's link, made on first use from ``VNARCHIVE_CONFIG``."""
    if crawler not in _LINKS:
        config: ArchiveConfig = crawler.settings["VNARCHIVE_CONFIG"]
        if config is None:
            raise RuntimeError("VNARCHIVE_CONFIG is not set: start crawls with crawler.run")
        sessions = open_database(config)
        recorder = CaptureRecorder(config, sessions, warcinfo_for(crawler, config))
        link = ArchiveLink(config, sessions, recorder)
        crawler.signals.connect(link.close, signal=signals.engine_stopped)
        _LINKS[crawler] = link
    return _LINKS[crawler]
