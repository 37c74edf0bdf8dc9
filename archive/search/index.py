"""The search index seam: one interface, an implementation per database.

``SearchIndex`` holds, per document, its folded title and body (``archive.search.folding``)
and its facet tokens (``archive.search.facets``). Both implementations are given the same
tokens and answer the same ``Query``; ranking is the backend's own (bm25 on SQLite FTS5,
``ts_rank`` on PostgreSQL), title matches weighing more than body matches.

Ranking every match of a common word costs time in proportion to the archive; so a query
matching more than ``window`` documents is ranked among the ``window`` most recently
archived of them (a top-k that does not score every match) and its total is reported as a
lower bound. ``sort="newest"`` gives every match newest first, at the same cost.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from archive.search.query import Query

SORTS = ("relevance", "newest")


@dataclass(frozen=True)
class IndexedText:
    """What the index holds of one document."""

    document_id: int
    title: str
    body: str
    facets: Sequence[str]


@dataclass(frozen=True)
class Ranked:
    document_id: int
    score: float  # higher is better


class SearchIndex(ABC):
    """A full-text index of documents in the archive's database."""

    @abstractmethod
    def put(self, session: Session, item: IndexedText) -> None:
        """Index a document, replacing what was indexed for it before."""

    def put_many(self, session: Session, items: Sequence[IndexedText]) -> None:
        """Index new documents (not indexed before), many at once."""
        for item in items:
            self.put(session, item)

    @abstractmethod
    def remove(self, session: Session, document_id: int) -> None: ...

    @abstractmethod
    def set_facets(self, session: Session, document_id: int, facets: Sequence[str]) -> None: ...

    @abstractmethod
    def count(self, session: Session, query: Query, groups: list[list[str]], cap: int) -> int:
        """How many documents match, counting no further than ``cap``."""

    @abstractmethod
    def ranked(
        self,
        session: Session,
        query: Query,
        groups: list[list[str]],
        *,
        limit: int,
        offset: int,
        window: int | None,
        sort: str,
    ) -> list[Ranked]:
        """The matches, best first (``sort="relevance"``, among the ``window`` most recently
        archived when given) or newest first (``sort="newest"``)."""

    @abstractmethod
    def clear(self, session: Session) -> None:
        """Drop every indexed document (before a rebuild)."""


def index_for(session: Session) -> SearchIndex:
    """The index of the session's database."""
    name = session.get_bind().dialect.name
    if name == "sqlite":
        from archive.search.fts5 import Fts5Index

        return Fts5Index()
    if name == "postgresql":
        from archive.search.postgres import PostgresIndex

        return PostgresIndex()
    raise NotImplementedError(f"no search index for {name} databases")
