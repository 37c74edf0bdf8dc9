"""``vnarchive worker crawl``: a crawl worker of a deployment on several machines."""

from __future__ import annotations

import click

from archive.errors import InputError
from vnarchive.options import config_for, data_dir_option


@click.group("worker")
def worker_group() -> None:
    """Workers of a deployment on several machines (VNARCHIVE_REDIS_URL; docs/operations.md)."""


@worker_group.command("crawl")
@click.option(
    "--id",
    "worker_id",
    default=None,
    help="This worker's name, in its WARC files and its jobs' rows. Env: VNARCHIVE_WORKER_ID. "
    "Default: <host>-<pid>.",
)
@click.option(
    "--exit-when-idle",
    is_flag=True,
    help="Exit once no job is waiting or running (a batch, a benchmark) instead of waiting "
    "for more.",
)
@data_dir_option
def crawl_worker(worker_id: str | None, exit_when_idle: bool, data_dir: str | None) -> None:
    """Take crawl jobs from the shared queue and crawl them, one at a time, until SIGTERM.

    'vnarchive crawl' and the scheduler put jobs in the queue when VNARCHIVE_REDIS_URL is
    set. Each portal is fetched by one worker at a time; a job's frontier and journal live
    in Redis, so that a job whose worker stopped (killed, cut off: no lease renewal for
    VNARCHIVE_WORKER_LEASE seconds) is resumed by another worker without fetching again
    what was archived. On SIGTERM the running job is handed back to the queue.
    """
    config = config_for(data_dir, worker_id=worker_id)
    if not config.redis_url:
        raise InputError("a crawl worker needs VNARCHIVE_REDIS_URL (redis://HOST:PORT/DB)")
    from crawler.worker import CrawlWorker  # Scrapy and Twisted: loaded only to crawl

    worker = CrawlWorker(config, exit_when_idle=exit_when_idle)
    raise SystemExit(worker.run())
