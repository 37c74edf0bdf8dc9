"""``vnarchive scheduler run``: the scheduling service, in the foreground."""

from __future__ import annotations

import logging
import sys

import click

from archive.db.engine import open_database
from scheduler.service import SchedulerService
from vnarchive.options import config_for, data_dir_option

LOG_FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"


@click.group("scheduler")
def scheduler_group() -> None:
    """The service that runs the schedules (see 'vnarchive schedule')."""


@scheduler_group.command("run")
@data_dir_option
def run(data_dir: str | None) -> None:
    """Run the schedules until SIGTERM or Ctrl-C.

    Each run is a 'vnarchive crawl' subprocess logging to data/logs/job-<id>.log. On SIGTERM
    no new crawl starts; running crawls get VNARCHIVE_SCHEDULER_SHUTDOWN_GRACE seconds to
    finish, then are interrupted so that their next run resumes where they stopped. The
    service logs to stderr and to data/logs/scheduler.log.

    One service per database runs the schedules: a second one (another machine, or a
    standby) waits and takes over within VNARCHIVE_SCHEDULER_POLL_INTERVAL seconds of the
    first one's end (PostgreSQL: an advisory lock; SQLite: a lock file beside the database).
    A service that loses its lock exits with code 1.
    """
    config = config_for(data_dir)
    sessions = open_database(config)
    config.log_dir.mkdir(parents=True, exist_ok=True)
    handlers = [
        logging.StreamHandler(sys.stderr),
        logging.FileHandler(config.log_dir / "scheduler.log"),
    ]
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, handlers=handlers, force=True)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    service = SchedulerService(config, sessions, config.scheduler)
    service.run()
    if service.lost_lock:
        click.echo("vnarchive scheduler: lost the scheduler lock; exiting", err=True)
        raise SystemExit(1)
