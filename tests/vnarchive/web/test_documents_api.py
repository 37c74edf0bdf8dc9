"""A document, its timeline of captures, and the diff between two captures whose text
differs: on the sandbox crawled three times, the clock moved before the third crawl."""

from __future__ import annotations

from tests.conftest import Recrawl
from tests.vnarchive.web.conftest import JSON


def edited_url(recrawl: Recrawl) -> str:
    """An article whose text changed when the sandbox clock moved."""
    before = {a["url"]: a["version"] for a in recrawl.truth_before}
    after = recrawl.sandbox.ground_truth()
    return next(a["url"] for a in after if a["url"] in before and before[a["url"]] != a["version"])


def document_of(web, recrawl: Recrawl, url: str) -> dict:
    with recrawl.db() as db:
        (doc_id,) = db.execute(
            "SELECT document_id FROM captures WHERE url = ? AND document_id IS NOT NULL "
            "ORDER BY captured_at LIMIT 1",
            (url,),
        ).fetchone()
    r = web.get(f"/documents/{doc_id}", headers=JSON)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_document_has_its_text_metadata_and_units_then_and_now(web_recrawled, recrawled) -> None:
    doc = document_of(web_recrawled, recrawled, edited_url(recrawled))
    assert doc["text"] and doc["title"] and doc["first_captured_at"]
    assert {"province", "district", "commune", "current_province", "current_commune"} <= set(doc)
    assert doc["unit"]  # the sandbox portals are catalogued: a unit, with its name now
    page = web_recrawled.get(f"/documents/{doc['id']}")
    assert 'id="unit-then"' in page.text and 'id="unit-now"' in page.text


def test_the_timeline_holds_every_capture_of_the_url_in_versions(web_recrawled, recrawled) -> None:
    """Every capture of the page's item: its URL, and its old address (the sandbox's legacy
    URL form, answering 301 to it)."""
    url = edited_url(recrawled)
    doc = document_of(web_recrawled, recrawled, url)
    stamps = [c["timestamp"] for c in doc["captures"]]
    with recrawled.db() as db:
        (count,) = db.execute(
            "SELECT count(*) FROM captures WHERE url = ? "
            "OR (redirect_to = ? AND status IN (301, 308))",
            (url, url),
        ).fetchone()
    assert {c["url"] for c in doc["captures"]} - {url}  # the old address is there too
    assert len(stamps) == count >= 2 and stamps == sorted(stamps)
    assert len(doc["versions"]) == 2  # the text changed once
    assert doc["versions"][0]["this"] and not doc["versions"][1]["this"]
    assert doc["diffs"] and doc["diffs"][0]["link"].startswith("/diff/")


def test_a_diff_between_captures_whose_text_differs(web_recrawled, recrawled) -> None:
    doc = document_of(web_recrawled, recrawled, edited_url(recrawled))
    link = doc["diffs"][0]["link"]
    side = web_recrawled.get(link, headers=JSON).json()
    assert side["changed"]
    assert side["from"]["timestamp"] < side["to"]["timestamp"]
    ops = {row["op"] for row in side["side_by_side"]}
    assert ops & {"replace", "insert", "delete"} and "equal" in ops
    inline = web_recrawled.get(link + "?view=inline", headers=JSON).json()["inline"]
    assert {s["op"] for s in inline} & {"insert", "delete"}
    newer = web_recrawled.get(f"/documents/{side['to']['document_id']}", headers=JSON).json()
    rebuilt = "".join(s["text"] for s in inline if s["op"] != "delete")
    assert " ".join(rebuilt.split()) == " ".join(newer["text"].split())
    for view in ("side", "inline"):
        page = web_recrawled.get(link, params={"view": view})
        assert page.status_code == 200 and 'id="diff"' in page.text


def test_the_same_text_twice_is_no_change(web_recrawled, recrawled) -> None:
    with recrawled.db() as db:
        first, second = db.execute(
            "SELECT a.id, b.id FROM captures a JOIN captures b ON a.surt = b.surt "
            "AND a.id < b.id AND a.document_id = b.document_id LIMIT 1"
        ).fetchone()  # a page captured twice with the same text (a revisit)
    same = web_recrawled.get(f"/diff/{first}/{second}", headers=JSON).json()
    assert not same["changed"] and same["side_by_side"] == []


def test_a_capture_without_text_cannot_be_compared(web_recrawled, recrawled) -> None:
    with recrawled.db() as db:
        (bare,) = db.execute("SELECT id FROM captures WHERE document_id IS NULL LIMIT 1").fetchone()
        (texted,) = db.execute(
            "SELECT id FROM captures WHERE document_id IS NOT NULL LIMIT 1"
        ).fetchone()
    r = web_recrawled.get(f"/diff/{bare}/{texted}", headers=JSON)
    assert r.status_code == 400 and "no extracted text" in r.json()["error"]
    assert web_recrawled.get("/diff/999999/1", headers=JSON).status_code == 404
    assert web_recrawled.get("/documents/999999", headers=JSON).status_code == 404
    form = web_recrawled.get(f"/diff?a={texted}&b={texted}", follow_redirects=False)
    assert form.status_code == 303 and form.headers["location"] == f"/diff/{texted}/{texted}"
