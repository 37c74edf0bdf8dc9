"""Run one crawl in this process and report what it archived."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from archive.config import ArchiveConfig, mask_password
from archive.db import jobs
from archive.db.engine import open_database
from crawler.outcome import EXIT_CODES, NORMAL_ENDS, errors_by_kind, judge
from crawler.scope import Scope
from crawler.spiders.portal import PortalSpider


@dataclass
class CrawlResult:
    job_id: int
    status: str
    pages: int
    articles: int
    new_documents: int
    warc_bytes: int
    errors: dict[str, int]
    robots_disallowed: int
    unchanged: int  # pages written as revisits: archived before, same payload
    skipped_unchanged: int  # pages not requested: their sitemap lastmod predates our copy
    duration: float
    log_file: Path | None
    stats: dict[str, Any] = field(default_factory=dict)
    # what the crawl's bounds and guards held back, in words: count
    held_back: dict[str, int] = field(default_factory=dict)
    reason: str | None = None  # why it failed, or which portals answered nothing
    notices: int = 0  # pages announcing an official document
    files_read: int = 0  # document files (PDF, DOC…) read
    files_need_ocr: int = 0  # of them, scans whose pages await OCR
    official_documents: int = 0  # official documents these captures carry or announce


HELD_BACK = (  # stats key (prefix) → what the summary says
    ("vnarchive/budget_reached/", "page budget reached: {}"),
    ("vnarchive/dropped/", "not followed ({})"),
    ("vnarchive/scope/", "refused ({})"),
    ("vnarchive/robots/unreachable", "robots.txt unreachable: portal not crawled"),
    ("vnarchive/sitemap_truncated", "sitemaps cut at their bound"),
    ("vnarchive/cookies_dropped", "cookies dropped"),
)


def held_back(stats: dict[str, Any]) -> dict[str, int]:
    """What the page budget, the trap rules, the scope guard and the other bounds held back."""
    out: dict[str, int] = {}
    for key, count in sorted(stats.items()):
        for prefix, words in HELD_BACK:
            if key == prefix or (prefix.endswith("/") and key.startswith(prefix)):
                rest = key.removeprefix(prefix)
                label = words.format(rest if "budget" in prefix else rest.replace("_", " "))
                out[label] = out.get(label, 0) + int(count)
    return out


def moved_to(sessions: Any, urls: list[str]) -> list[str]:
    """Hosts the catalog says these portals moved to: their pages are the portal's too."""
    from archive.catalog.errors import CatalogInputError
    from archive.catalog.portals import find_portal

    out = []
    with sessions() as session:
        for url in urls:
            try:
                portal = find_portal(session, url)
            except CatalogInputError:
                continue
            if portal is not None and portal.status == "moved" and portal.redirect_to:
                host = urlsplit(portal.redirect_to).hostname
                if host:
                    out.append(host)
    return out


def crawl_settings(config: ArchiveConfig, job_id: int, **options: Any) -> Settings:
    """Scrapy's settings for a crawl: ``crawler.settings``, then the archive's settings."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    from_config = {
        "VNARCHIVE_CONFIG": config,
        "VNARCHIVE_JOB_ID": job_id,
        "VNARCHIVE_REVALIDATE_AFTER_DAYS": config.revalidate_after_days,
        "VNARCHIVE_EXTRACT": config.extract,
        "VNARCHIVE_EXTRACT_WORKERS": config.extract_workers,
        "VNARCHIVE_EXTRACT_NICENESS": config.extract_niceness,
        "VNARCHIVE_ALLOW_NETWORKS": [n for n in config.allow_networks.split(",") if n.strip()],
        "VNARCHIVE_MAX_DEPTH": config.max_depth,
        "VNARCHIVE_MAX_PAGINATION": config.max_pagination,
        "VNARCHIVE_MAX_CALENDAR": config.max_calendar,
        "VNARCHIVE_MAX_SITEMAPS": config.max_sitemaps,
        "VNARCHIVE_MAX_LINKS": config.max_links,
        "VNARCHIVE_MAX_RETRY_AFTER": config.max_retry_after,
        "VNARCHIVE_MAX_DOCUMENT_SIZE": config.max_document_size,
        "DOWNLOAD_TIMEOUT": config.download_timeout,
    }
    for name, value in from_config.items():
        settings.set(name, value, priority="cmdline")
    for name, value in options.items():
        if value is not None:
            settings.set(name, value, priority="cmdline")
    return settings


def job_settings(
    urls: list[str],
    config: ArchiveConfig,
    sessions: Any,
    job_id: int,
    *,
    log_file: Path | None,
    log_level: str = "INFO",
    delay: float | None = None,
    jobdir: Path | None = None,
    extra_settings: dict[str, Any] | None = None,
) -> Settings:
    """Scrapy's settings for crawling ``urls`` as job ``job_id``."""
    options: dict[str, Any] = {
        "VNARCHIVE_SEEDS": urls,
        "VNARCHIVE_SCOPE_ALIASES": moved_to(sessions, urls),
        "LOG_FILE": str(log_file) if log_file else None,
        "LOG_LEVEL": log_level,
        "JOBDIR": str(jobdir) if jobdir else None,
        **(extra_settings or {}),
    }
    if delay is not None:
        options.update(DOWNLOAD_DELAY=delay, AUTOTHROTTLE_START_DELAY=delay)
    return crawl_settings(config, job_id, **options)


def run_crawl(
    urls: list[str],
    config: ArchiveConfig,
    *,
    max_pages: int | None = None,
    proxy: str | None = None,
    delay: float | None = None,
    log_file: Path | None = None,
    log_level: str = "INFO",
    trigger: str = "manual",
    job_id: int | None = None,
    jobdir: Path | None = None,
    extra_settings: dict[str, Any] | None = None,
) -> CrawlResult:
    """Crawl ``urls`` as job ``job_id`` (a row made beforehand, e.g. by the scheduler) or as a
    new job; ``jobdir`` keeps Scrapy's queue on disk so an interrupted crawl can resume."""
    if proxy is not None:
        config = replace(config, proxy=proxy)
    sessions = open_database(config)
    if job_id is None:
        job_id = jobs.start(sessions, urls, trigger=trigger)
    else:
        jobs.claim(sessions, job_id)
    if log_file is None:
        log_file = default_log_file(config, job_id)
    settings = job_settings(urls, config, sessions, job_id, log_file=log_file,
                            log_level=log_level, delay=delay, jobdir=jobdir,
                            extra_settings=extra_settings)  # fmt: skip
    started = time.monotonic()
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(PortalSpider)
    budget = config.max_pages if max_pages is None else max_pages
    process.crawl(crawler, urls=urls, max_pages=budget)
    status = "failed"
    try:
        process.start()
        status = "succeeded"
    finally:
        logging.getLogger().handlers.clear()
        stats = dict(crawler.stats.get_stats()) if crawler.stats else {}
        duration = time.monotonic() - started
        result = conclude(sessions, job_id, urls, config, stats, status, duration, log_file)
    return result


def default_log_file(config: ArchiveConfig, job_id: int) -> Path:
    config.log_dir.mkdir(parents=True, exist_ok=True)
    return config.log_dir / f"job-{job_id}.log"


def conclude(
    sessions: Any,
    job_id: int,
    urls: list[str],
    config: ArchiveConfig,
    stats: dict[str, Any],
    status: str,
    duration: float,
    log_file: Path,
) -> CrawlResult:
    """Judge a crawl that ended (``status``: whether it ran to its end) and record it."""
    portals = [Scope.of([url]).portal_of(url) or url for url in urls]
    proxy = mask_password(config.proxy) if config.proxy else None
    outcome = judge(stats, portals, errors_by_kind(stats), proxy)
    if status == "succeeded" or outcome.status == "interrupted":
        status = outcome.status
    reason = outcome.reason if status == outcome.status else "the crawl raised an error"
    jobs.link_job_revisits(sessions, job_id)
    result = _result(sessions, job_id, status, stats, duration, log_file)
    result.reason = reason
    jobs.finish(sessions, job_id, status, _jsonable(stats, result), reason, EXIT_CODES[status])
    return result


def merged_stats(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The stats of a job crawled in parts (a crawl worker's tasks): counts added up, the
    first abnormal end as the job's end."""
    out: dict[str, Any] = {}
    for part in parts:
        for key, value in part.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                out[key] = out.get(key, 0) + value
            else:
                out.setdefault(key, value)
    ends = [part.get("finish_reason") for part in parts]
    abnormal = [end for end in ends if end not in NORMAL_ENDS]
    out["finish_reason"] = abnormal[0] if abnormal else "finished"
    return out


def result_of(job: Any, log_file: Path | None) -> CrawlResult:
    """The summary of a job that ended elsewhere (a crawl worker), from its row."""
    stats = dict(job.stats or {})
    return CrawlResult(
        job_id=job.id,
        status=job.status,
        pages=int(stats.get("pages", job.pages or 0)),
        articles=int(stats.get("articles", 0)),
        new_documents=int(stats.get("new_documents", job.new_documents or 0)),
        warc_bytes=int(stats.get("warc_bytes", job.warc_bytes or 0)),
        errors=dict(stats.get("errors", job.errors or {})),
        robots_disallowed=int(stats.get("robots_disallowed", 0)),
        unchanged=int(stats.get("unchanged", 0)),
        skipped_unchanged=int(stats.get("skipped_unchanged", 0)),
        duration=float(stats.get("duration", 0.0)),
        log_file=log_file,
        stats=dict(stats.get("scrapy", {})),
        held_back=dict(stats.get("held_back", {})),
        reason=job.reason,
        notices=int(stats.get("notices", 0)),
        files_read=int(stats.get("files_read", 0)),
        files_need_ocr=int(stats.get("files_need_ocr", 0)),
        official_documents=int(stats.get("official_documents", 0)),
    )


def _result(
    sessions: Any, job_id: int, status: str, stats: dict[str, Any], duration: float, log_file: Path
) -> CrawlResult:
    counts = jobs.job_counts(sessions, job_id)
    return CrawlResult(
        job_id=job_id,
        status=status,
        pages=counts["pages"],
        articles=counts["articles"],
        new_documents=counts["new_documents"],
        warc_bytes=int(stats.get("vnarchive/warc_bytes", 0)),
        errors=errors_by_kind(stats),
        robots_disallowed=int(stats.get("robotstxt/forbidden", 0)),
        unchanged=int(stats.get("vnarchive/captures/unchanged", 0)),
        skipped_unchanged=int(stats.get("vnarchive/skipped_unchanged", 0)),
        duration=duration,
        log_file=log_file,
        stats=stats,
        held_back=held_back(stats),
        notices=counts["notices"],
        files_read=counts["files_read"],
        files_need_ocr=counts["files_need_ocr"],
        official_documents=counts["official_documents"],
    )


def _jsonable(stats: dict[str, Any], result: CrawlResult) -> dict[str, Any]:
    scrapy_stats = {k: v if isinstance(v, int | float | str) else str(v) for k, v in stats.items()}
    return {
        "pages": result.pages,
        "articles": result.articles,
        "notices": result.notices,
        "files_read": result.files_read,
        "files_need_ocr": result.files_need_ocr,
        "official_documents": result.official_documents,
        "new_documents": result.new_documents,
        "warc_bytes": result.warc_bytes,
        "errors": result.errors,
        "robots_disallowed": result.robots_disallowed,
        "unchanged": result.unchanged,
        "skipped_unchanged": result.skipped_unchanged,
        "held_back": result.held_back,
        "duration": round(result.duration, 3),
        "scrapy": scrapy_stats,
    }
