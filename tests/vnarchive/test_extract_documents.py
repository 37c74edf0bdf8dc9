"""``vnarchive extract FILE --json`` on real PDF, DOC and DOCX files; a bounded read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox.documents.files import file_bytes
from sandbox.documents.model import portal_documents

HOST = "kinhmon.haiduong.gov.vn.test"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "vnarchive", *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("fmt", "suffix"), [("pdf", ".bin"), ("docx", ".docx"), ("doc", "")])
def test_extract_json_gives_the_document_keys(tmp_path: Path, fmt: str, suffix: str) -> None:
    doc = next(d for d in portal_documents(1, HOST) if d.fmt == fmt)
    path = tmp_path / f"van-ban{suffix}"  # the bytes decide, not the name
    path.write_bytes(file_bytes(1, HOST, doc.index))
    done = run("extract", str(path), "--url", "http://x.test/f", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    truth = doc.truth()
    assert out["kind"] == "document" and out["needs_ocr"] is False
    for key in ("doc_type", "number", "issuer", "issued_date", "place", "signer"):
        assert out[key] == truth[key], key
    assert out["title"] == out["subject"] == truth["subject"]
    assert truth["sentences"][0] in " ".join(out["text"].split())


def test_extract_stops_at_the_cap_on_an_endless_file() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vnarchive", "extract", "/dev/zero", "--url", "http://x.test/"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"VNARCHIVE_OFFICE_MAX_BYTES": "1000000", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 2
    assert done.stderr.startswith("vnarchive: error:") and len(done.stderr.splitlines()) == 1
    assert "larger than 1000000 bytes" in done.stderr
