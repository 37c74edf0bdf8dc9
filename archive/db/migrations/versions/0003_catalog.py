"""portal catalog: portals with their administrative units before and after 2025

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("old_province_code", sa.Integer(), nullable=True),
        sa.Column("old_district_code", sa.Integer(), nullable=True),
        sa.Column("old_commune_code", sa.Integer(), nullable=True),
        sa.Column("new_province_code", sa.Integer(), nullable=True),
        sa.Column("new_commune_code", sa.Integer(), nullable=True),
        sa.Column("first_seen", sa.DateTime(), nullable=True),
        sa.Column("last_seen", sa.DateTime(), nullable=True),
        sa.Column("redirect_to", sa.Text(), nullable=True),
        sa.Column("cms_profile", sa.String(length=64), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["portals.id"], name=op.f("fk_portals_parent_id_portals")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portals")),
        sa.UniqueConstraint("host", name=op.f("uq_portals_host")),
    )
    with op.batch_alter_table("portals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_portals_level"), ["level"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_portals_old_province_code"), ["old_province_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_portals_new_province_code"), ["new_province_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("portals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_portals_new_province_code"))
        batch_op.drop_index(batch_op.f("ix_portals_old_province_code"))
        batch_op.drop_index(batch_op.f("ix_portals_level"))
    op.drop_table("portals")
