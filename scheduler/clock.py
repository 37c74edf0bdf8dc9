"""The time the scheduler goes by, injected so that tests can move it by hand.

Everything in ``scheduler/`` that asks "what time is it?" asks a ``Clock``: the service when it
accounts for runs, the schedules when they compute a first run or a resumption, the triggers
when they compute a period. The service's own ``SYSTEM_CLOCK`` reads the wall clock.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from archive.timeutil import utcnow


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return utcnow()


SYSTEM_CLOCK: Clock = SystemClock()
