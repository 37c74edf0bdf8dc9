"""What every request of the app shares: the settings, the database, the templates."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.templating import Jinja2Templates

from archive.config import ArchiveConfig

if TYPE_CHECKING:
    from scheduler.schedules import Schedules

HERE = Path(__file__).parent


@dataclass
class WebState:
    config: ArchiveConfig
    sessions: sessionmaker[Session]
    templates: Jinja2Templates
    token: str | None = None  # VNARCHIVE_WEB_TOKEN: changes need it; None: no changes
    poll_interval: float = 1.0  # seconds between looks at a running job or a growing log
    discoveries: dict[int, Any] = field(default_factory=dict)  # portal discoveries running
    _schedules: Schedules | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def schedules(self) -> Schedules:
        """The archive's schedules, changed straight in the job store (nothing runs or
        moves a schedule here: the scheduler service does), shared by every request."""
        from scheduler.schedules import Schedules

        with self._lock:
            if self._schedules is None:
                self._schedules = Schedules(self.sessions, self.config.scheduler)
            return self._schedules

    def close(self) -> None:
        with self._lock:
            self._schedules = None
        self.sessions.kw["bind"].dispose()


def state_of(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state
