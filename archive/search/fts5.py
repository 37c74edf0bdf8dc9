"""The search index on SQLite: an FTS5 table ``documents_fts(title, body, facets, pairs)``.

``rowid`` is the document's id. Title and body hold the folded words
(``archive.search.folding.token_text``), facets the facet tokens, pairs the distinct
bigrams (``ke_hoach``: ``_`` is a token character of this table) and the exact forms of
words with diacritics (``dang__0dr``). A query becomes an FTS5 MATCH expression in which
every word is quoted, so FTS5's own operators typed by a user are searched as words; facets
and pairs are matched in their own columns only.
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


def _exact_atom(atom: Atom) -> str:
    """An atom as typed: its exact forms (in ``pairs``), or its folded words if it has none."""
    if atom.exact:
        return "pairs : (" + " AND ".join(f'"{t}"' for t in atom.exact) + ")"
    return _words([atom])


def _exact(query: Query) -> str:
    """Every clause matched by one of its atoms as typed."""
    clauses = ["(" + " OR ".join(_exact_atom(a) for a in clause) + ")" for clause in query.clauses]
    return " AND ".join(clauses)


def match_expression(
    query: Query, groups: list[list[str]], part: str = "all", exact: bool | None = None
) -> str:
    """``"dang" "bo" -"nong"`` as FTS5 syntax, with the facet groups; ``part``: every
    match, those matching in the title, or the others; ``exact``: only the matches holding
    the words typed with diacritics as typed (True), or only the others (False)."""
    parts = [_words(clause) for clause in query.clauses]
    if part == "title":
        parts = [_title(clause) for clause in query.clauses]
    parts = [p for clause in query.clauses if (p := _pairs(clause))] + parts
    parts += ["facets : (" + " OR ".join(f'"{t}"' for t in group) + ")" for group in groups]
    if query.exact_diacritics or exact:
        parts.append(_exact(query))
    expression = " AND ".join(parts)
    for atom in query.excluded:
        gone = _exact_atom(atom) if query.exact_diacritics else _words([atom])
        expression = f"({expression}) NOT {gone}"
    if part == "rest":
        in_title = " AND ".join(_title(clause) for clause in query.clauses)
        expression = f"({expression}) NOT ({in_title})"
    if exact is False:
        expression = f"({expression}) NOT ({_exact(query)})"
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
        self,
        session: Session,
        query: Query,
        groups: list[list[str]],
        cap: int,
        part: str = "all",
        exact: bool | None = None,
    ) -> int:
        sql = text(
            "SELECT count(*) FROM (SELECT 1 FROM documents_fts "
            "WHERE documents_fts MATCH :q LIMIT :cap)"
        )
        params = {"q": match_expression(query, groups, part, exact), "cap": cap}
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
        exact: bool | None = None,
    ) -> list[int]:
        sql = text(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q "
            "ORDER BY rowid DESC LIMIT :limit OFFSET :offset"
        )
        q = match_expression(query, groups, part, exact)
        params = {"q": q, "limit": limit, "offset": offset}
        return [int(row[0]) for row in session.execute(sql, params)]

    def facet_tokens(
        self, session: Session, query: Query, groups: list[list[str]], *, limit: int
    ) -> list[tuple[int, list[str]]]:
        sql = text(
            "SELECT rowid, facets FROM documents_fts WHERE documents_fts MATCH :q "
            "ORDER BY rowid DESC LIMIT :limit"
        )
        params = {"q": match_expression(query, groups), "limit": limit}
        return [(int(r[0]), str(r[1]).split()) for r in session.execute(sql, params)]
