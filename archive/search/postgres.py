"""The search index on PostgreSQL: ``documents_search(document_id, title, words, facets)``.

``words`` is a ``tsvector`` of the folded words of title and body, built with the ``simple``
configuration, so PostgreSQL neither stems nor drops words and sees exactly the tokens FTS5
sees; ``facets`` holds the facet tokens; one GIN index covers both. A query becomes a
``tsquery``: ``&``, ``|``, ``!``, ``<->`` for phrases, ``:*`` for prefixes.

``title`` is a small ``tsvector`` stored inline: matches in the title rank first
(``archive.search.index``), without reading back every match's whole ``words``.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from archive.search.index import IndexedText, SearchIndex
from archive.search.query import Atom, Query


def _lexeme(token: str) -> str:
    return "'" + token.replace("'", "''") + "'"


def _atom(atom: Atom) -> str:
    if atom.is_phrase:
        return "(" + " <-> ".join(_lexeme(t) for t in atom.tokens) + ")"
    return _lexeme(atom.tokens[0]) + (":*" if atom.prefix else "")


def tsquery(query: Query) -> str:
    """``dang bo -nong`` → ``('dang') & ('bo') & !'nong'``."""
    parts = ["(" + " | ".join(_atom(a) for a in clause) + ")" for clause in query.clauses]
    parts += [f"!{_atom(a)}" for a in query.excluded]
    return " & ".join(parts)


def positive_tsquery(query: Query) -> str:
    """The query without its exclusions: what a title must match to rank first."""
    return " & ".join("(" + " | ".join(_atom(a) for a in c) + ")" for c in query.clauses)


def facet_query(groups: list[list[str]]) -> str | None:
    if not groups:
        return None
    return " & ".join("(" + " | ".join(_lexeme(t) for t in group) + ")" for group in groups)


def _where(groups: list[list[str]], part: str = "all") -> str:
    clause = "d.words @@ q.qw"
    if groups:
        clause += " AND d.facets @@ q.qf"
    if part == "title":
        clause += " AND d.title @@ q.qt"
    elif part == "rest":
        clause += " AND NOT d.title @@ q.qt"
    return clause


def _params(query: Query, groups: list[list[str]]) -> dict[str, object]:
    return {
        "words": tsquery(query),
        "title": positive_tsquery(query),
        "facets": facet_query(groups) or "",
    }


_D = "documents_search AS d"
_Q = (
    "(SELECT to_tsquery('simple', :words) AS qw, to_tsquery('simple', :title) AS qt, "
    "to_tsquery('simple', :facets) AS qf) AS q"
)


_PUT = text(
    "INSERT INTO documents_search (document_id, title, words, facets) VALUES (:id, "
    "to_tsvector('simple', :title), to_tsvector('simple', :title || ' ' || :body), "
    "to_tsvector('simple', :facets)) ON CONFLICT (document_id) DO UPDATE "
    "SET title = excluded.title, words = excluded.words, facets = excluded.facets"
)


def _row(item: IndexedText) -> dict[str, object]:
    return {
        "id": item.document_id,
        "title": item.title,
        "body": item.body,
        "facets": " ".join(item.facets),
    }


class PostgresIndex(SearchIndex):
    def put(self, session: Session, item: IndexedText) -> None:
        session.execute(_PUT, _row(item))

    def put_many(self, session: Session, items: Sequence[IndexedText]) -> None:
        if items:
            session.execute(_PUT, [_row(item) for item in items])

    def remove(self, session: Session, document_id: int) -> None:
        session.execute(
            text("DELETE FROM documents_search WHERE document_id = :id"), {"id": document_id}
        )

    def set_facets(self, session: Session, document_id: int, facets: Sequence[str]) -> None:
        session.execute(
            text(
                "UPDATE documents_search SET facets = to_tsvector('simple', :f) "
                "WHERE document_id = :id"
            ),
            {"id": document_id, "f": " ".join(facets)},
        )

    def clear(self, session: Session) -> None:
        session.execute(text("DELETE FROM documents_search"))

    def count(
        self, session: Session, query: Query, groups: list[list[str]], cap: int, part: str = "all"
    ) -> int:
        sql = text(
            f"SELECT count(*) FROM (SELECT 1 FROM {_D}, {_Q} "
            f"WHERE {_where(groups, part)} LIMIT :cap) AS m"
        )
        return int(session.execute(sql, {**_params(query, groups), "cap": cap}).scalar_one())

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
        sql = text(
            f"SELECT d.document_id FROM {_D}, {_Q} WHERE {_where(groups, part)} "
            "ORDER BY d.document_id DESC LIMIT :limit OFFSET :offset"
        )
        params = {**_params(query, groups), "limit": limit, "offset": offset}
        return [int(row[0]) for row in session.execute(sql, params)]
