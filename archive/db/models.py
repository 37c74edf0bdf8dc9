"""SQLAlchemy 2.0 models of the archive. Every change here needs an Alembic migration."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, whatever the backend keeps."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class CrawlJob(Base):
    """One run of the crawler over one or more portals."""

    __tablename__ = "crawl_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seeds: Mapped[str] = mapped_column(Text)
    trigger: Mapped[str] = mapped_column(String(16), default="manual")
    status: Mapped[str] = mapped_column(String(16), default="running")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    pid: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # What the scheduler knows of a run (migration 0002): what it crawled and why it ended so.
    portal: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    schedule_id: Mapped[str | None] = mapped_column(String(191), nullable=True, index=True)
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    exit_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    jobdir: Mapped[str | None] = mapped_column(Text, nullable=True)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    new_documents: Mapped[int] = mapped_column(Integer, default=0)
    changed_documents: Mapped[int] = mapped_column(Integer, default=0)
    unchanged_documents: Mapped[int] = mapped_column(Integer, default=0)
    warc_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    errors: Mapped[dict[str, int] | None] = mapped_column(JSON, nullable=True, default=dict)
    # Where the crawl runs and whether it still does (migration 0008): its pid means
    # something on ``host`` only; elsewhere a ``heartbeat_at`` gone quiet says it died.
    host: Mapped[str | None] = mapped_column(String(255), nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    progress: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)

    captures: Mapped[list[Capture]] = relationship(back_populates="job")


# SURT keys sort and match byte by byte, as CDX tools expect: the "C" collation on
# PostgreSQL (SQLite's default BINARY collation already is), so that prefix queries use
# the index.
SurtText = Text().with_variant(Text(collation="C"), "postgresql")


class Capture(Base):
    """One archived HTTP response (or revisit), located in a WARC file.

    ``status`` is the status in the record: a ``server-not-modified`` revisit carries the
    stored response as the 304 freshened it, so its status is the original's (200).
    """

    __tablename__ = "captures"
    __table_args__ = (
        Index("ix_captures_surt_captured_at", "surt", "captured_at"),
        Index("ix_captures_warc_record_id", "warc_record_id", unique=True),
        # pages archived but not yet through the extractor (migration 0006)
        Index(
            "ix_captures_pending",
            "host",
            sqlite_where=text("extracted_at IS NULL"),
            postgresql_where=text("extracted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int | None] = mapped_column(
        ForeignKey("crawl_jobs.id"), nullable=True, index=True
    )
    url: Mapped[str] = mapped_column(Text)
    surt: Mapped[str] = mapped_column(SurtText)
    host: Mapped[str] = mapped_column(String(255), index=True)
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[int] = mapped_column(Integer)
    mime: Mapped[str | None] = mapped_column(String(255), nullable=True)
    record_type: Mapped[str] = mapped_column(String(16), default="response")
    payload_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    payload_length: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # the WARC store holding the file (migration 0012; archive.warc.stores)
    warc_store: Mapped[str] = mapped_column(String(64), default="local", server_default="local")
    warc_filename: Mapped[str] = mapped_column(String(255))
    warc_offset: Mapped[int] = mapped_column(BigInteger)
    warc_length: Mapped[int] = mapped_column(BigInteger)
    warc_record_id: Mapped[str] = mapped_column(String(64))
    etag: Mapped[str | None] = mapped_column(String(255), nullable=True)
    last_modified: Mapped[str | None] = mapped_column(String(64), nullable=True)
    redirect_to: Mapped[str | None] = mapped_column(Text, nullable=True, index=True)  # 0011
    refers_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("captures.id"), nullable=True, index=True
    )
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id"), nullable=True, index=True
    )
    # when the page went through the extractor (migration 0005); NULL: not yet
    extracted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    job: Mapped[CrawlJob | None] = relationship(back_populates="captures")
    document: Mapped[Document | None] = relationship(back_populates="captures")
    refers_to: Mapped[Capture | None] = relationship(remote_side=[id])


class Document(Base):
    """Extracted article text; one row per distinct normalised text."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str] = mapped_column(Text, index=True)  # indexed by 0011: a page's versions
    host: Mapped[str] = mapped_column(String(255), index=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    author: Mapped[str | None] = mapped_column(String(255), nullable=True)
    category: Mapped[str | None] = mapped_column(String(255), nullable=True)
    sapo: Mapped[str | None] = mapped_column(Text, nullable=True)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    extractor_version: Mapped[str] = mapped_column(String(16))
    first_captured_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # what the text is (migration 0009): article, notice (a page announcing an official
    # document) or document (a file's text: PDF, DOC…); NULL on rows made before: article
    kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # the official document the text carries or announces (migration 0009)
    official_id: Mapped[int | None] = mapped_column(
        ForeignKey("official_documents.id"), nullable=True, index=True
    )

    # the story the text tells (migration 0011): the smallest id among the near-duplicate
    # texts it was clustered with (archive.documents.syndication), its own id when alone;
    # NULL: not clustered yet (``vnarchive dedup``)
    cluster_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)

    captures: Mapped[list[Capture]] = relationship(back_populates="document")


class TextBand(Base):
    """One band of a document's text sketch (``archive.documents.nearduplicates``): texts
    filed under one (band, key) are near-duplicate candidates (migration 0011)."""

    __tablename__ = "text_bands"

    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class OfficialDocument(Base):
    """One official document (a Quyết định, Công văn, …), whatever carries it: its files,
    notice pages and registry records all link here (``OfficialLink``). Keyed by its number
    (folded) and issue date; a file's own fields win over what a page says of it
    (``source``). Migration 0009."""

    __tablename__ = "official_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    number: Mapped[str | None] = mapped_column(String(255), nullable=True)
    number_key: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    doc_type: Mapped[str | None] = mapped_column(String(64), nullable=True)
    issuer: Mapped[str | None] = mapped_column(Text, nullable=True)
    issued_date: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    place: Mapped[str | None] = mapped_column(String(255), nullable=True)
    subject: Mapped[str | None] = mapped_column(Text, nullable=True)
    signer: Mapped[str | None] = mapped_column(String(255), nullable=True)
    signer_title: Mapped[str | None] = mapped_column(String(255), nullable=True)
    effective_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    replaces: Mapped[list[str]] = mapped_column(JSON, default=list)
    amends: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(16))  # file, registry or notice: who said so
    host: Mapped[str] = mapped_column(String(255), index=True)  # where it was first seen
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class OfficialLink(Base):
    """A capture that carries (``file``) or announces (``notice``, ``registry``) an official
    document. Migration 0009."""

    __tablename__ = "official_links"

    official_id: Mapped[int] = mapped_column(ForeignKey("official_documents.id"), primary_key=True)
    capture_id: Mapped[int] = mapped_column(ForeignKey("captures.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(16))


class DocumentFile(Base):
    """What reading an archived file (PDF, DOC, DOCX, XLS, …) gave: its format, pages, why
    text is missing (``reason``), whether its pages still need OCR. Migration 0009."""

    __tablename__ = "document_files"

    capture_id: Mapped[int] = mapped_column(ForeignKey("captures.id"), primary_key=True)
    name: Mapped[str | None] = mapped_column(Text, nullable=True)  # Content-Disposition or URL
    format: Mapped[str] = mapped_column(String(16))
    pages: Mapped[int | None] = mapped_column(Integer, nullable=True)
    needs_ocr: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    ocr_used: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    signatures: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    reader_version: Mapped[str] = mapped_column(String(16))
    read_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PageLink(Base):
    """A document file (by URL) that an archived page's content links to: the pages that
    link a document. Migration 0009."""

    __tablename__ = "page_links"

    capture_id: Mapped[int] = mapped_column(ForeignKey("captures.id"), primary_key=True)
    url: Mapped[str] = mapped_column(Text, primary_key=True)
    url_hash: Mapped[str] = mapped_column(String(40), index=True)


class PortalTemplate(Base):
    """A portal's learned template: main-content lines that repeat on many of its pages
    (migration 0005). ``lines``: ``[{"text": folded line, "pages": pages it was on}]``."""

    __tablename__ = "portal_templates"

    host: Mapped[str] = mapped_column(String(255), primary_key=True)
    learned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_jobs.id"), nullable=True)
    pages: Mapped[int] = mapped_column(Integer)  # article pages it was learned from
    min_pages: Mapped[int] = mapped_column(Integer)  # a line on this many pages is template
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
