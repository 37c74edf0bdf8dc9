"""warc stores: each capture names the WARC store that holds its file

- ``captures.warc_store``: the store's name (``VNARCHIVE_WARC_STORE`` of the process that
  wrote the record); readers on any machine find the file through ``archive.warc.stores``.

Archives made before keep every capture where it is: their captures are in the store
``local``, which is the WARC folder (``VNARCHIVE_WARC_DIR``) unless ``VNARCHIVE_WARC_STORES``
says otherwise. Adding a column with a constant default rewrites nothing on PostgreSQL and
SQLite: the migration stays short on a large archive.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("captures") as batch:
        batch.add_column(
            sa.Column("warc_store", sa.String(length=64), nullable=False, server_default="local")
        )


def downgrade() -> None:
    with op.batch_alter_table("captures") as batch:
        batch.drop_column("warc_store")
