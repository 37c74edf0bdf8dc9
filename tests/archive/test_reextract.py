"""``vnarchive reextract`` on a real crawl of the sandbox: the archive's documents rebuilt
from its WARC files, without recrawling."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from archive.config import load_config
from archive.db.engine import open_database
from archive.documents.reextract import parse_since, reextract
from archive.errors import InputError
from archive.extract import EXTRACTOR_VERSION
from archive.text import fold, text_hash
from tests.conftest import Crawl, vnarchive


@pytest.fixture
def archive_copy(crawled: Crawl, tmp_path: Path) -> Path:
    """A copy of the shared crawl's archive, free to damage."""
    target = tmp_path / "archive"
    shutil.copytree(crawled.data_dir, target, ignore=shutil.ignore_patterns("logs"))
    return target


def db(data_dir: Path) -> sqlite3.Connection:
    return sqlite3.connect(data_dir / "archive.sqlite3")


def run_json(data_dir: Path, *args: str) -> dict:
    run = vnarchive("reextract", "--json", *args, data_dir=data_dir, check=True)
    return json.loads(run.stdout)


def test_reextract_after_a_crawl_changes_nothing(archive_copy: Path) -> None:
    with db(archive_copy) as conn:
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    report = run_json(archive_copy)
    assert report["examined"] > documents > 0
    assert report["failed"] == 0, report["failures"]
    assert report["changed"] == report["created"] == report["linked"] == 0
    assert report["unchanged"] >= documents
    assert report["extractor_version"] == EXTRACTOR_VERSION


def test_reextract_restores_a_corrupted_document(archive_copy: Path) -> None:
    with db(archive_copy) as conn:
        doc_id, original, digest = conn.execute(
            "SELECT id, text, text_hash FROM documents ORDER BY id LIMIT 1"
        ).fetchone()
        conn.execute("UPDATE documents SET text = 'hỏng' WHERE id = ?", (doc_id,))
        conn.execute("UPDATE documents_fts SET body = 'hong' WHERE rowid = ?", (doc_id,))
    report = run_json(archive_copy, "--workers", "2")
    assert report["changed"] == 1
    assert report["failed"] == report["created"] == 0
    with db(archive_copy) as conn:
        text, now_hash = conn.execute(
            "SELECT text, text_hash FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        body = conn.execute("SELECT body FROM documents_fts WHERE rowid = ?", (doc_id,)).fetchone()
    assert (text, now_hash) == (original, digest)
    assert body[0] == fold(original)  # re-indexed for search
    assert run_json(archive_copy)["changed"] == 0


def test_reextract_rehashes_a_document_and_records_the_version(archive_copy: Path) -> None:
    with db(archive_copy) as conn:
        doc_id, original = conn.execute(
            "SELECT id, text FROM documents ORDER BY id DESC LIMIT 1"
        ).fetchone()
        conn.execute(
            "UPDATE documents SET text = 'cũ', text_hash = ?, extractor_version = '0.1' "
            "WHERE id = ?",
            (text_hash("cũ"), doc_id),
        )
    report = run_json(archive_copy)
    assert report["changed"] == 1
    with db(archive_copy) as conn:
        row = conn.execute(
            "SELECT text, text_hash, extractor_version FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
    assert row == (original, text_hash(original), EXTRACTOR_VERSION)


def test_reextract_relinks_and_creates_in_process(archive_copy: Path) -> None:
    """A capture linked to the wrong document is relinked to the one holding its text; a
    capture whose document was lost gets a new one."""
    with db(archive_copy) as conn:
        (a, cap_a), (b, cap_b), (c, _) = conn.execute(
            "SELECT document_id, min(id) FROM captures WHERE document_id IS NOT NULL "
            "AND record_type = 'response' GROUP BY document_id ORDER BY document_id LIMIT 3"
        ).fetchall()
        conn.execute("UPDATE captures SET document_id = ? WHERE id = ?", (c, cap_a))
        lost_text = conn.execute("SELECT text FROM documents WHERE id = ?", (b,)).fetchone()[0]
        conn.execute("UPDATE captures SET document_id = NULL WHERE document_id = ?", (b,))
        conn.execute("DELETE FROM documents_fts WHERE rowid = ?", (b,))
        conn.execute("DELETE FROM documents WHERE id = ?", (b,))
    config = load_config(archive_copy)
    report = reextract(config, open_database(config), workers=0)
    assert (report.changed, report.created, report.failed) == (1, 1, 0)
    with db(archive_copy) as conn:
        linked = dict(
            conn.execute(
                "SELECT id, document_id FROM captures WHERE id IN (?, ?)", (cap_a, cap_b)
            ).fetchall()
        )
        assert linked[cap_a] == a
        assert linked[cap_b] is not None
        text = conn.execute("SELECT text FROM documents WHERE id = ?", (linked[cap_b],)).fetchone()[
            0
        ]
        assert conn.execute("SELECT count(*) FROM documents WHERE id = ?", (c,)).fetchone()[0]
    assert text == lost_text


def test_reextract_filters(archive_copy: Path, crawled: Crawl) -> None:
    everything = run_json(archive_copy)["examined"]
    host = crawled.sandbox.portals()[0]["host"]
    one = run_json(archive_copy, "--portal", host)["examined"]
    assert 0 < one < everything
    assert run_json(archive_copy, "--since", "2000-01-01")["examined"] == everything
    assert run_json(archive_copy, "--since", "2999-01-01")["examined"] == 0
    text = vnarchive("reextract", "--since", "2999-01-01", data_dir=archive_copy, check=True)
    assert "0 captures examined" in text.stdout


@pytest.mark.parametrize("since", ["2024-13-01", "yesterday", "20240101"])
def test_bad_since_is_one_line_and_exit_2(archive_copy: Path, since: str) -> None:
    run = vnarchive("reextract", "--since", since, data_dir=archive_copy)
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vnarchive: error:") and since in lines[0]
    with pytest.raises(InputError):
        parse_since(since)


def test_reextract_splits_a_shared_document(archive_copy: Path) -> None:
    """Two pages linked to one document, one of which now extracts to a text no document
    holds: that page gets a document of its own, the other keeps the shared one."""
    with db(archive_copy) as conn:
        (d, cap_d), (e, cap_e) = conn.execute(
            "SELECT document_id, min(id) FROM captures WHERE document_id IS NOT NULL "
            "AND record_type = 'response' GROUP BY document_id ORDER BY document_id LIMIT 2"
        ).fetchall()
        e_text = conn.execute("SELECT text FROM documents WHERE id = ?", (e,)).fetchone()[0]
        conn.execute("UPDATE captures SET document_id = ? WHERE document_id = ?", (d, e))
        conn.execute("DELETE FROM documents_fts WHERE rowid = ?", (e,))
        conn.execute("DELETE FROM documents WHERE id = ?", (e,))
    config = load_config(archive_copy)
    report = reextract(config, open_database(config), workers=0)
    assert (report.changed, report.created, report.failed) == (1, 0, 0)
    with db(archive_copy) as conn:
        linked = dict(
            conn.execute(
                "SELECT id, document_id FROM captures WHERE id IN (?, ?)", (cap_d, cap_e)
            ).fetchall()
        )
        assert linked[cap_d] == d and linked[cap_e] not in (None, d)
        row = conn.execute(
            "SELECT text, text_hash FROM documents WHERE id = ?", (linked[cap_e],)
        ).fetchone()
        fts = conn.execute(
            "SELECT body FROM documents_fts WHERE rowid = ?", (linked[cap_e],)
        ).fetchone()
    assert row == (e_text, text_hash(e_text))
    assert fts == (fold(e_text),)
