"""Upserts: ``INSERT … ON CONFLICT`` in the session's dialect.

Check-then-insert is a race as soon as two processes write (two crawls, a crawl and
``reextract``); SQLite's single writer hides it, PostgreSQL does not. Every insert of a row
that another writer may insert too goes through here.
"""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def dialect_insert(session: Session, model: type) -> sqlite.Insert | postgresql.Insert:
    """``INSERT`` for the session's database, with its ``ON CONFLICT`` clauses."""
    name = session.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(model)
    if name == "sqlite":
        return sqlite.insert(model)
    raise NotImplementedError(f"no upserts for {name} databases")
