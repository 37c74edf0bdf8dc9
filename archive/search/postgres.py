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
from typing import Any

from sqlalchemy import TextClause, text
from sqlalchemy.orm import Session

from archive.search.folding import pairs
from archive.search.index import (
    IndexedText,
    Ranked,
    SearchIndex,
    relevance_tiers,
    tier_score,
)
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
    if part != "title" or query.excluded:  # a title's words are among its document's
        clause.append("d.words @@ q.qw")
    if part == "rest":
        clause.append("NOT d.title @@ q.qt")
    if exact is False:
        clause.append(f"NOT ({exact_where(query, params)})")
    return " AND ".join(clause)


def _inline(groups: list[list[str]], part: str = "all") -> str | None:
    """The conditions of ``_where`` that the small inline vectors answer, if any."""
    clause = ["d.title @@ q.qt"] if part == "title" else []
    clause += ["d.facets @@ q.qf"] if groups else []
    clause += ["NOT d.title @@ q.qt"] if part == "rest" else []
    return " AND ".join(clause) or None


def _rechecked(query: Query) -> bool:
    """Whether the GIN index's matches must each be read back to be sure (exclusions and
    phrases), which makes counting them as dear as reading them."""
    return bool(query.excluded) or any(a.is_phrase for a in query.atoms)


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


FEW = 2000  # at most this many matches (estimated): all read at once and ranked here
# A walk's cost, in microseconds: a row whose small inline vectors (title, facets) rule it
# out costs ~1; a row whose words or bigrams must be read (toasted, compressed) ~15.
ROW_US, READ_US = 1, 15
WALK_US = 25_000  # a walk expected to cost more than this leaves the query to the bitmap
WALK_SLACK = 2  # a walk gives up after this many times the rows it was expected to read
WALK_MIN = 1000  # (or this many)
BITMAP = {"enable_seqscan": "off", "enable_indexscan": "off"}  # through the GIN index
# psycopg prepares a statement run five times, and PostgreSQL then plans it once for any
# query words: a plan that cannot know how common they are. Searches are planned each time.
CUSTOM_PLANS = text("SET LOCAL plan_cache_mode = force_custom_plan")


class PostgresIndex(SearchIndex):
    """How a query is run is chosen from the planner's estimate of its matches, because
    each way is cheap in one case only and ruinous in the other: a *walk* of the newest
    documents (the primary key backwards, each row's words checked) stops as soon as the
    page is full, cheap when matches are dense and a scan of the archive when they are
    rare; the *bitmap* of the GIN index costs as much as the matches are many (every one
    is visited and sorted), cheap when they are rare. A walk is chosen when its expected
    cost is small (rows ruled out by the inline title and facets are nearly free), reads
    at most ``WALK_SLACK`` times the rows expected, and leaves the query to the bitmap when
    that was not enough (the estimate was wrong). Few matches (``FEW``) are read at once,
    total, flags and all, and ranked here: one statement per search. No statement runs in
    a savepoint: a transaction with more than 64 subtransactions makes every later row
    visibility check slow on PostgreSQL."""

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

    # -- running a statement one way or the other ----------------------------------------
    def _estimate(self, session: Session, where: str, params: dict[str, object]) -> int:
        """The planner's estimate of the rows matching ``where`` (a millisecond or two)."""
        sql = text(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {_D}, {_Q} WHERE {where}")
        plan = session.execute(sql, params).scalar_one()
        return int(plan[0]["Plan"]["Plan Rows"])

    def _size(self, session: Session) -> int:
        plan = session.execute(
            text("EXPLAIN (FORMAT JSON) SELECT 1 FROM documents_search")
        ).scalar_one()
        return max(1, int(plan[0]["Plan"]["Plan Rows"]))

    def _bitmap(self, session: Session, sql: TextClause, params: dict[str, object]) -> list[Any]:
        """Rows of ``sql`` with the matches taken from the GIN index (never a scan of the
        table, which would read every row's words)."""
        for name, value in BITMAP.items():
            session.execute(text(f"SET LOCAL {name} = {value}"))
        try:
            return list(session.execute(sql, params).all())
        finally:
            for name in BITMAP:
                session.execute(text(f"SET LOCAL {name} = DEFAULT"))

    def _newest_rows(
        self,
        session: Session,
        columns: str,
        where: str,
        params: dict[str, object],
        inline: str | None = None,
    ) -> list[Any]:
        """``columns`` of the matches of ``where``, newest first (``limit`` and ``offset``
        in ``params``): by a walk when it is expected to be cheap, else by the bitmap.
        ``inline``: the conditions of ``where`` that the small inline vectors answer."""
        need = int(params["limit"]) + int(params.get("offset", 0))  # type: ignore[call-overload]
        size = self._size(session)
        rows = need * size / max(1, self._estimate(session, where, params))  # to walk
        passing = self._estimate(session, inline, params) / size if inline else 1.0
        if rows * (ROW_US + passing * READ_US) <= WALK_US:
            walk = text(
                f"SELECT w.* FROM (SELECT {columns}, ({where}) AS ok FROM {_D}, {_Q} "
                "ORDER BY d.document_id DESC LIMIT :scan) AS w WHERE w.ok "
                "LIMIT :limit OFFSET :offset"
            )
            scan = max(WALK_MIN, int(WALK_SLACK * rows))
            found = list(session.execute(walk, {**params, "scan": scan}).all())
            if len(found) == params["limit"]:  # else: out of rows to walk, or at the end
                return [tuple(row)[:-1] for row in found]
        sql = text(
            f"SELECT {columns} FROM {_D}, {_Q} WHERE {where} "
            "ORDER BY d.document_id DESC LIMIT :limit OFFSET :offset"
        )
        return self._bitmap(session, sql, params)

    # -- the index's answers ------------------------------------------------------------
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
        where = _where(query, groups, params, part, exact)
        sql = text(f"SELECT count(*) FROM (SELECT 1 FROM {_D}, {_Q} WHERE {where} LIMIT :cap) m")
        if part != "all":  # a bound for paging: exact
            return int(self._bitmap(session, sql, params)[0][0])
        estimate = self._estimate(session, where, params)
        if estimate > 2 * cap:  # clearly more: counting would read them all ("more than")
            return cap
        if estimate > FEW and _rechecked(query):  # every match read back: too dear
            self.estimated = True
            return estimate
        return int(self._bitmap(session, sql, params)[0][0])  # read up to the cap at most

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
        inline = _inline(groups, part)
        rows = self._newest_rows(session, "d.document_id", where, params, inline)
        return [int(row[0]) for row in rows]

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
        self.estimated = False
        session.execute(CUSTOM_PLANS)
        params = _params(query, groups)
        where = _where(query, groups, params)
        if self._estimate(session, where, params) <= FEW:
            found = self._few(session, query, where, params, min(cap, 4 * FEW), sort)
            if found is not None:
                return found[offset : offset + limit], len(found)
        return super().page(session, query, groups, limit=limit, offset=offset, sort=sort, cap=cap)

    def _few(
        self,
        session: Session,
        query: Query,
        where: str,
        params: dict[str, object],
        most: int,
        sort: str,
    ) -> list[Ranked] | None:
        """Every match ranked (relevance; newest first within a tier), if fewer than
        ``most``; None when there are more (the estimate was wrong)."""
        tiered = not (query.has_diacritics and not query.exact_diacritics)
        exact = "true" if tiered else exact_where(query, params)
        sql = text(
            f"SELECT d.document_id, d.title @@ q.qt, {exact} FROM {_D}, {_Q} WHERE {where} "
            "ORDER BY d.document_id DESC LIMIT :most"
        )
        rows = self._bitmap(session, sql, {**params, "most": most})
        if len(rows) >= most:
            return None
        if sort == "newest":
            return [Ranked(int(row[0]), 0.0) for row in rows]
        tiers = relevance_tiers(query)
        ranked = []
        for doc_id, in_title, is_exact in rows:
            part = "title" if in_title else "rest"
            tier = (part, None) if tiered else (part, bool(is_exact))
            ranked.append((tiers.index(tier), Ranked(int(doc_id), tier_score(*tier))))
        ranked.sort(key=lambda pair: pair[0])  # stable: newest first within a tier
        return [r for _, r in ranked]

    def facet_tokens(
        self, session: Session, query: Query, groups: list[list[str]], *, limit: int
    ) -> list[tuple[int, list[str]]]:
        params = {**_params(query, groups), "limit": limit}
        where = _where(query, groups, params)
        session.execute(CUSTOM_PLANS)
        columns = "d.document_id, tsvector_to_array(d.facets) AS facet_list"
        rows = self._newest_rows(session, columns, where, {**params, "offset": 0}, _inline(groups))
        return [(int(r[0]), list(r[1])) for r in rows]
