"""The search index on PostgreSQL: ``documents_search(document_id, words, facets)``.

``words`` is a ``tsvector`` of the folded words (title weighted A, body D) built with the
``simple`` configuration, so PostgreSQL neither stems nor drops words and sees exactly the
tokens FTS5 sees; ``facets`` is a ``tsvector`` of the facet tokens. One GIN index covers
both. A query becomes a ``tsquery``: ``&``, ``|``, ``!``, ``<->`` for phrases, ``:*`` for
prefixes.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from archive.search.index import IndexedText, Ranked, SearchIndex
from archive.search.query import Atom, Query

# weights {D, C, B, A}: body 0.1, title 1.0
_RANK = "ts_rank('{0.1, 0.2, 0.4, 1.0}', d.words, q.qw)"


def _lexeme(token: str) -> str:
    return "'" + token.replace("'", "''") + "'"


def _atom(atom: Atom) -> str:
    if atom.is_phrase:
        return "(" + " <-> ".join(_lexeme(t) for t in atom.tokens) + ")"
    return _lexeme(atom.tokens[0]) + (":*" if atom.prefix else "")


def tsquery(query: Query) -> str:
    """``dang bo -nong`` → ``('dang') & ('bo') & !('nong')``."""
    parts = ["(" + " | ".join(_atom(a) for a in clause) + ")" for clause in query.clauses]
    parts += [f"!{_atom(a)}" for a in query.excluded]
    return " & ".join(parts)


def facet_query(groups: list[list[str]]) -> str | None:
    if not groups:
        return None
    return " & ".join("(" + " | ".join(_lexeme(t) for t in group) + ")" for group in groups)


def _where(groups: list[list[str]]) -> str:
    clause = "d.words @@ q.qw"
    if groups:
        clause += " AND d.facets @@ q.qf"
    return clause


def _params(query: Query, groups: list[list[str]]) -> dict[str, object]:
    return {"words": tsquery(query), "facets": facet_query(groups) or ""}


_D = "documents_search AS d"
_Q = "(SELECT to_tsquery('simple', :words) AS qw, to_tsquery('simple', :facets) AS qf) AS q"


class PostgresIndex(SearchIndex):
    def put(self, session: Session, item: IndexedText) -> None:
        session.execute(
            text(
                "INSERT INTO documents_search (document_id, words, facets) VALUES (:id, "
                "setweight(to_tsvector('simple', :title), 'A') || "
                "setweight(to_tsvector('simple', :body), 'D'), to_tsvector('simple', :facets)) "
                "ON CONFLICT (document_id) DO UPDATE "
                "SET words = excluded.words, facets = excluded.facets"
            ),
            {
                "id": item.document_id,
                "title": item.title,
                "body": item.body,
                "facets": " ".join(item.facets),
            },
        )

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

    def count(self, session: Session, query: Query, groups: list[list[str]], cap: int) -> int:
        sql = text(
            f"SELECT count(*) FROM (SELECT 1 FROM {_D}, {_Q} "
            f"WHERE {_where(groups)} LIMIT :cap) AS m"
        )
        return int(session.execute(sql, {**_params(query, groups), "cap": cap}).scalar_one())

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
        params = {**_params(query, groups), "limit": limit, "offset": offset}
        where = _where(groups)
        if sort == "newest":
            sql = (
                f"SELECT d.document_id, 0.0 FROM {_D}, {_Q} WHERE {where} "
                "ORDER BY d.document_id DESC LIMIT :limit OFFSET :offset"
            )
        elif window is None:
            sql = (
                f"SELECT d.document_id, {_RANK} AS score FROM {_D}, {_Q} "
                f"WHERE {where} ORDER BY score DESC, d.document_id DESC "
                "LIMIT :limit OFFSET :offset"
            )
        else:
            sql = (
                "SELECT document_id, score FROM ("
                f"SELECT d.document_id, {_RANK} AS score FROM ("
                f"SELECT d.document_id, d.words FROM {_D}, {_Q} WHERE {where} "
                f"ORDER BY d.document_id DESC LIMIT :window) AS d, {_Q}"
                ") AS r ORDER BY score DESC, document_id DESC LIMIT :limit OFFSET :offset"
            )
            params["window"] = window
        rows = session.execute(text(sql), params).all()
        return [Ranked(int(row[0]), float(row[1])) for row in rows]
