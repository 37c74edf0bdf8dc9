"""``vnarchive health``: per portal, is it being archived as often as it should?"""

from __future__ import annotations

from typing import Any

import click

from archive.db.engine import open_database
from archive.db.jobs import recover_or_see
from scheduler.health import PortalHealth, health
from scheduler.schedules import list_schedules
from scheduler.triggers import format_duration
from vnarchive import render
from vnarchive.options import config_for, data_dir_option, json_option


def health_json(p: PortalHealth) -> dict[str, Any]:
    return {
        "portal": p.portal,
        "schedule_id": p.schedule_id,
        "interval_seconds": p.interval.total_seconds() if p.interval else None,
        "last_success": render.iso(p.last_success),
        "last_status": p.crawls[0].job.status if p.crawls else None,
        "consecutive_failures": p.consecutive_failures,
        "last_error_rate": p.last_error_rate,
        "pages_per_crawl": p.pages,
        "crawls": len(p.crawls),
        "stale": p.stale,
        "running": _running(p),
    }


def _running(p: PortalHealth) -> dict[str, Any] | None:
    """The crawl of the portal going on now, with its counts as of its last heartbeat."""
    if p.running is None:
        return None
    return {"job": p.running.id, **(p.running.progress or {"pages": p.running.pages})}


@click.command("health")
@json_option
@data_dir_option
def health_cmd(as_json: bool, data_dir: str | None) -> None:
    """Per portal: last success, consecutive failures, error rate of the last crawl, pages
    per crawl (last 5, oldest first); STALE when no success within twice its interval."""
    sessions = open_database(config_for(data_dir))
    dead, _ = recover_or_see(sessions)  # a crawl that died is not shown running
    report = health(sessions, list_schedules(sessions))
    for p in report:
        if p.running is not None and p.running.id in dead:
            p.running = None
    if as_json:
        render.print_json([health_json(p) for p in report])
        return
    if not report:
        render.console.print("no portals scheduled or crawled yet")
        return
    render.print_fitted(HEALTH_COLUMNS, health_rows(report))


HEALTH_COLUMNS = (
    render.Column("portal", key=True),
    render.Column(""),  # STALE
    render.Column("every"),
    render.Column("last success (ICT)"),
    render.Column("failures", justify="right", drop=1),  # what health is read for: kept longest
    render.Column("error rate", justify="right", drop=2),
    render.Column("pages/crawl", wrap=True, drop=3),
    render.Column("now", wrap=True, drop=2),
)


def _now(p: PortalHealth) -> str:
    live = _running(p)
    return f"crawling: {live.get('pages', 0)} pages" if live else ""


def health_rows(report: list[PortalHealth]) -> list[list[str]]:
    rows = []
    for p in report:
        rate = "-" if p.last_error_rate is None else f"{p.last_error_rate:.0%}"
        rows.append(
            [
                p.portal,
                "[red]STALE[/red]" if p.stale else "",
                format_duration(p.interval) if p.interval else "-",
                render.local_time(p.last_success),
                str(p.consecutive_failures),
                rate,
                " ".join(map(str, p.pages)) or "-",
                _now(p),
            ]
        )
    return rows
