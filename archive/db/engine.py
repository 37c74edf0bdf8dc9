"""Engine and sessions; the schema is brought to the latest Alembic revision on open."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from archive.config import ArchiveConfig
from archive.errors import ConfigError, SchemaTooNewError

MIGRATIONS = Path(__file__).parent / "migrations"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(config: ArchiveConfig) -> Engine:
    if config.is_sqlite:
        config.data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_engine(config.db_url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def upgrade(engine: Engine) -> None:
    """Apply every pending migration; refuse a database from a newer schema."""
    cfg = alembic_config(engine)
    known = {rev.revision for rev in ScriptDirectory.from_config(cfg).walk_revisions()}
    try:
        with engine.begin() as conn:
            current = MigrationContext.configure(conn).get_current_heads()
            for rev in current:
                if rev not in known:
                    raise SchemaTooNewError(revision=rev, database=str(engine.url))
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")
    except SQLAlchemyError as exc:
        raise ConfigError(f"cannot open database {engine.url}: {exc.__class__.__name__}") from exc


def open_database(config: ArchiveConfig) -> sessionmaker[Session]:
    engine = make_engine(config)
    upgrade(engine)
    return sessionmaker(engine, expire_on_commit=False)
