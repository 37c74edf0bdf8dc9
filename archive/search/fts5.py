"""Full-text search over documents with SQLite FTS5, with or without diacritics.

The indexed copy and the query are both folded (NFC, Đ/đ → D/d); the tokenizer
``unicode61 remove_diacritics 2`` removes the other diacritics, so ``dang bo`` finds
``Đảng bộ``. Snippets come from FTS5 over the folded copy and are mapped back onto the
original text, which has the same length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from archive.catalog.filters import hosts_matching
from archive.db.models import Document
from archive.errors import InputError
from archive.text import fold, nfc

MARK_OPEN, MARK_CLOSE, ELLIPSIS = "\x02", "\x03", "\x04"
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    document_id: int
    host: str
    url: str
    title: str | None
    published_at: datetime | None
    snippet: str  # the match wrapped in [[ ]]
    score: float


def index_document(session: Session, doc: Document) -> None:
    session.execute(text("DELETE FROM documents_fts WHERE rowid = :id"), {"id": doc.id})
    session.execute(
        text("INSERT INTO documents_fts(rowid, title, body) VALUES (:id, :title, :body)"),
        {"id": doc.id, "title": fold(doc.title or ""), "body": fold(doc.text)},
    )


def match_expression(query: str) -> str:
    """Every word must match; words in double quotes must match as a phrase.

    ``dang bo "ke hoach phat trien"`` → ``"dang" "bo" "ke hoach phat trien"``. Words are
    quoted, so FTS5 operators typed by a user are searched for as words.
    """
    terms = []
    for i, part in enumerate(fold(query).split('"')):
        words = _TOKEN.findall(part)
        if i % 2 and words:
            terms.append('"' + " ".join(words) + '"')
        else:
            terms += [f'"{w}"' for w in words]
    if not terms:
        raise InputError(f"search query {query!r} has no words to search for")
    return " ".join(terms)


def map_snippet(folded_snippet: str, original: str) -> str:
    """Rebuild an FTS5 snippet of the folded text from the original, marking with [[ ]]."""
    body = folded_snippet.strip(ELLIPSIS)
    plain = body.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
    start = fold(original).find(plain)
    if start < 0:
        return body.replace(MARK_OPEN, "[[").replace(MARK_CLOSE, "]]")
    out, pos = [], start
    for piece in re.split(f"([{MARK_OPEN}{MARK_CLOSE}])", body):
        if piece == MARK_OPEN:
            out.append("[[")
        elif piece == MARK_CLOSE:
            out.append("]]")
        else:
            out.append(original[pos : pos + len(piece)])
            pos += len(piece)
    prefix = "…" if folded_snippet.startswith(ELLIPSIS) else ""
    suffix = "…" if folded_snippet.endswith(ELLIPSIS) else ""
    return prefix + "".join(out) + suffix


_SEARCH_SQL = text(
    f"""
    SELECT rowid, bm25(documents_fts, 5.0, 1.0) AS score,
           snippet(documents_fts, 1, '{MARK_OPEN}', '{MARK_CLOSE}', '{ELLIPSIS}', 16) AS snip
    FROM documents_fts WHERE documents_fts MATCH :q
    ORDER BY score LIMIT :limit
    """
)
# The same, restricted to documents of some hosts (the unit filters: province, level).
_SEARCH_HOSTS_SQL = text(
    f"""
    SELECT rowid, bm25(documents_fts, 5.0, 1.0) AS score,
           snippet(documents_fts, 1, '{MARK_OPEN}', '{MARK_CLOSE}', '{ELLIPSIS}', 16) AS snip
    FROM documents_fts WHERE documents_fts MATCH :q
    AND rowid IN (SELECT id FROM documents WHERE host IN :hosts)
    ORDER BY score LIMIT :limit
    """
).bindparams(bindparam("hosts", expanding=True))


def search(
    session: Session,
    query: str,
    limit: int = 20,
    *,
    province: str | None = None,
    level: str | None = None,
) -> list[Hit]:
    """Best matches first; ``province`` (old or new name) and ``level`` filter by unit."""
    params: dict[str, object] = {"q": match_expression(query), "limit": limit}
    sql = _SEARCH_SQL
    if province is not None or level is not None:
        params["hosts"] = hosts_matching(session, province=province, level=level)
        if not params["hosts"]:
            return []
        sql = _SEARCH_HOSTS_SQL
    rows = session.execute(sql, params).all()
    docs = {d.id: d for d in session.query(Document).filter(Document.id.in_([r[0] for r in rows]))}
    hits = []
    for rowid, score, snip in rows:
        doc = docs[rowid]
        hits.append(
            Hit(
                document_id=doc.id,
                host=doc.host,
                url=doc.url,
                title=doc.title,
                published_at=doc.published_at,
                snippet=map_snippet(snip, nfc(doc.text)),
                score=-float(score),
            )
        )
    return hits
