"""syndication: near-duplicate texts clustered into stories

- ``documents.cluster_id``: the story a text tells, the smallest id among the texts it was
  clustered with (its own when alone); NULL until clustered;
- ``text_bands``: each text's sketch, one row per LSH band, looked up by (band, key);
- an index of ``documents.url``: the earlier versions of a page join its story;
- an index of ``captures.redirect_to``: a page's history follows it across a permanent
  redirect (its old address).

Archives made before keep every document, capture and search result; their documents are
clustered by ``vnarchive dedup`` (resumable; nothing is read here: a migration must stay
short).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("cluster_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_documents_cluster_id"), "documents", ["cluster_id"])
    op.create_index(op.f("ix_documents_url"), "documents", ["url"])
    op.create_index(op.f("ix_captures_redirect_to"), "captures", ["redirect_to"])
    op.create_table(
        "text_bands",
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_text_bands_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("band", "key", "document_id", name=op.f("pk_text_bands")),
    )
    op.create_index(op.f("ix_text_bands_document_id"), "text_bands", ["document_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_text_bands_document_id"), table_name="text_bands")
    op.drop_table("text_bands")
    op.drop_index(op.f("ix_captures_redirect_to"), table_name="captures")
    op.drop_index(op.f("ix_documents_url"), table_name="documents")
    op.drop_index(op.f("ix_documents_cluster_id"), table_name="documents")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("cluster_id")
