"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import text

from archive.config import load_config
from archive.db.engine import foreign_keys_deferred, make_engine, open_database, upgrade
from archive.db.models import Base
from archive.search import search
from tests.conftest import Backend

# tables made by raw SQL (SQLite FTS5 and its shadow tables) or by APScheduler's job store
NOT_MODELLED = ("documents_fts", "documents_search", "apscheduler_jobs")


def _table_of(diff: tuple) -> str:
    item = diff[1]
    table = getattr(item, "table", None)
    return str(getattr(table, "name", None) or getattr(item, "name", ""))


def test_migrations_match_the_models(tmp_path: Path, backend: Backend) -> None:
    engine = open_database(backend.config(tmp_path)).kw["bind"]
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    left = [d for d in diffs if not _table_of(d).startswith(NOT_MODELLED)]
    assert left == []


def test_the_head_revision_is_the_last_migration() -> None:
    from archive.db.engine import HEAD, MIGRATIONS

    files = sorted(p.name for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))
    assert files[-1].startswith(HEAD + "_")


def _old_archive(conn, postgres: bool, duplicate: bool = True) -> None:
    """Rows as vnarchive wrote them before 0006: a 304 revisit with status 304, a record
    recorded twice (a repair racing a rotation), a document indexed the old way."""
    when = datetime(2026, 1, 1, 2, 0)
    conn.execute(
        text(
            "INSERT INTO crawl_jobs (id, seeds, trigger, status, started_at, stats, pages, "
            "new_documents, changed_documents, unchanged_documents, warc_bytes) VALUES "
            "(1, 'http://a.test/', 'manual', 'succeeded', :t, '{}', 3, 1, 0, 0, 0)"
        ),
        {"t": when},
    )
    conn.execute(
        text(
            "INSERT INTO documents (id, text_hash, url, host, title, text, extractor_version, "
            "first_captured_at) VALUES (1, 'h1', 'http://a.test/1', 'a.test', "
            "'Đảng bộ xã họp', 'Hội nghị Đảng bộ xã lần thứ nhất.', '1.1', :t)"
        ),
        {"t": when},
    )
    if not postgres:
        conn.execute(
            text(
                "INSERT INTO documents_fts (rowid, title, body) VALUES "
                "(1, 'Dảng bộ xã họp', 'Hội nghị Dảng bộ xã lần thứ nhất.')"
            )
        )
    capture = (
        "INSERT INTO captures (id, job_id, url, surt, host, captured_at, status, mime, "
        "record_type, warc_filename, warc_offset, warc_length, warc_record_id, refers_to_id, "
        "document_id, extracted_at) VALUES (:id, 1, 'http://a.test/1', 'test,a)/1', 'a.test', "
        ":t, :status, 'text/html', :type, 'x.warc.gz', :offset, 10, :rid, :ref, 1, :t)"
    )
    for row in (
        {"id": 1, "status": 200, "type": "response", "offset": 0, "rid": "<urn:1>", "ref": None},
        {"id": 2, "status": 304, "type": "revisit", "offset": 10, "rid": "<urn:2>", "ref": 1},
        {"id": 3, "status": 304, "type": "revisit", "offset": 10, "rid": "<urn:2>", "ref": 1},
        {"id": 4, "status": 200, "type": "revisit", "offset": 20, "rid": "<urn:4>", "ref": 3},
    ):
        if row["id"] == 3 and not duplicate:
            row = {**row, "rid": "<urn:3>", "ref": 2}
        conn.execute(text(capture), {**row, "t": when})


def test_an_archive_made_before_0006_keeps_everything(tmp_path: Path, backend: Backend) -> None:
    config = backend.config(tmp_path / "data")
    engine = make_engine(config)
    if backend.server is not None:  # a database of its own, empty (not the template)
        name = f"old_{tmp_path.name}"[:60]
        url = backend.server.create_database(name)
        config = load_config(tmp_path / "data", db_url=url)
        engine = make_engine(config)
    upgrade(engine, "0005")
    with engine.begin() as conn:
        _old_archive(conn, engine.dialect.name == "postgresql")
    upgrade(engine)
    sessions = open_database(config)
    with sessions() as session:
        rows = session.execute(
            text("SELECT id, status, refers_to_id FROM captures ORDER BY id")
        ).all()
        portals = session.execute(text("SELECT count(*) FROM portals")).scalar()
        found = search(session, "dang bo xa").hits
    # the duplicate record folded into its first row; the revisit referring to it relinked;
    # a 304 revisit's status is its record's (200)
    assert [tuple(r) for r in rows] == [(1, 200, None), (2, 200, 1), (4, 200, 2)]
    assert portals == 68  # the bundled catalog, loaded by the migration
    assert [h.document_id for h in found] == [1]
    engine.dispose()


def _revisits_archive(tmp_path: Path):
    config = load_config(tmp_path / "data")
    engine = make_engine(config)
    upgrade(engine)
    with engine.begin() as conn:
        _old_archive(conn, postgres=False, duplicate=False)
    return engine


def _rebuild_captures(conn) -> None:
    with Operations(MigrationContext.configure(conn)).batch_alter_table(
        "captures", recreate="always"
    ) as batch:
        batch.alter_column("mime", existing_type=sa.String(255), type_=sa.String(300))


def test_a_migration_that_rebuilds_captures_keeps_its_revisits(tmp_path: Path) -> None:
    """With foreign keys on (as the engine opens SQLite), dropping the old ``captures``
    in a rebuild fails on an archive with revisits: migrations run with them deferred."""
    engine = _revisits_archive(tmp_path)
    with pytest.raises(sa.exc.IntegrityError, match="FOREIGN KEY"):
        with engine.begin() as conn:
            _rebuild_captures(conn)
    with engine.connect() as conn:
        conn.execute(text("DROP TABLE IF EXISTS _alembic_tmp_captures"))  # the failed copy
        with foreign_keys_deferred(conn):
            _rebuild_captures(conn)
            conn.commit()
        assert conn.execute(text("SELECT count(*) FROM captures")).scalar() == 4
    engine.dispose()


def test_an_archive_made_before_0007_gets_the_communes_its_communes_went_into(
    tmp_path: Path, backend: Backend
) -> None:
    from archive.catalog.labels import labels_of
    from archive.catalog.models import Portal

    config = backend.config(tmp_path / "data")
    if backend.server is not None:  # a database of its own, empty (not the template)
        url = backend.server.create_database(f"c7_{tmp_path.name}"[:60])
        config = load_config(tmp_path / "data", db_url=url)
    engine = make_engine(config)
    upgrade(engine, "0006")
    with engine.begin() as conn:  # as 0006 left them before the commune mapping existed
        conn.execute(text("UPDATE portals SET new_commune_code = NULL"))
        conn.execute(
            text(
                "INSERT INTO portals (host, url, level, status, source, old_province_code, "
                "old_district_code, old_commune_code, new_province_code) VALUES "
                "('hiepan.kinhmon.haiduong.gov.vn', 'https://hiepan.kinhmon.haiduong.gov.vn/', "
                "'commune', 'active', 'added', 30, 292, 10735, 31), "
                "('tranhungdao.hoankiem.hanoi.gov.vn', 'https://tranhungdao.hoankiem.hanoi.gov.vn/',"
                " 'commune', 'active', 'added', 1, 2, 82, 1)"
            )
        )
    upgrade(engine)
    engine.dispose()
    sessions = open_database(config)
    with sessions() as session:
        codes = dict(session.execute(sa.select(Portal.host, Portal.new_commune_code)).all())
        quang_thanh = session.scalar(
            sa.select(Portal).where(Portal.host == "quangthanh.kinhmon.haiduong.gov.vn")
        )
        assert labels_of(quang_thanh).current_commune == "Xã Nam An Phụ"
    assert codes["quangthanh.kinhmon.haiduong.gov.vn"] == 10705  # bundled: Xã Nam An Phụ
    assert codes["hiepan.kinhmon.haiduong.gov.vn"] is not None  # added
    assert codes["tranhungdao.hoankiem.hanoi.gov.vn"] is None  # not in the mapping: left NULL
    assert codes["haiduong.gov.vn"] is None  # a province has no commune
    sessions.kw["bind"].dispose()


def test_an_archive_made_before_0008_keeps_its_jobs_judged_by_pid(
    tmp_path: Path, backend: Backend
) -> None:
    """0008 adds where a crawl runs, its heartbeat and live counts; rows from before have
    none of them: a row left running by a process that is gone still becomes interrupted
    (by its pid), a finished one is untouched, and a new crawl row gets all three."""
    from archive.db import jobs as crawl_jobs

    config = backend.config(tmp_path / "data")
    engine = make_engine(config)
    if backend.server is not None:  # a database of its own, empty (not the template)
        url = backend.server.create_database(f"old7_{tmp_path.name}"[:60])
        config = load_config(tmp_path / "data", db_url=url)
        engine = make_engine(config)
    upgrade(engine, "0007")
    with engine.begin() as conn:
        _old_archive(conn, engine.dialect.name == "postgresql", duplicate=False)
        conn.execute(
            text(
                "INSERT INTO crawl_jobs (id, seeds, trigger, status, started_at, stats, pages, "
                "new_documents, changed_documents, unchanged_documents, warc_bytes, pid) "
                "VALUES (2, 'http://a.test/', 'manual', 'running', :t, '{}', 0, 0, 0, 0, 0, "
                ":pid)"
            ),
            {"t": datetime(2026, 1, 2), "pid": 2**22 + 7},  # above Linux's pid_max: none
        )
        if engine.dialect.name == "postgresql":  # ids were given: the sequence follows
            conn.execute(text("SELECT setval(pg_get_serial_sequence('crawl_jobs', 'id'), 2)"))
    upgrade(engine)
    sessions = open_database(config)
    assert crawl_jobs.recover_dead(sessions) == {2: f"crawl process {2**22 + 7} was gone"}
    new = crawl_jobs.start(sessions, ["http://b.test/"])
    with sessions() as session:
        rows = {j.id: j for j in session.query(crawl_jobs.CrawlJob)}
    assert rows[1].status == "succeeded" and rows[1].pages == 3 and rows[1].host is None
    assert rows[2].status == "interrupted" and rows[2].heartbeat_at is None
    assert rows[new].host == crawl_jobs.this_host() and rows[new].heartbeat_at is not None
    engine.dispose()


def test_an_archive_made_before_0009_keeps_its_documents_as_articles(
    tmp_path: Path, backend: Backend
) -> None:
    """0009 adds official documents, document files and the kind of a document; the
    documents made before are articles, still found, with their facets, and the new
    tables start empty."""
    from archive.search import Filters, rebuild

    config = backend.config(tmp_path / "data")
    if backend.server is not None:  # a database of its own, empty (not the template)
        url = backend.server.create_database(f"d9_{tmp_path.name}"[:60])
        config = load_config(tmp_path / "data", db_url=url)
    engine = make_engine(config)
    upgrade(engine, "0008")
    with engine.begin() as conn:
        _old_archive(conn, engine.dialect.name == "postgresql", duplicate=False)
    upgrade(engine)
    sessions = open_database(config)
    with sessions() as session:
        rebuild(session)  # the index made again by this code, on the migrated rows
        session.commit()
        hits = search(session, "dang bo xa").hits
        as_articles = search(session, "dang bo xa", filters=Filters(kind="article")).hits
        kinds = session.execute(text("SELECT kind, official_id FROM documents")).all()
        empty = [
            session.execute(text(f"SELECT count(*) FROM {t}")).scalar()
            for t in ("official_documents", "official_links", "document_files", "page_links")
        ]
    assert [h.document_id for h in hits] == [1] and hits[0].kind == "article"
    assert [h.document_id for h in as_articles] == [1]
    assert [tuple(k) for k in kinds] == [(None, None)]
    assert empty == [0, 0, 0, 0]
    sessions.kw["bind"].dispose()
    engine.dispose()


def test_an_archive_made_before_0011_keeps_everything_and_dedup_clusters_it(
    tmp_path: Path, backend: Backend
) -> None:
    """0011 adds the clusters of near-duplicate texts: documents, captures and search
    results of an archive made before stay as they were, its documents start unclustered,
    and ``cluster_pending`` (``vnarchive dedup``) places them."""
    from archive.documents.syndication import cluster_pending, pending
    from archive.search import rebuild

    config = backend.config(tmp_path / "data")
    if backend.server is not None:  # a database of its own, empty (not the template)
        url = backend.server.create_database(f"d11_{tmp_path.name}"[:60])
        config = load_config(tmp_path / "data", db_url=url)
    engine = make_engine(config)
    upgrade(engine, "0010")
    with engine.begin() as conn:
        _old_archive(conn, engine.dialect.name == "postgresql", duplicate=False)
    with engine.connect() as conn:
        before = [tuple(r) for r in conn.execute(text("SELECT * FROM captures ORDER BY id"))]
    upgrade(engine)
    sessions = open_database(config)
    with sessions() as session:
        rebuild(session)
        session.commit()
        hits = search(session, "dang bo xa").hits
        after = [tuple(r) for r in session.execute(text("SELECT * FROM captures ORDER BY id"))]
        assert pending(session) == 1
    # the same rows (later migrations add columns after these)
    assert [h.document_id for h in hits] == [1] and [a[: len(before[0])] for a in after] == before
    assert [n for n, _ in cluster_pending(sessions)] == [1]
    with sessions() as session:
        assert pending(session) == 0
        clusters = session.execute(text("SELECT id, cluster_id FROM documents")).all()
    assert [tuple(c) for c in clusters] == [(1, 1)]  # too short to tell a story: alone
    sessions.kw["bind"].dispose()
    engine.dispose()
