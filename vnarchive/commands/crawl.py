"""``vnarchive crawl``: crawl portals into the archive."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import click

from archive.errors import InputError
from vnarchive import render
from vnarchive.options import config_for, data_dir_option


def check_portal_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"not a portal URL: {url!r} (expected http:// or https://HOST/)")
    return url if parts.path else url + "/"


@click.command()
@click.argument("portal_urls", nargs=-1, required=True, metavar="PORTAL_URL...")
@click.option(
    "--max-pages",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Pages to fetch per portal at most (0: no limit).",
)
@click.option(
    "--proxy",
    default=None,
    help="HTTP proxy for every request, e.g. the sandbox's. Env: VNARCHIVE_PROXY.",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=None,
    help="Seconds between requests to one portal (default 0.5, AutoThrottle on).",
)
@click.option(
    "--log-level",
    type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
    default="INFO",
    show_default=True,
    help="Level of the crawl log.",
)
@click.option(
    "--job-id",
    type=click.IntRange(min=1),
    default=None,
    help="Run as this existing crawl job (made by the scheduler) instead of a new one.",
)
@click.option(
    "--jobdir",
    type=click.Path(file_okay=False),
    default=None,
    help="Keep the crawl's queue here so that an interrupted crawl resumes.",
)
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the crawl log here (default: <data-dir>/logs/job-<id>.log).",
)
@data_dir_option
def crawl(
    portal_urls: tuple[str, ...],
    max_pages: int,
    proxy: str | None,
    delay: float | None,
    log_level: str,
    job_id: int | None,
    jobdir: str | None,
    log_file: str | None,
    data_dir: str | None,
) -> None:
    """Crawl PORTAL_URL... (home, listings, articles on each portal's host) into the archive.

    Raw captures go to WARC files, article text to the database. The log of the crawl is
    written to <data-dir>/logs/job-<id>.log; a summary is printed at the end.
    """
    from crawler.run import run_crawl  # Scrapy and Twisted: loaded only to crawl

    urls = [check_portal_url(u) for u in portal_urls]
    config = config_for(data_dir, proxy=proxy)
    render.console.print(f"Crawling {len(urls)} portal(s) into {config.data_dir} …")
    result = run_crawl(
        urls,
        config,
        max_pages=max_pages,
        delay=delay,
        log_level=log_level,
        job_id=job_id,
        jobdir=Path(jobdir) if jobdir else None,
        log_file=Path(log_file) if log_file else None,
    )
    render.crawl_summary(result)
    if result.status != "succeeded":
        raise SystemExit(1)
