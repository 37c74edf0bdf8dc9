"""Decisions and notices: a real crawl of sandbox portals archives every official document of
the ground truth (PDF with a text layer, scanned PDF, DOCX, DOC; some on the province's file
host), reads it in the indexing workers (scans by Tesseract), keeps one record per document
linked to its file, notice page and registry record, and finds it by number however typed."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from archive.extract.office.numbers import number_key
from tests.conftest import Backend, Run, vnarchive

PORTALS = ("http://kinhmon.haiduong.gov.vn.test/", "http://hatrung.thanhhoa.gov.vn.test/")
FIELDS = ("doc_type", "number", "issuer", "place", "subject", "signer", "signer_title")


class Archive:
    def __init__(self, data: Path, backend: Backend, run: Run, truth: list[dict[str, Any]]):
        self.data, self.backend, self.run, self.truth = data, backend, run, truth

    def cli(self, *args: str, env: dict[str, str] | None = None) -> Run:
        return vnarchive(
            *args, data_dir=self.data, env={**self.backend.env(self.data), **(env or {})}
        )

    def json(self, *args: str) -> Any:
        done = self.cli(*args, "--json")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        with self.backend.db(self.data) as conn:
            return conn.execute(sql).fetchall()


def crawl(sandbox, server, data: Path, backend: Backend, **env: str) -> Run:
    done = vnarchive(
        "crawl", *PORTALS, "--proxy", server.proxy_url, "--delay", "0",
        data_dir=data, env={**backend.env(data), **env},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done


def truth_of(sandbox) -> list[dict[str, Any]]:
    hosts = {p.split("/")[2] for p in PORTALS}
    return [d for d in sandbox.documents_truth() if d["host"] in hosts]


@pytest.fixture(scope="module")
def archive(sandbox, sandbox_server, tmp_path_factory, backend: Backend) -> Archive:
    data = tmp_path_factory.mktemp(f"official-{backend.name}")
    run = crawl(sandbox, sandbox_server, data, backend, VNARCHIVE_OCR="1")
    return Archive(data, backend, run, truth_of(sandbox))


def official_rows(archive: Archive) -> dict[str, dict[str, Any]]:
    names = ("number_key", *FIELDS, "issued_date", "source", "id")
    rows = archive.rows(f"SELECT {', '.join(names)} FROM official_documents")
    return {row[0]: dict(zip(names, row, strict=True)) for row in rows}


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def test_every_document_is_archived_read_and_catalogued_with_its_fields(archive: Archive) -> None:
    assert archive.truth and any(d["scanned"] for d in archive.truth)
    found = official_rows(archive)
    for doc in archive.truth:
        row = found.get(number_key(doc["number"]))
        assert row is not None, f"{doc['number']} ({doc['format']}) not catalogued"
        assert row["source"] == "file", doc["number"]  # the file's own fields won
        for name in FIELDS:
            assert row[name] == doc[name], (doc["number"], doc["format"], name)
        assert as_date(row["issued_date"]) == date.fromisoformat(doc["issued_date"])
    assert "official documents" in archive.run.stdout


def test_each_record_links_its_file_its_notice_and_its_registry_record(archive: Archive) -> None:
    links = archive.rows(
        "SELECT o.number_key, l.role, c.url FROM official_links l "
        "JOIN official_documents o ON o.id = l.official_id JOIN captures c ON c.id = l.capture_id"
    )
    by_key: dict[str, set[tuple[str, str]]] = {}
    for key, role, url in links:
        by_key.setdefault(key, set()).add((role, url))
    for doc in archive.truth:
        carried = by_key.get(number_key(doc["number"]), set())
        assert ("file", doc["url"]) in carried, doc["number"]
        assert ("notice", doc["notice_url"]) in carried, doc["number"]
        assert ("registry", doc["detail_url"]) in carried, doc["number"]
        listed = {u for r, u in carried if r == "registry" and u != doc["detail_url"]}
        assert any(u.split("?")[0] == doc["registry_url"] for u in listed), doc["number"]
    # files on the province's file host were fetched although that host is not crawled
    assert any(d["file_host"].startswith("vanban.") for d in archive.truth)


def test_a_scanned_pdf_is_read_by_ocr(archive: Archive) -> None:
    scans = [d for d in archive.truth if d["scanned"]]
    rows = dict(
        archive.rows(
            "SELECT c.url, f.ocr_used FROM document_files f JOIN captures c ON c.id = f.capture_id"
        )
    )
    for doc in scans:
        assert rows.get(doc["url"]) in (True, 1), doc["url"]


def test_a_number_typed_without_diacritics_finds_the_file_the_notice_and_the_record(
    archive: Archive,
) -> None:
    doc = next(d for d in archive.truth if "Đ" in d["number"] or d["format"] == "pdf")
    typed = doc["number"].replace("Đ", "D")
    for query in (typed, " ".join(number_key(doc["number"]).split())):
        hits = archive.json("search", query, "--limit", "50")
        urls = {h["url"]: h for h in hits}
        assert doc["url"] in urls, (query, list(urls)[:5])
        assert doc["notice_url"] in urls and doc["detail_url"] in urls, query
        assert urls[doc["url"]]["kind"] == "document"
        assert urls[doc["notice_url"]]["kind"] == "notice"
        assert urls[doc["url"]]["number"] == doc["number"]


def test_search_filters_by_type_issuer_and_issue_date(archive: Archive) -> None:
    doc = archive.truth[0]
    hits = archive.json(
        "search", doc["number"], "--type", doc["doc_type"], "--kind", "document",
        "--issued-from", date.fromisoformat(doc["issued_date"]).strftime("%d/%m/%Y"),
        "--issued-to", date.fromisoformat(doc["issued_date"]).strftime("%d/%m/%Y"),
    )  # fmt: skip
    assert [h["url"] for h in hits] == [doc["url"]]
    other_type = "Tờ trình" if doc["doc_type"] != "Tờ trình" else "Báo cáo"
    assert archive.json("search", doc["number"], "--type", other_type) == []
    words = doc["issuer"].split()[-2:]  # the unit's name, without diacritics
    typed = " ".join(words).lower().replace("ơ", "o").replace("ư", "u")
    by_issuer = archive.json("search", doc["number"], "--issuer", f"ubnd {typed}")
    assert doc["url"] in {h["url"] for h in by_issuer}
    later = (date.fromisoformat(doc["issued_date"]) + timedelta(days=1)).strftime("%d/%m/%Y")
    assert doc["url"] not in {
        h["url"] for h in archive.json("search", doc["number"], "--issued-from", later)
    }


def test_documents_lists_them_with_their_captures(archive: Archive) -> None:
    listed = archive.json("documents", "--limit", "500")
    numbers = {d["number"] for d in listed}
    assert {d["number"] for d in archive.truth} <= numbers
    dates = [d["issued_date"] for d in listed if d["issued_date"]]
    assert dates == sorted(dates, reverse=True)
    one = next(d for d in listed if d["number"] == archive.truth[0]["number"])
    assert {"file", "notice", "registry"} <= {c["role"] for c in one["captures"]}
    host = PORTALS[0].split("/")[2]
    on_portal = archive.json("documents", "--portal", host, "--limit", "500")
    wanted = {d["number"] for d in archive.truth if d["host"] == host}
    assert {d["number"] for d in on_portal} == wanted  # its files on the file host count
    kind = archive.truth[0]["doc_type"]
    assert all(d["doc_type"] == kind for d in archive.json("documents", "--type", kind))
    table = archive.cli("documents")
    assert table.returncode == 0 and archive.truth[0]["number"] in table.stdout


def test_show_of_a_file_prints_its_fields_its_text_and_its_captures(archive: Archive) -> None:
    doc = next(d for d in archive.truth if d["format"] == "docx")
    shown = archive.json("show", doc["url"])
    assert shown["kind"] == "document" and shown["file"]["format"] == "docx"
    assert shown["file"]["name"] == doc["filename"]  # from Content-Disposition, UTF-8
    assert shown["official"]["number"] == doc["number"]
    assert doc["sentences"][0] in " ".join(shown["text"].split())
    assert len(shown["timeline"]) == 1
    text = archive.cli("show", doc["url"])
    assert text.returncode == 0 and "official document" in text.stdout
    assert doc["signer"] in text.stdout


def test_a_scan_archived_without_tesseract_is_read_later_by_reextract_ocr(
    sandbox, sandbox_server, tmp_path: Path, backend: Backend
) -> None:
    data = tmp_path / "no-ocr"
    run = crawl(
        sandbox, sandbox_server, data, backend,
        VNARCHIVE_OFFICE_TESSERACT_CMD=str(tmp_path / "no-such-tesseract"),
    )  # fmt: skip
    archive = Archive(data, backend, run, truth_of(sandbox))
    scans = [d for d in archive.truth if d["scanned"]]
    waiting = dict(
        archive.rows(
            "SELECT c.url, f.needs_ocr FROM document_files f JOIN captures c ON c.id = f.capture_id"
        )
    )
    assert all(waiting.get(d["url"]) in (True, 1) for d in scans)
    assert "need OCR" in run.stdout
    found = official_rows(archive)
    for doc in scans:  # the notice and the registry record still catalogue it
        assert found[number_key(doc["number"])]["source"] != "file"
    done = archive.cli("reextract", "--ocr", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["examined"] == len(scans) and report["needs_ocr"] == 0
    found = official_rows(archive)
    for doc in scans:
        row = found[number_key(doc["number"])]
        assert row["source"] == "file"
        for name in ("doc_type", "number", "issuer", "signer"):
            assert row[name] == doc[name], (doc["number"], name)
    hits = archive.json("search", scans[0]["number"], "--kind", "document")
    assert [h["url"] for h in hits] == [scans[0]["url"]]


def test_the_whole_sandbox_crawl_catalogues_every_document(crawled) -> None:
    """The shared crawl of all seven portals (OCR off there): every file is archived and
    read, the text-layer ones with their fields, the scans marked needs_ocr yet catalogued
    from their notice and registry record."""
    archive = Archive(
        crawled.data_dir, crawled.backend, crawled.run, crawled.sandbox.documents_truth()
    )
    found = official_rows(archive)
    files = dict(
        archive.rows(
            "SELECT c.url, f.needs_ocr FROM document_files f JOIN captures c ON c.id = f.capture_id"
        )
    )
    for doc in archive.truth:
        assert doc["url"] in files, f"{doc['url']} not archived and read"
        row = found.get(number_key(doc["number"]))
        assert row is not None, doc["number"]
        if doc["scanned"]:
            assert files[doc["url"]] in (True, 1) and row["source"] != "file"
        else:
            assert row["source"] == "file"
            for name in FIELDS:
                assert row[name] == doc[name], (doc["number"], name)
