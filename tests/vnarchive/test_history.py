"""``vnarchive history`` and ``vnarchive diff`` on the sandbox crawled three times, its clock
moved before the third crawl (which edited some articles)."""

from __future__ import annotations

import json

from tests.conftest import Recrawl


def edited(recrawl: Recrawl) -> list[tuple[dict, dict]]:
    """(truth before, truth after) of every article the clock edited."""
    before = {a["url"]: a for a in recrawl.truth_before}
    return [
        (before[a["url"]], a)
        for a in recrawl.sandbox.ground_truth()
        if a["url"] in before and before[a["url"]]["version"] != a["version"]
    ]


def edited_url(recrawl: Recrawl) -> str:
    return edited(recrawl)[0][1]["url"]


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


def test_every_edited_article_has_two_versions_and_its_diff_is_the_sandbox_edit(
    recrawled: Recrawl,
) -> None:
    """Whatever the edit (a paragraph appended, rewritten or extended), the diff's inserted
    words are the new version's and its deleted words the old one's, as the sandbox wrote
    them."""
    pairs = edited(recrawled)
    assert len(pairs) >= 3
    for old, new in pairs:
        out = json.loads(recrawled.cli("history", new["url"], "--json", check=True).stdout)
        assert len(out["versions"]) == 2, new["url"]
        diff = json.loads(recrawled.cli("diff", new["url"], "--json", check=True).stdout)
        inserted = " ".join(s["text"] for s in diff["inline"] if s["op"] == "insert").split()
        deleted = " ".join(s["text"] for s in diff["inline"] if s["op"] == "delete").split()
        assert inserted, new["url"]
        new_words, old_words = " ".join(new["body"]).split(), " ".join(old["body"]).split()
        assert set(inserted) <= set(new_words), new["url"]
        assert set(deleted) <= set(old_words), new["url"]
        added = set(new_words) - set(old_words)  # words only the edit brought
        assert added <= set(inserted), new["url"]
