"""One archive ``Ingestor`` per running crawler, shared by the middleware and the pipeline."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from weakref import WeakKeyDictionary

from scrapy import signals
from scrapy.crawler import Crawler

from archive.config import load_config
from archive.ingest import Ingestor

_INGESTORS: WeakKeyDictionary[Crawler, Ingestor] = WeakKeyDictionary()


def _software() -> str:
    try:
        return f"vnarchive/{version('vnarchive')}"
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "vnarchive"


def ingestor_for(crawler: Crawler) -> Ingestor:
    if crawler not in _INGESTORS:
        config = load_config(crawler.settings.get("VNARCHIVE_DATA_DIR"))
        ingestor = Ingestor(config)
        ingestor.warcinfo = {
            "software": _software(),
            "isPartOf": f"job-{crawler.settings.get('VNARCHIVE_JOB_ID') or 'adhoc'}",
            "operator": config.operator,
            "robots": "obey" if crawler.settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "http-header-user-agent": crawler.settings.get("USER_AGENT"),
            "description": "HTTP headers are rebuilt by the client library (Scrapy/Twisted); "
            "bodies are stored as transferred, de-chunked (Transfer-Encoding kept as "
            "X-Archive-Orig-Transfer-Encoding). A server-not-modified revisit carries the "
            "stored response's headers as the 304 freshened them (RFC 9111 4.3.4).",
        }
        crawler.signals.connect(ingestor.close, signal=signals.engine_stopped)
        _INGESTORS[crawler] = ingestor
    return _INGESTORS[crawler]
