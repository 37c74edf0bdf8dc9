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

A query with words typed with diacritics ranks its *exact* matches first (those holding
each such word in the form typed: ``đảng``, not ``đăng``): title and body matches that
are exact, then those that are not. The exact forms are tokens of the ``pairs`` column
(``folding.exact_form``), so this too is a walk of the index.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from archive.search.query import Query

SORTS = ("relevance", "newest")
PARTS = ("all", "title", "rest")  # every match; those matching in the title; the others
# exact: None, every match; True, those holding each word typed with diacritics as typed;
# False, the others


@dataclass(frozen=True)
class IndexedText:
    """What the index holds of one document."""

    document_id: int
    title: str
    body: str
    facets: Sequence[str]
    pairs: str = ""  # distinct bigrams and exact forms of title and body (``pair_text``)


@dataclass(frozen=True)
class Ranked:
    document_id: int
    score: float  # higher is better: 2 a title match, 1 a body match (+2 exact), 0 unranked


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
        self,
        session: Session,
        query: Query,
        groups: list[list[str]],
        cap: int,
        part: str = "all",
        exact: bool | None = None,
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
        exact: bool | None = None,
    ) -> list[int]:
        """Ids of the matches of ``part``, the most recently archived first."""

    @abstractmethod
    def facet_tokens(
        self, session: Session, query: Query, groups: list[list[str]], *, limit: int
    ) -> list[tuple[int, list[str]]]:
        """(document id, facet tokens) of the ``limit`` most recently archived matches."""

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
        """A page of matches: title matches first (``sort="relevance"``; exact matches of
        words typed with diacritics before the others), or all newest first
        (``sort="newest"``)."""
        if sort == "newest":
            ids = self.newest(session, query, groups, limit=limit, offset=offset)
            return [Ranked(i, 0.0) for i in ids]
        page: list[Ranked] = []
        skip = offset
        tiers = relevance_tiers(query)
        for n, (part, exact) in enumerate(tiers):
            want = limit - len(page)
            if want <= 0:
                break
            last = n == len(tiers) - 1
            if last or skip + want > READ_AHEAD:
                if not last:  # how many this tier holds, as far as the page needs
                    held = self.count(
                        session, query, groups, cap=skip + want, part=part, exact=exact
                    )
                    if held <= skip:
                        skip -= held
                        continue
                ids = self.newest(
                    session, query, groups, limit=want, offset=skip, part=part, exact=exact
                )
            else:  # near the start: the tier's first ids tell how many it holds, at once
                ids = self.newest(
                    session, query, groups, limit=skip + want, offset=0, part=part, exact=exact
                )
                if len(ids) <= skip:
                    skip -= len(ids)
                    continue
                ids = ids[skip:]
            page += [Ranked(i, tier_score(part, exact)) for i in ids]
            skip = 0
        return page

    def page(
        self,
        session: Session,
        query: Query,
        groups: list[list[str]],
        *,
        limit: int,
        offset: int,
        sort: str,
        cap: int,
    ) -> tuple[list[Ranked], int]:
        """A page of matches (``ranked``) and the total, counted up to ``cap`` (an estimate
        when ``estimated`` is set afterwards). No match: no page to rank."""
        self.estimated = False
        total = self.count(session, query, groups, cap=cap)
        if total == 0 and not self.estimated:
            return [], 0
        return self.ranked(session, query, groups, limit=limit, offset=offset, sort=sort), total


READ_AHEAD = 1000  # a tier's first ids are read at once up to this depth; deeper, counted


def relevance_tiers(query: Query) -> list[tuple[str, bool | None]]:
    """The (part, exact) groups of matches in the order relevance ranks them."""
    if query.has_diacritics and not query.exact_diacritics:
        return [("title", True), ("rest", True), ("title", False), ("rest", False)]
    return [("title", None), ("rest", None)]


def tier_score(part: str, exact: bool | None) -> float:
    return (2.0 if part == "title" else 1.0) + (2.0 if exact else 0.0)


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
