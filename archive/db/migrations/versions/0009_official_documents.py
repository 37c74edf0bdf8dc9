"""official documents: decisions and notices, read and catalogued

- ``official_documents``: one row per official document (Quyết định, Công văn, …), keyed by
  its folded number and issue date, with the fields Nghị định 30/2020/NĐ-CP puts in it;
- ``official_links``: the captures that carry it (its PDF, DOCX…) or announce it (notice
  pages, registry records);
- ``document_files``: what reading an archived file gave (format, pages, ``needs_ocr``,
  why text is missing);
- ``page_links``: the document files an archived page's content links to;
- ``documents.kind`` (article, notice, document) and ``documents.official_id``.

Archives made before keep working: their documents are articles (``kind`` NULL), and the
files they archived are read by ``vnarchive reextract --documents`` (nothing is read here:
a migration must stay short).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "official_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("number", sa.String(length=255), nullable=True),
        sa.Column("number_key", sa.String(length=255), nullable=True),
        sa.Column("doc_type", sa.String(length=64), nullable=True),
        sa.Column("issuer", sa.Text(), nullable=True),
        sa.Column("issued_date", sa.Date(), nullable=True),
        sa.Column("place", sa.String(length=255), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("signer", sa.String(length=255), nullable=True),
        sa.Column("signer_title", sa.String(length=255), nullable=True),
        sa.Column("effective_date", sa.Date(), nullable=True),
        sa.Column("replaces", sa.JSON(), nullable=False),
        sa.Column("amends", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_official_documents")),
        sa.UniqueConstraint("key", name=op.f("uq_official_documents_key")),
    )
    op.create_index(op.f("ix_official_documents_number_key"), "official_documents", ["number_key"])
    op.create_index(
        op.f("ix_official_documents_issued_date"), "official_documents", ["issued_date"]
    )
    op.create_index(op.f("ix_official_documents_host"), "official_documents", ["host"])
    op.create_table(
        "official_links",
        sa.Column("official_id", sa.Integer(), nullable=False),
        sa.Column("capture_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["official_id"],
            ["official_documents.id"],
            name=op.f("fk_official_links_official_id_official_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["capture_id"], ["captures.id"], name=op.f("fk_official_links_capture_id_captures")
        ),
        sa.PrimaryKeyConstraint("official_id", "capture_id", name=op.f("pk_official_links")),
    )
    op.create_index(op.f("ix_official_links_capture_id"), "official_links", ["capture_id"])
    op.create_table(
        "document_files",
        sa.Column("capture_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("needs_ocr", sa.Boolean(), nullable=False),
        sa.Column("ocr_used", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("signatures", sa.JSON(), nullable=False),
        sa.Column("reader_version", sa.String(length=16), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["capture_id"], ["captures.id"], name=op.f("fk_document_files_capture_id_captures")
        ),
        sa.PrimaryKeyConstraint("capture_id", name=op.f("pk_document_files")),
    )
    op.create_index(op.f("ix_document_files_needs_ocr"), "document_files", ["needs_ocr"])
    op.create_table(
        "page_links",
        sa.Column("capture_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("url_hash", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["capture_id"], ["captures.id"], name=op.f("fk_page_links_capture_id_captures")
        ),
        sa.PrimaryKeyConstraint("capture_id", "url", name=op.f("pk_page_links")),
    )
    op.create_index(op.f("ix_page_links_url_hash"), "page_links", ["url_hash"])
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("official_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_documents_official_id"), ["official_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_documents_official_id_official_documents"),
            "official_documents",
            ["official_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_documents_official_id_official_documents"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_documents_official_id"))
        batch_op.drop_column("official_id")
        batch_op.drop_column("kind")
    op.drop_table("page_links")
    op.drop_table("document_files")
    op.drop_table("official_links")
    op.drop_table("official_documents")
