"""Recrawls: conditional requests, revisit records, and new or edited articles in full."""

from __future__ import annotations

from tests.conftest import Recrawl


def rows(recrawl: Recrawl, sql: str, *args: object) -> list[tuple]:
    with recrawl.db() as conn:
        return conn.execute(sql, args).fetchall()


def test_unchanged_recrawl_sends_validators_and_writes_revisits(recrawled: Recrawl) -> None:
    second = recrawled.requests_per_crawl[1]
    articles = {a["url"].split("/", 3)[3] for a in recrawled.truth_before}
    conditional = [r for r in second if "/" + r["path"].lstrip("/") in {"/" + p for p in articles}]
    assert conditional
    for request in conditional:
        names = {k.lower() for k in request["headers"]}
        assert "if-none-match" in names or "if-modified-since" in names
    types = rows(
        recrawled,
        "SELECT record_type, count(*) FROM captures WHERE job_id = 2 GROUP BY record_type",
    )
    assert dict(types).get("response", 0) == 0, types
    assert dict(types)["revisit"] > 0


def test_revisits_point_at_their_originals(recrawled: Recrawl) -> None:
    pairs = rows(
        recrawled,
        "SELECT r.url, o.url, o.record_type, r.payload_digest, "
        "o.payload_digest, r.document_id, o.document_id FROM captures r "
        "JOIN captures o ON o.id = r.refers_to_id WHERE r.record_type = 'revisit'",
    )
    assert pairs
    for url, original_url, original_type, digest, original_digest, doc, original_doc in pairs:
        assert url == original_url
        assert original_type == "response"
        assert digest == original_digest
        assert doc == original_doc


def test_after_the_clock_advances_new_and_edited_articles_are_captured_in_full(
    recrawled: Recrawl,
) -> None:
    before = {a["url"]: a["version"] for a in recrawled.truth_before}
    after = recrawled.sandbox.ground_truth()
    changed = [a for a in after if before.get(a["url"]) != a["version"]]
    assert changed, "the sandbox clock produced no new or edited article"
    full = {
        url
        for (url,) in rows(
            recrawled,
            "SELECT url FROM captures WHERE job_id = 3 AND record_type = 'response' "
            "AND document_id IS NOT NULL",
        )
    }
    missing = [a["url"] for a in changed if a["url"] not in full]
    assert not missing
    titles = dict(
        rows(
            recrawled,
            "SELECT c.url, d.title FROM captures c JOIN documents d "
            "ON d.id = c.document_id WHERE c.job_id = 3",
        )
    )
    for article in changed:
        assert titles[article["url"]] == article["title"]


def test_unchanged_recrawl_is_small(recrawled: Recrawl) -> None:
    sizes = {
        job: int(size)
        for job, size in rows(
            recrawled, "SELECT job_id, sum(warc_length) FROM captures GROUP BY job_id"
        )
    }
    assert sizes[2] < sizes[1] * 0.25, sizes
