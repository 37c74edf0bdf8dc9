"""The search index on PostgreSQL: ``documents_search(document_id, title, words, facets)``.

``words`` is a ``tsvector`` of the folded words of title and body, built with the ``simple``
configuration, so PostgreSQL neither stems nor drops words and sees exactly the tokens FTS5
sees; ``facets`` holds the facet tokens; one GIN index covers both. A query becomes a
``tsquery``: ``&``, ``|``, ``!``, ``<->`` for phrases, ``:*`` for prefixes.

Ranking reads only ``title``, a small ``tsvector`` stored inline: ``ts_rank`` over the body
would read back (and decompress) every match's whole ``words``, which costs more than the
search itself. Matches in the title rank first, then the most recently archived.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from archive.search.index import IndexedText, Ranked, SearchIndex
from archive.search.query import Atom, Query

_RANK = "ts_rank(d.title, q.qw)"


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
                f"SELECT d.document_id, d.title FROM {_D}, {_Q} WHERE {where} "
                f"ORDER BY d.document_id DESC LIMIT :window) AS d, {_Q}"
                ") AS r ORDER BY score DESC, document_id DESC LIMIT :limit OFFSET :offset"
            )
            params["window"] = window
        rows = session.execute(text(sql), params).all()
        return [Ranked(int(row[0]), float(row[1])) for row in rows]
