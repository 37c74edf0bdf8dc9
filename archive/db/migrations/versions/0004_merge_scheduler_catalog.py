"""merge the scheduler (0002) and catalog (0003) branches into one head

Revision ID: 0004
Revises: 0002, 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

revision = "0004"
down_revision = ("0002", "0003")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
