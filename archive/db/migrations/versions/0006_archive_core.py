"""one archive core on SQLite or PostgreSQL

- captures: a unique ``warc_record_id`` (duplicates a repair could make are folded into the
  first row), indexes on ``job_id``, ``refers_to_id`` and on pages pending extraction; on
  PostgreSQL, SURT keys in the "C" collation, so that prefix queries use the index;
- a ``server-not-modified`` revisit's status is its record's (the original's, as the 304
  freshened it), as cdxj-indexer reads it;
- the bundled portal catalog is loaded here, once, rather than by the first command that
  looked at the catalog (reads no longer write);
- the search index gets a column of facet tokens (units, level, portal, year), on SQLite as
  an FTS5 table and on PostgreSQL as ``documents_search`` with a GIN index, and is rebuilt.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _fold_duplicate_records(bind: sa.Connection) -> None:
    dupes = bind.execute(
        sa.text(
            "SELECT warc_record_id, min(id) FROM captures GROUP BY warc_record_id "
            "HAVING count(*) > 1"
        )
    ).all()
    for record_id, keep in dupes:
        others = (
            bind.execute(
                sa.text("SELECT id FROM captures WHERE warc_record_id = :r AND id != :k"),
                {"r": record_id, "k": keep},
            )
            .scalars()
            .all()
        )
        for other in others:
            bind.execute(
                sa.text("UPDATE captures SET refers_to_id = :k WHERE refers_to_id = :o"),
                {"k": keep, "o": other},
            )
            bind.execute(sa.text("DELETE FROM captures WHERE id = :o"), {"o": other})


def upgrade() -> None:
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    if postgres:
        op.execute('ALTER TABLE captures ALTER COLUMN surt TYPE text COLLATE "C"')
    _fold_duplicate_records(bind)
    op.create_index("ix_captures_warc_record_id", "captures", ["warc_record_id"], unique=True)
    op.create_index(op.f("ix_captures_job_id"), "captures", ["job_id"])
    op.create_index(op.f("ix_captures_refers_to_id"), "captures", ["refers_to_id"])
    op.create_index(
        "ix_captures_pending",
        "captures",
        ["host"],
        sqlite_where=sa.text("extracted_at IS NULL"),
        postgresql_where=sa.text("extracted_at IS NULL"),
    )
    op.execute(
        "UPDATE captures SET status = (SELECT o.status FROM captures o "
        "WHERE o.id = captures.refers_to_id) "
        "WHERE record_type = 'revisit' AND status = 304 AND refers_to_id IS NOT NULL"
    )
    from archive.catalog.portals import add_bundled
    from archive.search import rebuild

    session = Session(bind=bind)
    add_bundled(session)
    session.flush()
    if postgres:
        # words: title and body, compressed with lz4 (read back only to check a phrase);
        # title: small, ranks the matches; facets: units, level, portal, year
        op.execute(
            "CREATE TABLE documents_search ("
            "document_id integer PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE, "
            "title tsvector NOT NULL, words tsvector NOT NULL, facets tsvector NOT NULL, "
            "pairs tsvector NOT NULL)"
        )
        op.execute(  # a server built without lz4 keeps its default compression
            "DO $$ BEGIN ALTER TABLE documents_search ALTER COLUMN words SET COMPRESSION lz4; "
            "EXCEPTION WHEN feature_not_supported THEN NULL; END $$"
        )
        op.execute(
            "CREATE INDEX ix_documents_search ON documents_search USING gin (words, facets, pairs)"
        )
    else:
        op.execute("DROP TABLE IF EXISTS documents_fts")
        op.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5(title, body, facets, pairs, "
            "tokenize = \"unicode61 remove_diacritics 2 tokenchars '_'\")"
        )
    rebuild(session)
    session.flush()


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TABLE documents_search")
    else:
        op.execute("DROP TABLE documents_fts")
        op.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5("
            "title, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
    op.drop_index("ix_captures_pending", table_name="captures")
    op.drop_index(op.f("ix_captures_refers_to_id"), table_name="captures")
    op.drop_index(op.f("ix_captures_job_id"), table_name="captures")
    op.drop_index("ix_captures_warc_record_id", table_name="captures")
