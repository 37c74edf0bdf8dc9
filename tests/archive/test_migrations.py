"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from archive.config import load_config
from archive.db.engine import open_database
from archive.db.models import Base

# tables made by raw SQL (SQLite FTS5 and its shadow tables) or by APScheduler's job store
NOT_MODELLED = ("documents_fts", "apscheduler_jobs")


def _table_of(diff: tuple) -> str:
    item = diff[1]
    table = getattr(item, "table", None)
    return str(getattr(table, "name", None) or getattr(item, "name", ""))


def test_migrations_match_the_models(tmp_path: Path) -> None:
    engine = open_database(load_config(tmp_path)).kw["bind"]
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    left = [d for d in diffs if not _table_of(d).startswith(NOT_MODELLED)]
    assert left == []
