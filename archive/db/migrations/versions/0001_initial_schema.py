"""initial schema: crawl jobs, captures, documents

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crawl_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seeds", sa.Text(), nullable=False),
        sa.Column("trigger", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("pid", sa.Integer(), nullable=True),
        sa.Column("stats", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_jobs")),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("author", sa.String(length=255), nullable=True),
        sa.Column("category", sa.String(length=255), nullable=True),
        sa.Column("sapo", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("extractor_version", sa.String(length=16), nullable=False),
        sa.Column("first_captured_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("text_hash", name=op.f("uq_documents_text_hash")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_host"), ["host"], unique=False)

    op.create_table(
        "captures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("surt", sa.Text(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("captured_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("mime", sa.String(length=255), nullable=True),
        sa.Column("record_type", sa.String(length=16), nullable=False),
        sa.Column("payload_digest", sa.String(length=64), nullable=True),
        sa.Column("payload_length", sa.BigInteger(), nullable=True),
        sa.Column("warc_filename", sa.String(length=255), nullable=False),
        sa.Column("warc_offset", sa.BigInteger(), nullable=False),
        sa.Column("warc_length", sa.BigInteger(), nullable=False),
        sa.Column("warc_record_id", sa.String(length=64), nullable=False),
        sa.Column("etag", sa.String(length=255), nullable=True),
        sa.Column("last_modified", sa.String(length=64), nullable=True),
        sa.Column("redirect_to", sa.Text(), nullable=True),
        sa.Column("refers_to_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_captures_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["crawl_jobs.id"], name=op.f("fk_captures_job_id_crawl_jobs")
        ),
        sa.ForeignKeyConstraint(
            ["refers_to_id"], ["captures.id"], name=op.f("fk_captures_refers_to_id_captures")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_captures")),
    )
    with op.batch_alter_table("captures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_captures_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_captures_host"), ["host"], unique=False)
        batch_op.create_index("ix_captures_surt_captured_at", ["surt", "captured_at"], unique=False)

    if op.get_bind().dialect.name == "sqlite":
        # Full-text index of documents (rowid = documents.id). Title and body are stored
        # folded (NFC, Đ/đ → D/d); unicode61 removes the remaining diacritics.
        op.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5("
            "title, body, tokenize = 'unicode61 remove_diacritics 2')"
        )


def downgrade() -> None:
    with op.batch_alter_table("captures", schema=None) as batch_op:
        batch_op.drop_index("ix_captures_surt_captured_at")
        batch_op.drop_index(batch_op.f("ix_captures_host"))
        batch_op.drop_index(batch_op.f("ix_captures_document_id"))

    op.drop_table("captures")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_host"))

    op.drop_table("documents")
    op.drop_table("crawl_jobs")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE documents_fts")
