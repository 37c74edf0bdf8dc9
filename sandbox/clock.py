"""The sandbox clock: a fixed start instant in Vietnam time, advanced in whole days."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7), "ICT")
START = datetime(2024, 3, 1, 10, 0, tzinfo=VN_TZ)


class SandboxClock:
    """``now`` is ``start`` plus ``days`` whole days; it only moves forward."""

    def __init__(self, start: datetime = START) -> None:
        self.start = start
        self.days = 0

    @property
    def now(self) -> datetime:
        return self.start + timedelta(days=self.days)

    def day_bounds(self, day: int) -> tuple[datetime, datetime]:
        """The interval (previous clock, new clock] covered by advancing to ``day``."""
        return self.start + timedelta(days=day - 1), self.start + timedelta(days=day)

    def tick(self) -> int:
        self.days += 1
        return self.days


def iso(moment: datetime) -> str:
    """ISO 8601 with seconds and the +07:00 offset, e.g. ``2024-02-27T09:00:00+07:00``."""
    return moment.astimezone(VN_TZ).replace(microsecond=0).isoformat()
