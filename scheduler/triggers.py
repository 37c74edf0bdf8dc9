"""From ``--cron`` / ``--every``, ``--jitter`` and ``--window`` to one APScheduler trigger.

Cron expressions and windows are read in local time (Asia/Ho_Chi_Minh): archivists think of
"02:00" as 02:00 in Viet Nam. A window pushes a fire time that falls outside it to the next
opening; jitter then delays it by a random amount that stays inside the window.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from archive.timeutil import LOCAL_TZ, utcnow
from scheduler.errors import IntervalTooShort, InvalidCron, InvalidInterval, InvalidWindow

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_DURATION = re.compile(r"(\d+)([smhdw])")
_WINDOW = re.compile(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})")
_TICK = timedelta(microseconds=1)


def parse_duration(text: str, what: str = "--every") -> timedelta:
    """``3d``, ``12h``, ``1d12h``, ``30m``, ``45s``, ``2w`` → a positive timedelta."""
    compact = text.strip().lower().replace(" ", "")
    parts = _DURATION.findall(compact)
    if not parts or "".join(n + u for n, u in parts) != compact:
        raise InvalidInterval(
            f"invalid {what} {text!r}: expected a positive duration such as 30m, 12h, 3d or 1w"
        )
    seconds = sum(int(n) * _UNITS[u] for n, u in parts)
    if seconds <= 0:
        raise InvalidInterval(f"invalid {what} {text!r}: the duration must be more than zero")
    return timedelta(seconds=seconds)


@dataclass(frozen=True)
class Window:
    """Local hours in which crawls may start; may run over midnight (22:00-05:00)."""

    start: time
    end: time

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def opening_at_or_after(self, moment: datetime) -> datetime:
        """``moment`` if the window is open then, else the next opening (aware, local)."""
        local = moment.astimezone(LOCAL_TZ)
        if self.contains(local):
            return local
        opening = local.replace(
            hour=self.start.hour, minute=self.start.minute, second=0, microsecond=0
        )
        return opening if opening > local else opening + timedelta(days=1)

    def contains(self, local: datetime) -> bool:
        t = local.timetz().replace(tzinfo=None)
        if self.start < self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end

    def closing_after(self, local: datetime) -> datetime:
        closing = local.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        return closing if closing > local else closing + timedelta(days=1)


def parse_window(text: str) -> Window:
    match = _WINDOW.fullmatch(text.strip())
    hours_minutes = [int(g) for g in match.groups()] if match else []
    if not match or hours_minutes[0] > 23 or hours_minutes[2] > 23 or max(hours_minutes) > 59:
        raise InvalidWindow(f"invalid --window {text!r}: expected HH:MM-HH:MM, e.g. 22:00-05:00")
    window = Window(time(*hours_minutes[:2]), time(*hours_minutes[2:]))
    if window.start == window.end:
        raise InvalidWindow(f"invalid --window {text!r}: it opens and closes at the same time")
    return window


def parse_cron(expression: str) -> CronTrigger:
    try:
        return CronTrigger.from_crontab(expression, timezone=LOCAL_TZ)
    except (ValueError, TypeError, KeyError) as exc:
        raise InvalidCron(
            expression, str(exc).splitlines()[0] if str(exc) else "malformed"
        ) from exc


class CrawlTrigger(BaseTrigger):
    """A cron or interval trigger, kept inside a local window, delayed by up to ``jitter``.

    Its *regular* times are the inner trigger's, each moved to the window's next opening when
    it falls outside (two that move to the same opening are one). A run is a regular time
    plus a random delay of at most ``jitter`` that never reaches the window's close nor the
    next regular time, so each run stands for exactly one regular time.
    """

    def __init__(
        self, inner: BaseTrigger, window: Window | None = None, jitter: float | None = None
    ) -> None:
        self.inner = inner
        self.window = window
        self.jitter = jitter

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        # The regular time after the previous run, not after ``now``: APScheduler then sees
        # every run that fell due while the service was down (``Job._get_run_times``),
        # coalesces them into the latest, and the service records the others as missed.
        after = previous_fire_time + _TICK if previous_fire_time else now
        return self._jittered(self.regular_at_or_after(after))

    def regular_at_or_after(self, moment: datetime) -> datetime | None:
        found = self.inner.get_next_fire_time(None, moment)
        if found is None or self.window is None:
            return found
        return self.window.opening_at_or_after(found)

    def _jittered(self, moment: datetime | None) -> datetime | None:
        if moment is None or not self.jitter:
            return moment
        room = self.jitter
        following = self.regular_at_or_after(moment + _TICK)
        if following is not None:
            room = min(room, (following - moment - _TICK).total_seconds())
        if self.window is not None:
            room = min(room, (self.window.closing_after(moment) - moment).total_seconds())
        return moment + timedelta(seconds=random.uniform(0, max(room, 0)))

    def due_times(self, after: datetime, until: datetime, limit: int = 10_000) -> list[datetime]:
        """Regular times in ``(after, until]``, at most ``limit`` (the latest kept)."""
        times: list[datetime] = []
        moment = self.regular_at_or_after(after + _TICK)
        while moment is not None and moment <= until:
            times.append(moment)
            if len(times) > limit:
                del times[0]
            moment = self.regular_at_or_after(moment + _TICK)
        return times

    def gaps(self, now: datetime, count: int = 48) -> list[timedelta]:
        """The times between the next ``count`` regular runs after ``now``."""
        times: list[datetime] = []
        moment = self.regular_at_or_after(now)
        while moment is not None and len(times) <= count:
            times.append(moment)
            moment = self.regular_at_or_after(moment + _TICK)
        return [b - a for a, b in zip(times, times[1:], strict=False)]

    def period(self, now: datetime | None = None) -> timedelta:
        """The usual time between two runs (for staleness): the gap after the next run."""
        if isinstance(self.inner, IntervalTrigger) and self.window is None:
            return self.inner.interval
        gaps = self.gaps(now or utcnow(), count=1)
        return gaps[0] if gaps else timedelta(days=1)

    def __getstate__(self) -> dict[str, Any]:
        return {"version": 1, "inner": self.inner, "window": self.window, "jitter": self.jitter}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.inner, self.window, self.jitter = state["inner"], state["window"], state["jitter"]

    def __str__(self) -> str:
        return describe(self)


def describe(trigger: CrawlTrigger) -> str:
    inner = trigger.inner
    if isinstance(inner, IntervalTrigger):
        text = f"every {format_duration(inner.interval)}"
    else:
        text = "cron " + _crontab_of(inner)
    if trigger.window:
        text += f", window {trigger.window}"
    if trigger.jitter:
        text += f", jitter {format_duration(timedelta(seconds=trigger.jitter))}"
    return text


def _crontab_of(cron: CronTrigger) -> str:
    by_name = {f.name: str(f) for f in cron.fields}
    return " ".join(by_name[n] for n in ("minute", "hour", "day", "month", "day_of_week"))


def format_duration(delta: timedelta) -> str:
    seconds, out = int(delta.total_seconds()), ""
    for unit in ("w", "d", "h", "m", "s"):
        count, seconds = divmod(seconds, _UNITS[unit])
        out += f"{count}{unit}" if count else ""
    return out or "0s"


def make_trigger(
    *,
    cron: str | None,
    every: str | None,
    jitter: str | None,
    window: str | None,
    now: datetime | None = None,
) -> CrawlTrigger:
    """Exactly one of ``cron`` and ``every``; the first interval run is one interval after
    ``now``."""
    win = parse_window(window) if window else None
    jit = parse_duration(jitter, "--jitter").total_seconds() if jitter else None
    if cron is not None:
        inner: BaseTrigger = parse_cron(cron)
    else:
        interval = parse_duration(every or "", "--every")
        start = (now or utcnow()) + interval
        inner = IntervalTrigger(
            seconds=interval.total_seconds(), start_date=start, timezone=LOCAL_TZ
        )
    return CrawlTrigger(inner, win, jit)


def check_minimum(trigger: CrawlTrigger, minimum: timedelta, now: datetime, what: str) -> None:
    """Refuse a trigger whose runs may come closer together than ``minimum``."""
    shortest = min(trigger.gaps(now), default=None)
    if shortest is not None and shortest < minimum:
        raise IntervalTooShort(what, format_duration(shortest), format_duration(minimum))
