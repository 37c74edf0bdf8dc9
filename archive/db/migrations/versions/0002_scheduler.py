"""scheduler: what each crawl job ran and why it ended so; APScheduler's job store

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

COUNTERS = ("pages", "new_documents", "changed_documents", "unchanged_documents")


def upgrade() -> None:
    with op.batch_alter_table("crawl_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("portal", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("schedule_id", sa.String(length=191), nullable=True))
        batch_op.add_column(sa.Column("scheduled_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("exit_code", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("jobdir", sa.Text(), nullable=True))
        for name in COUNTERS:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("warc_bytes", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("errors", sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f("ix_crawl_jobs_portal"), ["portal"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_crawl_jobs_schedule_id"), ["schedule_id"], unique=False
        )
    # The table APScheduler 3's SQLAlchemyJobStore would create itself, versioned here.
    op.create_table(
        "apscheduler_jobs",
        sa.Column("id", sa.Unicode(length=191), nullable=False),
        sa.Column("next_run_time", sa.Float(precision=25), nullable=True),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apscheduler_jobs")),
    )
    op.create_index(
        op.f("ix_apscheduler_jobs_next_run_time"), "apscheduler_jobs", ["next_run_time"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_apscheduler_jobs_next_run_time"), table_name="apscheduler_jobs")
    op.drop_table("apscheduler_jobs")
    with op.batch_alter_table("crawl_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crawl_jobs_schedule_id"))
        batch_op.drop_index(batch_op.f("ix_crawl_jobs_portal"))
        for name in ("errors", "warc_bytes", *reversed(COUNTERS), "jobdir", "exit_code"):
            batch_op.drop_column(name)
        for name in ("reason", "scheduled_at", "schedule_id", "portal"):
            batch_op.drop_column(name)
