"""``vnarchive schedule``: when each portal or level is crawled."""

from __future__ import annotations

import signal
import threading
from typing import Any

import click

from archive.config import mask_password
from archive.db.engine import open_database
from archive.db.jobs import get as get_job
from archive.db.models import CrawlJob
from archive.errors import InputError
from archive.timeutil import utcnow
from scheduler.jobs import spec_of
from scheduler.portals import LEVELS
from scheduler.runner import CrawlSpec, Runner
from scheduler.schedules import Schedule, check_timing, list_schedules, open_schedules
from scheduler.triggers import format_duration
from vnarchive import render
from vnarchive.commands.jobs import job_line
from vnarchive.options import SECONDS, config_for, data_dir_option, json_option


def schedule_json(s: Schedule) -> dict[str, Any]:
    return {
        "id": s.id,
        "target": s.target,
        "when": str(s.trigger),
        "next_run": render.iso(s.next_run),
        "paused": s.paused,
        "proxy": s.options.get("proxy"),
        "max_pages": s.options.get("max_pages"),
        "delay": s.options.get("delay"),
    }


def schedule_line(s: Schedule) -> str:
    nxt = "paused" if s.paused else f"next {render.local_time(s.next_run)}"
    return f"{s.id}  {s.trigger}  ({nxt})"


@click.group()
def schedule() -> None:
    """Recurring crawls of a portal or of every portal of a level.

    Defaults by level: province daily, district every 3 days, commune weekly
    (VNARCHIVE_SCHEDULER_EVERY_<LEVEL>). Cron expressions and windows are in local time
    (Asia/Ho_Chi_Minh). The schedules run while 'vnarchive scheduler run' is running.
    """


@schedule.command("add")
@click.argument("host", required=False)
@click.option("--level", type=click.Choice(LEVELS), help="Crawl every portal of this level.")
@click.option("--cron", metavar="EXPR", help='Five-field cron, local time, e.g. "0 2 * * *".')
@click.option("--every", metavar="DURATION", help="Interval: 30m, 12h, 3d, 1w (default: by level).")
@click.option("--jitter", metavar="DURATION", help="Start up to this much later, at random.")
@click.option("--window", metavar="HH:MM-HH:MM", help="Start only in these local hours.")
@click.option("--proxy", help="HTTP proxy for the crawls.")
@click.option(
    "--max-pages",
    type=click.IntRange(min=0, max=10_000_000),
    default=0,
    help="Pages per portal at most.",
)
@click.option("--delay", type=SECONDS, help="Seconds between requests to a portal.")
@json_option
@data_dir_option
def add(
    host: str | None,
    level: str | None,
    cron: str | None,
    every: str | None,
    jitter: str | None,
    window: str | None,
    proxy: str | None,
    max_pages: int,
    delay: float | None,
    as_json: bool,
    data_dir: str | None,
) -> None:
    """Crawl HOST (a catalog portal) or every portal of --level, by --cron or --every."""
    if (host is None) == (level is None):
        raise click.UsageError("give either HOST or --level")
    if cron is not None and every is not None:
        raise click.UsageError("give either --cron or --every, not both")
    config = config_for(data_dir)
    check_timing(cron, every, jitter, window, config.scheduler, utcnow())
    if proxy is not None:
        checked = config_for(data_dir, proxy=proxy).proxy
        if checked and mask_password(checked) != checked:
            raise InputError(
                "a schedule's --proxy may not hold a password (it would be stored with the "
                "schedule): give the scheduler service VNARCHIVE_PROXY instead"
            )
    options = {"proxy": proxy, "max_pages": max_pages, "delay": delay}
    with open_schedules(config) as book:
        made = book.add(
            host=host, level=level, cron=cron, every=every, jitter=jitter, window=window, **options
        )
    if as_json:
        render.print_json(schedule_json(made))
    else:
        render.console.print(render.escape(f"scheduled {schedule_line(made)}"))


@schedule.command("list")
@json_option
@data_dir_option
def list_cmd(as_json: bool, data_dir: str | None) -> None:
    """Schedules, with their next run in local time (Asia/Ho_Chi_Minh). Only reads: nothing
    runs, and no next run time moves."""
    sessions = open_database(config_for(data_dir))
    try:
        found = list_schedules(sessions)
    finally:
        sessions.kw["bind"].dispose()
    if as_json:
        render.print_json([schedule_json(s) for s in found])
        return
    if not found:
        render.console.print("no schedules (add one with 'vnarchive schedule add')")
        return
    rows = [
        [
            s.id,
            "paused" if s.paused else render.local_time(s.next_run),
            render.escape(str(s.trigger)),
            format_duration(s.trigger.period()),
            render.escape(_options(s)),
        ]
        for s in found
    ]
    render.print_fitted(SCHEDULE_COLUMNS, rows)


SCHEDULE_COLUMNS = (
    render.Column("id", key=True),
    render.Column("next run (ICT)"),
    render.Column("when", wrap=True),
    render.Column("every ~", drop=2),
    render.Column("options", wrap=True, drop=1),
)


def _options(s: Schedule) -> str:
    o = s.options
    parts = [f"max {o['max_pages']} pages" if o.get("max_pages") else ""]
    parts += [
        f"proxy {o['proxy']}" if o.get("proxy") else "",
        f"delay {o['delay']}" if o.get("delay") is not None else "",
    ]
    return ", ".join(p for p in parts if p) or "-"


def _change(action: str) -> Any:
    @click.argument("schedule_id", metavar="ID")
    @data_dir_option
    def command(schedule_id: str, data_dir: str | None) -> None:
        with open_schedules(config_for(data_dir)) as book:
            made = getattr(book, action)(schedule_id)
        render.console.print(
            render.escape(f"{action}d {schedule_line(made) if made else schedule_id}")
        )

    command.__doc__ = f"{action.capitalize()} the schedule ID (e.g. crawl:kinhmon.haiduong.gov.vn)."
    return schedule.command(action)(command)


for _action in ("pause", "resume", "remove"):
    _change(_action)


@schedule.command("run-now")
@click.argument("schedule_id", metavar="ID")
@data_dir_option
def run_now(schedule_id: str, data_dir: str | None) -> None:
    """Crawl the schedule ID now, in the foreground (trigger: manual)."""
    config = config_for(data_dir)
    with open_schedules(config) as book:
        spec = spec_of(book.get(schedule_id).options)
        runner = Runner(config, book.sessions)
    render.console.print(f"crawling {spec.target} now; log in {config.log_dir}")
    job = _run_in_foreground(runner, spec, schedule_id)
    render.console.print(render.escape(job_line(job)))
    if job.status != "succeeded":
        raise SystemExit(1)


def _run_in_foreground(runner: Runner, spec: CrawlSpec, schedule_id: str) -> CrawlJob:
    done: list[int] = []
    worker = threading.Thread(
        target=lambda: done.append(
            runner.run(spec, trigger="manual", schedule_id=schedule_id, scheduled_at=None)
        )
    )
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.2)
    except KeyboardInterrupt:
        runner.signal_all(signal.SIGTERM)  # Scrapy saves its queue: the next run resumes
        worker.join()
    job = get_job(runner.sessions, done[0])
    assert job is not None
    return job
