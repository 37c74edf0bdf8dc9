"""Engine, sessions and the schema's revision.

Migrations are applied by ``vnarchive db upgrade`` (``upgrade``), serialised between processes
by an advisory lock on PostgreSQL and by a lock file beside the database on SQLite (crawl
workers started together on a new archive). The embedded SQLite default is also brought up to date
when it is opened, so that the quick start needs no extra step; a database already at the
latest revision is only read. On PostgreSQL, opening a database whose schema is behind is
a one-line error that names the command to run.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from archive.config import ArchiveConfig, mask_password
from archive.errors import ConfigError, SchemaTooNewError

MIGRATIONS = Path(__file__).parent / "migrations"
# The latest revision; a test keeps it equal to the head of migrations/versions.
HEAD = "0012"
_UPGRADE_LOCK = 7_406_220_251  # pg_advisory_lock key: one migrating process at a time


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_path(url: str) -> Path | None:
    path = url.removeprefix("sqlite:///")
    return Path(path) if path and path != url and not path.startswith(":") else None


def _read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def read_only_sqlite(config: ArchiveConfig) -> Path | None:
    """The SQLite file, when it exists in a folder this process may not write to: it is
    then opened read-only (reading commands work on an archive mounted read-only)."""
    path = _sqlite_path(config.db_url) if config.is_sqlite else None
    if path is None or not path.is_file():
        return None
    writable = os.access(path.parent, os.W_OK) and os.access(path, os.W_OK)
    return None if writable else path


def make_engine(config: ArchiveConfig) -> Engine:
    readonly = read_only_sqlite(config)
    if readonly is not None:
        # With its write-ahead log and shared-memory index present, SQLite reads the
        # log read-only too; without them it must not try to lock a folder it cannot
        # write to, so the file is declared immutable.
        wal = readonly.with_name(readonly.name + "-wal")
        shm = readonly.with_name(readonly.name + "-shm")
        logged = wal.is_file() and wal.stat().st_size > 0 and shm.is_file()
        flags = "mode=ro" if logged else "mode=ro&immutable=1"
        url = f"sqlite:///file:{readonly}?{flags}&uri=true"
        engine = create_engine(url)
        event.listen(engine, "connect", _read_only_pragmas)
        return engine
    if config.is_sqlite:
        try:
            config.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(
                f"cannot make the data folder {config.data_dir}: {exc.strerror}"
            ) from exc
    try:
        if config.is_sqlite:
            engine = create_engine(config.db_url)
        else:
            engine = create_engine(config.db_url, pool_pre_ping=True)
    except NoSuchModuleError as exc:
        raise ConfigError(f"unsupported database URL {config.safe_db_url}: {exc}") from exc
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"the database driver for {config.safe_db_url} is not installed ({exc.name}): "
            "pip install 'vnarchive[postgres]'"
        ) from exc
    except ArgumentError as exc:
        raise ConfigError(f"malformed database URL {config.safe_db_url}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@contextlib.contextmanager
def foreign_keys_deferred(connection: Connection) -> Iterator[None]:
    """On SQLite, foreign keys off while a migration runs, checked once it is done.

    A migration that rebuilds a table copies it and drops the original; with foreign keys
    on, dropping ``captures`` checks every revisit's ``refers_to_id`` against every row it
    deletes (quadratic) and fails outright on an archive with revisits. ``PRAGMA
    foreign_keys`` only changes outside a transaction.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    if connection.in_transaction():
        connection.commit()
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        yield
        if connection.in_transaction():
            connection.commit()
        broken = connection.execute(text("PRAGMA foreign_key_check")).all()
        if broken:
            raise ConfigError(f"a migration left {len(broken)} broken foreign key(s)")
    finally:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def current_revision(connection: Connection) -> str | None:
    """The schema revision the database is at (``None``: empty, never migrated)."""
    has_table = connection.dialect.has_table(connection, "alembic_version")
    if not has_table:
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:
        return ",".join(sorted(rows))
    return rows[0] if rows else None


def _known_revisions() -> set[str]:
    return {p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py")}


@contextlib.contextmanager
def _sqlite_upgrade_lock(engine: Engine) -> Iterator[None]:
    """One migrating process at a time on a SQLite file (an exclusive ``flock`` on
    ``<database>.upgrade-lock``); none where no lock file can be made (a read-only folder:
    nothing can migrate there anyway)."""
    import fcntl

    path = _sqlite_path(engine.url.render_as_string()) if engine.dialect.name == "sqlite" else None
    try:
        lock = open(f"{path}.upgrade-lock", "a") if path is not None else None  # noqa: SIM115
    except OSError:
        lock = None
    if lock is None:
        yield
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def upgrade(engine: Engine, target: str = "heads") -> None:
    """Apply every pending migration (up to ``target``); refuse a newer schema."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with _sqlite_upgrade_lock(engine), engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _UPGRADE_LOCK})
                conn.commit()
            try:
                _check_not_newer(conn, engine)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, target)
                conn.commit()
            finally:
                if conn.dialect.name == "postgresql":
                    conn.rollback()
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _UPGRADE_LOCK})
                    conn.commit()
    except SQLAlchemyError as exc:
        raise ConfigError(f"cannot open database {_shown(engine)}: {_why(exc)}") from exc


def _check_not_newer(conn: Connection, engine: Engine) -> None:
    current = current_revision(conn)
    known = _known_revisions()
    for rev in (current or "").split(","):
        if rev and rev not in known:
            raise SchemaTooNewError(revision=rev, database=_shown(engine))


def _shown(engine: Engine) -> str:
    return mask_password(engine.url.render_as_string(hide_password=False))


def _why(exc: SQLAlchemyError) -> str:
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"{exc.__class__.__name__}: {detail[0] if detail else ''}".rstrip(": ")


def check_schema(engine: Engine) -> str | None:
    """The database's revision, after checking that this vnarchive can use it as it is."""
    try:
        with engine.connect() as conn:
            current = current_revision(conn)
    except SQLAlchemyError as exc:
        raise ConfigError(f"cannot open database {_shown(engine)}: {_why(exc)}") from exc
    if current is not None and current != HEAD and current not in _known_revisions():
        raise SchemaTooNewError(revision=current, database=_shown(engine))
    return current


def open_database(config: ArchiveConfig, *, migrate: bool | None = None) -> sessionmaker[Session]:
    """Sessions on the archive's database, its schema checked (and, for the embedded SQLite
    default or with ``migrate=True``, brought up to date)."""
    engine = make_engine(config)
    current = check_schema(engine)
    if current != HEAD:
        if migrate is None:
            migrate = engine.dialect.name == "sqlite"
        if not migrate:
            at = f"revision {current}" if current else "an empty schema"
            raise ConfigError(
                f"database {_shown(engine)} is at {at}, this vnarchive needs {HEAD}: "
                "run 'vnarchive db upgrade'"
            )
        upgrade(engine)
    return sessionmaker(engine, expire_on_commit=False, info={"config": config})
