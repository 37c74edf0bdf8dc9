"""``vnarchive jobs``: what ran, what failed and why."""

from __future__ import annotations

from typing import Any

import click

from archive.db.engine import open_database
from archive.db.jobs import STATUSES, jobs_query, recover_or_see, seen_as
from archive.db.models import CrawlJob
from vnarchive import render
from vnarchive.options import HostType, config_for, data_dir_option, json_option


def duration(job: CrawlJob) -> float | None:
    if job.finished_at is None or job.status in ("missed", "skipped"):
        return None
    return round((job.finished_at - job.started_at).total_seconds(), 1)


def job_json(job: CrawlJob) -> dict[str, Any]:
    return {
        "id": job.id,
        "portal": job.portal,
        "seeds": job.seeds.split(),
        "schedule_id": job.schedule_id,
        "trigger": job.trigger,
        "status": job.status,
        "reason": job.reason,
        "scheduled_at": render.iso(job.scheduled_at),
        "started_at": render.iso(job.started_at),
        "finished_at": render.iso(job.finished_at),
        "duration": duration(job),
        "pid": job.pid,
        "exit_code": job.exit_code,
        "pages": job.pages,
        "new_documents": job.new_documents,
        "changed_documents": job.changed_documents,
        "unchanged_documents": job.unchanged_documents,
        "warc_bytes": job.warc_bytes,
        "errors": job.errors or {},
        "stats": job.stats,
        "host": job.host,
        "heartbeat_at": render.iso(job.heartbeat_at),
        "progress": job.progress if job.status == "running" else None,
    }


def job_line(job: CrawlJob) -> str:
    why = f" ({job.reason})" if job.reason else ""
    return (
        f"job {job.id} {job.status}{why}: {job.pages} pages, {job.new_documents} new documents, "
        f"{sum((job.errors or {}).values())} errors, exit code {job.exit_code}"
    )


@click.command("jobs")
@click.option(
    "--portal",
    metavar="HOST",
    type=HostType(levels=True),
    help="Only crawls of this portal (or of its level).",
)
@click.option("--status", type=click.Choice(STATUSES), help="Only jobs with this status.")
@click.option("--limit", type=click.IntRange(min=1, max=10_000), default=50, show_default=True)
@json_option
@data_dir_option
def jobs_cmd(
    portal: str | None, status: str | None, limit: int, as_json: bool, data_dir: str | None
) -> None:
    """Crawl jobs, newest first: trigger, status and why, pages, documents, errors."""
    sessions = open_database(config_for(data_dir))
    dead, _ = recover_or_see(sessions)  # a crawl that died is not left "running"
    with sessions() as session:
        found = [seen_as(j, dead) for j in session.scalars(jobs_query(portal, status, limit))]
    if status is not None:
        found = [j for j in found if j.status == status]
    if as_json:
        render.print_json([job_json(j) for j in found])
        return
    if not found:
        render.console.print("no crawl jobs")
        return
    render.print_fitted(JOB_COLUMNS, jobs_rows(found))


JOB_COLUMNS = (
    render.Column("id", key=True, justify="right"),
    render.Column("portal", key=True),
    render.Column("status"),
    render.Column("started (ICT)"),
    render.Column("pages", justify="right", drop=4),
    render.Column("new", justify="right", drop=5),
    render.Column("trigger", drop=7),
    render.Column("time", justify="right", drop=6),
    render.Column("errors", justify="right", drop=8),
    render.Column("exit", justify="right", drop=9),
    render.Column("reason", wrap=True, drop=3, below=True),
)


def jobs_rows(found: list[CrawlJob]) -> list[list[str]]:
    rows = []
    for j in found:
        took = duration(j)
        when = j.scheduled_at if j.status in ("missed", "skipped") else j.started_at
        rows.append(
            [
                str(j.id),
                j.portal or _hosts(j),
                _status(j.status),
                render.local_time(when),
                str(j.pages),
                str(j.new_documents),
                j.trigger,
                "-" if took is None else f"{took:.0f}s",
                str(sum((j.errors or {}).values())),
                "-" if j.exit_code is None else str(j.exit_code),
                render.escape(live(j) or j.reason or ""),
            ]
        )
    return rows


def live(job: CrawlJob) -> str | None:
    """A running crawl's counts as of its last heartbeat."""
    p = job.progress if job.status == "running" else None
    if not p:
        return None
    return (
        f"now: {p.get('pages', 0)} pages, {p.get('articles', 0)} articles, "
        f"{sum(p.get('errors', {}).values())} errors, {p.get('rate', 0)} pages/s, "
        f"queue {p.get('queue', 0)}"
    )


def _hosts(job: CrawlJob) -> str:
    seeds = job.seeds.split()
    return seeds[0] + (f" +{len(seeds) - 1}" if len(seeds) > 1 else "") if seeds else "-"


_STYLES = {"succeeded": "green", "failed": "red", "missed": "red", "interrupted": "yellow"}


def _status(status: str) -> str:
    style = _STYLES.get(status)
    return f"[{style}]{status}[/{style}]" if style else status
