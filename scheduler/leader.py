"""One scheduler service per database fires the schedules; the others stand by.

APScheduler 3 has no lock of its own: two services reading one job store would both fire
every schedule. So a service first takes the database's **scheduler lock** and runs
schedules only while it holds it; a second service (on another machine, or a standby on
the same one) waits for the lock and takes over when the holder dies.

- PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) on a connection of
  its own, kept open while the service runs. The server releases the lock when that
  session ends: at once when the holder's process dies (its socket closes), and within
  ``tcp_keepalives_*`` (~25 s) when its machine vanishes without closing it. The holder
  checks its connection at every look for changed schedules; if the session is gone it
  has lost the lock, and it stops firing at once.
- SQLite (one machine by nature): an exclusive ``flock`` on ``<database>.scheduler-lock``,
  released by the kernel when the holder's process ends, however it ends.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from archive.db.jobs import this_host

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger("vnarchive.scheduler")

# pg_advisory_lock key of the scheduler (distinct from the migrations' key)
LOCK_KEY = 0x766E_5343  # "vnSC"
# The server drops a vanished holder's session after idle + interval × count seconds.
KEEPALIVES = {"tcp_keepalives_idle": 10, "tcp_keepalives_interval": 5, "tcp_keepalives_count": 3}


def holder_name() -> str:
    return f"{this_host()}:{os.getpid()}"


class Leadership(Protocol):
    def try_acquire(self) -> bool:
        """Take the lock if it is free; True while this service holds it."""

    def held(self) -> bool:
        """Whether the lock is still this service's (False: lost, stop firing)."""

    def release(self) -> None: ...


class FileLock:
    """The SQLite default: an exclusive flock beside the database file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def try_acquire(self) -> bool:
        if self.fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{holder_name()}\n".encode())
        self.fd = fd
        return True

    def held(self) -> bool:
        return self.fd is not None

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


class AdvisoryLock:
    """PostgreSQL: a session-level advisory lock on a connection of the service's own."""

    def __init__(self, engine: Engine) -> None:
        # A connection outside the engine's pool: the pool may recycle or close its
        # connections, and closing this one gives up the lock.
        url = make_url(engine.url).set(drivername="postgresql")
        self.conninfo = url.render_as_string(hide_password=False)
        self.conn: psycopg.Connection[Any] | None = None

    def _connect(self) -> psycopg.Connection[Any]:
        import psycopg  # the [postgres] extra: only needed on PostgreSQL

        conn = psycopg.connect(
            self.conninfo,
            autocommit=True,
            keepalives=1,
            keepalives_idle=10,
            keepalives_interval=5,
            keepalives_count=3,
            application_name=f"vnarchive scheduler {holder_name()}"[:63],
        )
        for name, value in KEEPALIVES.items():
            conn.execute(f"SET {name} = {int(value)}")  # names and ints of ours: no input
        return conn

    def try_acquire(self) -> bool:
        import psycopg

        if self.conn is not None and self.held():
            return True
        try:
            conn = self._connect()
            row = conn.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()
        except psycopg.Error as exc:
            log.warning("cannot reach the database to take the scheduler lock: %s", exc)
            return False
        if row is None or not row[0]:
            conn.close()
            return False
        self.conn = conn
        return True

    def held(self) -> bool:
        import psycopg

        if self.conn is None:
            return False
        try:
            self.conn.execute("SELECT 1")
        except psycopg.Error:
            self._drop()
            return False
        return True

    def _drop(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:  # noqa: BLE001 - already broken: nothing to release
                pass
            self.conn = None

    def release(self) -> None:
        self._drop()  # ending the session releases its advisory locks


def leadership_for(engine: Engine) -> Leadership:
    if engine.dialect.name == "postgresql":
        return AdvisoryLock(engine)
    database = engine.url.database
    if not database or database == ":memory:":
        raise ValueError("the scheduler needs a database file or server, not :memory:")
    return FileLock(Path(f"{database}.scheduler-lock"))
