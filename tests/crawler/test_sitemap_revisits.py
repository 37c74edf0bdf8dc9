"""Recrawls with the sitemap revisit policy, end to end through the real CLI.

The sandbox: its sitemap portals' unchanged articles are not requested again, the others
are (conditionally); after the clock moves every new and edited article is archived in
full; with ``VNARCHIVE_REVALIDATE_AFTER_DAYS=0`` everything is requested as before.
A small purpose-built portal on 127.0.0.1: a slow sitemap (the home page's links wait for
it), a sitemap index with a child that 404s, a sitemap redirect lost as a duplicate, and the
resume journal.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import Run, crawl_sandbox, vnarchive

OFF = {"VNARCHIVE_REVALIDATE_AFTER_DAYS": "0"}


def rows(data_dir: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(data_dir / "archive.sqlite3") as conn:
        return conn.execute(sql, args).fetchall()


def job_stats(data_dir: Path, job_id: int) -> dict:
    (stats,) = rows(data_dir, "SELECT stats FROM crawl_jobs WHERE id = ?", job_id)[0]
    return json.loads(stats)


# -- the sandbox ---------------------------------------------------------------------------
@dataclass
class Recrawls:
    data_dir: Path  # crawls 1 (first), 2 (unchanged), 3 (after the clock moved)
    off_dir: Path  # a copy after crawl 1, then an unchanged recrawl with the policy off
    runs: dict[str, Run]
    requests: dict[str, list[dict]]
    truth_before: list[dict]
    truth_after: list[dict]
    sitemap_hosts: set[str]


@pytest.fixture(scope="module")
def recrawls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recrawls]:
    from sandbox import Sandbox, SandboxServer

    sandbox = Sandbox(seed=5, pages_per_portal=5)
    tmp = tmp_path_factory.mktemp("sitemap-revisits")
    data_dir, off_dir = tmp / "on", tmp / "off"
    runs: dict[str, Run] = {}
    requests: dict[str, list[dict]] = {}
    with SandboxServer(sandbox) as server:

        def crawl(name: str, target: Path, env: dict[str, str] | None = None) -> None:
            seen = len(server.requests)
            runs[name] = crawl_sandbox(sandbox, server.proxy_url, target, env=env)
            requests[name] = list(server.requests[seen:])

        crawl("first", data_dir)
        shutil.copytree(data_dir, off_dir)
        truth_before = sandbox.ground_truth()
        crawl("unchanged", data_dir)
        crawl("unchanged, policy off", off_dir, OFF)
        sandbox.advance(days=2)
        crawl("after", data_dir)
        yield Recrawls(
            data_dir,
            off_dir,
            runs,
            requests,
            truth_before,
            sandbox.ground_truth(),
            {p["host"] for p in sandbox.portals() if p["has_sitemap"]},
        )


def requested(recrawls: Recrawls, name: str) -> dict[str, dict]:
    return {f"http://{r['host']}{r['path']}": r for r in recrawls.requests[name]}


def test_unchanged_recrawl_does_not_request_articles_of_sitemap_portals(
    recrawls: Recrawls,
) -> None:
    articles = [a["url"] for a in recrawls.truth_before if a["host"] in recrawls.sitemap_hosts]
    assert articles
    again = requested(recrawls, "unchanged")
    assert [url for url in articles if url in again] == []
    captured = {
        url for (url,) in rows(recrawls.data_dir, "SELECT url FROM captures WHERE job_id = 2")
    }
    assert not captured & set(articles)
    assert job_stats(recrawls.data_dir, 2)["skipped_unchanged"] == len(articles)
    # their sitemaps and home pages are still fetched: that is where new articles show up
    for host in recrawls.sitemap_hosts:
        assert f"http://{host}/sitemap.xml" in again
    assert "skipped (sitemap says unchanged)" in recrawls.runs["unchanged"].stdout


def test_portals_without_sitemap_are_still_asked_conditionally(recrawls: Recrawls) -> None:
    articles = [a["url"] for a in recrawls.truth_before if a["host"] not in recrawls.sitemap_hosts]
    assert articles
    again = requested(recrawls, "unchanged")
    for url in articles:
        names = {k.lower() for k in again[url]["headers"]}
        assert "if-none-match" in names or "if-modified-since" in names, url
        assert again[url]["status"] == 304


def test_after_the_clock_moves_new_and_edited_articles_are_captured_in_full(
    recrawls: Recrawls,
) -> None:
    before = {a["url"]: a["version"] for a in recrawls.truth_before}
    changed = [a for a in recrawls.truth_after if before.get(a["url"]) != a["version"]]
    assert any(a["host"] in recrawls.sitemap_hosts and a["url"] in before for a in changed), (
        "no edited article on a sitemap portal: the test proves nothing"
    )
    full = {
        url: doc
        for url, doc in rows(
            recrawls.data_dir,
            "SELECT url, document_id FROM captures WHERE job_id = 3 AND record_type = 'response'",
        )
    }
    missing = [a["url"] for a in changed if a["url"] not in full]
    assert not missing
    # and the unchanged articles of sitemap portals stayed unrequested
    unchanged = [
        a["url"]
        for a in recrawls.truth_after
        if a["host"] in recrawls.sitemap_hosts and before.get(a["url"]) == a["version"]
    ]
    assert unchanged
    assert not set(unchanged) & set(requested(recrawls, "after"))


def test_with_the_policy_off_every_article_is_requested_again(recrawls: Recrawls) -> None:
    again = requested(recrawls, "unchanged, policy off")
    missing = [a["url"] for a in recrawls.truth_before if a["url"] not in again]
    assert not missing
    assert job_stats(recrawls.off_dir, 2)["skipped_unchanged"] == 0
    assert len(again) > len(requested(recrawls, "unchanged"))


# -- a purpose-built portal: slow, failing and duplicate sitemaps ------------------------
ARTICLES = [f"/news/{n}.html" for n in range(1, 5)]


@dataclass
class Portal:
    """What the portal serves; tests change it between crawls."""

    sitemaps: list[str] = field(default_factory=lambda: ["/sitemap_index.xml"])
    lastmod: dict[str, str] = field(default_factory=lambda: dict.fromkeys(ARTICLES, "2024-01-01"))
    sitemap_delay: float = 1.5  # the home page is parsed long before the sitemap is
    log: list[str] = field(default_factory=list)
    validators: dict[str, str | None] = field(default_factory=dict)  # If-None-Match by path
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def answer(self, path: str) -> tuple[int, str, str]:
        base = self.url.rstrip("/")
        if path == "/robots.txt":
            lines = ["User-agent: *", "Disallow: /admin/"]
            lines += [f"Sitemap: {base}{s}" for s in self.sitemaps]
            return 200, "text/plain", "\n".join(lines) + "\n"
        if path == "/sitemap_index.xml":
            children = "".join(
                f"<sitemap><loc>{base}{p}</loc></sitemap>"
                for p in ("/sitemap-news.xml", "/sitemap-gone.xml")
            )
            return 200, "application/xml", f"<sitemapindex>{children}</sitemapindex>"
        if path == "/sitemap-news.xml":
            time.sleep(self.sitemap_delay)
            urls = "".join(
                f"<url><loc>{base}{p}</loc><lastmod>{m}</lastmod></url>"
                for p, m in self.lastmod.items()
            )
            return 200, "application/xml", f"<urlset>{urls}</urlset>"
        if path == "/old-sitemap.xml":  # moved: to a sitemap requested already
            return 301, "text/plain", f"{base}/sitemap-news.xml"
        if path == "/News.aspx?ID=1":  # an article's old URL form
            return 301, "text/plain", f"{base}{ARTICLES[0]}"
        if path == "/moved.html":  # the only way to /target.html
            return 301, "text/plain", f"{base}/target.html"
        if path == "/":
            pages = [*ARTICLES, "/about.html", "/News.aspx?ID=1", "/moved.html"]
            links = "".join(f'<a href="{p}">{p}</a>' for p in pages)
            return 200, "text/html; charset=utf-8", f"<html><body>{links}</body></html>"
        if path in ARTICLES or path in ("/about.html", "/target.html"):
            body = f"<html><body><h1>{path}</h1><p>{self.lastmod.get(path)}</p></body></html>"
            return 200, "text/html; charset=utf-8", body
        return 404, "text/plain", "not found"


@pytest.fixture
def portal() -> Iterator[Portal]:
    state = Portal()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            state.log.append(self.path)
            state.validators[self.path] = self.headers.get("If-None-Match")
            status, ctype, text = state.answer(self.path)
            body = text.encode()
            etag = f'"{zlib.crc32(body):08x}"' if ctype.startswith("text/html") else None
            if status == 200 and etag and self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            self.send_response(status)  # with Date: this server's clock
            if status == 301:
                self.send_header("Location", text)
            if etag and status in (200, 304):
                self.send_header("ETag", etag)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def crawl_portal(portal: Portal, data_dir: Path, *args: str) -> list[str]:
    seen = len(portal.log)
    vnarchive(
        "crawl", portal.url, "--delay", "0", "--allow-network", "127.0.0.0/8", *args,
        data_dir=data_dir, check=True,
    )  # fmt: skip
    return portal.log[seen:]


def test_pages_found_before_the_slow_sitemap_wait_for_it(portal: Portal, tmp_path: Path) -> None:
    data, jobdir = tmp_path / "data", tmp_path / "job"
    first = crawl_portal(portal, data)
    assert set(ARTICLES) <= set(first)
    edited = ARTICLES[1]
    portal.lastmod[edited] = datetime.now(UTC).isoformat(timespec="seconds")

    second = crawl_portal(portal, data, "--jobdir", str(jobdir))
    assert [p for p in ARTICLES if p in second] == [edited]
    assert {"/", "/about.html", "/sitemap-news.xml", "/sitemap-gone.xml"} <= set(second)
    assert job_stats(data, 2)["skipped_unchanged"] == 3
    assert job_stats(data, 2)["scrapy"]["vnarchive/held_for_sitemap"] == 7  # the home's links
    # the journal: a held page is scheduled ("+"), a skipped one done ("="); nothing is left
    # for a resumed crawl to fetch
    journal = (jobdir / "portal.journal").read_text().splitlines()
    skipped = [portal.url.rstrip("/") + p for p in ARTICLES if p != edited]
    for url in skipped:
        assert f"+ {url} parse" in journal and f"= {url}" in journal
    pending = set()
    for mark, url, *_ in (line.split(" ") for line in journal):
        (pending.add if mark == "+" else pending.discard)(url)
    assert not pending


def test_failed_or_lost_sitemaps_release_the_pages(portal: Portal, tmp_path: Path) -> None:
    portal.sitemaps = ["/sitemap-missing.xml"]  # a 404
    data = tmp_path / "data"
    crawl_portal(portal, data)
    again = crawl_portal(portal, data)
    assert set(ARTICLES) <= set(again), "a 404 sitemap held the pages for good"

    # one sitemap parsed, another redirected to it: the redirect is dropped as a duplicate
    # (no callback, no errback), and the pages must not wait for it
    portal.sitemaps = ["/sitemap-news.xml", "/old-sitemap.xml"]
    portal.sitemap_delay = 0
    third = crawl_portal(portal, data)
    assert "/old-sitemap.xml" in third and "/about.html" in third
    assert not set(ARTICLES) & set(third)
    assert job_stats(data, 3)["skipped_unchanged"] == len(ARTICLES)


def test_a_portal_without_sitemap_is_not_held(portal: Portal, tmp_path: Path) -> None:
    portal.sitemaps = []
    data = tmp_path / "data"
    crawl_portal(portal, data)
    again = crawl_portal(portal, data)
    assert set(ARTICLES) <= set(again)
    stats = job_stats(data, 2)
    assert stats["skipped_unchanged"] == 0
    assert "vnarchive/held_for_sitemap" not in stats["scrapy"]


def test_a_redirect_to_a_skipped_page_is_not_followed(portal: Portal, tmp_path: Path) -> None:
    data = tmp_path / "data"
    crawl_portal(portal, data)
    again = crawl_portal(portal, data)
    assert "/News.aspx?ID=1" in again  # the old form is asked (a 301 revisit) …
    assert ARTICLES[0] not in again  # … but not the page it leads to, skipped


def test_a_redirect_target_is_asked_with_its_own_validators(portal: Portal, tmp_path: Path) -> None:
    portal.sitemaps = []
    data = tmp_path / "data"
    crawl_portal(portal, data)
    again = crawl_portal(portal, data)
    assert "/target.html" in again
    # the URL redirected from had no validators (a 301 has none); its target has its own
    assert portal.validators["/moved.html"] is None
    assert portal.validators["/target.html"] is not None
    # a 304, archived as a server-not-modified revisit whose record (and row) carry the
    # stored response as the 304 freshened it
    ((status, record_type),) = rows(
        data,
        "SELECT status, record_type FROM captures WHERE job_id = 2 AND url LIKE '%/target.html'",
    )
    assert (status, record_type) == (200, "revisit")
    assert job_stats(data, 2)["scrapy"]["vnarchive/not_modified"] >= 1
