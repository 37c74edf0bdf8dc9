"""The search index on PostgreSQL: ``documents_search(document_id, title, words, facets)``.

``words`` is a ``tsvector`` of the folded words of title and body, built with the ``simple``
configuration, so PostgreSQL neither stems nor drops words and sees exactly the tokens FTS5
sees; ``facets`` holds the facet tokens and ``pairs`` the distinct bigrams (``ke_hoach``,
without positions), so that a phrase reads back only the documents holding its bigrams,
and the exact forms of words with diacritics (``dang__0dr``); one GIN index covers words,
facets and pairs. A query becomes a ``tsquery``: ``&``, ``|``, ``!``, ``<->`` for phrases,
``:*`` for prefixes.

``title`` is a small ``tsvector`` stored inline: matches in the title rank first
(``archive.search.index``), without reading back every match's whole ``words``.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from archive.search.folding import pairs
from archive.search.index import IndexedText, SearchIndex
from archive.search.query import Atom, Query


def _lexeme(token: str) -> str:
    return "'" + token.replace("'", "''") + "'"


def _atom(atom: Atom) -> str:
    if atom.is_phrase:
        return "(" + " <-> ".join(_lexeme(t) for t in atom.tokens) + ")"
    return _lexeme(atom.tokens[0]) + (":*" if atom.prefix else "")


def tsquery(query: Query) -> str:
    """``dang bo -nong`` → ``('dang') & ('bo') & !'nong'`` (with ``exact_diacritics``, an
    excluded word typed with diacritics is left to ``exact_where``)."""
    parts = ["(" + " | ".join(_atom(a) for a in clause) + ")" for clause in query.clauses]
    parts += [f"!{_atom(a)}" for a in query.excluded if not _exact_excluded(query, a)]
    return " & ".join(parts)


def _exact_excluded(query: Query, atom: Atom) -> bool:
    return query.exact_diacritics and bool(atom.exact)


def _exact_atom(atom: Atom, name: str, params: dict[str, object]) -> str:
    """An atom as typed: its exact forms in ``pairs``, or its folded words if it has none."""
    if atom.exact:
        params[name] = " & ".join(_lexeme(t) for t in atom.exact)
        return f"d.pairs @@ CAST(:{name} AS tsquery)"
    params[name] = _atom(atom)
    return f"d.words @@ to_tsquery('simple', :{name})"


def exact_where(query: Query, params: dict[str, object]) -> str:
    """SQL: every clause matched by one of its atoms as typed (its parameters into
    ``params``)."""
    clauses = []
    for i, clause in enumerate(query.clauses):
        either = [_exact_atom(a, f"ex{i}_{j}", params) for j, a in enumerate(clause)]
        clauses.append("(" + " OR ".join(either) + ")")
    return " AND ".join(clauses)


def positive_tsquery(query: Query) -> str:
    """The query without its exclusions: what a title must match to rank first."""
    return " & ".join("(" + " | ".join(_atom(a) for a in c) + ")" for c in query.clauses)


def facet_query(groups: list[list[str]]) -> str | None:
    if not groups:
        return None
    return " & ".join("(" + " | ".join(_lexeme(t) for t in group) + ")" for group in groups)


def pair_query(query: Query) -> str | None:
    """The bigrams the query's phrases need, as a tsquery (``'ke_hoach' & …``)."""
    clauses = []
    for clause in query.clauses:
        if all(a.is_phrase for a in clause):
            alternatives = [
                "(" + " & ".join(_lexeme(p) for p in pairs(list(a.tokens))) + ")" for a in clause
            ]
            clauses.append("(" + " | ".join(alternatives) + ")")
    return " & ".join(clauses) or None


def _where(
    query: Query,
    groups: list[list[str]],
    params: dict[str, object],
    part: str = "all",
    exact: bool | None = None,
) -> str:
    """Cheap conditions first: the small title vector, facets and bigrams, which the GIN
    index answers; the words (toasted, compressed) are read last, for candidates only."""
    clause = []
    if part == "title":
        clause.append("d.title @@ q.qt")
    if groups:
        clause.append("d.facets @@ q.qf")
    if pair_query(query):
        clause.append("d.pairs @@ q.qp")
    if query.exact_diacritics or exact:
        clause.append(exact_where(query, params))
    for i, atom in enumerate(query.excluded):
        if _exact_excluded(query, atom):
            clause.append("NOT " + _exact_atom(atom, f"xx{i}", params))
    clause.append("d.words @@ q.qw")
    if part == "rest":
        clause.append("NOT d.title @@ q.qt")
    if exact is False:
        clause.append(f"NOT ({exact_where(query, params)})")
    return " AND ".join(clause)


def _params(query: Query, groups: list[list[str]]) -> dict[str, object]:
    return {
        "words": tsquery(query),
        "title": positive_tsquery(query),
        "facets": facet_query(groups) or "",
        "pairs": pair_query(query) or "",
    }


_D = "documents_search AS d"
_Q = (
    "(SELECT to_tsquery('simple', :words) AS qw, to_tsquery('simple', :title) AS qt, "
    "to_tsquery('simple', :facets) AS qf, CAST(:pairs AS tsquery) AS qp) AS q"
)


_PUT = text(
    "INSERT INTO documents_search (document_id, title, words, facets, pairs) VALUES (:id, "
    "to_tsvector('simple', :title), to_tsvector('simple', :title || ' ' || :body), "
    "to_tsvector('simple', :facets), array_to_tsvector(string_to_array(:pairs, ' '))) "
    "ON CONFLICT (document_id) DO UPDATE SET title = excluded.title, "
    "words = excluded.words, facets = excluded.facets, pairs = excluded.pairs"
)


def _row(item: IndexedText) -> dict[str, object]:
    return {
        "id": item.document_id,
        "title": item.title,
        "body": item.body,
        "facets": " ".join(item.facets),
        "pairs": item.pairs,
    }


COUNT_BUDGET_MS = 60  # milliseconds an exact total may take; beyond, an estimate


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
        self,
        session: Session,
        query: Query,
        groups: list[list[str]],
        cap: int,
        part: str = "all",
        exact: bool | None = None,
    ) -> int:
        params = {**_params(query, groups), "cap": cap}
        rows = f"SELECT 1 FROM {_D}, {_Q} WHERE {_where(query, groups, params, part, exact)}"
        sql = text(f"SELECT count(*) FROM ({rows} LIMIT :cap) AS m")
        if part != "all":  # a bound for paging: exact, and cheap (title vectors are small)
            return int(session.execute(sql, params).scalar_one())
        try:  # counting a common word's matches reads them all: within a budget
            with session.begin_nested():
                session.execute(text(f"SET LOCAL statement_timeout = {COUNT_BUDGET_MS}"))
                found = int(session.execute(sql, params).scalar_one())
                session.execute(text("SET LOCAL statement_timeout = DEFAULT"))
                return found
        except OperationalError:  # out of time: the planner's estimate, not exact
            self.estimated = True
            plan = session.execute(text(f"EXPLAIN (FORMAT JSON) {rows}"), params).scalar_one()
            return min(cap, int(plan[0]["Plan"]["Plan Rows"]))

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
        params = {**_params(query, groups), "limit": limit, "offset": offset}
        where = _where(query, groups, params, part, exact)
        sql = text(
            f"SELECT d.document_id FROM {_D}, {_Q} WHERE {where} "
            "ORDER BY d.document_id DESC LIMIT :limit OFFSET :offset"
        )
        return [int(row[0]) for row in session.execute(sql, params)]

    def facet_tokens(
        self, session: Session, query: Query, groups: list[list[str]], *, limit: int
    ) -> list[tuple[int, list[str]]]:
        params = {**_params(query, groups), "limit": limit}
        where = _where(query, groups, params)
        sql = text(
            f"SELECT d.document_id, tsvector_to_array(d.facets) FROM {_D}, {_Q} WHERE {where} "
            "ORDER BY d.document_id DESC LIMIT :limit"
        )
        return [(int(r[0]), list(r[1])) for r in session.execute(sql, params)]
