"""The hostile portal (issue 15): each fault served as its catalogue says, through the real
server's proxy on 127.0.0.1; the normal portals untouched; foreign requests logged, refused."""

from __future__ import annotations

import codecs
import gzip
import http.client
import json
import re
import socket
import subprocess
import sys
import threading
import time
import unicodedata
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import brotli
import lxml.html
import pytest
import zstandard

from sandbox import Sandbox, SandboxServer
from sandbox.hostile import OUTCOMES, HostileSettings, NoSuchFault
from sandbox.hostile.bomb import bomb
from sandbox.hostile.escapes import TARGETS

BASE = "http://hostile.gov.vn.test"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
QUICK = HostileSettings(stall_seconds=2.0, drip_seconds=3.0, drip_bytes_per_second=4)


@pytest.fixture(scope="module")
def sb() -> Sandbox:
    return Sandbox(seed=1, pages_per_portal=2, hostile=QUICK)


@pytest.fixture(scope="module")
def srv(sb: Sandbox) -> Iterator[SandboxServer]:
    with SandboxServer(sb) as server:
        yield server


@pytest.fixture(scope="module")
def catalogue(sb: Sandbox) -> dict:
    assert sb.hostile is not None
    return sb.hostile.catalogue()


def fault(catalogue: dict, fault_id: str) -> dict:
    return next(f for f in catalogue["faults"] if f["id"] == fault_id)


def request(
    srv: SandboxServer, url: str, headers: dict[str, str] | None = None, timeout: float = 10
) -> http.client.HTTPResponse:
    """GET ``url`` through the sandbox as an HTTP proxy (absolute-form request line)."""
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=timeout)
    conn.request("GET", url, headers=headers or {})
    return conn.getresponse()


def get(srv: SandboxServer, url: str, **headers: str) -> tuple[http.client.HTTPResponse, bytes]:
    response = request(srv, url, headers)
    return response, response.read()


def html_links(url: str, body: bytes) -> list[str]:
    doc = lxml.html.fromstring(body)
    return [urljoin(url, href) for href in doc.xpath("//a/@href")]


def raw_head(srv: SandboxServer, url: str) -> bytes:
    """The status line and headers, read off the socket (http.client stops at 100 headers)."""
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as sock:
        sock.sendall(f"GET {url} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(1 << 16)
            assert chunk, "connection closed inside the headers"
            data += chunk
    return data.split(b"\r\n\r\n")[0]


def control(srv: SandboxServer, path: str) -> tuple[int, object]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    return response.status, json.loads(response.read())


def last_entry(srv: SandboxServer, url: str) -> dict:
    return next(r for r in reversed(srv.requests) if r["url"] == url)


# -- the catalogue -----------------------------------------------------------------------------
def test_catalogue_names_every_fault_with_its_urls_and_outcome(
    srv: SandboxServer, sb: Sandbox, catalogue: dict
) -> None:
    assert control(srv, "/_sandbox/hostile.json") == (200, catalogue)
    faults = catalogue["faults"]
    ids = [f["id"] for f in faults]
    assert len(ids) == len(set(ids)) >= 40
    assert {f["category"] for f in faults} == {
        "encodings",
        "sitemaps",
        "escapes",
        "traps",
        "memory",
        "robots",
        "bytes",
    }
    hosts = set(catalogue["hosts"])
    assert "hostile.gov.vn.test" in hosts and catalogue["seeds"][0] == f"{BASE}/"
    for f in faults:
        assert f["outcome"] in OUTCOMES == catalogue["outcomes"], f["id"]
        assert f["does"] and f["expected"] and f["urls"], f["id"]
        assert all(urlsplit(u).hostname in hosts for u in f["urls"] + f["prefixes"]), f["id"]
        assert (f["outcome"] == "not_requested") <= bool(f["forbidden"]), f["id"]
        assert (f["outcome"] == "bounded") <= (f["limit"] is not None), f["id"]
    assert sb.hostile.fault("trap-redirect-loop").limit == 21
    with pytest.raises(NoSuchFault, match="no-such"):
        sb.hostile.fault("no-such")


def test_every_fault_is_reachable_from_the_home_page_or_robots(
    srv: SandboxServer, catalogue: dict
) -> None:
    _, home = get(srv, f"{BASE}/")
    linked = set(html_links(f"{BASE}/", home))
    _, robots = get(srv, f"{BASE}/robots.txt")
    named = set(re.findall(r"^Sitemap: (\S+)$", robots.decode(), re.M))
    for f in catalogue["faults"]:
        if f["linked"]:
            assert set(f["urls"]) <= linked, f["id"]
        else:
            assert set(f["urls"]) <= named | {f"{BASE}/robots.txt"}, f["id"]
    images = lxml.html.fromstring(home).xpath("//img/@src")
    assert {urlsplit(u).hostname for u in images} >= {
        "robots-503.hostile.gov.vn.test",
        "robots-stall.hostile.gov.vn.test",
        "robots-redirect.hostile.gov.vn.test",
    }


def test_the_normal_portals_are_unchanged(sb: Sandbox) -> None:
    plain = Sandbox(seed=1, pages_per_portal=2)
    assert plain.hostile is None and not plain.knows("hostile.gov.vn.test")
    assert sb.portals() == plain.portals() and sb.portal_urls() == plain.portal_urls()
    assert sb.ground_truth() == plain.ground_truth()
    assert sb.documents_truth() == plain.documents_truth()
    assert sb.redirects() == plain.redirects()
    for url in plain.portal_urls()[:3]:
        assert sb.render(url) == plain.render(url)
    assert plain.render(f"{BASE}/")[0] == 502
    with SandboxServer(plain) as server:
        status, body = control(server, "/_sandbox/hostile.json")
        assert status == 404 and "--hostile" in body["error"]
        response, _ = get(server, f"{BASE}/")
        assert response.status == 502 and server.requests[-1]["foreign"] is True


def test_hits_count_requests_per_fault(srv: SandboxServer, sb: Sandbox) -> None:
    before = sb.hostile.hits(srv.requests)["trap-endless-calendar"]
    for day in ("01", "02", "03"):
        assert get(srv, f"{BASE}/lich/2024/01/{day}")[0].status == 200
    assert last_entry(srv, f"{BASE}/lich/2024/01/03")["fault"] == "trap-endless-calendar"
    status, hits = control(srv, "/_sandbox/hostile/hits.json")
    assert status == 200 and hits["trap-endless-calendar"] == before + 3
    assert set(hits) == {f.id for f in sb.hostile.faults} | {"foreign"}


# -- 1. encodings ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "coding", "decode"),
    [
        ("br", "br", brotli.decompress),
        ("zstd", "zstd", lambda b: zstandard.ZstdDecompressor().decompress(b)),
        ("deflate", "deflate", zlib.decompress),
        ("deflate-raw", "deflate", lambda b: zlib.decompress(b, -zlib.MAX_WBITS)),
    ],
)
def test_encoded_pages_decode_to_their_marker(
    srv: SandboxServer, catalogue: dict, name: str, coding: str, decode: object
) -> None:
    entry = fault(catalogue, f"encoding-{name}")
    response, body = get(srv, entry["urls"][0], **{"Accept-Encoding": "identity"})
    assert response.status == 200 and response.getheader("Content-Encoding") == coding
    html = decode(body).decode("utf-8")  # type: ignore[operator]
    assert entry["marker"] in html and html.startswith("<!DOCTYPE html>")


def test_corrupt_gzip_has_a_valid_header_and_fails_to_decode(
    srv: SandboxServer, catalogue: dict
) -> None:
    response, body = get(srv, fault(catalogue, "encoding-gzip-corrupt")["urls"][0])
    assert response.getheader("Content-Encoding") == "gzip" and body[:3] == b"\x1f\x8b\x08"
    with pytest.raises((OSError, EOFError, zlib.error)):
        gzip.decompress(body)


def test_gzip_bomb_is_a_megabyte_whose_first_megabytes_inflate_to_html(
    srv: SandboxServer, catalogue: dict
) -> None:
    response = request(srv, fault(catalogue, "encoding-gzip-bomb")["urls"][0])
    length = int(response.getheader("Content-Length"))
    assert response.getheader("Content-Encoding") == "gzip"
    assert 900_000 < length < 1_300_000
    inflate, html = zlib.decompressobj(16 + zlib.MAX_WBITS), b""
    while len(html) < 4 << 20:
        html += inflate.decompress(response.read(4096), 1 << 20)
        while inflate.unconsumed_tail and len(html) < 4 << 20:
            html += inflate.decompress(inflate.unconsumed_tail, 1 << 20)
    response.close()
    assert html.startswith(b"<!DOCTYPE html>") and set(html[-4000:].split()) == {b"bom"}


def test_gzip_bomb_stream_is_valid_gzip_of_a_gibibyte() -> None:
    made = bomb()
    assert made.inflated >= 1 << 30 and made.length < 1_300_000
    inflate, size = zlib.decompressobj(16 + zlib.MAX_WBITS), 0
    for piece in made.pieces():
        size += len(inflate.decompress(piece))
        while inflate.unconsumed_tail:
            size += len(inflate.decompress(inflate.unconsumed_tail))
    assert inflate.eof and inflate.unused_data == b"" and size == made.inflated  # CRC checked


# -- 2. sitemaps -------------------------------------------------------------------------------
def test_backtracking_sitemap_lists_real_pages(srv: SandboxServer, catalogue: dict) -> None:
    entry = fault(catalogue, "sitemap-backtrack")
    response, body = get(srv, entry["urls"][0])
    assert 25_000 < len(body) < 35_000
    root = ElementTree.fromstring(body)
    lastmods = [m.text for m in root.iter(f"{SM}lastmod")]
    assert any(" " * 5000 in m for m in lastmods) and any("2024-" * 1000 in m for m in lastmods)
    locs = [loc.text.strip() for loc in root.iter(f"{SM}loc")]
    assert len(locs) == 5
    for loc in locs:
        page, html = get(srv, loc)
        assert page.status == 200 and entry["marker"] in html.decode()
        assert last_entry(srv, loc)["fault"] == "sitemap-backtrack"


def test_sitemap_index_tree_never_ends(srv: SandboxServer, catalogue: dict) -> None:
    level, seen = [fault(catalogue, "sitemap-endless-index")["urls"][0]], set()
    for _ in range(5):
        nxt = []
        for url in level:
            response, body = get(srv, url)
            assert response.status == 200
            root = ElementTree.fromstring(body)
            assert root.tag == f"{SM}sitemapindex"
            locs = [loc.text for loc in root.iter(f"{SM}loc")]
            assert locs and not set(locs) & seen
            seen.update(locs)
            nxt += [loc for loc in locs if "/index" in loc]
        level = nxt[:3]
    urlset = next(u for u in seen if "/trang" in u)
    page_url = ElementTree.fromstring(get(srv, urlset)[1]).find(f"{SM}url/{SM}loc").text
    assert get(srv, page_url)[0].status == 200
    assert last_entry(srv, page_url)["fault"] == "sitemap-endless-index"


def test_gzip_file_sitemap(srv: SandboxServer, catalogue: dict) -> None:
    entry = fault(catalogue, "sitemap-gzip-file")
    response, body = get(srv, entry["urls"][0], **{"Accept-Encoding": "gzip"})
    assert response.getheader("Content-Type") == "application/x-gzip"
    assert response.getheader("Content-Encoding") is None
    locs = [loc.text for loc in ElementTree.fromstring(gzip.decompress(body)).iter(f"{SM}loc")]
    assert len(locs) == 5 and all(loc.startswith(BASE) for loc in locs)
    assert entry["marker"] in get(srv, locs[0])[1].decode()


# -- 3. scope escapes --------------------------------------------------------------------------
def test_every_vehicle_points_at_every_target(srv: SandboxServer, catalogue: dict) -> None:
    _, links = get(srv, f"{BASE}/thoat/lien-ket.html")
    assert sorted(lxml.html.fromstring(links).xpath("//main//a/@href")) == sorted(
        fault(catalogue, "escape-links")["forbidden"]
    )
    _, requisites = get(srv, f"{BASE}/thoat/tai-nguyen.html")
    doc = lxml.html.fromstring(requisites)
    for xpath in ("//img/@src", "//script/@src", "//link/@href", "//iframe/@src"):
        assert len(doc.xpath(xpath)) == len(TARGETS), xpath
    for status in (301, 302, 307, 308):
        entry = fault(catalogue, f"escape-redirect-{status}")
        for url, target in zip(entry["urls"], entry["forbidden"], strict=True):
            response, _ = get(srv, url)
            assert response.status == status and response.getheader("Location") == target
    _, refresh = get(srv, f"{BASE}/thoat/lam-moi/metadata.html")
    assert 'http-equiv="refresh" content="0; url=http://169.254.169.254/' in refresh.decode()
    response, _ = get(srv, f"{BASE}/thoat/refresh/decimal-ip.html")
    assert response.getheader("Refresh") == "0; url=http://2130706433/?via=refresh-header"
    _, base = get(srv, f"{BASE}/thoat/base.html")
    assert '<base href="http://10.0.0.1/">' in base.decode()
    _, robots = get(srv, f"{BASE}/robots.txt")
    assert "Sitemap: http://169.254.169.254/latest/meta-data/?via=robots-sitemap" in robots.decode()


def test_foreign_requests_are_refused_logged_and_attributed(
    srv: SandboxServer, catalogue: dict
) -> None:
    forbidden = {  # every URL a fault points outside the sandbox
        url: f["id"]
        for f in catalogue["faults"]
        if f["outcome"] == "not_requested" and f["id"] != "escape-seed-redirect"
        for url in f["forbidden"]
    }
    assert len(forbidden) > 80
    for url, fault_id in forbidden.items():
        with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as sock:
            sock.sendall(f"GET {url} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            assert sock.recv(64).startswith(b"HTTP/1.1 502 "), url
        entry = last_entry(srv, url)
        assert entry["foreign"] is True and entry["refused"], url
        assert entry["fault"] == fault_id, url
    foreign_urls = {r["url"] for r in srv.foreign_requests()}
    assert set(forbidden) <= foreign_urls
    status, listed = control(srv, "/_sandbox/foreign.json")
    assert status == 200 and set(forbidden) <= {r["url"] for r in listed}
    # a crawler that normalises a URL is still caught, and still attributed by its marker
    get(srv, "http://127.0.0.1/?via=meta-refresh")
    assert last_entry(srv, "http://127.0.0.1/?via=meta-refresh")["fault"] == "escape-meta-refresh"


def test_the_seed_that_moved_redirects_to_another_host(srv: SandboxServer, catalogue: dict) -> None:
    entry = fault(catalogue, "escape-seed-redirect")
    response, _ = get(srv, entry["urls"][0])
    assert response.status == 301 and response.getheader("Location") == (
        "http://elsewhere.gov.vn.test/"
    )
    response, body = get(srv, "http://elsewhere.gov.vn.test/")
    assert response.status == 200
    assert set(entry["forbidden"]) <= set(html_links("http://elsewhere.gov.vn.test/", body)) | {
        "http://elsewhere.gov.vn.test/logo.jpg"
    }
    assert last_entry(srv, "http://elsewhere.gov.vn.test/")["foreign"] is False


# -- 4. traps ----------------------------------------------------------------------------------
def test_endless_listing_yields_new_articles_on_every_page(srv: SandboxServer) -> None:
    url, seen = f"{BASE}/bay/danh-sach?page=1", set()
    for n in range(1, 31):
        response, body = get(srv, url)
        assert response.status == 200
        links = html_links(url, body)
        articles = [link for link in links if "/bay/tin-tuc/" in link]
        assert len(articles) == 20 and not set(articles) & seen
        seen.update(articles)
        url = f"{BASE}/bay/danh-sach?page={n + 1}"
        assert url in links
    assert get(srv, sorted(seen)[0])[0].status == 200


def test_calendar_runs_both_ways_until_the_end_of_dates(srv: SandboxServer) -> None:
    _, body = get(srv, f"{BASE}/lich/2024/01/01")
    links = html_links(f"{BASE}/lich/2024/01/01", body)
    assert f"{BASE}/lich/2023/12/31" in links and f"{BASE}/lich/2024/01/02" in links
    _, last = get(srv, f"{BASE}/lich/9999/12/31")
    assert f"{BASE}/lich/9999/12/30" in html_links(BASE + "/", last)
    assert get(srv, f"{BASE}/lich/2024/02/30")[0].status == 404


def test_session_ids_change_on_every_view(srv: SandboxServer) -> None:
    def view() -> list[str]:
        links = html_links(f"{BASE}/phien/trang.jsp", get(srv, f"{BASE}/phien/trang.jsp")[1])
        return [link for link in links if "/phien/" in link]

    first, second = view(), view()
    assert len(first) == len(second) == 8 and not set(first) & set(second)
    assert any(";jsessionid=" in u for u in first) and any("?sid=" in u for u in first)
    response, _ = get(srv, first[0])
    assert response.status == 200
    assert last_entry(srv, first[0])["fault"] == "trap-session-ids"


def test_repeating_segments_grow(srv: SandboxServer) -> None:
    url = f"{BASE}/lap/"
    for depth in range(1, 8):
        links = html_links(url, get(srv, url)[1])
        url = next(link for link in links if link.endswith("/a/") and link != url)
        assert url == f"{BASE}/lap/" + "a/" * depth


def test_liferay_state_multiplies_and_redirect_parameters_grow(
    srv: SandboxServer, catalogue: dict
) -> None:
    url = fault(catalogue, "trap-liferay-portlet")["urls"][0]
    links = html_links(url, get(srv, url)[1])
    assert any("_101_INSTANCE_x_cur=2" in link for link in links)
    assert {"p_p_state=maximized", "p_p_state=exclusive"} <= {
        m.group(0) for link in links if (m := re.search(r"p_p_state=\w+", link))
    }
    lengths = []
    for hop in range(4):
        related = "/content/bai-" if hop == 0 else "-lien-quan?redirect="
        url = [link for link in links if related in link][-1]  # not "Quay lại": the way back
        lengths.append(len(url))
        response, body = get(srv, url)
        assert response.status == 200
        links = html_links(url, body)
    assert lengths == sorted(lengths) and lengths[-1] > 2 * lengths[0]
    assert url.count("redirect") >= 3  # the URL it came from, inside the one before, ...


def test_redirect_chain_is_longer_than_twenty_and_the_loop_loops(srv: SandboxServer) -> None:
    url, hops = f"{BASE}/chuyen/chuoi/1", 0
    while (response := get(srv, url)[0]).status == 302:
        url, hops = response.getheader("Location"), hops + 1
    assert hops == 30 and response.status == 200
    a = get(srv, f"{BASE}/chuyen/vong/a")[0].getheader("Location")
    assert get(srv, a)[0].getheader("Location") == f"{BASE}/chuyen/vong/a"


# -- 5. memory ---------------------------------------------------------------------------------
def test_three_hundred_large_cookies(srv: SandboxServer) -> None:
    head = raw_head(srv, f"{BASE}/bo-nho/banh-quy.html")
    cookies = [line for line in head.split(b"\r\n") if line.lower().startswith(b"set-cookie:")]
    assert len(cookies) == 300 and all(len(c) > 4000 for c in cookies)
    assert len({c.split(b"=")[0] for c in cookies}) == 300


def test_a_hundred_thousand_links(srv: SandboxServer) -> None:
    response = request(srv, f"{BASE}/bo-nho/100k-lien-ket.html")
    assert response.getheader("Transfer-Encoding") == "chunked"
    body = response.read()
    assert body.count(b"<a href=") == 100_000 and body.endswith(b"</html>\n")
    assert get(srv, f"{BASE}/bo-nho/lk/99999.html")[0].status == 200


@pytest.mark.parametrize("path", ["/bo-nho/than-lon.html", "/bo-nho/than-lon-chunked.html"])
def test_bodies_past_64_mib_are_streamed(srv: SandboxServer, path: str) -> None:
    response = request(srv, BASE + path, timeout=30)
    chunked = response.getheader("Transfer-Encoding") == "chunked"
    assert chunked == path.endswith("chunked.html")
    assert chunked or int(response.getheader("Content-Length")) == 65 << 20
    size, first = 0, b""
    while piece := response.read1(1 << 20):
        first = first or piece
        size += len(piece)
    assert size == 65 << 20 > 64 << 20 and first.startswith(b"<!DOCTYPE html>")


def test_deep_nesting(srv: SandboxServer, catalogue: dict) -> None:
    _, body = get(srv, f"{BASE}/bo-nho/long-sau.html")
    assert body.count(b"<div>") == 5000 and b"<div>" * 5000 in body
    assert fault(catalogue, "memory-deep-nesting")["marker"].encode() in body


def _new_threads(before: set[threading.Thread]) -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t not in before and t.is_alive()}


def _until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_drip_is_slow_and_bounded(srv: SandboxServer) -> None:
    response = request(srv, f"{BASE}/cham/nho-giot.html")
    assert int(response.getheader("Content-Length")) == 12  # 4 bytes/s for 3 s
    started = time.monotonic()
    body = response.read()
    took = time.monotonic() - started
    assert len(body) == 12 and 1.5 < took < 10  # three pieces, a second apart


def test_stall_sends_headers_then_nothing_then_closes(srv: SandboxServer) -> None:
    url = f"{BASE}/cham/dung-hinh.html"
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as sock:
        sock.sendall(f"GET {url} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += sock.recv(4096)
        assert head.startswith(b"HTTP/1.1 200 ") and b"Content-Length: 1024\r\n" in head
        assert head.endswith(b"\r\n\r\n")  # headers, and not a byte of the body
        sock.settimeout(1)
        with pytest.raises(TimeoutError):
            sock.recv(1)
        sock.settimeout(10)
        assert sock.recv(1) == b""  # closed after stall_seconds (2 s here)


def test_slow_answers_end_when_the_client_leaves_or_the_server_stops() -> None:
    slow = HostileSettings(stall_seconds=600, drip_seconds=600)
    server = SandboxServer(Sandbox(seed=1, pages_per_portal=1, hostile=slow)).start()
    before = set(threading.enumerate())
    response = request(server, f"{BASE}/cham/nho-giot.html")
    assert response.read(4)
    dripping = _new_threads(before)
    assert len(dripping) == 1
    response.close()  # the client leaves: the drip's thread ends at its next piece
    assert _until(lambda: not any(t.is_alive() for t in dripping), 10)
    before = set(threading.enumerate())
    held = request(server, f"{BASE}/cham/dung-hinh.html")
    assert held.status == 200
    stalling = _new_threads(before)
    assert len(stalling) == 1
    server.stop()  # the stall (600 s) ends with the server, the client still connected
    assert _until(lambda: not any(t.is_alive() for t in stalling), 10)
    held.close()


# -- 6. robots ---------------------------------------------------------------------------------
def test_robots_faults(srv: SandboxServer) -> None:
    response, _ = get(srv, "http://robots-503.hostile.gov.vn.test/robots.txt")
    assert response.status == 503 and response.getheader("Retry-After") == "3600"
    assert get(srv, "http://robots-503.hostile.gov.vn.test/")[0].status == 200
    response, _ = get(srv, "http://robots-redirect.hostile.gov.vn.test/robots.txt")
    assert response.status == 301
    assert response.getheader("Location").startswith("http://169.254.169.254/")
    response, _ = get(srv, f"{BASE}/loi/503.html")
    assert response.status == 503 and response.getheader("Retry-After") == "120"


def test_robots_that_stalls_answers_nothing_at_all(srv: SandboxServer) -> None:
    with socket.create_connection(("127.0.0.1", srv.port), timeout=1) as sock:
        url = "http://robots-stall.hostile.gov.vn.test/robots.txt"
        sock.sendall(f"GET {url} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        with pytest.raises(TimeoutError):
            sock.recv(1)
        sock.settimeout(10)
        assert sock.recv(1) == b""  # closed after stall_seconds, without a status line
    entry = last_entry(srv, url)
    assert entry["fault"] == "robots-stall" and entry["status"] == 0


# -- 7. bad bytes ------------------------------------------------------------------------------
def test_binary_bytes_labelled_html(srv: SandboxServer, sb: Sandbox) -> None:
    response, body = get(srv, f"{BASE}/hong/nhi-phan.html")
    assert response.getheader("Content-Type").startswith("text/html") and len(body) == 65536
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    again = Sandbox(seed=1, pages_per_portal=1, hostile=True)
    assert again.render(f"{BASE}/hong/nhi-phan.html")[2] == body  # deterministic


def test_unknown_charset_label(srv: SandboxServer, catalogue: dict) -> None:
    response, body = get(srv, f"{BASE}/hong/bang-ma.html")
    label = response.getheader("Content-Type").split("charset=")[1]
    with pytest.raises(LookupError):
        codecs.lookup(label)
    assert b'<meta charset="utf8mb4">' in body
    assert fault(catalogue, "bytes-unknown-charset")["marker"] in body.decode("utf-8")


def test_huge_single_line(srv: SandboxServer) -> None:
    response = request(srv, f"{BASE}/hong/mot-dong.html")
    assert int(response.getheader("Content-Length")) == 8 << 20
    body = response.read()
    assert len(body) == 8 << 20 and b"\n" not in body and body.endswith(b"</html>")


def test_pages_are_nfc(sb: Sandbox, catalogue: dict) -> None:
    for f in catalogue["faults"]:
        status, headers, body = sb.render(f["urls"][0])
        if body and headers.get("Content-Type", "").startswith(("text/", "application/xml")):
            if "Content-Encoding" not in headers and f["category"] != "bytes":
                text = body.decode("utf-8")
                assert unicodedata.is_normalized("NFC", text), f["id"]
    home = sb.render(f"{BASE}/")[2].decode()
    assert unicodedata.is_normalized("NFC", home) and "Thử Nghiệm" in home


# -- starting it -------------------------------------------------------------------------------
def test_python_m_sandbox_hostile_serves_the_catalogue() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--port", "0", "--pages-per-portal", "1", "--hostile"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert "http://haiduong.gov.vn.test/" in proc.stdout.readline()
        line = proc.stdout.readline()
        assert line.startswith("Hostile portal http://hostile.gov.vn.test/")
        catalogue_url = re.search(r"(http://127\.0\.0\.1:\d+)/_sandbox/hostile\.json", line)
        assert catalogue_url
        port = int(urlsplit(catalogue_url.group(1)).port or 0)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/_sandbox/hostile.json")
        assert json.loads(conn.getresponse().read())["home"] == f"{BASE}/"
        proc.terminate()
        assert proc.wait(timeout=10) == 0
    finally:
        proc.kill()


def test_cli_has_the_hostile_option() -> None:
    from click.testing import CliRunner

    from vnarchive.commands.sandbox import sandbox

    result = CliRunner().invoke(sandbox, ["serve", "--help"])
    assert result.exit_code == 0 and "--hostile" in result.output


def test_readme_names_every_fault(sb: Sandbox) -> None:
    readme = (Path(__file__).parents[2] / "sandbox" / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([a-z0-9-]+)`", readme))
    assert {f.id for f in sb.hostile.faults} <= named
