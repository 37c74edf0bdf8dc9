"""The whole path: sandbox portals → crawl → WARC → extraction → archive → search and show."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path

from archive.text import fold
from tests.conftest import Backend, Crawl, vnarchive, vnarchive_bytes, warcio_check


def db(crawl: Crawl):
    return crawl.db()


def moment(value: datetime | str) -> datetime:
    """A UTC column as read raw: text on SQLite, a naive datetime on PostgreSQL."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", fold(text))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def test_crawl_prints_a_summary(crawled: Crawl) -> None:
    out = crawled.run.stdout
    for label in ("pages", "articles", "new documents", "WARC bytes", "duration"):
        assert label in out
    assert "succeeded" in out


def test_every_article_archived_with_title_and_date(crawled: Crawl) -> None:
    truth = crawled.sandbox.ground_truth()
    with db(crawled) as conn:
        rows = {
            url: (title, published)
            for url, title, published in conn.execute(
                "SELECT c.url, d.title, d.published_at FROM captures c "
                "JOIN documents d ON d.id = c.document_id"
            )
        }
    missing = [a["url"] for a in truth if a["url"] not in rows]
    assert not missing, f"{len(missing)} of {len(truth)} articles not archived: {missing[:5]}"
    for article in truth:
        title, published = rows[article["url"]]
        assert title == article["title"]
        expected = datetime.fromisoformat(article["date"])
        stored = moment(published).replace(tzinfo=expected.tzinfo.utc)
        assert stored == expected, article["url"]


def test_every_warc_passes_warcio_check(crawled: Crawl) -> None:
    files = sorted(str(p) for p in (crawled.data_dir / "warcs").glob("*.warc.gz"))
    assert files, "no closed WARC files"
    assert not list((crawled.data_dir / "warcs").glob("*.open"))
    proc = warcio_check(files)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]


def test_robots_disallow_is_honoured(crawled: Crawl) -> None:
    disallowed = {p["host"]: p["disallowed"] for p in crawled.sandbox.portals()}
    assert any(disallowed.values())
    fetched = [(r["host"], r["path"]) for r in crawled.server.requests]
    assert any(path == "/robots.txt" for _, path in fetched)
    offending = [
        (h, p) for h, p in fetched if any(p.startswith(prefix) for prefix in disallowed.get(h, []))
    ]
    assert not offending


def test_show_raw_returns_the_served_body_byte_for_byte(crawled: Crawl) -> None:
    for article in crawled.sandbox.ground_truth()[:5]:
        status, _headers, body = crawled.sandbox.render(article["url"])
        assert status == 200
        assert (
            vnarchive_bytes(
                "show", article["url"], "--raw", data_dir=crawled.data_dir, env=crawled.env
            )
            == body
        )


def test_show_prints_the_archived_text(crawled: Crawl) -> None:
    article = crawled.sandbox.ground_truth()[0]
    run = crawled.cli("show", article["url"], check=True)
    assert article["title"] in run.stdout
    assert article["body"][0][:60] in run.stdout


def test_search_without_diacritics_finds_article_by_body_phrase(crawled: Crawl) -> None:
    import json

    article = crawled.sandbox.ground_truth()[3]
    words = article["body"][1].split()[2:10]
    phrase = unaccented(" ".join(words))
    assert phrase != " ".join(words)  # the query really lacks the diacritics
    query = f'"{phrase}"'  # typed as a phrase
    run = crawled.cli("search", query, "--json", "--limit", "50", check=True)
    hits = json.loads(run.stdout)
    assert article["url"] in [h["url"] for h in hits]
    assert all("[[" in h["snippet"] for h in hits)


def test_listing_and_home_pages_are_not_documents(crawled: Crawl) -> None:
    home = crawled.sandbox.portal_urls()[0]
    with db(crawled) as conn:
        (doc,) = conn.execute(
            "SELECT document_id FROM captures WHERE url = ? AND status = 200 LIMIT 1", (home,)
        ).fetchone() or (None,)
    assert doc is None


def test_one_line_errors_exit_2(crawled: Crawl, tmp_path: Path) -> None:
    cases = [
        ("extract", str(tmp_path / "missing.html"), "--url", "http://x.test/"),
        ("extract", str(tmp_path), "--url", "http://x.test/"),
        ("show", "http://never-archived.gov.vn.test/"),
        ("show", crawled.sandbox.portal_urls()[0], "--at", "2024-02-30"),
        ("search", "  "),
        ("crawl", "not-a-url"),
    ]
    for args in cases:
        run = crawled.cli(*args)
        assert run.returncode == 2, (args, run.stdout, run.stderr)
        assert "Traceback" not in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1, (args, run.stderr)
        assert run.stderr.startswith("vnarchive: error:")


def test_newer_schema_is_refused_and_left_intact(tmp_path: Path, backend: Backend) -> None:
    env = backend.env(tmp_path)
    vnarchive("search", "xa", data_dir=tmp_path, check=True, env=env)
    with backend.db(tmp_path) as conn:
        conn.execute(
            "UPDATE alembic_version SET version_num = 'f00dfeed9999' "
            "WHERE version_num = (SELECT max(version_num) FROM alembic_version)"
        )
    for args in (("search", "xa"), ("db", "upgrade"), ("show", "http://x.test/")):
        run = vnarchive(*args, data_dir=tmp_path, env=env)
        assert run.returncode == 2
        assert "newer" in run.stderr or "does not know" in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1
    with backend.db(tmp_path) as conn:
        versions = [v for (v,) in conn.execute("SELECT version_num FROM alembic_version")]
        assert "f00dfeed9999" in versions
