"""Health per portal, and the schedules: list (open to all), add, pause, resume, remove and
run now (with the token). The scheduler's own code does the work (``scheduler.schedules``,
``scheduler.health``, ``scheduler.runner``); a change here is seen by the running service
within its poll interval, as a change made with the CLI is.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from sqlalchemy import func, select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from archive.db.models import CrawlJob
from archive.errors import InputError
from archive.timeutil import utcnow
from scheduler.health import health
from scheduler.jobs import spec_of
from scheduler.portals import LEVELS
from scheduler.runner import Runner
from scheduler.schedules import check_timing
from vnarchive.commands.health import health_json
from vnarchive.commands.schedule import schedule_json
from vnarchive.web.auth import require_change
from vnarchive.web.negotiate import json_response, page, wants_json
from vnarchive.web.state import state_of

ACTIONS = ("pause", "resume", "remove", "run")


def health_page(request: Request) -> Response:
    state = state_of(request)
    report = health(state.sessions, state.schedules().list())
    return page(request, "health.html", {"health": [health_json(p) for p in report]})


def schedules_page(request: Request) -> Response:
    found = state_of(request).schedules().list()
    data = {"schedules": [schedule_json(s) for s in found]}
    return page(request, "schedules.html", data, extra={"levels": LEVELS})


def _done(request: Request, data: dict[str, Any], status: int = 200) -> Response:
    if wants_json(request):
        return json_response(data, status)
    return RedirectResponse("/schedules", status_code=303)


def _text(form: Any, name: str) -> str | None:
    value = str(form.get(name) or "").strip()
    return value or None


def _number(form: Any, name: str, cast: type) -> Any:
    value = _text(form, name)
    if value is None:
        return None
    try:
        number = cast(value)
    except ValueError:
        raise InputError(f"{name} must be a number, not {value!r}") from None
    if number < 0:
        raise InputError(f"{name} must not be negative, not {value!r}")
    return number


async def add_schedule(request: Request) -> Response:
    form = await request.form()
    require_change(request, form)
    host, level = _text(form, "host"), _text(form, "level")
    if (host is None) == (level is None):
        raise InputError("give either a portal host or a level")
    if level is not None and level not in LEVELS:
        raise InputError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    cron, every = _text(form, "cron"), _text(form, "every")
    if cron is not None and every is not None:
        raise InputError("give either cron or every, not both")
    jitter, window = _text(form, "jitter"), _text(form, "window")
    state = state_of(request)
    check_timing(cron, every, jitter, window, state.config.scheduler, utcnow())
    options = {
        "proxy": _text(form, "proxy"),
        "max_pages": _number(form, "max_pages", int) or 0,
        "delay": _number(form, "delay", float),
    }
    book = state_of(request).schedules()
    made = book.add(
        host=host, level=level, cron=cron, every=every, jitter=jitter, window=window, **options
    )
    return _done(request, schedule_json(made), 201)


async def change_schedule(request: Request) -> Response:
    form = await request.form()
    require_change(request, form)
    schedule_id, action = request.path_params["schedule_id"], request.path_params["action"]
    if action not in ACTIONS:
        raise InputError(f"action must be one of {', '.join(ACTIONS)}, not {action!r}")
    state = state_of(request)
    book = state.schedules()
    if action == "remove":
        book.remove(schedule_id)
        return _done(request, {"id": schedule_id, "removed": True})
    if action == "run":
        return _done(request, run_now(state, schedule_id), 202)
    made = getattr(book, action)(schedule_id)
    return _done(request, schedule_json(made))


def run_now(state: Any, schedule_id: str) -> dict[str, Any]:
    """Start a crawl of the schedule now, as ``schedule run-now`` does (trigger: manual), in
    a thread of the app that waits for its process; return its job id once it is queued."""
    spec = spec_of(state.schedules().get(schedule_id).options)
    runner = Runner(state.config, state.sessions)
    with state.sessions() as session:
        before = session.scalar(select(func.max(CrawlJob.id))) or 0
    thread = threading.Thread(
        target=runner.run,
        kwargs={
            "spec": spec,
            "trigger": "manual",
            "schedule_id": schedule_id,
            "scheduled_at": None,
        },
        name=f"run-now {schedule_id}",
        daemon=True,
    )
    thread.start()
    job_id = _queued_job(state, schedule_id, before)
    return {"id": schedule_id, "started": True, "job_id": job_id,
            "job": f"/jobs/{job_id}" if job_id else None}  # fmt: skip


def _queued_job(state: Any, schedule_id: str, before: int, wait: float = 5.0) -> int | None:
    """The job the runner queued (it does so before it starts the process)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        with state.sessions() as session:
            found = session.scalar(
                select(CrawlJob.id).where(CrawlJob.id > before, CrawlJob.schedule_id == schedule_id)
            )
        if found is not None:
            return int(found)
        time.sleep(0.05)
    return None
