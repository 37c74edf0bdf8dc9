"""``vnarchive crawl``: crawl portals into the archive."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import click
from sqlalchemy.exc import SQLAlchemyError

from archive.config import ArchiveConfig
from archive.errors import InputError, VnarchiveError
from crawler.scope import forbidden_host, host_address, parse_networks
from vnarchive import render
from vnarchive.options import ROW_ID, SECONDS, config_for, data_dir_option


def writable_dir(folder: Path, what: str) -> None:
    """``folder`` exists (or is made) and can be written, or a one-line error says why."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"{what} {folder} is not a folder that can be made: {exc.strerror}"
        ) from exc
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"{what} {folder} is not a writable folder")


def check_folders(config: ArchiveConfig, log_file: str | None, jobdir: str | None) -> None:
    """Every folder the crawl writes to can be written, or a one-line error says which."""
    for what, folder in (
        ("VNARCHIVE_WARC_DIR", config.warc_dir),
        ("VNARCHIVE_LOG_DIR", config.log_dir),
    ):
        writable_dir(folder, what)
    if log_file is not None:
        writable_dir(Path(log_file).parent, "--log-file's folder")
    if jobdir is not None:
        writable_dir(Path(jobdir), "--jobdir")


def config_for_record(data_dir: str | None) -> ArchiveConfig | None:
    """The settings without the flags, to record a failure (``None``: unusable too)."""
    try:
        return config_for(data_dir)
    except VnarchiveError:
        return None


def record_failure(
    config: ArchiveConfig | None, seeds: list[str], job_id: int | None, exc: Exception
) -> None:
    """A crawl that cannot start is a ``failed`` job all the same (when its database can be
    opened): ``jobs --status failed`` and ``health`` show it with the reason."""
    if config is None:
        return
    from archive.db import jobs
    from archive.db.engine import open_database

    try:
        jobs.failed_to_start(open_database(config), seeds, str(exc), job_id)
    except (VnarchiveError, SQLAlchemyError):
        pass  # the error itself is what the operator must see


_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def check_portal_url(url: str, allowed: str = "") -> str:
    """A portal's start URL, or a one-line ``InputError`` saying what is wrong with it."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"not a portal URL: {url!r} (expected http:// or https://HOST/)")
    if parts.username is not None or parts.password is not None:
        raise InputError(f"not a portal URL: {url!r} has credentials in it")
    try:
        port = parts.port
    except ValueError:
        raise InputError(f"not a portal URL: {url!r} has an invalid port") from None
    if port == 0:
        raise InputError(f"not a portal URL: {url!r} has an invalid port")
    host = parts.hostname
    if host_address(host) is None:
        try:
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise InputError(f"not a portal URL: invalid host name {host!r}") from None
        labels = ascii_host.rstrip(".").split(".")
        if len(ascii_host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
            raise InputError(f"not a portal URL: invalid host name {host!r}")
    why = forbidden_host(host, parse_networks(allowed))
    if why is not None:
        raise InputError(
            f"not crawled: {url!r}: {why} (allow it with --allow-network CIDR if it is yours)"
        )
    text = url.strip()
    return text if parts.path else text + "/"


@click.command()
@click.argument("portal_urls", nargs=-1, required=True, metavar="PORTAL_URL...")
@click.option(
    "--max-pages",
    type=click.IntRange(min=0, max=10_000_000),
    default=None,
    help="Pages to fetch per portal at most (0: no limit). Default: VNARCHIVE_MAX_PAGES, 100000.",
)
@click.option(
    "--allow-network",
    "allow_networks",
    multiple=True,
    metavar="CIDR",
    help="A network that may be requested although it is not public (repeat it); "
    "e.g. 127.0.0.0/8 for a portal served on this machine. Env: VNARCHIVE_ALLOW_NETWORKS.",
)
@click.option(
    "--proxy",
    default=None,
    help="HTTP proxy for every request, e.g. the sandbox's. Env: VNARCHIVE_PROXY.",
)
@click.option(
    "--delay",
    type=SECONDS,
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
    type=ROW_ID,
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
@click.option(
    "--wait/--no-wait",
    default=True,
    show_default=True,
    help="With VNARCHIVE_REDIS_URL set: follow the queued job to its end and print its "
    "summary (--no-wait: print its id and return at once).",
)
@data_dir_option
def crawl(
    portal_urls: tuple[str, ...],
    max_pages: int | None,
    allow_networks: tuple[str, ...],
    proxy: str | None,
    delay: float | None,
    log_level: str,
    job_id: int | None,
    jobdir: str | None,
    log_file: str | None,
    wait: bool,
    data_dir: str | None,
) -> None:
    """Crawl PORTAL_URL... (home, listings, articles on each portal's host) into the archive.

    Raw captures go to WARC files, article text to the database. The log of the crawl is
    written to <data-dir>/logs/job-<id>.log; a summary is printed at the end.

    With VNARCHIVE_REDIS_URL set, the crawl is a job in the shared queue, crawled by the
    'vnarchive worker crawl' processes (on this machine or others); the command follows it
    to its end (or, with --no-wait, prints its id and returns).
    """
    from crawler.outcome import EXIT_CODES
    from crawler.run import run_crawl  # Scrapy and Twisted: loaded only to crawl

    if proxy is not None and not proxy.strip():
        raise InputError("--proxy needs a URL (http://HOST:PORT); leave it out to go direct")
    try:
        config = config_for(
            data_dir,
            proxy=proxy,
            max_pages=max_pages,
            allow_networks=",".join(allow_networks) if allow_networks else None,
        )
    except VnarchiveError as exc:  # e.g. a proxy that is no proxy URL
        record_failure(config_for_record(data_dir), list(portal_urls), job_id, exc)
        raise
    urls = [check_portal_url(u, config.allow_networks) for u in portal_urls]
    try:
        check_folders(config, log_file, jobdir)
    except VnarchiveError as exc:
        record_failure(config, urls, job_id, exc)
        raise
    if config.redis_url and job_id is None and jobdir is None and log_file is None:
        from vnarchive.commands.enqueue import enqueue_crawl

        enqueue_crawl(config, urls, max_pages=max_pages, delay=delay, log_level=log_level,
                      proxy=proxy, allow_networks=allow_networks, wait=wait)  # fmt: skip
        return
    render.console.print(f"Crawling {len(urls)} portal(s) into {config.data_dir} …")
    result = run_crawl(
        urls,
        config,
        delay=delay,
        log_level=log_level,
        job_id=job_id,
        jobdir=Path(jobdir) if jobdir else None,
        log_file=Path(log_file) if log_file else None,
    )
    render.crawl_summary(result)
    if EXIT_CODES[result.status]:
        raise SystemExit(EXIT_CODES[result.status])
