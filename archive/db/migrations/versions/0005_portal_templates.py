"""portal templates, and when each capture was extracted

portal_templates: per-portal chrome lines learned from a crawl's pages.
captures.extracted_at: when the page went through the extractor (NULL: not yet, e.g. the
crawl was killed before its indexing caught up); rows from before are taken as done.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portal_templates",
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("learned_at", sa.DateTime(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("min_pages", sa.Integer(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["crawl_jobs.id"], name=op.f("fk_portal_templates_job_id_crawl_jobs")
        ),
        sa.PrimaryKeyConstraint("host", name=op.f("pk_portal_templates")),
    )
    op.add_column("captures", sa.Column("extracted_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE captures SET extracted_at = captured_at")


def downgrade() -> None:
    with op.batch_alter_table("captures") as batch:
        batch.drop_column("extracted_at")
    op.drop_table("portal_templates")
