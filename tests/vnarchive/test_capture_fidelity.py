"""What the WARC files of a sandbox crawl hold: every header, the body as transferred."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from tests.conftest import Crawl


def records(crawl: Crawl) -> list:
    out = []
    for path in sorted((crawl.data_dir / "warcs").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                raw = rec.raw_stream.read() if rec.rec_type == "response" else b""
                out.append((path, rec.rec_type, rec.rec_headers, rec.http_headers, raw))
    return out


def test_every_file_starts_with_warcinfo(crawled: Crawl) -> None:
    firsts = {}
    for path, rtype, headers, _, _ in records(crawled):
        firsts.setdefault(path, (rtype, headers))
    for path, (rtype, headers) in firsts.items():
        assert rtype == "warcinfo"
        assert headers.get_header("WARC-Filename") == Path(path).name


def test_requests_and_responses_are_paired(crawled: Crawl) -> None:
    recs = records(crawled)
    responses = {h.get_header("WARC-Record-ID") for _, t, h, _, _ in recs if t == "response"}
    requests = [h for _, t, h, _, _ in recs if t == "request"]
    assert responses and len(requests) == len(responses)
    assert {h.get_header("WARC-Concurrent-To") for h in requests} == responses


def test_response_records_keep_what_the_wire_carried(crawled: Crawl) -> None:
    recs = [r for r in records(crawled) if r[1] == "response"]
    statuses = Counter(http.get_statuscode() for _, _, _, http, _ in recs)
    assert statuses["200"] and statuses["404"] and (statuses["301"] or statuses["302"])
    urls = {h.get_header("WARC-Target-URI") for _, _, h, _, _ in recs}
    assert any(u.endswith("/robots.txt") for u in urls)
    assert any("sitemap" in u for u in urls)
    gzipped = chunked = two_cookies = 0
    for _, _, headers, http, raw in recs:
        # through the sandbox's proxy: the origin's address is unknown, so none is written
        assert headers.get_header("WARC-IP-Address") is None
        assert headers.get_header("WARC-Payload-Digest").startswith("sha1:")
        assert http.protocol.startswith("HTTP/1.")
        assert http.statusline.split(" ", 1)[1]  # the reason phrase
        assert http.get_header("Transfer-Encoding") is None
        if http.get_header("Content-Encoding") == "gzip":
            gzipped += 1
            assert gzip.decompress(raw)  # still compressed, as transferred
        chunked += http.get_header("X-Archive-Orig-Transfer-Encoding") == "chunked"
        two_cookies += len([v for k, v in http.headers if k.lower() == "set-cookie"]) >= 2
    assert gzipped and chunked and two_cookies


def test_request_records_hold_the_request_as_sent(crawled: Crawl) -> None:
    requests = [http for _, t, _, http, _ in records(crawled) if t == "request"]
    with_query = [h for h in requests if "?" in h.statusline]
    assert with_query, "no request with a query string was archived"
    for http in requests:
        assert http.protocol == "GET"
        assert http.statusline.endswith(" HTTP/1.1")
        assert http.get_header("Host", "").endswith(".test")
        assert http.get_header("User-Agent", "").startswith("vnarchive/")


def test_warcinfo_names_the_proxy_every_request_went_through(crawled: Crawl) -> None:
    path = sorted((crawled.data_dir / "warcs").glob("*.warc.gz"))[0]
    with path.open("rb") as fh:
        info = next(iter(ArchiveIterator(fh))).content_stream().read().decode()
    assert f"http-proxy: {crawled.server.proxy_url.rstrip('/')}" in info
