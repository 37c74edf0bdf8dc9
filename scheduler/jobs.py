"""The function APScheduler runs, by reference: ``scheduler.jobs:run_crawl``.

Jobs are stored pickled in the database with their kwargs; the runner they use belongs to the
service running them, which binds it here when it starts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from archive.timeutil import utcnow
from scheduler.runner import CrawlSpec, Runner

FUNC = "scheduler.jobs:run_crawl"
_runner: Runner | None = None
# Set by the service's executor when it submits a run: the run time APScheduler planned.
scheduled_times: dict[str, datetime] = {}


def note_run_times(schedule_id: str, run_times: list[datetime]) -> None:
    """Called by the executor as it submits a run: the (latest) time it was due."""
    scheduled_times[schedule_id] = run_times[-1]


def bind(runner: Runner | None) -> None:
    global _runner
    _runner = runner


def spec_of(kwargs: dict[str, Any]) -> CrawlSpec:
    return CrawlSpec(
        target=kwargs["target"],
        proxy=kwargs.get("proxy"),
        max_pages=int(kwargs.get("max_pages") or 0),
        delay=kwargs.get("delay"),
    )


def run_crawl(schedule_id: str, **kwargs: Any) -> int:
    """One scheduled run of a schedule: a crawl subprocess, recorded as a ``CrawlJob``."""
    if _runner is None:
        raise RuntimeError("no scheduler service is running in this process")
    return _runner.run(
        spec_of(kwargs),
        trigger="schedule",
        schedule_id=schedule_id,
        scheduled_at=scheduled_times.pop(schedule_id, None) or utcnow(),
    )
