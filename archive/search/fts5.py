"""The search index on SQLite: an FTS5 table ``documents_fts(title, body, facets, pairs)``.

``rowid`` is the document's id. Title and body hold the folded words
(``archive.search.folding.token_text``), facets the facet tokens, pairs the distinct
bigrams (``ke_hoach``: ``_`` is a token character of this table). A query becomes an FTS5
MATCH expression in which every word is quoted, so FTS5's own operators typed by a user are
searched as words; facets and pairs are matched in their own columns only.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from archive.search.folding import pairs
from archive.search.index import IndexedText, SearchIndex
from archive.search.query import Atom, Query


def _atom(atom: Atom) -> str:
    if atom.is_phrase:
        return '"' + " ".join(atom.tokens) + '"'
    return f'"{atom.tokens[0]}"' + ("*" if atom.prefix else "")


def _words(atoms: Sequence[Atom]) -> str:
    inner = " OR ".join(_atom(a) for a in atoms)
    return f"{{title body}} : ({inner})"


def _pairs(atoms: Sequence[Atom]) -> str | None:
    """The bigrams a clause of phrases needs (any of its phrases): candidates are found
    by them, and only theirs are checked position by position."""
    if not all(a.is_phrase for a in atoms):
        return None
    alternatives = [" ".join(f'"{p}"' for p in pairs(list(a.tokens))) for a in atoms]
    return "pairs : (" + " OR ".join(f"({x})" for x in alternatives) + ")"


def _title(atoms: Sequence[Atom]) -> str:
    inner = " OR ".join(_atom(a) for a in atoms)
    return f"{{title}} : ({inner})"


def match_expression(query: Query, groups: list[list[str]], part: str = "all") -> str:
    """``"dang" "bo" -"nong"`` as FTS5 syntax, with the facet groups; ``part``: every
    match, those matching in the title, or the others."""
    parts = [_words(clause) for clause in query.clauses]
    if part == "title":
        parts = [_title(clause) for clause in query.clauses]
    parts = [p for clause in query.clauses if (p := _pairs(clause))] + parts
    parts += ["facets : (" + " OR ".join(f'"{t}"' for t in group) + ")" for group in groups]
    expression = " AND ".join(parts)
    for atom in query.excluded:
        expression = f"({expression}) NOT {_words([atom])}"
    if part == "rest":
        in_title = " AND ".join(_title(clause) for clause in query.clauses)
        expression = f"({expression}) NOT ({in_title})"
    return expression


_INSERT = text(
    "INSERT INTO documents_fts(rowid, title, body, facets, pairs) "
    "VALUES (:id, :title, :body, :facets, :pairs)"
)


def _row(item: IndexedText) -> dict[str, object]:
    return {
        "id": item.document_id,
        "title": item.title,
        "body": item.body,
        "facets": " ".join(item.facets),
        "pairs": item.pairs,
    }


class Fts5Index(SearchIndex):
    def put(self, session: Session, item: IndexedText) -> None:
        self.remove(session, item.document_id)
        session.execute(_INSERT, _row(item))

    def put_many(self, session: Session, items: Sequence[IndexedText]) -> None:
        if items:
            session.execute(_INSERT, [_row(item) for item in items])

    def remove(self, session: Session, document_id: int) -> None:
        session.execute(text("DELETE FROM documents_fts WHERE rowid = :id"), {"id": document_id})

    def set_facets(self, session: Session, document_id: int, facets: Sequence[str]) -> None:
        session.execute(
            text("UPDATE documents_fts SET facets = :f WHERE rowid = :id"),
            {"id": document_id, "f": " ".join(facets)},
        )

    def clear(self, session: Session) -> None:
        session.execute(text("DELETE FROM documents_fts"))

    def count(
        self, session: Session, query: Query, groups: list[list[str]], cap: int, part: str = "all"
    ) -> int:
        sql = text(
            "SELECT count(*) FROM (SELECT 1 FROM documents_fts "
            "WHERE documents_fts MATCH :q LIMIT :cap)"
        )
        params = {"q": match_expression(query, groups, part), "cap": cap}
        return int(session.execute(sql, params).scalar_one())

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
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q "
            "ORDER BY rowid DESC LIMIT :limit OFFSET :offset"
        )
        params = {"q": match_expression(query, groups, part), "limit": limit, "offset": offset}
        return [int(row[0]) for row in session.execute(sql, params)]
