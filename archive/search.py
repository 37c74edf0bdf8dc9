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

from sqlalchemy import text
from sqlalchemy.orm import Session

from archive.errors import InputError
from archive.models import Document
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
    """Each word of the query becomes a quoted FTS5 term; all must match."""
    words = _TOKEN.findall(fold(query))
    if not words:
        raise InputError(f"search query {query!r} has no words to search for")
    return " ".join(f'"{w}"' for w in words)


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


def search(session: Session, query: str, limit: int = 20) -> list[Hit]:
    rows = session.execute(_SEARCH_SQL, {"q": match_expression(query), "limit": limit}).all()
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
