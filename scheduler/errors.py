"""Exceptions raised by the scheduler.

VnarchiveError (archive.errors)   one line + exit code 2 in the CLI
├── ScheduleError                 a schedule that cannot be made
│   ├── InvalidCron               a cron expression APScheduler refuses
│   ├── InvalidInterval           --every / --jitter that is not a positive duration
│   │   └── IntervalTooShort      runs closer together than VNARCHIVE_SCHEDULER_MIN_INTERVAL
│   └── InvalidWindow             --window that is not HH:MM-HH:MM
└── NotFoundError (LookupError)
    ├── UnknownPortal             a host not in the portal catalog (a catalog PortalNotFound)
    ├── ScheduleNotFound          no schedule with this id
    └── LogNotFound               a crawl job without a log file
"""

from __future__ import annotations

from archive.catalog import PortalNotFound
from archive.errors import NotFoundError, VnarchiveError


class ScheduleError(VnarchiveError):
    pass


class InvalidCron(ScheduleError):
    def __init__(self, expression: str, why: str) -> None:
        super().__init__(f"invalid cron expression {expression!r}: {why}")
        self.expression = expression


class InvalidInterval(ScheduleError):
    pass


class IntervalTooShort(InvalidInterval):
    def __init__(self, what: str, shortest: str, minimum: str) -> None:
        super().__init__(
            f"{what} would start runs {shortest} apart; the minimum is {minimum} "
            "(VNARCHIVE_SCHEDULER_MIN_INTERVAL)"
        )


class InvalidWindow(ScheduleError):
    pass


class UnknownPortal(PortalNotFound):
    def __init__(self, host: str) -> None:
        super().__init__(host)
        hint = "add it with 'vnarchive portals add URL'"
        self.args = (f"unknown portal {host!r}: not in the catalog ({hint})",)


class ScheduleNotFound(NotFoundError):
    def __init__(self, schedule_id: str) -> None:
        super().__init__(f"no schedule {schedule_id!r} (see 'vnarchive schedule list')")
        self.schedule_id = schedule_id


class LogNotFound(NotFoundError):
    def __init__(self, job_id: int, why: str) -> None:
        super().__init__(f"no log for crawl job {job_id}: {why}")
        self.job_id = job_id
