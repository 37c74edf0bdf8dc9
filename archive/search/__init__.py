"""Full-text search over documents, with or without diacritics, filtered by unit.

``search(session, "dang bo", filters=Filters(level="commune"))`` parses the query
(``archive.search.query``), asks the database's index (``archive.search.index``: FTS5 on
SQLite, ``tsvector`` on PostgreSQL) for a page of ranked matches and a total, and returns
the hits with their snippets. ``index_document`` keeps a document's entry up to date;
``reindex_hosts`` refreshes the unit facets after a catalog change; ``rebuild`` indexes
every document again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, func, inspect, literal, select
from sqlalchemy.orm import Session

from archive.catalog.names import SANDBOX_SUFFIX
from archive.catalog.portals import portal_for_units
from archive.db.models import Capture, Document, OfficialDocument
from archive.errors import InputError
from archive.search.facets import Filters, document_facets, host_token, unit_tokens
from archive.search.folding import exact_forms, pair_text, token_text
from archive.search.index import SORTS, IndexedText, Ranked, SearchIndex, index_for
from archive.search.query import Query, parse_query
from archive.search.snippets import snippet

__all__ = [
    "Filters",
    "Hit",
    "SearchPage",
    "index_document",
    "parse_query",
    "rebuild",
    "reindex_hosts",
    "reindex_portals",
    "search",
]


@dataclass(frozen=True)
class Hit:
    document_id: int
    host: str
    url: str
    title: str | None
    published_at: datetime | None
    captured_at: datetime | None  # the latest capture of the document
    snippet: str  # the matches wrapped in [[ ]]
    score: float
    kind: str = "article"  # article, notice (announces an official document), document (a file)
    number: str | None = None  # the official document it carries or announces
    doc_type: str | None = None
    issued_date: date | None = None
    cluster_id: int | None = None  # the story it tells (archive.documents.syndication)


@dataclass(frozen=True)
class SearchPage:
    hits: list[Hit]
    total: int  # matches; a lower bound (or an estimate) when not ``total_exact``
    total_exact: bool
    offset: int
    limit: int
    query: Query
    total_estimated: bool = False  # the backend estimated the total (see the PostgreSQL index)


def indexed_text(session: Session, doc: Document | Row[Any]) -> IndexedText:
    """What the index holds of a document (a ``Document`` or a row of ``_COLUMNS``): its
    folded words, its bigrams and the exact forms of its words with diacritics, and its
    facets."""
    facets = facets_of(
        session,
        doc.host,
        doc.published_at,
        doc.first_captured_at,
        doc.category,
        kind=doc.kind,
        official_id=doc.official_id,
        document_id=doc.id,
    )
    return text_entry(doc.id, doc.title, doc.text, facets)


_LATER_COLUMNS = ("kind", "official_id")  # added by migration 0009


def _document_columns(session: Session) -> list[Any]:
    """The columns indexing reads, those an older schema lacks as NULL: migrations before
    0009 rebuild the index with this code on a table that has not got them yet."""
    present = {c["name"] for c in inspect(session.connection()).get_columns("documents")}
    columns: list[Any] = [
        Document.id,
        Document.host,
        Document.title,
        Document.text,
        Document.published_at,
        Document.first_captured_at,
        Document.category,
    ]
    for name in _LATER_COLUMNS:
        columns.append(getattr(Document, name) if name in present else literal(None).label(name))
    return columns


def text_entry(doc_id: int, title: str | None, text: str, facets: list[str]) -> IndexedText:
    """The index entry of a text with the given facets (also what benchmarks build)."""
    title_tokens, body_tokens = token_text(title or ""), token_text(text)
    exact = " ".join(dict.fromkeys(exact_forms(f"{title or ''}\n{text}")))
    pairs = f"{pair_text(title_tokens, body_tokens)} {exact}".strip()
    return IndexedText(doc_id, title_tokens, body_tokens, facets, pairs)


def facets_of(
    session: Session,
    host: str,
    published_at: datetime | None,
    first_captured_at: datetime | None,
    category: str | None,
    *,
    kind: str | None = None,
    official_id: int | None = None,
    document_id: int | None = None,
) -> list[str]:
    """A document's facet tokens; dated when published, else when first archived; with the
    type, issuer and issue date of the official document it carries or announces; with
    the portal and units of every other host whose captures carry the same text (a
    commune reposting a provincial article word for word is a publisher of it too)."""
    official = session.get(OfficialDocument, official_id) if official_id is not None else None
    others: list[str] = []
    if document_id is not None:
        for other in session.scalars(
            select(Capture.host)
            .where(Capture.document_id == document_id, Capture.host != host)
            .distinct()
        ):
            others += [host_token(other), *unit_tokens(portal_for_units(session, other))]
    own = document_facets(
        session,
        host,
        published_at or first_captured_at,
        kind or "article",
        category=category,
        doctype=official.doc_type if official else None,
        issuer=official.issuer if official else None,
        issued=official.issued_date if official else None,
    )
    return list(dict.fromkeys(own + others))


def index_document(session: Session, doc: Document) -> None:
    """(Re)index one document, its facets read from the catalog."""
    index_for(session).put(session, indexed_text(session, doc))


def remove_document(session: Session, document_id: int) -> None:
    index_for(session).remove(session, document_id)


def reindex_hosts(session: Session, hosts: Iterable[str]) -> int:
    """Refresh the facets of every document of ``hosts`` (after their catalog entry changed)."""
    index = index_for(session)
    columns = _document_columns(session)
    count = 0
    for host in set(hosts):
        for doc in session.execute(select(*columns).where(Document.host == host)):
            facets = facets_of(
                session,
                host,
                doc.published_at,
                doc.first_captured_at,
                doc.category,
                kind=doc.kind,
                official_id=doc.official_id,
                document_id=doc.id,
            )
            index.set_facets(session, doc.id, facets)
            count += 1
    return count


def reindex_portals(session: Session, portal_hosts: Iterable[str]) -> int:
    """Refresh the facets of the documents of the archived hosts that stand for catalog
    portals just added or changed (a sandbox host ``x.test`` stands for ``x``)."""
    variants = set()
    for host in portal_hosts:
        bare = host.lower().removeprefix("www.")
        variants |= {bare, "www." + bare, bare + SANDBOX_SUFFIX, "www." + bare + SANDBOX_SUFFIX}
    archived = session.scalars(
        select(Document.host).where(Document.host.in_(sorted(variants))).distinct()
    )
    return reindex_hosts(session, list(archived))


def rebuild(session: Session, batch: int = 1000) -> int:
    """Index every document again, from scratch."""
    index = index_for(session)
    index.clear(session)
    columns = _document_columns(session)
    last, count = 0, 0
    while True:
        docs = session.execute(
            select(*columns).where(Document.id > last).order_by(Document.id).limit(batch)
        ).all()
        if not docs:
            return count
        index.put_many(session, [indexed_text(session, doc) for doc in docs])
        last, count = docs[-1].id, count + len(docs)


def search(
    session: Session,
    query: str,
    *,
    limit: int = 20,
    offset: int = 0,
    filters: Filters | None = None,
    sort: str = "relevance",
    count_limit: int = 10_000,
    exact_diacritics: bool = False,
    collapse: bool = False,
) -> SearchPage:
    """A page of the documents matching ``query``: those matching in their title first, then
    the others, each the most recently archived first (``sort="newest"``: all of them newest
    first); words typed with diacritics: exact matches first (``exact_diacritics``: only
    them). The total is counted up to ``count_limit``. ``collapse``: one hit per story (the
    best ranked text of each cluster of near-duplicates; the total still counts texts)."""
    if sort not in SORTS:
        raise InputError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    if limit < 1 or offset < 0 or offset > 1_000_000:
        raise InputError("limit must be at least 1 and offset between 0 and 1000000")
    parsed = parse_query(query, exact_diacritics=exact_diacritics)
    groups = (filters or Filters()).groups()
    index = index_for(session)
    want = min(COLLAPSE_MAX, COLLAPSE_READ * (offset + limit)) if collapse else limit
    ranked, total = index.page(
        session, parsed, groups, limit=want, offset=0 if collapse else offset, sort=sort,
        cap=count_limit + 1,
    )  # fmt: skip
    if collapse:
        ranked = _collapsed(session, index, parsed, groups, ranked, offset, limit, sort)
    estimated = index.estimated
    exact = total <= count_limit and not estimated
    hits = _hits(session, parsed, ranked)
    return SearchPage(hits, min(total, count_limit), exact, offset, limit, parsed, estimated)


COLLAPSE_READ = 4  # ranked texts read per story wanted, when collapsing (more if short)
COLLAPSE_MAX = 20_000  # texts read at most to fill a collapsed page


def _collapsed(
    session: Session,
    index: SearchIndex,
    parsed: Query,
    groups: list[list[str]],
    ranked: list[Ranked],
    offset: int,
    limit: int,
    sort: str,
) -> list[Ranked]:
    """The page ``offset``…``offset + limit`` of ranked texts, one per story."""
    want = len(ranked)
    while True:
        clusters = dict(
            session.execute(
                select(Document.id, Document.cluster_id).where(
                    Document.id.in_([r.document_id for r in ranked])
                )
            ).all()
        )
        seen: set[int] = set()
        stories = []
        for r in ranked:
            story = clusters.get(r.document_id) or r.document_id
            if story not in seen:
                seen.add(story)
                stories.append(r)
        if len(stories) >= offset + limit or len(ranked) < want or want >= COLLAPSE_MAX:
            return stories[offset : offset + limit]
        want = min(COLLAPSE_MAX, want * 4)
        ranked = index.ranked(session, parsed, groups, limit=want, offset=0, sort=sort)


def _hits(session: Session, parsed: Query, ranked: list) -> list[Hit]:
    ids = [r.document_id for r in ranked]
    docs = {d.id: d for d in session.scalars(select(Document).where(Document.id.in_(ids)))}
    latest = dict(
        session.execute(
            select(Capture.document_id, func.max(Capture.captured_at))
            .where(Capture.document_id.in_(ids))
            .group_by(Capture.document_id)
        ).all()
    )
    official_ids = {d.official_id for d in docs.values() if d.official_id is not None}
    officials = (
        {
            o.id: o
            for o in session.scalars(
                select(OfficialDocument).where(OfficialDocument.id.in_(sorted(official_ids)))
            )
        }
        if official_ids
        else {}
    )
    hits = []
    for r in ranked:
        doc = docs.get(r.document_id)
        if doc is None:  # removed since it was indexed
            continue
        official = officials.get(doc.official_id) if doc.official_id is not None else None
        hits.append(
            Hit(
                document_id=doc.id,
                host=doc.host,
                url=doc.url,
                title=doc.title,
                published_at=doc.published_at,
                captured_at=latest.get(doc.id),
                snippet=snippet(doc.text, parsed.atoms, exact=parsed.exact_diacritics),
                score=r.score,
                kind=doc.kind or "article",
                number=official.number if official else None,
                doc_type=official.doc_type if official else None,
                issued_date=official.issued_date if official else None,
                cluster_id=doc.cluster_id,
            )
        )
    return hits
