"""Numbers for the sidebar widgets: visitor counters and the administrative-procedure box.

They depend on (seed, host, clock) only, never on the request, so pages stay byte-stable.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

SCALE = {"province": 6, "district": 2, "commune": 1}


@dataclass(frozen=True)
class Counters:
    online: int
    today: int
    week: int
    total: int


@dataclass(frozen=True)
class Tthc:
    month: int
    received: int
    on_time: int
    late: int
    updated: datetime

    @property
    def solved_pct(self) -> str:
        return "100" if not self.late else f"{100 * self.on_time / self.received:.2f}"

    @property
    def late_pct(self) -> str:
        return "0" if not self.late else f"{100 * self.late / self.received:.2f}"


def counters(seed: int, host: str, level: str, days: int) -> Counters:
    base = random.Random(f"{seed}|{host}|counter")
    rng = random.Random(f"{seed}|{host}|counter|{days}")
    scale = SCALE[level]
    today = rng.randint(40, 450) * scale
    total = base.randint(9000, 400000) * scale + days * 300 * scale + today
    return Counters(rng.randint(1, 35), today, today * rng.randint(4, 7), total)


def tthc(seed: int, host: str, level: str, now: datetime) -> Tthc:
    rng = random.Random(f"{seed}|{host}|tthc|{now.date()}")
    received = rng.randint(60, 900) * SCALE[level]
    late = rng.choice((0, 0, 0, 1, 2))
    updated = now - timedelta(
        hours=rng.randint(1, 20), minutes=rng.randint(0, 59), seconds=rng.randint(0, 59)
    )
    return Tthc(now.month, received, received - late, late, updated)
