"""Exports other tools read: WACZ packages that `wacz validate` accepts, CDXJ that pywb sorts."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import Recrawl


def wacz_validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wacz", "validate", "-f", str(path)], capture_output=True, text=True
    )


def test_wacz_of_a_portal_is_valid_and_holds_its_pages(recrawled: Recrawl, tmp_path: Path) -> None:
    host = recrawled.sandbox.portals()[1]["host"]
    out = tmp_path / "portal.wacz"
    recrawled.cli("export", "wacz", "--portal", host, "-o", str(out), check=True)
    check = wacz_validate(out)
    assert check.returncode == 0, check.stdout + check.stderr
    with zipfile.ZipFile(out) as wacz:
        names = wacz.namelist()
        assert any(n.startswith("archive/") for n in names)
        assert any(n.startswith("indexes/") for n in names)
        pages = wacz.read("pages/pages.jsonl").decode().splitlines()
    urls = {json.loads(line).get("url") for line in pages[1:]}
    assert any(host in (u or "") for u in urls)


def test_wacz_of_a_job_brings_the_originals_of_its_revisits(
    recrawled: Recrawl, tmp_path: Path
) -> None:
    out = tmp_path / "job2.wacz"
    recrawled.cli("export", "wacz", "--job", "2", "-o", str(out), check=True)
    assert wacz_validate(out).returncode == 0
    with zipfile.ZipFile(out) as wacz:
        index = gzip.decompress(wacz.read("indexes/index.cdx.gz")).decode()
    assert '"warc/revisit"' in index  # the job's revisits …
    assert '"text/html"' in index  # … and the responses they refer to


def test_export_wacz_needs_exactly_one_selection(recrawled: Recrawl, tmp_path: Path) -> None:
    run = recrawled.cli("export", "wacz", "-o", str(tmp_path / "x.wacz"))
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1


def test_cdx_export_is_sorted_for_binary_search(recrawled: Recrawl) -> None:
    lines = recrawled.cli("cdx", "export", check=True).stdout
    keys = [line.encode() for line in lines.splitlines()]
    assert keys == sorted(keys)
    assert len(keys) > 100


def test_a_wacz_lists_every_html_page_and_its_warc_names_its_warcinfo(
    recrawled: Recrawl, tmp_path: Path
) -> None:
    from warcio.archiveiterator import ArchiveIterator

    out = tmp_path / "job1.wacz"
    recrawled.cli("export", "wacz", "--job", "1", "-o", str(out), check=True)
    assert wacz_validate(out).returncode == 0
    with recrawled.db() as db:
        html = db.execute(
            "SELECT DISTINCT url FROM captures WHERE job_id = 1 AND status = 200 "
            "AND mime LIKE 'text/html%'"
        )
    with zipfile.ZipFile(out) as wacz:
        pages = [json.loads(line) for line in wacz.read("pages/pages.jsonl").splitlines()]
        warc_name = next(n for n in wacz.namelist() if n.endswith(".warc.gz"))
        records = list(ArchiveIterator(wacz.open(warc_name)))
    assert pages[0]["format"] == "json-pages-1.0"
    assert {p["url"] for p in pages[1:]} == {url for (url,) in html}
    assert len(html) > 30
    infos = {
        r.rec_headers.get_header("WARC-Record-ID") for r in records if r.rec_type == "warcinfo"
    }
    assert records[0].rec_type == "warcinfo"
    named = {
        r.rec_headers.get_header("WARC-Warcinfo-ID") for r in records if r.rec_type != "warcinfo"
    }
    assert named and named <= infos
