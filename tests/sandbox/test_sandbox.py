"""The sandbox portal network: a real server on 127.0.0.1, its proxy, HTTP semantics, truth."""

from __future__ import annotations

import gzip
import http.client
import json
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser
from xml.etree import ElementTree

import lxml.html
import pytest

from sandbox import Sandbox, SandboxServer
from sandbox.dates import SHOWS_SECONDS, format_date

HOSTS = {
    "haiduong.gov.vn.test",
    "kinhmon.haiduong.gov.vn.test",
    "kimthanh.haiduong.gov.vn.test",
    "quangthanh.kinhmon.haiduong.gov.vn.test",
    "hiepson.kinhmon.haiduong.gov.vn.test",
    "thanhhoa.gov.vn.test",
    "hatrung.thanhhoa.gov.vn.test",
}


@pytest.fixture(scope="module")
def sb() -> Sandbox:
    return Sandbox(seed=1, pages_per_portal=12)


@pytest.fixture(scope="module")
def srv(sb: Sandbox) -> Iterator[SandboxServer]:
    with SandboxServer(sb) as server:
        yield server


@pytest.fixture(scope="module")
def truth(sb: Sandbox) -> list[dict]:
    return sb.ground_truth()


def by_layout(truth: list[dict]) -> dict[str, dict]:
    return {a["layout"]: a for a in reversed(truth)}


def conn(srv: SandboxServer) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)


def get(
    srv: SandboxServer,
    host: str,
    path: str,
    headers: dict[str, str] | None = None,
    method: str = "GET",
) -> tuple[http.client.HTTPResponse, bytes]:
    c = conn(srv)
    c.request(method, path, headers={"Host": host, **(headers or {})})
    response = c.getresponse()
    body = response.read()
    c.close()
    return response, body


def proxy_opener(srv: SandboxServer, redirects: bool = True) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [
        urllib.request.ProxyHandler({"http": srv.proxy_url})
    ]
    if not redirects:

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: object, **kwargs: object) -> None:
                return None

        handlers.append(NoRedirect())
    return urllib.request.build_opener(*handlers)


def text_of(body: bytes) -> str:
    return lxml.html.fromstring(body).text_content()


def links(url: str, body: bytes) -> list[str]:
    doc = lxml.html.fromstring(body)
    return [urljoin(url, href).split("#")[0] for href in doc.xpath("//a/@href")]


def robots_for(sb: Sandbox, host: str) -> RobotFileParser:
    parser = RobotFileParser()
    parser.parse(sb.render(f"http://{host}/robots.txt")[2].decode().splitlines())
    return parser


def bfs(sb: Sandbox, start: str, obey: bool = True) -> tuple[list[str], set[str]]:
    """Follow same-host links (and redirects) from ``start``; return fetched URLs and every
    link seen, including those robots.txt forbids."""
    host = urlsplit(start).hostname
    robots = robots_for(sb, host)
    seen, queue, fetched, found = {start}, deque([start]), [], set()
    while queue:
        url = queue.popleft()
        status, headers, body = sb.render(url)
        fetched.append(url)
        if status in (301, 302):
            nxt = [urljoin(url, headers["Location"])]
        elif status == 200 and "html" in headers.get("Content-Type", ""):
            nxt = links(url, body)
        else:
            continue
        for link in nxt:
            if urlsplit(link).hostname != host:
                continue
            found.add(link)
            if link not in seen and (not obey or robots.can_fetch("vnarchive", link)):
                seen.add(link)
                queue.append(link)
    return fetched, found


# -- model and ground truth ------------------------------------------------------------------
def test_portals_and_layouts(sb: Sandbox) -> None:
    portals = sb.portals()
    assert {p["host"] for p in portals} >= HOSTS
    assert {p["layout"] for p in portals} == {"aspnet", "bootstrap", "sharepoint", "newspaper"}
    by_host = {p["host"]: p for p in portals}
    assert by_host["kinhmon.haiduong.gov.vn.test"]["parent"] == "haiduong.gov.vn.test"
    assert by_host["quangthanh.kinhmon.haiduong.gov.vn.test"]["level"] == "commune"
    assert by_host["thanhhoa.gov.vn.test"]["parent"] is None
    assert all(p["disallowed"] for p in portals)
    assert any(p["has_sitemap"] for p in portals) and any(p["has_rss"] for p in portals)
    assert sb.portal_urls() == [f"http://{p['host']}/" for p in portals]


def test_ground_truth_shape(truth: list[dict]) -> None:
    assert len(truth) == 12 * len(HOSTS)
    keys = {
        "url",
        "host",
        "title",
        "date",
        "author",
        "sapo",
        "body",
        "captions",
        "category",
        "layout",
        "modified",
        "version",
    }
    for art in truth:
        assert keys <= art.keys()
        assert art["url"].startswith(f"http://{art['host']}/")
        assert art["date"].endswith("+07:00")
        assert datetime.fromisoformat(art["date"]) < datetime.fromisoformat(
            "2024-03-01T10:00:00+07:00"
        )
        assert len(art["body"]) >= 2 and all(len(p.split()) >= 8 for p in art["body"])
        for text in [art["title"], art["sapo"], art["author"], *art["body"], *art["captions"]]:
            assert unicodedata.is_normalized("NFC", text)
    for host in HOSTS:
        titles = [a["title"] for a in truth if a["host"] == host]
        assert len(titles) == len(set(titles))
    authors = {a["author"] for a in truth}
    assert "PV" in authors and any("(" in a for a in authors)


def test_deterministic(sb: Sandbox, truth: list[dict]) -> None:
    other = Sandbox(seed=1, pages_per_portal=12)
    assert other.ground_truth() == truth
    urls = sb.portal_urls() + [a["url"] for a in truth[::7]]
    for url in urls:
        assert other.render(url) == sb.render(url) == sb.render(url)
    different = Sandbox(seed=2, pages_per_portal=12)
    assert [a["title"] for a in different.ground_truth()] != [a["title"] for a in truth]


def test_article_pages_show_the_truth(sb: Sandbox, truth: list[dict]) -> None:
    styles = {p["host"]: p["date_style"] for p in sb.portals()}
    for art in truth:
        status, headers, body = sb.render(art["url"])
        assert status == 200
        text = text_of(body)
        for piece in [art["title"], art["author"], art["sapo"], *art["body"], *art["captions"]]:
            assert piece in text, (art["url"], piece)
        date = datetime.fromisoformat(art["date"])
        assert format_date(date, styles[art["host"]]) in text  # day-first date and time
        if styles[art["host"]] not in SHOWS_SECONDS:
            assert date.second == 0
        assert art["category"] in text
        for widget in (
            "Tin mới nhất",
            "Đang truy cập",
            "Hôm nay",
            "Tất cả",
            "Kết quả giải quyết TTHC",
            "Trưởng Ban Biên tập",
            "In bài viết",
            "Chia sẻ",
            "khi phát hành lại thông tin",
        ):
            assert widget in text, (art["url"], widget)


def test_each_layout_has_its_markup(sb: Sandbox, truth: list[dict]) -> None:
    expect = {
        "aspnet": ['name="__VIEWSTATE"', 'class="NewsTitle"', "Default.aspx?tabid="],
        "bootstrap": ['class="col-md-3 sidebar-left"', 'class="post-title"', "Ngày đăng: "],
        "sharepoint": ['class="ms-webpart-zone', 'class="ms-rtestate-field"', "/Pages/"],
        "newspaper": ['<h1 class="article-title">', '<h2 class="sapo">', "/tin-tuc/"],
    }
    for layout, art in by_layout(truth).items():
        html = sb.render(art["url"])[2].decode()
        for marker in expect[layout]:
            assert marker in html, (layout, marker)
    assert "Cập nhật: " in sb.render(by_layout(truth)["aspnet"]["url"])[2].decode()


# -- the server and its proxy -----------------------------------------------------------------
def test_proxy_routes_absolute_uris(srv: SandboxServer, sb: Sandbox) -> None:
    opener = proxy_opener(srv)
    for url, portal in zip(sb.portal_urls(), sb.portals(), strict=True):
        with opener.open(url, timeout=10) as response:
            body = response.read()
            assert response.status == 200
            assert portal["name"] in body.decode()
            assert body == sb.render(response.url)[2]
    hosts = {r["host"] for r in srv.requests}
    assert hosts >= HOSTS


def test_host_header_routing_and_keepalive(srv: SandboxServer, truth: list[dict]) -> None:
    c = conn(srv)
    for art in truth[:5]:
        parts = urlsplit(art["url"])
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        c.request("GET", target, headers={"Host": parts.hostname})
        response = c.getresponse()
        assert response.status == 200
        assert art["title"] in response.read().decode()
    c.close()


def test_unknown_host_is_502(srv: SandboxServer) -> None:
    with pytest.raises(urllib.error.HTTPError) as err:
        proxy_opener(srv).open("http://example.com/", timeout=10)
    assert err.value.code == 502
    response, _ = get(srv, "nowhere.gov.vn.test", "/")
    assert response.status == 502


def test_gzip_and_identity(srv: SandboxServer, sb: Sandbox, truth: list[dict]) -> None:
    art = by_layout(truth)["aspnet"]
    parts = urlsplit(art["url"])
    target = f"{parts.path}?{parts.query}"
    zipped, raw = get(srv, parts.hostname, target, {"Accept-Encoding": "gzip, deflate"})
    assert zipped.getheader("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in zipped.getheader("Vary")
    plain, body = get(srv, parts.hostname, target, {"Accept-Encoding": "identity"})
    assert plain.getheader("Content-Encoding") is None
    assert gzip.decompress(raw) == body == sb.render(art["url"])[2]
    refused, _ = get(srv, parts.hostname, target, {"Accept-Encoding": "gzip;q=0"})
    assert refused.getheader("Content-Encoding") is None


def test_chunked_listing_and_head(srv: SandboxServer, sb: Sandbox) -> None:
    response, body = get(srv, "kimthanh.haiduong.gov.vn.test", "/tin-tuc-su-kien/")
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked"
    assert response.getheader("Content-Length") is None
    assert body == sb.render("http://kimthanh.haiduong.gov.vn.test/tin-tuc-su-kien/")[2]
    head, empty = get(srv, "kimthanh.haiduong.gov.vn.test", "/", method="HEAD")
    assert head.status == 200 and empty == b""
    assert int(head.getheader("Content-Length")) == len(
        sb.render("http://kimthanh.haiduong.gov.vn.test/")[2]
    )


def test_conditional_requests(srv: SandboxServer, truth: list[dict]) -> None:
    for art in by_layout(truth).values():
        parts = urlsplit(art["url"])
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        first, _ = get(srv, parts.hostname, target)
        etag, modified = first.getheader("ETag"), first.getheader("Last-Modified")
        assert etag and modified
        again, body = get(srv, parts.hostname, target, {"If-None-Match": etag})
        assert again.status == 304 and body == b"" and again.getheader("ETag") == etag
        since, _ = get(srv, parts.hostname, target, {"If-Modified-Since": modified})
        assert since.status == 304
        stale, _ = get(
            srv, parts.hostname, target, {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
        )
        assert stale.status == 200
        other, _ = get(srv, parts.hostname, target, {"If-None-Match": '"nope"'})
        assert other.status == 200
    logged = [r for r in srv.requests if "If-None-Match" in r["headers"]]
    assert logged and all(r["status"] in (200, 304) for r in logged)


def test_aspnet_cookies_and_charset(srv: SandboxServer) -> None:
    response, body = get(srv, "kinhmon.haiduong.gov.vn.test", "/Default.aspx")
    cookies = response.headers.get_all("Set-Cookie")
    assert len(cookies) == 2
    assert cookies[0].startswith("ASP.NET_SessionId=") and cookies[1].startswith(".ASPXANONYMOUS")
    assert response.getheader("Content-Type") == "text/html"
    assert b'content="text/html; charset=utf-8"' in body
    again, _ = get(
        srv, "kinhmon.haiduong.gov.vn.test", "/Default.aspx", {"Cookie": cookies[0].split(";")[0]}
    )
    assert again.headers.get_all("Set-Cookie") is None


def test_weird_input_never_crashes(srv: SandboxServer) -> None:
    host = "haiduong.gov.vn.test"
    for path in (
        "/%%%",
        "/tin-tuc/x-99999999.html",
        "/../../etc/passwd",
        "/" + "a" * 3000,
        "/tim-kiem?q=%ZZ&page=abc",
        "/chinh-tri-kinh-te/trang-0.html",
        "/?a=1&a=2",
    ):
        response, _ = get(srv, host, path)
        assert response.status in (200, 301, 302, 400, 404), path
    for path in ("/Default.aspx?tabid=abc", "/Default.aspx?ID=-1", "/News.aspx", "/rss.xml"):
        response, _ = get(srv, "kinhmon.haiduong.gov.vn.test", path)
        assert response.status in (400, 404), path
    response, _ = get(srv, host, "/", method="POST")
    assert response.status == 405
    with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as raw:
        raw.sendall(b"GARBAGE\r\n\r\n")
        assert raw.recv(100).startswith(b"HTTP/1.")
    for line in (
        b"GET nohost HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: [::1\r\n\r\n",
        b"GET http://[bad/ HTTP/1.1\r\n\r\n",
    ):
        with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as raw:
            raw.sendall(line)
            assert b" 400 " in raw.recv(100), line
    assert get(srv, host, "/")[0].status == 200  # still serving


def test_control_api(srv: SandboxServer, sb: Sandbox, truth: list[dict]) -> None:
    def fetch(path: str, method: str = "GET") -> tuple[int, object]:
        response, body = get(srv, "127.0.0.1", path, method=method)
        return response.status, json.loads(body)

    assert fetch("/_sandbox/truth.json") == (200, truth)
    assert fetch("/_sandbox/portals.json")[1] == sb.portals()
    status, log = fetch("/_sandbox/requests.json")
    assert (
        status == 200
        and log
        and {"host", "method", "path", "headers", "status", "time"} <= (log[0].keys())
    )
    status, errors = fetch("/_sandbox/errors.json")
    assert errors["not_found"] == sb.not_found_urls()
    assert fetch("/_sandbox/advance?days=1")[0] == 405  # GET must not move the clock
    assert fetch("/_sandbox/nothing")[0] == 404


# -- crawl-relevant behaviour -----------------------------------------------------------------
def test_robots_disallow_is_linked_and_answers(sb: Sandbox) -> None:
    for portal in sb.portals():
        robots = sb.render(portal["url"] + "robots.txt")[2].decode()
        star = robots.split("\n\n")[0]
        assert [
            line.split(": ", 1)[1] for line in star.splitlines() if line.startswith("Disallow:")
        ] == portal["disallowed"]
        _, found = bfs(sb, portal["url"])
        forbidden = [
            u for u in found if any(urlsplit(u).path.startswith(p) for p in portal["disallowed"])
        ]
        assert forbidden, f"{portal['host']}: nothing links into the disallowed paths"
        assert sb.render(forbidden[0])[0] == 200


def test_bfs_respecting_robots_reaches_every_article(sb: Sandbox, truth: list[dict]) -> None:
    for portal in sb.portals():
        fetched, _ = bfs(sb, portal["url"])
        articles = {a["url"] for a in truth if a["host"] == portal["host"]}
        assert articles <= set(fetched), portal["host"]
        assert not [
            u for u in fetched if any(urlsplit(u).path.startswith(p) for p in portal["disallowed"])
        ]


def test_sitemaps_and_feeds(sb: Sandbox, truth: list[dict]) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    for portal in sb.portals():
        robots = sb.render(portal["url"] + "robots.txt")[2].decode()
        home = sb.render(portal["url"])
        if home[0] in (301, 302):
            home = sb.render(home[1]["Location"])
        articles = {a["url"] for a in truth if a["host"] == portal["host"]}
        if portal["has_sitemap"]:
            assert f"Sitemap: {portal['sitemap']}" in robots
            tree = ElementTree.fromstring(sb.render(portal["sitemap"])[2])
            assert articles <= {loc.text for loc in tree.findall("s:url/s:loc", ns)}
        else:
            assert "Sitemap:" not in robots and sb.render(portal["url"] + "sitemap.xml")[0] == 404
        if portal["has_rss"]:
            assert b'type="application/rss+xml"' in home[2]
            status, headers, body = sb.render(portal["rss"])
            assert status == 200 and "rss" in headers["Content-Type"]
            items = ElementTree.fromstring(body).findall("channel/item/link")
            assert items
            for link in items[:3]:
                status, headers, _ = sb.render(link.text)
                target = headers.get("Location", link.text) if status == 301 else link.text
                assert target in articles


def test_not_found_and_redirects(sb: Sandbox) -> None:
    ghosts = sb.not_found_urls()
    assert ghosts and all(sb.render(u)[0] == 404 for u in ghosts)
    linked = set()
    for portal in sb.portals():
        linked |= bfs(sb, portal["url"])[1]
    assert set(ghosts) <= linked  # the stale listings still link to them
    redirects = sb.redirects()
    assert {r["status"] for r in redirects} == {301, 302}
    for r in redirects[::5]:
        status, headers, _ = sb.render(r["url"])
        assert (status, headers["Location"]) == (r["status"], r["location"])
    assert sb.render("http://kinhmon.haiduong.gov.vn.test/")[0] == 302
    assert sb.render("http://haiduong.gov.vn.test/chinh-tri-kinh-te")[0] == 301
    assert sb.render("http://haiduong.gov.vn.test/no/such/page")[0] == 404
    assert sb.render("http://unknown.test/")[0] == 502


def test_clock_advance_adds_and_edits() -> None:
    sb = Sandbox(seed=3, pages_per_portal=12)
    before = {a["url"]: a for a in sb.ground_truth()}
    home = {u: sb.render(u) for u in sb.portal_urls()}
    old_clock = datetime.fromisoformat(sb.clock)
    result = sb.advance(days=2)
    new_clock = datetime.fromisoformat(sb.clock)
    after = {a["url"]: a for a in sb.ground_truth()}
    added = set(after) - set(before)
    assert added and added == set(result["added"]) and set(before) <= set(after)
    for url in added:
        assert old_clock < datetime.fromisoformat(after[url]["date"]) <= new_clock
    edited = [u for u in before if after[u]["version"] > before[u]["version"]]
    assert edited and set(edited) == set(result["edited"]) - added  # new ones may be edited too
    for url in edited:
        assert after[url]["body"] != before[url]["body"]
        assert all(unicodedata.is_normalized("NFC", p) for p in after[url]["body"])
        assert after[url]["modified"] > before[url]["modified"]
    assert any(sb.render(u) != home[u] for u in sb.portal_urls())


def test_edit_changes_validators_over_http() -> None:
    sb = Sandbox(seed=4, pages_per_portal=12)
    with SandboxServer(sb) as server:
        headers = {}
        for art in sb.ground_truth():
            response, _ = get(
                server,
                art["host"],
                urlsplit(art["url"]).path
                + (f"?{urlsplit(art['url']).query}" if urlsplit(art["url"]).query else ""),
            )
            headers[art["url"]] = (response.getheader("ETag"), response.getheader("Last-Modified"))
        response, body = get(server, "127.0.0.1", "/_sandbox/advance?days=1", method="POST")
        result = json.loads(body)
        assert response.status == 200 and result["days"] == 1
        for url in result["edited"]:
            parts = urlsplit(url)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            etag, modified = headers[url]
            fresh, _ = get(server, parts.hostname, target, {"If-None-Match": etag})
            assert fresh.status == 200 and fresh.getheader("ETag") != etag
            assert fresh.getheader("Last-Modified") != modified


def test_big_sandbox_starts_and_renders_fast() -> None:
    started = time.perf_counter()
    sb = Sandbox(seed=1, pages_per_portal=500)
    assert time.perf_counter() - started < 2.0
    truth = sb.ground_truth()
    assert len(truth) == 500 * len(HOSTS)
    started = time.perf_counter()
    for art in truth[::35]:
        assert sb.render(art["url"])[0] == 200
    assert (time.perf_counter() - started) / len(truth[::35]) < 0.02


def test_python_m_serve_prints_urls_and_stops_on_sigterm() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--port", "0", "--pages-per-portal", "3"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line and "http://haiduong.gov.vn.test/" in line
        proc.terminate()
        assert proc.wait(timeout=10) == 0
    finally:
        proc.kill()


# -- official documents ----------------------------------------------------------------------
def test_documents_are_published_with_registry_notices_and_file_hosts(sb: Sandbox) -> None:
    docs = sb.documents_truth()
    assert len(docs) == 6 * len(HOSTS)
    assert {d["format"] for d in docs} == {"pdf", "scan", "docx", "doc"}
    assert any(d["file_host"].startswith("vanban.") for d in docs)
    for doc in docs[:6]:
        status, headers, body = sb.render(doc["url"])
        assert status == 200 and headers["Content-Type"] == doc["content_type"]
        assert "filename*=UTF-8''" in headers["Content-Disposition"]
        assert body[:4] in (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
        assert doc["url"] in sb.render(doc["notice_url"])[2].decode()
        assert doc["number"] in sb.render(doc["detail_url"])[2].decode()
    registry = sb.render(docs[0]["registry_url"])[2].decode()
    assert "Số ký hiệu" in registry and "?page=2" in registry
    assert "/van-ban/" in sb.render(sb.portal_urls()[0])[2].decode()


def test_documents_are_the_same_bytes_every_build() -> None:
    from sandbox.documents.files import render
    from sandbox.documents.model import portal_documents

    for doc in portal_documents(1, "hatrung.thanhhoa.gov.vn.test")[:4]:
        assert render(doc, 1) == render(doc, 1)


def test_documents_can_be_turned_off() -> None:
    sb = Sandbox(seed=1, pages_per_portal=4, documents=False)
    assert sb.documents_truth() == []
    assert sb.render("http://haiduong.gov.vn.test/van-ban/")[0] == 404
