"""Pages that are not articles are told apart: static pages, the home page, a one-item
listing, notices with the documents they announce (bench/data/kinds), and the CLI says so."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.extract import KINDS, extract
from vnarchive.commands.extract import extract_cmd

KINDS_DIR = Path(__file__).resolve().parents[3] / "bench" / "data" / "kinds"
TRUTH = json.loads((KINDS_DIR / "truth.json").read_text(encoding="utf-8"))["pages"]


@pytest.mark.parametrize("truth", TRUTH, ids=[t["file"] for t in TRUTH])
def test_kind_title_date_text(truth: dict) -> None:
    r = extract((KINDS_DIR / truth["file"]).read_bytes(), truth["url"])
    assert r.kind == truth["kind"] and r.kind in KINDS
    assert r.is_article is False and r.reason
    if truth["title"]:
        assert r.title == truth["title"]  # its own heading, never a sidebar's
    if truth["date"]:
        assert r.date == datetime.fromisoformat(truth["date"])
    assert [s for s in truth["keep"] if s not in r.text] == []
    assert [c for c in truth["chrome"] if c in r.text] == []
    assert list(r.documents) == truth.get("documents", [])


def test_a_notice_is_kept_with_its_text_never_too_little_prose() -> None:
    notices = [t for t in TRUTH if t["kind"] == "notice"]
    for truth in notices:
        r = extract((KINDS_DIR / truth["file"]).read_bytes(), truth["url"])
        assert r.reason != "too little prose" and r.text and r.documents


def test_json_tells_kind_and_reason(tmp_path: Path) -> None:
    page = next(t for t in TRUTH if t["kind"] == "page")
    path = tmp_path / "page.html"
    path.write_bytes((KINDS_DIR / page["file"]).read_bytes())
    out = CliRunner().invoke(extract_cmd, [str(path), "--url", page["url"], "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["is_article"] is False and data["kind"] == "page" and data["reason"]
    assert data["title"] == page["title"]


def test_help_documents_the_keys() -> None:
    out = CliRunner().invoke(extract_cmd, ["--help"])
    for key in ("is_article", "kind", "reason", "documents", "notice", "listing", "home"):
        assert key in out.output
