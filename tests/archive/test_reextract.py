"""``vnarchive reextract`` on a real crawl of the sandbox: the archive's documents rebuilt
from its WARC files, without recrawling (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from archive.db.engine import open_database
from archive.documents.reextract import parse_since, reextract
from archive.errors import InputError
from archive.extract import EXTRACTOR_VERSION
from archive.search import remove_document, search
from archive.text import text_hash
from tests.conftest import Backend, Crawl, vnarchive


@dataclass
class Copy:
    data_dir: Path
    backend: Backend

    def rows(self, sql: str, **params: object) -> list[tuple]:
        return self.backend.rows(self.data_dir, sql, **params)

    def execute(self, *statements: tuple[str, dict[str, object]]) -> None:
        with self.backend.connect(self.data_dir) as conn:
            for sql, params in statements:
                conn.execute(text(sql), params)

    def unindex(self, document_id: int) -> None:
        sessions = open_database(self.backend.config(self.data_dir))
        with sessions.begin() as session:
            remove_document(session, document_id)
        sessions.kw["bind"].dispose()

    def found_by(self, words: str) -> set[int]:
        sessions = open_database(self.backend.config(self.data_dir))
        with sessions() as session:
            found = {h.document_id for h in search(session, f'"{words}"', limit=50).hits}
        sessions.kw["bind"].dispose()
        return found

    def reextract(self, **options: object):
        config = self.backend.config(self.data_dir)
        sessions = open_database(config)
        try:
            return reextract(config, sessions, **options)
        finally:
            sessions.kw["bind"].dispose()

    def cli(self, *args: str, check: bool = True):
        env = self.backend.env(self.data_dir)
        return vnarchive(*args, data_dir=self.data_dir, check=check, env=env)


@pytest.fixture
def archive_copy(crawled: Crawl, tmp_path: Path) -> Copy:
    """A copy of the shared crawl's archive (files and database), free to damage."""
    return Copy(crawled.backend.copy(crawled.data_dir, tmp_path / "archive"), crawled.backend)


def run_json(archive: Copy, *args: str) -> dict:
    return json.loads(archive.cli("reextract", "--json", *args).stdout)


def phrase(text_: str) -> str:
    """Six words from the middle of a text: a phrase that finds it."""
    words = text_.split()
    return " ".join(words[len(words) // 2 : len(words) // 2 + 6])


def test_reextract_after_a_crawl_changes_nothing(archive_copy: Copy) -> None:
    ((documents,),) = archive_copy.rows(  # the pages' documents (files are read, not extracted)
        "SELECT count(*) FROM documents WHERE kind IS NULL OR kind != 'document'"
    )
    report = run_json(archive_copy)
    assert report["examined"] > documents > 0
    assert report["failed"] == 0, report["failures"]
    assert report["changed"] == report["created"] == report["linked"] == 0
    assert report["unchanged"] >= documents
    assert report["extractor_version"] == EXTRACTOR_VERSION


def test_reextract_restores_a_corrupted_document(archive_copy: Copy) -> None:
    ((doc_id, original, digest),) = archive_copy.rows(
        "SELECT id, text, text_hash FROM documents WHERE kind IS NULL OR kind != 'document' "
        "ORDER BY id LIMIT 1"
    )
    archive_copy.execute(("UPDATE documents SET text = 'hỏng' WHERE id = :i", {"i": doc_id}))
    archive_copy.unindex(doc_id)
    assert doc_id not in archive_copy.found_by(phrase(original))
    report = run_json(archive_copy, "--workers", "2")
    assert report["changed"] == 1
    assert report["failed"] == report["created"] == 0
    ((text_, now_hash),) = archive_copy.rows(
        "SELECT text, text_hash FROM documents WHERE id = :i", i=doc_id
    )
    assert (text_, now_hash) == (original, digest)
    assert doc_id in archive_copy.found_by(phrase(original))  # re-indexed for search
    assert run_json(archive_copy)["changed"] == 0


def test_reextract_rehashes_a_document_and_records_the_version(archive_copy: Copy) -> None:
    # a page's document: reextract reads pages, not files (the last document may be a PDF's,
    # as the crawl's indexing finished them in either order)
    ((doc_id, original),) = archive_copy.rows(
        "SELECT id, text FROM documents WHERE kind IS NULL OR kind != 'document' "
        "ORDER BY id DESC LIMIT 1"
    )
    archive_copy.execute(
        (
            "UPDATE documents SET text = 'cũ', text_hash = :h, extractor_version = '0.1' "
            "WHERE id = :i",
            {"h": text_hash("cũ"), "i": doc_id},
        )
    )
    report = run_json(archive_copy)
    assert report["changed"] == 1
    row = archive_copy.rows(
        "SELECT text, text_hash, extractor_version FROM documents WHERE id = :i", i=doc_id
    )
    assert row == [(original, text_hash(original), EXTRACTOR_VERSION)]


def test_reextract_relinks_and_creates_in_process(archive_copy: Copy) -> None:
    """A capture linked to the wrong document is relinked to the one holding its text; a
    capture whose document was lost gets a new one."""
    (a, cap_a), (b, cap_b), (c, _) = archive_copy.rows(
        "SELECT document_id, min(id) FROM captures WHERE document_id IS NOT NULL "
        "AND record_type = 'response' GROUP BY document_id ORDER BY document_id LIMIT 3"
    )
    ((lost_text,),) = archive_copy.rows("SELECT text FROM documents WHERE id = :b", b=b)
    archive_copy.unindex(b)
    archive_copy.execute(
        ("UPDATE captures SET document_id = :c WHERE id = :a", {"c": c, "a": cap_a}),
        ("UPDATE captures SET document_id = NULL WHERE document_id = :b", {"b": b}),
        ("DELETE FROM documents WHERE id = :b", {"b": b}),
    )
    report = archive_copy.reextract(workers=0)
    assert (report.changed, report.created, report.failed) == (1, 1, 0)
    linked = dict(
        archive_copy.rows(
            "SELECT id, document_id FROM captures WHERE id IN (:a, :b)", a=cap_a, b=cap_b
        )
    )
    assert linked[cap_a] == a
    assert linked[cap_b] is not None
    ((text_,),) = archive_copy.rows("SELECT text FROM documents WHERE id = :i", i=linked[cap_b])
    assert archive_copy.rows("SELECT count(*) FROM documents WHERE id = :c", c=c) == [(1,)]
    assert text_ == lost_text


def test_reextract_filters(archive_copy: Copy, crawled: Crawl) -> None:
    everything = run_json(archive_copy)["examined"]
    host = crawled.sandbox.portals()[0]["host"]
    one = run_json(archive_copy, "--portal", host)["examined"]
    assert 0 < one < everything
    assert run_json(archive_copy, "--since", "2000-01-01")["examined"] == everything
    assert run_json(archive_copy, "--since", "2999-01-01")["examined"] == 0
    run = archive_copy.cli("reextract", "--since", "2999-01-01")
    assert "0 captures examined" in run.stdout


@pytest.mark.parametrize("since", ["2024-13-01", "yesterday", "20240101"])
def test_bad_since_is_one_line_and_exit_2(archive_copy: Copy, since: str) -> None:
    run = archive_copy.cli("reextract", "--since", since, check=False)
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vnarchive: error:") and since in lines[0]
    with pytest.raises(InputError):
        parse_since(since)


def test_reextract_splits_a_shared_document(archive_copy: Copy) -> None:
    """Two pages linked to one document, one of which now extracts to a text no document
    holds: that page gets a document of its own, the other keeps the shared one."""
    (d, cap_d), (e, cap_e) = archive_copy.rows(
        "SELECT document_id, min(id) FROM captures WHERE document_id IS NOT NULL "
        "AND record_type = 'response' GROUP BY document_id ORDER BY document_id LIMIT 2"
    )
    ((e_text,),) = archive_copy.rows("SELECT text FROM documents WHERE id = :e", e=e)
    archive_copy.unindex(e)
    archive_copy.execute(
        ("UPDATE captures SET document_id = :d WHERE document_id = :e", {"d": d, "e": e}),
        ("DELETE FROM documents WHERE id = :e", {"e": e}),
    )
    report = archive_copy.reextract(workers=0)
    assert (report.changed, report.created, report.failed) == (1, 0, 0)
    linked = dict(
        archive_copy.rows(
            "SELECT id, document_id FROM captures WHERE id IN (:d, :e)", d=cap_d, e=cap_e
        )
    )
    assert linked[cap_d] == d and linked[cap_e] not in (None, d)
    row = archive_copy.rows("SELECT text, text_hash FROM documents WHERE id = :i", i=linked[cap_e])
    assert row == [(e_text, text_hash(e_text))]
    assert linked[cap_e] in archive_copy.found_by(phrase(e_text))
