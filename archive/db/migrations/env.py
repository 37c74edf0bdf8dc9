"""Alembic environment: runs on the connection handed over by archive.db.engine.upgrade.

On SQLite, foreign keys are off while migrations run and checked once they are done
(``archive.db.engine.foreign_keys_deferred``): a table rebuild would otherwise be quadratic
and fail on an archive with revisits.
"""

from __future__ import annotations

from alembic import context

import archive.catalog.models  # noqa: F401  (the portals table)
from archive.db.engine import foreign_keys_deferred
from archive.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations with 'vnarchive db upgrade'")
    with foreign_keys_deferred(connection):
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
