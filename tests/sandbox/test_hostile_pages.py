"""The hostile portal's content faults, through the real proxy: encodings, sitemaps, traps,
bad bytes."""

from __future__ import annotations

import codecs
import gzip
import re
import unicodedata
import zlib
from xml.etree import ElementTree

import brotli
import pytest
import zstandard

from sandbox import Sandbox, SandboxServer
from sandbox.hostile.bomb import bomb
from tests.sandbox.hostile_client import (
    BASE,
    SM,
    fault,
    get,
    html_links,
    last_entry,
    request,
)


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
