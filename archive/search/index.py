"""The search index seam: one interface, an implementation per database.

``SearchIndex`` holds, per document, its folded title and body (``archive.search.folding``)
and its facet tokens (``archive.search.facets``). Both implementations are given the same
tokens and answer the same ``Query`` the same way.

Ranking: documents whose *title* matches the query come first, then those that match in the
body only; within each group, the most recently archived first. Every step is a walk of
the index in document order that stops after the page: no score is computed for every
match. (bm25 on SQLite first counts every document holding each word of the query —
all of them for "Đảng bộ" — and ``ts_rank`` on PostgreSQL reads every match's whole text:
both cost as much as the archive is large.) Totals are counted up to a cap and reported as
"more than" beyond it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from archive.search.query import Query

SORTS = ("relevance", "newest")
PARTS = ("all", "title", "rest")  # every match; those matching in the title; the others


@dataclass(frozen=True)
class IndexedText:
    """What the index holds of one document."""

    document_id: int
    title: str
    body: str
    facets: Sequence[str]
    pairs: str = ""  # distinct bigrams of title and body (``folding.pair_text``)


@dataclass(frozen=True)
class Ranked:
    document_id: int
    score: float  # higher is better: 2 a title match, 1 a body match, 0 unranked


class SearchIndex(ABC):
    """A full-text index of documents in the archive's database."""

    estimated = False  # the last count was an estimate (the backend ran out of time)

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
    def count(
        self, session: Session, query: Query, groups: list[list[str]], cap: int, part: str = "all"
    ) -> int:
        """How many documents of ``part`` match, counting no further than ``cap``."""

    @abstractmethod
    def newest(
        self,
        session: Session,
        query: Query,
        groups: list[list[str]],
        *,
        limit: int,
        offset: int,
        part: str = "all",
    ) -> list[int]:
        """Ids of the matches of ``part``, the most recently archived first."""

    @abstractmethod
    def clear(self, session: Session) -> None:
        """Drop every indexed document (before a rebuild)."""

    def ranked(
        self,
        session: Session,
        query: Query,
        groups: list[list[str]],
        *,
        limit: int,
        offset: int,
        sort: str,
    ) -> list[Ranked]:
        """A page of matches: title matches first (``sort="relevance"``), or all newest
        first (``sort="newest"``)."""
        if sort == "newest":
            ids = self.newest(session, query, groups, limit=limit, offset=offset)
            return [Ranked(i, 0.0) for i in ids]
        in_title = self.count(session, query, groups, cap=offset + limit, part="title")
        page: list[Ranked] = []
        if offset < in_title:
            ids = self.newest(session, query, groups, limit=limit, offset=offset, part="title")
            page += [Ranked(i, 2.0) for i in ids]
        if len(page) < limit:
            rest = self.newest(
                session,
                query,
                groups,
                limit=limit - len(page),
                offset=max(0, offset - in_title),
                part="rest",
            )
            page += [Ranked(i, 1.0) for i in rest]
        return page


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
