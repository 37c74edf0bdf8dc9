"""crawl jobs: where a crawl runs, its heartbeat and its live counts

- ``host``: the machine a crawl process runs on (its ``pid`` means something there only);
- ``heartbeat_at``: written by the running crawl every few seconds, so that a command on
  another machine can tell a crawl that died from one that is going on;
- ``progress``: the running crawl's counts (pages, articles, errors, queue, rate), shown by
  ``jobs`` and ``health`` while it runs.

All three are empty on rows made before: such a row is judged by its pid, as before.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("host", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("heartbeat_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("progress", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("crawl_jobs", schema=None) as batch_op:
        batch_op.drop_column("progress")
        batch_op.drop_column("heartbeat_at")
        batch_op.drop_column("host")
