"""``vnarchive worker crawl`` and ``worker index``: the workers of a deployment on several
machines."""

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


@worker_group.command("index")
@click.option(
    "--id",
    "worker_id",
    default=None,
    help="This indexer's name, in its claims on captures. Env: VNARCHIVE_WORKER_ID. "
    "Default: <host>-<pid>.",
)
@click.option(
    "--exit-when-idle",
    is_flag=True,
    help="Exit once no crawl job is waiting or running and no capture is left to index "
    "instead of waiting for more.",
)
@data_dir_option
def index_worker(worker_id: str | None, exit_when_idle: bool, data_dir: str | None) -> None:
    """Index the captures crawl workers archived without extracting them, until SIGTERM.

    Run crawl workers with VNARCHIVE_EXTRACT=0 and as many indexers as extraction needs:
    each takes pending captures (HTML pages and document files) in batches it claims in
    Redis, so no capture is indexed twice, and reads them back from their WARC records. Once
    a crawl job has ended and its pages are indexed, one indexer learns its portal templates.
    """
    import logging
    import signal
    import sys

    config = config_for(data_dir, worker_id=worker_id)
    if not config.redis_url:
        raise InputError("an indexing worker needs VNARCHIVE_REDIS_URL (redis://HOST:PORT/DB)")
    from archive.documents.index_worker import IndexWorker

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s indexer: %(message)s"))
    log = logging.getLogger("vnarchive.indexer")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    worker = IndexWorker(config, exit_when_idle=exit_when_idle)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: worker.stop())
    stats = worker.run()
    click.echo(
        f"{stats.indexed} capture(s) indexed, {stats.documents} document(s), "
        f"{stats.failed} failed, {len(stats.templates)} template(s) learned"
    )
