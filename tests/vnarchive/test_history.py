"""``vnarchive history`` and ``vnarchive diff`` on the sandbox crawled three times, its clock
moved before the third crawl (which edited some articles)."""

from __future__ import annotations

import json

from tests.conftest import Recrawl


def edited_url(recrawl: Recrawl) -> str:
    before = {a["url"]: a["version"] for a in recrawl.truth_before}
    after = recrawl.sandbox.ground_truth()
    return next(a["url"] for a in after if a["url"] in before and before[a["url"]] != a["version"])


def texts(recrawl: Recrawl, url: str) -> list[str]:
    with recrawl.db() as db:
        rows = db.execute(
            "SELECT d.text FROM captures c JOIN documents d ON d.id = c.document_id "
            "WHERE c.url = ? ORDER BY c.captured_at, c.id",
            (url,),
        ).fetchall()
    return list(dict.fromkeys(text for (text,) in rows))


def test_history_lists_each_text_a_page_had(recrawled: Recrawl) -> None:
    url = edited_url(recrawled)
    out = json.loads(recrawled.cli("history", url, "--json", check=True).stdout)
    versions = out["versions"]
    assert len(versions) == 2 == len(texts(recrawled, url))
    first, second = versions
    assert first["changed_words"] is None and second["changed_words"] > 0
    assert first["first_seen"] <= first["last_seen"] < second["first_seen"]
    assert first["captures"] >= 1 and second["captures"] == 1  # the third crawl's
    table = recrawled.cli("history", url, check=True).stdout
    assert "2 version(s)" in table


def test_diff_shows_exactly_the_edit(recrawled: Recrawl) -> None:
    url = edited_url(recrawled)
    old, new = texts(recrawled, url)
    out = json.loads(recrawled.cli("diff", url, "--json", check=True).stdout)
    assert out["changed"] and out["from"]["version"] == 1 and out["to"]["version"] == 2
    kept_old = "".join(s["text"] for s in out["inline"] if s["op"] != "insert")
    kept_new = "".join(s["text"] for s in out["inline"] if s["op"] != "delete")
    assert " ".join(kept_old.split()) == " ".join(old.split())
    assert " ".join(kept_new.split()) == " ".join(new.split())
    shown = recrawled.cli("diff", url, check=True).stdout
    assert "{+" in shown or "[-" in shown
    same = json.loads(
        recrawled.cli("diff", url, "--from", out["to"]["timestamp"], "--json", check=True).stdout
    )
    assert not same["changed"] and same["changed_words"] == 0


def test_an_unchanged_page_and_a_page_never_archived(recrawled: Recrawl) -> None:
    edited = edited_url(recrawled)
    steady = next(
        a["url"]
        for a in recrawled.truth_before
        if a["url"] != edited and len(texts(recrawled, a["url"])) == 1
    )
    assert (
        "no change in the text (one version only)"
        in recrawled.cli("diff", steady, check=True).stdout
    )
    missing = recrawled.cli("history", "http://haiduong.gov.vn.test/khong-co-trang-nay.html")
    assert missing.returncode == 2 and "never archived" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
